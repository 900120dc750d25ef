/**
 * The tables, typed for Drizzle. The SQL that creates them is in migrations/ (hand-written, one
 * file per change); this file must describe the same columns (test/server/database.test.ts checks it).
 */
import { bigint, boolean, integer, json, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { CaseInput } from '../../criteria/case-schema.ts'
import type { Meaning, Role } from '../api-schemas.ts'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<Role>().notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: at('locked_until'),
  createdAt: at('created_at').notNull().defaultNow(),
})

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  absoluteExpiresAt: at('absolute_expires_at').notNull(),
})

export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowEnds: at('window_ends').notNull(),
})

export const cases = pgTable('cases', {
  id: uuid('id').primaryKey(),
  patient: text('patient').notNull(),
  data: json('data').$type<CaseInput>().notNull(),
  version: integer('version').notNull().default(1),
  locked: boolean('locked').notNull().default(false),
  createdBy: uuid('created_by').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
})

export const assignments = pgTable('assignments', {
  caseId: uuid('case_id').primaryKey(),
  timepoints: json('timepoints').$type<string[]>().notNull(),
  assignedBy: uuid('assigned_by').notNull(),
  assignedAt: at('assigned_at').notNull().defaultNow(),
})

export const reads = pgTable('reads', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  slot: smallint('slot').$type<1 | 2>().notNull(),
  readerId: uuid('reader_id').notNull(),
  data: json('data').$type<CaseInput>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: at('updated_at').notNull().defaultNow(),
})

export const signatures = pgTable('signatures', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  readId: uuid('read_id'),
  timepoint: text('timepoint').notNull(),
  meaning: text('meaning').$type<Meaning>().notNull(),
  userId: uuid('user_id').notNull(),
  signedAt: at('signed_at').notNull(),
  contentHash: text('content_hash').notNull(),
})

export const adjudications = pgTable('adjudications', {
  caseId: uuid('case_id').primaryKey(),
  choice: text('choice').$type<'reader1' | 'reader2' | 'own'>().notNull(),
  reason: text('reason').notNull(),
  adjudicatorId: uuid('adjudicator_id').notNull(),
  signedAt: at('signed_at').notNull(),
})

export const audit = pgTable('audit', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id'),
  payload: text('payload').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
})

/** Every table, in the order a restore fills them (foreign keys first). */
export const TABLES = { users, sessions, rateLimits, cases, assignments, reads, signatures, adjudications, audit } as const
