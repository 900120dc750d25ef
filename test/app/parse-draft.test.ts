/** The open case re-parsed on each keystroke reuses the parse of every lesion the edit left alone, with parseCase's result (parse-draft.ts). */
import { caseParser, parseCase } from '../../criteria/index.ts'
import { addLesion, addTimepoint, deleteLesion, deleteTimepoint, setAssessmentField, setIn } from '../../src/features/entry/draft-edits.ts'
import { draftParser } from '../../src/features/results/parse-draft.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from '../../src/store/case-draft.ts'
import { benchCase } from '../../bench/app-case.ts'
import sample from '../../src/samples/pelvic-osteosarcoma-mixed-bone.json'

const parseDraft = draftParser({ caseParser, parseCase })
const start = () => CaseDraftSchema.parse(benchCase({ lesions: 6, timepoints: 4, editAt: 1 }))

// Each edit applies to the draft the one before it left: the case goes from valid to wrong and back.
const edits: [string, (d: CaseDraft) => CaseDraft, boolean][] = [
  ['a measurement', (d) => setAssessmentField(d, 2, 't1', 'longAxisMm', '17'), true],
  ['a measurement typed as text', (d) => setAssessmentField(d, 2, 't1', 'longAxisMm', '17a'), false],
  ['the text corrected', (d) => setAssessmentField(d, 2, 't1', 'longAxisMm', '17.5'), true],
  ['a short axis over the long axis (a rule across fields)', (d) => setAssessmentField(d, 3, 't2', 'shortAxisMm', '99'), false],
  ['the short axis corrected', (d) => setAssessmentField(d, 3, 't2', 'shortAxisMm', '9'), true],
  ['a lesion id made a duplicate (a rule across lesions)', (d) => setIn(d, ['lesions', 4, 'id'], 'L1'), false],
  ['the id made unique again', (d) => setIn(d, ['lesions', 4, 'id'], 'L5'), true],
  ['a timepoint renamed under unchanged lesions (their references dangle)', (d) => setIn(d, ['timepoints', 3, 'id'], 'tX'), false],
  ['its name given back', (d) => setIn(d, ['timepoints', 3, 'id'], 't3'), true],
  ['a criterion option', (d) => setIn(d, ['criteriaOptions'], { recist11: { prPersistence: 'strict_baseline' } }), true],
  ['a wrong criterion option', (d) => setIn(d, ['criteriaOptions'], { recist11: { prPersistence: 'sometimes' } }), false],
  ['the options removed', (d) => setIn(d, ['criteriaOptions'], undefined), true],
  ['a misspelt field on a lesion', (d) => setIn(d, ['lesions', 1, 'organn'], 'liver'), false],
  ['that lesion deleted', (d) => deleteLesion(d, 1), true],
  ['a lesion added (not measured yet)', (d) => addLesion(d, 'target'), false],
  ['it deleted again', (d) => deleteLesion(d, 5), true],
  ['a timepoint added', (d) => addTimepoint(d), false],
  ['it deleted again', (d) => deleteTimepoint(d, 4), true],
]

describe('parsing the open case again after an edit', () => {
  it('gives parseCase\'s result, problems in the same order, after each edit in turn', () => {
    let draft = start()
    for (const [name, edit, ok] of edits) {
      draft = edit(draft)
      const expected = parseCase(draftToInput(draft))
      expect(expected.ok, name).toBe(ok)
      expect(parseDraft(draft), name).toEqual(expected)
    }
  })

  it('parses again only the lesion that changed: the others are the same objects as before', () => {
    const before = start()
    const after = setAssessmentField(before, 2, 't1', 'longAxisMm', '17')
    const a = parseDraft(before)
    const b = parseDraft(after)
    if (!a.ok || !b.ok) throw new Error('the bench case parses')
    expect(b.value.lesions.map((l, i) => l === a.value.lesions[i])).toEqual([true, true, false, true, true, true])
    expect(b.value.lesions[2]!.assessments[1]!.longAxisMm).toBe(17)
    expect(b.value.timepoints).toEqual(a.value.timepoints)
  })

  it.each([
    ['a sample case', sample],
    ['not an object', [1, 2]],
    ['a case without lesions', { format: 'tumor-response-case', version: 1 }],
    ['a lesion that is not an object', { ...sample, lesions: [null] }],
  ])('reads %s as parseCase does', (_name, input) => {
    expect(caseParser()(input)).toEqual(parseCase(input))
  })
})
