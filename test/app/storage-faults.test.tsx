/**
 * Storage faults (issue #6): unreadable saved data, data saved by every older store version,
 * a full storage, and two tabs editing one library.
 */
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../src/app/app.tsx'
import type { StateStorage } from 'zustand/middleware'
import { createAppStore, PersistedSchema, STORAGE_KEY, useAppStore } from '../../src/store/app-store.ts'
import { blankCase, type CaseDraft } from '../../src/store/case-draft.ts'
import { EXAMPLES } from '../../src/store/examples.ts'
import { MIGRATIONS, migrate, STORE_VERSION } from '../../src/store/migrations.ts'
import { mergeLibraries, type StoredLibrary } from '../../src/store/persistence.ts'
import { setIn } from '../../src/features/entry/draft-edits.ts'
import { captureDownloads, renderApp } from './helpers.tsx'

/** A storage in a Map, shared by as many stores (tabs) as a test creates; `full` makes writes of the library throw. */
function sharedStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  const state = { full: false }
  const storage: StateStorage = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (state.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      data.set(k, v)
    },
    removeItem: (k) => void data.delete(k),
  }
  return { data, state, storage: () => storage }
}

const saved = (data: Map<string, string>) => JSON.parse(data.get(STORAGE_KEY)!) as { state: { library: StoredLibrary }; version: number }
const patientIds = (library: StoredLibrary) => Object.values(library).map((e) => e.draft.patient.id).sort()
const named = (id: string): CaseDraft => setIn(blankCase(), ['patient', 'id'], id)
const entry = (id: string, updatedAt = '2026-01-01T00:00:00.000Z') => ({ draft: named(id), updatedAt })
const rename = (store: ReturnType<typeof createAppStore>, id: string) => store.getState().editOpenCase((d) => setIn(d, ['patient', 'id'], id))

beforeEach(() => {
  localStorage.clear()
  useAppStore.setState(useAppStore.getInitialState(), true)
})

describe('unreadable saved data', () => {
  it.each([
    ['text that is not JSON', '{"state": {"libr'],
    ['JSON that is not a saved store', '[1, 2, 3]'],
    ['a library of the wrong shape', JSON.stringify({ state: { library: { x: { draft: { format: 1 } } }, openId: 'x', selectedCriteria: [] }, version: STORE_VERSION })],
    ['a library that is not an object', JSON.stringify({ state: { library: 'oops', openId: null, selectedCriteria: [] }, version: STORE_VERSION })],
    ['an older version a migration cannot read', JSON.stringify({ state: 'garbage', version: 0 })],
  ])('%s: starts from the example, keeps the text aside and reports it', (_name, raw) => {
    const { data, storage } = sharedStorage({ [STORAGE_KEY]: raw })
    const store = createAppStore(storage)
    const s = store.getState()
    expect(Object.keys(s.library)).toEqual([EXAMPLES[0]!.id])
    expect(s.storageIssues).toHaveLength(1)
    const issue = s.storageIssues[0]!
    expect(issue.kind).toBe('unreadable')
    if (issue.kind !== 'unreadable') return
    expect(issue.text).toBe(raw)
    expect(issue.backupKey).toMatch(/^caliper\.unreadable\./)
    expect(data.get(issue.backupKey!)).toBe(raw)
    // Working on afterwards overwrites the main key, never the copy.
    rename(store, 'P-1')
    expect(data.get(issue.backupKey!)).toBe(raw)
    expect(patientIds(saved(data).state.library)).toEqual(['P-1'])
  })

  it('reports the data even when the storage is too full to keep a copy', () => {
    const { data, state, storage } = sharedStorage({ [STORAGE_KEY]: '{not json' })
    state.full = true
    const s = createAppStore(storage).getState()
    expect(s.storageIssues).toEqual([expect.objectContaining({ kind: 'unreadable', backupKey: null, text: '{not json' })])
    expect(data.get(STORAGE_KEY)).toBe('{not json')
  })

  it('reports nothing for an empty storage or a readable library', () => {
    expect(createAppStore(sharedStorage().storage).getState().storageIssues).toEqual([])
    const library = { a: entry('A') }
    const { storage } = sharedStorage({ [STORAGE_KEY]: JSON.stringify({ state: { library, openId: 'a', selectedCriteria: [] }, version: STORE_VERSION }) })
    expect(createAppStore(storage).getState().storageIssues).toEqual([])
  })

  it('shows the app with a notice that offers the unreadable data for download', async () => {
    localStorage.setItem(STORAGE_KEY, '{"state": {"libr')
    useAppStore.setState(useAppStore.getInitialState(), true)
    await useAppStore.persist.rehydrate()
    const user = userEvent.setup()
    render(<App />)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('The saved library could not be read')
    expect(alert).toHaveTextContent(/kept in this browser under caliper\.unreadable\./)
    const downloads = captureDownloads()
    await user.click(within(alert).getByRole('button', { name: 'Download the unreadable data' }))
    expect(await downloads.texts()).toEqual(['{"state": {"libr'])
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

/** What each older store version saved; a new migration step must add its version here. */
const SAVED_BY_VERSION: Record<number, unknown> = {
  // Version 0: the single-case prototype.
  0: { case: named('OLD-0') },
}

describe('data saved by every older version', () => {
  it('has a saved sample for every version before the current one', () => {
    expect(Object.keys(SAVED_BY_VERSION).map(Number)).toEqual([...Array(STORE_VERSION).keys()])
  })

  it.each([...Array(STORE_VERSION).keys()])('version %i is migrated into the library and saved at the current version', (version) => {
    const { data, storage } = sharedStorage({ [STORAGE_KEY]: JSON.stringify({ state: SAVED_BY_VERSION[version], version }) })
    const s = createAppStore(storage).getState()
    expect(s.storageIssues).toEqual([])
    expect(patientIds(s.library)).toEqual([`OLD-${version}`])
    expect(saved(data).version).toBe(STORE_VERSION)
    expect(PersistedSchema.safeParse(saved(data).state).success).toBe(true)
  })

  it.each([...MIGRATIONS.keys()])('step %i reshapes its version into the next one, which the later steps finish', (step) => {
    const next = MIGRATIONS[step]!(SAVED_BY_VERSION[step])
    expect(next).not.toEqual(SAVED_BY_VERSION[step])
    expect(PersistedSchema.safeParse(migrate(next, step + 1)).success).toBe(true)
  })
})

describe('storage full', () => {
  afterEach(() => vi.restoreAllMocks())

  it('keeps every change in memory, warns, and saves again once there is room', () => {
    const { data, state, storage } = sharedStorage()
    const store = createAppStore(storage)
    rename(store, 'BEFORE')
    state.full = true
    rename(store, 'AFTER-1')
    store.getState().newCase()
    const s = store.getState()
    expect(patientIds(s.library)).toEqual(['', 'AFTER-1'])
    expect(s.storageIssues).toEqual([expect.objectContaining({ kind: 'not-saved', reason: "the browser's storage for this site is full" })])
    expect(patientIds(saved(data).state.library)).toEqual(['BEFORE'])
    state.full = false
    rename(store, 'AFTER-2')
    expect(store.getState().storageIssues).toEqual([])
    expect(patientIds(saved(data).state.library)).toEqual(['AFTER-1', 'AFTER-2'])
  })

  it('shows a warning in the app, and the open case can still be exported', async () => {
    const { user } = renderApp()
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    const patient = screen.getByRole('textbox', { name: 'Patient ID' })
    await user.clear(patient)
    await user.type(patient, 'KEPT-1')
    expect(patient).toHaveValue('KEPT-1')
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent("Your latest changes are not saved: the browser's storage for this site is full")
    const downloads = captureDownloads()
    await user.click(within(alert).getByRole('button', { name: 'Export KEPT-1 now' }))
    await user.click(screen.getByRole('button', { name: 'Export JSON' }))
    const [fromNotice, fromTopBar] = (await downloads.texts()).map((t) => JSON.parse(t) as CaseDraft)
    expect(fromNotice!.patient.id).toBe('KEPT-1')
    expect(fromTopBar).toEqual(fromNotice)
    vi.restoreAllMocks()
    await user.type(patient, 'X')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).state.library[useAppStore.getState().openId!].draft.patient.id).toBe('KEPT-1X')
  })
})

describe('two tabs on one library', () => {
  const twoTabs = () => {
    const shared = sharedStorage()
    const a = createAppStore(shared.storage)
    rename(a, 'SHARED') // both tabs start from a saved library
    const b = createAppStore(shared.storage)
    return { ...shared, a, b }
  }

  it('a tab that writes after another merges rather than overwrites', () => {
    const { data, a, b } = twoTabs()
    rename(a, 'EDITED-IN-A')
    b.getState().newCase() // b has not seen a's edit
    expect(patientIds(saved(data).state.library)).toEqual(['', 'EDITED-IN-A'])
    expect(patientIds(b.getState().library)).toEqual(['', 'EDITED-IN-A'])
    // And a, writing next, keeps b's new case.
    a.getState().duplicateCase(a.getState().openId!)
    expect(patientIds(saved(data).state.library)).toEqual(['', 'EDITED-IN-A', 'EDITED-IN-A (copy)'])
    expect(a.getState().storageIssues).toEqual([])
  })

  it('a case both tabs changed is kept twice, with a warning', () => {
    const { data, a, b } = twoTabs()
    rename(a, 'FROM-A')
    rename(b, 'FROM-B')
    expect(patientIds(saved(data).state.library)).toEqual(['FROM-A (from another tab)', 'FROM-B'])
    expect(b.getState().storageIssues).toEqual([{ kind: 'conflict', cases: ['FROM-B'] }])
  })

  it('a storage event takes in the other tab’s changes without a write of its own', () => {
    const { a, b } = twoTabs()
    rename(a, 'LIVE')
    expect(patientIds(b.getState().library)).toEqual(['SHARED'])
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY }))
    expect(patientIds(b.getState().library)).toEqual(['LIVE'])
    // b's undo history is dropped: undoing into a snapshot from before would revert a's work.
    expect(b.getState().past).toEqual([])
  })

  it('a deletion in one tab and an edit in the other keeps the edited case', () => {
    const { data, a, b } = twoTabs()
    a.getState().deleteCase(a.getState().openId!)
    rename(b, 'STILL-HERE')
    expect(patientIds(saved(data).state.library)).toEqual(['STILL-HERE'])
    expect(b.getState().storageIssues).toEqual([{ kind: 'conflict', cases: ['STILL-HERE'] }])
  })
})

describe('mergeLibraries', () => {
  const base = { x: entry('X'), y: entry('Y') }
  it.each([
    ['nothing changed', base, base, ['X', 'Y'], []],
    ['a case added on each side', { ...base, m: entry('M') }, { ...base, t: entry('T') }, ['M', 'T', 'X', 'Y'], []],
    ['a case deleted in the other tab', base, { x: base.x }, ['X'], []],
    ['a case deleted in this tab', { x: base.x }, base, ['X'], []],
    ['a case edited in the other tab', base, { ...base, x: entry('X2', '2026-02-01T00:00:00.000Z') }, ['X2', 'Y'], []],
    ['the same edit in both tabs', { ...base, x: entry('X2', 'same') }, { ...base, x: entry('X2', 'same') }, ['X2', 'Y'], []],
    ['different edits in both tabs', { ...base, x: entry('XM', 'm') }, { ...base, x: entry('XT', 't') }, ['XM', 'XT (from another tab)', 'Y'], ['XM']],
    ['deleted here, edited there', { y: base.y }, { ...base, x: entry('XT', 't') }, ['XT', 'Y'], ['XT']],
  ] as const)('%s', (_name, mine, theirs, ids, conflicts) => {
    const merged = mergeLibraries(base, mine, theirs)
    expect(patientIds(merged.library)).toEqual(ids)
    expect(merged.conflicts).toEqual(conflicts)
  })
})

describe('echoes between tabs', () => {
  it('a tab that receives its own change back keeps its state and undo history', () => {
    const shared = sharedStorage()
    const a = createAppStore(shared.storage)
    rename(a, 'ONE')
    const b = createAppStore(shared.storage)
    rename(a, 'TWO')
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY })) // b takes a's change and saves it
    expect(patientIds(b.getState().library)).toEqual(['TWO'])
    const library = a.getState().library
    const past = a.getState().past
    expect(past.length).toBeGreaterThan(0)
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY })) // a hears b's save
    expect(a.getState().library).toBe(library)
    expect(a.getState().past).toBe(past)
  })
})

describe('two fresh tabs', () => {
  it('an edit in one and a new case in the other merge without a conflict over the example', () => {
    const shared = sharedStorage()
    const a = createAppStore(shared.storage)
    const b = createAppStore(shared.storage)
    // b's copy of the example is stamped later, as in a tab opened a moment after.
    const id = b.getState().openId!
    b.setState({ library: { [id]: { ...b.getState().library[id]!, updatedAt: '2099-01-01T00:00:00.000Z' } } })
    b.getState().newCase()
    rename(a, 'A-EDIT')
    expect(patientIds(saved(shared.data).state.library)).toEqual(['', 'A-EDIT'])
    expect(a.getState().storageIssues).toEqual([])
  })
})
