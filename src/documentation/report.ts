/**
 * A printable, self-contained HTML report of one patient: settings, the measurement table,
 * each criterion's timepoint responses, sums and best overall response with the options used,
 * findings and caveats, sign-offs and the audit log. No script, no external resource; every
 * piece of text from the case is HTML-escaped. Print it, or render it to PDF (caliper export
 * --format report --pdf).
 */
import { lesionVolume, LEVEL_OF, timepointsInOrder, type Assessment, type Case, type CriterionResult, type Evaluation, type Finding, type Lesion } from '../../criteria/index.ts'
import { researchSectionHtml } from './report-research.ts'

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export interface ReportOptions {
  /** Shown in the footer, e.g. an ISO date-time; omitted when absent (the function has no clock). */
  generatedAt?: string
  /** Shown in the header, e.g. the study id. */
  study?: string
}

const e = (v: unknown) => escapeHtml(v === null || v === undefined ? '—' : String(v))
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)} %`)
const mm = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v} mm`)

function table(head: string[], rows: string[][], className = ''): string {
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

function assessmentText(lesion: Lesion, a: Assessment | undefined): string {
  if (!a) return '—'
  if (a.status !== 'measured') return e(a.status)
  const parts: string[] = []
  if (a.fragmentsMm) parts.push(`fragments ${a.fragmentsMm.join(' + ')} mm`)
  else if (a.longAxisMm !== undefined) parts.push(`${a.longAxisMm} mm`)
  if (a.shortAxisMm !== undefined) parts.push(`${lesion.kind === 'lymph-node' ? 'SA ' : '× '}${a.shortAxisMm} mm`)
  if (a.attenuationHu !== undefined) parts.push(`${a.attenuationHu} HU`)
  if (a.cavityLongAxisMm !== undefined) parts.push(`cavity ${a.cavityLongAxisMm} mm`)
  if (a.thirdAxisMm !== undefined) parts.push(`third axis ${a.thirdAxisMm} mm`)
  // Issue #14: the volume (segmented, or an ellipsoid estimate) and DCE-MRI values.
  const volume = a.volumeMl !== undefined || a.thirdAxisMm !== undefined ? lesionVolume(a) : null
  if (volume) parts.push(`volume ${volume.value / 100} mL${volume.source === 'ellipsoid' ? ' (estimate)' : ''}`)
  if (a.ktrans !== undefined) parts.push(`Ktrans ${a.ktrans} min⁻¹`)
  if (a.iauc60 !== undefined) parts.push(`iAUC60 ${a.iauc60} mmol·s/L`)
  if (a.findings?.length) parts.push(a.findings.join(', '))
  return parts.map(e).join('<br>')
}

/** Issue #14: "primary tumour, axial, unresectable". */
const primaryText = (lesion: Lesion) => {
  const p = lesion.primaryTumour
  if (!p) return ''
  return `; primary tumour${p.site ? `, ${p.site}` : ''}${p.resectable === false ? ', unresectable' : p.resectable ? ', resectable' : ''}`
}

const findingList = (findings: readonly Finding[]) =>
  findings.length
    ? `<ul class="findings">${findings.map((f) => `<li class="${e(f.severity)}"><strong>${e(f.severity)}</strong> <code>${e(f.code)}</code>: ${e(f.message)} <span class="source">(${e(f.source)})</span></li>`).join('')}</ul>`
    : '<p>No findings.</p>'

function criterionSection(r: CriterionResult): string {
  const options = Object.entries(r.options)
  const rows = r.timepoints.map((t) => [
    e(t.timepoint),
    e(t.date),
    `<strong>${e(t.response)}</strong>`,
    e(t.targetResponse),
    e(t.nonTargetResponse),
    t.newLesion ? 'yes' : 'no',
    `${e(t.volume ? `${t.volume.sumMl} mL` : mm(t.sumMm))}${t.sumComplete ? '' : ' (incomplete)'}`,
    e(pct(t.changeFromBaselinePct)),
    e(pct(t.changeFromNadirPct)),
    t.attenuation ? (t.attenuation.status === 'compared' ? e(pct(t.attenuation.changePct)) : `not comparable${t.attenuation.reason ? `: ${e(t.attenuation.reason)}` : ''}`) : '—',
  ])
  const best = r.best
  return `<section class="criterion">
<h3>${e(r.name)} <span class="muted">(${e(r.criterion)}, version ${e(r.version)}, ${e(r.status)})</span></h3>
<p class="reference">${e(r.reference.citation)}${r.reference.doi ? `. doi:${e(r.reference.doi)}` : ''}</p>
${r.notApplicable ? `<p class="warning">Not applicable: ${e(r.notApplicable.reason)} (${e(r.notApplicable.source)})</p>` : ''}
<p>Options used: ${options.length ? options.map(([k, v]) => `<code>${e(k)}</code> = <code>${e(JSON.stringify(v))}</code>`).join(', ') : 'none'}.</p>
${rows.length ? table(['Timepoint', 'Date', 'Response', 'Target', 'Non-target', 'New lesion', 'Sum', 'vs baseline', 'vs nadir', 'Attenuation'], rows) : ''}
<p class="best">Best overall response: <strong>${e(best.response ?? 'none')}</strong>${best.response ? ` (common scale ${e(LEVEL_OF[best.response])})` : ''}${best.timepoint ? ` at ${e(best.timepoint)} (${e(best.date)})` : ''}${best.confirmed === null ? '' : best.confirmed ? ', confirmed' : ', not confirmed'}.</p>
${best.explanation.length ? `<ul class="explanation">${best.explanation.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : ''}
<h4>Findings</h4>
${findingList(r.findings)}
</section>`
}

const STYLE = `
body { font: 10.5pt/1.4 system-ui, "DejaVu Sans", Arial, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .3em; } h2 { font-size: 13pt; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin-bottom: .2em; } h4 { font-size: 10.5pt; margin-bottom: .2em; }
table { border-collapse: collapse; margin: .4em 0; width: 100%; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; font-size: 9.5pt; }
th { background: #eee; } .muted, .source, .reference { color: #555; font-size: 9pt; }
.findings li.warning strong, .warning { color: #8a4b00; } .findings li.error strong { color: #a00; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0 1em; } dt { font-weight: 600; } dd { margin: 0; }
.disclaimer { border: 1px solid #999; padding: .4em .6em; font-size: 9pt; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  section.criterion, table, .signoffs { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}`

/** The report of one case and its evaluation, as a complete HTML document. */
export function reportHtml(kase: Case, evaluation: Evaluation, options: ReportOptions = {}): string {
  const ordered = timepointsInOrder(kase)
  const s = kase.settings
  const signOffs = kase.signOffs ?? []
  const audit = kase.auditLog ?? []
  const settings: [string, string][] = [
    ['Patient', kase.patient.id],
    ...(options.study ? [['Study', options.study] as [string, string]] : []),
    ['Diagnosis', kase.patient.diagnosis ?? '—'],
    ['Therapy start', kase.therapyStart ?? '— (baseline is the reference)'],
    ['Confirmation', `${s.confirmation}, at least ${s.confirmationMinDays} days later`],
    ['SD minimum duration', `${s.sdMinDays} days`],
    ['NE allowed before confirmation', String(s.maxNeBetween)],
    ['SD allowed between PR and confirmation', s.acceptSdBetween ? 'yes' : 'no'],
    ...(kase.patient.notes ? [['Notes', kase.patient.notes] as [string, string]] : []),
  ]
  const timepointRows = ordered.map((t, i) => [
    e(t.id),
    e(t.date),
    e(t.label ?? (i === 0 ? 'Baseline' : '')),
    e(t.modality),
    e(t.contrastPhase),
    e(t.sliceThicknessMm === undefined ? '—' : `${t.sliceThicknessMm} mm`),
    e(t.kvp ?? '—'),
    signOffs.filter((x) => x.timepoint === t.id).map((x) => `${e(x.assessor)} (${e(x.role)}), ${e(x.date)}`).join('<br>') || 'not signed off',
  ])
  const measurementRows = kase.lesions.map((lesion) => [
    `<strong>${e(lesion.id)}</strong> ${e(lesion.name)}`,
    e(lesion.organ),
    e(lesion.kind + (lesion.bone ? ` (${lesion.bone.appearance}${lesion.bone.softTissueComponent ? ', soft-tissue component' : ''})` : '') + primaryText(lesion)),
    e(lesion.role),
    ...ordered.map((t) => assessmentText(lesion, lesion.assessments.find((a) => a.timepoint === t.id))),
  ])
  const newLesionRows = kase.newLesions.map((n, i) => [e(i), e(n.timepoint), e(n.organ), n.equivocal ? 'equivocal' : 'unequivocal', e(n.note ?? ''), e(n.confirms ?? '')])

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caliper report: ${e(kase.patient.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Tumour response report: ${e(kase.patient.id)}</h1>
<p class="disclaimer">Computed by Caliper, a calculator, not a medical device. Every result names the rule that produced it and the options it used, so that a qualified reader can check it.</p>
</header>
<h2>Patient and study settings</h2>
<dl>${settings.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<h2>Timepoints</h2>
${table(['Id', 'Date', 'Label', 'Modality', 'Contrast phase', 'Slice', 'kVp', 'Sign-off'], timepointRows)}
<h2>Measurements</h2>
${table(['Lesion', 'Organ', 'Kind', 'Role', ...ordered.map((t) => `${t.id} (${t.date})`)], measurementRows, 'measurements')}
${newLesionRows.length ? `<h3>New lesions</h3>${table(['#', 'Timepoint', 'Organ', 'Certainty', 'Note', 'Confirms #'], newLesionRows)}` : '<p>No new lesions recorded.</p>'}
<h2>Responses by criterion</h2>
${evaluation.results.map(criterionSection).join('\n')}
${researchSectionHtml(evaluation, table)}
<h2>Findings across criteria</h2>
${findingList(evaluation.findings)}
<h2>Sign-off</h2>
<div class="signoffs">${signOffs.length ? table(['Timepoint', 'Assessor', 'Role', 'Date'], signOffs.map((x) => [e(x.timepoint), e(x.assessor), e(x.role), e(x.date)])) : '<p>No timepoint has been signed off.</p>'}</div>
<h2>Audit log</h2>
${audit.length ? table(['When', 'Who', 'Field', 'Old', 'New', 'Reason'], audit.map((a) => [e(a.at), e(a.who), `<code>${e(a.field)}</code>`, e(a.old === undefined ? '(none)' : JSON.stringify(a.old)), e(a.new === undefined ? '(removed)' : JSON.stringify(a.new)), e(a.reason)])) : '<p>No change after sign-off.</p>'}
<footer><p class="muted">${options.generatedAt ? `Generated ${e(options.generatedAt)}. ` : ''}Case format tumor-response-case, version ${e(kase.version)}.</p></footer>
</body>
</html>
`
}
