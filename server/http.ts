/** What every handler gets, and the one way a handler says no (HttpError → {"error", "problems"}). */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Problem, RouteName, ROUTES } from './api-schemas.ts'
import type { Argon2Cost, Session, SessionPolicy, UserRow } from './auth.ts'
import type { Database } from './db/open.ts'

export interface ServerSettings {
  database: Database
  argon2: Argon2Cost
  session: SessionPolicy
  /** Sign-in attempts per address per minute (rate limit, counted in the database). */
  loginsPerMinute: number
  /** Secure cookies (HTTPS only): on unless the server listens on loopback without TLS. */
  secureCookies: boolean
}

type Part<K extends RouteName, P extends string> = (typeof ROUTES)[K] extends Record<P, infer S> ? (S extends z.ZodType ? z.output<S> : never) : undefined

export interface Ctx<K extends RouteName> {
  body: Part<K, 'body'>
  params: Part<K, 'params'>
  query: Part<K, 'querystring'>
  /** The signed-in user (on the one public route, login, a placeholder that is never read). */
  user: UserRow
  session: Session | null
  request: FastifyRequest
  reply: FastifyReply
  settings: ServerSettings
}

export type Handler<K extends RouteName> = (ctx: Ctx<K>) => Promise<unknown>
export type Handlers = { [K in RouteName]: Handler<K> }

export class HttpError extends Error {
  readonly status: number
  readonly problems: Problem[]
  readonly extra: Record<string, unknown>
  constructor(status: number, message: string, problems: Problem[] = [], extra: Record<string, unknown> = {}) {
    super(message)
    this.status = status
    this.problems = problems
    this.extra = extra
  }
}

/** The same answer for "no such case" and "not yours": a reader learns nothing from an id. */
export const notFound = (what = 'case') => new HttpError(404, `No such ${what}, or it is not yours to see`)
export const invalid = (problems: Problem[], message = 'The request is not valid') => new HttpError(400, message, problems)
