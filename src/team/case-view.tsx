import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react'
import { allowed, REASON_HEADER, SIGNING_MEANING, type CaseDocument, type CaseSummary, type Problem, type Signature } from '../../server/api-schemas.ts'
import { OpenCase, type Screen } from '../app/app.tsx'
import { timepointTitle } from '../features/entry/grid-model.ts'
import { selectOpenDraft, useAppStore } from '../store/app-store.ts'
import { api, ApiError } from './api.ts'
import { fieldNamer } from './merge.ts'
import { MergeDialog } from './merge-dialog.tsx'
import { amendmentReason, fileOf, openDocument, pathKeys, sameFile, selectCaseDraft, settleSaved, useServerCase } from './server-case.ts'
import { MEANING_TEXT, refreshCases, useTeam } from './session.ts'

const ReadsView = lazy(() => import('./reads-view.tsx'))
const AuditTrail = lazy(() => import('./audit-trail.tsx'))
const AssignPanel = lazy(() => import('./assign-panel.tsx'))
const ExportPanel = lazy(() => import('./export-panel.tsx'))

type Tab = 'entry' | 'results' | 'caveats' | 'reads' | 'assign' | 'export' | 'audit'
const TAB_TITLES: Record<Tab, string> = { entry: 'Entry', results: 'Results', caveats: 'Caveats', reads: 'Double reading', assign: 'Assign readers', export: 'Export', audit: 'Audit trail' }

const loading = <p className="muted" role="status">Loading…</p>

/** One case from the server: the same screens as local mode, plus saving, signing, assignment, double reading and its audit trail as the role allows. */
export function CaseView({ summary, onClose }: { summary: CaseSummary; onClose: () => void }) {
  const role = useTeam((s) => s.user!.role)
  const opened = useServerCase((s) => s.opened)
  const draft = useAppStore(selectCaseDraft(summary.id))
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    let live = true
    useServerCase.getState().setOpened(null)
    api.call('getCase', { id: summary.id }).then(
      (doc) => live && openDocument(doc),
      (e: ApiError) => live && setError(e),
    )
    return () => {
      live = false
    }
  }, [summary.id])
  const canEdit = allowed('saveCase', role) && opened !== null && !opened.locked
  const tabs: Tab[] = [
    ...(canEdit ? (['entry'] as const) : []),
    'results',
    'caveats',
    ...(summary.kind === 'case' && allowed('reads', role) ? (['reads'] as const) : []),
    ...(summary.kind === 'case' && allowed('assign', role) ? (['assign'] as const) : []),
    ...(summary.kind === 'case' && allowed('exportCase', role) ? (['export'] as const) : []),
    ...(allowed('caseAudit', role) ? (['audit'] as const) : []),
  ]
  const [tab, setTab] = useState<Tab>(allowed('saveCase', role) ? 'entry' : summary.reading === 'ready' || summary.reading === 'adjudicated' ? 'reads' : 'results')
  const shown = tabs.includes(tab) ? tab : tabs[0]!
  const ready = opened !== null && opened.id === summary.id && draft !== null
  const title = summary.kind === 'read' ? `Your read of ${summary.patient}` : summary.patient

  return (
    <>
      <section className="panel case-bar" aria-labelledby="server-case-title">
        <div className="row">
          <h2 id="server-case-title" className="grow">{title}</h2>
          {ready && <span className="muted">Version {opened.version}{opened.locked ? ' · locked' : ''}</span>}
          <button type="button" onClick={onClose}>Back to the list</button>
        </div>
        {error && <p className="notice error" role="alert">{error.message}</p>}
        {ready && canEdit && <SaveBar />}
        {ready && !canEdit && <p className="muted small">{opened.locked ? 'This case is locked: nothing in it can change.' : 'Read only: your role sees this case but does not change it.'}</p>}
        <nav aria-label="Case screens" className="tabs case-tabs">
          {tabs.map((t) => <button key={t} type="button" aria-current={shown === t ? 'page' : undefined} onClick={() => setTab(t)}>{TAB_TITLES[t]}</button>)}
        </nav>
      </section>
      {ready && SIGNING_MEANING[role] && canEdit && <SignPanel summary={summary} />}
      {ready && (['entry', 'results', 'caveats'] as Tab[]).includes(shown) && <OpenCase draft={draft} screen={shown as Screen} onScreen={(s) => setTab(s as Tab)} readOnly={!canEdit} />}
      <Suspense fallback={loading}>
        {ready && shown === 'reads' && <ReadsView caseId={summary.id} />}
        {ready && shown === 'assign' && <AssignPanel caseId={summary.id} />}
        {ready && shown === 'export' && <ExportPanel caseId={summary.id} hasBiomarkers={(opened.saved.biomarkers?.length ?? 0) > 0} />}
        {ready && shown === 'audit' && <AuditTrail caseId={summary.id} />}
      </Suspense>
    </>
  )
}

/** Save with the version this user started from; a 409 opens the merge dialog instead of overwriting. */
function SaveBar() {
  const opened = useServerCase((s) => s.opened)!
  const draft = useAppStore(selectOpenDraft)!
  const file = useMemo(() => fileOf(draft), [draft])
  const dirty = !sameFile(file, opened.saved)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [conflict, setConflict] = useState<{ current: CaseDocument; mine: unknown } | null>(null)
  const [reason, setReason] = useState('')
  const [status, setStatus] = useState<{ version: number; text: string } | null>(null)
  // The server names the header when a change touches signed-off data and no reason came with it.
  const needsReason = failure !== null && failure.message.includes(REASON_HEADER)
  const nameOf = useMemo(() => fieldNamer(draft), [draft])
  const save = async () => {
    setBusy(true)
    setFailure(null)
    try {
      const headers: Record<string, string> = { 'if-match': String(opened.version) }
      // A reason given in the amend dialog (signed-off data) or typed here after the server asked for one.
      const why = reason.trim() || amendmentReason(opened.saved, file)
      if (why) headers[REASON_HEADER] = encodeURIComponent(why)
      const { version } = await api.call('saveCase', { id: opened.id, body: file, headers })
      setReason('')
      setStatus({ version, text: `Saved as version ${version}.` })
      await settleSaved(opened, file, version)
      void refreshCases().catch(() => undefined)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) setConflict({ current: e.current, mine: file })
      else setFailure(e instanceof ApiError ? e : new ApiError(0, { error: String(e), problems: [] }))
    } finally {
      setBusy(false)
    }
  }
  const place = (p: Problem) => (p.path === REASON_HEADER ? 'Reason' : p.path && p.path !== '(root)' ? nameOf(pathKeys(p.path)) : 'The case')
  return (
    <div className="save-bar">
      <div className="row">
        <button type="button" className="primary" disabled={busy || (!dirty && !needsReason)} onClick={() => void save()}>{busy ? 'Saving…' : 'Save'}</button>
        <span role="status" className="muted">{dirty ? 'Unsaved changes' : status?.version === opened.version ? status.text : 'All changes saved'}</span>
        {needsReason && (
          <div className="field grow">
            <label htmlFor="change-reason">Reason for changing signed data</label>
            <input id="change-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        )}
      </div>
      {failure && (
        <div className="notice error" role="alert">
          <p><strong>Not saved</strong>: {failure.message} Your changes are still here.</p>
          {failure.problems.length > 0 && <ul>{failure.problems.map((p, i) => <li key={i}>{place(p)}: {p.message}</li>)}</ul>}
        </div>
      )}
      {conflict && (
        <MergeDialog
          opened={opened}
          mine={conflict.mine}
          current={conflict.current}
          onDone={(merged) => {
            setConflict(null)
            setStatus({ version: conflict.current.version, text: merged ? 'Merged with the saved version: check it, then save.' : 'Their version is open; your changes were dropped.' })
          }}
        />
      )}
    </div>
  )
}

/** Signing a timepoint: the password again and the meaning, recorded by the server with its own clock. */
function SignPanel({ summary }: { summary: CaseSummary }) {
  const role = useTeam((s) => s.user!.role)
  const meaning = SIGNING_MEANING[role]!
  const opened = useServerCase((s) => s.opened)!
  const draft = useAppStore(selectOpenDraft)!
  const cases = useTeam((s) => s.cases)
  const dirty = !sameFile(fileOf(draft), opened.saved)
  const toSign = cases?.find((c) => c.id === summary.id)?.toSign ?? summary.toSign ?? draft.timepoints.map((t) => t.id)
  const titles = new Map(draft.timepoints.map((t, i) => [t.id, timepointTitle(t, i)]))
  const [timepoint, setTimepoint] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [signatures, setSignatures] = useState<Signature[]>([])
  const [signedCount, setSignedCount] = useState(0)
  const chosen = toSign.includes(timepoint) ? timepoint : (toSign[0] ?? '')
  useEffect(() => {
    api.call('listSignatures', { id: opened.id }).then(({ signatures }) => setSignatures(signatures), () => undefined)
  }, [opened.id, signedCount])
  const sign = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await api.call('sign', { id: opened.id, body: { timepoint: chosen, meaning, password }, headers: { 'if-match': String(opened.version) } })
      setPassword('')
      // The signature is written into the case file (its sign-offs): open what the server now holds (nothing unsaved is lost: signing waits for a save).
      openDocument(await api.call('getCase', { id: opened.id }))
      setSignedCount((n) => n + 1)
      await refreshCases().catch(() => undefined)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  return (
    <section className="panel" aria-labelledby="sign-title">
      <h2 id="sign-title">Sign</h2>
      {signatures.length > 0 && (
        <ul className="signatures" aria-label="Signatures">
          {signatures.map((s) => <li key={s.id}>{titles.get(s.timepoint) ?? s.timepoint}: {s.meaning}, {s.displayName} ({s.username}), {new Date(s.signedAt).toLocaleString()}</li>)}
        </ul>
      )}
      {toSign.length === 0 ? (
        <p className="muted">Nothing left to sign here.</p>
      ) : (
        <form className="row" onSubmit={(e) => void sign(e)}>
          <div className="field">
            <label htmlFor="sign-timepoint">Timepoint</label>
            <select id="sign-timepoint" value={chosen} onChange={(e) => setTimepoint(e.target.value)}>
              {toSign.map((t) => <option key={t} value={t}>{titles.get(t) ?? t}</option>)}
            </select>
          </div>
          <p className="grow small" id="sign-meaning">{MEANING_TEXT[meaning]}</p>
          <div className="field">
            <label htmlFor="sign-password">Your password, to sign</label>
            <input id="sign-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="sign-meaning" />
          </div>
          <button type="submit" className="primary" disabled={!password || dirty || !chosen}>Sign as {meaning}</button>
          {dirty && <span className="muted small">Save first: a signature covers what is saved.</span>}
        </form>
      )}
      {error && <p className="notice error" role="alert">{error}</p>}
    </section>
  )
}
