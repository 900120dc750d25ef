import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'

/** One liver target with long axis and mean HU at baseline and follow-up. */
const lesion = (ld0: number, hu0: number, ld1: number, hu1: number, extra: Partial<CaseSpec> = {}): CaseSpec => ({
  targets: [{ values: [{ ld: ld0, hu: hu0 }, { ld: ld1, hu: hu1 }] as Value[] }],
  ...extra,
})

testCriterion('choi', [
  // Choi 2007 Table 3, size: PR at ≥ 10 % decrease, PD at ≥ 10 % increase (≥, spec A-C1).
  { name: 'size −10.00 % with flat attenuation is PR', spec: lesion(100, 80, 90, 80), response: 'PR', rule: 'choi.target.pr' },
  { name: 'size −9.99 % with flat attenuation is SD', spec: lesion(100, 80, 90.01, 80), response: 'SD', rule: 'choi.target.sd' },
  { name: 'size +10.00 % with flat attenuation is PD', spec: lesion(100, 80, 110, 80), response: 'PD', rule: 'choi.target.size-pd' },
  { name: 'size +9.99 % with flat attenuation is SD', spec: lesion(100, 80, 109.99, 80), response: 'SD' },
  // Attenuation: PR at ≥ 15 % decrease of the mean HU vs baseline.
  { name: 'attenuation −15.00 % is PR', spec: lesion(100, 80, 100, 68), response: 'PR' },
  { name: 'attenuation −14.99 % is SD', spec: lesion(100, 100, 100, 85.01), response: 'SD' },
  { name: 'size +12 % is not PD when attenuation fell ≥ 15 %: PR', spec: lesion(100, 75, 112, 63.75), response: 'PR' },
  { name: 'size +12 % with attenuation −14.99 % is PD', spec: lesion(100, 100, 112, 85.01), response: 'PD' },
  // PD reference (spec A-C2): nadir by default, baseline as an option.
  {
    name: 'size PD is measured from the nadir by default (100 → 80 → 90 is +12.5 %)',
    spec: { targets: [{ values: [{ ld: 100, hu: 80 }, { ld: 80, hu: 80 }, { ld: 90, hu: 80 }] }] },
    response: 'PD',
  },
  {
    name: 'with pdReference baseline, 100 → 80 → 90 is −10 % from baseline: PR',
    spec: { targets: [{ values: [{ ld: 100, hu: 80 }, { ld: 80, hu: 80 }, { ld: 90, hu: 80 }] }], options: { choi: { pdReference: 'baseline' } } },
    response: 'PR',
  },
  // Spec A-C6: optional absolute floor for size PD.
  { name: 'absoluteFloorMm 5: +10 % but +2 mm is not PD', spec: lesion(20, 80, 22, 80, { options: { choi: { absoluteFloorMm: 5 } } }), response: 'SD' },
  { name: 'absoluteFloorMm 5: +25 % and +5 mm is PD', spec: lesion(20, 80, 25, 80, { options: { choi: { absoluteFloorMm: 5 } } }), response: 'PD' },
  // Intratumoral nodules, new lesions, non-targets.
  {
    name: 'a new intratumoral nodule is PD despite shrinkage and darkening',
    spec: { targets: [{ values: [{ ld: 100, hu: 90 }, { ld: 80, hu: 60, findings: ['new-intratumoral-nodule'] }] }] },
    response: 'PD',
    rule: 'choi.target.intratumoral-nodule',
  },
  {
    name: 'an enlarging intratumoral nodule is PD',
    spec: { targets: [{ values: [{ ld: 100, hu: 90 }, { ld: 100, hu: 90, findings: ['enlarging-intratumoral-nodule'] }] }] },
    response: 'PD',
  },
  { name: 'a new lesion is PD', spec: lesion(100, 80, 80, 60, { newLesions: [{ at: 1 }] }), response: 'PD', rule: 'choi.new-lesion' },
  { name: 'unequivocal non-target progression is PD', spec: lesion(100, 80, 80, 60, { nonTargets: [['present', 'unequivocal-progression']] }), response: 'PD' },
  { name: 'all targets gone with non-targets present is PR (combined as RECIST Table 1)', spec: { targets: [{ values: [40, 'absent'] }], nonTargets: [['present', 'present']] }, response: 'PR', targetResponse: 'CR' },
  // Acquisition guards (spec A-C5, §9.5): phase or kVp mismatch → attenuation not compared.
  { name: 'a phase change blocks the attenuation criterion: size-only SD', spec: lesion(100, 80, 100, 40, { timepoints: { 1: { contrastPhase: 'arterial' } } }), response: 'SD', findings: ['acquisition-mismatch'] },
  { name: 'a kVp change blocks the attenuation criterion', spec: lesion(100, 80, 100, 40, { timepoints: { 1: { kvp: 100 } } }), response: 'SD', findings: ['acquisition-mismatch'] },
  { name: 'like kVp and phase: attenuation compared', spec: lesion(100, 80, 100, 40), response: 'PR', noFindings: ['acquisition-mismatch', 'kvp-unrecorded'] },
  { name: 'unrecorded kVp: attenuation compared, with a finding', spec: lesion(100, 80, 100, 40, { timepoints: { 1: { kvp: undefined } } }), response: 'PR', findings: ['kvp-unrecorded'] },
  { name: 'non-contrast CT at both: attenuation not compared', spec: lesion(100, 80, 100, 40, { timepoint: { contrastPhase: 'non-contrast' } }), response: 'SD' },
  { name: 'MRI: attenuation not compared', spec: lesion(100, 80, 100, 40, { timepoint: { modality: 'MRI' } }), response: 'SD' },
  // Choi 2007 as published (issue #10 item 5): no HU ceiling, no minimum size, no lung exclusion by default.
  { name: 'Choi 2007 as published: a target at 3071 HU at baseline is compared (no HU ceiling)', spec: lesion(100, 3071, 100, 2000), response: 'PR', noFindings: ['mineralized-lesion'] },
  { name: 'Choi 2007 as published: a 5 mm target is compared (no minimum size)', spec: lesion(5, 80, 5, 60), response: 'PR', noFindings: ['lesion-too-small-for-attenuation'] },
  { name: 'Choi 2007 as published: a lung target is compared (no lung exclusion)', spec: { targets: [{ organ: 'Right lung', values: [{ ld: 30, hu: 80 }, { ld: 30, hu: 40 }] }] }, response: 'PR', noFindings: ['lung-lesion-attenuation', 'attenuation-safeguards'] },
  { name: 'Choi 2007 as published: a target the reader flags as mineralized is still left out', spec: { targets: [{ values: [{ ld: 100, hu: 80, findings: ['mineralization'] }, { ld: 100, hu: 60 }] }] }, response: 'SD', findings: ['mineralized-lesion'] },
  // The osteosarcoma safeguards profile (spec §9.2, §9.6): 150 HU, 15 mm, lung — each at its threshold, both sides.
  { name: 'osteosarcoma safeguards (spec §9.2): baseline 150 HU is not presumed mineralized', spec: lesion(100, 150, 100, 120, { options: { choi: { safeguards: 'osteosarcoma' } } }), response: 'PR', noFindings: ['mineralized-lesion'], findings: ['attenuation-safeguards'] },
  { name: 'osteosarcoma safeguards (spec §9.2): baseline 150.01 HU is presumed mineralized and left out', spec: lesion(100, 150.01, 100, 120, { options: { choi: { safeguards: 'osteosarcoma' } } }), response: 'SD', findings: ['mineralized-lesion', 'safeguards-change-response'] },
  { name: 'osteosarcoma safeguards: mineralizedHuThreshold set explicitly wins over the profile', spec: lesion(100, 180, 100, 120, { options: { choi: { safeguards: 'osteosarcoma', mineralizedHuThreshold: 200 } } }), response: 'PR' },
  { name: 'osteosarcoma safeguards (spec §9.6): a 15 mm target is large enough for attenuation', spec: lesion(15, 80, 15, 60, { options: { choi: { safeguards: 'osteosarcoma' } } }), response: 'PR' },
  { name: 'osteosarcoma safeguards (spec §9.6): a 14.99 mm target is too small for attenuation', spec: lesion(14.99, 80, 14.99, 60, { options: { choi: { safeguards: 'osteosarcoma' } } }), response: 'SD', findings: ['lesion-too-small-for-attenuation'] },
  { name: 'osteosarcoma safeguards (spec §9.6): a lung target is left out of attenuation', spec: { targets: [{ organ: 'Right lung', values: [{ ld: 30, hu: 80 }, { ld: 30, hu: 40 }] }], options: { choi: { safeguards: 'osteosarcoma' } } }, response: 'SD', findings: ['lung-lesion-attenuation'] },
  { name: 'a safeguard set on its own (minLdForDensityMm 15, no profile) applies too', spec: lesion(14.99, 80, 14.99, 60, { options: { choi: { minLdForDensityMm: 15 } } }), response: 'SD', findings: ['lesion-too-small-for-attenuation', 'attenuation-safeguards'] },
  // Whenever a safeguard changes the answer the result says both (issue #10 item 5): a field, an explanation line and a finding.
  {
    name: 'safeguards disagreement (issue #10 item 5): as published PR, with the osteosarcoma safeguards SD, both in the result',
    spec: { targets: [{ organ: 'Left lung', values: [{ ld: 12, hu: 80 }, { ld: 12, hu: 60 }] }], settings: { confirmation: 'not-required' } },
    response: 'PR',
    findings: ['safeguards-change-response'],
    check: (r) => {
      const t = r.timepoints.at(-1)!
      const summary = 'PR as published; SD with the osteosarcoma safeguards: T1 (Target 1) is a 12 mm lung target'
      expect(t.safeguards).toEqual({ profile: 'published', otherProfile: 'osteosarcoma', otherResponse: 'SD', otherTargetResponse: 'SD', reasons: ['T1 (Target 1) is a 12 mm lung target'], summary })
      expect(t.explanation.at(-1)).toBe(`${summary}.`)
      expect(r.best).toMatchObject({ response: 'PR', safeguards: { otherResponse: 'SD', summary } })
    },
  },
  {
    name: 'safeguards disagreement (issue #10 item 5): under the profile the result is SD and names PR as published',
    spec: { targets: [{ organ: 'Left lung', values: [{ ld: 12, hu: 80 }, { ld: 12, hu: 60 }] }], options: { choi: { safeguards: 'osteosarcoma' } } },
    response: 'SD',
    check: (r) => expect(r.timepoints.at(-1)!.safeguards).toMatchObject({ profile: 'osteosarcoma', otherProfile: 'published', otherResponse: 'PR', summary: 'PR as published; SD with the osteosarcoma safeguards: T1 (Target 1) is a 12 mm lung target' }),
  },
  { name: 'no disagreement, no safeguards field: a 30 mm liver target reads the same under both', spec: lesion(30, 80, 30, 60), response: 'PR', noFindings: ['safeguards-change-response'], check: (r) => expect(r.timepoints.at(-1)!.safeguards).toBeUndefined() },
  {
    name: 'safeguards that exclude a target without changing the answer add no disagreement',
    spec: { targets: [{ organ: 'Left lung', values: [{ ld: 12, hu: 80 }, { ld: 12, hu: 79 }] }] },
    response: 'SD',
    noFindings: ['safeguards-change-response'],
    check: (r) => expect(r.timepoints.at(-1)!.safeguards).toBeUndefined(),
  },
  // Mean of lesion means (spec A-C4): 80 & 60 → 60 & 59 is exactly −15 %.
  {
    name: 'the mean of lesion means: (80, 60) → (60, 59) is −15.0 %: PR',
    spec: { targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 49, hu: 60 }] }, { values: [{ ld: 50, hu: 60 }, { ld: 49, hu: 59 }] }] },
    response: 'PR',
    check: (r) => expect(r.timepoints[0]!.attenuation).toMatchObject({ status: 'compared', baselineHu: 70, currentHu: 59.5, changePct: -15 }),
  },
  { name: 'osteosarcoma: Choi is flagged exploratory', spec: lesion(100, 80, 100, 80, { diagnosis: 'Osteosarcoma' }), findings: ['not-validated-in-osteosarcoma'] },
  // RECIST 1.0 target selection (Therasse 2000; issue #10 item 6): no short-axis rule, nodes measured by their longest diameter.
  { name: 'RECIST 1.0 (Therasse 2000): a node of 25 mm long axis, 12 mm short axis is a measurable target (no short-axis rule)', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 25, sa: 12, hu: 80 }, { ld: 25, sa: 12, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } }, noFindings: ['node-target-below-15mm', 'target-below-threshold'] },
  { name: 'RECIST 1.1 (default): the same node, 12 mm short axis, is under 15 mm', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 25, sa: 12, hu: 80 }, { ld: 25, sa: 12, hu: 80 }] }] }, findings: ['node-target-below-15mm'] },
  { name: 'RECIST 1.0 (Therasse 2000): a node of 9.99 mm long axis is under the 10 mm measurability threshold', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 9.99, sa: 8, hu: 80 }, { ld: 9.99, sa: 8, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } }, findings: ['target-below-threshold'] },
  { name: 'RECIST 1.0 (Therasse 2000): a node of 10 mm long axis is measurable', spec: { targets: [{ kind: 'lymph-node', values: [{ ld: 10, sa: 8, hu: 80 }, { ld: 10, sa: 8, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } }, noFindings: ['target-below-threshold'] },
  {
    name: 'RECIST 1.0 (Therasse 2000): nodes are summed by long axis: 100 → 90 mm is −10.00 %, PR',
    spec: { targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 50, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 50, sa: 20, hu: 80 }, { ld: 40, sa: 20, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } },
    response: 'PR',
    check: (r) => {
      expect([r.timepoints[0]!.baselineSumMm, r.timepoints[0]!.sumMm]).toEqual([100, 90])
      expect(r.timepoints[0]!.explanation[0]).toContain('Sum of long axes (nodes T2 by their long axis too) 90 mm')
    },
  },
  { name: 'RECIST 1.0 (Therasse 2000): 100 → 90.01 mm by long axes is −9.99 %, SD', spec: { targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 50.01, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 50, sa: 20, hu: 80 }, { ld: 40, sa: 20, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } }, response: 'SD' },
  { name: 'RECIST 1.1 (default): the same nodes by short axis, 70 → 70 mm, SD', spec: { targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 50, hu: 80 }] }, { kind: 'lymph-node', values: [{ ld: 50, sa: 20, hu: 80 }, { ld: 40, sa: 20, hu: 80 }] }] }, response: 'SD', check: (r) => expect(r.timepoints[0]!.sumMm).toBe(70) },
  { name: 'RECIST 1.0 (Therasse 2000): CR needs every target gone, a node at 8 mm long axis too: PR', spec: { targets: [{ values: [{ ld: 50, hu: 80 }, 'absent'] }, { kind: 'lymph-node', values: [{ ld: 30, sa: 20, hu: 80 }, { ld: 8, sa: 5, hu: 80 }] }], options: { choi: { targetSelection: 'RECIST1.0' } } }, targetResponse: 'PR' },
  { name: 'RECIST 1.1 (default): a node back under 10 mm short axis with the rest gone is CR', spec: { targets: [{ values: [{ ld: 50, hu: 80 }, 'absent'] }, { kind: 'lymph-node', values: [{ ld: 30, sa: 20, hu: 80 }, { ld: 8, sa: 5, hu: 80 }] }] }, targetResponse: 'CR' },
  { name: 'RECIST 1.0 selection allows 6 targets', spec: { targets: ['liver', 'liver', 'lung', 'lung', 'spleen', 'kidney'].map((organ) => ({ organ, values: [20, 20] })), options: { choi: { targetSelection: 'RECIST1.0' } } }, noFindings: ['too-many-targets'] },
  { name: 'RECIST 1.1 selection (default) flags 6 targets', spec: { targets: ['liver', 'liver', 'lung', 'lung', 'spleen', 'kidney'].map((organ) => ({ organ, values: [20, 20] })) }, findings: ['too-many-targets'] },
])

const arterial = { timepoint: { contrastPhase: 'arterial' as const } }

testCriterion('mchoi', [
  // Nathan 2010: PR needs BOTH ≥ 10 % size and ≥ 15 % attenuation decrease.
  { name: 'size −10.00 % and attenuation −15.00 % is PR', spec: lesion(100, 100, 90, 85, arterial), response: 'PR', rule: 'mchoi.target.pr' },
  { name: 'size −9.99 % and attenuation −15 % is SD', spec: lesion(100, 100, 90.01, 85, arterial), response: 'SD' },
  { name: 'size −10 % and attenuation −14.99 % is SD', spec: lesion(100, 100, 90, 85.01, arterial), response: 'SD' },
  { name: 'size −25 % alone is SD (Choi would say PR)', spec: lesion(100, 80, 75, 76, arterial), response: 'SD' },
  { name: 'size +10 % is PD with flat attenuation', spec: lesion(100, 70, 110, 70, arterial), response: 'PD' },
  { name: 'size +9.99 % is SD', spec: lesion(100, 70, 109.99, 70, arterial), response: 'SD' },
  // Spec A-M1: densityVetoOnPD.
  { name: 'size +10 %, attenuation −20 %: SD with densityVetoOnPD (default)', spec: lesion(100, 100, 110, 80, arterial), response: 'SD' },
  { name: 'size +10 %, attenuation −20 %: PD without densityVetoOnPD', spec: lesion(100, 100, 110, 80, { ...arterial, options: { mchoi: { densityVetoOnPD: false } } }), response: 'PD' },
  // Spec A-M3: the density phase is required at every timepoint.
  { name: 'portal-venous scans under the arterial default: density not evaluable, SD at best', spec: lesion(100, 100, 80, 60), response: 'SD', findings: ['density-phase-missing'] },
  { name: 'densityPhase portal-venous accepts portal-venous scans', spec: lesion(100, 100, 80, 60, { options: { mchoi: { densityPhase: 'portal-venous' } } }), response: 'PR' },
  { name: 'a new lesion is PD', spec: lesion(100, 100, 70, 70, { ...arterial, newLesions: [{ at: 1 }] }), response: 'PD' },
  { name: 'all targets gone and no non-targets is CR', spec: { targets: [{ values: [40, 'absent'] }], ...arterial }, response: 'CR' },
])
