/**
 * Who is asking: passwords (argon2id), sessions and CSRF tokens, failed sign-ins and lockout,
 * and the counters of @fastify/rate-limit. Everything lives in the database, nothing in the
 * process, so that several servers can share one PostgreSQL.
 *
 * argon2id through @node-rs/argon2: a native build shipped as prebuilt optional dependencies, so
 * `npm ci` needs no install script and no compiler.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Role, User } from './api-schemas.ts'
import { rowsOf, type Db } from './db/open.ts'
import { rateLimits, sessions, users } from './db/schema.ts'

/** Cost of argon2id. The default is OWASP's (19 MiB, 2 passes); tests lower it only through an explicit setting. */
export interface Argon2Cost {
  memoryCost: number
  timeCost: number
}
export const ARGON2_DEFAULT: Argon2Cost = { memoryCost: 19_456, timeCost: 2 }
export const ARGON2_TEST: Argon2Cost = { memoryCost: 1024, timeCost: 1 }
const ARGON2ID = 2 // Algorithm.Argon2id (a const enum, which isolatedModules cannot import)

export const hashPassword = (password: string, cost: Argon2Cost) => hash(password, { algorithm: ARGON2ID, parallelism: 1, ...cost })
export const checkPassword = (stored: string, password: string) => verify(stored, password).catch(() => false)

export const MAX_FAILED_LOGINS = 5
export const LOCK_MINUTES = 15

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMinutes: number
  /** Signed out this long after signing in, whatever happens. */
  maxHours: number
}
export const SESSION_DEFAULT: SessionPolicy = { idleMinutes: 30, maxHours: 12 }

const token = () => randomBytes(32).toString('base64url')
export const tokenHash = (value: string) => createHash('sha256').update(value).digest('hex')

export type UserRow = typeof users.$inferSelect
export const publicUser = (u: UserRow): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
})

export async function createUser(db: Db, input: { username: string; displayName?: string; role: Role; password: string }, cost: Argon2Cost): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ id: randomUUID(), username: input.username.toLowerCase(), displayName: input.displayName ?? input.username, role: input.role, passwordHash: await hashPassword(input.password, cost) })
    .returning()
  return row!
}

export const findUser = async (db: Db, username: string) => (await db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).limit(1))[0]

/** A hash to check against when the user does not exist, so that "no such user" takes as long as "wrong password". */
let decoy: Promise<string> | null = null

export type PasswordCheck = { ok: true } | { ok: false; lockedUntil: Date | null }

/**
 * Checks a password and counts failures: MAX_FAILED_LOGINS in a row lock the account for
 * LOCK_MINUTES (counted in the database, atomically). Used by sign-in and by signing.
 */
export async function checkUserPassword(db: Db, user: UserRow | undefined, password: string, cost: Argon2Cost): Promise<PasswordCheck> {
  if (!user) {
    await checkPassword(await (decoy ??= hashPassword(randomUUID(), cost)), password)
    return { ok: false, lockedUntil: null }
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) return { ok: false, lockedUntil: user.lockedUntil }
  if (!user.disabled && (await checkPassword(user.passwordHash, password))) {
    if (user.failedLogins) await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id))
    return { ok: true }
  }
  const [after] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} THEN now() + make_interval(mins => ${LOCK_MINUTES}) ELSE NULL END`,
    })
    .where(eq(users.id, user.id))
    .returning({ lockedUntil: users.lockedUntil })
  return { ok: false, lockedUntil: after?.lockedUntil ?? null }
}

export interface NewSession {
  token: string
  csrfToken: string
  expiresAt: Date
}

export async function createSession(db: Db, userId: string, policy: SessionPolicy): Promise<NewSession> {
  const [value, csrfToken] = [token(), token()]
  const now = Date.now()
  const expiresAt = new Date(now + policy.idleMinutes * 60_000)
  await db.insert(sessions).values({ tokenHash: tokenHash(value), userId, csrfToken, expiresAt, absoluteExpiresAt: new Date(now + policy.maxHours * 3_600_000) })
  return { token: value, csrfToken, expiresAt }
}

export interface Session {
  tokenHash: string
  csrfToken: string
  expiresAt: Date
  user: UserRow
}

/** The live session a cookie names (null: none, expired, or its user disabled); slides the idle expiry forward. */
export async function findSession(db: Db, value: string | undefined, policy: SessionPolicy): Promise<Session | null> {
  if (!value || value.length > 100) return null
  const now = new Date()
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash(value)), gt(sessions.expiresAt, now), gt(sessions.absoluteExpiresAt, now)))
    .limit(1)
  if (!row || row.user.disabled) return null
  let expiresAt = row.session.expiresAt
  const renewed = new Date(Math.min(now.getTime() + policy.idleMinutes * 60_000, row.session.absoluteExpiresAt.getTime()))
  // Renew at most once a minute: a write per request would cost more than it protects.
  if (renewed.getTime() - expiresAt.getTime() > 60_000) {
    await db.update(sessions).set({ expiresAt: renewed }).where(eq(sessions.tokenHash, row.session.tokenHash))
    expiresAt = renewed
  }
  return { tokenHash: row.session.tokenHash, csrfToken: row.session.csrfToken, expiresAt, user: row.user }
}

export const endSession = (db: Db, session: Session) => db.delete(sessions).where(eq(sessions.tokenHash, session.tokenHash))

export function csrfMatches(session: Session, header: unknown): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > 100) return false
  const [a, b] = [Buffer.from(header), Buffer.from(session.csrfToken)]
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * @fastify/rate-limit's store interface, kept in the database (one counter per key and window,
 * updated atomically) instead of the plugin's in-memory LRU.
 */
export function databaseRateLimitStore(db: Db) {
  return class DatabaseRateLimitStore {
    readonly prefix: string
    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      rowsOf<{ count: number; ttl: number | string }>(
        db,
        sql`INSERT INTO ${rateLimits} (key, count, window_ends) VALUES (${this.prefix + key}, 1, now() + make_interval(secs => ${timeWindow / 1000}))
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN ${rateLimits.windowEnds} <= now() THEN 1 ELSE ${rateLimits.count} + 1 END,
              window_ends = CASE WHEN ${rateLimits.windowEnds} <= now() THEN EXCLUDED.window_ends ELSE ${rateLimits.windowEnds} END
            RETURNING count, (extract(epoch FROM window_ends - now()) * 1000)::float8 AS ttl`,
      ).then(
        ([row]) => {
          if (!row) return callback(new Error('rate limit counter not written'))
          callback(null, { current: Number(row.count), ttl: Math.max(0, Math.round(Number(row.ttl))) })
        },
        (error: Error) => callback(error),
      )
    }
    child(routeOptions: unknown) {
      const { method, url } = (routeOptions as { routeInfo: { method: string; url: string } }).routeInfo
      return new DatabaseRateLimitStore(undefined, `${method} ${url} `)
    }
  }
}
