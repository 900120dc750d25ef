/**
 * A printable, self-contained HTML report of one patient: settings, the measurement table,
 * each criterion's timepoint responses, sums and best overall response with the options used,
 * findings and caveats, sign-offs and the audit log. No script, no external resource; every
 * piece of text from the case is HTML-escaped. Print it, or render it to PDF (caliper export
 * --format report --pdf).
 */
import { lesionVolume, LEVEL_OF, optionChoiceLabel, timepointsInOrder, type Assessment, type Case, type CriterionResult, type Evaluation, type Finding, type Lesion } from '../../criteria/index.ts'
import { caseSeries } from './case-series.ts'
import { dateTimeText, DEFAULT_SIGNATURE_MEANING, humanize, optionValueText, pathName, timepointNameById, withTimepointNames } from './human-names.ts'
import { trendSvgs } from './trend-svg.ts'
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
  /** Dates and times are shown in this locale and time zone (default: the environment's, e.g. the browser's). */
  locale?: string
  timeZone?: string
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

const findingList = (kase: Case, findings: readonly Finding[]) =>
  findings.length
    ? `<ul class="findings">${findings.map((f) => `<li class="${e(f.severity)}"><strong>${e(f.severity)}</strong> <code>${e(f.code)}</code>: ${e(withTimepointNames(kase, f.message))} <span class="source">(${e(f.source)})</span></li>`).join('')}</ul>`
    : '<p>No findings.</p>'

function criterionSection(kase: Case, r: CriterionResult): string {
  const options = Object.entries(r.options)
  const rows = r.timepoints.map((t) => [
    `<span class="nowrap">${e(timepointNameById(kase, t.timepoint))}</span>`,
    `<strong>${e(t.response)}</strong>`,
    e(t.targetResponse),
    e(t.nonTargetResponse),
    t.newLesion ? 'yes' : 'no',
    `${e(t.volume ? `${t.volume.sumMl} mL` : mm(t.sumMm))}${t.sumComplete ? '' : ' (incomplete)'}`,
    e(pct(t.changeFromBaselinePct)),
    e(pct(t.changeFromNadirPct)),
    t.attenuation ? (t.attenuation.status === 'compared' ? e(pct(t.attenuation.changePct)) : `not comparable${t.attenuation.reason ? `: ${e(withTimepointNames(kase, t.attenuation.reason))}` : ''}`) : '—',
  ])
  const best = r.best
  return `<section class="criterion">
<h3>${e(r.name)} <span class="muted">(${e(r.criterion)}, version ${e(r.version)}, ${e(r.status)})</span></h3>
<p class="reference">${e(r.reference.citation)}${r.reference.doi ? `. doi:${e(r.reference.doi)}` : ''}</p>
${r.notApplicable ? `<p class="warning">Not applicable: ${e(withTimepointNames(kase, r.notApplicable.reason))} (${e(r.notApplicable.source)})</p>` : ''}
<p>Options used: ${options.length ? options.map(([k, v]) => `${e(humanize(k))}: <em>${e(optionValueText(v, optionChoiceLabel(r.criterion, k, v)))}</em>`).join('; ') : 'none'}.</p>
${rows.length ? table(['Timepoint', 'Response', 'Target', 'Non-target', 'New lesion', 'Sum', 'vs baseline', 'vs nadir', 'Attenuation'], rows, 'responses') : ''}
<p class="best">Best overall response: <strong>${e(best.response ?? 'none')}</strong>${best.response ? ` (common scale ${e(LEVEL_OF[best.response])})` : ''}${best.timepoint ? ` at ${e(timepointNameById(kase, best.timepoint))}` : ''}${best.confirmed === null ? '' : best.confirmed ? ', confirmed' : ', not confirmed'}.</p>
${best.explanation.length ? `<ul class="explanation">${best.explanation.map((x) => `<li>${e(withTimepointNames(kase, x))}</li>`).join('')}</ul>` : ''}
<h4>Findings</h4>
${findingList(kase, r.findings)}
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
table.measurements td:nth-child(-n+4):not(:first-child), .nowrap, table.responses td:nth-child(n+2):not(:last-child), table.bor td:nth-child(-n+4), .signatures td:nth-child(3) { white-space: nowrap; }
.summary h1 { margin-bottom: .1em; } .summary h2 { font-size: 11pt; margin: .8em 0 .2em; }
.summary dl { grid-template-columns: max-content auto max-content auto; font-size: 9.5pt; }
table.bor td.differs { background: #fff1cc; font-weight: 600; }
.trends { display: flex; gap: 1em; } .trends figure { margin: 0; flex: 1; } .trends svg { width: 100%; height: auto; }
.trends figcaption { font-size: 8.5pt; color: #555; text-align: center; }
.caveats li { font-size: 9pt; margin-bottom: .15em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  .summary { break-after: page; page-break-after: always; }
  tr, .trends, .signoffs, dl { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}`

/** Each criterion's best response beside RECIST 1.1's, and the timepoints where the criteria disagree (on the common scale). */
function summaryResponses(kase: Case, evaluation: Evaluation): string {
  const results = evaluation.results
  const reference = results.find((r) => r.criterion === 'recist11' && !r.notApplicable)
  const level = (r: CriterionResult) => (r.best.response ? LEVEL_OF[r.best.response] : null)
  const rows = results.map((r) => {
    const differs = reference !== undefined && r !== reference && !r.notApplicable && level(r) !== level(reference)
    const best = r.notApplicable ? 'not applicable' : (r.best.response ?? 'none')
    return [
      `${e(r.name)}${r.status === 'established' ? '' : ' <span class="muted">(provisional)</span>'}`,
      `<strong>${e(best)}</strong>`,
      r.best.timepoint ? e(timepointNameById(kase, r.best.timepoint)) : '—',
      r.best.confirmed === null ? '—' : r.best.confirmed ? 'confirmed' : 'not confirmed',
      r.notApplicable ? 'not applied (reason below)' : !reference || r === reference ? '—' : differs ? 'differs from RECIST 1.1' : 'agrees',
    ].map((c, i) => (i === 1 && differs ? `<td class="differs">${c}</td>` : `<td>${c}</td>`))
  })
  const table = `<table class="bor"><thead><tr>${['Criterion', 'Best response', 'At', 'Confirmation', 'Beside RECIST 1.1'].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`
  // Timepoints where the criteria answer differently, each with who says what.
  const byTimepoint = new Map<string, Map<string, string[]>>()
  for (const r of results)
    for (const t of r.timepoints) {
      const groups = byTimepoint.get(t.timepoint) ?? new Map<string, string[]>()
      const key = LEVEL_OF[t.response] ?? t.response
      groups.set(key, [...(groups.get(key) ?? []), `${r.name} ${t.response}`])
      byTimepoint.set(t.timepoint, groups)
    }
  const disagreements = [...byTimepoint].filter(([, groups]) => groups.size > 1)
  const list = disagreements.length
    ? `<ul class="disagreements">${disagreements.map(([id, groups]) => `<li><strong>${e(timepointNameById(kase, id))}</strong>: ${[...groups.values()].map((names) => e(names.join(', '))).join(' <em>vs</em> ')}</li>`).join('')}</ul>`
    : '<p>The criteria agree at every timepoint.</p>'
  return `${table}<h2>Where the criteria disagree</h2>${list}`
}

/** Warnings and errors of every criterion, each once: what a reader must weigh before trusting a response. */
function caveatsThatMatter(kase: Case, evaluation: Evaluation, limit = 6): string {
  const seen = new Map<string, Finding>()
  for (const f of [...evaluation.findings, ...evaluation.results.flatMap((r) => r.findings)]) if (f.severity !== 'info' && !seen.has(`${f.code}|${f.message}`)) seen.set(`${f.code}|${f.message}`, f)
  const all = [...seen.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  if (all.length === 0) return '<p>No warning from any criterion.</p>'
  const shown = all.slice(0, limit)
  return `<ul class="caveats">${shown.map((f) => `<li><strong>${e(f.severity)}</strong>: ${e(withTimepointNames(kase, f.message))}</li>`).join('')}</ul>${all.length > limit ? `<p class="muted">${all.length - limit} more in the findings below.</p>` : ''}`
}

function signatureTable(kase: Case, options: ReportOptions): string {
  const signOffs = kase.signOffs ?? []
  if (signOffs.length === 0) return '<p>No timepoint has been signed off.</p>'
  return table(
    ['Timepoint', 'Signed by', 'Date and time', 'Meaning of the signature'],
    signOffs.map((x) => [e(timepointNameById(kase, x.timepoint)), `${e(x.assessor)} (${e(x.role)})`, e(x.at ? dateTimeText(x.at, options) : x.date), e(x.meaning ?? DEFAULT_SIGNATURE_MEANING)]),
    'signatures',
  )
}

/** The report of one case and its evaluation, as a complete HTML document: a one-page summary, then the details. */
export function reportHtml(kase: Case, evaluation: Evaluation, options: ReportOptions = {}): string {
  const ordered = timepointsInOrder(kase)
  const s = kase.settings
  const audit = kase.auditLog ?? []
  const tpName = (id: string) => timepointNameById(kase, id)
  const settings: [string, string][] = [
    ['Confirmation', `${s.confirmation}, at least ${s.confirmationMinDays} days later`],
    ['SD minimum duration', `${s.sdMinDays} days`],
    ['NE allowed before confirmation', String(s.maxNeBetween)],
    ['SD allowed between PR and confirmation', s.acceptSdBetween ? 'yes' : 'no'],
  ]
  const first = ordered[0]!
  const last = ordered.at(-1)!
  const patient: [string, string][] = [
    ['Patient', kase.patient.id],
    ...(options.study ? [['Study', options.study] as [string, string]] : []),
    ['Diagnosis', kase.patient.diagnosis ?? '—'],
    ['Therapy start', kase.therapyStart ?? '— (baseline is the reference)'],
    ['Scans', `${ordered.length}, ${first.date} to ${last.date}`],
    ['Lesions', `${kase.lesions.filter((l) => l.role === 'target').length} target, ${kase.lesions.filter((l) => l.role === 'non-target').length} non-target, ${kase.newLesions.length} new`],
  ]
  const timepointRows = ordered.map((t) => [
    `<span class="nowrap">${e(tpName(t.id))}</span>`,
    e(t.modality),
    e(t.contrastPhase.replace(/-/g, ' ')),
    e(t.sliceThicknessMm === undefined ? '—' : `${t.sliceThicknessMm} mm`),
    e(t.kvp ?? '—'),
    (kase.signOffs ?? []).filter((x) => x.timepoint === t.id).map((x) => `${e(x.assessor)} (${e(x.role)}), ${e(x.at ? dateTimeText(x.at, options) : x.date)}`).join('<br>') || 'not signed off',
  ])
  const measurementRows = kase.lesions.map((lesion) => [
    `<strong>${e(lesion.id)}</strong> ${e(lesion.name)}`,
    e(lesion.organ),
    e(lesion.kind + (lesion.bone ? ` (${lesion.bone.appearance}${lesion.bone.softTissueComponent ? ', soft-tissue component' : ''})` : '') + primaryText(lesion)),
    e(lesion.role),
    ...ordered.map((t) => assessmentText(lesion, lesion.assessments.find((a) => a.timepoint === t.id))),
  ])
  const newLesionRows = kase.newLesions.map((n, i) => [e(i + 1), e(tpName(n.timepoint)), e(n.organ), n.equivocal ? 'equivocal' : 'unequivocal', e(n.note ?? ''), e(n.confirms === undefined ? '' : n.confirms + 1)])

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caliper report: ${e(kase.patient.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<section class="summary">
<h1>Tumour response report: ${e(kase.patient.id)}</h1>
<p class="disclaimer">Computed by Caliper, a calculator, not a medical device. Every result names the rule that produced it and the options it used, so that a qualified reader can check it.</p>
<dl>${patient.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
${kase.patient.notes ? `<p class="muted">${e(kase.patient.notes)}</p>` : ''}
<h2>Best overall response by criterion</h2>
${summaryResponses(kase, evaluation)}
<h2>Trend</h2>
${trendSvgs(caseSeries(kase, evaluation))}
<h2>Caveats that matter</h2>
${caveatsThatMatter(kase, evaluation)}
<h2>Signatures</h2>
<div class="signoffs">${signatureTable(kase, options)}</div>
</section>
<h2>Study settings</h2>
<dl>${settings.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<h2>Timepoints</h2>
${table(['Timepoint', 'Modality', 'Contrast phase', 'Slice', 'kVp', 'Sign-off'], timepointRows)}
<h2>Measurements</h2>
${table(['Lesion', 'Organ', 'Kind', 'Role', ...ordered.map((t) => tpName(t.id))], measurementRows, 'measurements')}
${newLesionRows.length ? `<h3>New lesions</h3>${table(['#', 'Seen at', 'Organ', 'Certainty', 'Note', 'Confirms #'], newLesionRows)}` : '<p>No new lesions recorded.</p>'}
<h2>Responses by criterion</h2>
${evaluation.results.map((r) => criterionSection(kase, r)).join('\n')}
${researchSectionHtml(evaluation, table, tpName)}
<h2>Findings across criteria</h2>
${findingList(kase, evaluation.findings)}
<h2>Audit log</h2>
${audit.length ? table(['When', 'Who', 'Field', 'Old', 'New', 'Reason'], audit.map((a) => [e(dateTimeText(a.at, options)), e(a.who), e(pathName(kase, a.field)), e(a.old === undefined ? '(none)' : JSON.stringify(a.old)), e(a.new === undefined ? '(removed)' : JSON.stringify(a.new)), e(a.reason)])) : '<p>No change after sign-off.</p>'}
<footer><p class="muted">${options.generatedAt ? `Generated ${e(dateTimeText(options.generatedAt, options))}. ` : ''}Case format tumor-response-case, version ${e(kase.version)}.</p></footer>
</body>
</html>
`
}
