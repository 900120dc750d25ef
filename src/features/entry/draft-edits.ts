/**
 * Pure edits of a case draft, one function per user action. Each returns a new draft and
 * shares everything it did not touch, so undo snapshots stay cheap.
 */
import { FRAGMENT_SEPARATOR, type CaseDraft, type DraftAssessment, type DraftLesion, type DraftNewLesion, type DraftTimepoint } from '../../store/case-draft.ts'
import { BIOMARKER_UNITS } from '../../../criteria/index.ts'

export type Path = readonly (string | number)[]

/** Sets the value at `path` (creating objects on the way); `undefined` removes the key. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  const node = (root ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown> | unknown[]
  const child = setIn((node as Record<string | number, unknown>)[head], rest, value)
  if (Array.isArray(node)) {
    const copy = [...node]
    copy[head as number] = child
    return copy as T
  }
  const copy = { ...node } as Record<string | number, unknown>
  if (child === undefined) delete copy[head]
  else copy[head] = child
  return copy as T
}

export function getIn(root: unknown, path: Path): unknown {
  let node = root
  for (const key of path) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[key]
  return node
}

const move = <T>(list: readonly T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length || from === to) return [...list]
  const copy = [...list]
  const [item] = copy.splice(from, 1)
  copy.splice(to, 0, item!)
  return copy
}

/** The first of `prefix`1, `prefix`2… not already taken. */
function freshId(prefix: string, taken: Iterable<string>, start = 1): string {
  const used = new Set(taken)
  for (let n = start; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`
}

// Timepoints

/** A new timepoint at the end, with the previous scan's technique (the usual case at follow-up). */
export function addTimepoint(draft: CaseDraft): CaseDraft {
  const last = draft.timepoints.at(-1)
  const id = freshId('t', draft.timepoints.map((t) => t.id), draft.timepoints.length === 0 ? 0 : 1)
  const timepoint: DraftTimepoint = {
    id,
    date: '',
    label: draft.timepoints.length === 0 ? 'Baseline' : '',
    modality: last?.modality ?? 'CT',
    contrastPhase: last?.contrastPhase ?? 'portal-venous',
    ...(last?.sliceThicknessMm !== undefined && { sliceThicknessMm: last.sliceThicknessMm }),
    ...(last?.kvp !== undefined && { kvp: last.kvp }),
  }
  return { ...draft, timepoints: [...draft.timepoints, timepoint] }
}

export const moveTimepoint = (draft: CaseDraft, from: number, to: number): CaseDraft => ({ ...draft, timepoints: move(draft.timepoints, from, to) })

/** Sets one PET value of a timepoint; a `pet` left empty is removed (the schema allows one only on PET-CT). */
export function setTimepointPet(draft: CaseDraft, index: number, field: string, value: unknown): CaseDraft {
  const next = setIn(draft, ['timepoints', index, 'pet', field], value)
  const pet = next.timepoints[index]?.pet
  return pet && Object.values(pet).every((v) => v === undefined || v === '') ? setIn(next, ['timepoints', index, 'pet'], undefined) : next
}

/** Removes a timepoint with everything recorded at it (undo brings it back). */
export function deleteTimepoint(draft: CaseDraft, index: number): CaseDraft {
  const id = draft.timepoints[index]?.id
  if (id === undefined) return draft
  let out: CaseDraft = {
    ...draft,
    timepoints: draft.timepoints.filter((_, i) => i !== index),
    lesions: draft.lesions.map((l) => (l.assessments.some((a) => a.timepoint === id) ? { ...l, assessments: l.assessments.filter((a) => a.timepoint !== id) } : l)),
  }
  for (let i = (out.newLesions ?? []).length - 1; i >= 0; i--) {
    if (out.newLesions![i]!.timepoint === id) out = deleteNewLesion(out, i)
    else out = setNewLesionAssessment(out, i, id, 'status', '')
  }
  return out
}

// Lesions

export function addLesion(draft: CaseDraft, role: 'target' | 'non-target' = 'target'): CaseDraft {
  const lesion: DraftLesion = {
    id: freshId(role === 'target' ? 'L' : 'N', draft.lesions.map((l) => l.id)),
    name: '',
    organ: '',
    kind: 'non-nodal',
    role,
    assessments: [],
  }
  return { ...draft, lesions: [...draft.lesions, lesion] }
}

export const moveLesion = (draft: CaseDraft, from: number, to: number): CaseDraft => ({ ...draft, lesions: move(draft.lesions, from, to) })

export const deleteLesion = (draft: CaseDraft, index: number): CaseDraft => ({ ...draft, lesions: draft.lesions.filter((_, i) => i !== index) })

/** Target and non-target statuses that mean the same thing, so a role change keeps the reading. */
const TO_NON_TARGET: Record<string, string> = { measured: 'present', 'too-small': 'present', absent: 'absent', 'not-evaluated': 'not-evaluated' }
const TO_TARGET: Record<string, string> = { present: 'measured', absent: 'absent', 'not-evaluated': 'not-evaluated', 'unequivocal-progression': 'measured' }

/** Changes a lesion's role and carries each status over; measurements are kept. */
export function setLesionRole(draft: CaseDraft, index: number, role: string): CaseDraft {
  const lesion = draft.lesions[index]
  if (!lesion || lesion.role === role) return draft
  const map = role === 'target' ? TO_TARGET : TO_NON_TARGET
  const assessments = lesion.assessments.map((a) => ({ ...a, status: map[a.status] ?? a.status }))
  return setIn(draft, ['lesions', index], { ...lesion, role, assessments })
}

/** A bone lesion needs its appearance; other kinds must not carry one. */
export function setLesionKind(draft: CaseDraft, index: number, kind: string): CaseDraft {
  const lesion = draft.lesions[index]
  if (!lesion) return draft
  const { bone, ...rest } = lesion
  const next: DraftLesion = kind === 'bone' ? { ...rest, kind, bone: bone ?? { softTissueComponent: false } } : { ...rest, kind }
  return setIn(draft, ['lesions', index], next)
}

// Assessments

export const assessmentIndex = (lesion: DraftLesion, timepointId: string) => lesion.assessments.findIndex((a) => a.timepoint === timepointId)

/** Whose assessments: a lesion's, or a new lesion's at later timepoints (iRECIST). */
type Owner = readonly ['lesions' | 'newLesions', number]

/** What a measurement typed where nothing was recorded implies. */
const defaultStatus = (draft: CaseDraft, [list, index]: Owner) => (list === 'lesions' && draft.lesions[index]?.role === 'non-target' ? 'present' : 'measured')

function setFieldOf(draft: CaseDraft, owner: Owner, timepointId: string, field: keyof DraftAssessment, value: unknown): CaseDraft {
  const entry = draft[owner[0]]?.[owner[1]]
  if (!entry) return draft
  const list = entry.assessments ?? []
  const at = list.findIndex((a) => a.timepoint === timepointId)
  if (at >= 0) return setIn(draft, [...owner, 'assessments', at, field], value)
  if (value === undefined || value === '') return draft
  const created: DraftAssessment = { timepoint: timepointId, status: defaultStatus(draft, owner), [field]: value }
  return setIn(draft, [...owner, 'assessments'], [...list, created])
}

/** An empty status removes the assessment: the lesion was not recorded at that timepoint. */
function setStatusOf(draft: CaseDraft, owner: Owner, timepointId: string, status: string): CaseDraft {
  if (status !== '') return setFieldOf(draft, owner, timepointId, 'status', status)
  const list = draft[owner[0]]?.[owner[1]]?.assessments ?? []
  return list.some((a) => a.timepoint === timepointId) ? setIn(draft, [...owner, 'assessments'], list.filter((a) => a.timepoint !== timepointId)) : draft
}

/** Sets one field of the lesion's assessment at a timepoint, creating the assessment if needed. */
export const setAssessmentField = (draft: CaseDraft, lesionIndex: number, timepointId: string, field: keyof DraftAssessment, value: unknown) =>
  setFieldOf(draft, ['lesions', lesionIndex], timepointId, field, value)

export const setAssessmentStatus = (draft: CaseDraft, lesionIndex: number, timepointId: string, status: string) => setStatusOf(draft, ['lesions', lesionIndex], timepointId, status)

/** A new lesion at a later timepoint (iRECIST): its status (empty: not recorded) or an axis. */
export const setNewLesionAssessment = (draft: CaseDraft, index: number, timepointId: string, field: 'status' | 'longAxisMm' | 'shortAxisMm', value: string) =>
  field === 'status' ? setStatusOf(draft, ['newLesions', index], timepointId, value) : setFieldOf(draft, ['newLesions', index], timepointId, field, value)

/**
 * The long-axis cell: a split lesion's fragments typed as "12 + 8.5" (or "12; 8.5") replace the
 * long axis, and a single number replaces the fragments (RECIST 1.1 §4.3.2: their sum is used).
 */
export function setLongAxis(draft: CaseDraft, lesionIndex: number, timepointId: string, text: string): CaseDraft {
  const [field, other] = FRAGMENT_SEPARATOR.test(text) ? (['fragmentsMm', 'longAxisMm'] as const) : (['longAxisMm', 'fragmentsMm'] as const)
  return setAssessmentField(setAssessmentField(draft, lesionIndex, timepointId, field, text), lesionIndex, timepointId, other, undefined)
}

/** Ticks or unticks one of a lesion's findings (or, for a bone lesion, its MD Anderson `boneFindings`) at a timepoint. */
export function toggleFinding(draft: CaseDraft, lesionIndex: number, timepointId: string, finding: string, on: boolean, field: 'findings' | 'boneFindings' = 'findings'): CaseDraft {
  const lesion = draft.lesions[lesionIndex]
  const current = lesion?.assessments[assessmentIndex(lesion, timepointId)]?.[field] ?? []
  const next = on ? [...new Set([...current, finding])] : current.filter((f) => f !== finding)
  return setAssessmentField(draft, lesionIndex, timepointId, field, next.length ? next : undefined)
}

// New lesions

export function addNewLesion(draft: CaseDraft, timepointId: string): CaseDraft {
  const entry: DraftNewLesion = { timepoint: timepointId, organ: '', equivocal: false }
  return { ...draft, newLesions: [...(draft.newLesions ?? []), entry] }
}

/** Removes an entry and renumbers the `confirms` indices that pointed past it. */
export function deleteNewLesion(draft: CaseDraft, index: number): CaseDraft {
  const newLesions = (draft.newLesions ?? [])
    .filter((_, i) => i !== index)
    .map((n) => {
      if (n.confirms === undefined || n.confirms < index) return n
      if (n.confirms === index) {
        const { confirms: _dropped, ...rest } = n
        return rest
      }
      return { ...n, confirms: n.confirms - 1 }
    })
  return { ...draft, newLesions }
}

/**
 * Issue #14: sets one blood biomarker value (text as typed) with its test's unit, adding the
 * record if needed; an empty text removes it, and the list when it is left empty.
 */
export function setBiomarker(draft: CaseDraft, date: string, test: keyof typeof BIOMARKER_UNITS, text: string): CaseDraft {
  const list = draft.biomarkers ?? []
  const i = list.findIndex((b) => b.date === date && b.test === test)
  const empty = text.trim() === ''
  if (i < 0 && empty) return draft
  const next = empty ? list.filter((_, j) => j !== i) : i < 0 ? [...list, { date, test, value: text, unit: BIOMARKER_UNITS[test] }] : list.map((b, j) => (j === i ? { ...b, value: text } : b))
  return setIn(draft, ['biomarkers'], next.length ? next : undefined)
}
