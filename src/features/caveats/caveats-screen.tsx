import { useMemo } from 'react'
import { isOsteosarcomaDiagnosis } from '../../../criteria/index.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { ProblemsSummary } from '../entry/problems-summary.tsx'
import type { CaseAnalysis } from '../results/use-case-analysis.ts'
import { collectFindings, type ReportedFinding } from './collect-findings.ts'
import { withTimepointNames } from '../../documentation/human-names.ts'

/** The MD Anderson bone criteria assume new sclerosis is healing; in osteosarcoma the tumour makes the mineral. */
export const MDA_OSTEOGENIC_CAVEAT: ReportedFinding = {
  code: 'mda-not-for-osteogenic-tumours',
  severity: 'warning',
  message:
    'The MD Anderson bone criteria do not apply to osteogenic tumours: in osteosarcoma the tumour itself lays down mineral, so more sclerosis can mean growth or maturing matrix rather than healing. Do not read bone sclerosis or fill-in as response.',
  source: 'Costelloe CM et al. J Cancer 2010;1:80-92; Hamaoka T et al. J Clin Oncol 2004;22:2942-53 (criteria built for breast cancer)',
  reportedBy: ['Caliper'],
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

interface Group {
  key: string
  title: string
  byTimepoint: Map<string, ReportedFinding[]>
}

function groupFindings(findings: readonly ReportedFinding[], draft: CaseDraft): Group[] {
  const lesionName = new Map(draft.lesions.map((l) => [l.id, l.name]))
  const tpName = new Map(draft.timepoints.map((t) => [t.id, t.label?.trim() ? `${t.label} (${t.date})` : t.date || t.id]))
  const groups = new Map<string, Group>()
  for (const f of findings) {
    const key = f.lesion ?? ''
    const title = f.lesion === undefined ? 'Whole case' : `Lesion ${f.lesion}${lesionName.get(f.lesion) ? ` — ${lesionName.get(f.lesion)}` : ''}`
    const group = groups.get(key) ?? { key, title, byTimepoint: new Map() }
    const when = f.timepoint === undefined ? 'All timepoints' : (tpName.get(f.timepoint) ?? f.timepoint)
    group.byTimepoint.set(when, [...(group.byTimepoint.get(when) ?? []), f])
    groups.set(key, group)
  }
  // Within a group: case-wide first, then timepoints in date order.
  const whenOrder = ['All timepoints', ...[...draft.timepoints].sort((a, b) => a.date.localeCompare(b.date)).map((t) => tpName.get(t.id)!)]
  for (const g of groups.values()) g.byTimepoint = new Map([...g.byTimepoint].sort(([a], [b]) => whenOrder.indexOf(a) - whenOrder.indexOf(b)))
  // The whole case first, then lesions in the order they were entered.
  const order = ['', ...draft.lesions.map((l) => l.id)]
  return [...groups.values()].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
}

export function CaveatsScreen({ draft, analysis }: { draft: CaseDraft; analysis: CaseAnalysis }) {
  const findings = useMemo(() => {
    const all = analysis.evaluation ? collectFindings(analysis.evaluation) : []
    if (isOsteosarcomaDiagnosis(draft.patient.diagnosis)) all.unshift(MDA_OSTEOGENIC_CAVEAT)
    return all.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
  }, [analysis.evaluation, draft.patient.diagnosis])
  const groups = groupFindings(findings, draft)

  return (
    <section className="panel caveats" aria-labelledby="caveats-title">
      <h2 id="caveats-title">Caveats and findings</h2>
      <ProblemsSummary problems={analysis.problems} draft={draft} />
      {analysis.evaluation && findings.length === 0 && <p className="muted">No caveats for this case.</p>}
      {groups.map((g) => (
        <section key={g.key} className="caveat-group" aria-label={g.title}>
          <h3>{g.title}</h3>
          {[...g.byTimepoint].map(([when, list]) => (
            <div key={when} className="caveat-when">
              <h4>{when}</h4>
              <ul>
                {list.map((f) => (
                  <li key={`${f.code}|${f.message}`} className={`caveat sev-${f.severity}`}>
                    <span className="sev">{f.severity}</span>
                    <div>
                      <p>{withTimepointNames(draft, f.message)}</p>
                      <p className="source">
                        Source: {f.source}. Reported by {f.reportedBy.join(', ')}. <code>{f.code}</code>
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </section>
  )
}
