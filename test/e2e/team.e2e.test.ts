/**
 * A trial team on one Caliper server, in Chromium: the real server (server/app.ts) on a free
 * port with its data in a temporary PGlite folder, serving the app built once. An admin creates
 * the accounts; the coordinator adds a case and assigns it to two readers; each reader, in a
 * separate browser context, enters and signs a read; the adjudicator sees where they disagree
 * and records their own read in the entry grid; the coordinator downloads the case's files
 * (each download audited); the monitor sees it all and can change nothing. Then the audit trail verifies
 * (`caliper audit verify`), and no longer does once a row is altered directly in the database.
 * Screenshots: test/e2e/artifacts/team-*.png.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Download, Page } from 'playwright-core'
import { buildServer } from '../../server/app.ts'
import { ARGON2_TEST, SESSION_DEFAULT } from '../../server/auth.ts'
import { openDatabase, type Database } from '../../server/db/open.ts'
import { ARTIFACTS, buildApp, docsPicture, launchBrowser, ROOT } from './browser.ts'

const OUT_DIR = join(ARTIFACTS, 'team-dist')
const PASSWORD = 'correct horse battery staple'
const PEOPLE = [
  { username: 'cora', name: 'Cora Coordinator', role: 'Trial coordinator' },
  { username: 'rita', name: 'Rita Reader', role: 'Reader' },
  { username: 'ravi', name: 'Ravi Reader', role: 'Reader' },
  { username: 'adam', name: 'Adam Adjudicator', role: 'Adjudicator' },
  { username: 'mona', name: 'Mona Monitor', role: 'Monitor' },
]
const CASE = {
  format: 'tumor-response-case',
  version: 1,
  patient: { id: 'TEAM-001', diagnosis: 'osteosarcoma, lung metastases' },
  therapyStart: '2026-01-05',
  settings: { confirmation: 'not-required', confirmationMinDays: 28, sdMinDays: 42 },
  timepoints: [
    { id: 't0', date: '2026-01-05', label: 'Baseline', modality: 'CT', contrastPhase: 'portal-venous' },
    { id: 't1', date: '2026-03-02', label: 'Week 8', modality: 'CT', contrastPhase: 'portal-venous' },
  ],
  lesions: [{ id: 'L1', name: 'right lower lobe nodule', organ: 'lung', kind: 'non-nodal', role: 'target', assessments: [] }],
  newLesions: [],
}

let dataDir: string
let database: Database | null = null
let server: FastifyInstance | null = null
let baseUrl: string
let browser: Browser
const contexts: BrowserContext[] = []
const offsite: string[] = []
const cspViolations: string[] = []
const pageErrors: string[] = []

const caliper = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/caliper.js'), ...args], { cwd: ROOT, env: { ...process.env, CALIPER_DATA: dataDir, CALIPER_PASSWORD: PASSWORD }, encoding: 'utf8' })

async function startServer() {
  database = await openDatabase({ dataDir })
  server = await buildServer({ database, staticDir: OUT_DIR, argon2: ARGON2_TEST, session: SESSION_DEFAULT, loginsPerMinute: 1000, secureCookies: false })
  await server.listen({ host: '127.0.0.1', port: 0 })
  const address = server.server.address()
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}
async function stopServer() {
  await server?.close()
  await database?.close()
  server = null
  database = null
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'caliper-team-e2e-'))
  // The first account comes from the command line, as on a fresh server.
  const added = caliper('users', 'add', 'ada', '--role', 'admin', '--name', 'Ada Admin')
  expect(added.status, added.stderr).toBe(0)
  await buildApp(OUT_DIR)
  await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await stopServer()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A new browser context (its own cookies) signed in as `username`. */
async function signedIn(username: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  contexts.push(context)
  context.on('request', (r) => {
    if (!r.url().startsWith(baseUrl) && !/^(data|blob|about):/.test(r.url())) offsite.push(r.url())
  })
  const page = await context.newPage()
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
  })
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`))
  await page.goto(baseUrl)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Signed in as').waitFor()
  return page
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `team-${name}.png`), fullPage: true })

async function enterAndSignRead(username: string, week8: string) {
  const page = await signedIn(username)
  await page.getByRole('heading', { name: 'Your worklist' }).waitFor()
  const row = page.getByRole('row', { name: /TEAM-001/ })
  await expect.poll(() => row.textContent()).toContain('2 timepoints')
  await row.getByRole('button', { name: 'Open TEAM-001' }).click()
  await page.getByRole('heading', { name: 'Your read of TEAM-001' }).waitFor()
  await page.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' }).fill('40')
  await page.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' }).fill(week8)
  await page.getByRole('button', { name: 'Save' }).click()
  await page.getByText(/^Saved as version \d+\.$/).waitFor()
  const sign = page.getByRole('region', { name: 'Sign' })
  for (const timepoint of ['Baseline', 'Week 8']) {
    await sign.getByLabel('Timepoint').selectOption({ label: timepoint })
    await sign.getByLabel('Your password, to sign').fill(PASSWORD)
    await sign.getByRole('button', { name: 'Sign as read' }).click()
    await sign.getByRole('list', { name: 'Signatures' }).getByText(new RegExp(`^${timepoint}: read`)).waitFor()
  }
  await sign.getByText('Nothing left to sign here.').waitFor()
  return page
}

describe('a trial team on one Caliper server', () => {
  it('the admin signs in and creates the coordinator, two readers, an adjudicator and a monitor', async () => {
    const page = await signedIn('ada')
    await page.getByRole('button', { name: 'Accounts' }).click()
    for (const p of PEOPLE) {
      await page.getByLabel('Username').fill(p.username)
      await page.getByLabel('Full name').fill(p.name)
      await page.getByLabel('Role').selectOption({ label: p.role })
      await page.getByLabel('First password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Create account' }).click()
      await page.getByRole('status').getByText(`Created ${p.name} (${p.username})`).waitFor()
    }
    const accounts = page.getByRole('table', { name: 'Accounts' })
    await expect.poll(() => accounts.getByRole('row').count()).toBe(PEOPLE.length + 2)
    await shot(page, '1-admin-accounts')
  })

  it('the coordinator adds a case and assigns both timepoints to the two readers', async () => {
    const page = await signedIn('cora')
    const file = join(dataDir, 'team-001.json')
    writeFileSync(file, JSON.stringify(CASE))
    await page.getByLabel('Case file (JSON)').setInputFiles(file)
    await page.getByRole('heading', { name: 'TEAM-001' }).waitFor()
    await page.getByRole('button', { name: 'Assign readers' }).click()
    await page.getByLabel('Reader 1').selectOption({ label: 'Rita Reader (rita)' })
    await page.getByLabel('Reader 2').selectOption({ label: 'Ravi Reader (ravi)' })
    await page.getByRole('button', { name: 'Assign', exact: true }).click()
    await page.getByText('Assigned 2 timepoints to Rita Reader and Ravi Reader.').waitFor()
    await shot(page, '2-coordinator-assigns')
  })

  it('each reader enters and signs their own read, blinded to the other', async () => {
    const rita = await enterAndSignRead('rita', '24')
    await shot(rita, '3-reader-signed')
    // Rita's read never reaches Ravi: his read opens empty.
    const ravi = await signedIn('ravi')
    await ravi.getByRole('button', { name: 'Open TEAM-001' }).click()
    await expect.poll(() => ravi.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' }).inputValue()).toBe('')
    await ravi.context().close()
    await enterAndSignRead('ravi', '36')
  })

  it('the adjudicator sees where the reads disagree, records their own read in the entry grid beside both reads, and signs it with a reason', async () => {
    const page = await signedIn('adam')
    await page.getByRole('row', { name: /TEAM-001/ }).getByText('both reads signed: to adjudicate').waitFor()
    await page.getByRole('button', { name: 'Open TEAM-001' }).click()
    const perLesion = page.getByRole('table', { name: 'Disagreements per lesion' })
    await perLesion.waitFor()
    expect(await perLesion.textContent()).toMatch(/L1.*Week 8.*24.*36/)
    // The field in words, as the grid names it, never its key in the case file.
    expect(await perLesion.textContent()).toContain('long axis 24 (reader 1) vs 36 (reader 2)')
    const recist = page.getByRole('table', { name: 'RECIST 1.1', exact: true })
    const week8 = recist.getByRole('row', { name: /^Week 8/ })
    expect(await week8.getAttribute('class')).toBe('disagree')
    expect(await week8.getByRole('cell').allTextContents()).toEqual(['PR', 'SD (differs)'])
    expect(await page.getByRole('table', { name: 'Disagreements per criterion' }).textContent()).toContain('RECIST 1.1')
    await shot(page, '4-adjudicator-disagreements')
    await page.screenshot({ path: docsPicture('team-adjudication.png'), fullPage: true })
    // The adjudicator records their own read: reader 1's, with L1 at Week 8 remeasured in the entry grid.
    const form = page.getByRole('region', { name: 'Adjudicate' })
    await form.getByLabel('My own read').check()
    await form.getByRole('group', { name: 'Start from' }).getByRole('button', { name: "Reader 1's read (Rita Reader)" }).click()
    const week8Cell = form.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })
    await expect.poll(() => week8Cell.inputValue()).toBe('24')
    // 40 → 28 mm: a 30 % decrease, PR exactly at the threshold.
    await week8Cell.fill('28')
    expect(await recist.getByRole('columnheader').allTextContents()).toEqual(['Timepoint', 'Reader 1', 'Reader 2', 'Your read'])
    await expect.poll(() => week8.getByRole('cell').allTextContents()).toEqual(['PR', 'SD (differs)', 'PR'])
    await form.getByRole('region', { name: 'Responses' }).getByRole('table').first().waitFor()
    await shot(page, '5a-adjudicator-own-read')
    await form.getByLabel('Reason').fill('Week 8: both readers measured L1 off its longest axis; remeasured on the axial slice of its longest diameter (28 mm).')
    await form.getByLabel('Your password, to sign').fill(PASSWORD)
    await form.getByRole('button', { name: 'Sign as adjudicated' }).click()
    await page.getByRole('region', { name: 'Adjudicated' }).getByText("Final read: the adjudicator's own read, by adam").waitFor()
    await shot(page, '5-adjudicated')
    // The case is now the adjudicator's read (reader 2 said SD, reader 1 and the adjudicator PR), read only.
    await page.getByRole('navigation', { name: 'Case screens' }).getByRole('button', { name: 'Results' }).click()
    await expect.poll(() => page.getByRole('row', { name: /^RECIST 1\.1/ }).first().textContent()).toMatch(/RECIST 1\.1 at Week 8[^:]*: PR,/)
    expect(await page.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' }).count()).toBe(0)
    await shot(page, '5b-adjudicated-results')
  }, 300_000)

  it('the coordinator downloads the adjudicated case as CSV, SDTM datasets and report, and each download is in the audit trail', async () => {
    const page = await signedIn('cora')
    await page.getByRole('button', { name: 'Open TEAM-001' }).click()
    await page.getByRole('navigation', { name: 'Case screens' }).getByRole('button', { name: 'Export' }).click()
    const panel = page.getByRole('region', { name: 'Export' })
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    const saved = async (d: Download) => readFileSync((await d.path())!, 'utf8')

    await panel.getByRole('button', { name: 'Download CSV' }).click()
    await panel.getByRole('status').getByText('Downloaded TEAM-001.csv.').waitFor()
    await expect.poll(() => downloads.length).toBe(1)
    expect(downloads[0]!.suggestedFilename()).toBe('TEAM-001.csv')
    const csv = await saved(downloads[0]!)
    // The adjudicator's measurement and the response it gives, in the file.
    expect(csv).toMatch(/^measurement,TEAM-001,t1,2026-03-02,Week 8,.*,L1,right lower lobe nodule,lung,non-nodal,target,measured,28,/m)
    expect(csv).toMatch(/^response,TEAM-001,t1,2026-03-02,.*,recist11,RECIST 1\.1,PR,/m)

    await panel.getByLabel('STUDYID').fill('OS2026')
    await panel.getByRole('button', { name: 'Download SDTM (TU, TR, RS)' }).click()
    await panel.getByRole('status').getByText('Downloaded TEAM-001-TU.csv, TEAM-001-TR.csv, TEAM-001-RS.csv.').waitFor()
    await expect.poll(() => downloads.length).toBe(4)
    expect(downloads.slice(1).map((d) => d.suggestedFilename())).toEqual(['TEAM-001-TU.csv', 'TEAM-001-TR.csv', 'TEAM-001-RS.csv'])
    expect(await saved(downloads[3]!)).toMatch(/^"?OS2026"?,"?RS"?,/m)

    await panel.getByRole('button', { name: 'Download report (HTML)' }).click()
    await expect.poll(() => downloads.length).toBe(5)
    expect(downloads[4]!.suggestedFilename()).toBe('TEAM-001-report.html')
    await shot(page, '6-coordinator-export')
    // The report as the coordinator opens it (its own page, from the downloaded file).
    const report = await page.context().newPage()
    await report.setContent(await saved(downloads[4]!))
    await report.getByRole('heading', { name: /TEAM-001/ }).first().waitFor()
    await shot(report, '6a-exported-report')
    await report.close()

    await page.getByRole('navigation', { name: 'Case screens' }).getByRole('button', { name: 'Audit trail' }).click()
    const audit = page.getByRole('region', { name: 'Audit trail' })
    await expect.poll(() => audit.getByRole('row').filter({ hasText: 'case.export' }).count()).toBe(5)
    expect(await audit.getByRole('row').filter({ hasText: 'case.export' }).first().textContent()).toMatch(/cora.*case\.export.*"format":"csv".*"file":"TEAM-001\.csv"/)
    await shot(page, '6b-coordinator-audit-exports')
  }, 300_000)

  it('the monitor sees the reads, the adjudication, the audit trail and inter-reader agreement, and can change nothing', async () => {
    const page = await signedIn('mona')
    await page.getByRole('row', { name: /TEAM-001/ }).getByText('adjudicated').waitFor()
    await page.getByRole('button', { name: 'Open TEAM-001' }).click()
    await page.getByRole('region', { name: 'Adjudicated' }).waitFor()
    await page.getByText('Read only: your role sees this case but does not change it.').waitFor()
    for (const name of ['Save', 'Sign as read', 'Sign as adjudicated', 'Assign']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0)
    await page.getByRole('navigation', { name: 'Case screens' }).getByRole('button', { name: 'Audit trail' }).click()
    const audit = page.getByRole('region', { name: 'Audit trail' })
    await audit.getByRole('row').nth(1).waitFor()
    expect(await audit.textContent()).toMatch(/adam/)
    await shot(page, '7-monitor-case-audit')

    // Behind the screens too: the server refuses the monitor's save and signature.
    const refused = await page.evaluate(async (kase) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string }
      const { cases } = (await (await fetch('/api/cases')).json()) as { cases: { id: string; version: number }[] }
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'if-match': String(cases[0]!.version) }
      const put = await fetch(`/api/cases/${cases[0]!.id}`, { method: 'PUT', headers, body: JSON.stringify(kase) })
      const sign = await fetch(`/api/cases/${cases[0]!.id}/signatures`, { method: 'POST', headers, body: JSON.stringify({ timepoint: 't1', meaning: 'approved', password: 'x' }) })
      return [put.status, sign.status]
    }, CASE)
    expect(refused).toEqual([403, 403])

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Cohort' }).click()
    const agreement = page.getByRole('table', { name: 'Inter-reader agreement per criterion' })
    await agreement.waitFor()
    expect(await agreement.getByRole('row', { name: /^RECIST 1\.1/ }).textContent()).toMatch(/RECIST 1\.1\s*1\s*0\.0 %/)
    await shot(page, '8-monitor-cohort')

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit check' }).click()
    await page.getByRole('button', { name: 'Verify the audit trail' }).click()
    await page.getByRole('status').getByText(/^Intact: \d+ entries, none altered\.$/).waitFor()
  })

  it('made no request outside its own origin and broke no rule of its Content-Security-Policy', () => {
    expect(offsite.join('\n')).toBe('')
    expect(cspViolations.join('\n')).toBe('')
    expect(pageErrors.join('\n')).toBe('')
  })

  it('`caliper audit verify` finds the trail intact, and finds it altered once a row is changed directly in the database', async () => {
    await stopServer()
    const intact = caliper('audit', 'verify')
    expect(intact.status, intact.stderr).toBe(0)
    expect(intact.stdout).toMatch(/The audit trail is intact: \d+ entries/)

    // Behind the application's back: the table's owner lifts the append-only trigger and edits one entry.
    const db = await openDatabase({ dataDir })
    await db.db.execute(sql.raw(`ALTER TABLE audit DISABLE TRIGGER audit_append_only`))
    await db.db.execute(sql.raw(`UPDATE audit SET payload = replace(payload, '"adam"', '"mallory"') WHERE seq = (SELECT max(seq) FROM audit WHERE payload LIKE '%"adam"%')`))
    await db.db.execute(sql.raw(`ALTER TABLE audit ENABLE TRIGGER audit_append_only`))
    await db.close()

    const altered = caliper('audit', 'verify')
    expect(altered.status).not.toBe(0)
    expect(altered.stderr).toMatch(/the audit trail has been altered/)

    // And the monitor sees it in the app.
    await startServer()
    const page = await signedIn('mona')
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit check' }).click()
    await page.getByRole('button', { name: 'Verify the audit trail' }).click()
    await page.getByRole('status').getByText(/^Broken: the audit trail \(\d+ entries\) was altered outside Caliper\.$/).waitFor()
    await shot(page, '9-monitor-audit-broken')
    // Two runs of the command line, a server restart and a sign-in: minutes on a loaded machine, and nothing here is judged on speed.
  }, 360_000)
})
