import { useState, type ReactNode } from 'react'
import { CRITERIA } from '../../../criteria/index.ts'
import { cohortCsv } from '../../documentation/cohort.ts'
import { useAppStore } from '../../store/app-store.ts'
import { downloadTextFile } from '../../components/download.ts'
import { spiderLines, swimmerLanes, waterfallBars } from '../plots/plot-model.ts'
import { SpiderPlot } from '../plots/spider-plot.tsx'
import { SwimmerPlot } from '../plots/swimmer-plot.tsx'
import { WaterfallPlot } from '../plots/waterfall-plot.tsx'
import { problemPlace, readCohortFiles, type FileProblem } from './cohort-import.ts'
import { CohortTableView } from './cohort-table.tsx'
import { StatisticsPanel } from './statistics-panel.tsx'
import { useCohort, type CohortMember, type MemberStatus } from './use-cohort.ts'

type Plot = 'waterfall' | 'spider' | 'swimmer'
const PLOTS: { id: Plot; title: string }[] = [
  { id: 'waterfall', title: 'Waterfall' },
  { id: 'spider', title: 'Spider' },
  { id: 'swimmer', title: 'Swimmer' },
]

type Notice = { kind: 'ok'; text: string } | { kind: 'error'; problems: FileProblem[]; files: number }

/**
 * The cohort workspace: every case of the library in one table, bulk import, statistics and
 * cohort plots. In team mode the library holds the server's cases: there is no import (cases are
 * added on the server), and `agreement` (inter-reader agreement) stands beside the statistics.
 */
export default function CohortScreen({ onOpenCase, team }: { onOpenCase: (id: string) => void; team?: { agreement: ReactNode } }) {
  const library = useAppStore((s) => s.library)
  const selected = useAppStore((s) => s.selectedCriteria)
  const choice = useAppStore((s) => s.cohortChoice)
  const { importCases, setSelectedCriteria, setCohortChoice, undo } = useAppStore.getState()
  const cohort = useCohort(library, selected, choice)
  const { table } = cohort
  const [notice, setNotice] = useState<Notice | null>(null)
  const [plot, setPlot] = useState<Plot>('waterfall')
  const [plotCriterion, setPlotCriterion] = useState('recist11')
  const criterion = table.criteria.find((c) => c.id === plotCriterion) ?? table.criteria[0]

  const importFiles = async (fileList: FileList | null) => {
    // Copied at once: the input is cleared (and its FileList emptied) right after this call.
    const files = [...(fileList ?? [])]
    if (files.length === 0) return
    const result = await readCohortFiles(files)
    if (!result.ok) return setNotice({ kind: 'error', problems: result.problems, files: files.length })
    importCases(result.drafts)
    setNotice({ kind: 'ok', text: `Imported ${result.drafts.length} ${result.drafts.length === 1 ? 'case' : 'cases'} from ${files.length} ${files.length === 1 ? 'file' : 'files'}.` })
  }
  const openPatient = (patient: string) => {
    const i = table.rows.findIndex((r) => r.patient === patient)
    if (i >= 0) onOpenCase(cohort.ids[i]!)
  }
  const toggle = (id: string, on: boolean) => setSelectedCriteria(CRITERIA.map((c) => c.id).filter((c) => (c === id ? on : selected.includes(c))))

  return (
    <>
      <section className="panel" aria-labelledby="cohort-title">
        <h2 id="cohort-title">Cohort: {table.rows.length} {table.rows.length === 1 ? 'patient' : 'patients'}</h2>
        <p className="muted">{team ? "The cases on your team's server that you count, evaluated under the chosen criteria." : "The cases of this browser's library that you count (the built-in examples only if you ask), evaluated under the chosen criteria. Nothing leaves the machine."}</p>
        <fieldset className="criteria-choice">
          <legend>Criteria</legend>
          {CRITERIA.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" checked={selected.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> {c.name}
            </label>
          ))}
        </fieldset>
        <div className="row cohort-actions">
          {!team && <div className="field">
            <label htmlFor="cohort-import">Import case files (JSON) or a measurements CSV</label>
            <input id="cohort-import" type="file" multiple accept=".json,.csv,application/json,text/csv" onChange={(e) => { void importFiles(e.target.files); e.target.value = '' }} />
          </div>}
          <button type="button" disabled={table.rows.length === 0} onClick={() => downloadTextFile('cohort.csv', cohortCsv(table))}>
            Download cohort CSV
          </button>
        </div>
        {notice?.kind === 'ok' && (
          <p className="notice ok" role="status">
            {notice.text}{' '}
            <button type="button" className="link" onClick={() => { undo(); setNotice(null) }}>Undo</button>
          </p>
        )}
        {notice?.kind === 'error' && (
          <div className="notice error" role="alert">
            <p><strong>Nothing was imported</strong>: {notice.problems.length} {notice.problems.length === 1 ? 'problem' : 'problems'} in {new Set(notice.problems.map((p) => p.file)).size} of {notice.files} {notice.files === 1 ? 'file' : 'files'}. The library is unchanged.</p>
            <ul className="import-problems">
              {notice.problems.slice(0, 200).map((p, i) => <li key={i}><code>{problemPlace(p)}</code>: {p.message}</li>)}
            </ul>
            {notice.problems.length > 200 && <p>… and {notice.problems.length - 200} more.</p>}
          </div>
        )}
        {cohort.duplicates.length > 0 && (
          <div className="notice warn" role="alert">
            <p>
              <strong>The same patient is counted more than once</strong>:{' '}
              {cohort.duplicates.map((d) => `${d.patient} (${d.count} cases)`).join(', ')}. Rates and agreement then count that patient twice: leave out all but one
              of its cases below.
            </p>
          </div>
        )}
        <CohortMembers members={cohort.members} onChoose={setCohortChoice} onOpenCase={onOpenCase} />
        {table.rows.length > 0 && table.criteria.length > 0 ? <CohortTableView table={table} ids={cohort.ids} onOpen={onOpenCase} /> : <p className="muted">No complete case, or no criterion chosen.</p>}
      </section>

      {table.criteria.length > 0 && table.rows.length > 0 && <StatisticsPanel evaluations={table.evaluations} criteria={table.criteria} onOpenPatient={openPatient} />}
      {team?.agreement}

      {criterion && table.rows.length > 0 && (
        <section className="panel" aria-labelledby="cohort-plots-title">
          <h2 id="cohort-plots-title">Cohort plots</h2>
          <div className="row">
            <div role="group" aria-label="Plot" className="tabs plot-tabs">
              {PLOTS.map((p) => (
                <button key={p.id} type="button" aria-pressed={plot === p.id} onClick={() => setPlot(p.id)}>{p.title}</button>
              ))}
            </div>
            <div className="field">
              <label htmlFor="plot-criterion">Coloured by best response under</label>
              <select id="plot-criterion" value={criterion.id} onChange={(e) => setPlotCriterion(e.target.value)}>
                {table.criteria.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </div>
          </div>
          {plot === 'waterfall' && <WaterfallPlot {...waterfallBars(table, criterion.id)} criterionName={criterion.name} />}
          {plot === 'spider' && <SpiderPlot lines={spiderLines(cohort.cases, table.evaluations, criterion.id)} criterionName={criterion.name} />}
          {plot === 'swimmer' && <SwimmerPlot lanes={swimmerLanes(cohort.cases, table.evaluations, criterion.id)} criterionName={criterion.name} />}
        </section>
      )}
    </>
  )
}


const STATUS_TEXT: Record<MemberStatus, string> = {
  counted: 'counted',
  excluded: 'left out by you',
  example: 'built-in example, left out unless you count it',
  incomplete: 'left out until it is complete',
}

/** What the cohort counts: every case of the library, with a box to count it or leave it out, and why one is left out. */
function CohortMembers({ members, onChoose, onOpenCase }: { members: CohortMember[]; onChoose: (id: string, counted: boolean) => void; onOpenCase: (id: string) => void }) {
  const counted = members.filter((m) => m.status === 'counted').length
  return (
    <details className="cohort-members" open={members.length <= 30}>
      <summary>
        Counts {counted} of the library&apos;s {members.length} {members.length === 1 ? 'case' : 'cases'}
      </summary>
      <div className="table-scroll">
        <table className="matrix members-table">
          <caption className="visually-hidden">Cases of the library: counted in the cohort or left out</caption>
          <thead>
            <tr><th scope="col">Count</th><th scope="col">Patient</th><th scope="col">Diagnosis</th><th scope="col">In the cohort</th></tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className={m.status === 'counted' ? undefined : 'left-out'}>
                <td>
                  <input type="checkbox" aria-label={`Count ${m.patient}`} checked={m.included} disabled={m.status === 'incomplete'} onChange={(e) => onChoose(m.id, e.target.checked)} />
                </td>
                <th scope="row"><button type="button" className="link" onClick={() => onOpenCase(m.id)}>{m.patient}</button></th>
                <td>{m.diagnosis}</td>
                <td>
                  {STATUS_TEXT[m.status]}
                  {m.status === 'incomplete' && m.problems[0] && <span className="muted small"> ({m.problems.length} problem{m.problems.length === 1 ? '' : 's'})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
