/**
 * Blinded double reading end to end through the API: assignment, two blinded reads, signatures,
 * the comparison per lesion / timepoint / criterion, adjudication with a reason and the password,
 * inter-reader kappa; and the permission table tried for every route with every role.
 */
import type { CaseInput } from '../../criteria/index.ts'
import { ROLES, ROUTES, type Role, type RouteSpec } from '../../server/api-schemas.ts'
import { BACKENDS, sample, startTestServer, type Client, type TestServer } from './harness.ts'

type Lesion = CaseInput['lesions'][number]

/** A reader's read with the sample's measurements at the assigned timepoints, L1 at t1 set to `l1AtT1` mm. */
function filledIn(read: CaseInput, assigned: string[], l1AtT1: number): CaseInput {
  const full = sample()
  return {
    ...read,
    lesions: read.lesions.map((lesion: Lesion) => {
      const source = full.lesions.find((l) => l.id === lesion.id)!
      const entered = source.assessments.filter((a) => assigned.includes(a.timepoint)).map((a) => (lesion.id === 'L1' && a.timepoint === 't1' ? { ...a, longAxisMm: l1AtT1 } : a))
      return { ...lesion, assessments: [...lesion.assessments, ...entered].sort((a, b) => a.timepoint.localeCompare(b.timepoint)) }
    }),
  }
}

describe.each(BACKENDS)('double reading on %s', (backend) => {
  let server: TestServer
  let coordinator: Client, one: Client, two: Client, outsider: Client, adjudicator: Client, monitor: Client
  let caseId: string
  const assigned = ['t1', 't2']

  beforeAll(async () => {
    server = await startTestServer(backend)
    ;[coordinator, one, two, outsider, adjudicator, monitor] = await Promise.all([
      server.user('coordinator'),
      server.user('reader'),
      server.user('reader'),
      server.user('reader'),
      server.user('adjudicator'),
      server.user('monitor'),
    ])
    caseId = (await coordinator.post('/api/cases', sample())).json.id
  })
  afterAll(() => server?.close())

  it('a coordinator assigns timepoints to two readers; each starts from the case without anything measured there', async () => {
    const bad = await coordinator.post(`/api/cases/${caseId}/assignment`, { timepoints: ['t1', 't9'], readers: [one.user.id, adjudicator.user.id] })
    expect(bad.status).toBe(422)
    expect(bad.json.problems).toEqual([
      { path: 'timepoints[1]', message: 'names no timepoint of this case ("t9")' },
      { path: 'readers[1]', message: 'is not an active reader account' },
    ])
    const reply = await coordinator.post(`/api/cases/${caseId}/assignment`, { timepoints: assigned, readers: [one.user.id, two.user.id] })
    expect(reply.status).toBe(201)
    expect(reply.json).toMatchObject({ assignment: { timepoints: assigned }, comparison: null, adjudication: null })
    expect(reply.json.reads.map((r: { reader: { id: string }; case: unknown }) => [r.reader.id, r.case])).toEqual([
      [one.user.id, null],
      [two.user.id, null],
    ])
    expect((await coordinator.post(`/api/cases/${caseId}/assignment`, { timepoints: assigned, readers: [one.user.id, two.user.id] })).status).toBe(409)
    const read = await one.get(`/api/cases/${caseId}`)
    expect(read.json.kind).toBe('read')
    for (const lesion of read.json.case.lesions as Lesion[]) expect(lesion.assessments.map((a) => a.timepoint)).toEqual(['t0', 't3', 't4'])
    const list = await one.get('/api/cases')
    expect(list.json.cases).toEqual([expect.objectContaining({ id: caseId, kind: 'read', reading: 'reading', toSign: assigned })])
  })

  it('each reader saves and signs their own read without seeing the other’s', async () => {
    for (const [reader, l1] of [[one, 24], [two, 40]] as const) {
      const read = (await reader.get(`/api/cases/${caseId}`)).json
      const saved = await reader.put(`/api/cases/${caseId}`, filledIn(read.case, assigned, l1), { 'if-match': String(read.version) })
      expect(saved.status).toBe(200)
    }
    const seenByOne = (await one.get(`/api/cases/${caseId}`)).json.case.lesions.find((l: Lesion) => l.id === 'L1').assessments.find((a: { timepoint: string }) => a.timepoint === 't1')
    const seenByTwo = (await two.get(`/api/cases/${caseId}`)).json.case.lesions.find((l: Lesion) => l.id === 'L1').assessments.find((a: { timepoint: string }) => a.timepoint === 't1')
    expect([seenByOne.longAxisMm, seenByTwo.longAxisMm]).toEqual([24, 40])
    // A timepoint not assigned to them is not theirs to sign.
    const unassigned = await one.post(`/api/cases/${caseId}/signatures`, { timepoint: 't0', meaning: 'read', password: one.user.password })
    expect(unassigned.status).toBe(422)
    for (const tp of assigned) expect((await one.post(`/api/cases/${caseId}/signatures`, { timepoint: tp, meaning: 'read', password: one.user.password })).status).toBe(201)
    expect((await two.post(`/api/cases/${caseId}/signatures`, { timepoint: 't1', meaning: 'read', password: two.user.password })).status).toBe(201)
    // One read signed, the other half: the adjudicator sees who has signed, not what they read.
    const partial = await adjudicator.get(`/api/cases/${caseId}/reads`)
    expect(partial.json.comparison).toBeNull()
    expect(partial.json.reads.map((r: { signed: string[]; complete: boolean; case: unknown }) => [r.signed.sort(), r.complete, r.case])).toEqual([
      [assigned, true, null],
      [['t1'], false, null],
    ])
    expect((await adjudicator.post(`/api/cases/${caseId}/adjudication`, { choice: 'reader1', reason: 'early', password: adjudicator.user.password })).status).toBe(409)
    expect((await two.post(`/api/cases/${caseId}/signatures`, { timepoint: 't2', meaning: 'read', password: two.user.password })).status).toBe(201)
    // A signed read changes only with a reason.
    const read = (await one.get(`/api/cases/${caseId}`)).json
    const changed = await one.put(`/api/cases/${caseId}`, filledIn({ ...read.case, lesions: read.case.lesions.map((l: Lesion) => ({ ...l, assessments: l.assessments.filter((a) => !assigned.includes(a.timepoint)) })) }, assigned, 25), { 'if-match': String(read.version) })
    expect(changed.status).toBe(422)
  })

  it('once both have signed, the adjudicator sees both reads under every criterion and where they disagree: per lesion, per timepoint, per criterion', async () => {
    const reply = await adjudicator.get(`/api/cases/${caseId}/reads`)
    expect(reply.status).toBe(200)
    const { comparison, reads } = reply.json
    expect(reads.every((r: { complete: boolean; case: unknown }) => r.complete && r.case !== null)).toBe(true)
    expect(comparison.evaluations).toHaveLength(2)
    const disagreements = comparison.disagreements as { level: string; criterion?: string; timepoint?: string; lesion?: string; field?: string; reader1: unknown; reader2: unknown }[]
    // Sum at baseline 38 + 24 + 19 = 81 mm; at t1 reader 1 has 24 + 15 + 12 = 51 (−37 %: PR), reader 2 40 + 15 + 12 = 67 (−17 %: SD).
    expect(disagreements.filter((d) => d.level === 'lesion')).toEqual([expect.objectContaining({ lesion: 'L1', timepoint: 't1', field: 'longAxisMm', reader1: 24, reader2: 40 })])
    expect(disagreements).toContainEqual(expect.objectContaining({ level: 'timepoint', criterion: 'recist11', timepoint: 't1', reader1: 'PR', reader2: 'SD' }))
    expect(disagreements.filter((d) => d.level === 'timepoint' && d.timepoint === 't2')).toEqual([])
    expect(reads[0].case.lesions[0].assessments.find((a: { timepoint: string }) => a.timepoint === 't1').longAxisMm).toBe(24)
  })

  it('the adjudicator records the final read with a reason and the password; the case becomes that read, signed "adjudicated"; the reads freeze', async () => {
    const wrong = await adjudicator.post(`/api/cases/${caseId}/adjudication`, { choice: 'reader1', reason: 'L1 measured on the right slice', password: 'not mine' })
    expect(wrong.status).toBe(403)
    const noReason = await adjudicator.post(`/api/cases/${caseId}/adjudication`, { choice: 'reader1', reason: ' ', password: adjudicator.user.password })
    expect(noReason.status).toBe(400)
    expect(noReason.json.problems).toEqual([{ path: 'reason', message: 'must be a reason' }])
    const reply = await adjudicator.post(`/api/cases/${caseId}/adjudication`, { choice: 'reader1', reason: 'L1 measured on the right slice', password: adjudicator.user.password })
    expect(reply.status).toBe(201)
    expect(reply.json.adjudication).toMatchObject({ choice: 'reader1', reason: 'L1 measured on the right slice', adjudicator: adjudicator.user.username })
    const kase = (await coordinator.get(`/api/cases/${caseId}`)).json.case
    expect(kase.lesions[0].assessments.find((a: { timepoint: string }) => a.timepoint === 't1').longAxisMm).toBe(24)
    expect(kase.signOffs.map((s: { timepoint: string; role: string }) => [s.timepoint, s.role])).toEqual([
      ['t1', 'adjudicator (adjudicated)'],
      ['t2', 'adjudicator (adjudicated)'],
    ])
    const read = (await one.get(`/api/cases/${caseId}`)).json
    expect(read.locked).toBe(true)
    expect((await one.put(`/api/cases/${caseId}`, read.case, { 'if-match': String(read.version) })).status).toBe(423)
    expect((await adjudicator.post(`/api/cases/${caseId}/adjudication`, { choice: 'reader2', reason: 'again', password: adjudicator.user.password })).status).toBe(409)
    const signatures = (await monitor.get(`/api/cases/${caseId}/signatures`)).json.signatures
    expect(signatures.map((s: { meaning: string }) => s.meaning).sort()).toEqual(['adjudicated', 'adjudicated', 'read', 'read', 'read', 'read'])
    const trail = (await monitor.get(`/api/cases/${caseId}/audit`)).json.entries.map((e: { action: string }) => e.action)
    expect(trail).toEqual(['case.create', 'assignment', 'read.update', 'read.update', 'signature', 'signature', 'signature', 'signature', 'adjudication'])
    expect((await monitor.get('/api/audit/verify')).json).toMatchObject({ ok: true })
  })

  it('inter-reader agreement per criterion over the cases with two signed reads', async () => {
    const reply = await monitor.get('/api/agreement')
    expect(reply.status).toBe(200)
    expect(reply.json.cases).toBe(1)
    const recist = reply.json.criteria.find((c: { criterion: string }) => c.criterion === 'recist11')
    expect(recist.agreement.crossTab.n).toBe(1)
    expect(recist.agreement.ordinal.unweighted.n).toBe(1)
  })

  describe('blinding and cross-user access: a case that is not yours is 404, never its data', () => {
    const routes = [
      ['GET', ''],
      ['GET', '/evaluation'],
      ['GET', '/signatures'],
      ['PUT', ''],
      ['POST', '/signatures'],
    ] as const
    it.each(routes)('%s /api/cases/:id%s by a reader it is not assigned to', async (method, suffix) => {
      const body = method === 'PUT' ? sample() : method === 'POST' ? { timepoint: 't1', meaning: 'read', password: outsider.user.password } : undefined
      const reply = await outsider.request(method, `/api/cases/${caseId}${suffix}`, body, method === 'PUT' ? { 'if-match': '1' } : {})
      expect(reply.status).toBe(404)
      expect(reply.json).toEqual({ error: 'No such case, or it is not yours to see', problems: [] })
      expect(reply.body).not.toContain(sample().patient.id)
    })
    it('a reader’s list holds only their reads', async () => {
      expect((await outsider.get('/api/cases')).json.cases).toEqual([])
    })
    it('an account id that does not exist is 404 for the admin', async () => {
      const admin = await server.user('admin')
      expect((await admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' })).status).toBe(404)
    })
  })

  describe('the permission table, tried for every route with every role and anonymous', () => {
    const cases = Object.entries(ROUTES).flatMap(([name, spec]) => [...ROLES, 'anonymous' as const].map((role) => [`${spec.method} ${spec.url}`, role, name] as const))
    it.each(cases)('%s as %s', async (_, who, name) => {
      const spec: RouteSpec = ROUTES[name as keyof typeof ROUTES]
      const role: Role | null = who === 'anonymous' ? null : who
      const client = role === null ? server.anonymous() : await server.user(role)
      // The reader is assigned this case: what they may do, they do on their own read.
      const url = spec.url.replace(':id', name === 'updateUser' ? outsider.user.id : caseId)
      const reply = await client.request(spec.method, url, spec.method === 'GET' ? undefined : {})
      expect(reply.json).toEqual(expect.objectContaining(reply.status >= 400 ? { error: expect.any(String), problems: expect.any(Array) } : {}))
      expect(reply.status).toBeLessThan(500)
      if (spec.roles === 'public') expect([401, 403]).not.toContain(reply.status)
      else if (role === null) expect(reply.status).toBe(401)
      else if (!spec.roles.includes(role)) expect([reply.status, reply.json.error]).toEqual([403, `A ${role} may not do this`])
      else expect([401, 403]).not.toContain(reply.status)
    })
  })
})
