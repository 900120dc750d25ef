/**
 * The audit trail: append-only in the database (a trigger refuses UPDATE, DELETE and TRUNCATE,
 * migrations/0000_init.sql) and hash-chained here, so that an edit made behind the application's
 * back (by someone who can drop the trigger, or who edits PGlite's files) is detected: entry n
 * stores sha256(hash of entry n−1 + "\n" + its payload), its payload being canonical JSON that
 * includes its sequence number, so a changed, removed or reordered entry breaks the chain.
 * What the chain cannot show alone is the removal of the newest entries; docs/server.md says how
 * to keep the head hash elsewhere.
 */
import { createHash } from 'node:crypto'
import { asc, gt, sql } from 'drizzle-orm'
import { rowsOf, type Db } from './db/open.ts'
import { audit } from './db/schema.ts'
import type { Problem } from './api-schemas.ts'

export const GENESIS_HASH = '0'.repeat(64)
/** Serialises appends across processes: each entry needs its predecessor's hash. */
const AUDIT_LOCK = 7_140_313

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
export const chainHash = (prevHash: string, payload: string) => sha256(`${prevHash}\n${payload}`)

export interface AuditFact {
  /** The account that acted (null: the command line). */
  userId: string | null
  username: string
  /** e.g. "case.create", "case.update", "signature", "login.failed". */
  action: string
  caseId: string | null
  detail: unknown
}

export interface AuditPayload extends AuditFact {
  seq: number
  at: string
}

/** The server's clock as one database sees it, so that every process sharing it agrees. */
export async function serverNow(tx: Db): Promise<Date> {
  const [row] = await rowsOf<{ ms: number | string }>(tx, sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`)
  return new Date(Math.round(Number(row!.ms)))
}

/** Appends one entry. Call inside the transaction that makes the change it records. */
export async function appendAudit(tx: Db, fact: AuditFact): Promise<AuditPayload> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`)
  const [last] = await rowsOf<{ seq: number | string | null; hash: string | null; ms: number | string }>(
    tx,
    sql`SELECT (SELECT seq FROM audit ORDER BY seq DESC LIMIT 1) AS seq, (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS hash, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`,
  )
  if (!last) throw new Error('the audit trail could not be read')
  const seq = Number(last.seq ?? 0) + 1
  const entry: AuditPayload = { seq, at: new Date(Math.round(Number(last.ms))).toISOString(), ...fact }
  const payload = JSON.stringify(entry)
  const prevHash = last.hash ?? GENESIS_HASH
  await tx.insert(audit).values({ seq, caseId: fact.caseId, payload, prevHash, hash: chainHash(prevHash, payload) })
  return entry
}

export interface AuditVerification {
  ok: boolean
  entries: number
  problems: Problem[]
}

const PAGE = 2000

/** Walks the whole chain; every broken link is a problem naming the entry. */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  const problems: Problem[] = []
  let prev = GENESIS_HASH
  let expected = 1
  let entries = 0
  for (let after = 0; ; ) {
    const page = await db.select().from(audit).where(gt(audit.seq, after)).orderBy(asc(audit.seq)).limit(PAGE)
    for (const row of page) {
      entries++
      const at = `audit entry ${row.seq}`
      if (row.seq !== expected) problems.push({ path: at, message: `follows entry ${expected - 1}: ${row.seq - expected} entr${row.seq - expected === 1 ? 'y is' : 'ies are'} missing` })
      let payload: Partial<AuditPayload> = {}
      try {
        payload = JSON.parse(row.payload) as AuditPayload
      } catch {
        problems.push({ path: at, message: 'its payload is not JSON' })
      }
      if (payload.seq !== row.seq) problems.push({ path: at, message: `its payload says it is entry ${String(payload.seq)}` })
      if ((payload.caseId ?? null) !== row.caseId) problems.push({ path: at, message: 'its case does not match its payload' })
      if (row.prevHash !== prev) problems.push({ path: at, message: "does not point at the previous entry's hash" })
      if (row.hash !== chainHash(row.prevHash, row.payload)) problems.push({ path: at, message: 'its hash does not match its content (changed after it was written)' })
      prev = row.hash
      expected = row.seq + 1
      after = row.seq
    }
    if (page.length < PAGE) break
  }
  return { ok: problems.length === 0, entries, problems }
}
