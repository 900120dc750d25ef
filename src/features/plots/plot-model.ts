/**
 * What each plot shows, as plain data derived from the engine's results (cohort.ts and
 * evaluateCase). No response is computed here: the plots only place the engine's numbers.
 */
import {
  CHOI_DENSITY_PR_DECREASE,
  CHOI_SIZE_PR_DECREASE,
  LEVEL_OF,
  RECIST_PD_INCREASE,
  RECIST_PR_DECREASE,
  type Case,
  type CriterionResult,
  type Evaluation,
  type Fraction,
} from '../../../criteria/index.ts'
import type { CohortTable } from '../../documentation/cohort.ts'
import type { BestCategory } from '../../documentation/statistics.ts'
import { daysBetween } from './scale.ts'

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

/** Fill colour of each best-response category (≥ 3:1 against white, as graphics need). */
export const LEVEL_COLOUR: Record<BestCategory, string> = {
  CR: '#17693a',
  PR: '#1b6fb5',
  SD: '#7d8790',
  'NON-CR/NON-PD': '#6a58b0',
  PD: '#b8322a',
  NE: '#a86e00',
  none: '#9aa3ab',
}

export const levelOf = (response: string | null | undefined): BestCategory => (response ? (LEVEL_OF[response as keyof typeof LEVEL_OF] ?? 'none') : 'none')

export interface WaterfallBar {
  patient: string
  changePct: number
  level: BestCategory
}

/** Best % change per patient under one criterion, largest increase first (the usual waterfall order). */
export function waterfallBars(table: CohortTable, criterion: string): { bars: WaterfallBar[]; missing: string[] } {
  const bars: WaterfallBar[] = []
  const missing: string[] = []
  for (const row of table.rows) {
    const c = row.criteria[criterion]
    if (!c || c.bestChangePct === null) missing.push(row.patient)
    else bars.push({ patient: row.patient, changePct: c.bestChangePct, level: c.bestLevel ?? 'none' })
  }
  bars.sort((a, b) => b.changePct - a.changePct || a.patient.localeCompare(b.patient))
  return { bars, missing }
}

/** The date every day count starts from: the start of therapy, else the baseline scan. */
export const studyStart = (kase: Case) => kase.therapyStart ?? baselineDate(kase)
export const baselineDate = (kase: Case) => [...kase.timepoints].map((t) => t.date).sort()[0]!

export interface SpiderLine {
  patient: string
  level: BestCategory
  /** Day from baseline and % change of the (complete) target sum from baseline; starts at (0, 0). */
  points: { day: number; changePct: number; date: string }[]
}

/** % change of the target sum over time, one line per patient, under one criterion. */
export function spiderLines(cases: readonly Case[], evaluations: readonly Evaluation[], criterion: string): SpiderLine[] {
  return evaluations.flatMap((e, i) => {
    const result = e.results.find((r) => r.criterion === criterion)
    const kase = cases[i]
    if (!result || result.notApplicable || !kase) return []
    const base = baselineDate(kase)
    const points = result.timepoints
      .filter((t) => t.sumComplete && t.changeFromBaselinePct !== null)
      .map((t) => ({ day: daysBetween(base, t.date), changePct: t.changeFromBaselinePct!, date: t.date }))
    if (points.length === 0) return []
    return [{ patient: e.patient, level: levelOf(result.best.response), points: [{ day: 0, changePct: 0, date: base }, ...points] }]
  })
}

export interface SwimmerLane {
  patient: string
  level: BestCategory
  /** Days from the start of therapy (or baseline) to the last assessment. */
  days: number
  /** Each assessed timepoint's response, by day. */
  marks: { day: number; level: BestCategory; response: string; date: string }[]
  /** Day of the first progression under the criterion; null while none. */
  progressionDay: number | null
}

/** Time on study per patient with every response and the first progression, longest first. */
export function swimmerLanes(cases: readonly Case[], evaluations: readonly Evaluation[], criterion: string): SwimmerLane[] {
  const lanes = evaluations.flatMap((e, i): SwimmerLane[] => {
    const result = e.results.find((r) => r.criterion === criterion)
    const kase = cases[i]
    if (!result || result.notApplicable || !kase) return []
    const start = studyStart(kase)
    const last = [...kase.timepoints].map((t) => t.date).sort().at(-1)!
    const marks = result.timepoints.map((t) => ({ day: daysBetween(start, t.date), level: levelOf(t.response), response: t.response, date: t.date }))
    const pd = marks.find((m) => m.level === 'PD')
    return [{ patient: e.patient, level: levelOf(result.best.response), days: Math.max(0, daysBetween(start, last)), marks, progressionDay: pd?.day ?? null }]
  })
  return lanes.sort((a, b) => b.days - a.days || a.patient.localeCompare(b.patient))
}

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
