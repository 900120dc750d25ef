import { useState } from 'react'
import type { z } from 'zod'
import { ExportQuery } from '../../server/api-schemas.ts'
import { downloadTextFile } from '../components/download.ts'
import { DEFAULT_STUDY_ID } from '../documentation/sdtm.ts'
import { useAppStore } from '../store/app-store.ts'
import { api, ApiError } from './api.ts'
import { fileOf, sameFile, selectCaseDraft, useServerCase } from './server-case.ts'

type Query = z.input<typeof ExportQuery>

/**
 * A case's files, made by the server (GET /api/cases/:id/export) from the case as it holds it:
 * the same files as the Documents screen of local mode and `caliper export`. For the roles the
 * permission table lets export (coordinator, monitor); the server records each file handed out
 * in the case's audit trail.
 */
export default function ExportPanel({ caseId, hasBiomarkers }: { caseId: string; hasBiomarkers: boolean }) {
  const opened = useServerCase((s) => s.opened)
  const draft = useAppStore(selectCaseDraft(caseId))
  const [study, setStudy] = useState(DEFAULT_STUDY_ID)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The study id as the server checks it (one schema): its message names the field.
  const studyProblem = ExportQuery.safeParse({ format: 'sdtm', domain: 'TU', study }).error?.issues[0]?.message
  const unsaved = opened?.id === caseId && draft !== null && !sameFile(fileOf(draft), opened.saved)
  const domains = hasBiomarkers ? (['TU', 'TR', 'RS', 'LB'] as const) : (['TU', 'TR', 'RS'] as const)

  const download = async (queries: Query[]) => {
    setBusy(true)
    setDone(null)
    setError(null)
    const names: string[] = []
    try {
      for (const query of queries) {
        const file = await api.download('exportCase', { id: caseId, query })
        downloadTextFile(file.name, file.text, file.type)
        names.push(file.name)
      }
    } catch (e) {
      setError(`${names.length ? `Downloaded ${names.join(', ')}; then: ` : ''}${e instanceof ApiError ? e.message : String(e)}`)
    } finally {
      if (names.length && names.length === queries.length) setDone(`Downloaded ${names.join(', ')}.`)
      setBusy(false)
    }
  }
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="muted small">
        The files are made by the server from the case as saved{opened ? ` (version ${opened.version})` : ''}, by the same functions as <code>caliper export</code>. Each
        download is recorded in the case's audit trail: who, when and which file.
      </p>
      {unsaved && <p className="notice warn">You have unsaved changes: they are not in the files until you save.</p>}
      <ul className="exports">
        <li>
          <button type="button" disabled={busy} onClick={() => void download([{ format: 'case' }])}>Download case file (JSON)</button>{' '}
          <span className="muted small">the case as stored, with its sign-offs and audit log</span>
        </li>
        <li>
          <button type="button" disabled={busy} onClick={() => void download([{ format: 'csv' }])}>Download CSV</button>{' '}
          <span className="muted small">measurements (one row per lesion × timepoint) and responses (one row per timepoint × criterion)</span>
        </li>
        <li className="row">
          <div className="field">
            <label htmlFor="export-study">STUDYID</label>
            <input id="export-study" value={study} onChange={(e) => setStudy(e.target.value)} aria-invalid={studyProblem ? true : undefined} aria-describedby="export-study-problem" size={14} />
          </div>
          <button type="button" disabled={busy || studyProblem !== undefined} onClick={() => void download(domains.map((domain) => ({ format: 'sdtm', domain, study })))}>
            Download SDTM ({domains.join(', ')})
          </button>
          <span className="muted small" id="export-study-problem">{studyProblem ? `STUDYID ${studyProblem}` : `${domains.length} CSV files, SDTMIG v3.3 variable order`}</span>
        </li>
        <li>
          <button type="button" disabled={busy} onClick={() => void download([{ format: 'report' }])}>Download report (HTML)</button>{' '}
          <span className="muted small">settings, measurements, each criterion's responses and options, sign-offs and audit log; print it or save it as PDF</span>
        </li>
      </ul>
      {done && <p role="status" className="notice ok">{done}</p>}
      {error && <p role="alert" className="notice error">{error}</p>}
    </section>
  )
}
