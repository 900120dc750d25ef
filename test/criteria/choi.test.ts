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
  // Mineralization (spec §9.2): flag, or baseline HU over 150.
  { name: 'baseline 150 HU is not presumed mineralized', spec: lesion(100, 150, 100, 120), response: 'PR', noFindings: ['mineralized-lesion'] },
  { name: 'baseline 150.01 HU is presumed mineralized and left out', spec: lesion(100, 150.01, 100, 120), response: 'SD', findings: ['mineralized-lesion'] },
  { name: 'mineralizedHuThreshold is an option', spec: lesion(100, 180, 100, 120, { options: { choi: { mineralizedHuThreshold: 200 } } }), response: 'PR' },
  // Small and lung lesions (spec §9.6).
  { name: 'a 15 mm target is large enough for attenuation', spec: lesion(15, 80, 15, 60), response: 'PR' },
  { name: 'a 14.99 mm target is too small for attenuation', spec: lesion(14.99, 80, 14.99, 60), response: 'SD', findings: ['lesion-too-small-for-attenuation'] },
  { name: 'a lung target is left out of attenuation by default', spec: { targets: [{ organ: 'Right lung', values: [{ ld: 30, hu: 80 }, { ld: 30, hu: 40 }] }] }, response: 'SD', findings: ['lung-lesion-attenuation'] },
  { name: 'excludeLungFromDensity false lets a lung target in', spec: { targets: [{ organ: 'lung', values: [{ ld: 30, hu: 80 }, { ld: 30, hu: 40 }] }], options: { choi: { excludeLungFromDensity: false } } }, response: 'PR' },
  // Mean of lesion means (spec A-C4): 80 & 60 → 60 & 59 is exactly −15 %.
  {
    name: 'the mean of lesion means: (80, 60) → (60, 59) is −15.0 %: PR',
    spec: { targets: [{ values: [{ ld: 50, hu: 80 }, { ld: 49, hu: 60 }] }, { values: [{ ld: 50, hu: 60 }, { ld: 49, hu: 59 }] }] },
    response: 'PR',
    check: (r) => expect(r.timepoints[0]!.attenuation).toMatchObject({ status: 'compared', baselineHu: 70, currentHu: 59.5, changePct: -15 }),
  },
  { name: 'osteosarcoma: Choi is flagged exploratory', spec: lesion(100, 80, 100, 80, { diagnosis: 'Osteosarcoma' }), findings: ['not-validated-in-osteosarcoma'] },
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
