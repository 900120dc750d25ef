/**
 * `npm run serve`: the server on http://127.0.0.1:8787 (PORT, HOST override), data in
 * ./caliper-data (CALIPER_DATA) or in PostgreSQL (DATABASE_URL), serving the built app (dist/).
 * Prints the URL when it is ready.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildServer } from './app.ts'
import { ARGON2_DEFAULT, SESSION_DEFAULT } from './auth.ts'
import { DEFAULT_PORT, openConfigured } from './config.ts'

const env = process.env
const host = env.HOST || '127.0.0.1'
const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT
const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1'
const dist = fileURLToPath(new URL('../dist', import.meta.url))

async function builtApp(): Promise<string | null> {
  if (env.CALIPER_NO_APP === '1') return null
  if (existsSync(`${dist}/index.html`)) return dist
  try {
    process.stdout.write('Building the app (first start; `npm run build` does it ahead)…\n')
    const { build } = await import('vite')
    await build({ logLevel: 'warn' })
    return dist
  } catch (error) {
    process.stderr.write(`caliper: the app could not be built (${(error as Error).message}); serving the API only\n`)
    return null
  }
}

async function start() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  const staticDir = await builtApp()
  const database = await openConfigured(env)
  const app = await buildServer({
    database,
    staticDir,
    argon2: ARGON2_DEFAULT,
    session: SESSION_DEFAULT,
    loginsPerMinute: Number(env.CALIPER_LOGINS_PER_MINUTE) || 10,
    secureCookies: env.CALIPER_SECURE_COOKIES ? env.CALIPER_SECURE_COOKIES === '1' : !loopback,
    logger: env.CALIPER_LOG === 'off' ? false : { level: env.CALIPER_LOG || 'warn' },
  })
  // Ctrl+C or a service manager's stop: answer the requests already in, then close the database
  // (PGlite's thread flushes its data and ends), then exit.
  const stop = async (why?: Error) => {
    let status = why ? 1 : 0
    if (why) process.stderr.write(`caliper: ${why.message}; the server stops\n`)
    try {
      await app.close()
      await database.close()
    } catch (error) {
      process.stderr.write(`caliper: while stopping: ${(error as Error).message}\n`)
      status = 1
    }
    process.exit(status)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  // PGlite's thread died (it answers 503 meanwhile): no use serving on; a service manager restarts the server.
  void database.failed?.then(stop)
  await app.listen({ host, port })
  const address = app.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  process.stdout.write(`Caliper is ready at http://${host.includes(':') ? `[${host}]` : host}:${actual}/ (data: ${database.kind === 'pglite' ? database.location : `PostgreSQL ${database.location}`})\n`)
}

start().catch((error: Error) => {
  process.stderr.write(`caliper: the server could not start: ${error.message}\n`)
  process.exit(1)
})
