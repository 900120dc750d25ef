import { useMemo } from 'react'
import { Modal } from '../../components/modal.tsx'
import { useEngine } from '../../engine.ts'
import { useAppStore } from '../../store/app-store.ts'
import { bestChanges } from '../../store/baseline-change.ts'

/** Asks before a date makes another scan the baseline (the store holds the edit), saying what will change. */
export function BaselineDialog() {
  const pending = useAppStore((s) => s.pendingBaselineChange)
  const criteria = useAppStore((s) => s.selectedCriteria)
  const engine = useEngine()
  const compared = useMemo(() => (pending && engine ? bestChanges(engine, pending.before, pending.next, criteria) : null), [pending, engine, criteria])
  if (!pending) return null
  const { confirmBaselineChange, cancelBaselineChange } = useAppStore.getState()
  return (
    <Modal title={`Make ${pending.to} the baseline?`} titleId="baseline-title" onCancel={cancelBaselineChange}>
      <p>
        With this date, <strong>{pending.to}</strong> is the earliest scan, so it becomes the baseline instead of <strong>{pending.from}</strong>: every
        change is then measured from it, and {pending.from} becomes a follow-up. The columns are put in date order; labels stay as they are.
      </p>
      {!compared ? (
        <p className="muted" role="status">Working out which best overall responses change…</p>
      ) : !compared.evaluated ? (
        <p className="muted">The responses cannot be compared until the case is complete.</p>
      ) : compared.changes.length === 0 ? (
        <p>No best overall response changes.</p>
      ) : (
        <>
          <p>Best overall responses that change:</p>
          <ul className="baseline-changes">
            {compared.changes.map((c) => (
              <li key={c.criterion}>
                <strong>{c.criterion}</strong>: {c.before} → {c.after}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row">
        <button type="button" className="primary" data-autofocus onClick={cancelBaselineChange}>Keep the date as it was</button>
        <button type="button" onClick={confirmBaselineChange}>Change the date and the baseline</button>
      </div>
    </Modal>
  )
}
