import { useDeferredValue, useEffect, useMemo, useState, type FormEvent } from 'react'
import { evaluateCase, LEVEL_OF, parseCase, type Evaluation, type Response } from '../../criteria/index.ts'
import { allowed, ReadsReply, type Problem } from '../../server/api-schemas.ts'
import type { z } from 'zod'
import { responseClass } from '../features/results/results-matrix.tsx'
import { timepointTitle } from '../features/entry/grid-model.ts'
import { CaseDraftSchema, type CaseDraft } from '../store/case-draft.ts'
import { api, ApiError } from './api.ts'
import { fieldNamer } from './merge.ts'
import { OwnReadEditor, useOwnRead, useReadSources } from './own-read.tsx'
import { fileOf, openDocument, pathKeys } from './server-case.ts'
import { MEANING_TEXT, refreshCases, useTeam } from './session.ts'

type Reads = z.output<typeof ReadsReply>
type Disagreement = NonNullable<Reads['comparison']>['disagreements'][number]
const LEVELS: { level: Disagreement['level']; title: string }[] = [
  { level: 'lesion', title: 'Per lesion' },
  { level: 'timepoint', title: 'Per timepoint' },
  { level: 'criterion', title: 'Per criterion' },
]

const evaluate = (file: unknown): Evaluation | null => {
  const parsed = parseCase(file)
  return parsed.ok ? evaluateCase(parsed.value) : null
}
const shown = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/**
 * Blinded double reading of one case, for the coordinator, the adjudicator and the monitor: who
 * reads, what each has signed, and once both reads are signed, both side by side under every
 * criterion with every disagreement (per lesion, per timepoint, per criterion). The adjudicator
 * picks the final read, or records their own (own-read.tsx), with a reason and their password.
 */
export default function ReadsView({ caseId }: { caseId: string }) {
  const role = useTeam((s) => s.user!.role)
  const [reads, setReads] = useState<Reads | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The adjudicator's own read, while one is being recorded: shown beside the two reads.
  const own = useOwnRead(caseId)
  useEffect(() => {
    api.call('reads', { id: caseId }).then(setReads, (e: ApiError) => setError(e.message))
  }, [caseId])
  if (error) return <p className="notice error" role="alert">{error}</p>
  if (!reads) return <p className="muted" role="status">Loading the reads…</p>
  if (!reads.assignment) return <section className="panel"><h2>Double reading</h2><p className="muted">This case is not assigned for double reading yet.</p></section>
  return (
    <>
      <section className="panel" aria-labelledby="reads-title">
        <h2 id="reads-title">Double reading</h2>
        <table className="matrix reads-status">
          <caption className="visually-hidden">Readers and what each has signed</caption>
          <thead><tr><th scope="col">Reader</th><th scope="col">Signed timepoints</th><th scope="col">Read</th></tr></thead>
          <tbody>
            {reads.reads.map((r) => (
              <tr key={r.slot}>
                <th scope="row">Reader {r.slot}: {r.reader.displayName} ({r.reader.username})</th>
                <td>{r.signed.length} of {reads.assignment!.timepoints.length}</td>
                <td>{r.complete ? 'signed' : 'in progress'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!reads.comparison && <p className="muted">Each reader sees only their own read. The reads are shown here once both readers have signed every assigned timepoint.</p>}
      </section>
      {reads.comparison && <Comparison reads={reads} own={reads.adjudication ? null : own} />}
      {reads.adjudication ? (
        <section className="panel" aria-labelledby="adjudicated-title">
          <h2 id="adjudicated-title">Adjudicated</h2>
          <p>
            Final read: <strong>{reads.adjudication.choice === 'own' ? "the adjudicator's own read" : `Reader ${reads.adjudication.choice === 'reader1' ? 1 : 2}'s read`}</strong>, by {reads.adjudication.adjudicator} on {new Date(reads.adjudication.signedAt).toLocaleString()}.
          </p>
          <p>Reason: {reads.adjudication.reason}</p>
        </section>
      ) : (
        reads.comparison && allowed('adjudicate', role) && <AdjudicationForm caseId={caseId} reads={reads} onDone={setReads} />
      )}
    </>
  )
}

function Comparison({ reads, own }: { reads: Reads; own: CaseDraft | null }) {
  const [one, two] = reads.reads
  const evaluations = useMemo(() => [evaluate(one?.case), evaluate(two?.case)] as const, [one?.case, two?.case])
  // Typing in the own read stays quick: its column follows in a deferred render.
  const ownDraft = useDeferredValue(own)
  const ownEvaluation = useMemo(() => (ownDraft ? evaluate(fileOf(ownDraft)) : null), [ownDraft])
  const titles = useMemo(() => {
    const draft = CaseDraftSchema.safeParse(one?.case)
    return new Map(draft.success ? draft.data.timepoints.map((t, i) => [t.id, timepointTitle(t, i)]) : [])
  }, [one?.case])
  const disagreements = reads.comparison!.disagreements
  // A criterion with nothing to say on either read (no timepoint, no best response: e.g. PERCIST without PET) is left out.
  const criteria = (evaluations[0]?.results ?? []).filter((r) => r.timepoints.length > 0 || r.best.response !== null || evaluations[1]?.results.find((x) => x.criterion === r.criterion)?.best.response)
  const name = (id: string | undefined) => criteria.find((c) => c.criterion === id)?.name ?? id
  return (
    <>
      <section className="panel" aria-labelledby="disagreements-title">
        <h2 id="disagreements-title">Where the readers disagree ({disagreements.length})</h2>
        {disagreements.length === 0 && <p>The two reads agree everywhere.</p>}
        {LEVELS.map(({ level, title }) => {
          const items = disagreements.filter((d) => d.level === level)
          return items.length === 0 ? null : (
            <table key={level} className="matrix disagreements" aria-label={`Disagreements ${title.toLowerCase()}`}>
              <caption>{title} ({items.length})</caption>
              <thead><tr><th scope="col">Where</th><th scope="col">Reader 1</th><th scope="col">Reader 2</th><th scope="col">What differs</th></tr></thead>
              <tbody>
                {items.map((d, i) => (
                  <tr key={i}>
                    <th scope="row">{[d.lesion, d.timepoint && (titles.get(d.timepoint) ?? d.timepoint), d.criterion && name(d.criterion)].filter(Boolean).join(', ')}</th>
                    <td>{shown(d.reader1)}</td>
                    <td>{shown(d.reader2)}</td>
                    <td>{d.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        })}
      </section>
      <section className="panel" aria-labelledby="side-by-side-title">
        <h2 id="side-by-side-title">Both reads side by side</h2>
        <div className={own ? 'side-by-side with-own' : 'side-by-side'}>
          {criteria.map((r1) => {
            const r2 = evaluations[1]?.results.find((r) => r.criterion === r1.criterion)
            const mine = ownEvaluation?.results.find((r) => r.criterion === r1.criterion)
            const at = (result: typeof r2, timepoint: string) => (result?.timepoints.find((u) => u.timepoint === timepoint)?.response ?? null) as Response | null
            const rows = r1.timepoints.map((t) => ({ id: t.timepoint, title: titles.get(t.timepoint) ?? t.timepoint, a: t.response as Response | null, b: at(r2, t.timepoint), own: at(mine, t.timepoint) }))
            rows.push({ id: 'best', title: 'Best overall response', a: r1.best.response, b: r2?.best.response ?? null, own: mine?.best.response ?? null })
            return (
              <table key={r1.criterion} className="matrix side-table">
                <caption>{r1.name}</caption>
                <thead><tr><th scope="col">Timepoint</th><th scope="col">Reader 1</th><th scope="col">Reader 2</th>{own && <th scope="col">Your read</th>}</tr></thead>
                <tbody>
                  {rows.map((row) => {
                    const differ = (row.a ? LEVEL_OF[row.a] : null) !== (row.b ? LEVEL_OF[row.b] : null)
                    return (
                      <tr key={row.id} className={differ ? 'disagree' : undefined}>
                        <th scope="row">{row.title}</th>
                        <td><span className={responseClass(row.a)}>{row.a ?? '—'}</span></td>
                        <td><span className={responseClass(row.b)}>{row.b ?? '—'}</span>{differ && <span className="visually-hidden"> (differs)</span>}</td>
                        {own && <td className="own-column">{ownEvaluation ? <span className={responseClass(row.own)}>{row.own ?? '—'}</span> : <span className="muted">not evaluated</span>}</td>}
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            )
          })}
        </div>
      </section>
    </>
  )
}

type Choice = 'reader1' | 'reader2' | 'own'

function AdjudicationForm({ caseId, reads, onDone }: { caseId: string; reads: Reads; onDone: (r: Reads) => void }) {
  const own = useOwnRead(caseId)
  // An own read already started (before another tab was opened) is chosen again.
  const [choice, setChoice] = useState<Choice | null>(() => (own ? 'own' : null))
  const [reason, setReason] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null)
  const sources = useReadSources(reads.reads, reads.assignment!.timepoints)
  const ownFile = useMemo(() => (own ? fileOf(own) : null), [own])
  const ownValid = useMemo(() => (ownFile ? parseCase(ownFile).ok : false), [ownFile])
  const ready = choice !== null && (choice !== 'own' || ownValid) && reason.trim() !== '' && password !== ''
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!ready) return
    setError(null)
    try {
      const body = choice === 'own' ? { choice, case: ownFile!, reason: reason.trim(), password } : { choice, reason: reason.trim(), password }
      const done = await api.call('adjudicate', { id: caseId, body })
      // The case is now the final read: open it as the server holds it (this also lets the own read go).
      await api.call('getCase', { id: caseId }).then(openDocument, () => undefined)
      void refreshCases().catch(() => undefined)
      onDone(done)
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] })
      setPassword('')
    }
  }
  // The server names a problem of the own read by its JSON path in the body ("case.lesions[0]…"): shown as the grid names the field.
  const place = (p: Problem) => (own && p.path.startsWith('case') ? fieldNamer(own)(pathKeys(p.path.replace(/^case\.?/, ''))) || 'Your read' : p.path)
  return (
    <section className="panel" aria-labelledby="adjudicate-title">
      <h2 id="adjudicate-title">Adjudicate</h2>
      {/* The own read's editor is outside the form: Enter in one of its fields never signs. */}
      <fieldset className="choice">
        <legend>Final read</legend>
        {reads.reads.map((r) => (
          <label key={r.slot} className="check">
            <input type="radio" name="final-read" checked={choice === `reader${r.slot}`} onChange={() => setChoice(`reader${r.slot}`)} /> Reader {r.slot}'s read ({r.reader.displayName})
          </label>
        ))}
        <label className="check">
          <input type="radio" name="final-read" checked={choice === 'own'} onChange={() => setChoice('own')} /> My own read
        </label>
      </fieldset>
      {choice === 'own' && (
        <section className="own-read-panel" aria-labelledby="own-read-title">
          <h3 id="own-read-title">Your own read</h3>
          <OwnReadEditor caseId={caseId} sources={sources} />
          {!own && <p className="muted">Start from a read to edit it into yours.</p>}
          {own && !ownValid && <p className="notice warn" role="status">Your read has problems (listed above the grid): fix them to sign it.</p>}
        </section>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="adjudication-reason">Reason</label>
          <textarea id="adjudication-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <p className="small" id="adjudication-meaning">{MEANING_TEXT.adjudicated}</p>
        <div className="row">
          <div className="field">
            <label htmlFor="adjudication-password">Your password, to sign</label>
            <input id="adjudication-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="adjudication-meaning" />
          </div>
          <button type="submit" className="primary" disabled={!ready}>Sign as adjudicated</button>
        </div>
        {error && (
          <div className="notice error" role="alert">
            <p>{error.message}</p>
            {error.problems.length > 0 && <ul>{error.problems.map((p, i) => <li key={i}>{place(p)}: {p.message}</li>)}</ul>}
          </div>
        )}
      </form>
    </section>
  )
}
