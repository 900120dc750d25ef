import type { CaseInput } from '../../criteria/index.ts'
import { testCriterion, resultOf } from '../harness/criterion-tester.ts'
import type { CaseSpec } from '../fixtures/build.ts'

const R = 'irecist'

type NewLesionInput = NonNullable<CaseInput['newLesions']>[number]
/** Adds iRECIST fields to the i-th new lesion of the built case. */
const newLesion = (i: number, fields: Partial<NewLesionInput>) => (input: CaseInput) => void Object.assign(input.newLesions![i]!, fields)
/** Marks non-target N1 as further increased at timepoint index `at`. */
const furtherIncrease = (at: number) => (input: CaseInput) => void Object.assign(input.lesions.find((l) => l.id === 'N1')!.assessments[at]!, { furtherIncrease: true })
const patches = (...ps: ((input: CaseInput) => void)[]) => (input: CaseInput) => ps.forEach((p) => p(input))
const later = (timepoint: string, status: 'measured' | 'absent' | 'increased' | 'present' | 'unequivocal-progression', longAxisMm?: number) => ({ timepoint, status, ...(longAxisMm !== undefined ? { longAxisMm } : {}) })

/** Targets 40 → 50 mm (+25 %, +10 mm: iUPD at t1), then `next` mm at the given day offsets. */
const afterIupd = (next: number[], dayOffsets?: number[], options?: Record<string, unknown>): CaseSpec => ({
  targets: [{ values: [40, 50, ...next] }],
  ...(dayOffsets ? { dayOffsets } : {}),
  ...(options ? { options: { irecist: options } } : {}),
})

testCriterion(R, [
  // §7.2: RECIST 1.1 PD is unconfirmed progression.
  { name: 'target sum +25 % and +10 mm over nadir is iUPD, not yet confirmed', spec: { targets: [{ values: [40, 50] }] }, response: 'iUPD', targetResponse: 'iUPD', rule: 'irecist.iupd.targets', findings: ['iupd', 'iupd-unconfirmed'], best: { response: 'iUPD' } },
  { name: 'RECIST 1.1 PR is iPR; SD is iSD', spec: { targets: [{ values: [100, 70, 80] }], options: { irecist: { prPersistence: 'strict_baseline' } } }, at: 1, response: 'iPR' },
  { name: 'target −29.99 % is iSD', spec: { targets: [{ values: [100, 70.01] }] }, response: 'iSD', rule: 'irecist.target.sd' },
  // A-I3, A-I6: a further ≥ 5 mm over the iUPD sum confirms.
  { name: 'a further +5.00 mm over the iUPD sum is iCPD (≥ 5 mm, A-I6)', spec: afterIupd([55]), response: 'iCPD', rule: 'irecist.icpd', findings: ['icpd', 'icpd-exactly-5mm'], noFindings: ['iupd-unconfirmed'] },
  { name: 'a further +4.99 mm over the iUPD sum stays iUPD', spec: afterIupd([54.99]), response: 'iUPD', rule: 'irecist.iupd.not-confirmed', findings: ['iupd-unconfirmed'] },
  { name: 'with icpdTargetIncreaseInclusive false, exactly +5 mm stays iUPD', spec: afterIupd([55], undefined, { icpdTargetIncreaseInclusive: false }), response: 'iUPD' },
  { name: 'with icpdTargetIncreaseInclusive false, +5.01 mm is iCPD', spec: afterIupd([55.01], undefined, { icpdTargetIncreaseInclusive: false }), response: 'iCPD' },
  { name: 'sequential increases add up: +4 mm (iUPD) then +2 mm more is iCPD (EORTC FAQ)', spec: afterIupd([54, 56]), response: 'iCPD', check: (r) => expect(r.timepoints.map((t) => t.response)).toEqual(['iUPD', 'iUPD', 'iCPD']) },
  { name: 'the further increase is measured from the iUPD sum, not the nadir: 50 → 48 → 53 stays iUPD', spec: afterIupd([48, 53]), response: 'iUPD' },
  // §7.4 / FAQ: confirmation window 4–8 weeks after iUPD.
  { name: 'a scan exactly 28 days after iUPD can confirm', spec: afterIupd([60], [0, 42, 70]), response: 'iCPD', noFindings: ['confirmation-scan-too-early'] },
  { name: 'a scan 27 days after iUPD cannot confirm growth of known lesions', spec: afterIupd([60], [0, 42, 69]), response: 'iUPD', rule: 'irecist.iupd.early-scan', findings: ['confirmation-scan-too-early'] },
  { name: 'a scan 27 days after iUPD confirms with an additional new lesion (FAQ exception)', spec: { ...afterIupd([50], [0, 42, 69]), newLesions: [{ at: 2 }] }, response: 'iCPD', findings: ['early-scan-new-lesion'] },
  { name: 'confirmationToleranceDays 2 lets a scan 26 days after iUPD confirm', spec: afterIupd([60], [0, 42, 68], { confirmationToleranceDays: 2 }), response: 'iCPD' },
  { name: 'a confirming scan 56 days after iUPD is on time', spec: afterIupd([60], [0, 42, 98]), response: 'iCPD', noFindings: ['confirmation-scan-late'] },
  { name: 'a confirming scan 57 days after iUPD is accepted with a warning (A-I4)', spec: afterIupd([60], [0, 42, 99]), response: 'iCPD', findings: ['confirmation-scan-late'] },
  // Reset of the bar.
  { name: 'iUPD then iPR resets the bar; +20 % and +12 mm over the nadir later is a new iUPD', spec: { targets: [{ values: [100, 130, 60, 72] }] }, response: 'iUPD', findings: ['iupd-reset'], check: (r) => expect(r.timepoints.map((t) => t.response)).toEqual(['iUPD', 'iPR', 'iUPD']) },
  { name: 'after a reset, the old iUPD sum is no bar: +4.99 mm over nadir is not iUPD', spec: { targets: [{ values: [100, 130, 60, 64.99] }] }, response: 'iPR' },
  { name: 'an iUPD followed by NE stays unconfirmed; NE does not reset', spec: { targets: [{ values: [40, 60, 'not-evaluated'] }, { values: [20, 20, 20] }] }, response: 'NE', rule: 'irecist.ne-after-iupd', findings: ['iupd-unconfirmed'] },
  { name: 'after iCPD every later assessment stays iCPD', spec: afterIupd([60, 30]), response: 'iCPD', rule: 'irecist.after-icpd' },
  // Non-target iUPD: any further increase confirms (Table 2; FAQ).
  { name: 'non-target iUPD, then a further increase (not unequivocal) is iCPD', spec: { targets: [{ values: [40, 40, 40] }], nonTargets: [['present', 'unequivocal-progression', 'present']], patch: furtherIncrease(2) }, response: 'iCPD', check: (r) => expect(r.timepoints[0]!.rule).toBe('irecist.iupd.non-targets') },
  { name: 'non-target iUPD, no further increase: stays iUPD', spec: { targets: [{ values: [40, 40, 40] }], nonTargets: [['present', 'unequivocal-progression', 'unequivocal-progression']] }, response: 'iUPD' },
  { name: 'target iUPD, then unequivocal non-target progression (a new category) is iCPD (FAQ)', spec: { targets: [{ values: [40, 50, 50] }], nonTargets: [['present', 'present', 'unequivocal-progression']] }, response: 'iCPD' },
  // New lesions (§7.3): NLT sum of measures kept apart.
  { name: 'a new lesion is iUPD, and it is not added to the target sum', spec: { targets: [{ values: [40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { id: 'NL1', longAxisMm: 12 }) }, response: 'iUPD', rule: 'irecist.iupd.new-lesions', check: (r) => expect([r.timepoints[0]!.sumMm, r.timepoints[0]!.immune?.newLesionTargets, r.timepoints[0]!.immune?.newLesionSumMm]).toEqual([40, ['NL1'], 12]) },
  { name: 'NLT sum of measures +5.00 mm at confirmation is iCPD', spec: { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 12, assessments: [later('t2', 'measured', 17)] }) }, response: 'iCPD' },
  { name: 'NLT sum of measures +4.99 mm at confirmation stays iUPD', spec: { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 12, assessments: [later('t2', 'measured', 16.99)] }) }, response: 'iUPD' },
  { name: 'any increase of a new-lesion non-target is iCPD', spec: { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 6, assessments: [later('t2', 'increased')] }) }, response: 'iCPD' },
  { name: 'a measured NLNT growing 6 → 7 mm is an increase: iCPD', spec: { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 6, assessments: [later('t2', 'measured', 7)] }) }, response: 'iCPD' },
  { name: 'a further new lesion at confirmation is iCPD', spec: { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }, { at: 2, organ: 'lung' }] }, response: 'iCPD' },
  { name: 'iUPD from a new lesion, then targets meeting RECIST PD is iCPD', spec: { targets: [{ values: [40, 40, 50] }], newLesions: [{ at: 1 }] }, response: 'iCPD' },
  { name: 'a persisting new lesion with further target shrinkage resets to iPR (FAQ scenario B)', spec: { targets: [{ values: [100, 80, 60] }], newLesions: [{ at: 1 }] }, response: 'iPR', findings: ['iupd-reset'] },
  { name: 'newLesionReset resolution_only: the persisting new lesion keeps iUPD', spec: { targets: [{ values: [100, 80, 60] }], newLesions: [{ at: 1 }], options: { irecist: { newLesionReset: 'resolution_only' } } }, response: 'iUPD' },
  { name: 'PR, then a new lesion, then no change stays iUPD (FAQ scenario F)', spec: { targets: [{ values: [100, 60, 60, 60] }], newLesions: [{ at: 2 }] }, response: 'iUPD' },
  { name: 'a new lesion that resolves resets; target CR with it gone is iCR', spec: { targets: [{ values: [40, 40, 'absent'] }], newLesions: [{ at: 1 }], patch: newLesion(0, { assessments: [later('t2', 'absent')] }) }, response: 'iCR' },
  { name: 'after a reset, NLTs +20 % and +5 mm over their nadir are a new iUPD', spec: { targets: [{ values: [100, 80, 60, 60] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 25, assessments: [later('t2', 'measured', 25), later('t3', 'measured', 30)] }) }, response: 'iUPD', check: (r) => expect(r.timepoints.map((t) => t.response)).toEqual(['iUPD', 'iPR', 'iUPD']) },
  { name: 'after a reset, NLTs +19.99 % over their nadir are no new iUPD', spec: { targets: [{ values: [100, 80, 60, 60] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: 50.02, assessments: [later('t2', 'measured', 50.02), later('t3', 'measured', 60.02)] }) }, response: 'iPR' },
  // A-I5: new-lesion targets by RECIST 1.1 size rules, 5 in total and 2 per organ.
  {
    name: 'new non-nodal lesions of 10 mm are NLT, 9.99 mm NLNT; nodes of 15 mm NLT, 14.99 mm NLNT',
    spec: {
      targets: [{ values: [40, 40] }],
      newLesions: [{ at: 1, organ: 'liver' }, { at: 1, organ: 'lung' }, { at: 1, organ: 'neck' }, { at: 1, organ: 'axilla' }],
      patch: patches(newLesion(0, { id: 'A', longAxisMm: 10 }), newLesion(1, { id: 'B', longAxisMm: 9.99 }), newLesion(2, { id: 'C', kind: 'lymph-node', longAxisMm: 20, shortAxisMm: 15 }), newLesion(3, { id: 'D', kind: 'lymph-node', longAxisMm: 20, shortAxisMm: 14.99 })),
    },
    check: (r) => expect([r.timepoints[0]!.immune?.newLesionTargets, r.timepoints[0]!.immune?.newLesionNonTargets]).toEqual([['A', 'C'], ['B', 'D']]),
  },
  {
    name: 'a third measurable new lesion in one organ is followed as an NLNT',
    spec: { targets: [{ values: [40, 40] }], newLesions: [{ at: 1 }, { at: 1 }, { at: 1 }], patch: patches(newLesion(0, { id: 'A', longAxisMm: 30 }), newLesion(1, { id: 'B', longAxisMm: 20 }), newLesion(2, { id: 'C', longAxisMm: 25 })) },
    findings: ['new-lesion-target-limit'],
    check: (r) => expect(r.timepoints[0]!.immune?.newLesionNonTargets).toEqual(['B']),
  },
  // iBOR (§7.6, Seymour 2017 Table 3) and the iUPD / iCPD dates (A-I1).
  { name: 'iBOR: iUPD, iSD, iSD is iSD', spec: { targets: [{ values: [40, 50, 45, 45] }] }, best: { response: 'iSD' } },
  { name: 'iBOR: iUPD then iCPD is iCPD, with both dates', spec: afterIupd([60]), best: { response: 'iCPD', timepoint: 't2' }, check: (r) => expect([r.best.iUPDDate, r.best.iCPDDate]).toEqual(['2026-02-16', '2026-03-30']) },
  { name: 'iBOR: a confirmed iCR before a later iUPD and iCPD is iCR', spec: { targets: [{ values: [40, 'absent', 'absent', 10, 20] }] }, best: { response: 'iCR', confirmed: true }, check: (r) => expect(r.timepoints.map((t) => t.response)).toEqual(['iCR', 'iCR', 'iUPD', 'iCPD']) },
  { name: 'iBOR: an iPR with an iUPD in between is not confirmed by a later iPR', spec: { targets: [{ values: [100, 60, 90, 60] }], newLesions: [{ at: 2 }], patch: newLesion(0, { assessments: [later('t3', 'absent')] }), options: { irecist: { prPersistence: 'strict_baseline' } } }, check: (r) => {
    expect(r.timepoints.map((t) => t.response)).toEqual(['iPR', 'iUPD', 'iPR'])
    expect(r.best).toMatchObject({ response: 'iSD' })
  } },
  { name: 'an iUPD never confirmed: iUPD date reported, iCPD date null (A-I2)', spec: { targets: [{ values: [40, 50] }] }, check: (r) => expect([r.best.iUPDDate, r.best.iCPDDate]).toEqual(['2026-02-16', null]) },
])

describe('irecist explanations', () => {
  it('names the iUPD being confirmed and the further increase', () => {
    const tp = resultOf(R, afterIupd([55])).timepoints[1]!
    expect(tp.explanation.join(' ')).toMatch(/5 mm from 50 mm at the iUPD \(t1\)/)
    expect(tp.immune).toMatchObject({ iUPDTimepoint: 't1', iUPDSumMm: 50 })
  })
})
