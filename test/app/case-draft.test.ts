import { evaluateCase, parseCase, type Evaluation } from '../../criteria/index.ts'
import { CaseDraftSchema, blankCase, draftToInput, typedNumber } from '../../src/store/case-draft.ts'
import { EXAMPLES } from '../../src/store/examples.ts'

const evaluate = (id: string): Evaluation => {
  const example = EXAMPLES.find((e) => e.id === id)!
  const parsed = parseCase(draftToInput(example.draft))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return evaluateCase(parsed.value)
}
const result = (e: Evaluation, criterion: string) => e.results.find((r) => r.criterion === criterion)!

describe('typed numbers', () => {
  it.each([
    ['12', 12],
    ['12.', 12],
    [' 1,5 ', 1.5],
    ['.5', 0.5],
    ['-3', -3],
    ['', undefined],
    ['  ', undefined],
    ['12 mm', '12 mm'],
    ['abc', 'abc'],
  ])('%j is read as %j', (text, expected) => {
    expect(typedNumber(text)).toEqual(expected)
  })
})

describe('draftToInput', () => {
  it('turns typed measurements into numbers and drops empty optional fields', () => {
    const draft = CaseDraftSchema.parse({
      ...blankCase(),
      patient: { id: 'P1', diagnosis: '' },
      timepoints: [{ id: 't0', date: '2026-01-01', label: '', modality: 'CT', contrastPhase: 'unknown', kvp: '120', sliceThicknessMm: '' }],
      lesions: [{ id: 'L1', name: 'x', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: [{ timepoint: 't0', status: 'measured', longAxisMm: '21,5', shortAxisMm: '' }] }],
      criteriaOptions: { choi: { absoluteFloorMm: '2', pdReference: 'nadir' } },
    })
    const input = draftToInput(draft) as { patient: object; timepoints: object[]; lesions: { assessments: object[] }[] }
    expect(input).toMatchObject({
      patient: { id: 'P1' },
      timepoints: [{ id: 't0', kvp: 120 }],
      lesions: [{ assessments: [{ longAxisMm: 21.5 }] }],
      criteriaOptions: { choi: { absoluteFloorMm: 2, pdReference: 'nadir' } },
    })
    expect(input).not.toHaveProperty('therapyStart')
    expect(input.patient).not.toHaveProperty('diagnosis')
    expect(input.timepoints[0]!).not.toHaveProperty('label')
    expect(input.timepoints[0]!).not.toHaveProperty('sliceThicknessMm')
    expect(input.lesions[0]!.assessments[0]!).not.toHaveProperty('shortAxisMm')
  })

  it('keeps text that is not a number, so the schema reports it at its path', () => {
    const draft = CaseDraftSchema.parse({
      ...blankCase(),
      patient: { id: 'P1' },
      timepoints: [{ id: 't0', date: '2026-01-01', modality: 'CT', contrastPhase: 'unknown' }],
      lesions: [{ id: 'L1', name: '', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: [{ timepoint: 't0', status: 'measured', longAxisMm: '2o' }] }],
    })
    const parsed = parseCase(draftToInput(draft))
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path)).toContain('lesions[0].assessments[0].longAxisMm')
  })

  it('reads typed fragments as a list, keeping what is not a number for the schema', () => {
    const assessment = (fragmentsMm: string | number[]) => (draftToInput({ ...blankCase(), lesions: [{ id: 'L1', name: '', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: [{ timepoint: 't0', status: 'measured', fragmentsMm }] }] }) as { lesions: { assessments: object[] }[] }).lesions[0]!.assessments[0]
    expect(assessment('12 + 8,5')).toEqual({ timepoint: 't0', status: 'measured', fragmentsMm: [12, 8.5] })
    expect(assessment('12; ;x')).toMatchObject({ fragmentsMm: [12, ' ', 'x'] })
    expect(assessment([12, 8.5])).toMatchObject({ fragmentsMm: [12, 8.5] })
  })

  it('turns typed PET values into numbers', () => {
    const draft = CaseDraftSchema.parse({
      ...blankCase(),
      patient: { id: 'P1' },
      timepoints: [{ id: 't0', date: '2026-01-01', modality: 'PET-CT', contrastPhase: 'unknown', pet: { liverSulMean: '2,1', liverSulSd: '0.3', liverAbnormal: true, bloodPoolSulMean: '1.6', bloodPoolSulSd: '0.2', uptakeMinutes: '62', glucoseMgDl: '', injectedMBq: '310' } }],
      lesions: [{ id: 'L1', name: '', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: [{ timepoint: 't0', status: 'measured', longAxisMm: '30', sulPeak: '8.4', tlg: '120.5' }] }],
    })
    const parsed = parseCase(draftToInput(draft))
    expect(parsed.ok && parsed.value.timepoints[0]!.pet).toEqual({ liverSulMean: 2.1, liverSulSd: 0.3, liverAbnormal: true, bloodPoolSulMean: 1.6, bloodPoolSulSd: 0.2, uptakeMinutes: 62, injectedMBq: 310 })
    expect(parsed.ok && parsed.value.lesions[0]!.assessments[0]).toMatchObject({ sulPeak: 8.4, tlg: 120.5 })
  })
})

describe('built-in examples', () => {
  it.each(EXAMPLES.map((e) => [e.id, e]))('%s is a valid case file', (_id, example) => {
    expect(parseCase(draftToInput(example.draft)).ok).toBe(true)
  })

  it('sorafenib: RECIST 1.1 says SD while Choi says a confirmed PR', () => {
    const e = evaluate('sorafenib-lung-metastases')
    expect(result(e, 'recist11').best.response).toBe('SD')
    expect(result(e, 'choi').best).toMatchObject({ response: 'PR', confirmed: true })
  })

  it('pelvic osteosarcoma: a mixed bone lesion with a soft-tissue mass is a measured target, mineralized for Choi', () => {
    const example = EXAMPLES.find((x) => x.id === 'pelvic-osteosarcoma-mixed-bone')!
    const bone = example.draft.lesions.find((l) => l.kind === 'bone' && l.role === 'target')!
    expect(bone.bone).toEqual({ appearance: 'mixed', softTissueComponent: true })
    expect(example.draft.patient.diagnosis).toBe('osteosarcoma')
    const e = evaluate('pelvic-osteosarcoma-mixed-bone')
    expect(result(e, 'recist11').timepoints.map((t) => t.response)).toEqual(['SD', 'SD'])
    expect(result(e, 'choi').findings.map((f) => f.code)).toContain('mineralized-lesion')
  })

  it('clean RECIST case: PR confirmed, then CR confirmed', () => {
    const r = result(evaluate('recist-confirmed-pr-cr'), 'recist11')
    expect(r.timepoints.map((t) => t.response)).toEqual(['PR', 'PR', 'CR', 'CR'])
    expect(r.best).toMatchObject({ response: 'CR', confirmed: true })
  })
})
