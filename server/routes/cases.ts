/**
 * Cases: create, list, read, save (optimistic concurrency: If-Match → 409), evaluate, lock,
 * sign, and their audit trail. A reader's "case" is their own read of it (blinded double
 * reading): the same routes serve both, so the app needs one library for every role.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { evaluateCase, parseCase, type Case, type CaseInput } from '../../criteria/index.ts'
import { caseCsv } from '../../src/documentation/csv-export.ts'
import { fileStem } from '../../src/documentation/human-names.ts'
import { reportHtml } from '../../src/documentation/report.ts'
import { datasetCsv, DEFAULT_STUDY_ID, sdtmDatasets } from '../../src/documentation/sdtm.ts'
import { caseChanges, signOff } from '../../src/documentation/audit.ts'
import { REASON_HEADER, SIGNING_MEANING, type CaseDocument, type CaseSummary, type Signature } from '../api-schemas.ts'
import { appendAudit, sha256, verifyAudit } from '../audit-trail.ts'
import type { UserRow } from '../auth.ts'
import type { Db } from '../db/open.ts'
import { adjudications, assignments, audit, cases, reads, signatures, users } from '../db/schema.ts'
import { HttpError, invalid, notFound, type Ctx, type Handler } from '../http.ts'
import { confirmPassword } from './accounts.ts'

/** What a user works on when they open a case: the case itself, or (a reader) their read of it. */
export interface Doc {
  caseId: string
  kind: 'case' | 'read'
  /** The row: the case's id, or the read's. */
  rowId: string
  data: CaseInput
  version: number
  locked: boolean
  updatedAt: Date
}

/** The database's clock (clock_timestamp, as serverNow reads it), read with the row so that a save costs no query of its own for it. */
const CLOCK = sql<number>`(extract(epoch FROM clock_timestamp()) * 1000)::float8`.mapWith(Number)

/** The document this user sees under a case id, or 404 (also when it exists but is not theirs); `now` is the server's clock as it was read. */
export async function openDoc(db: Db, user: UserRow, caseId: string, forUpdate = false): Promise<Doc & { now: Date }> {
  if (user.role === 'reader') {
    const query = db
      .select({ read: reads, locked: cases.locked, adjudicated: adjudications.caseId, now: CLOCK })
      .from(reads)
      .innerJoin(cases, eq(cases.id, reads.caseId))
      .leftJoin(adjudications, eq(adjudications.caseId, reads.caseId))
      .where(and(eq(reads.caseId, caseId), eq(reads.readerId, user.id)))
    const [row] = forUpdate ? await query.for('update', { of: reads }) : await query
    if (!row) throw notFound()
    // Once adjudicated, a read is a record: it no longer changes.
    return { caseId, kind: 'read', rowId: row.read.id, data: row.read.data, version: row.read.version, locked: row.locked || row.adjudicated !== null, updatedAt: row.read.updatedAt, now: new Date(Math.round(row.now)) }
  }
  const query = db.select({ row: cases, now: CLOCK }).from(cases).where(eq(cases.id, caseId))
  const [found] = forUpdate ? await query.for('update') : await query
  if (!found) throw notFound()
  const { row } = found
  return { caseId, kind: 'case', rowId: row.id, data: row.data, version: row.version, locked: row.locked, updatedAt: row.updatedAt, now: new Date(Math.round(found.now)) }
}

export async function writeDoc(tx: Db, doc: Doc, data: CaseInput, now: Date): Promise<number> {
  const version = doc.version + 1
  if (doc.kind === 'read') await tx.update(reads).set({ data, version, updatedAt: now }).where(eq(reads.id, doc.rowId))
  else await tx.update(cases).set({ data, version, patient: data.patient.id, updatedAt: now }).where(eq(cases.id, doc.rowId))
  return version
}

export const documentOf = (doc: Doc): CaseDocument => ({ id: doc.caseId, kind: doc.kind, version: doc.version, locked: doc.locked, updatedAt: doc.updatedAt.toISOString(), case: doc.data })

const actor = (user: UserRow) => ({ userId: user.id, username: user.username })

function ifMatch(header: string | undefined): number {
  const match = header?.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/)
  if (!match) throw new HttpError(428, 'Send the version you edited as header If-Match (it comes with GET /api/cases/:id)', [{ path: 'If-Match', message: 'is required: the version of the case you edited' }])
  return Number(match[1])
}

function reasonOf(header: string | string[] | undefined): string {
  if (typeof header !== 'string') return ''
  try {
    return decodeURIComponent(header).trim().slice(0, 2000)
  } catch {
    throw invalid([{ path: REASON_HEADER, message: 'must be URI-encoded (encodeURIComponent)' }])
  }
}

/** A case file the engine can read (the body schema checked it; this narrows it after server-side changes). */
function checked(data: CaseInput): CaseInput {
  const parsed = parseCase(data)
  if (!parsed.ok) throw new HttpError(422, 'The case would not be valid', parsed.problems)
  return data
}

/** The user's document with server-owned fields (sign-offs, audit log) taken from what is stored. */
function withStoredRecords(incoming: CaseInput, stored: CaseInput, logged: NonNullable<CaseInput['auditLog']>): CaseInput {
  const { signOffs: _s, auditLog: _a, ...rest } = incoming
  const auditLog = [...(stored.auditLog ?? []), ...logged]
  return { ...rest, ...(stored.signOffs?.length ? { signOffs: stored.signOffs } : {}), ...(auditLog.length ? { auditLog } : {}) }
}

const sameRecords = (a: CaseInput, b: CaseInput) =>
  JSON.stringify(a.signOffs ?? []) === JSON.stringify(b.signOffs ?? []) && JSON.stringify(a.auditLog ?? []) === JSON.stringify(b.auditLog ?? [])

const lockedError = (doc: Doc) => new HttpError(423, doc.kind === 'read' ? 'This read has been adjudicated or its case locked: it no longer changes' : 'This case is locked: a coordinator must unlock it (with a reason) first')

const createCase: Handler<'createCase'> = async ({ body, user, settings }) => {
  const id = randomUUID()
  await settings.database.db.transaction(async (tx) => {
    await tx.insert(cases).values({ id, patient: body.patient.id, data: body, createdBy: user.id })
    await appendAudit(tx as unknown as Db, { ...actor(user), action: 'case.create', caseId: id, detail: { patient: body.patient.id, version: 1, contentHash: sha256(JSON.stringify(body)) } })
  })
  return { id, version: 1 }
}

const getCase: Handler<'getCase'> = async ({ params, user, reply, settings }) => {
  const doc = await openDoc(settings.database.db, user, params.id)
  reply.header('etag', `"${doc.version}"`)
  return documentOf(doc)
}

const saveCase: Handler<'saveCase'> = async ({ params, body, user, request, settings }) => {
  const expected = ifMatch(request.headers['if-match'])
  const reason = reasonOf(request.headers[REASON_HEADER])
  return settings.database.db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id, true)
    if (doc.locked) throw lockedError(doc)
    if (doc.version !== expected)
      throw new HttpError(409, `Someone saved this case after you opened it (version ${doc.version}, yours ${expected}): merge your changes into theirs`, [], { current: documentOf(doc) })
    const changes = caseChanges(doc.data, body)
    if (changes.length === 0) return { version: doc.version }
    const signed = changes.filter((c) => c.signed.length)
    if (signed.length && !reason)
      throw new HttpError(
        422,
        `These changes touch signed-off timepoints: give a reason (header ${REASON_HEADER})`,
        signed.map((c) => ({ path: c.field, message: `belongs to signed-off timepoint${c.signed.length > 1 ? 's' : ''} ${c.signed.map((t) => `"${t}"`).join(', ')}: give a reason to change it` })),
      )
    const now = doc.now
    const logged = signed.map((c) => ({ at: now.toISOString(), who: user.displayName, field: c.field, ...('old' in c ? { old: c.old } : {}), ...('new' in c ? { new: c.new } : {}), reason }))
    const data = withStoredRecords(body, doc.data, logged)
    // The body was validated on arrival; when the server's records are the ones it sent (the usual save), data is that same document and needs no second parse.
    if (!sameRecords(body, data)) checked(data)
    const version = await writeDoc(tx, doc, data, now)
    await appendAudit(tx, {
      ...actor(user),
      action: doc.kind === 'read' ? 'read.update' : 'case.update',
      caseId: doc.caseId,
      detail: { version, changes: changes.map(({ signed: _s, ...c }) => c), ...(reason ? { reason } : {}) },
    })
    return { version }
  })
}

// The command line's `caliper evaluate --json` prints exactly this object.
const evaluate: Handler<'evaluateCase'> = async ({ params, user, settings }) => evaluateCase(parsedCase(await openDoc(settings.database.db, user, params.id)))

/** The stored case, parsed as the engine reads it (a stored case was valid when it was saved). */
function parsedCase(doc: Doc): Case {
  const parsed = parseCase(doc.data)
  if (!parsed.ok) throw new HttpError(422, 'The stored case is not valid', parsed.problems)
  return parsed.value
}

/**
 * A download, made by the same functions as the app's Documents screen and `caliper export`:
 * the case file as stored, the CSV, one SDTM dataset, the printable report. Every file handed
 * out is recorded in the audit trail (who, when, which case at which version, which format, and
 * the SHA-256 of what was sent), in the transaction that read the case: patient data leaving the
 * server is an event a monitor or an inspector asks about. A refused export records nothing.
 */
const exportCase: Handler<'exportCase'> = async ({ params, query, user, reply, settings }) => {
  const { name, type, text } = await settings.database.db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id)
    const file = exportFile(doc, query)
    await appendAudit(tx, {
      ...actor(user),
      action: 'case.export',
      caseId: doc.caseId,
      detail: { format: query.format, ...(query.domain ? { domain: query.domain, study: query.study ?? DEFAULT_STUDY_ID } : {}), file: file.name, version: doc.version, contentHash: sha256(file.text) },
    })
    return file
  })
  reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}"`)
  // Sent as it is: the route's serializer would quote a string as JSON.
  reply.serializer((payload: unknown) => payload as string)
  return text
}

function exportFile(doc: Doc, query: Ctx<'exportCase'>['query']): { name: string; type: string; text: string } {
  const stem = fileStem(doc.data.patient.id)
  if (query.format === 'case') return { name: `${stem}.json`, type: 'application/json; charset=utf-8', text: `${JSON.stringify(doc.data, null, 2)}\n` }
  const kase = parsedCase(doc)
  const evaluation = evaluateCase(kase)
  if (query.format === 'csv') return { name: `${stem}.csv`, type: 'text/csv; charset=utf-8', text: caseCsv(kase, evaluation) }
  if (query.format === 'report') return { name: `${stem}-report.html`, type: 'text/html; charset=utf-8', text: reportHtml(kase, evaluation) }
  const dataset = sdtmDatasets(kase, evaluation, { studyId: query.study ?? DEFAULT_STUDY_ID })[query.domain!]
  if (!dataset) throw new HttpError(422, 'This case records no blood biomarkers: it has no LB dataset', [{ path: 'domain', message: 'LB exists only for a case with blood biomarkers' }])
  return { name: `${stem}-${query.domain}.csv`, type: 'text/csv; charset=utf-8', text: datasetCsv(dataset) }
}

const lockCase: Handler<'lockCase'> = async ({ params, body, user, settings }) =>
  settings.database.db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id, true)
    if (doc.locked !== body.locked) {
      await tx.update(cases).set({ locked: body.locked }).where(eq(cases.id, doc.caseId))
      await appendAudit(tx, { ...actor(user), action: body.locked ? 'case.lock' : 'case.unlock', caseId: doc.caseId, detail: { reason: body.reason } })
    }
    return { version: doc.version }
  })

const signatureOf = (row: { signature: typeof signatures.$inferSelect; user: UserRow }): Signature => ({
  id: row.signature.id,
  timepoint: row.signature.timepoint,
  meaning: row.signature.meaning,
  username: row.user.username,
  displayName: row.user.displayName,
  role: row.user.role,
  signedAt: row.signature.signedAt.toISOString(),
})

export async function signaturesOf(db: Db, doc: Doc): Promise<Signature[]> {
  const rows = await db
    .select({ signature: signatures, user: users })
    .from(signatures)
    .innerJoin(users, eq(users.id, signatures.userId))
    .where(doc.kind === 'read' ? eq(signatures.readId, doc.rowId) : eq(signatures.caseId, doc.caseId))
    .orderBy(asc(signatures.signedAt))
  return rows.map(signatureOf)
}

const listSignatures: Handler<'listSignatures'> = async ({ params, user, settings }) => ({
  signatures: await signaturesOf(settings.database.db, await openDoc(settings.database.db, user, params.id)),
})

/** Signs one timepoint of a document: a sign-off in the case file, a signature row, an audit entry, in one transaction. */
export async function signTimepoint(tx: Db, user: UserRow, doc: Doc, timepoint: string, meaning: Signature['meaning'], now: Date): Promise<{ data: CaseInput; signature: typeof signatures.$inferSelect }> {
  const result = signOff(doc.data, { timepoint, assessor: user.displayName, role: `${user.role} (${meaning})`, date: now.toISOString().slice(0, 10) })
  if (!result.ok) throw new HttpError(422, 'This timepoint cannot be signed', result.problems)
  const [signature] = await tx
    .insert(signatures)
    .values({ id: randomUUID(), caseId: doc.caseId, readId: doc.kind === 'read' ? doc.rowId : null, timepoint, meaning, userId: user.id, signedAt: now, contentHash: sha256(JSON.stringify(result.value)) })
    .returning()
  return { data: result.value, signature: signature! }
}

const sign: Handler<'sign'> = async ({ params, body, user, request, settings }) => {
  const meaning = SIGNING_MEANING[user.role]
  if (body.meaning !== meaning) throw new HttpError(403, `A ${user.role} signs with the meaning "${meaning}"`, [{ path: 'meaning', message: `must be "${meaning}" for a ${user.role}` }])
  await confirmPassword(settings, user, body.password)
  return settings.database.db.transaction(async (t) => {
    const tx = t as unknown as Db
    const doc = await openDoc(tx, user, params.id, true)
    if (doc.locked) throw lockedError(doc)
    if (request.headers['if-match'] !== undefined && ifMatch(request.headers['if-match']) !== doc.version)
      throw new HttpError(409, 'The case changed since you opened it: look at it again before signing', [], { current: documentOf(doc) })
    if (!doc.data.timepoints.some((tp) => tp.id === body.timepoint)) throw new HttpError(422, 'No such timepoint', [{ path: 'timepoint', message: `names no timepoint of this case ("${body.timepoint}")` }])
    if (doc.kind === 'read') {
      const [assignment] = await tx.select().from(assignments).where(eq(assignments.caseId, doc.caseId))
      if (!assignment?.timepoints.includes(body.timepoint)) throw new HttpError(422, 'That timepoint is not assigned to you', [{ path: 'timepoint', message: `is not one of your assigned timepoints (${assignment?.timepoints.join(', ')})` }])
    }
    const already = await tx
      .select({ id: signatures.id })
      .from(signatures)
      .where(and(doc.kind === 'read' ? eq(signatures.readId, doc.rowId) : eq(signatures.caseId, doc.caseId), eq(signatures.userId, user.id), eq(signatures.timepoint, body.timepoint), eq(signatures.meaning, meaning)))
    if (already.length) throw new HttpError(409, `You have already signed timepoint "${body.timepoint}" as ${meaning}`)
    const { data, signature } = await signTimepoint(tx, user, doc, body.timepoint, meaning, doc.now)
    const version = await writeDoc(tx, doc, data, doc.now)
    await appendAudit(tx, { ...actor(user), action: 'signature', caseId: doc.caseId, detail: { signature: signature.id, timepoint: body.timepoint, meaning, read: doc.kind === 'read', contentHash: signature.contentHash, version } })
    return { signature: signatureOf({ signature, user }), version }
  })
}

const caseAudit: Handler<'caseAudit'> = async ({ params, user, settings }) => {
  const db = settings.database.db
  await openDoc(db, user, params.id)
  const rows = await db.select().from(audit).where(eq(audit.caseId, params.id)).orderBy(asc(audit.seq))
  return {
    entries: rows.map((row) => {
      const { seq, at, username, action, caseId, detail } = JSON.parse(row.payload) as { seq: number; at: string; username: string; action: string; caseId: string | null; detail: unknown }
      return { seq, at, username, action, caseId, detail }
    }),
  }
}

const auditVerify: Handler<'auditVerify'> = async ({ settings }) => verifyAudit(settings.database.db)

/** Where each case stands in double reading, for the lists. */
export async function readingStatus(db: Db, caseIds: string[]): Promise<Map<string, { reading: CaseSummary['reading']; timepoints: string[]; signedBy: Map<string, Set<string>> }>> {
  const out = new Map<string, { reading: CaseSummary['reading']; timepoints: string[]; signedBy: Map<string, Set<string>> }>()
  if (caseIds.length === 0) return out
  // One after another: inside a transaction they share one connection.
  const assigned = await db.select().from(assignments).where(inArray(assignments.caseId, caseIds))
  const readRows = await db.select({ id: reads.id, caseId: reads.caseId }).from(reads).where(inArray(reads.caseId, caseIds))
  const signed = await db.select({ readId: signatures.readId, timepoint: signatures.timepoint }).from(signatures).where(and(inArray(signatures.caseId, caseIds), eq(signatures.meaning, 'read')))
  const adjudicated = await db.select({ caseId: adjudications.caseId }).from(adjudications).where(inArray(adjudications.caseId, caseIds))
  const done = new Set(adjudicated.map((a) => a.caseId))
  for (const a of assigned) {
    const signedBy = new Map<string, Set<string>>()
    for (const r of readRows.filter((r) => r.caseId === a.caseId)) signedBy.set(r.id, new Set(signed.filter((s) => s.readId === r.id).map((s) => s.timepoint)))
    const complete = [...signedBy.values()].filter((set) => a.timepoints.every((t) => set.has(t))).length
    out.set(a.caseId, { reading: done.has(a.caseId) ? 'adjudicated' : complete === 2 ? 'ready' : 'reading', timepoints: a.timepoints, signedBy })
  }
  return out
}

const listCases: Handler<'listCases'> = async ({ user, settings }) => {
  const db = settings.database.db
  if (user.role === 'reader') {
    const rows = await db.select({ read: reads, locked: cases.locked }).from(reads).innerJoin(cases, eq(cases.id, reads.caseId)).where(eq(reads.readerId, user.id)).orderBy(asc(reads.updatedAt))
    const status = await readingStatus(db, rows.map((r) => r.read.caseId))
    return {
      cases: rows.map(({ read, locked }): CaseSummary => {
        const s = status.get(read.caseId)
        const mine = s?.signedBy.get(read.id) ?? new Set<string>()
        return { id: read.caseId, kind: 'read', patient: read.data.patient.id, version: read.version, locked: locked || s?.reading === 'adjudicated', updatedAt: read.updatedAt.toISOString(), reading: s?.reading ?? 'reading', toSign: (s?.timepoints ?? []).filter((t) => !mine.has(t)) }
      }),
    }
  }
  const rows = await db.select({ id: cases.id, patient: cases.patient, version: cases.version, locked: cases.locked, updatedAt: cases.updatedAt }).from(cases).orderBy(asc(cases.createdAt))
  const status = await readingStatus(db, rows.map((r) => r.id))
  return { cases: rows.map((r): CaseSummary => ({ ...r, kind: 'case', updatedAt: r.updatedAt.toISOString(), reading: status.get(r.id)?.reading ?? 'none' })) }
}

export const caseHandlers = { listCases, createCase, getCase, saveCase, evaluateCase: evaluate, exportCase, lockCase, listSignatures, sign, caseAudit, auditVerify }
