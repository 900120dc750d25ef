import type { StateCreator } from 'zustand'
import { DEFAULT_CRITERIA } from '../../criteria/index.ts'
import { blankCase, type CaseDraft } from './case-draft.ts'
import type { AppState } from './app-store.ts'
import { EXAMPLES } from './examples.ts'

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
  deleteCase: (id: string) => void
  /** Applies `recipe` to the open case; `key` (a field path) merges keystrokes into one undo step. */
  editOpenCase: (recipe: (draft: CaseDraft) => CaseDraft, key?: string) => void
  setSelectedCriteria: (ids: string[]) => void
}

export const newId = () => `case-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
const now = () => new Date().toISOString()

export function initialLibrary(): Pick<LibrarySlice, 'library' | 'openId' | 'selectedCriteria'> {
  const first = EXAMPLES[0]!
  return { library: { [first.id]: { draft: first.draft, updatedAt: now() } }, openId: first.id, selectedCriteria: [...DEFAULT_CRITERIA] }
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
    const patient = { ...entry.draft.patient, id: `${entry.draft.patient.id} (copy)` }
    return get().addCase({ ...entry.draft, patient })
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
    s.recordChange(key === undefined ? null : `${s.openId}|${key}`)
    set({ library: { ...get().library, [s.openId]: { draft, updatedAt: now() } } })
  },
  setSelectedCriteria: (ids) => set({ selectedCriteria: ids }),
})
