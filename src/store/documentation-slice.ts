import type { StateCreator } from 'zustand'
import { formatPath, type CaseInput, type Problem, type SignOff } from '../../criteria/index.ts'
import { signedTimepoints, timepointsOfPath } from '../documentation/audit-paths.ts'
import type { AppState } from './app-store.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from './case-draft.ts'

/** One changed field of a case, as a JSON path with its old and new value (undefined: absent). */
export interface FieldChange {
  path: string
  keys: (string | number)[]
  old: unknown
  new: unknown
}

/** An edit of signed-off data, held until its author gives a reason (or cancels). */
export interface PendingAmendment {
  caseId: string
  changes: FieldChange[]
  /** Ids of the signed-off timepoints the changes touch. */
  timepoints: string[]
  problems: Problem[]
}

export interface DocumentationSlice {
  pendingAmendment: PendingAmendment | null
  /** Adds cases to the library in one undo step without opening them; returns their ids. */
  importCases: (drafts: readonly CaseDraft[]) => string[]
  /**
   * Called by editOpenCase: when `next` changes data of a signed-off timepoint, holds the change
   * as `pendingAmendment` (it needs a reason) and returns true; otherwise returns false.
   */
  holdSignedChange: (before: CaseDraft, next: CaseDraft) => boolean
  /**
   * Applies the pending amendment through audit.ts `applyEdit`, logging each field; false (with
   * problems) when refused. Asynchronous: audit.ts re-validates with the engine, which loads
   * apart from the first screen (src/engine.ts).
   */
  confirmAmendment: (who: string, reason: string) => Promise<boolean>
  cancelAmendment: () => void
  /** Signs off a timepoint of the open case; resolves to the problems that refused it (empty on success). Asynchronous as confirmAmendment. */
  signOffTimepoint: (signature: SignOff) => Promise<Problem[]>
}

const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The changed leaves between two JSON values; a list that changed length counts as one change of the whole list. */
export function diffFields(before: unknown, after: unknown, keys: (string | number)[] = []): FieldChange[] {
  if (isPlain(before) && isPlain(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    return names.flatMap((k) => diffFields(before[k], after[k], [...keys, k]))
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) return before.flatMap((b, i) => diffFields(b, after[i], [...keys, i]))
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  return [{ path: formatPath(keys), keys, old: before, new: after }]
}

/**
 * The changes between two drafts (as case files) when any of them touches a signed-off
 * timepoint, with those timepoints; nothing when none does. All changes are returned, so the
 * edit is applied whole through `applyEdit` (which logs only the signed-off ones).
 */
export function signedChanges(before: CaseDraft, next: CaseDraft): { changes: FieldChange[]; timepoints: string[] } {
  if (!Array.isArray(before.signOffs) || before.signOffs.length === 0) return { changes: [], timepoints: [] }
  const a = draftToInput(before) as CaseInput
  const b = draftToInput(next) as CaseInput
  const signed = signedTimepoints(a)
  if (signed.size === 0) return { changes: [], timepoints: [] }
  const changes = diffFields(a, b)
  const touched = new Set(changes.flatMap((c) => [...timepointsOfPath(a, b, c.keys)].filter((t) => signed.has(t))))
  return touched.size ? { changes, timepoints: [...touched] } : { changes: [], timepoints: [] }
}

const newId = () => `case-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
const now = () => new Date().toISOString()
const toDraft = (value: CaseInput): CaseDraft => CaseDraftSchema.parse(value)

export const createDocumentationSlice: StateCreator<AppState, [['zustand/persist', unknown]], [], DocumentationSlice> = (set, get) => ({
  pendingAmendment: null,
  importCases: (drafts) => {
    if (drafts.length === 0) return []
    get().recordChange()
    const ids = drafts.map(() => newId())
    const added = Object.fromEntries(drafts.map((draft, i) => [ids[i]!, { draft, updatedAt: now() }]))
    set((s) => ({ library: { ...s.library, ...added } }))
    return ids
  },
  holdSignedChange: (before, next) => {
    const id = get().openId
    if (id === null) return false
    const { changes, timepoints } = signedChanges(before, next)
    if (changes.length === 0) return false
    set({ pendingAmendment: { caseId: id, changes, timepoints, problems: [] } })
    return true
  },
  confirmAmendment: async (who, reason) => {
    const { applyEdit } = await import('../documentation/audit.ts')
    const s = get()
    const pending = s.pendingAmendment
    const entry = pending ? s.library[pending.caseId] : undefined
    if (!pending || !entry) return false
    let kase = draftToInput(entry.draft) as CaseInput
    const at = now()
    // Each changed field is its own audit entry, applied in order; one refusal refuses them all.
    for (const change of pending.changes) {
      const result = applyEdit(kase, { path: change.path, value: change.new, who, reason, at })
      if (!result.ok) {
        set({ pendingAmendment: { ...pending, problems: result.problems } })
        return false
      }
      kase = result.value
    }
    // A logged amendment is a record: undo must not take it back, so history restarts here.
    set({ library: { ...s.library, [pending.caseId]: { draft: toDraft(kase), updatedAt: at } }, pendingAmendment: null, past: [], future: [], lastEditKey: null })
    return true
  },
  cancelAmendment: () => set({ pendingAmendment: null }),
  signOffTimepoint: async (signature) => {
    const { signOff } = await import('../documentation/audit.ts')
    const s = get()
    const entry = s.openId === null ? undefined : s.library[s.openId]
    if (!entry || s.openId === null) return [{ path: '(root)', message: 'no case is open' }]
    const result = signOff(draftToInput(entry.draft) as CaseInput, signature)
    if (!result.ok) return result.problems
    // A signature is a record: undo must not take it back, so history restarts here.
    set({ library: { ...s.library, [s.openId]: { draft: toDraft(result.value), updatedAt: now() } }, past: [], future: [], lastEditKey: null })
    return []
  },
})
