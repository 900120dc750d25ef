/**
 * Issue #11 in a real browser: the largest case the format allows (200 lesions × 200 timepoints)
 * opens with only what is in view rendered, and the keyboard, typing, paste and undo work across
 * the whole of it; a case nested 2,000 levels deep (saved before import refused it) opens and names
 * its problem, before and after a reload (it once blanked the page).
 */
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { benchCase } from '../../bench/app-case.ts'
import { STORE_VERSION } from '../../src/store/migrations.ts'
import { PART_LESIONS } from '../../src/store/saved-parts.ts'
import { ARTIFACTS, openApp, seriousAxeViolations, type AppSession } from './browser.ts'

let app: AppSession
let baseUrl: string
let context: BrowserContext
let page: Page
const pageErrors: string[] = []

const deepCase = () => {
  let deep: unknown = 1
  for (let i = 0; i < 2000; i++) deep = [deep]
  const kase = benchCase({ lesions: 2, timepoints: 3, editAt: 1 })
  return {
    ...kase,
    patient: { id: 'DEEP-1', diagnosis: 'osteosarcoma' },
    signOffs: [{ timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2025-02-17' }],
    auditLog: [{ at: '2025-02-18T10:00:00Z', who: 'Dr A', field: 'lesions[0].assessments[1].longAxisMm', old: deep, new: 5, reason: 'remeasured' }],
  }
}
const entry = (draft: object) => ({ draft, updatedAt: '2026-01-01T00:00:00.000Z' })

beforeAll(async () => {
  app = await openApp(join(ARTIFACTS, 'dist-large'), 4517)
  ;({ baseUrl, context, page } = app)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // The saved library, written once, before the app first loads.
  const saved = JSON.stringify({
    state: { library: { large: entry(benchCase({ lesions: 200, timepoints: 200, editAt: 1 })), deep: entry(deepCase()), medium: entry(benchCase({ lesions: 50, timepoints: 30, editAt: 1 })) }, openId: 'large', selectedCriteria: ['recist11', 'choi', 'who'] },
    version: STORE_VERSION,
  })
  await context.addInitScript((text: string) => {
    if (localStorage.getItem('caliper-e2e-seeded')) return
    localStorage.setItem('caliper', text)
    localStorage.setItem('caliper-e2e-seeded', '1')
  }, saved)
  await page.goto(baseUrl)
  await page.getByRole('region', { name: 'Responses' }).locator('.resp').first().waitFor({ timeout: 60_000 })
})

afterAll(() => app?.close())

const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')
const responses = () => page.getByRole('region', { name: 'Responses' }).locator('tbody').innerText()

describe('the largest case', () => {
  it('renders only what is in view', async () => {
    const rendered = await page.locator('.entry-grid input, .entry-grid select, .entry-grid summary').count()
    expect(rendered).toBeGreaterThan(50)
    expect(rendered).toBeLessThan(5_000) // of about 250,000 cells
    await page.screenshot({ path: join(ARTIFACTS, 'large-case.png') })
  })

  it('arrow keys reach cells far out of view, and typing there changes the results', async () => {
    await page.getByLabel('L1 long axis (mm) at Baseline', { exact: true }).focus()
    // Each target lesion has six rows (long, short axis, attenuation, cavity, status, findings).
    // Keys pressed faster than the grid scrolls each move on from where the last one went.
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown')
    await expect.poll(focusedLabel).toBe('L11 long axis (mm) at Baseline')
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight')
    await expect.poll(focusedLabel).toBe('L11 long axis (mm) at Scan 30')
    await page.screenshot({ path: join(ARTIFACTS, 'large-case-scan-30.png') })
    // Back to Scan 1, scrolled out of view again: there L11 (29 × 11.6 mm) typed as 90 mm grows its
    // product by far more than a quarter, WHO's progression (NC before). At Scan 30 nothing would
    // change: WHO is already PD there (the lesions regrow from Scan 7) and one lesion of 200 moves
    // no sum across a threshold.
    for (let i = 0; i < 29; i++) await page.keyboard.press('ArrowLeft')
    await expect.poll(focusedLabel).toBe('L11 long axis (mm) at Scan 1')
    const who = page.getByRole('region', { name: 'Responses' }).getByRole('button', { name: /^WHO.* at Scan 1: / })
    expect(await who.innerText()).toContain('NC')
    const before = await responses()
    const busy = page.evaluate(
      () =>
        new Promise<boolean>((done) => {
          const region = document.querySelector('.live-results')!
          new MutationObserver((records, observer) => {
            if (records.some((r) => r.oldValue === 'true')) {
              observer.disconnect()
              done(true)
            }
          }).observe(region, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true })
        }),
    )
    await page.keyboard.type('90')
    expect(await busy).toBe(true) // marked as updating, then updated
    await expect.poll(responses).not.toBe(before)
    await expect.poll(() => who.innerText()).toContain('PD')
    expect(await page.getByLabel('L11 long axis (mm) at Scan 1', { exact: true }).inputValue()).toBe('90')
    await page.screenshot({ path: join(ARTIFACTS, 'large-case-typed.png') })
  })

  it('pastes a block from the focused cell, and undo takes it back', async () => {
    // From L11's long axis at Scan 1 (the test before) down to its short axis and across to Scan 30, out of view.
    await page.keyboard.press('ArrowDown')
    for (let i = 0; i < 29; i++) await page.keyboard.press('ArrowRight')
    await expect.poll(focusedLabel).toBe('L11 short axis (mm) at Scan 30')
    const cell = page.getByLabel('L11 short axis (mm) at Scan 30', { exact: true })
    await cell.evaluate((el) => {
      const data = new DataTransfer()
      data.setData('text/plain', '7\t8\n9\t10\n')
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    const value = (name: string) => page.getByLabel(name, { exact: true }).inputValue()
    await expect.poll(() => value('L11 short axis (mm) at Scan 31')).toBe('8')
    expect(await value('L11 short axis (mm) at Scan 30')).toBe('7')
    expect(await value('L11 attenuation (HU) at Scan 30')).toBe('9')
    expect(await value('L11 attenuation (HU) at Scan 31')).toBe('10')
    await page.screenshot({ path: join(ARTIFACTS, 'large-case-pasted.png') })
    await page.keyboard.press('Control+z')
    await expect.poll(() => value('L11 short axis (mm) at Scan 31')).not.toBe('8')
    expect(await value('L11 attenuation (HU) at Scan 30')).not.toBe('9')
  })

  it('keeps what was typed across a reload right after typing (the case saved in parts)', async () => {
    const cell = () => page.getByLabel('L150 long axis (mm) at Scan 2', { exact: true })
    await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight * (149 / 200)))
    await cell().waitFor()
    await cell().fill('123')
    await page.reload() // at once: the write waiting for a pause in the typing is done as the page is left
    await page.getByRole('region', { name: 'Responses' }).locator('.resp').first().waitFor({ timeout: 60_000 })
    await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight * (149 / 200)))
    await expect.poll(() => cell().inputValue()).toBe('123')
    const parts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('caliper.part.')).length)
    expect(parts).toBe(Math.ceil(200 / PART_LESIONS) + Math.ceil(50 / PART_LESIONS)) // the 200 × 200 and the 50 × 30 cases' parts, none left behind
    expect(await page.locator('.storage-notices').count()).toBe(0)
  })

  for (const [width, height] of [[1280, 900], [768, 1024], [390, 844]] as const) {
    it(`keeps the lesion and the field in view when scrolled sideways at ${width} px, and a cell the keyboard moves to stops beside them`, async () => {
      await page.setViewportSize({ width, height })
      const grid = page.locator('.grid-scroll')
      await grid.scrollIntoViewIfNeeded()
      await grid.evaluate((el) => el.scrollTo(40 * 152, 0))
      const cell = page.getByLabel('L1 long axis (mm) at Scan 40', { exact: true })
      await cell.waitFor()
      const headers = () =>
        page.evaluate(() => {
          const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect()
          const frame = box('.grid-scroll')
          const lesion = box('.entry-grid tbody.lesion[data-index="0"] th.lesion-head')
          const field = box('.entry-grid tbody.lesion[data-index="0"] th.field-name')
          const date = box('.entry-grid tbody.tp-rows th')
          return { lesionLeft: lesion.left - frame.left, fieldLeft: field.left - lesion.right, dateLeft: date.left - frame.left, headersRight: field.right - frame.left, focusedLeft: document.activeElement!.getBoundingClientRect().left - frame.left }
        })
      const scrolled = await headers()
      expect(scrolled.lesionLeft).toBeCloseTo(0, 0)
      expect(Math.abs(scrolled.fieldLeft)).toBeLessThanOrEqual(1)
      expect(scrolled.dateLeft).toBeCloseTo(0, 0)
      await page.screenshot({ path: join(ARTIFACTS, `large-case-sticky-${width}.png`) })
      // Left from Scan 40 to Scan 38: a column that was under the row headers comes out beside them.
      await cell.focus()
      await cell.evaluate((el) => (el as HTMLInputElement).select()) // as a cell is on arrival: left leaves it
      await page.keyboard.press('ArrowLeft')
      await page.keyboard.press('ArrowLeft')
      await expect.poll(focusedLabel).toBe('L1 long axis (mm) at Scan 38')
      await expect.poll(async () => { const h = await headers(); return h.focusedLeft >= h.headersRight - 1 }).toBe(true)
      await page.screenshot({ path: join(ARTIFACTS, `large-case-sticky-${width}-keys.png`) })
    })
  }

  // The responses render only the timepoints in view (matrix-window.ts), in their own scroll box, at every width and on both screens.
  for (const screen of ['Entry', 'Results'] as const)
    for (const [width, height] of [[1280, 900], [768, 1024], [390, 844]] as const) {
      it(`shows the responses of every timepoint on the ${screen} screen at ${width} px, scrolled anywhere, rendering only those in view`, async () => {
        await page.setViewportSize({ width, height })
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click()
        const region = page.getByRole('region', { name: 'Responses' })
        const box = region.locator('.table-scroll')
        await box.evaluate((el) => el.scrollTo(0, 0))
        await region.getByRole('button', { name: /^RECIST 1\.1 at Scan 1: / }).waitFor()
        expect(await region.locator('thead th').count()).toBeLessThan(30) // of 201
        expect(await region.getByRole('table').getAttribute('aria-colcount')).toBe('201')
        // Whatever the box is scrolled to, the column at its middle and at its right edge are there (never a blank box), and the page is no wider than the screen.
        const inView = () =>
          box.evaluate((el) => {
            const frame = el.getBoundingClientRect()
            const heads = [...el.querySelectorAll('thead th')].map((th) => ({ text: th.querySelector('.col-label')?.textContent ?? th.textContent, box: th.getBoundingClientRect() }))
            const at = (x: number) => heads.find((h) => h.box.left <= x && h.box.right >= x)?.text ?? null
            return { middle: at(frame.left + frame.width / 2), right: at(frame.right - 2), pageWidth: document.documentElement.scrollWidth }
          })
        for (const scan of [30, 120, 199]) {
          await box.evaluate((el, left) => el.scrollTo(left, 0), (scan - 1) * 88)
          await region.getByRole('button', { name: new RegExp(`^RECIST 1\\.1 at Scan ${scan}: `) }).waitFor()
          await expect.poll(async () => { const v = await inView(); return v.middle !== null && v.right !== null }).toBe(true)
          expect((await inView()).pageWidth).toBeLessThanOrEqual(width)
        }
        await box.evaluate((el) => el.scrollTo(el.scrollWidth, 0))
        await region.getByRole('button', { name: /^RECIST 1\.1 best overall response: / }).waitFor()
        await region.getByRole('button', { name: /^RECIST 1\.1 at Scan 199: / }).waitFor()
        expect(await region.getByRole('button', { name: /^RECIST 1\.1 at Scan 1: / }).count()).toBe(0)
        await page.screenshot({ path: join(ARTIFACTS, `large-case-responses-${screen.toLowerCase()}-${width}.png`) })
        expect(await seriousAxeViolations(page)).toEqual([])
        // The keyboard reaches every timepoint: Tab from Scan 1 walks on past the columns first rendered.
        await box.evaluate((el) => el.scrollTo(0, 0))
        await region.getByRole('button', { name: /^RECIST 1\.1 at Scan 1: / }).focus()
        for (let scan = 2; scan <= 41; scan++) {
          await page.keyboard.press('Tab')
          await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(new RegExp(`^RECIST 1\\.1 at Scan ${scan}: `))
        }
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Entry', exact: true }).click()
      })
    }

  it('scrolls to the last lesion and the last timepoint', async () => {
    await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(el.scrollWidth, el.scrollHeight))
    await page.getByRole('group', { name: 'Lesion L200' }).waitFor()
    await page.getByLabel('L200 status at Scan 199', { exact: true }).waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'large-case-end.png') })
  })
})

describe('a case nested 2,000 levels deep', () => {
  it('opens and names its problem in words, before and after a reload, while the library and the other cases work', async () => {
    await page.getByRole('button', { name: 'Library' }).click()
    await page.getByRole('button', { name: 'Open DEEP-1' }).click()
    const problem = page.getByText('Audit entry 1 · old value · item 1 (16 levels): nests deeper than 16 levels')
    await problem.waitFor()
    await page.reload()
    await problem.waitFor({ timeout: 60_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'case-nested-too-deep.png') })
    await page.getByRole('button', { name: 'Library' }).click()
    await page.getByRole('button', { name: 'Open BENCH-200x200' }).click()
    await page.getByRole('group', { name: 'Lesion L1' }).waitFor({ timeout: 60_000 })
    expect(await page.getByRole('heading', { name: /cannot be shown/ }).count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})

describe('a 50 × 30 case (1,500 cells)', () => {
  it('shows a keystroke in the cell and in the responses in the same render, never marked as updating', async () => {
    await page.getByRole('button', { name: 'Library' }).click()
    await page.getByRole('button', { name: 'Open BENCH-50x30' }).click()
    const who = page.getByRole('region', { name: 'Responses' }).getByRole('button', { name: /^WHO.* at Scan 1: / })
    await who.waitFor({ timeout: 60_000 })
    expect(await who.innerText()).toContain('NC')
    // L1 at Scan 1 is 5 × 5 mm: a 0 typed after it makes 50 mm, a product over a quarter larger than
    // L1's smallest before it, WHO's progression (bench/app-case.ts). In the same render as the
    // cell: the responses never say they are of an earlier state (aria-busy), and when the cell
    // shows 50 the WHO cell already says PD.
    const cell = page.getByLabel('L1 long axis (mm) at Scan 1', { exact: true })
    await cell.click()
    await cell.press('End')
    const seen = page.evaluate(
      () =>
        new Promise<{ busy: boolean; whoWhenTyped: string }>((done) => {
          const region = document.querySelector('.live-results')!
          let busy = false
          new MutationObserver(() => (busy ||= region.getAttribute('aria-busy') === 'true')).observe(region, { attributes: true, attributeFilter: ['aria-busy'] })
          // On the window, the input event's last stop: after React has handled it and rendered.
          window.addEventListener('input', () => {
            const whoCell = [...region.querySelectorAll('button')].find((b) => /^WHO.* at Scan 1: /.test(b.textContent ?? ''))
            done({ busy, whoWhenTyped: whoCell?.textContent ?? '' })
          }, { once: true })
        }),
    )
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null)))) // the watch above is in place
    await page.keyboard.press('0')
    const { busy, whoWhenTyped } = await seen
    expect(await cell.inputValue()).toBe('50')
    expect(whoWhenTyped).toContain('PD')
    expect(busy).toBe(false)
    expect(pageErrors).toEqual([])
  })
})
