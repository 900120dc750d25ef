import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'

/** A target with long axis and mean HU at each timepoint. */
const t = (...points: [number, number][]): { values: Value[] } => ({ values: points.map(([ld, hu]) => ({ ld, hu })) })
const rcc = 'metastatic clear cell renal cell carcinoma'
const spec = (targets: { values: Value[]; organ?: string }[], extra: Partial<CaseSpec> = {}): CaseSpec => ({ diagnosis: rcc, targets, ...extra })

testCriterion('sact', [
  // Spec §4.3 (a): favourable (PR) on a size decrease of 20 % or more.
  { name: 'size −20.00 % is PR (favourable)', spec: spec([t([100, 80], [80, 80])]), response: 'PR', rule: 'sact.target.size-pr', noFindings: ['out-of-validation-domain'] },
  { name: 'size −19.99 % with flat attenuation is SD (indeterminate)', spec: spec([t([100, 80], [80.01, 80])]), response: 'SD', rule: 'sact.target.sd' },
  // Spec §4.3 PD: size increase of 20 % or more (from the nadir by default, A-SM4).
  { name: 'size +20.00 % is PD (unfavourable)', spec: spec([t([100, 80], [120, 80])]), response: 'PD', rule: 'sact.target.size-pd' },
  { name: 'size +19.99 % is SD', spec: spec([t([100, 80], [119.99, 80])]), response: 'SD' },
  { name: '100 → 80 → 96 mm is +20 % from the nadir: PD', spec: spec([t([100, 80], [80, 80], [96, 80])]), response: 'PD' },
  { name: 'with pdReference baseline, 100 → 80 → 96 mm is −4 %: SD', spec: spec([t([100, 80], [80, 80], [96, 80])], { options: { sact: { pdReference: 'baseline' } } }), response: 'SD' },
  // Spec §4.3 (b): size −10 % and one non-lung target down ≥ 40 HU. Three targets, so (c) does not apply.
  { name: 'size −10.00 % with one target down 40 HU (1 of 3) is PR', spec: spec([t([40, 100], [36, 60]), t([30, 80], [27, 80]), t([30, 80], [27, 80])]), response: 'PR', rule: 'sact.target.size-and-attenuation-pr' },
  { name: 'size −9.99 % with one target down 40 HU (1 of 3) is SD', spec: spec([t([40, 100], [36.01, 60]), t([30, 80], [27, 80]), t([30, 80], [27, 80])]), response: 'SD' },
  { name: 'size −10 % with one target down 39.99 HU (1 of 3) is SD', spec: spec([t([40, 100], [36, 60.01]), t([30, 80], [27, 80]), t([30, 80], [27, 80])]), response: 'SD' },
  // Spec §4.3 (c): half or more of the non-lung targets down ≥ 40 HU, whatever the size.
  { name: '1 of 2 non-lung targets down 40 HU (half) is PR with flat size', spec: spec([t([40, 100], [40, 60]), t([30, 80], [30, 80])]), response: 'PR', rule: 'sact.target.attenuation-pr' },
  { name: '2 of 3 non-lung targets down ≥ 40 HU is PR', spec: spec([t([40, 100], [40, 60]), t([30, 100], [30, 45]), t([30, 80], [30, 80])]), response: 'PR' },
  { name: '1 of 3 non-lung targets down 40 HU (under half) with size −5 % is SD', spec: spec([t([40, 100], [38, 60]), t([30, 80], [28.5, 80]), t([30, 80], [28.5, 80])]), response: 'SD' },
  { name: 'a lung target down 40 HU does not count (non-lung targets only)', spec: spec([{ organ: 'lung', ...t([30, 100], [30, 50]) }]), response: 'SD', findings: ['lung-lesion-attenuation'] },
  // halfOfTargetsDenominator (spec §4.3 (c)): among compared targets (default) or all non-lung targets.
  { name: 'a small target is not compared: 1 of 2 compared down 40 HU is PR', spec: spec([t([40, 100], [40, 60]), t([30, 80], [30, 80]), t([12, 80], [12, 80])]), response: 'PR', findings: ['lesion-too-small-for-attenuation'] },
  { name: 'with halfOfTargetsDenominator all_non_lung, 1 of 3 non-lung targets is SD', spec: spec([t([40, 100], [40, 60]), t([30, 80], [30, 80]), t([12, 80], [12, 80])], { options: { sact: { halfOfTargetsDenominator: 'all_non_lung' } } }), response: 'SD' },
  // Spec A-SM2: no exception for marked attenuation on size PD, unless the option says so.
  { name: 'size +20 % with a target down 40 HU is still PD by default', spec: spec([t([100, 100], [120, 60])]), response: 'PD', rule: 'sact.target.size-pd' },
  { name: 'with sactSizePdExceptionForMarkedAttenuation, size +20 % and 1 of 1 down 40 HU is PR', spec: spec([t([100, 100], [120, 60])], { options: { sact: { sactSizePdExceptionForMarkedAttenuation: true } } }), response: 'PR', rule: 'sact.target.attenuation-pr' },
  { name: 'with the exception on, size +20 % and only 39.99 HU down is PD', spec: spec([t([100, 100], [120, 60.01])], { options: { sact: { sactSizePdExceptionForMarkedAttenuation: true } } }), response: 'PD' },
  // Reader-coded morphology (spec §4.5).
  { name: 'marked central fill-in is PD despite shrinkage', spec: spec([{ values: [{ ld: 100, hu: 30 }, { ld: 92, hu: 30, findings: ['central-fill-in'] }] }]), response: 'PD', rule: 'sact.target.central-fill-in' },
  { name: 'new enhancement in a non-enhancing mass is PD', spec: spec([{ values: [{ ld: 100, hu: 20 }, { ld: 100, hu: 20, findings: ['new-enhancement'] }] }]), response: 'PD', rule: 'sact.target.new-enhancement' },
  { name: 'a new lesion is PD despite a 30 % shrinkage', spec: spec([t([100, 80], [70, 40])], { newLesions: [{ at: 1 }] }), response: 'PD', rule: 'sact.new-lesion' },
  { name: 'unequivocal non-target progression is PD', spec: spec([t([100, 80], [70, 40])], { nonTargets: [['present', 'unequivocal-progression']] }), response: 'PD', rule: 'sact.non-target.pd' },
  // No CR category: every target gone is favourable (PR).
  { name: 'every target gone is PR (SACT has no complete response)', spec: spec([{ values: [{ ld: 40, hu: 80 }, 'absent'] }]), response: 'PR' },
  // Guards shared with Choi (spec A-SM3).
  { name: 'a phase change blocks attenuation: size only, SD', spec: spec([t([40, 100], [40, 50])], { timepoints: { 1: { contrastPhase: 'arterial' } } }), response: 'SD', findings: ['acquisition-mismatch'] },
  { name: 'a kVp change blocks attenuation', spec: spec([t([40, 100], [40, 50])], { timepoints: { 1: { kvp: 100 } } }), response: 'SD', findings: ['acquisition-mismatch'] },
  { name: 'a mineralized target is left out of attenuation', spec: spec([t([40, 200], [40, 100])]), response: 'SD', findings: ['mineralized-lesion'] },
  { name: 'an absolute fall from 0 HU counts (no percentage is taken)', spec: spec([t([40, 0], [40, -40])]), response: 'PR', noFindings: ['non-positive-baseline-hu'] },
  // Missing targets: PD if a lower bound proves it, otherwise NE.
  { name: 'a missing target with the rest +20 % over the whole baseline sum is PD', spec: spec([t([50, 80], [72, 80]), { values: [{ ld: 10, hu: 80 }, 'not-evaluated'] }]), response: 'PD', rule: 'sact.target.pd-with-missing-targets' },
  { name: 'a missing target otherwise is NE', spec: spec([t([50, 80], [40, 80]), { values: [{ ld: 10, hu: 80 }, 'not-evaluated'] }]), response: 'NE' },
  { name: 'no target lesions: NE', spec: { diagnosis: rcc, nonTargets: [['present', 'present']] }, response: 'NE', rule: 'sact.no-targets' },
  // Spec A-SM5: validated only in renal cell carcinoma.
  { name: 'no diagnosis recorded: out of the validation domain', spec: { targets: [t([100, 80], [80, 80])] }, findings: ['out-of-validation-domain'] },
  { name: 'osteosarcoma: out of the validation domain', spec: spec([t([100, 80], [80, 80])], { diagnosis: 'osteosarcoma' }), findings: ['out-of-validation-domain'] },
  { name: '"RCC" is recognised as renal cell carcinoma', spec: spec([t([100, 80], [80, 80])], { diagnosis: 'ccRCC, lung metastases' }), noFindings: ['out-of-validation-domain'] },
])
