/**
 * Saving over someone else's save (409): a three-way merge of case files at the level of
 * fields. `base` is the version this user opened, `mine` what they have now, `theirs` what the
 * server holds. A field only one side changed takes that side; a field both changed to
 * different values is a conflict the user decides (mine or theirs). A list that changed length
 * counts as one change of the whole list (diffFields), so two people adding lesions conflict
 * on "the lesions" rather than merging silently.
 */
import { diffFields, type FieldChange } from '../store/documentation-slice.ts'
import { buildGrid, lesionTitle, timepointTitle } from '../features/entry/grid-model.ts'
import type { CaseDraft } from '../store/case-draft.ts'

export interface Conflict {
  /** My change; `theirs` are their changes at the same place or inside it. */
  mine: FieldChange
  theirs: FieldChange[]
}

export interface MergePlan {
  /** Changes made by others since this user opened the case. */
  theirs: FieldChange[]
  /** This user's changes that do not collide with theirs: applied on top of their version. */
  clean: FieldChange[]
  conflicts: Conflict[]
}

const overlaps = (a: readonly (string | number)[], b: readonly (string | number)[]) => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false
  return true
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function planMerge(base: unknown, mine: unknown, theirs: unknown): MergePlan {
  const theirChanges = diffFields(base, theirs)
  const plan: MergePlan = { theirs: theirChanges, clean: [], conflicts: [] }
  for (const change of diffFields(base, mine)) {
    const colliding = theirChanges.filter((t) => overlaps(t.keys, change.keys))
    // The same edit made on both sides is no conflict.
    if (colliding.length === 0 || (colliding.length === 1 && same(colliding[0]!.keys, change.keys) && same(colliding[0]!.new, change.new))) plan.clean.push(change)
    else plan.conflicts.push({ mine: change, theirs: colliding })
  }
  return plan
}

/** Sets (or, for undefined, removes) the value at `keys`, on a copy. */
function setAt(target: unknown, keys: readonly (string | number)[], value: unknown): unknown {
  if (keys.length === 0) return value
  const [key, ...rest] = keys
  const container = (Array.isArray(target) ? [...(target as unknown[])] : { ...(target as Record<string, unknown> | undefined) }) as Record<string | number, unknown>
  const next = setAt(container[key!], rest, value)
  if (next === undefined && !Array.isArray(container)) delete container[key!]
  else container[key!] = next
  return container
}

/** Their version with my clean changes, and for each conflict the side chosen (true: mine). */
export function applyMerge(theirs: unknown, plan: MergePlan, keepMine: readonly boolean[]): unknown {
  const mine = [...plan.clean, ...plan.conflicts.filter((_, i) => keepMine[i]).map((c) => c.mine)]
  return mine.reduce((doc, change) => setAt(doc, change.keys, change.new), theirs)
}

const FIELD_NAMES: Record<string, string> = {
  id: 'ID',
  name: 'name',
  organ: 'organ',
  kind: 'kind',
  role: 'role',
  diagnosis: 'diagnosis',
  notes: 'notes',
  therapyStart: 'Therapy start',
  settings: 'Study settings',
  lesions: 'the lesions (added or removed)',
  timepoints: 'the timepoints (added or removed)',
  newLesions: 'the new lesions (added or removed)',
  assessments: 'assessments',
  criteriaOptions: 'Criterion options',
  confirmation: 'confirmation',
  confirmationMinDays: 'confirmation interval (days)',
  sdMinDays: 'SD minimum duration (days)',
}
const word = (key: string | number) => (typeof key === 'number' ? String(key + 1) : (FIELD_NAMES[key] ?? key.replace(/([A-Z])/g, ' $1').toLowerCase()))

/**
 * A field as the user sees it ("L1 long axis (mm) at Week 8", "Patient ID"), never a JSON path:
 * the entry grid's own cell names where the field is a cell, else the lesion or timepoint by its
 * title and the field's name.
 */
export function fieldNamer(draft: CaseDraft): (keys: readonly (string | number)[]) => string {
  const cells = new Map<string, string>()
  for (const row of buildGrid(draft)) for (const cell of row.cells) if (cell.path) cells.set(JSON.stringify(cell.path), cell.label)
  return (keys) => {
    const cell = cells.get(JSON.stringify(keys))
    if (cell) return cell
    const [top, index, field, ...rest] = keys
    const tail = [field, ...rest].filter((k) => k !== undefined).map(word).join(' ')
    if (top === 'lesions' && typeof index === 'number') return `${draft.lesions[index] ? lesionTitle(draft.lesions[index], index) : `Lesion ${index + 1}`}${tail ? ` ${tail}` : ''}`
    if (top === 'timepoints' && typeof index === 'number') return `${draft.timepoints[index] ? timepointTitle(draft.timepoints[index], index) : `Timepoint ${index + 1}`}${tail ? ` ${tail}` : ''}`
    if (top === 'newLesions' && typeof index === 'number') return `New lesion ${index + 1}${tail ? ` ${tail}` : ''}`
    if (top === 'patient') return `Patient ${keys.slice(1).map(word).join(' ')}`.trim()
    return keys.map(word).join(' ')
  }
}

/** A value as the user reads it in the merge dialog. */
export function showValue(value: unknown): string {
  if (value === undefined || value === '') return '(empty)'
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'item' : 'items'}`
  if (typeof value === 'object' && value !== null) return `${Object.keys(value).length} ${Object.keys(value).length === 1 ? 'field' : 'fields'}`
  return String(value)
}
