import type { StateCreator } from 'zustand'
import { CRITERION_IDS } from '../../criteria/index.ts'
import { blankCase, type CaseDraft } from './case-draft.ts'
import type { AppState } from './app-store.ts'
import { EXAMPLES } from './examples.ts'
import { baselineChange, inDateOrder, type BaselineChange } from './baseline-change.ts'

/** An edit that would make another scan the baseline, held until the user confirms it. */
export interface PendingBaselineChange extends BaselineChange {
  caseId: string
  next: CaseDraft
}

export interface LibraryEntry {
  draft: CaseDraft
  /** ISO timestamp of the last change. */
  updatedAt: string
}

export interface LibrarySlice {
  /** Case id → the case as entered. */
  library: Record<string, LibraryEntry>
  openId: string | null
  /** Criteria shown in the results, by id. */
  selectedCriteria: string[]
  openCase: (id: string) => void
  /** Adds a case to the library and opens it; returns its id. */
  addCase: (draft: CaseDraft) => string
  newCase: () => string
  duplicateCase: (id: string) => string | null
  /** Puts `draft` in place of the library's case `id` (one undo step) and opens it. */
  replaceCase: (id: string, draft: CaseDraft) => void
  deleteCase: (id: string) => void
  /** Applies `recipe` to the open case; `key` (a field path) merges keystrokes into one undo step. */
  editOpenCase: (recipe: (draft: CaseDraft) => CaseDraft, key?: string) => void
  setSelectedCriteria: (ids: string[]) => void
  /** Which library cases the cohort counts, where the user chose (library id → counted); the rest follow the default (built-in examples out). */
  cohortChoice: Record<string, boolean>
  setCohortChoice: (id: string, counted: boolean) => void
  pendingBaselineChange: PendingBaselineChange | null
  /** Applies the held edit, with the timepoints put in date order. */
  confirmBaselineChange: () => void
  cancelBaselineChange: () => void
}

/** Library ids of the cases whose patient ID is `patientId` (compared trimmed, as a reader would). */
export const casesWithPatient = (library: Readonly<Record<string, LibraryEntry>>, patientId: string) =>
  Object.entries(library).filter(([, e]) => e.draft.patient.id.trim() === patientId.trim()).map(([id]) => id)

/** `patientId` with the first visible suffix that no case of the library has: "OS-014 (2)", "OS-014 (copy 2)". */
export function freePatientId(library: Readonly<Record<string, LibraryEntry>>, patientId: string, word = ''): string {
  const taken = new Set(Object.values(library).map((e) => e.draft.patient.id.trim()))
  const base = patientId.trim()
  if (word && !taken.has(`${base} (${word})`)) return `${base} (${word})`
  for (let n = 2; ; n++) {
    const id = `${base} (${word ? `${word} ` : ''}${n})`
    if (!taken.has(id)) return id
  }
}

export const newId = () => `case-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
const now = () => new Date().toISOString()

export function initialLibrary(): Pick<LibrarySlice, 'library' | 'openId' | 'selectedCriteria'> {
  const first = EXAMPLES[0]!
  return { library: { [first.id]: { draft: first.draft, updatedAt: now() } }, openId: first.id, selectedCriteria: [...CRITERION_IDS] }
}

export const createLibrarySlice: StateCreator<AppState, [['zustand/persist', unknown]], [], LibrarySlice> = (set, get) => ({
  ...initialLibrary(),
  openCase: (id) => {
    if (Object.hasOwn(get().library, id)) set({ openId: id, lastEditKey: null })
  },
  addCase: (draft) => {
    const id = newId()
    get().recordChange()
    set((s) => ({ library: { ...s.library, [id]: { draft, updatedAt: now() } }, openId: id }))
    return id
  },
  newCase: () => get().addCase(blankCase()),
  duplicateCase: (id) => {
    const entry = Object.hasOwn(get().library, id) ? get().library[id] : undefined
    if (!entry) return null
    // Duplicating asks for a second case: it gets a visible suffix no other case has, never the same patient ID.
    const patient = { ...entry.draft.patient, id: freePatientId(get().library, entry.draft.patient.id, 'copy') }
    return get().addCase({ ...entry.draft, patient })
  },
  replaceCase: (id, draft) => {
    if (!get().library[id]) return
    get().recordChange()
    set((s) => ({ library: { ...s.library, [id]: { draft, updatedAt: now() } }, openId: id }))
  },
  deleteCase: (id) => {
    const s = get()
    if (!Object.hasOwn(s.library, id)) return
    s.recordChange()
    const library = Object.fromEntries(Object.entries(s.library).filter(([key]) => key !== id))
    set({ library, openId: s.openId === id ? (Object.keys(library)[0] ?? null) : s.openId })
  },
  editOpenCase: (recipe, key) => {
    const s = get()
    const entry = s.openId === null || !Object.hasOwn(s.library, s.openId) ? undefined : s.library[s.openId]
    if (!entry || s.openId === null) return
    const draft = recipe(entry.draft)
    if (draft === entry.draft) return
    // Data of a signed-off timepoint changes only with a reason (audit.ts applyEdit): held for the prompt.
    if (s.holdSignedChange(entry.draft, draft)) return
    // A date that makes another scan the baseline changes every response: asked first.
    const moved = baselineChange(entry.draft, draft)
    if (moved) return set({ pendingBaselineChange: { ...moved, caseId: s.openId, next: draft } })
    s.recordChange(key === undefined ? null : `${s.openId}|${key}`)
    set({ library: { ...get().library, [s.openId]: { draft, updatedAt: now() } } })
  },
  setSelectedCriteria: (ids) => set({ selectedCriteria: ids }),
  cohortChoice: {},
  setCohortChoice: (id, counted) => set((s) => ({ cohortChoice: { ...s.cohortChoice, [id]: counted } })),
  pendingBaselineChange: null,
  confirmBaselineChange: () => {
    const s = get()
    const pending = s.pendingBaselineChange
    if (!pending || !s.library[pending.caseId]) return set({ pendingBaselineChange: null })
    s.recordChange()
    set({ library: { ...s.library, [pending.caseId]: { draft: inDateOrder(pending.next), updatedAt: now() } }, pendingBaselineChange: null })
  },
  cancelBaselineChange: () => set({ pendingBaselineChange: null }),
})
