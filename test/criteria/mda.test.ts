import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec, Value } from '../fixtures/build.ts'
import { caseInput } from '../fixtures/build.ts'
import { parseCase } from '../../criteria/index.ts'

/** A measured bone target (lytic with a soft-tissue component, pelvis): long × short axis per timepoint. */
const boneTarget = (...values: Value[]) => ({ kind: 'bone' as const, values })
const bi = (ld: number, sa: number, extra: Omit<Extract<Value, object>, 'ld' | 'sa'> = {}): Value => ({ ld, sa, ...extra })
const breast = 'metastatic breast cancer'
const spec = (extra: Partial<CaseSpec>): CaseSpec => ({ diagnosis: breast, settings: { sdMinDays: 56 }, ...extra })

const notApplicable = (diagnosis: string) => ({
  name: `"${diagnosis}" is not applicable: no timepoint, no best response`,
  spec: { diagnosis, targets: [boneTarget(bi(20, 20), bi(20, 10))] },
  check: (r: { timepoints: unknown[]; best: { response: unknown }; notApplicable?: { reason: string; source: string } }) => {
    expect(r.timepoints).toEqual([])
    expect(r.best.response).toBeNull()
    expect(r.notApplicable?.source).toMatch(/Costelloe CM et al\. J Cancer 2010/)
  },
})

testCriterion('mda', [
  // Quantitative form (spec §5.3): PR on a ≥ 50 % decrease of the bidimensional products from baseline.
  { name: 'bone lesion product 400 → 200 mm² (−50.00 %) is PR', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10))] }), response: 'PR', rule: 'mda.target.pr', noFindings: ['out-of-validation-domain', 'bone-sd-before-8-weeks'] },
  { name: 'bone lesion product 400 → 200.2 mm² (−49.95 %) is SD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10.01))] }), response: 'SD', rule: 'mda.target.no-change' },
  // PD on a ≥ 25 % increase (any measured lesion, from the nadir, by default).
  { name: 'bone lesion product 400 → 500 mm² (+25.00 %) is PD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(25, 20))] }), response: 'PD', rule: 'mda.target.pd-lesion' },
  { name: 'bone lesion product 400 → 499.8 mm² (+24.95 %) is SD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(24.99, 20))] }), response: 'SD' },
  { name: 'one bone lesion +25 % while the other halves is PD (pdMode per_lesion)', spec: spec({ targets: [boneTarget(bi(20, 20), bi(25, 20)), boneTarget(bi(40, 40), bi(20, 20))] }), response: 'PD' },
  { name: 'with pdMode sum, the same is SD (sum −45 %, PR blocked)', spec: spec({ targets: [boneTarget(bi(20, 20), bi(25, 20)), boneTarget(bi(40, 40), bi(20, 20))], options: { mda: { pdMode: 'sum' } } }), response: 'SD', findings: ['lesion-growth-blocks-pr'] },
  { name: 'product 400 → 200 → 256 mm² is PD from the nadir', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10), bi(20, 12.8))] }), response: 'PD' },
  { name: 'with pdReference baseline, 400 → 200 → 256 mm² is SD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10), bi(20, 12.8))], options: { mda: { pdReference: 'baseline' } } }), response: 'SD' },
  { name: 'a measured bone target without a short axis is NE', spec: spec({ targets: [boneTarget(bi(20, 20), 18)] }), response: 'NE', findings: ['target-not-bidimensional'] },
  // Reader-coded findings (Hamaoka 2004 / Hayashi 2013 Table 1).
  { name: 'complete fill-in of a lytic lesion is CR', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['complete-fill-in'] }] }] }), response: 'CR', rule: 'mda.qualitative.cr' },
  { name: 'a lesion gone (status absent) is CR', spec: spec({ boneNonTargets: [{ values: ['present', 'absent'] }] }), response: 'CR' },
  { name: 'a sclerotic rim around a lytic lesion is PR', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['sclerotic-rim'] }] }] }), response: 'PR', rule: 'mda.qualitative.pr' },
  { name: 'a decrease of a blastic lesion is PR', spec: spec({ boneNonTargets: [{ appearance: 'blastic', values: ['present', { boneFindings: ['blastic-decrease'] }] }] }), response: 'PR' },
  { name: 'one lesion CR and one PR is PR', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['complete-fill-in'] }] }, { values: ['present', { boneFindings: ['partial-fill-in'] }] }] }), response: 'PR' },
  { name: 'no change is SD', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['no-change'] }] }] }), response: 'SD', rule: 'mda.qualitative.sd' },
  { name: 'a present lesion with no coded change is SD', spec: spec({ boneNonTargets: [{ values: ['present', 'present'] }] }), response: 'SD' },
  { name: 'an increase in a lytic lesion is PD', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['increase'] }] }] }), response: 'PD', rule: 'mda.qualitative.pd' },
  { name: 'unequivocal progression (status) is PD', spec: spec({ boneNonTargets: [{ values: ['present', 'unequivocal-progression'] }] }), response: 'PD' },
  { name: 'a lesion not evaluated is NE', spec: spec({ boneNonTargets: [{ values: ['present', 'not-evaluated'] }] }), response: 'NE' },
  // Spec A-B2/A-B3: PD in any part wins; scintigraphic regression counts only without CT/XR progression.
  { name: 'scintigraphic regression with CT progression of another lesion is PD', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['scintigraphy-regression'] }] }, { values: ['present', { boneFindings: ['increase'] }] }] }), response: 'PD' },
  { name: 'measured PR with a coded no-change elsewhere is PR (combined)', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10))], boneNonTargets: [{ values: ['present', { boneFindings: ['no-change'] }] }] }), response: 'PR', rule: 'mda.combined.pr' },
  { name: 'measured SD with a coded increase elsewhere is PD (combined)', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 20))], boneNonTargets: [{ values: ['present', { boneFindings: ['increase'] }] }] }), response: 'PD', rule: 'mda.combined.pd' },
  { name: 'a measured target coded with a sclerotic rim counts beside its numbers: PR', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 20, { boneFindings: ['sclerotic-rim'] }))] }), response: 'PR', rule: 'mda.combined.pr' },
  // Flare (spec A-B4).
  { name: 'a possible flare is not PD, and is flagged', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['partial-fill-in', 'possible-flare'] }] }] }), response: 'PR', findings: ['possible-flare'] },
  { name: 'an equivocal new bone lesion (possible flare) is not PD', spec: spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['partial-fill-in'] }] }], newLesions: [{ at: 1, organ: 'rib', equivocal: true }] }), response: 'PR', findings: ['possible-flare'] },
  {
    name: 'a flare-suspect new lesion confirmed later is PD from its first sighting',
    spec: spec({ boneNonTargets: [{ values: ['present', 'present', 'present'] }], newLesions: [{ at: 1, organ: 'rib', equivocal: true }, { at: 2, organ: 'rib', confirms: 0 }] }),
    at: 1,
    response: 'PD',
    rule: 'mda.new-lesion',
  },
  { name: 'an unequivocal new lesion is PD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10))], newLesions: [{ at: 1 }] }), response: 'PD', rule: 'mda.new-lesion' },
  // Spec A-B1: the qualitative 2004 variant does not classify measurements.
  { name: 'qualitative2004: a halved product with no coded finding is SD', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10))], options: { mda: { mdaVariant: 'qualitative2004' } } }), response: 'SD', targetResponse: null },
  { name: 'qualitative2004: a target coded regression is PR', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10, { boneFindings: ['regression'] }))], options: { mda: { mdaVariant: 'qualitative2004' } } }), response: 'PR' },
  // Scope and domain.
  { name: 'non-bone lesions are left to other criteria', spec: spec({ targets: [boneTarget(bi(20, 20), bi(20, 10)), { values: [30, 60] }] }), response: 'PR', findings: ['non-bone-lesions-ignored'] },
  { name: 'no bone lesion: NE', spec: spec({ targets: [{ values: [30, 20] }] }), response: 'NE', rule: 'mda.no-bone-lesions', findings: ['no-bone-lesions'] },
  { name: 'sdMinDays under 8 weeks is flagged for bone', spec: { diagnosis: breast, targets: [boneTarget(bi(20, 20), bi(20, 20))] }, findings: ['bone-sd-before-8-weeks'] },
  { name: 'a prostate cancer is out of the validation domain (breast)', spec: spec({ diagnosis: 'prostate cancer', targets: [boneTarget(bi(20, 20), bi(20, 20))] }), findings: ['out-of-validation-domain'] },
  { name: 'Ewing sarcoma is not matrix-producing: assessed, flagged out of domain', spec: spec({ diagnosis: 'Ewing sarcoma', targets: [boneTarget(bi(20, 20), bi(20, 10))] }), response: 'PR', findings: ['out-of-validation-domain'] },
  // Spec §5.5: osteosarcoma and other matrix-producing bone sarcomas.
  notApplicable('osteosarcoma'),
  notApplicable('Relapsed high-grade osteo-sarcoma'),
  notApplicable('osteogenic sarcoma of the femur'),
  notApplicable('dedifferentiated chondrosarcoma'),
  notApplicable('primary bone sarcoma, NOS'),
])

describe('boneFindings in the case file', () => {
  it('is accepted on a bone lesion', () => {
    expect(parseCase(caseInput(spec({ boneNonTargets: [{ values: ['present', { boneFindings: ['sclerotic-rim'] }] }] }))).ok).toBe(true)
  })
  it('is refused on a lesion that is not of kind bone, naming the path', () => {
    const input = caseInput({ targets: [{ values: [20, 20] }] }) as unknown as { lesions: { assessments: Record<string, unknown>[] }[] }
    input.lesions[0]!.assessments[1]!.boneFindings = ['sclerotic-rim']
    const parsed = parseCase(input)
    expect(parsed.ok ? [] : parsed.problems).toEqual([{ path: 'lesions[0].assessments[1].boneFindings', message: 'is only for lesions of kind "bone"' }])
  })
  it('refuses an unknown finding', () => {
    const input = caseInput(spec({ boneNonTargets: [{ values: ['present', 'present'] }] })) as unknown as { lesions: { assessments: Record<string, unknown>[] }[] }
    input.lesions[0]!.assessments[1]!.boneFindings = ['healing']
    const parsed = parseCase(input)
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['lesions[0].assessments[1].boneFindings[0]'])
  })
})
