import { useEffect, useState } from 'react'
import type { z } from 'zod'
import type { AuditReply, AuditVerifyReply } from '../../server/api-schemas.ts'
import { api, ApiError } from './api.ts'

type Entry = z.output<typeof AuditReply>['entries'][number]
const detailText = (d: unknown) => (d === null || d === undefined ? '' : typeof d === 'string' ? d : JSON.stringify(d))

/** The case's audit trail as the server keeps it (append-only, hash-chained): who did what, when. */
export default function AuditTrail({ caseId }: { caseId: string }) {
  const [entries, setEntries] = useState<Entry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.call('caseAudit', { id: caseId }).then((r) => setEntries(r.entries), (e: ApiError) => setError(e.message))
  }, [caseId])
  return (
    <section className="panel" aria-labelledby="case-audit-title">
      <h2 id="case-audit-title">Audit trail</h2>
      {error && <p className="notice error" role="alert">{error}</p>}
      {entries && (
        <table className="matrix audit-table">
          <caption className="visually-hidden">Every recorded action on this case, oldest first</caption>
          <thead><tr><th scope="col">#</th><th scope="col">When (server clock)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Detail</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}><td>{e.seq}</td><td>{new Date(e.at).toLocaleString()}</td><td>{e.username}</td><td>{e.action}</td><td className="small">{detailText(e.detail)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** GET /api/audit/verify, for the roles that may: does the hash chain hold? */
export function AuditVerify() {
  const [result, setResult] = useState<z.output<typeof AuditVerifyReply> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const verify = () => {
    setError(null)
    api.call('auditVerify').then(setResult, (e: ApiError) => setError(e.message))
  }
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Audit trail check</h2>
      <p className="muted small">Recomputes the hash chain of the whole audit trail: an entry changed or removed behind the application's back breaks it.</p>
      <button type="button" onClick={verify}>Verify the audit trail</button>
      {result && (
        <div className={`notice ${result.ok ? 'ok' : 'error'}`}>
          <p role="status">{result.ok ? `Intact: ${result.entries} entries, none altered.` : `Broken: the audit trail (${result.entries} entries) was altered outside Caliper.`}</p>
          {!result.ok && result.problems && <ul>{result.problems.slice(0, 20).map((p, i) => <li key={i}>{p.path}: {p.message}</li>)}</ul>}
        </div>
      )}
      {error && <p className="notice error" role="alert">{error}</p>}
    </section>
  )
}
