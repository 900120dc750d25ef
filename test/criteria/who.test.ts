import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'
import { lesionProduct } from '../../criteria/shared/bidimensional.ts'

/** A bidimensional measurement: long axis × short axis in mm. */
const bi = (ld: number, sa: number): Value => ({ ld, sa })
/** One liver target per series of [long, short] axes. */
const lesions = (...series: [number, number][][]): CaseSpec => ({ targets: series.map((s) => ({ values: s.map(([l, w]) => bi(l, w)) })) })
const sumMode = { who: { whoPdMode: 'sum' } }

testCriterion('who', [
  // Spec §6.3: PR on a ≥ 50 % decrease of the sum of products from baseline (inclusive).
  { name: 'sum of products −50.00 % (100×100 → 100×50) is PR', spec: lesions([[100, 100], [100, 50]]), response: 'PR', rule: 'who.target.pr', check: (r) => expect(r.timepoints[0]!.products).toEqual({ sumMm2: 5000, baselineMm2: 10000, nadirMm2: 10000 }) },
  { name: 'sum of products −49.99 % (100×100 → 100×50.01) is NC', spec: lesions([[100, 100], [100, 50.01]]), response: 'NC', targetResponse: 'NC', rule: 'who.target.no-change' },
  // Spec §6.3: PD on a ≥ 25 % increase (per lesion by default, A-W2; from the nadir by default, A-W1).
  { name: 'one lesion +25.00 % (100×100 → 125×100) is PD', spec: lesions([[100, 100], [125, 100]]), response: 'PD', rule: 'who.target.pd-lesion' },
  { name: 'one lesion +24.99 % (100×100 → 124.99×100) is NC', spec: lesions([[100, 100], [124.99, 100]]), response: 'NC' },
  {
    name: 'a lesion +25 % while the sum falls 94 % is PD per lesion (A-W2 default)',
    spec: lesions([[100, 100], [10, 10]], [[20, 20], [25, 20]]),
    response: 'PD',
    rule: 'who.target.pd-lesion',
  },
  {
    name: 'with whoPdMode sum, that growing lesion still blocks PR: NC, flagged',
    spec: { ...lesions([[100, 100], [10, 10]], [[20, 20], [25, 20]]), options: sumMode },
    response: 'NC',
    rule: 'who.target.pr-blocked-by-lesion-growth',
    findings: ['lesion-growth-blocks-pr'],
  },
  { name: 'with whoPdMode sum, a sum +25.00 % is PD', spec: { ...lesions([[100, 100], [125, 100]]), options: sumMode }, response: 'PD', rule: 'who.target.pd-sum' },
  { name: 'with whoPdMode sum, a sum +24.99 % is NC', spec: { ...lesions([[100, 100], [124.99, 100]]), options: sumMode }, response: 'NC' },
  {
    name: 'with whoPdMode sum, one lesion +50 % and the sum +9.6 % is NC',
    spec: { ...lesions([[100, 100], [100, 100]], [[20, 20], [30, 20]]), options: sumMode },
    response: 'NC',
    noFindings: ['lesion-growth-blocks-pr'],
  },
  // Spec A-W1: PD reference, nadir (default) or baseline.
  { name: 'product 400 → 200 → 256 is +28 % from the nadir: PD by default', spec: lesions([[20, 20], [20, 10], [20, 12.8]]), response: 'PD' },
  { name: 'with whoPdReference baseline, 400 → 200 → 256 is −36 %: NC', spec: { ...lesions([[20, 20], [20, 10], [20, 12.8]]), options: { who: { whoPdReference: 'baseline' } } }, response: 'NC' },
  { name: 'with whoPdReference baseline, 400 → 200 → 500 is +25 % from baseline: PD', spec: { ...lesions([[20, 20], [20, 10], [25, 20]]), options: { who: { whoPdReference: 'baseline' } } }, response: 'PD' },
  { name: 'a lesion that disappeared and reappears has grown from a nadir of 0: PD', spec: { targets: [{ values: [bi(20, 20), 'absent', bi(5, 5)] }, { values: [bi(40, 40), bi(20, 20), bi(20, 20)] }] }, response: 'PD', rule: 'who.target.pd-lesion' },
  // CR: all known disease disappeared (spec §6.3), for two observations ≥ 4 weeks apart.
  {
    name: 'every lesion gone at two observations 42 days apart is a confirmed CR',
    spec: { targets: [{ values: [bi(30, 20), 'absent', 'absent'] }] },
    response: 'CR',
    rule: 'who.target.cr',
    best: { response: 'CR', confirmed: true, timepoint: 't1' },
  },
  { name: 'every target gone with non-measurable disease left is PR', spec: { targets: [{ values: [bi(30, 20), 'absent'] }], nonTargets: [['present', 'present']] }, response: 'PR', targetResponse: 'CR' },
  // Spec A-W4: confirmation is part of the definition.
  {
    name: 'PR at two observations 28 days apart is confirmed',
    spec: { ...lesions([[100, 100], [100, 50], [100, 50]]), dayOffsets: [0, 42, 70] },
    best: { response: 'PR', confirmed: true, timepoint: 't1' },
    check: (r) => expect(r.timepoints[0]!.explanation.join(' ')).toMatch(/Confirmed by PR at t2 \(28 days later/),
  },
  {
    name: 'PR at two observations 27 days apart is not confirmed: the best response is NC',
    spec: { ...lesions([[100, 100], [100, 50], [100, 50]]), dayOffsets: [0, 42, 69] },
    at: 1,
    response: 'PR',
    findings: ['unconfirmed-response'],
    best: { response: 'NC', timepoint: 't1' },
  },
  {
    name: 'a study that does not require confirmation still gets it under WHO',
    spec: { ...lesions([[100, 100], [100, 50]]), settings: { confirmation: 'not-required' } },
    response: 'PR',
    findings: ['confirmation-part-of-definition', 'unconfirmed-response'],
    best: { response: 'NC' },
  },
  {
    name: 'a study confirmationMinDays longer than 28 days is honoured',
    spec: { ...lesions([[100, 100], [100, 50], [100, 50]]), dayOffsets: [0, 42, 80], settings: { confirmationMinDays: 42 } },
    best: { response: 'NC' },
  },
  // New lesions, non-measurable disease.
  { name: 'a new lesion is PD even when the sum halves', spec: { ...lesions([[100, 100], [100, 50]]), newLesions: [{ at: 1 }] }, response: 'PD', rule: 'who.new-lesion' },
  { name: 'progression of non-measurable disease is PD', spec: { ...lesions([[100, 100], [100, 50]]), nonTargets: [['present', 'unequivocal-progression']] }, response: 'PD', rule: 'who.non-target.pd' },
  { name: 'non-measurable disease only, unchanged, is NC', spec: { nonTargets: [['present', 'present']] }, response: 'NC', rule: 'who.non-target-only' },
  // Lymph nodes: long × short axis, like any lesion (spec A-W3: WHO has no nodal rule).
  { name: 'a lymph node is measured by its product too (30×20 → 30×10 is −50 %: PR)', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 30, sa: 20 }, { ld: 30, sa: 10 }] }] }, response: 'PR' },
  { name: 'a node shrinking to 10 mm short axis is not CR under WHO', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 30, sa: 20 }, { ld: 12, sa: 8 }] }] }, targetResponse: 'PR' },
  // Not evaluable bidimensionally.
  { name: 'a target without a short axis is not evaluable bidimensionally: NE', spec: { targets: [{ values: [bi(30, 20), 25] }] }, response: 'NE', rule: 'who.target.not-all-evaluated', findings: ['target-not-bidimensional'] },
  { name: 'a target without a short axis at baseline leaves the baseline incomplete', spec: { targets: [{ values: [30, bi(25, 20)] }] }, response: 'NE', rule: 'who.target.baseline-incomplete', findings: ['target-not-bidimensional'] },
  { name: 'a lymph-node target without a long axis is not evaluable bidimensionally', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 30, sa: 20 }, 15] }] }, response: 'NE', findings: ['target-not-bidimensional'] },
  { name: 'a target not evaluated with another up 25 % is still PD per lesion', spec: { targets: [{ values: [bi(30, 20), 'not-evaluated'] }, { values: [bi(20, 20), bi(25, 20)] }] }, response: 'PD' },
  { name: 'a target not evaluated and no lesion up 25 % is NE', spec: { targets: [{ values: [bi(30, 20), 'not-evaluated'] }, { values: [bi(20, 20), bi(10, 10)] }] }, response: 'NE' },
  { name: 'too small to measure counts as 5 × 5 mm (10×10 → 25 mm² is −75 %: PR)', spec: { targets: [{ values: [bi(10, 10), 'too-small'] }] }, response: 'PR' },
  // Exactness at the schema's largest measurement (10 000 mm): products stay exact integers.
  {
    name: '10000×10000 → 10000×5000 mm is exactly −50 %: PR',
    spec: lesions([[10000, 10000], [10000, 5000]]),
    response: 'PR',
    check: () => expect(Number.isSafeInteger(lesionProduct({ timepoint: 't0', status: 'measured', longAxisMm: 10000, shortAxisMm: 9999.99 }).value)).toBe(true),
  },
  { name: 'the best response uses WHO vocabulary (NC, not SD)', spec: lesions([[100, 100], [100, 90], [100, 90]]), best: { response: 'NC' } },
])

// Miller 1981 non-measurable disease (issue #10 item 7): the reader's estimated change, timepoints[].nonMeasurableChangePct.
/** Non-measurable disease only (one bone non-target present throughout), with the estimate at t1 and t2. */
const estimated = (pcts: (number | undefined)[], extra: Partial<CaseSpec> = {}): CaseSpec => ({
  nonTargets: [['present', 'present', 'present']],
  ...extra,
  patch: (input) => pcts.forEach((pct, i) => pct !== undefined && Object.assign(input.timepoints[i + 1]!, { nonMeasurableChangePct: pct })),
})
const MILLER = 'WHO non-measurable disease (Miller 1981'

testCriterion('who', [
  { name: `${MILLER} "estimated decrease of 50 %"): −50 % without measurable disease is PR`, spec: estimated([-50]), at: 1, response: 'PR', rule: 'who.non-measurable.estimated-decrease', check: (r) => expect(r.timepoints[0]!.nonTargetResponse).toBe('PR') },
  { name: `${MILLER}): −49.99 % is no change (NC)`, spec: estimated([-49.99]), at: 1, response: 'NC', rule: 'who.non-target-only' },
  { name: `${MILLER}): PR at −60 % confirmed 42 days later by −55 % is the best response, confirmed`, spec: estimated([-60, -55]), best: { response: 'PR', confirmed: true, timepoint: 't1' } },
  { name: `${MILLER} "estimated increase of 25 %"): +25 % is PD`, spec: estimated([25]), at: 1, response: 'PD', rule: 'who.non-measurable.estimated-increase' },
  { name: `${MILLER}): +24.99 % is NC`, spec: estimated([24.99]), at: 1, response: 'NC' },
  { name: `${MILLER}): the explanation says what was estimated`, spec: estimated([-50]), at: 1, check: (r) => expect(r.timepoints[0]!.explanation.join(' ')).toContain('Non-measurable disease: PR (estimated -50 % since baseline: a decrease of 50 % or more, PR)') },
  { name: `${MILLER}): measurable PR with non-measurable disease estimated −50 % is PR`, spec: estimated([-50], { targets: [{ values: [bi(100, 100), bi(100, 50), bi(100, 50)] }] }), at: 1, response: 'PR', rule: 'who.target.pr' },
  { name: `${MILLER}): measurable NC with non-measurable disease estimated −50 % stays NC`, spec: estimated([-50], { targets: [{ values: [bi(100, 100), bi(100, 90), bi(100, 90)] }] }), at: 1, response: 'NC' },
  { name: `${MILLER}): measurable PR with non-measurable disease estimated +25 % is PD`, spec: estimated([25], { targets: [{ values: [bi(100, 100), bi(100, 50), bi(100, 50)] }] }), at: 1, response: 'PD', rule: 'who.non-measurable.estimated-increase' },
  { name: `${MILLER}): non-measurable disease gone is CR whatever the estimate`, spec: { ...estimated([-100]), nonTargets: [['present', 'absent', 'absent']] }, at: 1, response: 'CR' },
  { name: `${MILLER}): an estimate without non-measurable lesions is not used, with a finding`, spec: { ...estimated([-60]), nonTargets: undefined, targets: [{ values: [bi(100, 100), bi(100, 90), bi(100, 90)] }] }, at: 1, response: 'NC', findings: ['estimate-without-non-measurable-disease'] },
  { name: `${MILLER}): without an estimate non-measurable disease alone stays NC (as before)`, spec: estimated([]), at: 1, response: 'NC' },
])
