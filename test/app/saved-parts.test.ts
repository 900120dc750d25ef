/**
 * A large case's lesions are saved apart, in parts named by their content (src/store/saved-parts.ts):
 * an edit writes the part with the edited lesion and the library text, not the whole case.
 */
import type { StateStorage } from 'zustand/middleware'
import { benchCase } from '../../bench/app-case.ts'
import { setIn } from '../../src/features/entry/draft-edits.ts'
import { createAppStore, selectOpenDraft, STORAGE_KEY } from '../../src/store/app-store.ts'
import { CaseDraftSchema } from '../../src/store/case-draft.ts'
import { PART_LESIONS, prepareParts, toSavedText } from '../../src/store/saved-parts.ts'

/** A storage in a Map that records the keys written, shared by as many stores (tabs) as a test creates. */
function recordingStorage(initial: Map<string, string> = new Map()) {
  const data = new Map(initial)
  const writes: string[] = []
  const storage: StateStorage = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      writes.push(k)
      data.set(k, v)
    },
    removeItem: (k) => void data.delete(k),
  }
  return { data, writes, storage: () => storage }
}

const partKeys = (data: Map<string, string>) => [...data.keys()].filter((k) => k.startsWith(`${STORAGE_KEY}.part.`)).sort()
/** The part keys the saved library text names. */
const namedParts = (data: Map<string, string>) => [...data.get(STORAGE_KEY)!.matchAll(/"(caliper\.part\.[^"]+)"/g)].map((m) => m[1]!).sort()

/** A store holding a case of `lesions` lesions × 4 timepoints, open. */
function withCase(lesions: number) {
  const shared = recordingStorage()
  const store = createAppStore(shared.storage)
  store.getState().addCase(CaseDraftSchema.parse(benchCase({ lesions, timepoints: 4, editAt: 1 })))
  return { ...shared, store }
}
const editLongAxis = (store: ReturnType<typeof createAppStore>, lesion: number, value: string) =>
  store.getState().editOpenCase((d) => setIn(d, ['lesions', lesion, 'assessments', 1, 'longAxisMm'], value))

describe('a large case is saved in parts', () => {
  it(`keeps a case of up to ${PART_LESIONS} lesions in the library text, as JSON.stringify writes it`, () => {
    const { data, store } = withCase(PART_LESIONS)
    expect(partKeys(data)).toEqual([])
    const s = store.getState()
    expect(data.get(STORAGE_KEY)).toBe(JSON.stringify({ state: { library: s.library, openId: s.openId, selectedCriteria: s.selectedCriteria }, version: 1 }))
  })

  it(`saves a case of ${PART_LESIONS + 1} lesions and more apart, ${PART_LESIONS} to a part, and a new store (a reload) reads it back whole`, () => {
    const { data, store } = withCase(40)
    expect(partKeys(data)).toHaveLength(Math.ceil(40 / PART_LESIONS))
    expect(namedParts(data)).toEqual(partKeys(data))
    const library = (JSON.parse(data.get(STORAGE_KEY)!) as { state: { library: Record<string, { draft: { patient: { id: string }; lesions: unknown } }> } }).state.library
    const { $parts } = Object.values(library).find((e) => e.draft.patient.id === 'BENCH-40x4')!.draft.lesions as { $parts: string[] }
    expect([...$parts].sort()).toEqual(partKeys(data)) // the lesions, in the library text, only name their parts
    const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: () => {}, removeItem: () => {} }))
    expect(reloaded.getState().storageIssues).toEqual([])
    expect(selectOpenDraft(reloaded.getState())).toEqual(selectOpenDraft(store.getState()))
  })

  it('an edit writes only the part with the edited lesion, then the library text, and removes the part it replaces', () => {
    const { data, writes, store } = withCase(40)
    const before = partKeys(data)
    writes.length = 0
    editLongAxis(store, 20, '33') // lesion 21
    expect(writes).toHaveLength(2)
    expect(writes[0]).toMatch(/^caliper\.part\./)
    expect(writes[1]).toBe(STORAGE_KEY)
    const after = partKeys(data)
    expect(after).toHaveLength(Math.ceil(40 / PART_LESIONS))
    expect(after.filter((k) => !before.includes(k))).toEqual([writes[0]])
    expect(namedParts(data)).toEqual(after)
    // What was typed is what a reload reads.
    const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: () => {}, removeItem: () => {} }))
    expect(selectOpenDraft(reloaded.getState())!.lesions[20]!.assessments[1]!.longAxisMm).toBe('33')
  })

  it('an edit back to an earlier value writes that part again under its earlier name, and leaves no part behind', () => {
    const { data, writes, store } = withCase(40)
    editLongAxis(store, 3, '77')
    const parts = partKeys(data)
    editLongAxis(store, 3, '78')
    writes.length = 0
    editLongAxis(store, 3, '77')
    expect(writes.filter((k) => k !== STORAGE_KEY)).toHaveLength(1) // the part of '77' was removed when '78' replaced it
    expect(partKeys(data)).toEqual(parts)
  })

  it('a part that is missing makes that case unreadable, named, its text kept aside with its parts; the other cases open', () => {
    const { data, store } = withCase(40)
    const id = store.getState().openId!
    data.delete(partKeys(data)[1]!)
    const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }))
    const issue = reloaded.getState().storageIssues[0]
    expect(issue).toMatchObject({ kind: 'unreadable', cases: ['BENCH-40x4'] })
    expect(Object.hasOwn(reloaded.getState().library, id)).toBe(false)
    expect(Object.keys(reloaded.getState().library)).toHaveLength(1) // the example
    const kept = partKeys(data)
    reloaded.getState().newCase() // a write: the parts the set-aside text names stay
    expect(partKeys(data)).toEqual(kept)
  })

  it('two tabs: what one saved in parts, the other merges in, and every part the library names is there', () => {
    const { data, storage, store: a } = withCase(40)
    const b = createAppStore(storage)
    editLongAxis(a, 0, '41')
    b.getState().newCase() // b has not seen a's edit: it merges it in
    expect(namedParts(data)).toEqual(partKeys(data))
    const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: () => {}, removeItem: () => {} }))
    expect(reloaded.getState().storageIssues).toEqual([])
    const large = Object.values(reloaded.getState().library).find((e) => e.draft.lesions.length === 40)!
    expect(large.draft.lesions[0]!.assessments[1]!.longAxisMm).toBe('41')
    expect(Object.keys(reloaded.getState().library)).toHaveLength(3)
  })

  it('after a reload, the parts are made step by step while idle, so the first save writes out only the edited lesion', () => {
    const { data } = withCase(40)
    const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: () => {}, removeItem: () => {} }))
    const library = reloaded.getState().library
    const step = prepareParts(library, STORAGE_KEY)!
    let steps = 1
    while (step()) steps++
    expect(steps).toBe(40 + Math.ceil(40 / PART_LESIONS)) // each lesion written out, then each part named
    const stringify = vi.spyOn(JSON, 'stringify')
    const { parts } = toSavedText({ state: { library }, version: 1 } as never, STORAGE_KEY, 7)
    // A lesion is written out field by field: its assessments are one call.
    const large = new Set<unknown>(Object.values(library).find((e) => e.draft.lesions.length === 40)!.draft.lesions.map((l) => l.assessments))
    const lesionCalls = stringify.mock.calls.filter(([v]) => large.has(v)).length
    stringify.mockRestore()
    expect(lesionCalls).toBe(0)
    expect([...parts.keys()].sort()).toEqual(partKeys(data)) // the same names as saved: nothing to write
  })

  describe('a large case saved whole (by an earlier version) in a storage too small for it twice', () => {
    /** A storage holding `text` under the library's key, refusing writes that would take it over `capacity` characters, as a browser does. */
    function limited(text: string, capacity: number) {
      const data = new Map([[STORAGE_KEY, text]])
      const size = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0)
      const storage: StateStorage = {
        getItem: (k) => data.get(k) ?? null,
        setItem: (k, v) => {
          if (size() - (data.get(k)?.length ?? 0) - (data.has(k) ? k.length : 0) + k.length + v.length > capacity) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
          data.set(k, v)
        },
        removeItem: (k) => void data.delete(k),
      }
      return { data, storage: () => storage }
    }
    const wholeText = () => {
      const draft = CaseDraftSchema.parse(benchCase({ lesions: 40, timepoints: 4, editAt: 1 }))
      return JSON.stringify({ state: { library: { big: { draft, updatedAt: '2026-01-01T00:00:00.000Z' } }, openId: 'big', selectedCriteria: ['recist11'] }, version: 1 })
    }

    it('is written in parts at the first edit, the whole text making room for them, and read back with the edit', () => {
      const text = wholeText()
      const { data, storage } = limited(text, text.length * 1.5)
      const store = createAppStore(storage)
      editLongAxis(store, 39, '12')
      expect(store.getState().storageIssues).toEqual([])
      expect(partKeys(data)).toHaveLength(Math.ceil(40 / PART_LESIONS))
      const reloaded = createAppStore(() => ({ getItem: (k) => data.get(k) ?? null, setItem: () => {}, removeItem: () => {} }))
      expect(selectOpenDraft(reloaded.getState())!.lesions[39]!.assessments[1]!.longAxisMm).toBe('12')
    })

    it('when even that does not fit, the whole text stays as it was and the user is told the change is not saved', () => {
      const text = wholeText()
      const { data, storage } = limited(text, text.length + 20)
      const store = createAppStore(storage)
      editLongAxis(store, 39, '12')
      expect(store.getState().storageIssues).toMatchObject([{ kind: 'not-saved', reason: "the browser's storage for this site is full" }])
      expect(data.get(STORAGE_KEY)).toBe(text)
      expect(partKeys(data)).toEqual([])
      expect(selectOpenDraft(store.getState())!.lesions[39]!.assessments[1]!.longAxisMm).toBe('12') // kept in the tab
    })
  })
})
