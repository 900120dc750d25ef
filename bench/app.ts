/**
 * App benchmark (issues #6 and #11), in Debian's headless chromium against the production build
 * served by vite preview, on three generated cases (bench/app-case.ts), each the saved library of
 * its own browser profile. Prints one line per figure and whether each budget holds; exits 1 when
 * a budget fails.
 *
 * - first render / open: from navigation start to the first results and the first grid cells on
 *   screen (median over several loads);
 * - keystroke → results: from a keystroke in a measurement cell (the event's timestamp) to the
 *   DOM of the results matrix's body having changed, over single-key edits that each change a
 *   response (5 ↔ 50 mm);
 * - frames (largest case): while the grid is scrolled down and across with the mouse wheel and
 *   then typed into, the longest animation frame (PerformanceObserver 'long-animation-frame',
 *   which reports every frame over 50 ms) and the longest gap between two animation frames;
 * - initial JavaScript: the scripts index.html loads (entry and modulepreloads), gzip level 9.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import { DEFAULT_CRITERIA, parseCase } from '../criteria/index.ts'
import { benchCase, SIZES, type BenchSize } from './app-case.ts'
import { COLUMN_PX } from '../src/features/entry/grid-whole.ts'
import { STORE_VERSION } from '../src/store/migrations.ts'
import { toSavedText } from '../src/store/saved-parts.ts'
import { buildAndServe, launchChromium } from '../test/e2e/browser.ts'

const BUDGET = {
  smallKeystrokeP95Ms: 8,
  smallFirstRenderMs: 250,
  largeKeystrokeP95Ms: 16,
  largestOpenMs: 2000,
  largestFrameMs: 50,
  initialJsGzipKb: 150,
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
const ms = (x: number) => `${x.toFixed(1)} ms`
const sizeName = (s: BenchSize) => `${s.lesions} × ${s.timepoints}`
/** BENCH_SIZES=small,large (of SIZES) measures only those cases; the bundle is always measured. */
const only = process.env.BENCH_SIZES?.split(',')
const measured = (name: keyof typeof SIZES) => !only || only.includes(name)
let failed = false
/** Prints a figure with its budget, and remembers a failure. */
function report(text: string, ok: boolean | null) {
  if (ok === false) failed = true
  console.log(`${text}${ok === null ? '' : `: ${ok ? 'PASS' : 'FAIL'}`}`)
}

type Marks = { firstResultsMs?: number; firstGridMs?: number }

/** A browser profile whose saved library is `size`'s case, with a watch for the first results and grid cells of every load. */
async function profileWith(size: BenchSize): Promise<{ context: BrowserContext; page: Page; dir: string }> {
  const kase = benchCase(size)
  if (!parseCase(kase).ok) throw new Error(`the ${sizeName(size)} benchmark case does not parse`)
  const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-profile-'))
  const context = await launchChromium(dir)
  // The library as this version saves it (a large case's lesions in parts: src/store/saved-parts.ts).
  const { text, parts } = toSavedText(
    { state: { library: { bench: { draft: kase, updatedAt: '2026-01-01T00:00:00.000Z' } }, openId: 'bench', selectedCriteria: [...DEFAULT_CRITERIA] }, version: STORE_VERSION },
    'caliper',
    7,
  )
  const saved: [string, string][] = [...parts, ['caliper', text]]
  // Before any script of the page: the saved library (once: written again before every load, its
  // 3.6 MB write would be timed as part of each load of the largest case), and a watch for what the user first sees.
  await context.addInitScript((items: [string, string][]) => {
    if (!sessionStorage.getItem('bench-seeded')) {
      for (const [key, value] of items) localStorage.setItem(key, value)
      sessionStorage.setItem('bench-seeded', '1')
    }
    const w = window as unknown as Marks
    new MutationObserver((_records, observer) => {
      if (w.firstResultsMs === undefined && document.querySelector('.live-results .resp')) w.firstResultsMs = performance.now()
      if (w.firstGridMs === undefined && document.querySelector('.entry-grid input[data-row]')) w.firstGridMs = performance.now()
      if (w.firstResultsMs !== undefined && w.firstGridMs !== undefined) observer.disconnect()
    }).observe(document, { subtree: true, childList: true })
  }, saved)
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => {
    throw e
  })
  return { context, page, dir }
}

/** Navigation start → results and grid on screen, over `loads` loads after one that warms the caches. */
async function measureLoads(page: Page, baseUrl: string, loads: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i <= loads; i++) {
    await page.goto(baseUrl)
    await page.waitForFunction(() => (window as unknown as Marks).firstResultsMs !== undefined && (window as unknown as Marks).firstGridMs !== undefined, null, { timeout: 120_000 })
    const t = await page.evaluate(() => Math.max((window as unknown as Marks).firstResultsMs!, (window as unknown as Marks).firstGridMs!))
    if (i > 0) times.push(t)
  }
  return times.sort((a, b) => a - b)
}

/** Keystroke → results matrix changed, over `edits` edits of L1 at the edited scan (after 10 that warm the JIT). */
async function measureKeystrokes(page: Page, size: BenchSize, edits: number): Promise<number[]> {
  // Only the columns in view are rendered: scroll the edited one into view first.
  await page.locator('.grid-scroll').evaluate((el, left) => el.scrollTo(left, 0), size.editAt * COLUMN_PX)
  const cell = page.getByLabel(`L1 long axis (mm) at Scan ${size.editAt}`, { exact: true })
  await cell.click()
  await cell.press('End')
  const samples: number[] = []
  for (let i = 0; i < edits + 10; i++) {
    const timing = page.evaluate(
      () =>
        new Promise<number>((done, fail) => {
          let start = -1
          window.addEventListener('keydown', (e) => (start = e.timeStamp), { capture: true, once: true })
          const observer = new MutationObserver(() => {
            if (start < 0) return
            observer.disconnect()
            done(performance.now() - start)
          })
          observer.observe(document.querySelector('.live-results .matrix tbody')!, { subtree: true, childList: true, characterData: true, attributes: true })
          setTimeout(() => fail(new Error('the results did not change')), 20_000)
        }),
    )
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))))
    await page.keyboard.press(i % 2 === 0 ? '0' : 'Backspace') // 5 → 50 → 5: PD and back
    const t = await timing
    if (i >= 10) samples.push(t)
  }
  return samples.sort((a, b) => a - b)
}

/**
 * Starts watching frames: the longest animation frame over 50 ms, and the longest gap between
 * animation frames. Given as text: the function would otherwise carry tsx's name helper into the page.
 */
const watchFrames = (page: Page) =>
  page.evaluate(`(() => {
    const frames = (window.benchFrames = { longest: 0, gap: 0, stop: false })
    const type = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame') ? 'long-animation-frame' : 'longtask'
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (frames.longest = Math.max(frames.longest, e.duration)))).observe({ type })
    let last = performance.now()
    requestAnimationFrame(function tick(now) {
      frames.gap = Math.max(frames.gap, now - last)
      last = now
      if (!frames.stop) requestAnimationFrame(tick)
    })
    return type
  })()`) as Promise<string>
const stopFrames = (page: Page) =>
  page.evaluate(`(() => {
    const frames = window.benchFrames
    frames.stop = true
    return { longest: frames.longest, gap: frames.gap }
  })()`) as Promise<{ longest: number; gap: number }>

/** Scrolls the grid down to its end and back, then across, with the mouse wheel, a step per frame. */
async function scrollGrid(page: Page, steps: number) {
  const box = (await page.locator('.grid-scroll').boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300))
  const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))))
  for (const [dx, dy] of [[0, 600], [0, -600], [500, 0], [-500, 0]] as const)
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(dx, dy)
      await nextFrame()
    }
  await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(0, 0))
  await nextFrame()
}

/**
 * BENCH_PROFILE=name records a CPU profile of a case's edits (the largest case's: of its loads, its scrolling and its typing, each apart) as name.<size>.cpuprofile, and
 * BENCH_TRACE=name a DevTools timeline trace (style, layout, paint) as name.<size>.json; chrome://inspect
 * or DevTools opens either. The build is then not minified, so they name the app's functions.
 */
async function profiled<T>(context: BrowserContext, page: Page, size: string, work: () => Promise<T>): Promise<T> {
  const { BENCH_PROFILE: profile, BENCH_TRACE: trace } = process.env
  if (!profile && !trace) return work()
  const cdp = await context.newCDPSession(page)
  if (trace) {
    const events: unknown[] = []
    cdp.on('Tracing.dataCollected', (data) => events.push(...data.value))
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,v8', transferMode: 'ReportEvents' })
    const result = await work()
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done))
    await cdp.send('Tracing.end')
    await complete
    writeFileSync(`${trace}.${size}.json`, JSON.stringify(events))
    return result
  }
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 }) // µs: a keystroke takes a few ms
  await cdp.send('Profiler.start')
  const result = await work()
  writeFileSync(`${profile}.${size}.cpuprofile`, JSON.stringify((await cdp.send('Profiler.stop')).profile))
  return result
}

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'caliper-bench-dist-'))
  const { server, baseUrl } = await buildAndServe(outDir, 4417, { minify: !process.env.BENCH_PROFILE && !process.env.BENCH_TRACE, logLevel: 'error' })
  const dirs: string[] = []
  try {
    // Bundle: what index.html loads before anything else.
    const html = readFileSync(join(outDir, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!)
    const gzipKb = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(outDir, src)), { level: 9 }).length, 0) / 1024
    const criteria = `${DEFAULT_CRITERIA.length} criteria`

    if (measured('small')) {
      const size = SIZES.small
      const { context, page, dir } = await profileWith(size)
      dirs.push(dir)
      const loads = await measureLoads(page, baseUrl, 15)
      const keys = await profiled(context, page, 'small', () => measureKeystrokes(page, size, 200))
      await context.close()
      report(`app first render (${sizeName(size)}, ${criteria}): median ${ms(quantile(loads, 0.5))} over ${loads.length} loads, max ${ms(loads.at(-1)!)} (budget < ${BUDGET.smallFirstRenderMs} ms)`, quantile(loads, 0.5) < BUDGET.smallFirstRenderMs)
      report(`app keystroke → results (${sizeName(size)}): median ${ms(quantile(keys, 0.5))}, p95 ${ms(quantile(keys, 0.95))}, max ${ms(keys.at(-1)!)} over ${keys.length} edits (budget p95 < ${BUDGET.smallKeystrokeP95Ms} ms)`, quantile(keys, 0.95) < BUDGET.smallKeystrokeP95Ms)
    }
    if (measured('large')) {
      const size = SIZES.large
      const { context, page, dir } = await profileWith(size)
      dirs.push(dir)
      const loads = await measureLoads(page, baseUrl, 5)
      const keys = await profiled(context, page, 'large', () => measureKeystrokes(page, size, 200))
      await context.close()
      report(`app first render (${sizeName(size)}): median ${ms(quantile(loads, 0.5))} over ${loads.length} loads`, null)
      report(`app keystroke → results (${sizeName(size)}): median ${ms(quantile(keys, 0.5))}, p95 ${ms(quantile(keys, 0.95))}, max ${ms(keys.at(-1)!)} over ${keys.length} edits (budget p95 < ${BUDGET.largeKeystrokeP95Ms} ms)`, quantile(keys, 0.95) < BUDGET.largeKeystrokeP95Ms)
    }
    if (measured('largest')) {
      const size = SIZES.largest
      const { context, page, dir } = await profileWith(size)
      dirs.push(dir)
      const loads = await profiled(context, page, 'largest-open', () => measureLoads(page, baseUrl, 3))
      const type = await watchFrames(page)
      await profiled(context, page, 'largest-scroll', () => scrollGrid(page, 15))
      const scrolled = await stopFrames(page)
      await watchFrames(page)
      const keys = await profiled(context, page, 'largest-typing', () => measureKeystrokes(page, size, 40))
      const typed = await stopFrames(page)
      const saved = await page.evaluate(() => !document.querySelector('.storage-notices'))
      await context.close()
      report(`app open (${sizeName(size)}): median ${ms(quantile(loads, 0.5))} over ${loads.length} loads, max ${ms(loads.at(-1)!)} (budget < ${BUDGET.largestOpenMs} ms)`, quantile(loads, 0.5) < BUDGET.largestOpenMs)
      report(`app scrolling the grid (${sizeName(size)}): longest frame ${ms(scrolled.longest)} (${type}), longest gap between frames ${ms(scrolled.gap)} (budget: no frame over ${BUDGET.largestFrameMs} ms)`, scrolled.longest <= BUDGET.largestFrameMs)
      report(`app typing (${sizeName(size)}): longest frame ${ms(typed.longest)}, longest gap between frames ${ms(typed.gap)}; keystroke → results median ${ms(quantile(keys, 0.5))}, p95 ${ms(quantile(keys, 0.95))} over ${keys.length} edits${saved ? '' : ' (a storage notice is shown)'} (budget: no frame over ${BUDGET.largestFrameMs} ms)`, typed.longest <= BUDGET.largestFrameMs)
    }
    report(`bundle initial JavaScript: ${gzipKb.toFixed(1)} KB gzip in ${scripts.length} file(s) (budget ≤ ${BUDGET.initialJsGzipKb} KB)`, gzipKb <= BUDGET.initialJsGzipKb)
    process.exitCode = failed ? 1 : 0
  } finally {
    await new Promise<void>((done) => server.httpServer.close(() => done()))
    rmSync(outDir, { recursive: true, force: true })
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

await main()
