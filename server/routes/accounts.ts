/** Signing in and out, and the accounts an administrator keeps. */
import { eq } from 'drizzle-orm'
import { SESSION_COOKIE } from '../api-schemas.ts'
import { appendAudit, type AuditFact } from '../audit-trail.ts'
import { checkUserPassword, createSession, createUser, endSession, findUser, hashPassword, LOCK_MINUTES, MAX_FAILED_LOGINS, publicUser, type UserRow } from '../auth.ts'
import type { Db } from '../db/open.ts'
import { sessions, users } from '../db/schema.ts'
import { HttpError, notFound, type Handler, type ServerSettings } from '../http.ts'

/** Records a fact that changes nothing else (sign-in, sign-out) in its own transaction. */
export const record = (db: Db, fact: AuditFact) => db.transaction((tx) => appendAudit(tx, fact))

const actor = (user: UserRow) => ({ userId: user.id, username: user.username })

/**
 * Checks the password of the signed-in user again (signing, adjudicating: 21 CFR 11.200(a)):
 * a wrong one counts as a failed sign-in, so guessing it locks the account as sign-in does.
 */
export async function confirmPassword(settings: ServerSettings, user: UserRow, password: string): Promise<void> {
  const check = await checkUserPassword(settings.database.db, user, password, settings.argon2)
  if (!check.ok) {
    await record(settings.database.db, { ...actor(user), action: 'signature.password-refused', caseId: null, detail: {} })
    throw new HttpError(403, check.lockedUntil ? lockedMessage(check.lockedUntil) : 'That is not your password: nothing was signed', [{ path: 'password', message: 'is not your password' }])
  }
}

const lockedMessage = (until: Date) =>
  `This account is locked after ${MAX_FAILED_LOGINS} failed sign-ins, until ${until.toISOString().slice(11, 16)} UTC (${LOCK_MINUTES} minutes); an administrator can unlock it`

const login: Handler<'login'> = async ({ body, reply, settings }) => {
  const db = settings.database.db
  const user = await findUser(db, body.username)
  const check = await checkUserPassword(db, user, body.password, settings.argon2)
  if (!check.ok) {
    await record(db, { userId: user?.id ?? null, username: body.username.slice(0, 64), action: 'login.failed', caseId: null, detail: check.lockedUntil ? { locked: true } : {} })
    if (check.lockedUntil && user) throw new HttpError(423, lockedMessage(check.lockedUntil))
    throw new HttpError(401, 'Wrong username or password')
  }
  const session = await createSession(db, user!.id, settings.session)
  await record(db, { ...actor(user!), action: 'login', caseId: null, detail: {} })
  reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: settings.secureCookies, path: '/', maxAge: settings.session.maxHours * 3600 })
  return { csrfToken: session.csrfToken, user: publicUser(user!), expiresAt: session.expiresAt.toISOString() }
}

const logout: Handler<'logout'> = async ({ user, session, reply, settings }) => {
  await endSession(settings.database.db, session!)
  await record(settings.database.db, { ...actor(user), action: 'logout', caseId: null, detail: {} })
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
  return { ok: true as const }
}

const me: Handler<'me'> = async ({ user, session }) => ({ csrfToken: session!.csrfToken, user: publicUser(user), expiresAt: session!.expiresAt.toISOString() })

const listUsers: Handler<'listUsers'> = async ({ settings }) => ({
  users: (await settings.database.db.select().from(users).orderBy(users.username)).map(publicUser),
})

const createAccount: Handler<'createUser'> = async ({ body, user, settings }) => {
  const db = settings.database.db
  if (await findUser(db, body.username)) throw new HttpError(409, `There is already an account "${body.username.toLowerCase()}"`, [{ path: 'username', message: 'is taken' }])
  const created = await createUser(db, body, settings.argon2)
  await record(db, { ...actor(user), action: 'user.create', caseId: null, detail: { user: created.username, role: created.role } })
  return publicUser(created)
}

const updateAccount: Handler<'updateUser'> = async ({ body, params, user, settings }) => {
  const db = settings.database.db
  const [target] = await db.select().from(users).where(eq(users.id, params.id))
  if (!target) throw notFound('account')
  if (target.id === user.id && (body.disabled || (body.role && body.role !== 'admin'))) throw new HttpError(409, 'You cannot disable yourself or give up your own administrator role')
  const { password, unlock, ...rest } = body
  const changes = { ...rest, ...(password ? { passwordHash: await hashPassword(password, settings.argon2) } : {}), ...(unlock ? { failedLogins: 0, lockedUntil: null } : {}) }
  if (Object.keys(changes).length === 0) return publicUser(target)
  const [updated] = await db.update(users).set(changes).where(eq(users.id, target.id)).returning()
  // A new role, a new password or a disabled account: that person signs in again.
  if (password || rest.role || rest.disabled) await db.delete(sessions).where(eq(sessions.userId, target.id))
  await record(db, { ...actor(user), action: 'user.update', caseId: null, detail: { user: target.username, ...rest, ...(password ? { password: 'changed' } : {}), ...(unlock ? { unlocked: true } : {}) } })
  return publicUser(updated!)
}

export const accountHandlers = { login, logout, me, listUsers, createUser: createAccount, updateUser: updateAccount }
