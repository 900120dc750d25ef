import { z } from 'zod'
import { create } from 'zustand'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { CaseDraftSchema } from './case-draft.ts'
import { createDocumentationSlice, type DocumentationSlice } from './documentation-slice.ts'
import { createHistorySlice, type HistorySlice } from './history-slice.ts'
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts'
import { migrate, STORE_VERSION } from './migrations.ts'

export type AppState = LibrarySlice & HistorySlice & DocumentationSlice

/** What undo/redo restores. */
export type Snapshot = Pick<AppState, 'library' | 'openId'>

/** The one validation gate for stored state; anything else falls back to the defaults. */
export const PersistedSchema = z.object({
  library: z.record(z.string(), z.object({ draft: CaseDraftSchema, updatedAt: z.string() })),
  openId: z.string().nullable(),
  selectedCriteria: z.array(z.string()),
})
export type Persisted = z.infer<typeof PersistedSchema>

export const STORAGE_KEY = 'caliper'

/**
 * The store, persisted to `storage` (localStorage in the app, in-memory in tests) on every
 * change. Undo history stays in memory: it would multiply the size of the saved library.
 */
export function createAppStore(storage: () => StateStorage = () => localStorage) {
  return create<AppState>()(
    persist((...a) => ({ ...createLibrarySlice(...a), ...createHistorySlice(...a), ...createDocumentationSlice(...a) }), {
      name: STORAGE_KEY,
      version: STORE_VERSION,
      storage: createJSONStorage(storage),
      partialize: (s): Persisted => ({ library: s.library, openId: s.openId, selectedCriteria: s.selectedCriteria }),
      migrate: (stored, version) => migrate(stored, version) as Persisted,
      merge: (stored, current) => {
        const parsed = PersistedSchema.safeParse(stored)
        if (!parsed.success) return current
        const { library, openId, selectedCriteria } = parsed.data
        const open = openId !== null && library[openId] ? openId : (Object.keys(library)[0] ?? null)
        return { ...current, library, openId: open, selectedCriteria }
      },
    }),
  )
}

export const useAppStore = createAppStore()

export const selectOpenDraft = (s: AppState) => (s.openId === null ? null : (s.library[s.openId]?.draft ?? null))
