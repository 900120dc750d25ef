import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'

/** A target with long axis and mean HU at each timepoint. */
const t = (...points: [number, number][]): { values: Value[] } => ({ values: points.map(([ld, hu]) => ({ ld, hu })) })
const rcc = 'renal cell carcinoma'
const spec = (targets: { values: Value[]; organ?: string; cystic?: boolean }[], extra: Partial<CaseSpec> = {}): CaseSpec => ({ diagnosis: rcc, targets, ...extra })
const necrotic = (ld0: number, ld1: number, cystic = false) => ({ cystic, values: [{ ld: ld0, hu: 80 }, { ld: ld1, hu: 80, findings: ['marked-central-necrosis' as const] }] })

testCriterion('mass', [
  // Spec §4.4 favourable (a): size decrease of 20 % or more.
  { name: 'size −20.00 % is PR (favourable)', spec: spec([t([100, 80], [80, 80])]), response: 'PR', rule: 'mass.target.size-pr', noFindings: ['out-of-validation-domain'] },
  { name: 'size −19.99 % with flat attenuation is SD (indeterminate)', spec: spec([t([100, 80], [80.01, 80])]), response: 'SD', rule: 'mass.target.sd' },
  // Spec §4.4 unfavourable (a): size increase of 20 % or more without marked necrosis or attenuation fall.
  { name: 'size +20.00 % without marked changes is PD (unfavourable)', spec: spec([t([100, 80], [120, 80])]), response: 'PD', rule: 'mass.target.size-pd' },
  { name: 'size +19.99 % is SD', spec: spec([t([100, 80], [119.99, 80])]), response: 'SD' },
  // Spec §4.4 favourable (b): marked decreased attenuation (≥ 40 HU, inclusive) in one solid target.
  { name: 'one target down 40.00 HU with size +5 % is PR', spec: spec([t([100, 100], [105, 60])]), response: 'PR', rule: 'mass.target.marked-pr' },
  { name: 'one target down 39.99 HU with size +5 % is SD', spec: spec([t([100, 100], [105, 60.01])]), response: 'SD' },
  // The deliberate MASS exception: growth with marked changes is favourable.
  { name: 'size +25 % with a 50 HU fall is PR (necrotic swelling)', spec: spec([t([100, 100], [125, 50])]), response: 'PR', rule: 'mass.target.marked-despite-growth' },
  { name: 'size +25 % with a 39.99 HU fall is PD', spec: spec([t([100, 100], [125, 60.01])]), response: 'PD' },
  { name: 'size +25 % with reader-called marked central necrosis is PR', spec: spec([necrotic(100, 125)]), response: 'PR', rule: 'mass.target.marked-despite-growth' },
  { name: 'marked central necrosis with size −2 % is PR', spec: spec([necrotic(100, 98)]), response: 'PR', rule: 'mass.target.marked-pr' },
  { name: 'necrosis in a target marked cystic does not count (not predominantly solid)', spec: spec([necrotic(100, 98, true)]), response: 'SD', findings: ['not-solid-enhancing'] },
  { name: 'an attenuation fall in a cystic target does not count', spec: spec([{ cystic: true, ...t([100, 100], [100, 50]) }]), response: 'SD', findings: ['not-solid-enhancing'] },
  // Unfavourable (b): new lesions, fill-in, new enhancement.
  { name: 'a new metastasis is PD despite −30 %', spec: spec([t([100, 80], [70, 80])], { newLesions: [{ at: 1 }] }), response: 'PD', rule: 'mass.new-lesion' },
  { name: 'marked central fill-in is PD', spec: spec([{ values: [{ ld: 100, hu: 30 }, { ld: 90, hu: 30, findings: ['central-fill-in'] }] }]), response: 'PD', rule: 'mass.target.central-fill-in' },
  { name: 'new enhancement in a non-enhancing mass is PD', spec: spec([{ values: [{ ld: 100, hu: 20 }, { ld: 100, hu: 20, findings: ['new-enhancement'] }] }]), response: 'PD', rule: 'mass.target.new-enhancement' },
  // PD reference (A-SM4).
  { name: '100 → 80 → 96 mm is +20 % from the nadir: PD', spec: spec([t([100, 80], [80, 80], [96, 80])]), response: 'PD' },
  { name: 'with pdReference baseline, 100 → 80 → 96 mm is SD', spec: spec([t([100, 80], [80, 80], [96, 80])], { options: { mass: { pdReference: 'baseline' } } }), response: 'SD' },
  // Portal venous phase (abstract) and the shared guards.
  { name: 'arterial-phase CT blocks the attenuation rule: size only', spec: spec([t([100, 100], [100, 50])], { timepoint: { contrastPhase: 'arterial' } }), response: 'SD', findings: ['density-phase-missing'] },
  { name: 'a lung target is left out of the attenuation rule by default', spec: spec([{ organ: 'lung', ...t([30, 100], [30, 50]) }]), response: 'SD', findings: ['lung-lesion-attenuation'] },
  { name: 'excludeLungFromDensity false lets a lung target count', spec: spec([{ organ: 'lung', ...t([30, 100], [30, 50]) }], { options: { mass: { excludeLungFromDensity: false } } }), response: 'PR' },
  { name: 'minLdForDensityMm is an option', spec: spec([t([12, 100], [12, 50])], { options: { mass: { minLdForDensityMm: 10 } } }), response: 'PR' },
  { name: 'a mineralized target (flag) is left out', spec: spec([{ values: [{ ld: 40, hu: 100, findings: ['mineralization'] }, { ld: 40, hu: 50 }] }]), response: 'SD', findings: ['mineralized-lesion'] },
  // Missing targets.
  { name: 'a missing target with the rest +20 % and no marked change is PD', spec: spec([t([50, 80], [72, 80]), { values: [{ ld: 10, hu: 80 }, 'not-evaluated'] }]), response: 'PD', rule: 'mass.target.pd-with-missing-targets' },
  { name: 'a missing target with the rest +20 % but a marked fall is NE', spec: spec([t([50, 100], [72, 50]), { values: [{ ld: 10, hu: 80 }, 'not-evaluated'] }]), response: 'NE', rule: 'mass.target.not-all-evaluated' },
  // Spec A-SM5.
  { name: 'a sarcoma is out of the validation domain', spec: spec([t([100, 80], [80, 80])], { diagnosis: 'Ewing sarcoma' }), findings: ['out-of-validation-domain'] },
])
