import type { StateStorage } from 'zustand/middleware'
import { createAppStore, STORAGE_KEY, useAppStore } from '../../src/store/app-store.ts'
import { blankCase } from '../../src/store/case-draft.ts'
import { MIGRATIONS, migrate, STORE_VERSION } from '../../src/store/migrations.ts'
import { EXAMPLES } from '../../src/store/examples.ts'
import { setIn } from '../../src/features/entry/draft-edits.ts'

/** A storage that lives in a Map, so a test can look at (and corrupt) what was saved. */
function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  const storage: StateStorage = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
  return { data, storage: () => storage }
}

const saved = (data: Map<string, string>) => JSON.parse(data.get(STORAGE_KEY)!) as { state: Record<string, unknown>; version: number }

beforeEach(() => {
  localStorage.clear()
  useAppStore.setState(useAppStore.getInitialState(), true)
})

describe('store', () => {
  it('starts with the sorafenib example open', () => {
    const s = useAppStore.getState()
    expect(s.openId).toBe(EXAMPLES[0]!.id)
    expect(s.library[s.openId!]!.draft.patient.id).toBe('OS-014')
  })

  it('saves every change, with its version, and a new store reads it back', () => {
    const { data, storage } = memoryStorage()
    const store = createAppStore(storage)
    store.getState().newCase()
    store.getState().editOpenCase((d) => setIn(d, ['patient', 'id'], 'P-7'))
    expect(saved(data).version).toBe(STORE_VERSION)
    const again = createAppStore(storage)
    const s = again.getState()
    expect(s.library[s.openId!]!.draft.patient.id).toBe('P-7')
    expect(Object.keys(s.library)).toHaveLength(2)
    // Undo history is not saved: it would multiply the size of the library.
    expect(saved(data).state).not.toHaveProperty('past')
  })

  it('keeps half-typed values (strings in number fields) across a reload', () => {
    const { storage } = memoryStorage()
    const store = createAppStore(storage)
    store.getState().editOpenCase((d) => setIn(d, ['lesions', 0, 'assessments', 0, 'longAxisMm'], '22.'))
    const s = createAppStore(storage).getState()
    expect(s.library[s.openId!]!.draft.lesions[0]!.assessments[0]!.longAxisMm).toBe('22.')
  })

  it.each([
    ['state of the wrong shape', JSON.stringify({ state: { library: { x: { draft: { format: 1 } } } }, version: STORE_VERSION })],
    ['a library that is not an object', JSON.stringify({ state: { library: 'oops', openId: null, selectedCriteria: [] }, version: STORE_VERSION })],
    ['text that is not JSON', '{"state": {"libr'],
  ])('falls back to the defaults on %s, without throwing', (_name, raw) => {
    const { storage } = memoryStorage({ [STORAGE_KEY]: raw })
    const s = createAppStore(storage).getState()
    expect(s.openId).toBe(EXAMPLES[0]!.id)
    expect(Object.keys(s.library)).toEqual([EXAMPLES[0]!.id])
  })

  it('opens the first case when the saved open id names no case', () => {
    const state = { library: { a: { draft: blankCase(), updatedAt: '2026-01-01T00:00:00.000Z' } }, openId: 'gone', selectedCriteria: ['recist11'] }
    const { storage } = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ state, version: STORE_VERSION }) })
    const s = createAppStore(storage).getState()
    expect(s.openId).toBe('a')
    expect(s.selectedCriteria).toEqual(['recist11'])
  })

  it('migrates the version-0 single-case storage into the library', () => {
    const old = { state: { case: blankCase() }, version: 0 }
    const { storage } = memoryStorage({ [STORAGE_KEY]: JSON.stringify(old) })
    const s = createAppStore(storage).getState()
    expect(s.openId).toBe('case-1')
    expect(s.library['case-1']!.draft).toEqual(blankCase())
  })
})

describe('migrations', () => {
  it('has one step per version', () => {
    expect(STORE_VERSION).toBe(MIGRATIONS.length)
  })

  it('step 0 → 1 wraps the single case; it leaves other shapes for merge to judge', () => {
    expect(MIGRATIONS[0]!({ case: { x: 1 } })).toMatchObject({ library: { 'case-1': { draft: { x: 1 } } }, openId: 'case-1' })
    expect(MIGRATIONS[0]!('garbage')).toBe('garbage')
  })

  it('runs nothing for state already at the current version', () => {
    const state = { library: {} }
    expect(migrate(state, STORE_VERSION)).toBe(state)
  })
})

describe('undo and redo', () => {
  const patientId = () => {
    const s = useAppStore.getState()
    return s.library[s.openId!]!.draft.patient.id
  }
  const type = (text: string) => useAppStore.getState().editOpenCase((d) => setIn(d, ['patient', 'id'], text), 'patient.id')

  it('keystrokes into one field are one undo step', () => {
    type('O')
    type('OS')
    type('OS-9')
    useAppStore.getState().editOpenCase((d) => setIn(d, ['patient', 'diagnosis'], 'x'), 'patient.diagnosis')
    useAppStore.getState().undo()
    expect(patientId()).toBe('OS-9')
    useAppStore.getState().undo()
    expect(patientId()).toBe('OS-014')
    useAppStore.getState().redo()
    expect(patientId()).toBe('OS-9')
  })

  it('a new change after undo clears the redo stack', () => {
    type('A')
    useAppStore.getState().undo()
    useAppStore.getState().editOpenCase((d) => setIn(d, ['therapyStart'], '2026-01-01'))
    expect(useAppStore.getState().future).toEqual([])
  })

  it('a deleted case comes back with undo', () => {
    const id = useAppStore.getState().openId!
    useAppStore.getState().deleteCase(id)
    expect(useAppStore.getState().library).toEqual({})
    expect(useAppStore.getState().openId).toBeNull()
    useAppStore.getState().undo()
    expect(useAppStore.getState().library[id]).toBeDefined()
    expect(useAppStore.getState().openId).toBe(id)
  })

  it('duplicating opens a copy with its own id', () => {
    const id = useAppStore.getState().openId!
    const copy = useAppStore.getState().duplicateCase(id)!
    expect(copy).not.toBe(id)
    expect(useAppStore.getState().openId).toBe(copy)
    expect(patientId()).toBe('OS-014 (copy)')
  })
})
