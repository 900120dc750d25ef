import { useEffect, useState, type FormEvent } from 'react'
import type { User } from '../../server/api-schemas.ts'
import { timepointTitle } from '../features/entry/grid-model.ts'
import { selectOpenDraft, useAppStore } from '../store/app-store.ts'
import { api, ApiError } from './api.ts'
import { refreshCases } from './session.ts'

/** The coordinator assigns the case's timepoints to two different readers (blinded double reading). */
export default function AssignPanel({ caseId }: { caseId: string }) {
  const draft = useAppStore(selectOpenDraft)!
  const [readers, setReaders] = useState<User[]>([])
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(draft.timepoints.map((t) => t.id)))
  const [one, setOne] = useState('')
  const [two, setTwo] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    api.call('listUsers').then(({ users }) => setReaders(users.filter((u) => u.role === 'reader' && !u.disabled)), (e: ApiError) => setMessage({ ok: false, text: e.message }))
  }, [])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMessage(null)
    try {
      const timepoints = draft.timepoints.map((t) => t.id).filter((t) => chosen.has(t))
      await api.call('assign', { id: caseId, body: { timepoints, readers: [one, two] } })
      const name = (id: string) => readers.find((r) => r.id === id)?.displayName ?? id
      setMessage({ ok: true, text: `Assigned ${timepoints.length} ${timepoints.length === 1 ? 'timepoint' : 'timepoints'} to ${name(one)} and ${name(two)}.` })
      await refreshCases().catch(() => undefined)
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? [err.message, ...err.problems.map((p) => p.message)].join(' ') : String(err) })
    }
  }
  const pick = (id: string, value: string) => (id === 'one' ? setOne(value) : setTwo(value))
  return (
    <section className="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">Assign for double reading</h2>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="criteria-choice">
          <legend>Timepoints to read</legend>
          {draft.timepoints.map((t, i) => (
            <label key={t.id} className="check">
              <input type="checkbox" checked={chosen.has(t.id)} onChange={(e) => setChosen((s) => { const next = new Set(s); if (e.target.checked) next.add(t.id); else next.delete(t.id); return next })} /> {timepointTitle(t, i)}
            </label>
          ))}
        </fieldset>
        <div className="row">
          {(['one', 'two'] as const).map((slot, i) => (
            <div className="field" key={slot}>
              <label htmlFor={`reader-${slot}`}>Reader {i + 1}</label>
              <select id={`reader-${slot}`} value={slot === 'one' ? one : two} onChange={(e) => pick(slot, e.target.value)}>
                <option value="">— choose a reader</option>
                {readers.map((r) => <option key={r.id} value={r.id}>{r.displayName} ({r.username})</option>)}
              </select>
            </div>
          ))}
          <button type="submit" className="primary" disabled={!one || !two || one === two || chosen.size === 0}>Assign</button>
        </div>
        {one && one === two && <p className="field-error">Choose two different readers.</p>}
      </form>
      {message && <p className={`notice ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </section>
  )
}
