import type { CaseInput } from '../../criteria/index.ts'
import { testCriterion } from '../harness/criterion-tester.ts'
import type { CaseSpec } from '../fixtures/build.ts'

const R = 'percist'

type PetInput = NonNullable<CaseInput['timepoints'][number]['pet']>

interface PetSpec {
  /** SULpeak of each target lesion (T1, T2…) at each timepoint; null: none recorded. */
  peaks: (number | null)[][]
  /** TLG of each lesion at each timepoint. */
  tlg?: number[][]
  /** CT long axis of every lesion (default 30 mm). */
  ldMm?: number
  /** Liver SULmean per timepoint (default 1.0, SD 0.1: measurability threshold 1.7). */
  liver?: number[]
  pet?: Record<number, Partial<PetInput>>
  modality?: Record<number, 'CT' | 'PET-CT'>
  extra?: Partial<CaseSpec>
  options?: Record<string, unknown>
}

/** A blood-pool SULmean (SD 0.05) for a timepoint's PET fields. */
const pool = (mean: number): Partial<PetInput> => ({ bloodPoolSulMean: mean, bloodPoolSulSd: 0.05 })

/** PET-CT timepoints, 42 days apart, with liver 1.0 ± 0.1, uptake 60 min and glucose 100 mg/dL unless overridden. */
function pet(s: PetSpec): CaseSpec {
  const timepoints: NonNullable<CaseSpec['timepoints']> = {}
  for (const [i, m] of Object.entries(s.modality ?? {})) timepoints[Number(i)] = { modality: m }
  return {
    targets: s.peaks.map((series) => ({ values: series.map(() => s.ldMm ?? 30) })),
    timepoint: { modality: 'PET-CT' },
    timepoints,
    ...(s.options ? { options: { percist: s.options } } : {}),
    ...s.extra,
    patch: (input) => {
      input.timepoints.forEach((t, i) => {
        if (t.modality === 'PET-CT') t.pet = { liverSulMean: s.liver?.[i] ?? 1, liverSulSd: 0.1, uptakeMinutes: 60, glucoseMgDl: 100, ...s.pet?.[i] }
      })
      input.lesions
        .filter((l) => l.role === 'target')
        .forEach((l, li) =>
          l.assessments.forEach((a, i) => {
            const v = s.peaks[li]![i]
            if (v !== null && v !== undefined && input.timepoints[i]!.modality === 'PET-CT') a.sulPeak = v
            const tlg = s.tlg?.[li]?.[i]
            if (tlg !== undefined) a.tlg = tlg
          }),
        )
      s.extra?.patch?.(input)
    },
  }
}

testCriterion(R, [
  // Spec §8.4, A-P1: PMR is ≥ 30 % AND ≥ 0.8 SUL below baseline (inclusive by default).
  { name: 'SULpeak 10 → 7 (−30.00 %, −3 SUL) is PMR', spec: pet({ peaks: [[10, 7]] }), response: 'PMR', rule: 'percist.pmr' },
  { name: 'SULpeak 10 → 7.01 (−29.9 %) is SMD', spec: pet({ peaks: [[10, 7.01]] }), response: 'SMD', rule: 'percist.smd' },
  { name: 'SULpeak 2.5 → 1.7 (−32 %, −0.80 SUL) is PMR', spec: pet({ peaks: [[2.5, 1.7]] }), response: 'PMR' },
  { name: 'SULpeak 2.5 → 1.71 (−31.6 %, −0.79 SUL) is SMD', spec: pet({ peaks: [[2.5, 1.71]] }), response: 'SMD' },
  { name: 'pmrInclusive false: exactly −30 % is SMD', spec: pet({ peaks: [[10, 7]], options: { pmrInclusive: false } }), response: 'SMD' },
  { name: 'pmrInclusive false: −30.1 % and −3.01 SUL is PMR', spec: pet({ peaks: [[10, 6.99]], options: { pmrInclusive: false } }), response: 'PMR' },
  // PMD is > 30 % AND > 0.8 SUL over baseline (exclusive by default).
  { name: 'SULpeak 4.0 → 5.2 (+30.00 %) is SMD: PMD needs more than 30 %', spec: pet({ peaks: [[4, 5.2]] }), response: 'SMD' },
  { name: 'SULpeak 4.0 → 5.21 (+30.25 %, +1.21) is PMD', spec: pet({ peaks: [[4, 5.21]] }), response: 'PMD', rule: 'percist.pmd-sulpeak', findings: ['pmd-needs-confirmation'] },
  { name: 'SULpeak 2.5 → 3.3 (+32 %, +0.80 SUL) is SMD: PMD needs more than 0.8', spec: pet({ peaks: [[2.5, 3.3]] }), response: 'SMD' },
  { name: 'SULpeak 2.5 → 3.31 (+32.4 %, +0.81 SUL) is PMD', spec: pet({ peaks: [[2.5, 3.31]] }), response: 'PMD' },
  { name: 'pmdInclusive true: exactly +30 % and +1.2 SUL is PMD', spec: pet({ peaks: [[4, 5.2]], options: { pmdInclusive: true } }), response: 'PMD' },
  // A-P2: baseline or nadir.
  { name: 'pmdReference baseline: 4 → 3 → 4 is SMD', spec: pet({ peaks: [[4, 3, 4]] }), response: 'SMD' },
  { name: 'pmdReference nadir: 4 → 3 → 4 (+33 %, +1.0 over the nadir) is PMD', spec: pet({ peaks: [[4, 3, 4]], options: { pmdReference: 'nadir' } }), response: 'PMD', check: (r) => expect(r.timepoints[1]!.metabolic?.pmdReferenceSulPeak).toBe(3) },
  // A-P3: TLG +75 % with no decline in SUL.
  { name: 'TLG +75 % with SULpeak unchanged is PMD', spec: pet({ peaks: [[4, 4]], tlg: [[100, 175]] }), response: 'PMD', rule: 'percist.pmd-tlg' },
  { name: 'TLG +74.99 % is SMD', spec: pet({ peaks: [[4, 4]], tlg: [[100, 174.99]] }), response: 'SMD' },
  { name: 'tlgInclusive false: TLG exactly +75 % is SMD', spec: pet({ peaks: [[4, 4]], tlg: [[100, 175]], options: { tlgInclusive: false } }), response: 'SMD' },
  { name: 'TLG +80 % while SULpeak declined is not PMD', spec: pet({ peaks: [[4, 3.9]], tlg: [[100, 180]] }), response: 'SMD' },
  // New lesions, non-targets.
  { name: 'a new FDG-avid lesion is PMD even when SULpeak halves', spec: pet({ peaks: [[6, 3]], extra: { newLesions: [{ at: 1 }] } }), response: 'PMD', rule: 'percist.new-lesion' },
  { name: 'a new lesion marked not FDG-avid is not PMD', spec: pet({ peaks: [[6, 3]], extra: { newLesions: [{ at: 1 }], patch: (i) => void Object.assign(i.newLesions![0]!, { fdgAvid: false }) } }), response: 'PMR' },
  { name: 'unequivocal non-target progression is PMD', spec: pet({ peaks: [[6, 3]], extra: { nonTargets: [['present', 'unequivocal-progression']] } }), response: 'PMD', rule: 'percist.non-target.pd' },
  // CMR (Wahl 2009; issue #10): below the mean liver activity AND indistinguishable from the blood pool (at or below its SULmean by default).
  { name: 'CMR (Wahl 2009 PERCIST 1.0): SULpeak 0.99 below liver 1.0 and under blood pool 1.2 is CMR', spec: pet({ peaks: [[5, 0.99]], pet: { 1: pool(1.2) } }), response: 'CMR', findings: ['cmr-visual-check'] },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): SULpeak 1.0 with liver 1.0 is not below the liver mean (PMR)', spec: pet({ peaks: [[5, 1]], pet: { 1: pool(1.2) } }), response: 'PMR' },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): SULpeak 0.9 at the blood-pool mean 0.9 is CMR', spec: pet({ peaks: [[5, 0.9]], pet: { 1: pool(0.9) } }), response: 'CMR' },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): SULpeak 0.91 above the blood-pool mean 0.9 is not CMR, although below the liver (PMR)', spec: pet({ peaks: [[5, 0.91]], pet: { 1: pool(0.9) } }), response: 'PMR', noFindings: ['cmr-visual-check'] },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): cmrBloodPoolLimit mean_plus_2sd lets 0.91 pass against 0.9 + 2 × 0.05', spec: pet({ peaks: [[5, 0.91]], pet: { 1: pool(0.9) }, options: { cmrBloodPoolLimit: 'mean_plus_2sd' } }), response: 'CMR' },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): cmrBloodPoolLimit mean_plus_2sd: 1.01 is above 0.9 + 2 × 0.05', spec: pet({ peaks: [[5, 1.01]], liver: [2, 2], pet: { 1: pool(0.9) }, options: { cmrBloodPoolLimit: 'mean_plus_2sd' } }), response: 'PMR' },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): without a blood-pool SULmean no CMR, with a finding', spec: pet({ peaks: [[5, 0.5]] }), response: 'PMR', findings: ['cmr-blood-pool-missing'] },
  { name: 'CMR (Wahl 2009 PERCIST 1.0): every lesion gone is CMR without any reference', spec: { ...pet({ peaks: [[5, null]] }), targets: [{ values: [30, 'absent'] }] }, response: 'CMR' },
  { name: 'a non-target still present blocks CMR', spec: pet({ peaks: [[5, 0.5]], pet: { 1: pool(1.2) }, extra: { nonTargets: [['present', 'present']] } }), response: 'PMR' },
  // Quality checks (spec §8.3): liver within 20 % and 0.3 SUL.
  { name: 'liver 2.0 → 2.5 (+25 %, +0.5) fails QC: NE', spec: pet({ peaks: [[10, 7]], liver: [2, 2.5] }), response: 'NE', rule: 'percist.qc-failed', findings: ['liver-reference-unstable'] },
  { name: 'liver 1.0 → 1.2 (+20 %, +0.2) passes QC', spec: pet({ peaks: [[10, 7]], liver: [1, 1.2] }), response: 'PMR', noFindings: ['liver-reference-unstable'] },
  { name: 'liver 1.0 → 1.21 (+21 %) fails QC', spec: pet({ peaks: [[10, 7]], liver: [1, 1.21] }), response: 'NE' },
  { name: 'liverQcDenominator larger: 1.0 → 1.21 is 17.4 % of the larger value and passes', spec: pet({ peaks: [[10, 7]], liver: [1, 1.21], options: { liverQcDenominator: 'larger' } }), response: 'PMR' },
  // QC limits strict by default (Wahl 2009 tables "< 0.3 SUL", "< 15 min"; issue #10), the old reading kept as an option.
  { name: 'liver QC (Wahl 2009 PERCIST 1.0 "< 0.3 SUL"): liver 2.0 → 2.29 (+0.29 SUL) passes', spec: pet({ peaks: [[10, 7]], liver: [2, 2.29] }), response: 'PMR', noFindings: ['liver-reference-unstable'] },
  { name: 'liver QC (Wahl 2009 PERCIST 1.0 "< 0.3 SUL"): liver 2.0 → 2.3 (exactly +0.30 SUL) fails', spec: pet({ peaks: [[10, 7]], liver: [2, 2.3] }), response: 'NE', findings: ['liver-reference-unstable'] },
  { name: 'liverQcAbsInclusive true: liver +0.30 SUL passes QC', spec: pet({ peaks: [[10, 7]], liver: [2, 2.3], options: { liverQcAbsInclusive: true } }), response: 'PMR' },
  { name: 'liverQcAbsInclusive true: liver 2.0 → 2.31 (+0.31 SUL) fails QC', spec: pet({ peaks: [[10, 7]], liver: [2, 2.31], options: { liverQcAbsInclusive: true } }), response: 'NE' },
  { name: 'qcFailure classify_with_warning: classified, with an error finding', spec: pet({ peaks: [[10, 7]], liver: [2, 2.5], options: { qcFailure: 'classify_with_warning' } }), response: 'PMR', findings: ['liver-reference-unstable', 'qc-failed-classified'] },
  { name: 'a new lesion is PMD even on a QC-failed scan', spec: pet({ peaks: [[10, 7]], liver: [2, 2.5], extra: { newLesions: [{ at: 1 }] } }), response: 'PMD' },
  { name: 'uptake QC (Wahl 2009 PERCIST 1.0 "< 15 min"): 14.99 min from baseline passes', spec: pet({ peaks: [[10, 7]], pet: { 1: { uptakeMinutes: 74.99 } } }), response: 'PMR', noFindings: ['uptake-time-mismatch'] },
  { name: 'uptake QC (Wahl 2009 PERCIST 1.0 "< 15 min"): exactly 15 min from baseline fails', spec: pet({ peaks: [[10, 7]], pet: { 1: { uptakeMinutes: 75 } } }), response: 'NE', findings: ['uptake-time-mismatch'] },
  { name: 'uptakeTimeQcInclusive true: exactly 15 min passes', spec: pet({ peaks: [[10, 7]], pet: { 1: { uptakeMinutes: 75 } }, options: { uptakeTimeQcInclusive: true } }), response: 'PMR', noFindings: ['uptake-time-mismatch'] },
  { name: 'uptakeTimeQcInclusive true: 15.01 min fails', spec: pet({ peaks: [[10, 7]], pet: { 1: { uptakeMinutes: 75.01 } }, options: { uptakeTimeQcInclusive: true } }), response: 'NE', findings: ['uptake-time-mismatch'] },
  { name: 'blood glucose 199.99 mg/dL passes', spec: pet({ peaks: [[10, 7]], pet: { 1: { glucoseMgDl: 199.99 } } }), response: 'PMR' },
  { name: 'blood glucose 200 mg/dL fails QC', spec: pet({ peaks: [[10, 7]], pet: { 1: { glucoseMgDl: 200 } } }), response: 'NE', findings: ['blood-glucose-high'] },
  { name: 'injected activity 20 % above baseline gives no warning', spec: pet({ peaks: [[10, 7]], pet: { 0: { injectedMBq: 300 }, 1: { injectedMBq: 360 } } }), noFindings: ['injected-activity-differs'] },
  { name: 'injected activity 20.01 % above baseline is a warning only', spec: pet({ peaks: [[10, 7]], pet: { 0: { injectedMBq: 300 }, 1: { injectedMBq: 360.03 } } }), response: 'PMR', findings: ['injected-activity-differs'] },
  { name: 'a follow-up PET without a liver reference fails QC', spec: pet({ peaks: [[10, 7]], pet: { 1: { liverSulMean: undefined, liverSulSd: undefined } } }), response: 'NE', findings: ['pet-reference-missing'] },
  // Measurability (spec §8.3): 1.5 × liver mean + 2 SD, or the blood pool.
  { name: 'baseline SULpeak 3.6 at the threshold 1.5 × 2.0 + 2 × 0.3 is measurable', spec: pet({ peaks: [[3.6, 2.5]], pet: { 0: { liverSulMean: 2, liverSulSd: 0.3 }, 1: { liverSulMean: 2 } } }), response: 'PMR', noFindings: ['no-measurable-pet-lesion'] },
  { name: 'baseline SULpeak 3.59 under the threshold 3.6 is not measurable: NE', spec: pet({ peaks: [[3.59, 2.5]], pet: { 0: { liverSulMean: 2, liverSulSd: 0.3 }, 1: { liverSulMean: 2 } } }), response: 'NE', rule: 'percist.baseline-not-measurable', findings: ['no-measurable-pet-lesion', 'pet-lesion-below-threshold'] },
  { name: 'abnormal liver: blood pool 1.5 ± 0.2 gives threshold 3.4; SULpeak 3.2 is not measurable', spec: pet({ peaks: [[3.2, 2]], pet: { 0: { liverAbnormal: true, bloodPoolSulMean: 1.5, bloodPoolSulSd: 0.2 } } }), response: 'NE', findings: ['blood-pool-reference'] },
  { name: 'bloodPoolAdd2SD false: threshold 3.0, SULpeak 3.2 is measurable', spec: pet({ peaks: [[3.2, 2]], pet: { 0: { liverAbnormal: true, bloodPoolSulMean: 1.5, bloodPoolSulSd: 0.2 } }, options: { bloodPoolAdd2SD: false } }), response: 'PMR' },
  // A-P4, A-P5.
  { name: 'the hottest lesion may change between scans; both are reported', spec: pet({ peaks: [[8, 3], [5, 5.5]] }), response: 'PMR', findings: ['hottest-lesion-changed'], check: (r) => expect([r.timepoints[0]!.metabolic?.baselineLesion, r.timepoints[0]!.metabolic?.hottestLesion]).toEqual(['T1', 'T2']) },
  { name: 'a hottest lesion of 14.99 mm on CT warns of partial volume', spec: pet({ peaks: [[8, 5]], ldMm: 14.99 }), findings: ['partial-volume'] },
  { name: 'a hottest lesion of 15 mm on CT gives no partial-volume warning', spec: pet({ peaks: [[8, 5]], ldMm: 15 }), noFindings: ['partial-volume'] },
  // PMR (Wahl 2009 PERCIST 1.0): "no increase > 30 % of SUL or size in all other lesions" (issue #10).
  { name: 'PMR (Wahl 2009 PERCIST 1.0): blocked when another lesion rises more than 30 % in SULpeak (4 → 5.21)', spec: pet({ peaks: [[10, 6], [4, 5.21]] }), response: 'SMD', findings: ['pmr-blocked'] },
  { name: 'PMR (Wahl 2009 PERCIST 1.0): another lesion up exactly 30 % in SULpeak (4 → 5.2) does not block', spec: pet({ peaks: [[10, 6], [4, 5.2]] }), response: 'PMR', noFindings: ['pmr-blocked'] },
  { name: 'PMR (Wahl 2009 PERCIST 1.0): blocked when another lesion grows more than 30 % in size (20 → 26.01 mm)', spec: { ...pet({ peaks: [[10, 6], [3, 3]] }), targets: [{ values: [30, 30] }, { values: [20, 26.01] }] }, response: 'SMD', findings: ['pmr-blocked'], check: (r) => expect(r.timepoints[0]!.explanation.join(' ')).toContain('T2 (Target 2) (20 → 26.01 mm, +30.1 %) grew more than 30 % in size') },
  { name: 'PMR (Wahl 2009 PERCIST 1.0): another lesion growing exactly 30 % in size (20 → 26 mm) does not block', spec: { ...pet({ peaks: [[10, 6], [3, 3]] }), targets: [{ values: [30, 30] }, { values: [20, 26] }] }, response: 'PMR', noFindings: ['pmr-blocked'] },
  // Issue #10: RECIST progression beside a metabolic response is said in a finding; neither vetoes the other.
  { name: 'RECIST 1.1 PD beside PERCIST PMR (Wahl 2009: verify with follow-up): PMR stands, with a finding', spec: { ...pet({ peaks: [[10, 6]] }), targets: [{ values: [30, 37] }] }, response: 'PMR', findings: ['recist-percist-disagree'] },
  { name: 'RECIST 1.1 PD beside PERCIST CMR: CMR stands, with a finding', spec: { ...pet({ peaks: [[10, 0.5]], pet: { 1: pool(1.2) } }), targets: [{ values: [30, 37] }] }, response: 'CMR', findings: ['recist-percist-disagree'] },
  { name: 'RECIST 1.1 SD beside PERCIST PMR: no disagreement finding', spec: { ...pet({ peaks: [[10, 6]] }), targets: [{ values: [30, 35.99] }] }, response: 'PMR', noFindings: ['recist-percist-disagree'] },
  // PET-CT only.
  { name: 'a CT follow-up is NE under PERCIST, said in a finding', spec: pet({ peaks: [[10, 7, 6]], modality: { 1: 'CT' } }), at: 1, response: 'NE', rule: 'percist.not-pet-ct', findings: ['not-pet-timepoint'] },
  { name: 'a case without PET-CT is not applicable', spec: { targets: [{ values: [30, 20] }] }, findings: ['not-pet-timepoint'], check: (r) => expect([r.notApplicable?.reason, r.timepoints]).toEqual(['no timepoint is PET-CT: PERCIST applies to FDG PET-CT only', []]) },
  // Best response (spec §8.5), with the case's confirmation settings.
  { name: 'best response: PMR confirmed 42 days later is PMR', spec: pet({ peaks: [[10, 6, 6]] }), best: { response: 'PMR', confirmed: true, timepoint: 't1' } },
  { name: 'best response: an unconfirmed PMR then PMD counts as SMD once the SD minimum is met', spec: pet({ peaks: [[10, 6, 14]] }), best: { response: 'SMD' } },
  { name: 'best response: an unconfirmed PMR before the SD minimum, then PMD, is PMD', spec: { ...pet({ peaks: [[10, 6, 14]] }), dayOffsets: [0, 30, 60] }, best: { response: 'PMD' } },
])
