import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useAppStore } from '../../store/app-store.ts'

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v))

/**
 * Asks for a reason before data of a signed-off timepoint changes. The store holds the edit
 * (pendingAmendment); confirming applies it through audit.ts applyEdit, which logs each field.
 */
export function AmendDialog() {
  const pending = useAppStore((s) => s.pendingAmendment)
  const { confirmAmendment, cancelAmendment } = useAppStore.getState()
  const [who, setWho] = useState('')
  const [reason, setReason] = useState('')
  const first = useRef<HTMLInputElement>(null)
  const opener = useRef<Element | null>(null)
  const open = pending !== null
  useEffect(() => {
    if (!open) return
    opener.current = document.activeElement
    first.current?.focus()
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus()
    }
  }, [open])
  if (!pending) return null
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (confirmAmendment(who.trim(), reason.trim())) setReason('')
  }
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="amend-title" className="modal" onKeyDown={(e) => e.key === 'Escape' && cancelAmendment()}>
        <h2 id="amend-title">Change signed-off data?</h2>
        <p>
          This changes data of signed-off timepoint{pending.timepoints.length > 1 ? 's' : ''} <strong>{pending.timepoints.join(', ')}</strong>. Give a reason: the change is logged in the
          audit trail with your name, the time, and the old and new values.
        </p>
        <ul className="amend-changes">
          {pending.changes.map((c) => (
            <li key={c.path}><code>{c.path}</code>: {show(c.old)} → {show(c.new)}</li>
          ))}
        </ul>
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="amend-who">Your name</label>
            <input id="amend-who" ref={first} value={who} onChange={(e) => setWho(e.target.value)} required autoComplete="name" />
          </div>
          <div className="field">
            <label htmlFor="amend-reason">Reason for the change</label>
            <textarea id="amend-reason" value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
          </div>
          {pending.problems.length > 0 && (
            <div className="notice error" role="alert">
              <p><strong>Not changed</strong>:</p>
              <ul>{pending.problems.map((p, i) => <li key={i}><code>{p.path}</code>: {p.message}</li>)}</ul>
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={!who.trim() || !reason.trim()}>Change and log</button>
            <button type="button" onClick={cancelAmendment}>Cancel</button>
          </div>
        </form>
      </div>
    </div>
  )
}
