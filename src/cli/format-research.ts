/** The command line's research measures (issue #14): volumes, DCE-MRI and blood biomarkers, each a table over time. */
import { DCE_PARAMETERS, type ResearchMeasures } from '../../criteria/index.ts'

const change = (pct: number | null) => (pct === null ? '' : ` (${pct > 0 ? '+' : ''}${pct.toFixed(1)}%)`)

/** Lines for `caliper evaluate`, laid out by `table` (the one the criterion tables use). */
export function formatResearch(research: ResearchMeasures, table: (rows: string[][]) => string[]): string[] {
  const lines = ['Research measures (beside the responses, never a response category):']
  if (research.volumes.length) {
    const timepoints = [...new Map(research.volumes.map((v) => [v.timepoint, v.date])).entries()]
    const lesions = [...new Set(research.volumes.map((v) => v.lesion))]
    const cell = (lesion: string, timepoint: string) => {
      const v = research.volumes.find((x) => x.lesion === lesion && x.timepoint === timepoint)
      return v ? `${v.ml}${v.estimated ? '*' : ''}` : '—'
    }
    lines.push('  Volume, mL (* ellipsoid estimate π/6 × a × b × c from three axes)', ...table([['Lesion', ...timepoints.map(([id, date]) => `${id} ${date}`)], ...lesions.map((l) => [l, ...timepoints.map(([id]) => cell(l, id))])]))
  }
  if (research.dce.length) {
    const timepoints = [...new Map(research.dce.flatMap((s) => s.points.map((p) => [p.timepoint, p.date] as const))).entries()]
    const rows = research.dce.map((s) => [s.lesion, `${DCE_PARAMETERS[s.parameter].name} ${s.unit}`, ...timepoints.map(([id]) => {
      const p = s.points.find((x) => x.timepoint === id)
      return p ? `${p.value}${change(p.changePct)}${p.effect ? ' ≥40% fall' : ''}` : '—'
    })])
    lines.push('  DCE-MRI (change from baseline; a fall of 40 % or more is the pharmacodynamic threshold of early-phase anti-angiogenic trials)', ...table([['Lesion', 'Parameter', ...timepoints.map(([id, date]) => `${id} ${date}`)], ...rows]))
  }
  if (research.biomarkers.length) {
    const dates = [...new Set(research.biomarkers.flatMap((s) => s.points.map((p) => p.date)))].sort()
    const rows = research.biomarkers.map((s) => [s.test, s.unit, ...dates.map((d) => {
      const p = s.points.find((x) => x.date === d)
      return p ? `${p.value}${change(p.changePct)}` : '—'
    })])
    lines.push('  Blood biomarkers (change from the first value; NLR = neutrophils / lymphocytes)', ...table([['Test', 'Unit', ...dates], ...rows]))
  }
  lines.push('')
  return lines
}
