import type { Evaluation, Finding } from '../../../criteria/index.ts'

/** A finding with every criterion that reported it (the same caveat often comes from several). */
export interface ReportedFinding extends Finding {
  reportedBy: string[]
}

/** Every finding of an evaluation, once each: per-criterion findings and the cross-criteria ones. */
export function collectFindings(evaluation: Evaluation): ReportedFinding[] {
  const byKey = new Map<string, ReportedFinding>()
  const add = (f: Finding, by: string) => {
    const key = `${f.code}|${f.lesion ?? ''}|${f.timepoint ?? ''}|${f.message}`
    const seen = byKey.get(key)
    if (seen) seen.reportedBy.push(by)
    else byKey.set(key, { ...f, reportedBy: [by] })
  }
  for (const r of evaluation.results) for (const f of r.findings) add(f, r.name)
  for (const f of evaluation.findings) add(f, 'Comparison of criteria')
  return [...byKey.values()]
}

/** Warnings and errors about each lesion, for showing beside it while entering. */
export function lesionWarnings(evaluation: Evaluation | null): Map<string, ReportedFinding[]> {
  const out = new Map<string, ReportedFinding[]>()
  if (!evaluation) return out
  for (const f of collectFindings(evaluation))
    if (f.lesion !== undefined && f.severity !== 'info') out.set(f.lesion, [...(out.get(f.lesion) ?? []), f])
  return out
}
