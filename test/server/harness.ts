/**
 * The server under test, on either database: PGlite in memory, or a fresh database in the
 * PostgreSQL server of global-setup.ts. Requests go through Fastify's inject (no socket); a
 * Client carries one user's session cookie and CSRF token as a browser would.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { inject } from 'vitest'
import type { CaseInput } from '../../criteria/index.ts'
import type { Role } from '../../server/api-schemas.ts'
import { buildServer } from '../../server/app.ts'
import { ARGON2_TEST, createUser, SESSION_DEFAULT, type SessionPolicy } from '../../server/auth.ts'
import { openDatabase, type Database } from '../../server/db/open.ts'
import { freshDatabase } from './postgres.ts'

export const BACKENDS = ['pglite', 'postgresql'] as const
export type Backend = (typeof BACKENDS)[number]

/** A new empty database on the test PostgreSQL server; its URL. */
export const freshPostgresDatabase = () => freshDatabase(inject('postgresUrl'))

export async function openTestDatabase(backend: Backend): Promise<Database & { url?: string }> {
  if (backend === 'pglite') return openDatabase({ dataDir: 'memory' })
  const url = await freshPostgresDatabase()
  return { ...(await openDatabase({ url, poolSize: 20 })), url }
}

export interface Reply {
  status: number
  body: string
  headers: Record<string, string | string[] | number | undefined>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read field by field
  json: any
}

export class Client {
  readonly app: FastifyInstance
  cookie: string | null
  csrf: string | null
  readonly user: { id: string; username: string; role: Role; password: string }
  constructor(app: FastifyInstance, cookie: string | null, csrf: string | null, user: Client['user']) {
    this.app = app
    this.cookie = cookie
    this.csrf = csrf
    this.user = user
  }
  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...this.headers(method), ...headers } } : { headers: { ...this.headers(method), ...headers } }),
    })
    let json: unknown
    try {
      json = JSON.parse(response.body)
    } catch {
      json = null
    }
    return { status: response.statusCode, body: response.body, headers: response.headers, json }
  }
  private headers(method: string): Record<string, string> {
    return { ...(this.cookie ? { cookie: this.cookie } : {}), ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}) }
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers)
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', url, body, headers)
  put = (url: string, body: unknown, headers?: Record<string, string>) => this.request('PUT', url, body, headers)
  patch = (url: string, body: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body, headers)
}

export const sessionCookie = (reply: Reply) => String(reply.headers['set-cookie']).split(';')[0]!

export interface TestServer {
  backend: Backend
  app: FastifyInstance
  database: Database & { url?: string }
  /** A new account of this role (unique name) and a client signed in as it. */
  user(role: Role, name?: string): Promise<Client>
  login(username: string, password: string): Promise<Client>
  anonymous(): Client
  close(): Promise<void>
}

let counter = 0

export async function startTestServer(backend: Backend, options: { session?: SessionPolicy; loginsPerMinute?: number } = {}): Promise<TestServer> {
  const database = await openTestDatabase(backend)
  const app = await buildServer({ database, argon2: ARGON2_TEST, session: options.session ?? SESSION_DEFAULT, loginsPerMinute: options.loginsPerMinute ?? 10_000, secureCookies: false })
  const server: TestServer = {
    backend,
    app,
    database,
    anonymous: () => new Client(app, null, null, { id: '', username: '', role: 'monitor', password: '' }),
    async login(username, password) {
      const client = server.anonymous()
      const reply = await client.post('/api/login', { username, password })
      if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${reply.body}`)
      return new Client(app, sessionCookie(reply), reply.json.csrfToken, { id: reply.json.user.id, username, role: reply.json.user.role, password })
    },
    async user(role, name) {
      const username = name ?? `${role}-${++counter}-${randomUUID().slice(0, 6)}`
      const password = `pw-${randomUUID()}`
      await createUser(database.db, { username, role, password }, ARGON2_TEST)
      return server.login(username, password)
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
  return server
}

/** A sample case file from src/samples (what a coordinator would upload). */
export const sample = (name = 'recist-confirmed-pr-cr'): CaseInput => JSON.parse(readFileSync(new URL(`../../src/samples/${name}.json`, import.meta.url), 'utf8')) as CaseInput
