/**
 * What each plot shows, as plain data derived from the engine's results (cohort.ts and
 * evaluateCase). No response is computed here: the plots only place the engine's numbers.
 */
import { LEVEL_OF, type Case, type Evaluation } from '../../../criteria/index.ts'
import type { CohortTable } from '../../documentation/cohort.ts'
import type { BestCategory } from '../../documentation/statistics.ts'
import { baselineDate } from '../../documentation/case-series.ts'
import { daysBetween } from '../../documentation/plot-scale.ts'

export { CHOI_PR_HU_CHANGE, CHOI_PR_SIZE_CHANGE, RECIST_PD_CHANGE, RECIST_PR_CHANGE, caseSeries, type CaseSeries } from '../../documentation/case-series.ts'

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
