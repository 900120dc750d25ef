import { useState, type FormEvent } from 'react'
import { Modal } from '../../components/modal.tsx'
import { fieldName, problemText, timepointNameById } from '../../documentation/human-names.ts'
import { selectOpenDraft, useAppStore } from '../../store/app-store.ts'

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v))

/**
 * Asks for a reason before data of a signed-off timepoint changes. The store holds the edit
 * (pendingAmendment); confirming applies it through audit.ts applyEdit, which logs each field.
 * In team mode the signed-in account is who changes it (`account`: its name; the server logs
 * the change under that account): the dialog asks for the reason alone.
 */
export function AmendDialog({ account }: { account?: string }) {
  const pending = useAppStore((s) => s.pendingAmendment)
  if (!pending) return null
  return <AmendForm account={account} />
}

function AmendForm({ account }: { account: string | undefined }) {
  const pending = useAppStore((s) => s.pendingAmendment)!
  const draft = useAppStore(selectOpenDraft)
  const { confirmAmendment, cancelAmendment } = useAppStore.getState()
  const [typed, setWho] = useState('')
  const who = account ?? typed
  const [reason, setReason] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await confirmAmendment(who.trim(), reason.trim())) setReason('')
  }
  const timepoints = pending.timepoints.map((id) => timepointNameById(draft, id))
  return (
    <Modal title="Change signed-off data?" titleId="amend-title" onCancel={cancelAmendment}>
      <p>
        This changes data of signed-off timepoint{timepoints.length > 1 ? 's' : ''} <strong>{timepoints.join(', ')}</strong>. Give a reason: the change is logged in the
        audit trail with your name, the time, and the old and new values.
      </p>
      <ul className="amend-changes">
        {pending.changes.map((c) => (
          <li key={c.path}>{fieldName(draft, c.keys)}: {show(c.old)} → {show(c.new)}</li>
        ))}
      </ul>
      <form onSubmit={submit}>
        {account === undefined ? (
          <div className="field">
            <label htmlFor="amend-who">Your name</label>
            <input id="amend-who" data-autofocus value={typed} onChange={(e) => setWho(e.target.value)} required autoComplete="name" />
          </div>
        ) : (
          <p className="muted small" id="amend-account">Changed by you, signed in as <strong>{account}</strong>.</p>
        )}
        <div className="field">
          <label htmlFor="amend-reason">Reason for the change</label>
          <textarea id="amend-reason" {...(account === undefined ? {} : { 'data-autofocus': true, 'aria-describedby': 'amend-account' })} value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
        </div>
        {pending.problems.length > 0 && (
          <div className="notice error" role="alert">
            <p><strong>Not changed</strong>:</p>
            <ul>{pending.problems.map((p, i) => <li key={i}>{problemText(draft, p)}</li>)}</ul>
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!who.trim() || !reason.trim()}>Change and log</button>
          <button type="button" onClick={cancelAmendment}>Cancel</button>
        </div>
      </form>
    </Modal>
  )
}
