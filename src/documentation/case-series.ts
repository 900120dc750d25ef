/**
 * One case's trend over time, as plain data from the engine's results: the sum of target
 * diameters (with the RECIST 1.1 PD line over the nadir) and the mean attenuation. Drawn by the
 * app's plots and by the report (which a server without the app must be able to render).
 */
import {
  CHOI_DENSITY_PR_DECREASE,
  CHOI_SIZE_PR_DECREASE,
  RECIST_PD_INCREASE,
  RECIST_PR_DECREASE,
  type Case,
  type CriterionResult,
  type Evaluation,
  type Fraction,
} from '../../criteria/index.ts'
import { daysBetween } from './plot-scale.ts'

// Reference lines drawn on the per-case plots, from the engine's own threshold constants. They
// show where each guideline's threshold lies; the responses themselves come from the engine.
const asFraction = ([numerator, denominator]: Fraction) => numerator / denominator
/** RECIST 1.1 §4.3.1: PR at ≥ 30 % decrease of the target sum from baseline. */
export const RECIST_PR_CHANGE = -asFraction(RECIST_PR_DECREASE)
/** RECIST 1.1 §4.3.1: PD at ≥ 20 % increase over the nadir (and ≥ 5 mm). */
export const RECIST_PD_CHANGE = asFraction(RECIST_PD_INCREASE)
/** Choi 2007 (J Clin Oncol 25:1753), Table 3: PR at ≥ 10 % decrease in size … */
export const CHOI_PR_SIZE_CHANGE = -asFraction(CHOI_SIZE_PR_DECREASE)
/** … or ≥ 15 % decrease in tumour attenuation (HU) on CT. */
export const CHOI_PR_HU_CHANGE = -asFraction(CHOI_DENSITY_PR_DECREASE)

export const baselineDate = (kase: Case) => [...kase.timepoints].map((t) => t.date).sort()[0]!

export interface CaseSeries {
  /** Baseline first: day from baseline, the sum (null when not measured) and whether it is complete. */
  sums: { day: number; date: string; sumMm: number | null; complete: boolean }[]
  baselineSumMm: number | null
  /** The RECIST PD line: 1.2 × the nadir before each follow-up. */
  pdLine: { day: number; sumMm: number }[]
  /** Mean attenuation of the compared lesions (Choi), baseline first; empty when never compared. */
  hu: { day: number; date: string; hu: number }[]
  baselineHu: number | null
}

/** The per-case plot data: target sums from `sizeCriterion`'s results, attenuation from `densityCriterion`'s. */
export function caseSeries(kase: Case, evaluation: Evaluation, sizeCriterion = 'recist11', densityCriterion = 'choi'): CaseSeries {
  const base = baselineDate(kase)
  const find = (id: string): CriterionResult | undefined => evaluation.results.find((r) => r.criterion === id && !r.notApplicable)
  const size = find(sizeCriterion) ?? evaluation.results.find((r) => !r.notApplicable && r.timepoints.some((t) => t.sumMm !== null))
  const baselineSumMm = size?.timepoints.find((t) => t.baselineSumMm !== null)?.baselineSumMm ?? null
  const sums = [
    ...(baselineSumMm !== null ? [{ day: 0, date: base, sumMm: baselineSumMm, complete: true }] : []),
    ...(size?.timepoints ?? []).map((t) => ({ day: daysBetween(base, t.date), date: t.date, sumMm: t.sumMm, complete: t.sumComplete })),
  ]
  const pdLine = (size?.timepoints ?? []).filter((t) => t.nadirSumMm !== null).map((t) => ({ day: daysBetween(base, t.date), sumMm: t.nadirSumMm! * (1 + RECIST_PD_CHANGE) }))
  const density = find(densityCriterion)
  const compared = (density?.timepoints ?? []).filter((t) => t.attenuation?.status === 'compared' && t.attenuation.currentHu !== null)
  const baselineHu = compared[0]?.attenuation?.baselineHu ?? null
  const hu = [
    ...(baselineHu !== null ? [{ day: 0, date: base, hu: baselineHu }] : []),
    ...compared.map((t) => ({ day: daysBetween(base, t.date), date: t.date, hu: t.attenuation!.currentHu! })),
  ]
  return { sums, baselineSumMm, pdLine, hu, baselineHu }
}
