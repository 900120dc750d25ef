/**
 * Blinded double reading: a coordinator assigns a case's timepoints to two readers; each reads
 * (GET/PUT /api/cases/:id show them only their own read) and signs; once both have signed,
 * the adjudicator sees both reads under every criterion and where they disagree, and records
 * the final read with a reason and their password. Inter-reader agreement (kappa) per criterion
 * uses the same statistics as the cohort's between-criteria agreement.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { CRITERIA, parseCase, type Case, type CaseInput } from '../../criteria/index.ts'
import { blankRead, compareReads } from '../../src/documentation/double-reading.ts'
import { compareReaders } from '../../src/documentation/statistics.ts'
import type { z } from 'zod'
import type { ReadsReply } from '../api-schemas.ts'
import { appendAudit, serverNow, sha256 } from '../audit-trail.ts'
import type { UserRow } from '../auth.ts'
import type { Db } from '../db/open.ts'
import { adjudications, assignments, cases, reads, users } from '../db/schema.ts'
import { HttpError, notFound, type Handler } from '../http.ts'
import { confirmPassword } from './accounts.ts'
import { openDoc, readingStatus, signTimepoint, writeDoc } from './cases.ts'

const parsed = (data: CaseInput): Case => {
  const result = parseCase(data)
  if (!result.ok) throw new HttpError(422, 'A stored read is not valid', result.problems)
  return result.value
}

/** Both reads of a case as the adjudicator, coordinator and monitor see them. */
async function readsView(db: Db, caseId: string): Promise<z.infer<typeof ReadsReply>> {
  // One after another: inside a transaction they share one connection.
  const [kase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId))
  const [assignment] = await db.select({ assignment: assignments, by: users.username }).from(assignments).innerJoin(users, eq(users.id, assignments.assignedBy)).where(eq(assignments.caseId, caseId))
  const [adjudication] = await db.select({ adjudication: adjudications, by: users.username }).from(adjudications).innerJoin(users, eq(users.id, adjudications.adjudicatorId)).where(eq(adjudications.caseId, caseId))
  if (!kase) throw notFound()
  if (!assignment) return { assignment: null, reads: [], comparison: null, adjudication: null }
  const rows = await db.select({ read: reads, reader: users }).from(reads).innerJoin(users, eq(users.id, reads.readerId)).where(eq(reads.caseId, caseId)).orderBy(reads.slot)
  const status = (await readingStatus(db, [caseId])).get(caseId)!
  const timepoints = assignment.assignment.timepoints
  const ready = status.reading === 'ready' || status.reading === 'adjudicated'
  const [one, two] = rows
  return {
    assignment: { timepoints, assignedAt: assignment.assignment.assignedAt.toISOString(), assignedBy: assignment.by },
    reads: rows.map(({ read, reader }) => {
      const signed = [...(status.signedBy.get(read.id) ?? [])]
      return {
        slot: read.slot,
        reader: { id: reader.id, username: reader.username, displayName: reader.displayName },
        version: read.version,
        signed,
        complete: timepoints.every((t) => signed.includes(t)),
        case: ready ? read.data : null,
      }
    }),
    comparison: ready && one && two ? compareReads(parsed(one.read.data), parsed(two.read.data), timepoints) : null,
    adjudication: adjudication
      ? { choice: adjudication.adjudication.choice, reason: adjudication.adjudication.reason, adjudicator: adjudication.by, signedAt: adjudication.adjudication.signedAt.toISOString() }
      : null,
  }
}

const actor = (user: UserRow) => ({ userId: user.id, username: user.username })

const assign: Handler<'assign'> = async ({ params, body, user, settings }) => {
  const db = settings.database.db
  await db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id, true)
    if (doc.locked) throw new HttpError(423, 'This case is locked')
    if ((await tx.select({ id: assignments.caseId }).from(assignments).where(eq(assignments.caseId, doc.caseId))).length)
      throw new HttpError(409, 'This case is already assigned for double reading')
    const problems = body.timepoints.flatMap((tp, i) => (doc.data.timepoints.some((t) => t.id === tp) ? [] : [{ path: `timepoints[${i}]`, message: `names no timepoint of this case ("${tp}")` }]))
    const readers = await tx.select().from(users).where(inArray(users.id, [...body.readers]))
    body.readers.forEach((id, i) => {
      const reader = readers.find((r) => r.id === id)
      if (!reader || reader.role !== 'reader' || reader.disabled) problems.push({ path: `readers[${i}]`, message: 'is not an active reader account' })
    })
    if (problems.length) throw new HttpError(422, 'This assignment cannot be made', problems)
    const timepoints = [...new Set(body.timepoints)]
    const blank = blankRead(doc.data, timepoints)
    const check = parseCase(blank)
    if (!check.ok) throw new HttpError(422, 'The case without the assigned timepoints is not valid', check.problems)
    await tx.insert(assignments).values({ caseId: doc.caseId, timepoints, assignedBy: user.id })
    await tx.insert(reads).values(body.readers.map((readerId, i) => ({ id: randomUUID(), caseId: doc.caseId, slot: (i + 1) as 1 | 2, readerId, data: blank })))
    await appendAudit(tx, { ...actor(user), action: 'assignment', caseId: doc.caseId, detail: { timepoints, readers: body.readers.map((id) => readers.find((r) => r.id === id)!.username) } })
  })
  return readsView(db, params.id)
}

const getReads: Handler<'reads'> = async ({ params, settings }) => readsView(settings.database.db, params.id)

const adjudicate: Handler<'adjudicate'> = async ({ params, body, user, settings }) => {
  const db = settings.database.db
  await confirmPassword(settings, user, body.password)
  await db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id, true)
    if (doc.locked) throw new HttpError(423, 'This case is locked')
    const view = await readsView(tx, doc.caseId)
    if (!view.assignment) throw new HttpError(409, 'This case is not assigned for double reading')
    if (view.adjudication) throw new HttpError(409, 'This case has already been adjudicated')
    if (!view.comparison) throw new HttpError(409, 'Both readers must sign all their timepoints before adjudication')
    const chosen = body.choice === 'own' ? body.case! : view.reads[body.choice === 'reader1' ? 0 : 1]!.case!
    const { signOffs: _s, auditLog: _a, ...measured } = chosen
    // The case becomes the chosen read; its earlier sign-offs and audit log stay.
    let next: CaseInput = { ...measured, ...(doc.data.signOffs?.length ? { signOffs: doc.data.signOffs } : {}), ...(doc.data.auditLog?.length ? { auditLog: doc.data.auditLog } : {}) }
    const now = await serverNow(tx)
    const signed: string[] = []
    for (const timepoint of view.assignment.timepoints) {
      const result = await signTimepoint(tx, user, { ...doc, data: next }, timepoint, 'adjudicated', now)
      next = result.data
      signed.push(result.signature.id)
    }
    const version = await writeDoc(tx, doc, next, now)
    await tx.insert(adjudications).values({ caseId: doc.caseId, choice: body.choice, reason: body.reason, adjudicatorId: user.id, signedAt: now })
    await appendAudit(tx, {
      ...actor(user),
      action: 'adjudication',
      caseId: doc.caseId,
      detail: { choice: body.choice, reason: body.reason, timepoints: view.assignment.timepoints, signatures: signed, contentHash: sha256(JSON.stringify(next)), version, disagreements: view.comparison.disagreements.length },
    })
  })
  return readsView(db, params.id)
}

const agreement: Handler<'agreement'> = async ({ settings }) => {
  const db = settings.database.db
  const caseIds = (await db.select({ caseId: assignments.caseId }).from(assignments)).map((a) => a.caseId)
  const status = await readingStatus(db, caseIds)
  const ready = caseIds.filter((id) => ['ready', 'adjudicated'].includes(status.get(id)!.reading))
  const rows = ready.length ? await db.select().from(reads).where(and(inArray(reads.caseId, ready))).orderBy(reads.caseId, reads.slot) : []
  const pairs = ready.map((id) => {
    const [one, two] = rows.filter((r) => r.caseId === id)
    return compareReads(parsed(one!.data), parsed(two!.data), status.get(id)!.timepoints).evaluations
  })
  return { cases: pairs.length, criteria: CRITERIA.map((c) => ({ criterion: c.id, name: c.name, agreement: compareReaders(pairs, c.id) })) }
}

export const readingHandlers = { assign, reads: getReads, adjudicate, agreement }
