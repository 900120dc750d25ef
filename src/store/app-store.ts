import { z } from 'zod'
import { create } from 'zustand'
import { persist, type StateStorage, type StorageValue } from 'zustand/middleware'
import { CaseDraftSchema } from './case-draft.ts'
import { createDocumentationSlice, type DocumentationSlice } from './documentation-slice.ts'
import { createHistorySlice, type HistorySlice } from './history-slice.ts'
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts'
import { migrate, STORE_VERSION } from './migrations.ts'
import { guardedStorage, type StoredLibrary } from './persistence.ts'
import { createStorageSlice, withIssue, withoutIssue, type StorageSlice } from './storage-slice.ts'

export type AppState = LibrarySlice & HistorySlice & DocumentationSlice & StorageSlice

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

const partialize = (s: AppState): Persisted => ({ library: s.library, openId: s.openId, selectedCriteria: s.selectedCriteria })

/** A step that throws must not lose the saved data: the unmigrated state then fails validation and is set aside. */
const safeMigrate = (stored: unknown, version: number): unknown => {
  try {
    return migrate(stored, version)
  } catch {
    return stored
  }
}

/** Another tab's saved state, migrated and validated, or null. */
const acceptSaved = (value: StorageValue<unknown>): Persisted | null => {
  const state = typeof value.version === 'number' && value.version !== STORE_VERSION ? safeMigrate(value.state, value.version) : value.state
  const parsed = PersistedSchema.safeParse(state)
  return parsed.success ? parsed.data : null
}

const openOrFirst = (openId: string | null, library: Persisted['library']) => (openId !== null && library[openId] ? openId : (Object.keys(library)[0] ?? null))

/**
 * The store, persisted to `storage` (localStorage in the app, in-memory in tests) on every
 * change. Undo history stays in memory: it would multiply the size of the saved library.
 * Storage faults (persistence.ts) become `storageIssues`; a `storage` event from another tab
 * merges that tab's changes in.
 */
export function createAppStore(storage: () => StateStorage = () => localStorage) {
  const self: { store?: { getState: () => AppState; setState: (partial: Partial<AppState>) => void } } = {}
  type Recipe = (s: AppState) => Partial<AppState> | null
  // Faults seen while the store is being created wait until it exists.
  const pending: Recipe[] = []
  const update = (recipe: Recipe) => {
    if (!self.store) return void pending.push(recipe)
    const partial = recipe(self.store.getState())
    if (partial) self.store.setState(partial)
  }
  const guarded = guardedStorage<Persisted>(storage, {
    name: STORAGE_KEY,
    onIssue: (issue) =>
      update((s) => {
        if ('cleared' in issue) {
          const issues = withoutIssue(s.storageIssues, issue.kind)
          return issues === s.storageIssues ? null : { storageIssues: issues }
        }
        const same = s.storageIssues.find((i) => i.kind === issue.kind)
        return same && JSON.stringify(same) === JSON.stringify(issue) ? null : { storageIssues: withIssue(s.storageIssues, issue) }
      }),
    // The undo history is dropped: undoing into a snapshot from before the merge would revert the other tab's work.
    onMerged: (library: StoredLibrary, conflicts) =>
      update((s) => ({
        library,
        openId: openOrFirst(s.openId, library),
        past: [],
        future: [],
        lastEditKey: null,
        ...(conflicts.length ? { storageIssues: withIssue(s.storageIssues, { kind: 'conflict', cases: conflicts }) } : {}),
      })),
    current: () => partialize(self.store!.getState()),
    accept: acceptSaved,
  })
  const created = create<AppState>()(
    persist((...a) => ({ ...createLibrarySlice(...a), ...createHistorySlice(...a), ...createDocumentationSlice(...a), ...createStorageSlice(...a) }), {
      name: STORAGE_KEY,
      version: STORE_VERSION,
      storage: guarded,
      partialize,
      migrate: (stored, version) => safeMigrate(stored, version) as Persisted,
      merge: (stored, current) => {
        const parsed = PersistedSchema.safeParse(stored)
        if (!parsed.success) {
          // Falls back to the defaults, and keeps the unreadable text aside (never overwritten unseen).
          const issue = guarded.settle(stored === undefined ? 'it is not a readable Caliper library (not JSON, or not the saved format)' : 'it does not match the library format')
          return issue ? { ...current, storageIssues: [issue] } : current
        }
        guarded.settle(null)
        const { library, openId, selectedCriteria } = parsed.data
        return { ...current, library, openId: openOrFirst(openId, library), selectedCriteria }
      },
    }),
  )
  self.store = created
  guarded.hydrated(partialize(created.getState()))
  for (const recipe of pending.splice(0)) update(recipe)
  if (typeof window !== 'undefined')
    window.addEventListener('storage', (e) => {
      if (e.key === STORAGE_KEY) guarded.pull()
    })
  return created
}

export const useAppStore = createAppStore()

export const selectOpenDraft = (s: AppState) => (s.openId === null ? null : (s.library[s.openId]?.draft ?? null))
