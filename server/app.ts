/**
 * The Fastify application: security headers, cookies, rate limiting, OpenAPI, the built app as
 * static files, and every route of api-schemas.ts with its permission check. Errors always leave
 * as JSON {"error", "problems"}: never a stack trace.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { MAX_FILE_BYTES, formatPath } from '../criteria/index.ts'
import { jsonSchemas } from '../src/documentation/json-schema.ts'
import { allowed, CSRF_HEADER, ROUTES, SESSION_COOKIE, type Problem, type RouteName, type RouteSpec } from './api-schemas.ts'
import { csrfMatches, databaseRateLimitStore, findSession, type Session, type UserRow } from './auth.ts'
import { databaseUnavailable } from './db/pglite-thread.ts'
import { HttpError, type Ctx, type Handlers, type ServerSettings } from './http.ts'
import { accountHandlers } from './routes/accounts.ts'
import { caseHandlers } from './routes/cases.ts'
import { readingHandlers } from './routes/reading.ts'

/** Deepest nesting a JSON body may have (a case file needs 6). */
export const MAX_JSON_DEPTH = 32

/** The app's own policy (index.html), sent as a header as well. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
}

/**
 * The OpenAPI components, with the case file (a body of POST and PUT /api/cases, part of several
 * replies) described in full: CaseFileSchema validates through parseCase, which a JSON Schema
 * generator cannot see into, so its components are the JSON Schema that `caliper schema` prints,
 * generated from the same Zod schema (CaseSchema and each criterion's options).
 */
function caseFileComponents(document: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const openapi = jsonSchemaTransformObject(document) as { components?: { schemas?: Record<string, unknown> } }
  const { $schema: _s, ...caseFile } = jsonSchemas()['tumor-response-case'] as Record<string, unknown>
  const schemas = (openapi.components ??= {}).schemas ?? {}
  // Zod names the request body's copy CaseFileInput and the replies' CaseFile.
  for (const id of ['CaseFile', 'CaseFileInput']) schemas[id] = { ...caseFile, description: CASE_FILE_DESCRIPTION }
  openapi.components.schemas = schemas
  return openapi as ReturnType<typeof jsonSchemaTransformObject>
}
const CASE_FILE_DESCRIPTION = 'A case file (format "tumor-response-case", version 1), as `npx caliper schema` prints it; the server also checks what a schema cannot say (e.g. a sign-off names a timepoint of the case) and answers 400 with one problem per field.'

function depthOf(value: unknown): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    max = Math.max(max, depth)
    if (max > MAX_JSON_DEPTH) return max
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return max
}

/** Zod issues as problems; a case file's own problems carry their JSON path in params.path. */
function problemsOf(error: z.ZodError, part: string): Problem[] {
  const prefix = part === 'body' || part === 'querystring' ? [] : [part]
  return error.issues.map((issue) => {
    const casePath = (issue as { params?: { path?: string } }).params?.path
    const base = formatPath([...prefix, ...issue.path])
    const path = casePath === undefined ? base : base === '(root)' ? casePath : casePath === '(root)' ? base : `${base}.${casePath}`
    return { path, message: issue.code === 'unrecognized_keys' ? `has fields this request does not take: ${issue.keys.join(', ')}` : issue.message }
  })
}

class ValidationProblems extends Error {
  readonly problems: Problem[]
  readonly part: string
  constructor(problems: Problem[], part: string) {
    super('invalid request')
    this.problems = problems
    this.part = part
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    caliperSession: Session | null
  }
}

export interface BuildOptions extends ServerSettings {
  /** The built app (vite build output) to serve at /, or null for the API alone. */
  staticDir?: string | null
  logger?: FastifyServerOptions['logger']
}

export async function buildServer(options: BuildOptions): Promise<FastifyInstance> {
  const { staticDir = null, logger = false, ...settings } = options
  const app = Fastify({
    logger,
    bodyLimit: MAX_FILE_BYTES + 64 * 1024,
    trustProxy: process.env.CALIPER_TRUST_PROXY === '1',
    // Request logs (off unless CALIPER_LOG asks) carry method, URL and address only: never headers (cookies, CSRF tokens) or bodies (passwords).
    routerOptions: { maxParamLength: 200 },
  })
  app.decorateRequest('caliperSession', null)

  const defaultJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    defaultJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined)
      if (depthOf(value) > MAX_JSON_DEPTH) return done(new HttpError(400, `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep`), undefined)
      done(null, value)
    })
  })
  app.setValidatorCompiler(({ schema, httpPart }) => (data: unknown) => {
    const result = (schema as unknown as z.ZodType).safeParse(data)
    return result.success ? { value: result.data } : { error: new ValidationProblems(problemsOf(result.error, httpPart ?? 'body'), httpPart ?? 'body') }
  })
  // Responses are typed at compile time by the schemas; at run time they are plain JSON.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  await app.register(fastifyHelmet, { contentSecurityPolicy: { useDefaults: false, directives: CSP }, crossOriginEmbedderPolicy: false })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(settings.database.db),
    errorResponseBuilder: (_request, context) => new HttpError(429, `Too many sign-in attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Caliper', version: '1', description: 'Tumour response evaluation for a trial team: cases, blinded double reading, signatures, audit trail. See docs/server.md.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER } } },
    },
    transform: jsonSchemaTransform,
    transformObject: caseFileComponents,
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ValidationProblems || (error as { validation?: unknown }).validation) {
      const cause = error instanceof ValidationProblems ? error : ((error as { cause?: unknown }).cause as ValidationProblems | undefined)
      const problems = cause instanceof ValidationProblems ? cause.problems : [{ path: '(root)', message: error.message }]
      // A malformed id names no case: the same 404 as a case that is not yours.
      if (cause instanceof ValidationProblems && cause.part === 'params') return reply.code(404).send({ error: 'No such case, or it is not yours to see', problems: [] })
      return reply.code(400).send({ error: 'The request is not valid', problems })
    }
    if (error instanceof HttpError) return reply.code(error.status).send({ error: error.message, problems: error.problems, ...error.extra })
    const status = (error as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500) {
      const message = status === 413 ? `The request is larger than ${Math.round(MAX_FILE_BYTES / 1048576)} MB` : status === 415 ? 'Send JSON (Content-Type: application/json)' : error.message
      return reply.code(status).send({ error: message, problems: [] })
    }
    request.log.error({ err: error }, 'request failed')
    // PGlite's thread has stopped (server/db/pglite-thread.ts): the server cannot answer until it is restarted.
    const unavailable = databaseUnavailable(error)
    if (unavailable) return reply.code(503).send({ error: unavailable.message, problems: [] })
    return reply.code(500).send({ error: 'Something went wrong on the server; it has been logged', problems: [] })
  })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const handlers: Handlers = { ...accountHandlers, ...caseHandlers, ...readingHandlers }
  for (const [name, spec] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) registerRoute(app, name, spec, handlers, settings)

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !staticDir || request.method !== 'GET') return reply.code(404).send({ error: `No ${request.method} ${request.url.split('?')[0]} here`, problems: [] })
    return reply.sendFile('index.html')
  })
  if (staticDir) {
    if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`${staticDir} holds no built app (index.html): run npm run build first`)
    await app.register(fastifyStatic, { root: staticDir, wildcard: false })
  }
  return app
}

async function authorize(request: FastifyRequest, name: RouteName, settings: ServerSettings): Promise<void> {
  const spec: RouteSpec = ROUTES[name]
  if (spec.roles === 'public') return
  const session = await findSession(settings.database.db, request.cookies[SESSION_COOKIE], settings.session)
  if (!session) throw new HttpError(401, 'Sign in first (no session, or it has expired)')
  if (request.method !== 'GET' && !csrfMatches(session, request.headers[CSRF_HEADER])) throw new HttpError(403, `Missing or wrong ${CSRF_HEADER} header (it comes with the sign-in)`)
  if (!allowed(name, session.user.role)) throw new HttpError(403, `A ${session.user.role} may not do this`)
  request.caliperSession = session
}

function registerRoute(app: FastifyInstance, name: RouteName, spec: RouteSpec, handlers: Handlers, settings: ServerSettings) {
  const status = Number(Object.keys(spec.response)[0])
  const handler = handlers[name] as (ctx: Ctx<RouteName>) => Promise<unknown>
  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      summary: spec.summary,
      description: spec.roles === 'public' ? 'Public.' : `Roles: ${spec.roles.join(', ')}.`,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      response: spec.response,
      ...(spec.roles === 'public' ? {} : { security: [{ session: [], csrf: [] }] }),
    },
    config: name === 'login' ? { rateLimit: { max: settings.loginsPerMinute, timeWindow: 60_000 } } : {},
    // Authorise before the body is validated: a stranger learns nothing from the validation messages.
    preValidation: async (request) => authorize(request, name, settings),
    handler: async (request, reply) => {
      reply.code(status)
      const session = request.caliperSession
      const ctx = { body: request.body, params: request.params, query: request.query, user: session?.user as UserRow, session, request, reply, settings } as Ctx<RouteName>
      return handler(ctx)
    },
  })
}
