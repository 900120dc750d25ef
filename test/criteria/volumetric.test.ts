import { testCriterion, resultOf } from '../harness/criterion-tester.ts'
import { ellipsoidHundredthsMl, TOO_SMALL_VOLUME } from '../../criteria/shared/volumes.ts'

const R = 'volumetric'
/** A target with a segmented volume (mL) at each timepoint; its long axis stays 50 mm (RECIST SD). */
const vol = (...ml: (number | 'absent' | 'not-evaluated')[]) => ({ values: ml.map((v) => (typeof v === 'number' ? { mm: 50, ml: v } : v)) })

testCriterion(R, [
  // PR: a decrease of at least 65 % of the baseline volume (Therasse 2000; sphere 0.7³), both sides.
  { name: 'exactly −65.00 % of the baseline volume is PR', spec: { targets: [vol(100, 35)] }, response: 'PR', rule: 'volumetric.target.pr-vs-baseline' },
  { name: '−64.99 % of the baseline volume is SD', spec: { targets: [vol(100, 35.01)] }, response: 'SD', rule: 'volumetric.target.sd' },
  { name: 'prDecrease 66 (Henson 2008): −66.00 % is PR', spec: { targets: [vol(100, 34)], options: { volumetric: { prDecrease: '66' } } }, response: 'PR' },
  { name: 'prDecrease 66 (Henson 2008): −65.99 % is SD', spec: { targets: [vol(100, 34.01)], options: { volumetric: { prDecrease: '66' } } }, response: 'SD' },
  { name: 'PR is exact on sums that are not round: 33.33 → 11.66 mL is PR', spec: { targets: [vol(33.33, 11.66)] }, response: 'PR' },
  { name: 'PR is exact on sums that are not round: 33.33 → 11.67 mL is SD', spec: { targets: [vol(33.33, 11.67)] }, response: 'SD' },
  // PD: an increase of at least 73 % over the nadir (1.2³), both sides.
  { name: 'exactly +73.00 % over the nadir is PD', spec: { targets: [vol(100, 173)] }, response: 'PD', rule: 'volumetric.target.pd-vs-nadir' },
  { name: '+72.99 % over the nadir is SD', spec: { targets: [vol(100, 172.99)] }, response: 'SD' },
  { name: 'PD is measured from the nadir, not from baseline: 100 → 40 → 69.2 mL is PD', spec: { targets: [vol(100, 40, 69.2)] }, response: 'PD' },
  { name: 'PD from the nadir: 100 → 40 → 69.19 mL is SD', spec: { targets: [vol(100, 40, 69.19)] }, response: 'SD' },
  // The sum over several targets, RECIST 1.1 Table 1, missing volumes.
  { name: 'volumes of several targets are summed: 60 + 40 → 20 + 15 mL is PR', spec: { targets: [vol(60, 20), vol(40, 15)] }, response: 'PR', check: (r) => expect(r.timepoints[0]!.volume!.sumMl).toBe(35) },
  { name: 'a target without a volume at a follow-up makes the target response NE', spec: { targets: [vol(60, 20), { values: [{ mm: 40, ml: 40 }, 40] }] }, response: 'NE', rule: 'volumetric.target.volume-missing' },
  { name: 'a target not evaluated: PD if the measured volumes alone prove it', spec: { targets: [vol(60, 200), vol(40, 'not-evaluated')] }, response: 'PD', rule: 'volumetric.target.pd-with-missing-volumes' },
  { name: 'a new lesion is PD whatever the volumes (Table 1)', spec: { targets: [vol(100, 20)], newLesions: [{ at: 1 }] }, response: 'PD', targetResponse: 'PR', rule: 'volumetric.new-lesion' },
  { name: 'unequivocal non-target progression is PD (Table 1)', spec: { targets: [vol(100, 20)], nonTargets: [['present', 'unequivocal-progression']] }, response: 'PD', rule: 'volumetric.non-target.pd' },
  { name: 'target PR with non-targets present is PR (Table 1)', spec: { targets: [vol(100, 20)], nonTargets: [['present', 'present']] }, response: 'PR', targetResponse: 'PR' },
  // CR is RECIST 1.1's: every target gone.
  { name: 'every target absent is CR', spec: { targets: [vol(100, 'absent')] }, response: 'CR', rule: 'volumetric.target.cr' },
  { name: 'a lesion regrowing from a nadir of 0 is PD', spec: { targets: [vol(100, 'absent', 1)] }, response: 'PD' },
  // Caveats: some targets without a volume; estimates; no volume at all.
  { name: 'only some targets with a baseline volume: the sum follows those, flagged', spec: { targets: [vol(100, 30), { values: [40, 40] }] }, response: 'PR', findings: ['volume-partial-targets'], check: (r) => expect(r.timepoints[0]!.volume!.lesions).toEqual(['T1']) },
  { name: 'missingVolume not_evaluable: a target without a baseline volume makes the target response NE', spec: { targets: [vol(100, 30), { values: [40, 40] }], options: { volumetric: { missingVolume: 'not_evaluable' } } }, response: 'NE', rule: 'volumetric.target.partial-volumes', findings: ['volume-partial-targets'] },
  { name: 'every target with a volume: no partial-volume caveat', spec: { targets: [vol(100, 30), vol(50, 10)] }, noFindings: ['volume-partial-targets'], findings: ['volumetric-research-measure'] },
  {
    name: 'three axes give an ellipsoid estimate, marked as such',
    spec: { targets: [{ values: [{ ld: 50, sa: 40, third: 30 }, { ld: 45, sa: 20, third: 15 }] }] },
    response: 'PR',
    findings: ['volume-estimated'],
    check: (r) => {
      expect(r.timepoints[0]!.volume!.baselineMl).toBe(ellipsoidHundredthsMl(50, 40, 30) / 100)
      expect(r.timepoints[0]!.volume!.estimated).toEqual(['T1'])
    },
  },
  { name: 'a segmented volume wins over the three axes', spec: { targets: [{ values: [{ ld: 50, sa: 40, third: 30, ml: 31.42 }, { ld: 50, sa: 40, third: 30, ml: 10 }] }] }, response: 'PR', noFindings: ['volume-estimated'] },
  { name: 'no target has a volume: not applicable', spec: { targets: [{ values: [50, 40] }] }, check: (r) => { expect(r.notApplicable).toBeDefined(); expect(r.timepoints).toEqual([]); expect(r.best.response).toBeNull() } },
  // Best overall response through Table 3.
  { name: 'BOR: PR confirmed 42 days later is a confirmed PR', spec: { targets: [vol(100, 30, 30)] }, best: { response: 'PR', confirmed: true, timepoint: 't1' } },
])

describe('volumes', () => {
  it('estimates an ellipsoid as π/6 × a × b × c, in hundredths of a millilitre', () => {
    // π/6 × 10³ mm³ = 523.6 mm³ = 0.52 mL; π/6 × 100 × 80 × 60 mm³ = 251.33 mL.
    expect(ellipsoidHundredthsMl(10, 10, 10)).toBe(52)
    expect(ellipsoidHundredthsMl(100, 80, 60)).toBe(25133)
  })
  it('counts a target too small to measure as a 5 mm sphere (0.07 mL)', () => {
    expect(TOO_SMALL_VOLUME).toBe(7)
    const r = resultOf(R, { targets: [{ values: [{ mm: 20, ml: 10 }, 'too-small'] }] })
    expect(r.timepoints[0]!.volume!.sumMl).toBe(0.07)
    expect(r.timepoints[0]!.response).toBe('PR')
  })
})
