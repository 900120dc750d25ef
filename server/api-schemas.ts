/**
 * The server's API in one place: every route (method, URL, who may call it) and the Zod schemas
 * of its request and response. The server registers exactly these routes; the permission test
 * tries every one with every role; the app (team mode) imports this module for its types and
 * URLs. It imports nothing but Zod and the engine's case schema, so the browser bundle can use it.
 *
 * `roles` is THE permission table (role × endpoint). A role not listed gets 403; a role that is
 * listed may still get 404 for a case it may not see (a reader asking for a case not assigned
 * to them): the table says which endpoints a role may use, the handlers say which rows.
 */
import { z } from 'zod'
import type { CaseInput } from '../criteria/case-schema.ts'
import { parseCase } from '../criteria/evaluate.ts'

export const ROLES = ['admin', 'coordinator', 'reader', 'adjudicator', 'monitor'] as const
export const RoleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` })
export type Role = z.infer<typeof RoleSchema>

/** What a signature means (21 CFR 11.50(a)(3)): a reader's read, an adjudicator's final read, a coordinator's approval. */
export const MEANINGS = ['read', 'adjudicated', 'approved'] as const
export const MeaningSchema = z.enum(MEANINGS)
export type Meaning = z.infer<typeof MeaningSchema>
/** Which meaning each role may sign with through POST /api/cases/:id/signatures ("adjudicated" is signed by the adjudication itself). */
export const SIGNING_MEANING: Partial<Record<Role, Meaning>> = { reader: 'read', coordinator: 'approved' }

/** Header names of the contract. */
export const CSRF_HEADER = 'x-csrf-token'
/** The reason for changing signed data, URI-encoded (encodeURIComponent) so that any language fits in a header. */
export const REASON_HEADER = 'x-change-reason'
export const SESSION_COOKIE = 'caliper_session'

const Id = z.uuid({ error: 'must be an id as the server gave it' })
const Text = (what: string, max = 200) => z.string().trim().min(1, { error: `must be ${what}` }).max(max, { error: `must be at most ${max} characters` })
const Password = z.string().min(1, { error: 'is required' }).max(1024, { error: 'must be at most 1024 characters' })
const Timestamp = z.string().describe('ISO 8601 date-time (server clock, UTC)')

export const ProblemSchema = z.object({ path: z.string(), message: z.string() })
export type Problem = z.infer<typeof ProblemSchema>
/** Every error: a sentence for people, and one problem per field at fault (JSON path). */
export const ErrorSchema = z.object({ error: z.string(), problems: z.array(ProblemSchema) })
export type ApiError = z.infer<typeof ErrorSchema>

/**
 * A case file, validated exactly as the command line validates it (parseCase: the engine's schema
 * and each criterion's options) and kept as the user wrote it (no defaults filled in). Each
 * problem's JSON path travels in the issue's params.path, so errors name e.g.
 * lesions[0].assessments[1].longAxisMm as the command line does.
 */
export const CaseFileSchema = z
  .unknown()
  .superRefine((input, ctx) => {
    const parsed = parseCase(input)
    if (!parsed.ok) for (const p of parsed.problems) ctx.addIssue({ code: 'custom', message: p.message, params: { path: p.path } })
  })
  .meta({ id: 'CaseFile', description: 'A case file (format "tumor-response-case", version 1); its JSON Schema is printed by `npx caliper schema`.' }) as unknown as z.ZodType<CaseInput>

export const IdParams = z.object({ id: Id })

// --- accounts ---------------------------------------------------------------------------------
export const UsernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/i, { error: 'must be 2–64 letters, digits, dots, dashes or underscores, starting with a letter or digit' })
export const UserSchema = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  /** Locked after repeated failed sign-ins, until this time (null: not locked). */
  lockedUntil: Timestamp.nullable(),
})
export type User = z.infer<typeof UserSchema>
export const LoginBody = z.object({ username: z.string().max(64), password: Password })
export const LoginReply = z.object({ csrfToken: z.string(), user: UserSchema, expiresAt: Timestamp })
export const NewUserBody = z.object({ username: UsernameSchema, displayName: Text('a name', 120).optional(), role: RoleSchema, password: Password })
export const UserPatchBody = z
  .object({ displayName: Text('a name', 120), role: RoleSchema, disabled: z.boolean(), password: Password, unlock: z.literal(true) })
  .partial()
  .strict()

// --- cases ------------------------------------------------------------------------------------
/**
 * What a user sees of a case. For a reader it is their own read of it (kind "read"): the same
 * case file, holding only their measurements; the other reader's never reaches them.
 */
export const CaseDocumentSchema = z.object({
  id: Id,
  kind: z.enum(['case', 'read']),
  version: z.number().int(),
  locked: z.boolean(),
  updatedAt: Timestamp,
  case: CaseFileSchema,
})
export type CaseDocument = z.infer<typeof CaseDocumentSchema>
export const CaseSummarySchema = z.object({
  id: Id,
  kind: z.enum(['case', 'read']),
  patient: z.string(),
  version: z.number().int(),
  locked: z.boolean(),
  updatedAt: Timestamp,
  /** Double reading: "none" (not assigned), "reading", "ready" (both reads signed), "adjudicated". */
  reading: z.enum(['none', 'reading', 'ready', 'adjudicated']),
  /** For a reader: the assigned timepoints still to sign. */
  toSign: z.array(z.string()).optional(),
})
export type CaseSummary = z.infer<typeof CaseSummarySchema>
export const CreatedReply = z.object({ id: Id, version: z.number().int() })
export const SavedReply = z.object({ version: z.number().int() })
/** 409 on a stale version: the case as it stands now, so the app can show what changed and merge. */
export const ConflictSchema = ErrorSchema.extend({ current: CaseDocumentSchema })
/** The exports the app makes (src/documentation), as files: the case file, the CSV, one SDTM dataset, the report. */
export const EXPORT_FORMATS = ['case', 'csv', 'sdtm', 'report'] as const
export const SDTM_DOMAINS = ['TU', 'TR', 'RS', 'LB'] as const
export const ExportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
    /** SDTM only: which dataset (LB exists when the case records blood biomarkers). */
    domain: z.enum(SDTM_DOMAINS, { error: `must be one of ${SDTM_DOMAINS.join(', ')}` }).optional(),
    /** SDTM only: STUDYID. */
    study: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1-40 letters, digits, "-" or "_"' }).optional(),
  })
  .strict()
  .refine((q) => (q.format === 'sdtm') === (q.domain !== undefined), { error: 'is required for format "sdtm", and only then', path: ['domain'] })
  .refine((q) => q.study === undefined || q.format === 'sdtm', { error: 'applies to format "sdtm" only', path: ['study'] })
export const LockBody = z.object({ locked: z.boolean(), reason: Text('a reason', 1000) })

// --- signatures -------------------------------------------------------------------------------
export const SignBody = z.object({ timepoint: Text('the id of a timepoint', 200), meaning: MeaningSchema, password: Password })
export const SignatureSchema = z.object({
  id: Id,
  timepoint: z.string(),
  meaning: MeaningSchema,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  signedAt: Timestamp,
})
export type Signature = z.infer<typeof SignatureSchema>
export const SignReply = z.object({ signature: SignatureSchema, version: z.number().int() })

// --- double reading ---------------------------------------------------------------------------
export const AssignmentBody = z
  .object({
    timepoints: z.array(Text('the id of a timepoint')).min(1, { error: 'must list at least one timepoint' }).max(200),
    readers: z.tuple([Id, Id]),
  })
  .refine((a) => a.readers[0] !== a.readers[1], { error: 'must name two different readers', path: ['readers'] })
export const ReadSchema = z.object({
  slot: z.union([z.literal(1), z.literal(2)]),
  reader: z.object({ id: Id, username: z.string(), displayName: z.string() }),
  version: z.number().int(),
  signed: z.array(z.string()),
  complete: z.boolean(),
  /** The read itself, shown once both reads are signed (blinding ends for the adjudicator then). */
  case: CaseFileSchema.nullable(),
})
/** One place where the readers differ (see src/documentation/double-reading.ts). */
export const DisagreementSchema = z.object({
  level: z.enum(['lesion', 'timepoint', 'criterion']),
  criterion: z.string().optional(),
  timepoint: z.string().optional(),
  lesion: z.string().optional(),
  field: z.string().optional(),
  reader1: z.unknown(),
  reader2: z.unknown(),
  message: z.string(),
})
export const ReadsReply = z.object({
  assignment: z.object({ timepoints: z.array(z.string()), assignedAt: Timestamp, assignedBy: z.string() }).nullable(),
  reads: z.array(ReadSchema),
  /** Present once both reads are signed: every criterion on both reads, and where they differ. */
  comparison: z
    .object({
      evaluations: z.tuple([z.unknown(), z.unknown()]),
      disagreements: z.array(DisagreementSchema),
    })
    .nullable(),
  adjudication: z
    .object({ choice: z.enum(['reader1', 'reader2', 'own']), reason: z.string(), adjudicator: z.string(), signedAt: Timestamp })
    .nullable(),
})
export const AdjudicationBody = z
  .object({
    choice: z.enum(['reader1', 'reader2', 'own']),
    /** The adjudicator's own read, when choice is "own". */
    case: CaseFileSchema.optional(),
    reason: Text('a reason', 2000),
    password: Password,
  })
  .refine((a) => (a.choice === 'own') === (a.case !== undefined), { error: 'is required when choice is "own", and only then', path: ['case'] })
export const AgreementReply = z.object({
  /** Cases whose two reads are both signed. */
  cases: z.number().int(),
  /** Inter-reader agreement per criterion (the same statistics as the cohort's between-criteria agreement). */
  criteria: z.array(z.object({ criterion: z.string(), name: z.string(), agreement: z.unknown() })),
})

// --- audit ------------------------------------------------------------------------------------
export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: Timestamp,
  username: z.string(),
  action: z.string(),
  caseId: z.string().nullable(),
  detail: z.unknown(),
})
export const AuditReply = z.object({ entries: z.array(AuditEntrySchema) })
export const AuditVerifyReply = z.object({ ok: z.boolean(), entries: z.number().int(), problems: z.array(ProblemSchema).optional() })

// --- the route table --------------------------------------------------------------------------
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export interface RouteSpec {
  method: Method
  url: string
  summary: string
  /** Who may call it: "public" (no session), or the roles allowed (signed in). THE permission table. */
  roles: 'public' | readonly Role[]
  params?: z.ZodType
  querystring?: z.ZodType
  body?: z.ZodType
  /** The success reply (status → schema); errors are always ErrorSchema. */
  response: Record<number, z.ZodType>
}

const ALL: readonly Role[] = ROLES
const SEES_CASES: readonly Role[] = ['coordinator', 'reader', 'adjudicator', 'monitor']
const OVERSEES: readonly Role[] = ['coordinator', 'adjudicator', 'monitor']
const Ok = z.object({ ok: z.literal(true) })

const route = <R extends RouteSpec>(r: R) => r

export const ROUTES = {
  login: route({ method: 'POST', url: '/api/login', summary: 'Sign in: sets the session cookie, returns the CSRF token', roles: 'public', body: LoginBody, response: { 200: LoginReply } }),
  logout: route({ method: 'POST', url: '/api/logout', summary: 'Sign out (ends the session everywhere it is used)', roles: ALL, response: { 200: Ok } }),
  me: route({ method: 'GET', url: '/api/me', summary: 'The signed-in user and a fresh copy of the CSRF token', roles: ALL, response: { 200: LoginReply } }),

  listUsers: route({ method: 'GET', url: '/api/users', summary: 'Accounts (the coordinator needs them to assign readers)', roles: ['admin', 'coordinator'], response: { 200: z.object({ users: z.array(UserSchema) }) } }),
  createUser: route({ method: 'POST', url: '/api/users', summary: 'Create an account', roles: ['admin'], body: NewUserBody, response: { 201: UserSchema } }),
  updateUser: route({ method: 'PATCH', url: '/api/users/:id', summary: 'Change role, name, password; disable; unlock', roles: ['admin'], params: IdParams, body: UserPatchBody, response: { 200: UserSchema } }),

  listCases: route({ method: 'GET', url: '/api/cases', summary: 'The cases this user may see (a reader: their reads)', roles: SEES_CASES, response: { 200: z.object({ cases: z.array(CaseSummarySchema) }) } }),
  createCase: route({ method: 'POST', url: '/api/cases', summary: 'Create a case from a case file', roles: ['coordinator'], body: CaseFileSchema, response: { 201: CreatedReply } }),
  getCase: route({ method: 'GET', url: '/api/cases/:id', summary: 'One case (a reader: their read of it)', roles: SEES_CASES, params: IdParams, response: { 200: CaseDocumentSchema } }),
  saveCase: route({
    method: 'PUT',
    url: '/api/cases/:id',
    summary: `Save a case file; header If-Match: <version> (409 when stale); changing signed data needs header ${REASON_HEADER}`,
    roles: ['coordinator', 'reader'],
    params: IdParams,
    body: CaseFileSchema,
    response: { 200: SavedReply },
  }),
  evaluateCase: route({ method: 'GET', url: '/api/cases/:id/evaluation', summary: 'Every criterion on the case: the same JSON as `caliper evaluate --json`', roles: SEES_CASES, params: IdParams, response: { 200: z.unknown() } }),
  exportCase: route({
    method: 'GET',
    url: '/api/cases/:id/export',
    summary: 'Download the case as a file: its case file (format=case), the CSV (csv), one SDTM dataset (sdtm&domain=TU|TR|RS|LB&study=…) or the report (HTML); the same functions as the app and `caliper export`',
    roles: ['coordinator', 'monitor'],
    params: IdParams,
    querystring: ExportQuery,
    response: { 200: z.string().describe('The file (Content-Disposition: attachment)') },
  }),
  lockCase: route({ method: 'POST', url: '/api/cases/:id/lock', summary: 'Lock (no more changes) or unlock a case, with a reason', roles: ['coordinator'], params: IdParams, body: LockBody, response: { 200: SavedReply } }),
  listSignatures: route({ method: 'GET', url: '/api/cases/:id/signatures', summary: 'Signatures of the case (a reader: of their read)', roles: SEES_CASES, params: IdParams, response: { 200: z.object({ signatures: z.array(SignatureSchema) }) } }),
  sign: route({ method: 'POST', url: '/api/cases/:id/signatures', summary: 'Sign a timepoint; needs the password again', roles: ['coordinator', 'reader'], params: IdParams, body: SignBody, response: { 201: SignReply } }),
  caseAudit: route({ method: 'GET', url: '/api/cases/:id/audit', summary: "The case's audit trail", roles: OVERSEES, params: IdParams, response: { 200: AuditReply } }),

  assign: route({ method: 'POST', url: '/api/cases/:id/assignment', summary: "Assign a case's timepoints to two readers (blinded double reading)", roles: ['coordinator'], params: IdParams, body: AssignmentBody, response: { 201: ReadsReply } }),
  reads: route({ method: 'GET', url: '/api/cases/:id/reads', summary: 'Both reads, both evaluations and where they disagree (once both are signed)', roles: OVERSEES, params: IdParams, response: { 200: ReadsReply } }),
  adjudicate: route({ method: 'POST', url: '/api/cases/:id/adjudication', summary: 'Record the adjudicated read with a reason; needs the password again', roles: ['adjudicator'], params: IdParams, body: AdjudicationBody, response: { 201: ReadsReply } }),
  agreement: route({ method: 'GET', url: '/api/agreement', summary: 'Inter-reader agreement (kappa) per criterion over the cases with two signed reads', roles: OVERSEES, response: { 200: AgreementReply } }),

  auditVerify: route({ method: 'GET', url: '/api/audit/verify', summary: 'Check the hash chain of the whole audit trail', roles: ['admin', 'coordinator', 'monitor'], response: { 200: AuditVerifyReply } }),
} as const satisfies Record<string, RouteSpec>

export type RouteName = keyof typeof ROUTES
/** May this role call this route at all? (Rows are the handlers' business.) */
export const allowed = (name: RouteName, role: Role | null): boolean => {
  const roles = ROUTES[name].roles
  return roles === 'public' || (role !== null && (roles as readonly Role[]).includes(role))
}
