/**
 * Issue #11 in a real browser: the engine's rules load apart from the first screen (src/engine.ts).
 * With them held back on the way, the open case's grid is on screen and the responses say they are
 * being worked out; once they arrive, the responses appear. Also checks that the built app really
 * fetches the rules as a chunk of their own: were they back in the first screen's JavaScript,
 * nothing would be held and the "Evaluating…" state would never show.
 */
import { join } from 'node:path'
import { benchCase } from '../../bench/app-case.ts'
import { evaluateCase, parseCase } from '../../criteria/index.ts'
import { STORE_VERSION } from '../../src/store/migrations.ts'
import { ARTIFACTS, openApp, type AppSession } from './browser.ts'

let app: AppSession

beforeAll(async () => {
  app = await openApp(join(ARTIFACTS, 'dist-first-screen'), 4617)
})
afterAll(() => app?.close())

it('shows the grid while the engine loads, then the responses', async () => {
  const { page, context, baseUrl } = app
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  const saved = JSON.stringify({
    state: { library: { bench: { draft: benchCase(), updatedAt: '2026-01-01T00:00:00.000Z' } }, openId: 'bench', selectedCriteria: ['recist11', 'choi', 'who'] },
    version: STORE_VERSION,
  })
  await context.addInitScript((text: string) => localStorage.setItem('caliper', text), saved)
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let heldRequests = 0
  // The registry chunk brings every criterion's rules.
  await page.route(/\/assets\/registry-[^/]+\.js$/, async (route) => {
    heldRequests++
    await held
    await route.continue()
  })
  await page.goto(baseUrl)

  const responses = page.getByRole('region', { name: 'Responses' })
  await page.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline', exact: true }).waitFor()
  await expect.poll(() => responses.textContent()).toContain('Evaluating…')
  expect(await responses.getAttribute('aria-busy')).toBe('true')
  expect(await responses.getByRole('table').count()).toBe(0)
  expect(heldRequests).toBe(1)
  await page.screenshot({ path: join(ARTIFACTS, 'first-screen-engine-loading.png') })

  release()
  const recist = responses.getByRole('rowheader', { name: /^RECIST 1\.1/ }).locator('xpath=..')
  await recist.waitFor()
  expect(await responses.getAttribute('aria-busy')).toBe('false')
  // What the engine says of the case, follow-ups in date order and the best overall response.
  const parsed = parseCase(benchCase())
  if (!parsed.ok) throw new Error('the benchmark case does not parse')
  const expected = evaluateCase(parsed.value, ['recist11']).results[0]!
  const shown = [...[...expected.timepoints].sort((a, b) => a.date.localeCompare(b.date)).map((t) => t.response), expected.best.response]
  expect(await recist.locator('.resp').allTextContents()).toEqual(shown)
  await page.screenshot({ path: join(ARTIFACTS, 'first-screen.png') })
  expect(pageErrors).toEqual([])
})
