import { z } from 'zod'
import { create } from 'zustand'
import { persist, type StateStorage, type StorageValue } from 'zustand/middleware'
import { CaseDraftSchema } from './case-draft.ts'
import { createDocumentationSlice, type DocumentationSlice } from './documentation-slice.ts'
import { createHistorySlice, type HistorySlice } from './history-slice.ts'
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts'
import { migrate, STORE_VERSION } from './migrations.ts'
import { guardedStorage, isPrototypeKey, writeBehind, type StoredLibrary } from './persistence.ts'
import { newId } from './library-slice.ts'
import { createStorageSlice, withIssue, withoutIssue, type StorageSlice } from './storage-slice.ts'
import { savedIn } from './where-saved.ts'

export type AppState = LibrarySlice & HistorySlice & DocumentationSlice & StorageSlice

/** What undo/redo restores. */
export type Snapshot = Pick<AppState, 'library' | 'openId'>

const StoredEntrySchema = z.object({ draft: CaseDraftSchema, updatedAt: z.string() })
/** The shape of a saved state (readPersisted reads it case by case). */
export const PersistedSchema = z.object({
  library: z.record(z.string(), StoredEntrySchema),
  openId: z.string().nullable(),
  selectedCriteria: z.array(z.string()),
})
export type Persisted = z.infer<typeof PersistedSchema>

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * The one validation gate for stored state, case by case: a case that cannot be read is left
 * out and named in `unreadable` (by patient ID where it has one) rather than losing the others.
 * A case stored under an id every object has (`__proto__`, `constructor`…) gets a fresh id.
 * Null when the state itself is not a library.
 */
export function readPersisted(stored: unknown): { state: Persisted; unreadable: string[] } | null {
  if (!isObject(stored) || !isObject(stored.library)) return null
  const openId = typeof stored.openId === 'string' ? stored.openId : null
  const criteria = z.array(z.string()).safeParse(stored.selectedCriteria)
  const entries: [string, Persisted['library'][string]][] = []
  const unreadable: string[] = []
  let open = openId
  for (const [key, value] of Object.entries(stored.library)) {
    const entry = StoredEntrySchema.safeParse(value)
    if (!entry.success) {
      const patient = isObject(value) && isObject(value.draft) && isObject(value.draft.patient) ? value.draft.patient.id : undefined
      unreadable.push(typeof patient === 'string' && patient ? patient : key)
      continue
    }
    const id = isPrototypeKey(key) ? newId() : key
    if (key === openId) open = id
    entries.push([id, entry.data])
  }
  const library = Object.fromEntries(entries)
  return { state: { library, openId: open, selectedCriteria: criteria.success ? criteria.data : [] }, unreadable }
}

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

/** Another tab's saved state, migrated and validated, or null (also when a case of it cannot be read: merging without it would delete it). */
const acceptSaved = (value: StorageValue<unknown>): Persisted | null => {
  const state = typeof value.version === 'number' && value.version !== STORE_VERSION ? safeMigrate(value.state, value.version) : value.state
  const read = readPersisted(state)
  return read && read.unreadable.length === 0 ? read.state : null
}

/** How long changes must pause before the library is written (0: every change at once, as tests expect). */
let saveDelayMs = 0
/** The app saves once typing pauses (main.tsx): a keystroke then never waits for the whole library to be written. */
export function saveAfterPauses(ms: number) {
  saveDelayMs = ms
}

const openOrFirst = (openId: string | null, library: Persisted['library']) => (openId !== null && Object.hasOwn(library, openId) ? openId : (Object.keys(library)[0] ?? null))

/** A library saved by a newer version is never changed: changes to the library (and the undo history) are refused. */
const READ_ONLY_FIELDS = ['library', 'past', 'future'] as const

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
    version: STORE_VERSION,
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
    persist((set, get, api) => {
      const guardedSet: typeof set = (partial, replace) => {
        const next = typeof partial === 'function' ? partial(get()) : partial
        if (selectReadOnly(get()) && next && READ_ONLY_FIELDS.some((k) => k in next)) return
        ;(set as (p: typeof next, r?: boolean) => void)(next, replace)
      }
      const a = [guardedSet, get, api] as const
      return { ...createLibrarySlice(...a), ...createHistorySlice(...a), ...createDocumentationSlice(...a), ...createStorageSlice(...a) }
    }, {
      name: STORAGE_KEY,
      version: STORE_VERSION,
      storage: writeBehind(guarded, () => saveDelayMs),
      partialize,
      migrate: (stored, version) => safeMigrate(stored, version) as Persisted,
      merge: (stored, current) => {
        const read = readPersisted(stored)
        const newer = guarded.newerVersion()
        if (newer !== null) {
          // Shown as far as this version can read it, and never written: nothing of it is lost.
          guarded.settle(null)
          const notice = { storageIssues: [{ kind: 'newer-version' as const, version: newer }] }
          if (!read) return { ...current, library: {}, openId: null, ...notice }
          const { library, openId, selectedCriteria } = read.state
          return { ...current, library, openId: openOrFirst(openId, library), selectedCriteria, ...notice }
        }
        if (!read || (read.unreadable.length > 0 && Object.keys(read.state.library).length === 0)) {
          // Falls back to the defaults, and keeps the unreadable text aside (never overwritten unseen).
          const issue = guarded.settle(stored === undefined ? 'it is not a readable Caliper library (not JSON, or not the saved format)' : 'it does not match the library format')
          return issue ? { ...current, storageIssues: [issue] } : current
        }
        // Cases that cannot be read are left out, and the saved text is kept aside with them in it.
        const issue = guarded.settle(read.unreadable.length ? 'they do not match the case format' : null, read.unreadable)
        const { library, openId, selectedCriteria } = read.state
        return { ...current, library, openId: openOrFirst(openId, library), selectedCriteria, ...(issue ? { storageIssues: [issue] } : {}) }
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

export const useAppStore = createAppStore(savedIn)

export const selectOpenDraft = (s: AppState) => (s.openId !== null && Object.hasOwn(s.library, s.openId) ? s.library[s.openId]!.draft : null)

/** The saved library was written by a newer version of Caliper: it can be read and exported, not changed. */
export const selectReadOnly = (s: Pick<AppState, 'storageIssues'>) => s.storageIssues.some((i) => i.kind === 'newer-version')
