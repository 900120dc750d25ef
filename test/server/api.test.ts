/**
 * The contract of issue 12 (login, cases, If-Match, evaluation, errors), sessions and CSRF,
 * lockout and rate limiting, signatures that need the password and reasons for changing signed
 * data, 50 concurrent writers, and SQL-injection strings in every text field: on PGlite and on
 * PostgreSQL.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { jsonSchemas } from '../../src/documentation/json-schema.ts'
import { main as cli } from '../../src/cli/main.ts'
import { buildServer } from '../../server/app.ts'
import { ARGON2_TEST, SESSION_DEFAULT } from '../../server/auth.ts'
import { rowsOf } from '../../server/db/open.ts'
import { BACKENDS, Client, sample, startTestServer, type TestServer } from './harness.ts'

const raw = async (c: Client, type: string, payload: string) => {
  const r = await c.app.inject({ method: 'POST', url: '/api/cases', payload, headers: { 'content-type': type, 'x-csrf-token': c.csrf!, cookie: c.cookie! } })
  return { status: r.statusCode, json: r.json(), body: r.body }
}
const withCsrf = (client: Client, csrf: string | null) => new Client(client.app, client.cookie, csrf, client.user)

describe.each(BACKENDS)('server on %s', (backend) => {
  let server: TestServer
  let coordinator: Client
  beforeAll(async () => {
    server = await startTestServer(backend)
    coordinator = await server.user('coordinator')
  })
  afterAll(() => server?.close())

  const newCase = async (kase = sample()) => {
    const reply = await coordinator.post('/api/cases', kase)
    expect(reply.status).toBe(201)
    return reply.json.id as string
  }

  describe('sign-in', () => {
    it('POST /api/login: 200, an HttpOnly SameSite=Strict session cookie that expires, and the CSRF token', async () => {
      const admin = await server.user('admin')
      const reply = await server.anonymous().post('/api/login', { username: admin.user.username, password: admin.user.password })
      expect(reply.status).toBe(200)
      expect(reply.json.csrfToken).toMatch(/^[\w-]{40,}$/)
      expect(reply.json.user).toMatchObject({ username: admin.user.username, role: 'admin' })
      const cookie = String(reply.headers['set-cookie'])
      expect(cookie).toMatch(/^caliper_session=[\w-]{40,};/)
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      expect(cookie).toMatch(/Max-Age=43200/)
    })

    it.each([
      ['a wrong password', (u: string) => ({ username: u, password: 'wrong' })],
      ['an unknown user', () => ({ username: 'nobody-at-all', password: 'wrong' })],
    ])('refuses %s with the same 401 and no cookie', async (_, body) => {
      const someone = await server.user('reader')
      const reply = await server.anonymous().post('/api/login', body(someone.user.username))
      expect(reply.status).toBe(401)
      expect(reply.json).toEqual({ error: 'Wrong username or password', problems: [] })
      expect(reply.headers['set-cookie']).toBeUndefined()
    })

    it(`locks an account after 5 failed sign-ins in a row (423, even with the right password), until an admin unlocks it`, async () => {
      const reader = await server.user('reader')
      const attempt = (password: string) => server.anonymous().post('/api/login', { username: reader.user.username, password })
      for (let i = 1; i <= 4; i++) expect((await attempt('wrong')).status).toBe(401)
      expect((await attempt('wrong')).status).toBe(423)
      const locked = await attempt(reader.user.password)
      expect(locked.status).toBe(423)
      expect(locked.json.error).toMatch(/locked after 5 failed sign-ins/)
      const admin = await server.user('admin')
      expect((await admin.patch(`/api/users/${reader.user.id}`, { unlock: true })).status).toBe(200)
      expect((await attempt(reader.user.password)).status).toBe(200)
    })

    it('four failures then a success start the count again', async () => {
      const reader = await server.user('reader')
      const attempt = (password: string) => server.anonymous().post('/api/login', { username: reader.user.username, password })
      for (let i = 1; i <= 4; i++) expect((await attempt('wrong')).status).toBe(401)
      expect((await attempt(reader.user.password)).status).toBe(200)
      for (let i = 1; i <= 4; i++) expect((await attempt('wrong')).status).toBe(401)
      expect((await attempt(reader.user.password)).status).toBe(200)
    })

    it('rate-limits sign-in per address, counted in the database: a second server on the same database sees the first one’s attempts', async () => {
      const settings = { database: server.database, argon2: ARGON2_TEST, session: SESSION_DEFAULT, loginsPerMinute: 3, secureCookies: false }
      const [one, two] = [await buildServer(settings), await buildServer(settings)]
      try {
        const attempt = (app: typeof one) => app.inject({ method: 'POST', url: '/api/login', payload: { username: 'rate-limited', password: 'x' }, remoteAddress: '10.9.8.7' })
        expect((await attempt(one)).statusCode).toBe(401)
        expect((await attempt(two)).statusCode).toBe(401)
        expect((await attempt(one)).statusCode).toBe(401)
        const limited = await attempt(two)
        expect(limited.statusCode).toBe(429)
        expect(limited.json()).toMatchObject({ error: expect.stringMatching(/Too many sign-in attempts/), problems: [] })
      } finally {
        await Promise.all([one.close(), two.close()])
      }
    })
  })

  describe('sessions and CSRF', () => {
    it('a forged session cookie is 401', async () => {
      const forged = new Client(server.app, 'caliper_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'x', coordinator.user)
      expect((await forged.get('/api/cases')).status).toBe(401)
      expect((await server.anonymous().get('/api/cases')).json).toEqual({ error: 'Sign in first (no session, or it has expired)', problems: [] })
    })

    it('an expired session is 401 (idle expiry stored in the database)', async () => {
      const reader = await server.user('reader')
      expect((await reader.get('/api/me')).status).toBe(200)
      await server.database.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${reader.user.id}`)
      expect((await reader.get('/api/me')).status).toBe(401)
    })

    it('a session past its absolute lifetime is 401 even if used a moment ago', async () => {
      const reader = await server.user('reader')
      await server.database.db.execute(sql`UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE user_id = ${reader.user.id}`)
      expect((await reader.get('/api/me')).status).toBe(401)
    })

    it('every non-GET needs the x-csrf-token of its own session: missing, wrong, or replayed from an ended session is 403', async () => {
      const other = await server.user('coordinator')
      const oldToken = other.csrf
      expect((await other.post('/api/logout')).status).toBe(200)
      // The logged-out cookie no longer works at all.
      expect((await other.get('/api/me')).status).toBe(401)
      const again = await server.login(other.user.username, other.user.password)
      expect(again.csrf).not.toBe(oldToken)
      for (const csrf of [null, 'wrong', oldToken, coordinator.csrf]) {
        const reply = await withCsrf(again, csrf).post('/api/cases', sample())
        expect(reply.status).toBe(403)
        expect(reply.json.error).toMatch(/x-csrf-token/)
      }
      expect((await again.post('/api/cases', sample())).status).toBe(201)
    })

    it('GET /api/me gives the same CSRF token again (the app keeps it only in memory)', async () => {
      const me = await coordinator.get('/api/me')
      expect(me.status).toBe(200)
      expect(me.json.csrfToken).toBe(coordinator.csrf)
    })
  })

  describe('cases (the contract)', () => {
    it('POST /api/cases → 201 {id, version}; GET /api/cases lists it; GET /api/cases/:id gives back the file as sent, key order too', async () => {
      const kase = sample('sorafenib-lung-metastases')
      const created = await coordinator.post('/api/cases', kase)
      expect(created.status).toBe(201)
      expect(created.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 })
      const list = await coordinator.get('/api/cases')
      expect(list.json.cases).toContainEqual(expect.objectContaining({ id: created.json.id, patient: kase.patient.id, version: 1, kind: 'case', reading: 'none' }))
      const got = await coordinator.get(`/api/cases/${created.json.id}`)
      expect(got.status).toBe(200)
      expect(got.headers.etag).toBe('"1"')
      expect(JSON.stringify(got.json.case)).toBe(JSON.stringify(kase))
      expect(got.json).toMatchObject({ id: created.json.id, kind: 'case', version: 1, locked: false })
    })

    it.each(['recist-confirmed-pr-cr', 'sorafenib-lung-metastases', 'pelvic-osteosarcoma-mixed-bone'])('GET /api/cases/:id/evaluation is the same JSON as `caliper evaluate --json` (%s)', async (name) => {
      const kase = sample(name)
      const id = await newCase(kase)
      const dir = mkdtempSync(join(tmpdir(), 'caliper-eval-'))
      try {
        const file = join(dir, 'case.json')
        writeFileSync(file, JSON.stringify(kase))
        let stdout = ''
        const status = await cli(['evaluate', file, '--json'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } })
        expect(status).toBe(0)
        const reply = await coordinator.get(`/api/cases/${id}/evaluation`)
        expect(reply.status).toBe(200)
        // The command line names the file it read (it evaluates many); the rest is the same object.
        const { file: named, ...evaluation } = JSON.parse(stdout)
        expect(named).toBe(file)
        expect(reply.json).toEqual(evaluation)
        expect(reply.json.results.length).toBeGreaterThan(1)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('PUT with If-Match: the current version → 200 {version: n+1}; a stale one → 409 with the case as it now stands; none → 428', async () => {
      const id = await newCase()
      const kase = sample()
      const edited = { ...kase, patient: { ...kase.patient, diagnosis: 'edited once' } }
      const saved = await coordinator.put(`/api/cases/${id}`, edited, { 'if-match': '1' })
      expect(saved.status).toBe(200)
      expect(saved.json).toEqual({ version: 2 })
      const stale = await coordinator.put(`/api/cases/${id}`, { ...kase, patient: { ...kase.patient, diagnosis: 'edited from an old copy' } }, { 'if-match': '"1"' })
      expect(stale.status).toBe(409)
      expect(stale.json).toMatchObject({ error: expect.stringMatching(/version 2, yours 1/), problems: [], current: { version: 2, case: { patient: { diagnosis: 'edited once' } } } })
      const none = await coordinator.put(`/api/cases/${id}`, edited)
      expect(none.status).toBe(428)
      expect(none.json.problems).toEqual([{ path: 'If-Match', message: expect.stringMatching(/required/) }])
      expect((await coordinator.get(`/api/cases/${id}`)).json.case.patient.diagnosis).toBe('edited once')
    })

    it('an invalid case file is 400 with one problem per field, named by JSON path as the command line names it', async () => {
      const kase = sample()
      const bad = { ...kase, lesions: kase.lesions.map((l, i) => (i === 0 ? { ...l, assessments: l.assessments.map((a, j) => (j === 1 ? { ...a, longAxisMm: -3 } : a)) } : l)), extra: 1 }
      const reply = await coordinator.post('/api/cases', bad)
      expect(reply.status).toBe(400)
      expect(reply.json.error).toBe('The request is not valid')
      expect(reply.json.problems).toEqual(
        expect.arrayContaining([
          { path: 'lesions[0].assessments[1].longAxisMm', message: expect.any(String) },
          { path: 'extra', message: 'is not a field of this format (check the spelling)' },
        ]),
      )
    })

    it('50 concurrent writers, each retrying on 409, lose no update', async () => {
      const writers = await Promise.all(Array.from({ length: 5 }, () => server.user('coordinator')))
      const base = { ...sample(), lesions: [] }
      const id = await newCase(base)
      let conflicts = 0
      const write = async (w: number) => {
        const client = writers[w % writers.length]!
        for (;;) {
          const current = await client.get(`/api/cases/${id}`)
          const kase = current.json.case
          const lesion = { id: `W${w}`, name: `writer ${w}`, organ: 'lung', kind: 'non-nodal', role: 'non-target', assessments: [] }
          const reply = await client.put(`/api/cases/${id}`, { ...kase, lesions: [...kase.lesions, lesion] }, { 'if-match': String(current.json.version) })
          if (reply.status === 200) return
          expect(reply.status).toBe(409)
          conflicts++
        }
      }
      await Promise.all(Array.from({ length: 50 }, (_, w) => write(w)))
      const final = await coordinator.get(`/api/cases/${id}`)
      expect(final.json.version).toBe(51)
      expect(final.json.case.lesions.map((l: { id: string }) => l.id).sort()).toEqual(Array.from({ length: 50 }, (_, w) => `W${w}`).sort())
      expect(conflicts).toBeGreaterThan(0)
    })
  })

  describe('errors are JSON, never a stack trace', () => {
    it.each([
      ['an unknown API route', (c: Client) => c.get('/api/nothing-here'), 404],
      ['malformed JSON', (c: Client) => raw(c, 'application/json', '{"format":'), 400],
      ['a body that is not JSON', (c: Client) => raw(c, 'application/x-www-form-urlencoded', 'format=x'), 415],
      ['a body over the size limit', (c: Client) => c.post('/api/cases', { ...sample(), patient: { id: 'x', notes: 'n'.repeat(6 * 1024 * 1024) } }), 413],
      ['JSON nested deeper than 32 levels', (c: Client) => c.post('/api/cases', JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)), 400],
      ['an id that is not an id', (c: Client) => c.get('/api/cases/not-an-id'), 404],
    ])('%s', async (_, send, status) => {
      const reply = await send(coordinator)
      expect(reply.status).toBe(status)
      expect(reply.json).toEqual({ error: expect.any(String), problems: expect.any(Array) })
      expect(reply.body).not.toMatch(/\bat .*\.(ts|js):\d+/)
    })
  })

  describe('signatures and signed data', () => {
    it('signing needs the password again and records who, the server time and the meaning; a wrong password signs nothing', async () => {
      const id = await newCase()
      const refused = await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: 'not it' })
      expect(refused.status).toBe(403)
      expect(refused.json.problems).toEqual([{ path: 'password', message: 'is not your password' }])
      expect((await coordinator.get(`/api/cases/${id}/signatures`)).json.signatures).toEqual([])
      const wrongMeaning = await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'read', password: coordinator.user.password })
      expect(wrongMeaning.status).toBe(403)
      const before = Date.now()
      const signed = await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: coordinator.user.password })
      expect(signed.status).toBe(201)
      expect(signed.json).toMatchObject({ version: 2, signature: { timepoint: 't1', meaning: 'approved', username: coordinator.user.username, role: 'coordinator' } })
      expect(Date.parse(signed.json.signature.signedAt)).toBeGreaterThanOrEqual(before - 60_000)
      const kase = (await coordinator.get(`/api/cases/${id}`)).json.case
      expect(kase.signOffs).toEqual([{ timepoint: 't1', assessor: coordinator.user.username, role: 'coordinator (approved)', date: signed.json.signature.signedAt.slice(0, 10) }])
      const twice = await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: coordinator.user.password })
      expect(twice.status).toBe(409)
      const nowhere = await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't9', meaning: 'approved', password: coordinator.user.password })
      expect(nowhere.status).toBe(422)
      expect(nowhere.json.problems).toEqual([{ path: 'timepoint', message: 'names no timepoint of this case ("t9")' }])
    })

    it('a signed value changes only with a reason, which goes into the case file and the audit trail; unsigned data needs none', async () => {
      const id = await newCase()
      await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: coordinator.user.password })
      const current = (await coordinator.get(`/api/cases/${id}`)).json
      const kase = current.case
      const changeAt = (tp: string, mm: number) => ({ ...kase, lesions: kase.lesions.map((l: { assessments: { timepoint: string }[] }, i: number) => (i === 0 ? { ...l, assessments: l.assessments.map((a) => (a.timepoint === tp ? { ...a, longAxisMm: mm } : a)) } : l)) })
      const refused = await coordinator.put(`/api/cases/${id}`, changeAt('t1', 25), { 'if-match': String(current.version) })
      expect(refused.status).toBe(422)
      expect(refused.json.problems).toEqual([{ path: 'lesions[0].assessments[1].longAxisMm', message: 'belongs to signed-off timepoint "t1": give a reason to change it' }])
      const unsigned = await coordinator.put(`/api/cases/${id}`, changeAt('t2', 16), { 'if-match': String(current.version) })
      expect(unsigned.status).toBe(200)
      const reason = 'Remeasured: wrong slice (ré-mesuré)'
      const withReason = await coordinator.put(`/api/cases/${id}`, { ...changeAt('t1', 25), lesions: changeAt('t1', 25).lesions.map((l: { assessments: { timepoint: string; longAxisMm?: number }[] }, i: number) => (i === 0 ? { ...l, assessments: l.assessments.map((a) => (a.timepoint === 't2' ? { ...a, longAxisMm: 16 } : a)) } : l)) }, { 'if-match': String(unsigned.json.version), 'x-change-reason': encodeURIComponent(reason) })
      expect(withReason.status).toBe(200)
      const after = (await coordinator.get(`/api/cases/${id}`)).json.case
      expect(after.auditLog).toEqual([{ at: expect.any(String), who: coordinator.user.username, field: 'lesions[0].assessments[1].longAxisMm', old: 24, new: 25, reason }])
      expect(after.signOffs).toHaveLength(1)
      const trail = (await coordinator.get(`/api/cases/${id}/audit`)).json.entries
      expect(trail.map((e: { action: string }) => e.action)).toEqual(['case.create', 'signature', 'case.update', 'case.update'])
      expect(trail[3].detail).toMatchObject({ reason, changes: [{ field: 'lesions[0].assessments[1].longAxisMm', old: 24, new: 25 }] })
    })

    it('sign-offs and the audit log are the server’s: a save cannot remove or forge them', async () => {
      const id = await newCase()
      await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't0', meaning: 'approved', password: coordinator.user.password })
      const current = (await coordinator.get(`/api/cases/${id}`)).json
      const forged = { ...current.case, signOffs: [{ timepoint: 't2', assessor: 'Someone Else', role: 'PI', date: '2026-01-01' }], auditLog: [] }
      const reply = await coordinator.put(`/api/cases/${id}`, forged, { 'if-match': String(current.version) })
      expect(reply.status).toBe(200)
      expect((await coordinator.get(`/api/cases/${id}`)).json.case.signOffs).toEqual(current.case.signOffs)
    })

    it('a locked case refuses saves and signatures (423) until unlocked, both with a reason', async () => {
      const id = await newCase()
      expect((await coordinator.post(`/api/cases/${id}/lock`, { locked: true, reason: 'database lock for the interim analysis' })).status).toBe(200)
      expect((await coordinator.put(`/api/cases/${id}`, sample(), { 'if-match': '1' })).status).toBe(423)
      expect((await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: 't1', meaning: 'approved', password: coordinator.user.password })).status).toBe(423)
      expect((await coordinator.post(`/api/cases/${id}/lock`, { locked: false, reason: 'query resolved' })).status).toBe(200)
      expect((await coordinator.put(`/api/cases/${id}`, { ...sample(), patient: { id: 'CRC-101', diagnosis: 'x' } }, { 'if-match': '1' })).status).toBe(200)
    })
  })

  describe('SQL-injection strings in every text field are stored and returned as text', () => {
    const NASTY = ["'; DROP TABLE cases; --", '" OR 1=1 --', "x'); DELETE FROM audit; --", '$1::text; SELECT pg_sleep(0)', '\\x00\'\\"', "Robert'); DROP TABLE users;--"]

    it.each(NASTY)('%s', async (nasty) => {
      const admin = await server.user('admin')
      // Sign-in fields.
      expect((await server.anonymous().post('/api/login', { username: nasty, password: nasty })).status).toBe(401)
      // An account's display name.
      const made = await admin.post('/api/users', { username: `inj-${Math.random().toString(36).slice(2, 8)}`, displayName: nasty, role: 'reader', password: nasty })
      expect(made.status).toBe(201)
      expect(made.json.displayName).toBe(nasty)
      const reader = await server.login(made.json.username, nasty)
      expect(reader.user.role).toBe('reader')
      // Every free-text field of a case file.
      const base = sample()
      const kase = {
        ...base,
        patient: { id: nasty, diagnosis: nasty, notes: nasty },
        timepoints: base.timepoints.map((t) => ({ ...t, label: nasty })),
        lesions: base.lesions.map((l) => ({ ...l, name: nasty, organ: nasty })),
      }
      const id = await newCase(kase)
      const got = await coordinator.get(`/api/cases/${id}`)
      expect(got.json.case).toEqual(kase)
      // Reasons (header and body).
      const saved = await coordinator.put(`/api/cases/${id}`, { ...kase, patient: { ...kase.patient, notes: `${nasty} 2` } }, { 'if-match': '1', 'x-change-reason': encodeURIComponent(nasty) })
      expect(saved.status).toBe(200)
      expect((await coordinator.post(`/api/cases/${id}/lock`, { locked: true, reason: nasty })).status).toBe(200)
      // A timepoint id in a signature.
      expect((await coordinator.post(`/api/cases/${id}/signatures`, { timepoint: nasty, meaning: 'approved', password: nasty })).status).toBe(403)
      // Nothing was dropped or deleted, and the trail holds.
      const [counts] = await rowsOf<{ cases: string; users: string }>(server.database.db, sql`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM users) AS users`)
      expect(Number(counts!.cases)).toBeGreaterThan(0)
      expect(Number(counts!.users)).toBeGreaterThan(1)
      expect((await admin.get('/api/audit/verify')).json.ok).toBe(true)
      const list = await coordinator.get('/api/cases')
      expect(list.json.cases.filter((c: { patient: string }) => c.patient === nasty)).toHaveLength(1)
    })
  })

  describe('GET /api/cases/:id/export: the files the app and `caliper export` make', () => {
    /** What `caliper export` writes for the same case file: stdout, or the files of --out DIR. */
    const exported = async (kase: unknown, args: string[]) => {
      const dir = mkdtempSync(join(tmpdir(), 'caliper-export-'))
      try {
        const file = join(dir, 'case.json')
        writeFileSync(file, JSON.stringify(kase))
        let stdout = ''
        const status = await cli(['export', file, ...args.map((a) => a.replace('DIR', join(dir, 'out')))], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } })
        expect(status).toBe(0)
        const files = args.includes('DIR') ? new Map(readdirSync(join(dir, 'out')).map((name) => [name, readFileSync(join(dir, 'out', name), 'utf8')])) : new Map<string, string>()
        return { stdout, files }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }

    it.each(['recist-confirmed-pr-cr', 'pelvic-osteosarcoma-antiangiogenic'])('case file, CSV, report and every SDTM dataset, as downloads, equal to the command line’s (%s)', async (name) => {
      const kase = sample(name)
      const id = await newCase(kase)
      const monitor = await server.user('monitor')
      for (const who of [coordinator, monitor]) {
        const file = await who.get(`/api/cases/${id}/export?format=case`)
        expect([file.status, file.headers['content-disposition']]).toEqual([200, `attachment; filename="${kase.patient.id.replace(/[^\w.-]+/g, '_')}.json"`])
        expect(file.json).toEqual(kase)
        const csv = await who.get(`/api/cases/${id}/export?format=csv`)
        expect([csv.status, csv.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8'])
        expect(csv.body).toBe((await exported(kase, ['--format', 'csv'])).stdout)
        const report = await who.get(`/api/cases/${id}/export?format=report`)
        expect([report.status, report.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8'])
        expect(report.body).toBe((await exported(kase, ['--format', 'report'])).stdout)
      }
      const sdtm = await exported(kase, ['--format', 'sdtm', '--out', 'DIR', '--study', 'TRIAL-7'])
      const domains = kase.biomarkers?.length ? ['TU', 'TR', 'RS', 'LB'] : ['TU', 'TR', 'RS']
      expect([...sdtm.files.keys()].sort()).toEqual(domains.map((d) => `${d}.csv`).sort())
      for (const domain of domains) {
        const reply = await coordinator.get(`/api/cases/${id}/export?format=sdtm&domain=${domain}&study=TRIAL-7`)
        expect([domain, reply.status, reply.headers['content-disposition']]).toEqual([domain, 200, expect.stringContaining(`-${domain}.csv"`)])
        expect(reply.body).toBe(sdtm.files.get(`${domain}.csv`))
      }
      if (!kase.biomarkers?.length) {
        const lb = await coordinator.get(`/api/cases/${id}/export?format=sdtm&domain=LB`)
        expect([lb.status, lb.json.problems]).toEqual([422, [{ path: 'domain', message: 'LB exists only for a case with blood biomarkers' }]])
      }
    })

    it.each([
      ['', [{ path: 'format', message: 'must be one of case, csv, sdtm, report' }]],
      ['?format=xlsx', [{ path: 'format', message: 'must be one of case, csv, sdtm, report' }]],
      ['?format=sdtm', [{ path: 'domain', message: 'is required for format "sdtm", and only then' }]],
      ['?format=csv&domain=TU', [{ path: 'domain', message: 'is required for format "sdtm", and only then' }]],
      ['?format=sdtm&domain=TU&study=../x', [{ path: 'study', message: 'must be 1-40 letters, digits, "-" or "_"' }]],
      ['?format=csv&path=/etc/passwd', [{ path: '(root)', message: 'has fields this request does not take: path' }]],
    ])('a bad query %s is 400 naming the parameter', async (query, problems) => {
      const id = await newCase()
      const reply = await coordinator.get(`/api/cases/${id}/export${query}`)
      expect([reply.status, reply.json.problems]).toEqual([400, problems])
    })

    it('a patient id cannot steer the file name (quotes, slashes, CR LF are replaced)', async () => {
      const kase = sample()
      kase.patient.id = '../../etc/passwd"; x=\r\nSet-Cookie: a=b'
      const id = await newCase(kase)
      const reply = await coordinator.get(`/api/cases/${id}/export?format=csv`)
      expect(reply.status).toBe(200)
      expect(reply.headers['content-disposition']).toBe('attachment; filename=".._.._etc_passwd_x_Set-Cookie_a_b.csv"')
      expect(reply.headers['set-cookie']).toBeUndefined()
    })

    it('every file handed out is in the audit trail (who, when, case version, format, SHA-256 of the file), and the chain stays intact; a refused export records nothing', async () => {
      const kase = sample()
      const id = await newCase(kase)
      const monitor = await server.user('monitor')
      const exports = async () => (await coordinator.get(`/api/cases/${id}/audit`)).json.entries.filter((e: { action: string }) => e.action === 'case.export')
      const csv = await coordinator.get(`/api/cases/${id}/export?format=csv`)
      const rs = await monitor.get(`/api/cases/${id}/export?format=sdtm&domain=RS&study=TRIAL-7`)
      expect([csv.status, rs.status]).toEqual([200, 200])
      const stem = kase.patient.id.replace(/[^\w.-]+/g, '_')
      const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
      expect(await exports()).toEqual([
        { seq: expect.any(Number), at: expect.any(String), username: coordinator.user.username, action: 'case.export', caseId: id, detail: { format: 'csv', file: `${stem}.csv`, version: 1, contentHash: hash(csv.body) } },
        { seq: expect.any(Number), at: expect.any(String), username: monitor.user.username, action: 'case.export', caseId: id, detail: { format: 'sdtm', domain: 'RS', study: 'TRIAL-7', file: `${stem}-RS.csv`, version: 1, contentHash: hash(rs.body) } },
      ])
      // Refused: no LB dataset (422), a bad query (400), a reader (403): nothing more is recorded.
      expect((await coordinator.get(`/api/cases/${id}/export?format=sdtm&domain=LB`)).status).toBe(422)
      expect((await coordinator.get(`/api/cases/${id}/export?format=xlsx`)).status).toBe(400)
      expect((await (await server.user('reader')).get(`/api/cases/${id}/export?format=csv`)).status).toBe(403)
      expect(await exports()).toHaveLength(2)
      expect((await monitor.get('/api/audit/verify')).json).toMatchObject({ ok: true, problems: [] })
    })

    it('an id that is no case, or is malformed, is 404; a reader and an adjudicator may not export (403), even their own read', async () => {
      for (const url of ['/api/cases/00000000-0000-4000-8000-000000000000/export?format=case', '/api/cases/not-an-id/export?format=case', "/api/cases/1' OR '1'='1/export?format=case"]) {
        const reply = await coordinator.get(url)
        expect([url, reply.status, reply.json]).toEqual([url, 404, { error: 'No such case, or it is not yours to see', problems: [] }])
      }
      const id = await newCase()
      for (const role of ['reader', 'adjudicator', 'admin'] as const) {
        const reply = await (await server.user(role)).get(`/api/cases/${id}/export?format=case`)
        expect([role, reply.status, reply.body]).toEqual([role, 403, expect.not.stringContaining(sample().patient.id)])
      }
      expect((await server.anonymous().get(`/api/cases/${id}/export?format=case`)).status).toBe(401)
    })
  })

  it('OpenAPI at /api/openapi.json lists every route, and describes the case file in full (every $ref resolves)', async () => {
    const reply = await server.anonymous().get('/api/openapi.json')
    expect(reply.status).toBe(200)
    expect(reply.json.openapi).toMatch(/^3\./)
    expect(Object.keys(reply.json.paths)).toEqual(expect.arrayContaining(['/api/login', '/api/cases', '/api/cases/{id}', '/api/cases/{id}/evaluation', '/api/cases/{id}/export', '/api/audit/verify']))
    const refs = [...new Set([...reply.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!))]
    expect(refs).toEqual(expect.arrayContaining(['CaseFileInput', 'CaseFile']))
    for (const ref of refs) expect(reply.json.components.schemas[ref], ref).toBeDefined()
    const body = reply.json.paths['/api/cases'].post.requestBody.content['application/json'].schema
    const caseFile = reply.json.components.schemas[body.$ref.split('/').pop()]
    // The same JSON Schema as `caliper schema` prints (from the engine's Zod schema).
    const { $schema: _, ...printed } = jsonSchemas()['tumor-response-case'] as Record<string, unknown>
    expect({ ...caseFile, description: undefined }).toEqual({ ...printed, description: undefined })
    expect(caseFile.required).toEqual(expect.arrayContaining(['format', 'version', 'patient', 'timepoints', 'lesions']))
    expect(caseFile.properties.lesions.items.properties.assessments.items.properties.longAxisMm).toMatchObject({ type: 'number' })
  })

  it('security headers: the app’s Content-Security-Policy, nosniff, no framing', async () => {
    const reply = await server.anonymous().get('/api/openapi.json')
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/)
    expect(reply.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
  })
})
