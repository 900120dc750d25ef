/**
 * `npm run bench:server` (also the last part of `npm run bench`): 200 signed-in users reading and
 * saving cases for 30 s against the server on loopback, as `npm run serve` runs it (its own
 * process, production argon2 cost), once on each database: PGlite in a fresh folder (the
 * default), then PostgreSQL through DATABASE_URL (a fresh database in a server started as the
 * server's tests start one, test/server/postgres.ts; or the one DATABASE_URL names, if set).
 * BENCH_DATABASES=pglite or =postgresql runs one. Four users share each case, so
 * saves collide: a stale save gets 409 and the user reads the case again, as the app does.
 *
 * Prints p50/p95/p99 latency, errors (anything but 200, or 409 on a save) and lost updates
 * (after the run, each case's version must be 1 + the saves the server acknowledged for it,
 * and its content that of the last of them) against the budgets in README "For a trial team".
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { ARGON2_DEFAULT, createUser } from '../server/auth.ts'
import { databaseOptions } from '../server/config.ts'
import { openDatabase } from '../server/db/open.ts'
import { cases } from '../server/db/schema.ts'
import { freshDatabase, startPostgres, type Postgres } from '../test/server/postgres.ts'
import type { CaseInput } from '../criteria/index.ts'

const sample = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'src', 'samples', 'recist-confirmed-pr-cr.json'), 'utf8')) as CaseInput
const USERS = 200
const SHARING = 4
const SECONDS = Number(process.env.BENCH_SECONDS) || 30
/** Budgets (README "For a trial team" says why). */
const BUDGET = { p95Ms: 1000, errors: 0, lostUpdates: 0 }
/** autocannon's timeout: a request unanswered this long counts as an error. */
const TIMEOUT_MS = 10_000

const DATABASES = (process.env.BENCH_DATABASES || 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[]

/** What a run leaves to clean up: the server process, PGlite's folder, the PostgreSQL server. */
let server: ChildProcess | null = null
const folders: string[] = []
let postgres: Postgres | null = null

/** The database's environment for one run: a fresh PGlite folder, or a fresh PostgreSQL database. */
async function databaseEnv(database: 'pglite' | 'postgresql'): Promise<NodeJS.ProcessEnv> {
  if (database === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-'))
    folders.push(dir)
    return { CALIPER_DATA: dir, DATABASE_URL: '' }
  }
  if (process.env.DATABASE_URL) return { DATABASE_URL: process.env.DATABASE_URL }
  postgres ??= await startPostgres()
  return { DATABASE_URL: await freshDatabase(postgres.url) }
}

async function startServer(databaseEnv: NodeJS.ProcessEnv): Promise<string> {
  // BENCH_NODE_ARGS: options for the server's node, e.g. "--cpu-prof --cpu-prof-dir=prof" (a profile per thread).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx/esm', join(import.meta.dirname, '..', 'server', 'main.ts')], {
    env: { ...process.env, ...databaseEnv, PORT: '0', CALIPER_NO_APP: '1', CALIPER_LOGINS_PER_MINUTE: '100000', CALIPER_LOG: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  server = child
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = out.match(/ready at (http:\/\/\S+?)\/? /)?.[1]
      if (url) resolve(url)
    })
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)))
  })
}

interface User {
  name: string
  cookie: string
  csrf: string
  caseId: string
}

/** One load test on one database; true if every figure is within its budget. */
async function loadTest(database: 'pglite' | 'postgresql'): Promise<boolean> {
  const started = performance.now()
  const env = await databaseEnv(database)
  // Accounts straight into the database (the command line would open it once per account).
  const setup = await openDatabase(databaseOptions({ ...process.env, ...env }))
  const names = Array.from({ length: USERS }, (_, i) => `bench${i}`)
  await Promise.all(names.map((name) => createUser(setup.db, { username: name, role: 'coordinator', password: `password-${name}` }, ARGON2_DEFAULT)))
  await setup.close()
  const url = await startServer(env)

  const users: User[] = []
  for (let i = 0; i < USERS; i += 10)
    users.push(
      ...(await Promise.all(
        names.slice(i, i + 10).map(async (name) => {
          const reply = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password: `password-${name}` }) })
          if (reply.status !== 200) throw new Error(`login ${name}: ${reply.status}`)
          const body = (await reply.json()) as { csrfToken: string }
          return { name, cookie: reply.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, caseId: '' }
        }),
      )),
    )
  for (let i = 0; i < USERS; i += SHARING) {
    const owner = users[i]!
    const reply = await fetch(`${url}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: owner.cookie, 'x-csrf-token': owner.csrf }, body: JSON.stringify(sample) })
    const { id } = (await reply.json()) as { id: string }
    for (const user of users.slice(i, i + SHARING)) user.caseId = id
  }

  const latencies: number[] = []
  const acks = new Map<string, { version: number; notes: string }[]>()
  let errors = 0
  /** What each error was (e.g. "GET 500", "PUT 404", "timeout", "ECONNRESET"), with the first reply of each kind. */
  const errorKinds = new Map<string, { count: number; sample: string }>()
  const countError = (kind: string, sample = '') => {
    errors++
    const seen = errorKinds.get(kind)
    if (seen) seen.count++
    else errorKinds.set(kind, { count: 1, sample: sample.slice(0, 200) })
  }
  let conflicts = 0
  let saves = 0
  let next = 0
  type Context = { user?: User; version?: number; kase?: typeof sample; notes?: string }
  const instance = autocannon({
    url,
    connections: USERS,
    duration: SECONDS,
    timeout: TIMEOUT_MS / 1000,
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context: Context) => {
          const user = (context.user = users[next++ % USERS]!)
          return { ...request, path: `/api/cases/${user.caseId}`, headers: { cookie: user.cookie } }
        },
        onResponse: (status, body, context: Context) => {
          if (status !== 200) return countError(`GET ${status}`, body)
          const document = JSON.parse(body) as { version: number; case: typeof sample }
          context.version = document.version
          context.kase = document.case
        },
      },
      {
        method: 'PUT',
        setupRequest: (request, context: Context) => {
          const { user, kase, version } = context
          // No case read (its GET timed out): start again with a GET, as the app would (autocannon restarts the sequence).
          if (!user || !kase) return undefined as unknown as typeof request
          context.notes = `saved by ${user.name} at ${++saves}`
          return {
            ...request,
            path: `/api/cases/${user.caseId}`,
            headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, 'if-match': String(version), 'content-type': 'application/json' },
            body: JSON.stringify({ ...kase, patient: { ...kase.patient, notes: context.notes } }),
          }
        },
        onResponse: (status, body, context: Context) => {
          if (status === 409) return void conflicts++
          if (status !== 200) return countError(`PUT ${status}`, body)
          const list = acks.get(context.user!.caseId) ?? []
          list.push({ version: (JSON.parse(body) as { version: number }).version, notes: context.notes! })
          acks.set(context.user!.caseId, list)
        },
      },
    ],
  })
  // The instance is also an event emitter (autocannon's types show only the promise): every response's time, for an exact p95.
  ;(instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void latencies.push(ms))
  // Errors without a reply: autocannon's 10 s timeout, or the connection failing (its count includes the timeouts).
  // A timed-out request counts in the latencies too, as the 10 s it was left waiting (at least).
  ;(instance as unknown as NodeJS.EventEmitter).on('reqError', (error: Error & { code?: string }) => {
    if (error.message !== 'request timed out') return countError(`connection: ${error.code ?? error.message}`)
    latencies.push(TIMEOUT_MS)
    countError('timeout (no reply in 10 s)')
  })
  await instance

  let lostUpdates = 0
  /** Each case's version as the server last answered it, to compare with the database after the server has stopped. */
  const answered = new Map<string, { version: number; notes: string | undefined }>()
  const owner = users[0]!
  for (const caseId of new Set(users.map((u) => u.caseId))) {
    const reply = await fetch(`${url}/api/cases/${caseId}`, { headers: { cookie: owner.cookie } })
    const document = (await reply.json()) as { version: number; case: typeof sample }
    answered.set(caseId, { version: document.version, notes: document.case.patient.notes })
    // Each acknowledged save got its own version (If-Match lets one save through per version) and
    // the case holds the newest. (Saves still in flight when the clock stopped may have landed
    // unacknowledged: the version can be higher than the acknowledgements count, never lower.)
    const list = (acks.get(caseId) ?? []).sort((a, b) => a.version - b.version)
    const last = list.at(-1)
    const distinct = new Set(list.map((a) => a.version)).size === list.length
    if (!distinct || document.version < 1 + list.length || (last && document.version === last.version && document.case.patient.notes !== last.notes)) lostUpdates++
  }

  latencies.sort((a, b) => a - b)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN
  const p95 = pct(95)
  const name = database === 'pglite' ? 'PGlite' : 'PostgreSQL'
  const line = (figure: string, value: string, budget: string, ok: boolean) => console.log(`${ok ? 'ok  ' : 'FAIL'} ${`server (${name}): ${figure}`.padEnd(60)} ${value.padStart(12)}   budget ${budget}`)
  console.log(`\nServer load test on ${name}: ${USERS} signed-in users, ${USERS / SHARING} cases shared by ${SHARING}, ${SECONDS} s on loopback; machine load average ${loadavg()[0]!.toFixed(1)}`)
  console.log(`     requests ${latencies.length} (${(latencies.length / SECONDS).toFixed(0)}/s), saves acknowledged ${[...acks.values()].reduce((s, l) => s + l.length, 0)}, 409 conflicts ${conflicts} (expected: users share cases)`)
  console.log(`     latency p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms`)
  line('p95 latency (read or save)', `${p95.toFixed(0)} ms`, `≤ ${BUDGET.p95Ms} ms`, p95 <= BUDGET.p95Ms)
  line('errors', String(errors), `${BUDGET.errors}`, errors <= BUDGET.errors)
  for (const [kind, { count, sample }] of errorKinds) console.log(`     ${String(count).padStart(6)} × ${kind}${sample ? `: ${sample}` : ''}`)
  line('lost updates', String(lostUpdates), `${BUDGET.lostUpdates}`, lostUpdates <= BUDGET.lostUpdates)
  // Stopped as Ctrl+C stops it, the server must leave every answered save in the database (PGlite: flushed to its folder).
  const exitCode = await stopServer()
  line('exit status after Ctrl+C (SIGINT)', String(exitCode), '0', exitCode === 0)
  const reopened = await openDatabase(databaseOptions({ ...process.env, ...env }))
  const stored = await reopened.db.select({ id: cases.id, version: cases.version, data: cases.data }).from(cases)
  await reopened.close()
  const lostOnStop = [...answered].filter(([id, { version, notes }]) => {
    const row = stored.find((r) => r.id === id)
    return !row || row.version !== version || row.data.patient.notes !== notes
  }).length
  line('saves missing after stop and reopen', String(lostOnStop), '0', lostOnStop === 0)
  console.log(`     ${((performance.now() - started) / 1000).toFixed(0)} s in all (accounts, sign-ins, load, checks)`)
  return p95 <= BUDGET.p95Ms && errors <= BUDGET.errors && lostUpdates <= BUDGET.lostUpdates && exitCode === 0 && lostOnStop === 0
}

/** Stops the server as Ctrl+C would (SIGINT), and waits for it to have closed its database; its exit status. */
async function stopServer(): Promise<number | null> {
  const child = server
  server = null
  if (!child) return null
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.kill('SIGINT')
  return exited
}

async function main() {
  let ok = true
  for (const database of DATABASES) ok = (await loadTest(database)) && ok
  return ok
}

main()
  .then((ok) => (process.exitCode = ok ? 0 : 1))
  .catch((error: Error) => {
    console.error(`bench:server: ${error.message}`)
    process.exitCode = 1
  })
  .finally(async () => {
    await stopServer()
    postgres?.stop()
    for (const dir of folders) rmSync(dir, { recursive: true, force: true })
  })
