/** The evaluation worker's copy of a large case follows every edit through patches that carry only what changed (draft-sync.ts). */
import { addLesion, addTimepoint, deleteLesion, setAssessmentField, setIn } from '../../src/features/entry/draft-edits.ts'
import { CRITERIA, evaluateCase, parseCase } from '../../criteria/index.ts'
import { applyDraftPatch, draftPatch, explainedPaths } from '../../src/features/results/draft-sync.ts'
import { explainOnPage } from '../../src/features/results/use-case-analysis.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from '../../src/store/case-draft.ts'
import { benchCase } from '../../bench/app-case.ts'

const start = () => CaseDraftSchema.parse(benchCase({ lesions: 12, timepoints: 6, editAt: 1 }))

describe('draft patches', () => {
  const edits: [string, (d: CaseDraft) => CaseDraft, (p: NonNullable<ReturnType<typeof draftPatch>>) => void][] = [
    ['a measurement: that lesion only', (d) => setAssessmentField(d, 3, 't2', 'longAxisMm', '17'), (p) => {
      expect(p.full).toBeUndefined()
      expect(p.lesions!.changed.map(([i]) => i)).toEqual([3])
      expect(p.fields).toBeUndefined()
    }],
    ['the patient ID: that field only', (d) => setIn(d, ['patient', 'id'], 'P-9'), (p) => {
      expect(Object.keys(p.fields!)).toEqual(['patient'])
      expect(p.lesions).toBeUndefined()
    }],
    ['a field removed', (d) => setIn(d, ['therapyStart'], undefined), (p) => expect(p.removed).toEqual(['therapyStart'])],
    ['a lesion added: the new one only', (d) => addLesion(d, 'target'), (p) => expect(p.lesions).toEqual({ length: 13, changed: [[12, expect.any(Object)]] })],
    ['the last lesion deleted: the shorter list', (d) => deleteLesion(d, 11), (p) => expect(p.lesions).toEqual({ length: 11, changed: [] })],
    ['a timepoint added: the timepoint list only', (d) => addTimepoint(d), (p) => {
      expect(Object.keys(p.fields!)).toEqual(['timepoints'])
      expect(p.lesions).toBeUndefined()
    }],
    ['the first lesion deleted (every later one moves): the whole case', (d) => deleteLesion(d, 0), (p) => expect(p.full).toBeDefined()],
  ]
  it.each(edits)('%s', (_name, edit, check) => {
    const before = start()
    const after = edit(before)
    const patch = draftPatch(before, after)!
    check(patch)
    expect(applyDraftPatch(structuredClone(before), structuredClone(patch))).toEqual(after)
  })

  it('sends the whole case first, and nothing when nothing changed', () => {
    const draft = start()
    expect(draftPatch(null, draft)).toEqual({ full: draft })
    expect(draftPatch(draft, draft)).toBeNull()
  })

  it('follows a long series of edits exactly', () => {
    let mine = start()
    let theirs = applyDraftPatch(null, structuredClone(draftPatch(null, mine)!))
    for (let i = 0; i < 40; i++) {
      const next = i % 7 === 0 ? addLesion(mine, i % 2 ? 'target' : 'non-target') : i % 11 === 0 ? deleteLesion(mine, i % mine.lesions.length) : setAssessmentField(mine, i % mine.lesions.length, `t${i % 6}`, 'longAxisMm', String(i))
      theirs = applyDraftPatch(theirs, structuredClone(draftPatch(mine, next)!))
      mine = next
      expect(theirs).toEqual(mine)
    }
  })
})

describe("the worker's evaluation crosses to the page without its explanations", () => {
  it('names where every explanation was left out, and the page writes each one as the engine does', () => {
    const draft = CaseDraftSchema.parse(benchCase({ lesions: 4, timepoints: 5, editAt: 1 }))
    const criteria = CRITERIA.map((c) => c.id)
    const parsed = parseCase(draftToInput(draft))
    if (!parsed.ok) throw new Error('the case does not parse')
    const evaluation = evaluateCase(parsed.value, criteria)
    const crossed = structuredClone(evaluation) // what postMessage copies: no getter
    expect(crossed.results[0]!.timepoints[0]).not.toHaveProperty('explanation')
    const paths = explainedPaths(evaluation)
    expect(paths).toContainEqual(['results', 0, 'timepoints', 0])
    explainOnPage(crossed, paths, draft, criteria)
    expect(JSON.parse(JSON.stringify(crossed))).toEqual(JSON.parse(JSON.stringify(evaluation)))
  })
})
