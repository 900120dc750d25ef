/**
 * The command line's readable output: one table per criterion, then its best response and
 * findings. Every line goes through terminalSafe: an id or name cannot draw a line of its own.
 */
import type { BestOverallResponse, Case, Evaluation, Finding, TimepointResult } from '../../criteria/index.ts'
import { terminalSafe } from './io.ts'

const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`)
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v))

function table(raw: string[][]): string[] {
  const rows = raw.map((r) => r.map(terminalSafe))
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}`)
}

const asText = (all: string[]) => `${all.map(terminalSafe).join('\n')}\n`

const findingLines = (findings: readonly Finding[]) => findings.map((f) => `  [${f.severity}] ${f.code}: ${f.message} (${f.source})`)

function timepointRow(t: TimepointResult): string[] {
  const attenuation = t.attenuation ? (t.attenuation.status === 'compared' ? pct(t.attenuation.changePct) : 'NE') : undefined
  return [
    t.timepoint,
    t.date,
    t.response,
    t.targetResponse ?? '—',
    t.nonTargetResponse ?? '—',
    t.newLesion ? 'yes' : 'no',
    `${num(t.products ? t.products.sumMm2 : t.sumMm)}${t.sumComplete ? '' : '+'}`,
    pct(t.changeFromBaselinePct),
    pct(t.changeFromNadirPct),
    ...(attenuation !== undefined ? [attenuation] : []),
  ]
}

export function formatEvaluation(kase: Case, evaluation: Evaluation): string {
  const out: string[] = [`Patient ${kase.patient.id}${kase.patient.diagnosis ? ` — ${kase.patient.diagnosis}` : ''}`, '']
  for (const r of evaluation.results) {
    out.push(`${r.name} (${r.criterion}, ${r.version}${r.status === 'provisional' ? ', PROVISIONAL' : ''}) — ${r.reference.citation}${r.reference.doi ? `. doi:${r.reference.doi}` : ''}`)
    const hasAttenuation = r.timepoints.some((t) => t.attenuation)
    // Bidimensional criteria (WHO, MD Anderson) sum products, not diameters.
    const sumHeader = r.timepoints.some((t) => t.products) ? 'SPD mm²' : 'Sum mm'
    const header = ['Timepoint', 'Date', 'Response', 'Target', 'Non-target', 'New', sumHeader, 'vs baseline', 'vs nadir', ...(hasAttenuation ? ['HU change'] : [])]
    const b = r.best
    if (r.notApplicable) out.push(`  Not applicable: ${r.notApplicable.reason} (${r.notApplicable.source})`)
    else
      out.push(
        ...(r.timepoints.length ? table([header, ...r.timepoints.map(timepointRow)]) : ['  (no follow-up timepoints)']),
        `  Best overall response: ${b.response ?? 'none'}${b.timepoint ? ` at ${b.timepoint} (${b.date})` : ''}${b.confirmed === true ? ', confirmed' : b.confirmed === false ? ', not confirmed' : ''}`,
      )
    out.push(`  Options: ${Object.entries(r.options).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`)
    if (r.findings.length) out.push('  Findings:', ...findingLines(r.findings).map((l) => `  ${l}`))
    out.push('')
  }
  if (evaluation.findings.length) out.push('Across criteria:', ...findingLines(evaluation.findings), '')
  return asText(out)
}

export function formatSeriesBest(best: BestOverallResponse): string {
  const head =
    best.response === null
      ? 'Best overall response: none (no assessment to rank)'
      : `Best overall response: ${best.response} on ${best.date}${best.confirmed === true ? ' (confirmed)' : best.confirmed === false ? ' (not confirmed)' : ''}`
  return asText([head, ...best.explanation.map((e) => `  ${e}`)])
}
