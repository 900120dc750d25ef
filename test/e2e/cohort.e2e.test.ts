/**
 * Issue #5 in chromium: a cohort of 22 generated case files imported through the file chooser,
 * the cohort table and statistics, each cohort plot (with SVG and PNG downloads), the per-case
 * plots, CSV and SDTM downloads, and the PDF report from the command line (text checked with
 * pdftotext, first page rendered with pdftoppm). Screenshots go to test/e2e/artifacts/ and,
 * for the README, docs/cohort.png and docs/plot.png.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Download, Page } from 'playwright-core'
import { cohort } from '../fixtures/cohort-builder.ts'
import { ARTIFACTS, docsPicture, openApp, ROOT, type AppSession } from './browser.ts'

const OUT_DIR = join(ARTIFACTS, 'dist-cohort')
const COHORT = cohort(22)

let app: AppSession
let baseUrl: string
let page: Page
let work: string
const offsiteRequests: string[] = []

beforeAll(async () => {
  app = await openApp(OUT_DIR, 4327, { acceptDownloads: true })
  ;({ baseUrl, page, work } = app)
  page.on('pageerror', (e) => {
    throw e
  })
  page.on('request', (r) => {
    if (!r.url().startsWith(baseUrl) && !/^(data|blob):/.test(r.url())) offsiteRequests.push(r.url())
  })
  await page.goto(baseUrl)
})

afterAll(() => app?.close())

/** Clicks and returns the download it starts, saved under the work folder. */
async function download(click: () => Promise<unknown>): Promise<{ name: string; path: string; text: () => string }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, unknown]
  const path = join(work, d.suggestedFilename())
  await d.saveAs(path)
  return { name: d.suggestedFilename(), path, text: () => readFileSync(path, 'utf8') }
}

describe('cohort, plots and exports in chromium', () => {
  it('imports 22 case files at once through the file chooser', async () => {
    const files = COHORT.map((c) => {
      const path = join(work, `${c.patient.id}.json`)
      writeFileSync(path, JSON.stringify(c, null, 2))
      return path
    })
    await page.getByRole('button', { name: 'Cohort', exact: true }).click()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('Import case files (JSON) or a measurements CSV').click()])
    expect(chooser.isMultiple()).toBe(true)
    await chooser.setFiles(files)
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Imported 22 cases from 22 files. Undo')
    // The 22 imported patients; the built-in sample case is listed but left out unless the user counts it.
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^Cohort:/ }).textContent()).toBe('Cohort: 22 patients')
    expect(await page.getByRole('row', { name: /built-in example, left out unless you count it/ }).count()).toBe(1)
    const table = page.getByRole('table', { name: /^Cohort: best overall response/ })
    expect(await table.locator('tbody tr').count()).toBe(22)
    expect(await table.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'Open case P03' }) }).textContent()).toContain('PD')
    await page.screenshot({ path: join(ARTIFACTS, 'cohort-all-criteria.png'), fullPage: true })
    // The README shows the three established-in-practice criteria side by side.
    const boxes = page.getByRole('group', { name: 'Criteria' }).getByRole('checkbox')
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i)
      const name = (await box.evaluate((el) => el.parentElement?.textContent ?? '')).trim()
      await box.setChecked(['RECIST 1.1', 'Choi', 'Modified Choi (Nathan 2010)'].includes(name))
    }
    await expect.poll(() => page.getByRole('table', { name: /^Cohort: best overall response/ }).locator('thead tr').first().locator('th').count()).toBe(5)
    await page.screenshot({ path: join(ARTIFACTS, 'cohort-view.png'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: docsPicture('cohort.png') })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('shows ORR/DCR with exact intervals and the agreement between two criteria', async () => {
    const rates = page.getByRole('table', { name: /Objective response rate/ })
    expect(await rates.getByRole('row', { name: /^RECIST 1\.1/ }).textContent()).toMatch(/\d+\/22 = [\d.]+ %/)
    await page.getByLabel('Rows').selectOption('recist11')
    await page.getByLabel('Columns').selectOption('choi')
    expect(await page.getByTestId('kappa').textContent()).toMatch(/^-?\d\.\d{3}/)
    const discordant = page.getByRole('list', { name: 'Patients RECIST 1.1 and Choi classify differently' })
    expect(await discordant.getByRole('listitem').count()).toBeGreaterThan(3)
  })

  it('opens each cohort plot and downloads it as SVG and PNG', async () => {
    const plots = [
      ['Waterfall', 'Waterfall: best change of the target sum, RECIST 1.1'],
      ['Spider', 'Spider plot: change of the target sum over time, RECIST 1.1'],
      ['Swimmer', 'Swimmer plot: time on study with responses, RECIST 1.1'],
    ] as const
    for (const [button, title] of plots) {
      await page.getByRole('button', { name: button, exact: true }).click()
      const img = page.getByRole('img', { name: title })
      await img.waitFor()
      expect(await img.evaluate((el) => el.querySelector('desc')?.textContent)).toMatch(/^\d+ patients/)
      await img.scrollIntoViewIfNeeded()
      await page.locator('figure.plot').screenshot({ path: join(ARTIFACTS, `plot-${button.toLowerCase()}.png`) })
      const svg = await download(() => page.getByRole('button', { name: `Download ${title} as SVG` }).click())
      expect(svg.name).toMatch(/\.svg$/)
      expect(svg.text()).toContain('xmlns="http://www.w3.org/2000/svg"')
      expect(svg.text()).toContain(`<title`)
      const png = await download(() => page.getByRole('button', { name: `Download ${title} as PNG` }).click())
      const bytes = readFileSync(png.path)
      expect(bytes.subarray(1, 4).toString()).toBe('PNG')
      expect(bytes.readUInt32BE(16)).toBe(1520) // 2 × the 760-unit viewBox
      if (button === 'Waterfall') await page.locator('figure.plot').screenshot({ path: docsPicture('plot.png') })
    }
    const csv = await download(() => page.getByRole('button', { name: 'Download cohort CSV' }).click())
    expect(csv.text().split('\n')[0]).toMatch(/^patient,diagnosis,recist11_best,/)
    expect(csv.text().trim().split('\n')).toHaveLength(23) // the header and the 22 counted patients (the built-in example is left out)
  })

  it('opens a case from the cohort, shows its plots, and exports CSV and SDTM', async () => {
    await page.getByRole('button', { name: 'Open case P01' }).click()
    await page.getByRole('button', { name: 'Documents', exact: true }).click()
    await page.getByRole('img', { name: 'Sum of target diameters over time, P01' }).waitFor()
    await page.getByRole('img', { name: 'Mean attenuation over time, P01' }).waitFor()
    await page.locator('.plot-grid').screenshot({ path: join(ARTIFACTS, 'case-plots.png') })
    const csv = await download(() => page.getByRole('button', { name: 'Download CSV' }).click())
    expect(csv.name).toBe('P01.csv')
    expect(csv.text().split('\n')[0]).toMatch(/^record,/)
    expect(csv.text()).toMatch(/\nresponse,/)
    await page.getByLabel('STUDYID').fill('OS2026')
    const downloads: Download[] = []
    const collect = (d: Download) => void downloads.push(d)
    page.on('download', collect)
    await page.getByRole('button', { name: 'Download SDTM (TU, TR, RS)' }).click()
    await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(3)
    page.off('download', collect)
    const sets: Record<string, string> = {}
    for (const d of downloads) {
      const path = join(work, d.suggestedFilename())
      await d.saveAs(path)
      sets[d.suggestedFilename()] = readFileSync(path, 'utf8')
    }
    expect(Object.keys(sets).sort()).toEqual(['P01-RS.csv', 'P01-TR.csv', 'P01-TU.csv'])
    expect(sets['P01-TU.csv']!.split('\n')[0]).toMatch(/^STUDYID,DOMAIN,USUBJID,TUSEQ,/)
    expect(sets['P01-TR.csv']).toMatch(/\nOS2026,TR,OS2026-P01,/)
    expect(sets['P01-RS.csv']).toContain('BESTRESP')
    expect(offsiteRequests).toEqual([])
  })

  it('prints the PDF report on the command line; its text names the patient and each criterion', () => {
    const kase = join(work, 'P01.json')
    const pdf = join(work, 'P01.pdf')
    execFileSync('npx', ['--no', 'caliper', 'export', kase, '--format', 'report', '--pdf', '--out', pdf], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(text).toContain('P01')
    expect(text).toContain('RECIST 1.1')
    expect(text).toMatch(/Choi/)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(ARTIFACTS, 'report-page')])
    expect(readFileSync(join(ARTIFACTS, 'report-page-1.png')).subarray(1, 4).toString()).toBe('PNG')
  })
})
