/**
 * Issue #14: the research measures beside the responses (volumes, DCE-MRI, blood biomarkers),
 * the schema of their fields, and the unresectable axial primary caveat under every criterion.
 */
import { CRITERIA, evaluateCase, parseCase, type CaseInput } from '../../criteria/index.ts'
import { caseInput, caseOf, type CaseSpec } from '../fixtures/build.ts'

/** A 2-timepoint MRI case whose target T1 has these Ktrans / iAUC60 values. */
const dceCase = (values: { ktrans?: number; iauc60?: number }[], extra: Partial<CaseSpec> = {}): CaseSpec => ({
  targets: [{ values: values.map(() => 50) }],
  timepoint: { modality: 'MRI' },
  ...extra,
  patch: (input) => values.forEach((v, i) => Object.assign(input.lesions[0]!.assessments[i]!, v)),
})
const research = (spec: CaseSpec) => evaluateCase(caseOf(spec), ['recist11'])

describe('DCE-MRI: a fall of at least 40 % from baseline (Mross 2014), tested on both sides', () => {
  it.each([
    ['Ktrans 0.25 → 0.15 min⁻¹ (−40.00 %) is an effect', { ktrans: 0.25 }, { ktrans: 0.15 }, 'ktrans-fall', true],
    ['Ktrans 0.25 → 0.1501 min⁻¹ (−39.96 %) is not', { ktrans: 0.25 }, { ktrans: 0.1501 }, 'ktrans-fall', false],
    ['Ktrans 0.3333 → 0.2 min⁻¹ (−39.99 %) is not', { ktrans: 0.3333 }, { ktrans: 0.2 }, 'ktrans-fall', false],
    ['Ktrans 0.3333 → 0.1999 min⁻¹ (−40.02 %) is', { ktrans: 0.3333 }, { ktrans: 0.1999 }, 'ktrans-fall', true],
    ['iAUC60 20 → 12 mmol·s/L (−40.00 %) is an effect', { iauc60: 20 }, { iauc60: 12 }, 'iauc60-fall', true],
    ['iAUC60 20 → 12.0001 mmol·s/L is not', { iauc60: 20 }, { iauc60: 12.0001 }, 'iauc60-fall', false],
  ] as const)('%s', (_n, base, now, code, expected) => {
    const e = research(dceCase([base, now]))
    expect(e.findings.some((f) => f.code === code && f.lesion === 'T1' && f.timepoint === 't1')).toBe(expected)
    const series = e.research!.dce[0]!
    expect(series.points[1]!.effect).toBe(expected)
  })
  it('says whether the fall exceeds the test–retest variability (Roberts 2006: 31 % Ktrans, 47 % iAUC60)', () => {
    const ktrans = research(dceCase([{ ktrans: 0.25 }, { ktrans: 0.15 }])).findings.find((f) => f.code === 'ktrans-fall')!
    expect(ktrans.message).toMatch(/Beyond the 31 % test–retest variability/)
    const iauc = research(dceCase([{ iauc60: 20 }, { iauc60: 12 }])).findings.find((f) => f.code === 'iauc60-fall')!
    expect(iauc.message).toMatch(/within the 47 % test–retest variability/)
    expect(iauc.message).toMatch(/not a response category/)
  })
  it('reports the change from baseline at every MRI timepoint, and never changes a response', () => {
    const spec = dceCase([{ ktrans: 0.2 }, { ktrans: 0.1 }, { ktrans: 0.05 }])
    const e = research(spec)
    expect(e.research!.dce[0]!.points.map((p) => p.changePct)).toEqual([0, -50, -75])
    const without = evaluateCase(caseOf({ targets: [{ values: [50, 50, 50] }], timepoint: { modality: 'MRI' } }), ['recist11'])
    expect(e.results[0]!.timepoints.map((t) => t.response)).toEqual(without.results[0]!.timepoints.map((t) => t.response))
  })
  it('gives no change without a baseline value, and says so', () => {
    const e = research({ targets: [{ values: [50, 50, 50] }], timepoint: { modality: 'MRI' }, patch: (input) => { input.lesions[0]!.assessments[1]!.ktrans = 0.2; input.lesions[0]!.assessments[2]!.ktrans = 0.05 } })
    expect(e.research!.dce[0]!.baseline).toBeNull()
    expect(e.research!.dce[0]!.points.every((p) => p.changePct === null && !p.effect)).toBe(true)
    expect(e.findings.map((f) => f.code)).toContain('dce-no-baseline')
  })
  it('leaves a case without research data as it was (no research key)', () => {
    expect(evaluateCase(caseOf({ targets: [{ values: [50, 40] }] })).research).toBeUndefined()
  })
})

describe('blood biomarkers', () => {
  const withBiomarkers = (samples: NonNullable<CaseInput['biomarkers']>): CaseSpec => ({ targets: [{ values: [50, 40] }], patch: (input) => (input.biomarkers = samples) })
  it('keeps each test in date order with its change from the first value, and computes NLR on dates with both counts', () => {
    const e = research(
      withBiomarkers([
        { date: '2026-02-16', test: 'VEGF-A', value: 300, unit: 'pg/mL' },
        { date: '2026-01-05', test: 'VEGF-A', value: 400, unit: 'pg/mL' },
        { date: '2026-01-05', test: 'neutrophils', value: 6, unit: '10^9/L' },
        { date: '2026-01-05', test: 'lymphocytes', value: 1.5, unit: '10^9/L' },
        { date: '2026-02-16', test: 'neutrophils', value: 3.3, unit: '10^9/L' },
        { date: '2026-02-16', test: 'lymphocytes', value: 0, unit: '10^9/L' },
        { date: '2026-03-30', test: 'neutrophils', value: 3, unit: '10^9/L' },
        { date: '2026-03-30', test: 'lymphocytes', value: 2, unit: '10^9/L' },
      ]),
    )
    const byTest = new Map(e.research!.biomarkers.map((s) => [s.test, s]))
    expect(byTest.get('VEGF-A')!.points).toEqual([{ date: '2026-01-05', value: 400, changePct: 0 }, { date: '2026-02-16', value: 300, changePct: -25 }])
    // 6 / 1.5 = 4; lymphocytes 0 gives no ratio; 3 / 2 = 1.5.
    expect(byTest.get('NLR')!.points.map((p) => [p.date, p.value])).toEqual([['2026-01-05', 4], ['2026-03-30', 1.5]])
    expect(byTest.get('NLR')!.unit).toBe('ratio')
  })
  it.each([
    ['a VEGF-A value in ng/mL', { date: '2026-01-05', test: 'VEGF-A', value: 0.4, unit: 'ng/mL' }, 'biomarkers[0].unit: must be "pg/mL" for VEGF-A'],
    ['a neutrophil count per µL', { date: '2026-01-05', test: 'neutrophils', value: 4000, unit: '/µL' }, 'biomarkers[0].unit: must be "10^9/L" for neutrophils'],
    ['CEC without a unit', { date: '2026-01-05', test: 'CEC', value: 20 }, 'biomarkers[0].unit: is required'],
    ['an unknown test', { date: '2026-01-05', test: 'VEGF-C', value: 1, unit: 'pg/mL' }, 'biomarkers[0].test: must be one of "VEGF-A", "VEGF-B", "PlGF", "CEC", "neutrophils", "lymphocytes"'],
    ['a negative value', { date: '2026-01-05', test: 'PlGF', value: -1, unit: 'pg/mL' }, 'biomarkers[0].value: must be a non-negative number of units'],
  ])('refuses %s, naming the field', (_n, sample, problem) => {
    const r = parseCase(caseInput(withBiomarkers([sample as never])))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toContain(problem)
  })
  it('refuses two values of one test on one date', () => {
    const r = parseCase(caseInput(withBiomarkers([{ date: '2026-01-05', test: 'PlGF', value: 10, unit: 'pg/mL' }, { date: '2026-01-05', test: 'PlGF', value: 12, unit: 'pg/mL' }])))
    expect(!r.ok && r.problems.map((p) => `${p.path}: ${p.message}`)).toContain('biomarkers[1].test: a second PlGF value on 2026-01-05')
  })
})

describe('schema of the volume and DCE-MRI fields', () => {
  const problems = (spec: CaseSpec) => {
    const r = parseCase(caseInput(spec))
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)
  }
  it.each([
    ['Ktrans at a CT timepoint', dceCase([{ ktrans: 0.2 }, { ktrans: 0.1 }], { timepoint: { modality: 'CT' } }), 'lesions[0].assessments[0].ktrans: is only for MRI timepoints (DCE-MRI); "t0" is CT'],
    ['Ktrans with five decimals', dceCase([{ ktrans: 0.12345 }, { ktrans: 0.1 }]), 'lesions[0].assessments[0].ktrans: must have at most 4 decimals'],
    ['a negative iAUC60', dceCase([{ iauc60: -1 }, { iauc60: 1 }]), 'lesions[0].assessments[0].iauc60: must be a non-negative number of mmol·s/L'],
    ['a volume with three decimals', { targets: [{ values: [{ mm: 50, ml: 1.001 }, 40] }] }, 'lesions[0].assessments[0].volumeMl: must have at most 2 decimals'],
    ['a third axis longer than the long axis', { targets: [{ values: [{ mm: 50, sa: 30, third: 51 }, 40] }] }, 'lesions[0].assessments[0].thirdAxisMm: must not be larger than longAxisMm (the long axis is the longest diameter)'],
    ['a skeletal site on a lesion that is not bone', { targets: [{ values: [50, 40] }], patch: (i: CaseInput) => (i.lesions[0]!.primaryTumour = { site: 'axial', resectable: false }) }, 'lesions[0].primaryTumour.site: is only for lesions of kind "bone" (a primary bone tumour)'],
  ] as const)('refuses %s', (_n, spec, problem) => {
    expect(problems(spec as CaseSpec)).toContain(problem)
  })
  it('accepts every new field where it belongs', () => {
    expect(problems({ ...dceCase([{ ktrans: 0.1234, iauc60: 12.5 }, { ktrans: 0.05 }]), targets: [{ kind: 'bone', values: [{ mm: 50, sa: 40, third: 30, ml: 30.5 }, 45] }] })).toEqual([])
  })
})

describe('unresectable axial primary bone tumour (spec §9.7)', () => {
  const primary = (p: CaseInput['lesions'][number]['primaryTumour']): CaseSpec => ({
    targets: [{ kind: 'bone', organ: 'pelvis', values: [{ mm: 80, ml: 150 }, { mm: 78, ml: 40 }] }],
    patch: (input) => (input.lesions[0]!.primaryTumour = p),
  })
  const affected = CRITERIA.map((c) => c.id).filter((id) => id !== 'percist')
  it.each(affected)('%s says so on the lesion', (id) => {
    const r = evaluateCase(caseOf(primary({ site: 'axial', resectable: false })), [id]).results[0]!
    if (r.notApplicable) return expect(r.findings.map((f) => f.code)).not.toContain('unresectable-axial-primary')
    const f = r.findings.find((x) => x.code === 'unresectable-axial-primary')
    expect(f, id).toBeDefined()
    expect(f!.lesion).toBe('T1')
    expect(f!.message).toContain(r.name)
  })
  it('PERCIST (FDG uptake, not size or density) does not', () => {
    const r = evaluateCase(caseOf(primary({ site: 'axial', resectable: false })), ['percist']).results[0]!
    expect(r.findings.map((f) => f.code)).not.toContain('unresectable-axial-primary')
  })
  it.each([
    ['resectable', { site: 'axial', resectable: true }],
    ['resectability not stated', { site: 'axial' }],
    ['appendicular', { site: 'appendicular', resectable: false }],
  ] as const)('no caveat when %s', (_n, p) => {
    const r = evaluateCase(caseOf(primary(p)), ['recist11']).results[0]!
    expect(r.findings.map((f) => f.code)).not.toContain('unresectable-axial-primary')
  })
})
