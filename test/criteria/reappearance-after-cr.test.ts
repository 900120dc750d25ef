/**
 * Issue #10 item 2. EORTC RECIST FAQ "Does a new lesion always result in PD?": once CR (overall)
 * was definitively assigned, "the reappearance of any malignant lesion results in PD": targets
 * and non-targets alike, in RECIST 1.1 and every criterion built on it (iRECIST → iUPD; Choi and
 * mChoi combine as RECIST 1.1 Table 1). criteria/shared/reappearance.ts.
 */
import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec } from '../fixtures/build.ts'

/** Target and non-target gone at t1 and t2 (42 days apart: a confirmed CR), then non-target N1 is back at t3. */
const nonTargetBack = (extra: Partial<CaseSpec> = {}): CaseSpec => ({
  targets: [{ values: [{ ld: 40, hu: 80 }, 'absent', 'absent', 'absent'] }],
  nonTargets: [['present', 'absent', 'absent', 'present']],
  ...extra,
})
/** The same with a single CR at t1 (not confirmed) and the non-target back at t2. */
const afterUnconfirmedCr: CaseSpec = { targets: [{ values: [{ ld: 40, hu: 80 }, 'absent', 'absent'] }], nonTargets: [['present', 'absent', 'present']] }

const source = 'EORTC RECIST FAQ "Does a new lesion always result in PD?"'

testCriterion('recist11', [
  { name: `reappearance after CR (${source}): a non-target back after a confirmed CR is PD`, spec: nonTargetBack(), response: 'PD', rule: 'recist11.non-target.reappearance-after-cr', check: (r) => expect(r.timepoints.at(-1)!.nonTargetResponse).toBe('PD') },
  { name: `reappearance after CR (${source}): the explanation quotes the FAQ and names N1`, spec: nonTargetBack(), check: (r) => expect(r.timepoints.at(-1)!.explanation.join(' ')).toMatch(/N1 \(Non-target 1\) reappeared after a confirmed CR: "the reappearance of any malignant lesion results in PD"/) },
  { name: `reappearance after CR (${source}): a non-target still absent after a confirmed CR stays CR`, spec: { ...nonTargetBack(), nonTargets: [['present', 'absent', 'absent', 'absent']] }, response: 'CR' },
  { name: `reappearance after CR (${source}, (*) confirmation): after an unconfirmed CR a returning non-target is PR with a warning`, spec: afterUnconfirmedCr, response: 'PR', findings: ['reappearance-after-unconfirmed-cr'] },
  { name: `reappearance after CR (${source}): with confirmation not required one CR is definitive, so the returning non-target is PD`, spec: { ...afterUnconfirmedCr, settings: { confirmation: 'not-required' } }, response: 'PD', rule: 'recist11.non-target.reappearance-after-cr' },
  { name: `reappearance after CR (${source}): non-target disease only, a lesion back after a confirmed CR is PD`, spec: { nonTargets: [['present', 'absent', 'absent', 'present']] }, response: 'PD', rule: 'recist11.non-target.reappearance-after-cr' },
  // Confirmation at its boundary (RECIST 1.1 §4.6: no less than 4 weeks): CR at day 0 and day 28 is confirmed, day 27 is not.
  { name: `reappearance after CR (${source}; RECIST 1.1 §4.6): CRs 28 days apart are confirmed: PD`, spec: { ...nonTargetBack(), dayOffsets: [0, 42, 70, 112] }, response: 'PD' },
  { name: `reappearance after CR (${source}; RECIST 1.1 §4.6): CRs 27 days apart are not confirmed: PR with a warning`, spec: { ...nonTargetBack(), dayOffsets: [0, 42, 69, 112] }, response: 'PR', findings: ['reappearance-after-unconfirmed-cr'] },
])

testCriterion('irecist', [
  { name: `reappearance after CR (${source}; iRECIST builds on RECIST 1.1): a non-target back after a confirmed iCR is iUPD`, spec: nonTargetBack(), response: 'iUPD' },
])

for (const id of ['choi', 'mchoi']) {
  testCriterion(id, [
    { name: `reappearance after CR (${source}; ${id} combines as RECIST 1.1 Table 1): a non-target back after a confirmed CR is PD`, spec: nonTargetBack(), response: 'PD', rule: `${id}.non-target.reappearance-after-cr` },
    { name: `reappearance after CR (${source}; ${id}): after an unconfirmed CR it is PR with a warning`, spec: afterUnconfirmedCr, response: 'PR', findings: ['reappearance-after-unconfirmed-cr'] },
  ])
}
