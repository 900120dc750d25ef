import { useMemo, useState, type FormEvent } from 'react'
import type { Case, Evaluation, Problem } from '../../../criteria/index.ts'
import { caseCsv } from '../../documentation/csv-export.ts'
import { dateTimeText, DEFAULT_SIGNATURE_MEANING, pathName, problemText } from '../../documentation/human-names.ts'
import { reportHtml } from '../../documentation/report.ts'
import { datasetCsv, DEFAULT_STUDY_ID, sdtmDatasetList, sdtmDatasets } from '../../documentation/sdtm.ts'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { ProblemsSummary } from '../entry/problems-summary.tsx'
import { AttenuationPlot, SumPlot } from '../plots/case-plots.tsx'
import { timeline } from '../plots/timeline-model.ts'
import { TimelinePlot } from '../plots/timeline-plot.tsx'
import { caseSeries } from '../plots/plot-model.ts'
import type { CaseAnalysis } from '../results/use-case-analysis.ts'
import { downloadBlob, downloadTextFile, fileStem } from '../../components/download.ts'

/** What a signature can mean (21 CFR 11.50: a signed record states the meaning of the signature). */
const MEANINGS = ['measurements read and verified', DEFAULT_SIGNATURE_MEANING, 'independent central review']

const today = () => new Date().toISOString().slice(0, 10)
const json = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v))

/** Plots, exports, sign-off and the audit trail of the open case. */
export default function DocumentsScreen({ draft, analysis, timepointLabels }: { draft: CaseDraft; analysis: CaseAnalysis; timepointLabels: ReadonlyMap<string, string> }) {
  const kase = analysis.parsed.ok ? analysis.parsed.value : null
  return (
    <>
      {kase && analysis.evaluation ? (
        <>
          <CasePlots kase={kase} evaluation={analysis.evaluation} />
          <Exports kase={kase} evaluation={analysis.evaluation} />
        </>
      ) : (
        <section className="panel" aria-labelledby="docs-problems">
          <h2 id="docs-problems">Plots and exports</h2>
          <p>Plots, exports and sign-off need a complete case.</p>
          <ProblemsSummary problems={analysis.problems} draft={draft} />
        </section>
      )}
      <SignOffPanel draft={draft} timepointLabels={timepointLabels} canSign={analysis.parsed.ok} />
      <AuditLog draft={draft} />
    </>
  )
}

function CasePlots({ kase, evaluation }: { kase: Case; evaluation: Evaluation }) {
  const series = useMemo(() => caseSeries(kase, evaluation), [kase, evaluation])
  return (
    <section className="panel" aria-labelledby="case-plots-title">
      <h2 id="case-plots-title">Plots</h2>
      <div className="plot-grid">
        <SumPlot series={series} patient={kase.patient.id} />
        <AttenuationPlot series={series} patient={kase.patient.id} />
      </div>
      {/* Issue #14: with volumes, DCE-MRI or blood biomarkers, everything on one time axis. */}
      {evaluation.research && <TimelinePlot data={timeline(kase, evaluation)} patient={kase.patient.id} />}
    </section>
  )
}

function Exports({ kase, evaluation }: { kase: Case; evaluation: Evaluation }) {
  const [study, setStudy] = useState(DEFAULT_STUDY_ID)
  const stem = fileStem(kase.patient.id)
  const studyOk = /^[A-Za-z0-9_-]{1,40}$/.test(study)
  const report = () => reportHtml(kase, evaluation, { generatedAt: new Date().toISOString() })
  const print = () => {
    // The report prints from a same-origin frame: its print stylesheet does the layout.
    const frame = document.createElement('iframe')
    frame.className = 'print-frame'
    frame.title = 'Report for printing'
    frame.srcdoc = report()
    frame.onload = () => {
      frame.contentWindow?.focus()
      frame.contentWindow?.print()
      setTimeout(() => frame.remove(), 60_000)
    }
    document.body.append(frame)
  }
  const sdtm = async () => {
    const sets = sdtmDatasets(kase, evaluation, { studyId: study })
    for (const set of sdtmDatasetList(sets)) {
      downloadTextFile(`${stem}-${set.domain}.csv`, datasetCsv(set))
      // One download per tick: browsers drop rapid successive downloads.
      await new Promise((r) => setTimeout(r, 150))
    }
  }
  return (
    <section className="panel" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports</h2>
      <ul className="exports">
        <li>
          <button type="button" onClick={() => downloadTextFile(`${stem}.csv`, caseCsv(kase, evaluation))}>Download CSV</button>{' '}
          <span className="muted small">measurements (one row per lesion × timepoint) and responses (one row per timepoint × criterion)</span>
        </li>
        <li className="row">
          <div className="field">
            <label htmlFor="sdtm-study">STUDYID</label>
            <input id="sdtm-study" value={study} onChange={(e) => setStudy(e.target.value)} aria-invalid={!studyOk || undefined} size={14} />
          </div>
          <button type="button" disabled={!studyOk} onClick={() => void sdtm()}>{kase.biomarkers?.length ? 'Download SDTM (TU, TR, RS, LB)' : 'Download SDTM (TU, TR, RS)'}</button>
          <span className="muted small">three CSV files, SDTMIG v3.3 variable order</span>
        </li>
        <li>
          <button type="button" onClick={print}>Print report</button>{' '}
          <button type="button" onClick={() => downloadBlob(`${stem}-report.html`, new Blob([report()], { type: 'text/html;charset=utf-8' }))}>Download report (HTML)</button>{' '}
          <span className="muted small">settings, measurements, each criterion's responses and options, sign-offs and audit log; print it or save it as PDF</span>
        </li>
      </ul>
    </section>
  )
}

function SignOffPanel({ draft, timepointLabels, canSign }: { draft: CaseDraft; timepointLabels: ReadonlyMap<string, string>; canSign: boolean }) {
  const signOffTimepoint = useAppStore((s) => s.signOffTimepoint)
  const signOffs = (draft.signOffs as { timepoint: string; assessor: string; role: string; date: string; at?: string; meaning?: string }[] | undefined) ?? []
  const [timepoint, setTimepoint] = useState(draft.timepoints[0]?.id ?? '')
  const [assessor, setAssessor] = useState('')
  const [role, setRole] = useState('')
  const [date, setDate] = useState(today())
  const [meaning, setMeaning] = useState(MEANINGS[0]!)
  const [problems, setProblems] = useState<Problem[]>([])
  const [done, setDone] = useState<string | null>(null)
  const label = (id: string) => timepointLabels.get(id) ?? id
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const result = await signOffTimepoint({ timepoint, assessor: assessor.trim(), role: role.trim(), date, at: new Date().toISOString(), meaning })
    setProblems(result)
    setDone(result.length ? null : `Signed off ${label(timepoint)} as ${assessor.trim()}. Its data is now locked: changes need a reason and are logged.`)
  }
  return (
    <section className="panel" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Sign-off</h2>
      {signOffs.length > 0 ? (
        <table className="matrix signoffs">
          <caption className="visually-hidden">Signed-off timepoints</caption>
          <thead><tr><th scope="col">Timepoint</th><th scope="col">Assessor</th><th scope="col">Role</th><th scope="col">Signed</th><th scope="col">Meaning</th></tr></thead>
          <tbody>
            {signOffs.map((s, i) => (
              <tr key={i}><th scope="row"><span aria-hidden="true">🔒 </span>{label(s.timepoint)} <span className="badge locked">locked</span></th><td>{s.assessor}</td><td>{s.role}</td><td>{s.at ? dateTimeText(s.at) : s.date}</td><td>{s.meaning ?? DEFAULT_SIGNATURE_MEANING}</td></tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No timepoint is signed off yet.</p>
      )}
      <form className="row signoff-form" onSubmit={submit} aria-label="Sign off a timepoint">
        <div className="field">
          <label htmlFor="so-timepoint">Timepoint</label>
          <select id="so-timepoint" value={timepoint} onChange={(e) => setTimepoint(e.target.value)}>
            {draft.timepoints.map((t) => <option key={t.id} value={t.id}>{label(t.id)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="so-assessor">Assessor name</label>
          <input id="so-assessor" value={assessor} onChange={(e) => setAssessor(e.target.value)} autoComplete="name" />
        </div>
        <div className="field">
          <label htmlFor="so-role">Role</label>
          <input id="so-role" value={role} placeholder="site radiologist" onChange={(e) => setRole(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="so-meaning">Meaning of the signature</label>
          <select id="so-meaning" value={meaning} onChange={(e) => setMeaning(e.target.value)}>
            {MEANINGS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="so-date">Date</label>
          <input id="so-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={!canSign}>Sign off</button>
      </form>
      {!canSign && <p className="muted small">A timepoint can be signed off once the case is complete.</p>}
      {done && <p className="notice ok" role="status">{done}</p>}
      {problems.length > 0 && (
        <div className="notice error" role="alert">
          <p><strong>Not signed off</strong>:</p>
          <ul>{problems.map((p, i) => <li key={i}>{problemText(draft, p)}</li>)}</ul>
        </div>
      )}
    </section>
  )
}

function AuditLog({ draft }: { draft: CaseDraft }) {
  const log = (draft.auditLog as { at: string; who: string; field: string; old?: unknown; new?: unknown; reason: string }[] | undefined) ?? []
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail ({log.length})</h2>
      {log.length === 0 ? (
        <p className="muted">No change after sign-off.</p>
      ) : (
        <table className="matrix audit-log">
          <caption className="visually-hidden">Changes made after sign-off, oldest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Field</th><th scope="col">Old → new</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            {log.map((entry, i) => (
              <tr key={i}><td>{dateTimeText(entry.at)}</td><td>{entry.who}</td><td>{pathName(draft, entry.field)}</td><td>{json(entry.old)} → {json(entry.new)}</td><td>{entry.reason}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
