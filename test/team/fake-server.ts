/**
 * A pretend Caliper server for the team-mode component tests: answers fetch by method and URL
 * from a table the test writes, and records every request (headers and body) to check.
 */
import { vi } from 'vitest'
import type { Role } from '../../server/api-schemas.ts'

export interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
}
/** JSON (`body`), or a file (`text` with its `headers`). */
type Answer = { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
type Handler = (req: Sent) => Answer

export const ID = {
  caseA: '11111111-1111-4111-8111-111111111111',
  readA1: '22222222-2222-4222-8222-222222222222',
  reader1: '33333333-3333-4333-8333-333333333333',
  reader2: '44444444-4444-4444-8444-444444444444',
  me: '55555555-5555-4555-8555-555555555555',
  signature: '66666666-6666-4666-8666-666666666666',
}
export const AT = '2026-11-28T08:00:00.000Z'

export const user = (role: Role, username: string = role, id = ID.me) => ({ id, username, displayName: `${username[0]!.toUpperCase()}${username.slice(1)} Example`, role, disabled: false, lockedUntil: null })
export const loginReply = (role: Role, username?: string) => ({ csrfToken: `csrf-${role}`, user: user(role, username), expiresAt: '2026-11-28T20:00:00.000Z' })
export const summary = (over: Record<string, unknown> = {}) => ({ id: ID.caseA, kind: 'case', patient: 'T-1', version: 3, locked: false, updatedAt: AT, reading: 'none', ...over })
export const doc = (kase: unknown, over: Record<string, unknown> = {}) => ({ id: ID.caseA, kind: 'case', version: 3, locked: false, updatedAt: AT, case: kase, ...over })

/** Installs the fake as the global fetch; `routes` maps "METHOD /path" to an answer or a handler. */
export function fakeServer(routes: Record<string, Answer | Handler>) {
  const sent: Sent[] = []
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
    const req: Sent = { method, url: input, headers, body: init.body ? JSON.parse(init.body as string) : undefined }
    sent.push(req)
    const route = routes[`${method} ${input}`]
    const answer = typeof route === 'function' ? route(req) : (route ?? { status: 404, body: { error: `No route ${method} ${input}`, problems: [] } })
    if (answer.text !== undefined) return new Response(answer.text, { status: answer.status, headers: answer.headers })
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' } })
  })
  vi.stubGlobal('fetch', fetch)
  return { sent, last: (method: string, url: string) => sent.filter((r) => r.method === method && r.url === url).at(-1) }
}
