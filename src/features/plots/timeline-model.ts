/**
 * One patient on one time axis (issue #14): the target sum, the mean attenuation, the research
 * measures as changes from baseline (volume sum, Ktrans, iAUC60, each blood biomarker, NLR) and
 * each criterion's responses, all by day from the baseline scan.
 */
import { DCE_PARAMETERS, daysBetween, type Case, type Evaluation } from '../../../criteria/index.ts'
import { baselineDate, caseSeries, type CaseSeries } from '../../documentation/case-series.ts'
import { levelOf } from './plot-model.ts'
import type { BestCategory } from '../../documentation/statistics.ts'

export interface ChangeLine {
  /** e.g. "Volume sum (volumetric)", "Ktrans P1", "VEGF-A". */
  name: string
  /** What the change is taken from. */
  reference: 'baseline' | 'first value'
  points: { day: number; date: string; pct: number }[]
}

export interface ResponseLane {
  criterion: string
  name: string
  marks: { day: number; date: string; response: string; level: BestCategory }[]
}

export interface Timeline {
  series: CaseSeries
  changes: ChangeLine[]
  responses: ResponseLane[]
  /** The day range every panel shares (biomarkers may be drawn before the baseline scan). */
  dayMin: number
  dayMax: number
}

export function timeline(kase: Case, evaluation: Evaluation): Timeline {
  const base = baselineDate(kase)
  const day = (date: string) => daysBetween(base, date)
  const series = caseSeries(kase, evaluation)
  const changes: ChangeLine[] = []
  const volumetric = evaluation.results.find((r) => r.criterion === 'volumetric' && !r.notApplicable)
  const volumes = volumetric?.timepoints.filter((t) => t.volume && t.changeFromBaselinePct !== null) ?? []
  if (volumes.length)
    changes.push({ name: 'Volume sum (volumetric)', reference: 'baseline', points: [{ day: 0, date: base, pct: 0 }, ...volumes.map((t) => ({ day: day(t.date), date: t.date, pct: t.changeFromBaselinePct! }))] })
  for (const s of evaluation.research?.dce ?? []) {
    const points = s.points.filter((p) => p.changePct !== null).map((p) => ({ day: day(p.date), date: p.date, pct: p.changePct! }))
    if (points.length) changes.push({ name: `${DCE_PARAMETERS[s.parameter].name} ${s.lesion}`, reference: 'baseline', points })
  }
  for (const s of evaluation.research?.biomarkers ?? []) {
    const points = s.points.filter((p) => p.changePct !== null).map((p) => ({ day: day(p.date), date: p.date, pct: p.changePct! }))
    if (points.length) changes.push({ name: s.test, reference: 'first value', points })
  }
  const responses = evaluation.results
    .filter((r) => !r.notApplicable && r.timepoints.length > 0)
    .map((r) => ({ criterion: r.criterion, name: r.name, marks: r.timepoints.map((t) => ({ day: day(t.date), date: t.date, response: t.response, level: levelOf(t.response) })) }))
  const days = [0, ...series.sums.map((s) => s.day), ...changes.flatMap((c) => c.points.map((p) => p.day)), ...responses.flatMap((r) => r.marks.map((m) => m.day))]
  return { series, changes, responses, dayMin: Math.min(...days), dayMax: Math.max(28, ...days) }
}
