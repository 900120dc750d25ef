/**
 * Every iRECIST and PERCIST example of shared/criteria-examples.json (copied to test/fixtures),
 * run through the engine. As in worked-examples.test.ts, each example's abstract input (sums,
 * sequences, SULpeak pairs) is turned into a case file here, in plain sight.
 */
import { evaluateCase, type CaseInput, type CriterionResult } from '../../criteria/index.ts'
import { caseOf, type CaseSpec } from '../fixtures/build.ts'
import { examplesOf, type Example } from '../fixtures/examples.ts'


const run = (criterion: string, spec: CaseSpec): CriterionResult => evaluateCase(caseOf(spec), [criterion]).results[0]!
const responses = (r: CriterionResult) => r.timepoints.map((t) => t.response)
const codes = (r: CriterionResult) => r.findings.map((f) => f.code)
const newLesion = (i: number, fields: Partial<NonNullable<CaseInput['newLesions']>[number]>) => (input: CaseInput) => void Object.assign(input.newLesions![i]!, fields)

/** One PET-CT target with the given SULpeaks; liver 1.0 ± 0.1 (threshold 1.7) unless `liver` says otherwise. */
function pet(peaks: number[], liver: { mean: number[]; sd?: number } = { mean: [1, 1] }, extra: Partial<CaseSpec> = {}): CaseSpec {
  return {
    targets: [{ values: peaks.map(() => 30) }],
    timepoint: { modality: 'PET-CT' },
    ...extra,
    patch: (input) => {
      input.timepoints.forEach((t, i) => (t.pet = { liverSulMean: liver.mean[i] ?? liver.mean[0]!, liverSulSd: liver.sd ?? 0.1, uptakeMinutes: 60, glucoseMgDl: 100 }))
      input.lesions[0]!.assessments.forEach((a, i) => (a.sulPeak = peaks[i]!))
    },
  }
}

/** How each example becomes a case, by its description. */
const CHECKS: Record<string, (e: Example) => void> = {
  // iRECIST (spec §7).
  'TP1: target sum +25% and +10 mm vs nadir -> iUPD; TP2 (6 weeks later): further +5 mm in target sum -> iCPD': (e) => {
    const tps = e.input.timepoints as { week: number; targetSum: number }[]
    const r = run('irecist', { targets: [{ values: tps.map((t) => t.targetSum) }], dayOffsets: tps.map((t) => t.week * 7) })
    expect(responses(r)).toEqual(e.expected)
  },
  'Sequential increases are additive: iUPD, then +4 mm (remains iUPD), then +2 mm (cumulative 6 mm) -> iCPD': (e) => {
    // A baseline of 40 mm makes 50 mm an iUPD (+25 %, +10 mm).
    const r = run('irecist', { targets: [{ values: [40, ...(e.input.targetSumsAfterIUPD as number[])] }] })
    expect(responses(r)).toEqual(e.expected)
  },
  'iUPD from a new lesion; at confirmation the new-lesion-target sum of measures grew by >=5 mm -> iCPD': (e) => {
    const som = [(e.input.TP1 as { newLesionTargetsSOM: number }).newLesionTargetsSOM, (e.input.TP2 as { newLesionTargetsSOM: number }).newLesionTargetsSOM]
    const r = run('irecist', { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }], patch: newLesion(0, { longAxisMm: som[0], assessments: [{ timepoint: 't2', status: 'measured', longAxisMm: som[1] }] }) })
    expect(responses(r)).toEqual(e.expected)
  },
  'iUPD from a new lesion; at confirmation a further new lesion appears -> iCPD': (e) => {
    const r = run('irecist', { targets: [{ values: [40, 40, 40] }], newLesions: [{ at: 1 }, { at: 2, organ: 'lung' }] })
    expect(responses(r)).toEqual(e.expected)
  },
  'iUPD then iPR (reset); later target +20% and +5 mm vs nadir -> a NEW iUPD that itself needs confirmation': (e) => {
    // 100 → 130 (iUPD) → 60 (iPR, reset; nadir 60) → 72 (+20 %, +12 mm over the nadir).
    const r = run('irecist', { targets: [{ values: [100, 130, 60, 72] }] })
    expect(responses(r)).toEqual(e.expected)
    expect(codes(r)).toContain('iupd-unconfirmed')
  },
  'iUPD followed only by NE assessments: iBOR iUPD': (e) => {
    const r = run('irecist', { targets: [{ values: [40, 60, 'not-evaluated', 'not-evaluated'] }, { values: [20, 20, 20, 20] }] })
    expect(responses(r)).toEqual(['iUPD', 'NE', 'NE'])
    expect(`iBOR=${r.best.response}`).toBe(e.expected)
  },
  'iUPD, iSD, iSD: iBOR iSD': (e) => {
    const r = run('irecist', { targets: [{ values: [40, 50, 45, 45] }] })
    expect(responses(r)).toEqual(['iUPD', 'iSD', 'iSD'])
    expect(`iBOR=${r.best.response}`).toBe(e.expected)
  },
  'iUPD based on non-target unequivocal progression; next assessment shows any further increase in non-target disease -> iCPD (need not itself be unequivocal)': (e) => {
    const r = run('irecist', {
      targets: [{ values: [40, 40, 40] }],
      nonTargets: [['present', 'unequivocal-progression', 'present']],
      patch: (input) => void Object.assign(input.lesions.find((l) => l.id === 'N1')!.assessments[2]!, { furtherIncrease: true }),
    })
    expect(responses(r)).toEqual(e.expected)
  },
  'New lesions recorded at iUPD: liver 12 mm LD -> new lesion target (NLT); node 16 mm SA -> NLT; node 12 mm SA -> new lesion non-target (NLNT); 6 mm lung nodule -> NLNT': (e) => {
    const lesions = e.input.newLesions as { site: string; LD_mm?: number; SA_mm?: number }[]
    const r = run('irecist', {
      targets: [{ values: [40, 40] }],
      newLesions: lesions.map((l) => ({ at: 1, organ: l.site })),
      patch: (input) =>
        lesions.forEach((l, i) =>
          Object.assign(input.newLesions![i]!, { id: `NL${i + 1}`, ...(l.SA_mm !== undefined ? { kind: 'lymph-node', shortAxisMm: l.SA_mm, longAxisMm: l.SA_mm + 5 } : { longAxisMm: l.LD_mm }) }),
        ),
    })
    const immune = r.timepoints[0]!.immune!
    expect(lesions.map((_, i) => (immune.newLesionTargets.includes(`NL${i + 1}`) ? 'NLT' : immune.newLesionNonTargets.includes(`NL${i + 1}`) ? 'NLNT' : '?'))).toEqual(e.expected)
  },
  // PERCIST (spec §8).
  'Measurability: liver SULmean 2.0, SD 0.3 -> threshold 1.5*2.0+2*0.3 = 3.6; lesion SULpeak 3.5 vs 3.6': (e) => {
    const i = e.input
    const got = (i.lesionSULpeaks as number[]).map((peak) => {
      const r = run('percist', pet([peak, peak], { mean: [i.liverSULmean as number], sd: i.liverSULsd as number }))
      expect(r.timepoints[0]!.metabolic?.measurabilityThreshold).toBe(3.6)
      return codes(r).includes('no-measurable-pet-lesion') ? 'not_measurable' : 'measurable'
    })
    expect(got).toEqual(e.expected)
  },
  'New FDG-avid lesion typical of cancer (not infection/treatment effect): PMD': (e) => {
    const r = run('percist', pet([e.input.baselineSULpeak as number, e.input.currentSULpeak as number], undefined, { newLesions: [{ at: 1 }] }))
    expect(r.timepoints[0]!.response).toBe(e.expected)
  },
  'Liver reference QC: baseline liver SULmean 2.0, follow-up 2.5 (+25%, +0.5): QC fails -> comparison flagged/not evaluable': (e) => {
    const r = run('percist', pet([10, 7], { mean: [e.input.liverSULmeanBaseline as number, e.input.liverSULmeanFollowUp as number] }))
    expect(r.timepoints[0]!.response).toBe('NE')
    expect(r.timepoints[0]!.metabolic?.qcFailures).toHaveLength(1)
    expect(e.expected).toBe('QC_FAIL')
  },
}

/** PERCIST examples that are a SULpeak pair. */
const byShape = (e: Example) =>
  e.criterion === 'PERCIST' && 'baselineSULpeak' in e.input && !('newFDGAvidLesion' in e.input)
    ? () => {
        const r = run('percist', pet([e.input.baselineSULpeak as number, e.input.currentSULpeak as number]))
        expect(r.timepoints[0]!.response).toBe(e.expected)
      }
    : undefined

const covered = examplesOf('iRECIST', 'PERCIST')

describe('worked examples: iRECIST and PERCIST (shared/criteria-examples.json)', () => {
  it('covers all 9 iRECIST and 10 PERCIST examples', () => {
    expect(covered.filter((e) => e.criterion === 'iRECIST')).toHaveLength(9)
    expect(covered.filter((e) => e.criterion === 'PERCIST')).toHaveLength(10)
    expect(covered.filter((e) => !CHECKS[e.description] && !byShape(e)).map((e) => e.description)).toEqual([])
  })
  it.each(covered.map((e) => [`${e.criterion}: ${e.description}`, e] as const))('%s', (_name, e) => {
    const check = CHECKS[e.description] ?? byShape(e)
    expect(check, 'no translation for this example').toBeDefined()
    check!(e)
  })
})
