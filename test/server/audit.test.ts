/**
 * The audit trail no one can edit: the database refuses UPDATE, DELETE and TRUNCATE; an edit
 * made behind the application's back (a superuser drops the guard) is detected by the hash chain,
 * through GET /api/audit/verify and `caliper audit verify`; on PostgreSQL a restricted role cannot
 * touch it at all. And the server's command line: users add, audit verify, backup and restore
 * (PostgreSQL → PostgreSQL, PostgreSQL → a PGlite folder).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { main as cli } from '../../src/cli/main.ts'
import { openDatabase, rowsOf, type Db } from '../../server/db/open.ts'
import { BACKENDS, freshPostgresDatabase, sample, startTestServer, type Client, type TestServer } from './harness.ts'

/** What a superuser (or the owner of PGlite's files) can do: switch the guard off, edit, switch it on. */
async function asSuperuser(db: Db, statement: string) {
  for (const step of ['ALTER TABLE audit DISABLE TRIGGER USER', statement, 'ALTER TABLE audit ENABLE TRIGGER USER']) await db.execute(sql.raw(step))
}
const causeOf = (error: unknown) => String((error as { cause?: Error }).cause?.message ?? error)

async function run(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = ''
  let stderr = ''
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    const status = await cli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
    return { status, stdout, stderr }
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

describe.each(BACKENDS)('audit trail on %s', (backend) => {
  let server: TestServer
  let coordinator: Client
  let monitor: Client
  beforeAll(async () => {
    server = await startTestServer(backend)
    ;[coordinator, monitor] = [await server.user('coordinator'), await server.user('monitor')]
    const id = (await coordinator.post('/api/cases', sample())).json.id
    await coordinator.put(`/api/cases/${id}`, { ...sample(), patient: { id: 'CRC-101', diagnosis: 'changed' } }, { 'if-match': '1' })
    await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: coordinator.user.password })
  })
  afterAll(() => server?.close())

  it('GET /api/audit/verify: {ok: true, entries: N} with every sign-in and change chained', async () => {
    const reply = await monitor.get('/api/audit/verify')
    expect(reply.status).toBe(200)
    const [count] = await rowsOf<{ n: string | number }>(server.database.db, sql`SELECT count(*) AS n FROM audit`)
    expect(reply.json).toEqual({ ok: true, entries: Number(count!.n), problems: [] })
    expect(reply.json.entries).toBeGreaterThanOrEqual(5)
  })

  it.each([
    ['UPDATE audit', "UPDATE audit SET payload = 'x' WHERE seq = 1"],
    ['DELETE FROM audit', 'DELETE FROM audit WHERE seq = 1'],
    ['TRUNCATE audit', 'TRUNCATE audit'],
    ['UPDATE signatures', "UPDATE signatures SET meaning = 'read'"],
    ['DELETE FROM signatures', 'DELETE FROM signatures'],
  ])('the database refuses %s', async (_, statement) => {
    await expect(server.database.db.execute(sql.raw(statement))).rejects.toThrow()
    expect((await monitor.get('/api/audit/verify')).json.ok).toBe(true)
  })

  it('an entry changed behind the application’s back breaks the chain at that entry', async () => {
    await asSuperuser(server.database.db, `UPDATE audit SET payload = replace(payload, '"action":"login"', '"action":"logout"') WHERE seq = 2`)
    const reply = await monitor.get('/api/audit/verify')
    expect(reply.json).toMatchObject({ ok: false, problems: [{ path: 'audit entry 2', message: 'its hash does not match its content (changed after it was written)' }] })
  })

  it('an entry removed from the middle is detected too', async () => {
    await asSuperuser(server.database.db, 'DELETE FROM audit WHERE seq = 4')
    const problems = (await monitor.get('/api/audit/verify')).json.problems
    expect(problems).toContainEqual({ path: 'audit entry 5', message: 'follows entry 3: 1 entry is missing' })
    expect(problems).toContainEqual({ path: 'audit entry 5', message: "does not point at the previous entry's hash" })
  })
})

describe('PostgreSQL with a restricted application role', () => {
  it('the application’s role cannot update, delete or un-guard the audit trail, and the server works with it', async () => {
    const ownerUrl = await freshPostgresDatabase()
    const owner = await openDatabase({ url: ownerUrl })
    await owner.db.execute(sql`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caliper_app') THEN CREATE ROLE caliper_app LOGIN; END IF; END $$`)
    const grants = readFileSync(new URL('../../server/db/restricted-role.sql', import.meta.url), 'utf8').replace(/^CREATE ROLE.*$/m, '')
    await owner.db.execute(sql.raw(grants))
    await owner.close()
    const appUrl = new URL(ownerUrl)
    appUrl.username = 'caliper_app'
    const app = await openDatabase({ url: appUrl.toString(), migrationUrl: ownerUrl })
    try {
      await app.db.execute(sql`INSERT INTO audit (seq, case_id, payload, prev_hash, hash) VALUES (1, NULL, '{}', 'a', 'b')`)
      for (const statement of ['UPDATE audit SET payload = \'x\'', 'DELETE FROM audit', 'TRUNCATE audit', 'ALTER TABLE audit DISABLE TRIGGER USER', 'DROP TRIGGER audit_append_only ON audit'])
        expect(causeOf(await app.db.execute(sql.raw(statement)).then(() => null, (e: unknown) => e)), statement).toMatch(/permission denied|must be owner/)
    } finally {
      await app.close()
    }
  })
})

describe('the server’s command line', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('users add, audit verify, backup, restore into PostgreSQL and into a PGlite folder; an edit behind its back fails audit verify', async () => {
    const url = await freshPostgresDatabase()
    const env = { DATABASE_URL: url, CALIPER_PASSWORD: 'a long enough password' }
    expect(await run(['users', 'add', 'Grace', '--role', 'coordinator', '--name', 'Grace Hopper'], env)).toMatchObject({ status: 0, stdout: 'Created coordinator "grace"\n' })
    expect(await run(['users', 'add', 'grace', '--role', 'coordinator'], env)).toMatchObject({ status: 1, stderr: 'caliper: there is already an account "grace"\n' })
    expect((await run(['users', 'add', 'ada', '--role', 'chief'], env)).stderr).toMatch(/--role: must be one of/)
    expect((await run(['users', 'add', 'ada', '--role', 'reader'], { ...env, CALIPER_PASSWORD: 'short' })).stderr).toMatch(/at least 8 characters/)
    expect(await run(['users', 'frobnicate'], env)).toMatchObject({ status: 2 })
    expect(await run(['audit', 'verify'], env)).toMatchObject({ status: 0, stdout: 'The audit trail is intact: 1 entries, each chained to the one before.\n' })

    const dir = mkdtempSync(join(tmpdir(), 'caliper-backup-'))
    dirs.push(dir)
    const file = join(dir, 'backup.json')
    expect((await run(['backup', file], env)).stdout).toMatch(/^Backed up 1 users, 0 cases, .*1 audit to /)
    const copy = await freshPostgresDatabase()
    expect(await run(['restore', file], { DATABASE_URL: copy })).toMatchObject({ status: 0 })
    expect((await run(['restore', file], { DATABASE_URL: copy })).stderr).toMatch(/not empty/)
    const restored = new pg.Client({ connectionString: copy })
    await restored.connect()
    expect((await restored.query('SELECT username, display_name, role FROM users')).rows).toEqual([{ username: 'grace', display_name: 'Grace Hopper', role: 'coordinator' }])
    await restored.end()

    const folder = join(dir, 'pglite')
    expect((await run(['restore', file], { DATABASE_URL: '', CALIPER_DATA: folder })).stdout).toMatch(/audit trail intact \(1 entries\)/)

    const tampered = new pg.Client({ connectionString: url })
    await tampered.connect()
    await tampered.query("ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET payload = replace(payload, 'grace', 'mallory'); ALTER TABLE audit ENABLE TRIGGER USER")
    await tampered.end()
    const verify = await run(['audit', 'verify'], env)
    expect(verify.status).toBe(1)
    expect(verify.stderr).toMatch(/the audit trail has been altered \(1 entries\):\naudit entry 1: its hash does not match its content/)
  })
})
