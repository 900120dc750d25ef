/**
 * The report's research measures (issue #14): volumes, DCE-MRI and blood biomarkers over time,
 * marked as research measures, never a response category.
 */
import { DCE_PARAMETERS, type Evaluation } from '../../criteria/index.ts'
import { escapeHtml } from './report.ts'

type Table = (head: string[], rows: string[][], className?: string) => string

const change = (pct: number | null) => (pct === null ? '' : ` (${pct > 0 ? '+' : ''}${pct.toFixed(1)} %)`)

/**
 * An HTML section, or '' when the case records no research measure. `table` is the report's own;
 * `timepointName` names a timepoint as the reader knows it ("Week 8 (2026-03-02)"), never by its id.
 */
export function researchSectionHtml(evaluation: Evaluation, table: Table, timepointName: (id: string) => string): string {
  const research = evaluation.research
  if (!research) return ''
  const parts: string[] = ['<h2>Research measures</h2>', '<p class="muted">Volumes, DCE-MRI and blood biomarkers are research measures without a validated response rule: they are shown beside the responses, never as a response category.</p>']
  if (research.volumes.length) {
    const timepoints = [...new Map(research.volumes.map((v) => [v.timepoint, v.date])).entries()]
    const lesions = [...new Set(research.volumes.map((v) => v.lesion))]
    const cell = (lesion: string, timepoint: string) => {
      const v = research.volumes.find((x) => x.lesion === lesion && x.timepoint === timepoint)
      return v ? escapeHtml(`${v.ml} mL${v.estimated ? ' (estimate)' : ''}`) : '—'
    }
    parts.push('<h3>Lesion volume</h3><p class="muted">Segmented, or estimated from three orthogonal axes as an ellipsoid (π/6 × a × b × c), marked "estimate".</p>', table(['Lesion', ...timepoints.map(([id]) => timepointName(id))], lesions.map((l) => [escapeHtml(l), ...timepoints.map(([id]) => cell(l, id))])))
  }
  if (research.dce.length) {
    const timepoints = [...new Map(research.dce.flatMap((s) => s.points.map((p) => [p.timepoint, p.date] as const))).entries()]
    const rows = research.dce.map((s) => [
      escapeHtml(s.label),
      escapeHtml(`${DCE_PARAMETERS[s.parameter].name} (${s.unit})`),
      ...timepoints.map(([id]) => {
        const p = s.points.find((x) => x.timepoint === id)
        return p ? `${escapeHtml(`${p.value}${change(p.changePct)}`)}${p.effect ? ' <strong>≥ 40 % fall</strong>' : ''}` : '—'
      }),
    ])
    parts.push('<h3>DCE-MRI</h3><p class="muted">Change from baseline. A fall of 40 % or more is the pharmacodynamic threshold of early-phase anti-angiogenic trials (Mross K et al. BMC Cancer 2014;14:510); test–retest variability in one patient is about 31 % for Ktrans and 47 % for iAUC60 (Roberts C et al. J Magn Reson Imaging 2006;23:554-63).</p>', table(['Lesion', 'Parameter', ...timepoints.map(([id]) => timepointName(id))], rows))
  }
  if (research.biomarkers.length) {
    const dates = [...new Set(research.biomarkers.flatMap((s) => s.points.map((p) => p.date)))].sort()
    const rows = research.biomarkers.map((s) => [
      escapeHtml(s.test),
      escapeHtml(s.unit),
      ...dates.map((d) => {
        const p = s.points.find((x) => x.date === d)
        return p ? escapeHtml(`${p.value}${change(p.changePct)}`) : '—'
      }),
    ])
    parts.push('<h3>Blood biomarkers</h3><p class="muted">Change from the first value; NLR is the neutrophil count divided by the lymphocyte count on the same date.</p>', table(['Test', 'Unit', ...dates], rows))
  }
  return parts.join('\n')
}
