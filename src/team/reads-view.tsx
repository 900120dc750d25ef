import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { evaluateCase, LEVEL_OF, parseCase, type Evaluation, type Response } from '../../criteria/index.ts'
import { allowed, ReadsReply } from '../../server/api-schemas.ts'
import type { z } from 'zod'
import { responseClass } from '../features/results/results-matrix.tsx'
import { timepointTitle } from '../features/entry/grid-model.ts'
import { CaseDraftSchema } from '../store/case-draft.ts'
import { api, ApiError } from './api.ts'
import { MEANING_TEXT, useTeam } from './session.ts'

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
 * picks the final read with a reason and their password.
 */
export default function ReadsView({ caseId }: { caseId: string }) {
  const role = useTeam((s) => s.user!.role)
  const [reads, setReads] = useState<Reads | null>(null)
  const [error, setError] = useState<string | null>(null)
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
      {reads.comparison && <Comparison reads={reads} />}
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

function Comparison({ reads }: { reads: Reads }) {
  const [one, two] = reads.reads
  const evaluations = useMemo(() => [evaluate(one?.case), evaluate(two?.case)] as const, [one?.case, two?.case])
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
        <div className="side-by-side">
          {criteria.map((r1) => {
            const r2 = evaluations[1]?.results.find((r) => r.criterion === r1.criterion)
            const rows = r1.timepoints.map((t) => ({ id: t.timepoint, title: titles.get(t.timepoint) ?? t.timepoint, a: t.response as Response | null, b: (r2?.timepoints.find((u) => u.timepoint === t.timepoint)?.response ?? null) as Response | null }))
            rows.push({ id: 'best', title: 'Best overall response', a: r1.best.response, b: r2?.best.response ?? null })
            return (
              <table key={r1.criterion} className="matrix side-table">
                <caption>{r1.name}</caption>
                <thead><tr><th scope="col">Timepoint</th><th scope="col">Reader 1</th><th scope="col">Reader 2</th></tr></thead>
                <tbody>
                  {rows.map((row) => {
                    const differ = (row.a ? LEVEL_OF[row.a] : null) !== (row.b ? LEVEL_OF[row.b] : null)
                    return (
                      <tr key={row.id} className={differ ? 'disagree' : undefined}>
                        <th scope="row">{row.title}</th>
                        <td><span className={responseClass(row.a)}>{row.a ?? '—'}</span></td>
                        <td><span className={responseClass(row.b)}>{row.b ?? '—'}</span>{differ && <span className="visually-hidden"> (differs)</span>}</td>
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

function AdjudicationForm({ caseId, reads, onDone }: { caseId: string; reads: Reads; onDone: (r: Reads) => void }) {
  const [choice, setChoice] = useState<'reader1' | 'reader2' | null>(null)
  const [reason, setReason] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!choice) return
    setError(null)
    try {
      onDone(await api.call('adjudicate', { id: caseId, body: { choice, reason: reason.trim(), password } }))
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
      setPassword('')
    }
  }
  return (
    <section className="panel" aria-labelledby="adjudicate-title">
      <h2 id="adjudicate-title">Adjudicate</h2>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="choice">
          <legend>Final read</legend>
          {reads.reads.map((r) => (
            <label key={r.slot} className="check">
              <input type="radio" name="final-read" checked={choice === `reader${r.slot}`} onChange={() => setChoice(`reader${r.slot}`)} /> Reader {r.slot}'s read ({r.reader.displayName})
            </label>
          ))}
        </fieldset>
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
          <button type="submit" className="primary" disabled={!choice || !reason.trim() || !password}>Sign as adjudicated</button>
        </div>
        {error && <p className="notice error" role="alert">{error}</p>}
      </form>
    </section>
  )
}
