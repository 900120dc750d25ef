/**
 * The app's client of the Caliper server: every call named after its route in
 * server/api-schemas.ts (method, URL and schemas come from there, never retyped here), the
 * CSRF token sent on every request that changes something, and every answer checked against
 * the route's response schema. Errors become `ApiError` with the server's sentence and
 * problems; a 409 on a save carries the case as it stands now.
 */
import type { z } from 'zod'
import { ConflictSchema, CSRF_HEADER, ErrorSchema, ROUTES, type ApiError as ErrorBody, type CaseDocument, type Problem, type RouteName } from '../../server/api-schemas.ts'

type Route<N extends RouteName> = (typeof ROUTES)[N]
type Responses<N extends RouteName> = Route<N>['response']
/** What a route answers on success. */
export type Reply<N extends RouteName> = { [S in keyof Responses<N>]: Responses<N>[S] extends z.ZodType ? z.output<Responses<N>[S]> : never }[keyof Responses<N>]
/** What a route takes as its body (nothing when it takes none). */
export type Body<N extends RouteName> = Route<N> extends { body: infer B extends z.ZodType } ? z.input<B> : undefined
/** What a route takes as its query string (nothing when it takes none). */
export type Query<N extends RouteName> = Route<N> extends { querystring: infer Q extends z.ZodType } ? z.input<Q> : undefined
/** The routes that answer with a file to download rather than JSON. */
type FileRoute = 'exportCase'

/** A downloaded file: its name as the server gives it (Content-Disposition), its type and text. */
export interface DownloadedFile {
  name: string
  type: string
  text: string
}

export interface CallOptions<N extends RouteName> {
  id?: string
  body?: Body<N>
  headers?: Record<string, string>
}

export class ApiError extends Error {
  readonly status: number
  readonly problems: Problem[]
  /** On 409: the case as the server holds it now. */
  readonly current: CaseDocument | null
  constructor(status: number, body: ErrorBody, current: CaseDocument | null = null) {
    super(body.error)
    this.status = status
    this.problems = body.problems
    this.current = current
  }
}

const unexpected = (status: number, what: string) =>
  new ApiError(status, { error: `The server answered in a form this app does not know (${what}). Reload the page; if it persists, the app and the server are of different versions.`, problems: [] })

function errorOf(status: number, data: unknown): ApiError {
  if (status === 409) {
    const conflict = ConflictSchema.safeParse(data)
    if (conflict.success) return new ApiError(409, data as ErrorBody, (data as { current: CaseDocument }).current)
  }
  const body = ErrorSchema.safeParse(data)
  if (body.success) return new ApiError(status, body.data)
  if (status === 0) return new ApiError(0, { error: 'The server could not be reached. Check the connection and try again; nothing was lost.', problems: [] })
  return new ApiError(status, { error: `The server answered ${status}.`, problems: [] })
}

export type Client = ReturnType<typeof createClient>

export function createClient(fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  let csrfToken: string | null = null
  let onSessionEnded: () => void = () => undefined
  /** Sends a request; the answer when it is a success, else the server's error as ApiError. */
  async function send<N extends RouteName>(name: N, options: CallOptions<N> & { query?: Record<string, string> }): Promise<Response> {
    const route: Route<RouteName> = ROUTES[name]
    const path = route.url.replace(':id', encodeURIComponent(options.id ?? ''))
    const url = options.query ? `${path}?${new URLSearchParams(options.query).toString()}` : path
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (route.method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken
    let res: Response
    try {
      res = await fetchImpl(url, { method: route.method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'same-origin' })
    } catch {
      throw errorOf(0, null)
    }
    if (!res.ok) {
      const data: unknown = await res.json().catch(() => undefined)
      // The session expired or was ended elsewhere: back to the sign-in screen (a wrong password at sign-in is not that).
      if (res.status === 401 && name !== 'login' && name !== 'sign' && name !== 'adjudicate') onSessionEnded()
      throw errorOf(res.status, data)
    }
    return res
  }
  async function call<N extends RouteName>(name: N, options: CallOptions<N> = {}): Promise<Reply<N>> {
    const route: Route<RouteName> = ROUTES[name]
    const res = await send(name, options)
    const data: unknown = res.status === 204 ? null : await res.json().catch(() => undefined)
    const responses = route.response as Record<number, z.ZodType>
    const schema = responses[res.status] ?? Object.values(responses)[0]!
    const checked = schema.safeParse(data)
    if (!checked.success) throw unexpected(res.status, `${route.method} ${route.url}: ${checked.error.issues[0]?.message ?? 'bad answer'}`)
    // The raw answer, checked: a case keeps the fields as written (the schema's defaults are not baked in).
    const reply = data as Reply<N>
    if (name === 'login' || name === 'me') csrfToken = (reply as { csrfToken: string }).csrfToken
    if (name === 'logout') csrfToken = null
    return reply
  }
  /** A file from the server (an export), named as the server names it. */
  async function download<N extends FileRoute>(name: N, options: { id: string; query: Query<N> }): Promise<DownloadedFile> {
    const query = Object.fromEntries(Object.entries(options.query as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
    const res = await send(name, { id: options.id, query, headers: { accept: '*/*' } })
    const disposition = res.headers.get('content-disposition') ?? ''
    return { name: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'caliper-export', type: res.headers.get('content-type') ?? 'application/octet-stream', text: await res.text() }
  }
  return {
    call,
    download,
    setCsrfToken: (token: string | null) => void (csrfToken = token),
    /** Called when the server says the session is gone (401). */
    whenSessionEnds: (listener: () => void) => void (onSessionEnded = listener),
  }
}

export const api = createClient()
