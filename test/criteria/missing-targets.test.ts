/**
 * Issue #10 items 1 and 3, across every diameter-based criterion at once, so they cannot drift
 * apart: the one missing-targets rule (RECIST 1.1 §4.4; criteria/shared/growth.ts) and the
 * explanations naming exactly what was summed.
 */
import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'

const rcc = 'metastatic clear cell renal cell carcinoma'

/**
 * Two targets gone at t1 (nadir 0 mm, a non-target still present, so the overall response is PR,
 * not CR), then at t2 T1 reads `t1value` and T2 is not evaluated.
 */
const afterNadirZero = (t1value: Value): CaseSpec => ({
  diagnosis: rcc,
  targets: [{ values: [40, 'absent', t1value] }, { values: [30, 'absent', 'not-evaluated'] }],
  nonTargets: [['present', 'present', 'present']],
})

const sizeCriteria = ['recist11', 'choi', 'mchoi', 'sact', 'mass'] as const

for (const id of sizeCriteria) {
  testCriterion(id, [
    {
      name: `missing-targets rule (RECIST 1.1 §4.4; issue #10): nadir 0 mm, one target absent and one not evaluated is NE, not PD (no growth)`,
      spec: afterNadirZero('absent'),
      response: 'NE',
      targetResponse: 'NE',
      rule: `${id}.target.not-all-evaluated`,
      check: (r) => expect(r.timepoints.at(-1)!.explanation.join(' ')).toContain('does not prove growth'),
    },
    {
      name: `missing-targets rule (RECIST 1.1 §4.4; issue #10): nadir 0 mm, a 5 mm reappearance with a target not evaluated proves growth: PD`,
      spec: afterNadirZero(5),
      response: 'PD',
      rule: `${id}.target.pd-with-missing-targets`,
    },
  ])
}

// The threshold of each criterion at the lower bound (both sides), with a target missing.
testCriterion('recist11', [
  { name: 'missing-targets rule (RECIST 1.1 §4.3.1, §4.4): from nadir 0, a 4.99 mm reappearance with a target missing is NE (5 mm not met)', spec: afterNadirZero(4.99), response: 'NE' },
  { name: 'missing-targets rule (RECIST 1.1 §4.4): measured part 40 mm over a 35 mm nadir with a target missing is PD (≥ 20 % and ≥ 5 mm)', spec: { targets: [{ values: [25, 42] }, { values: [10, 'not-evaluated'] }] }, response: 'PD', rule: 'recist11.target.pd-with-missing-targets' },
  { name: 'missing-targets rule (RECIST 1.1 §4.4): measured part 41.99 mm over a 35 mm nadir is below 20 %: NE', spec: { targets: [{ values: [25, 41.99] }, { values: [10, 'not-evaluated'] }] }, response: 'NE' },
])

testCriterion('choi', [
  { name: 'missing-targets rule (Choi 2007 Table 3, RECIST 1.1 §4.4): measured part +10.00 % over the baseline sum with a target missing is PD', spec: { targets: [{ values: [{ ld: 60, hu: 80 }, { ld: 88, hu: 80 }] }, { values: [{ ld: 20, hu: 80 }, 'not-evaluated'] }] }, response: 'PD', rule: 'choi.target.pd-with-missing-targets' },
  { name: 'missing-targets rule (Choi 2007 Table 3, RECIST 1.1 §4.4): measured part +9.99 % with a target missing is NE', spec: { targets: [{ values: [{ ld: 60, hu: 80 }, { ld: 87.99, hu: 80 }] }, { values: [{ ld: 20, hu: 80 }, 'not-evaluated'] }] }, response: 'NE', rule: 'choi.target.not-all-evaluated' },
  { name: 'Choi 2007 Table 3 (PD needs an increase): all targets gone twice (0 mm → 0 mm, complete) is CR, not PD', spec: { targets: [{ values: [40, 'absent', 'absent'] }] }, response: 'CR' },
])

testCriterion('who', [
  {
    name: 'missing-targets rule (WHO, Miller 1981; issue #10): nadir 0, one lesion absent and one not evaluated is NE in sum mode',
    spec: { targets: [{ values: [{ ld: 40, sa: 30 }, 'absent', 'absent'] }, { values: [{ ld: 30, sa: 20 }, 'absent', 'not-evaluated'] }], nonTargets: [['present', 'present', 'present']], options: { who: { whoPdMode: 'sum' } } },
    response: 'NE',
    rule: 'who.target.not-all-evaluated',
  },
  {
    name: 'missing-targets rule (WHO, Miller 1981; issue #10): nadir 0, one lesion back at 5 × 5 mm and one not evaluated is PD in sum mode',
    spec: { targets: [{ values: [{ ld: 40, sa: 30 }, 'absent', { ld: 5, sa: 5 }] }, { values: [{ ld: 30, sa: 20 }, 'absent', 'not-evaluated'] }], nonTargets: [['present', 'present', 'present']], options: { who: { whoPdMode: 'sum' } } },
    response: 'PD',
    rule: 'who.target.pd-with-missing-lesions',
  },
])

// Issue #10 item 3: every explanation names what it summed.
const withNode: CaseSpec = {
  diagnosis: rcc,
  targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 40, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 40, sa: 20, hu: 80 }, { ld: 40, sa: 10, hu: 80 }] }],
}
const explanationOf = (r: { timepoints: { explanation: string[] }[] }) => r.timepoints.at(-1)!.explanation.join(' ')

testCriterion('recist11', [
  {
    name: 'explanation names the sum (RECIST 1.1 §4.3.2; issue #10 item 3): long axes, and the short axis of node T2',
    spec: withNode,
    check: (r) => {
      expect(explanationOf(r)).toContain('Sum of diameters (long axes; short axes of the nodes T2) 50 mm')
      expect(r.timepoints.at(-1)!.sumMm).toBe(50)
    },
  },
  { name: 'explanation names the sum (RECIST 1.1; issue #10 item 3): no node, "Sum of long axes"', spec: { targets: [{ values: [50, 40] }] }, check: (r) => expect(explanationOf(r)).toContain('Sum of long axes 40 mm') },
])

testCriterion('choi', [
  { name: 'explanation names the sum (Choi 2007 uses the RECIST sum; issue #10 item 3)', spec: withNode, check: (r) => expect(explanationOf(r)).toContain('Sum of diameters (long axes; short axes of the nodes T2) 50 mm') },
])

testCriterion('mass', [
  { name: 'explanation names the sum (MASS, Smith AJR 2010;194:1470; issue #10 item 3): the RECIST sum, node by short axis', spec: withNode, check: (r) => expect(explanationOf(r)).toContain('Sum of diameters (long axes; short axes of the nodes T2) 50 mm') },
])

testCriterion('sact', [
  {
    name: 'SACT sums long axes (Smith AJR 2010;194:157 "tumor long-axis measurements"; issue #10 item 3): node T2 by its long axis, 90 → 80 mm',
    spec: withNode,
    check: (r) => {
      expect(r.timepoints.at(-1)!.sumMm).toBe(80)
      expect(r.timepoints.at(-1)!.baselineSumMm).toBe(90)
      expect(explanationOf(r)).toContain('Sum of long axes (nodes T2 by their long axis too) 80 mm')
    },
  },
  {
    name: 'SACT sizeMeasure recist_sum keeps the RECIST sum (issue #10 item 3): node T2 by its short axis, 70 → 50 mm',
    spec: { ...withNode, options: { sact: { sizeMeasure: 'recist_sum' } } },
    check: (r) => {
      expect(r.timepoints.at(-1)!.sumMm).toBe(50)
      expect(explanationOf(r)).toContain('Sum of diameters (long axes; short axes of the nodes T2) 50 mm')
    },
  },
  // Long axes: 100 → 80 (node 40 → 20 long axis) is −20 %, favourable; by the RECIST sum (short axes 20 → 19) only −17.5 %.
  {
    name: 'SACT long-axis sum (Smith 2010): −20.00 % by long axes is PR (favourable)',
    spec: { diagnosis: rcc, targets: [{ values: [{ ld: 60, hu: 80 }, { ld: 60, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 40, sa: 20, hu: 80 }, { ld: 20, sa: 19, hu: 80 }] }] },
    response: 'PR',
    rule: 'sact.target.size-pr',
  },
  {
    name: 'SACT long-axis sum (Smith 2010): −19.99 % by long axes is SD',
    spec: { diagnosis: rcc, targets: [{ values: [{ ld: 60, hu: 80 }, { ld: 60.01, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 40, sa: 20, hu: 80 }, { ld: 20, sa: 10, hu: 80 }] }] },
    response: 'SD',
  },
  {
    name: 'SACT long-axis sum: a node recorded by its short axis only is not evaluated, with a finding (node-long-axis-missing)',
    spec: { diagnosis: rcc, targets: [{ values: [{ ld: 60, hu: 80 }, { ld: 60, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 40, sa: 20, hu: 80 }, { sa: 10, hu: 80 }] }] },
    response: 'NE',
    findings: ['node-long-axis-missing'],
  },
])
