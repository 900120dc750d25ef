/**
 * App benchmark (issue #6), in Debian's headless chromium against the production build served
 * by vite preview: a generated 20-lesion × 12-timepoint case is the saved library. Prints one
 * line per figure and whether each budget holds; exits 1 when a budget fails.
 *
 * - first render: from navigation start to the first results on screen (median of 15 loads);
 * - keystroke → results: from a keystroke in a measurement cell (the event's timestamp) to the
 *   DOM of the results matrix having changed (React commits synchronously for key events), over
 *   200 single-key edits that each change a response;
 * - initial JavaScript: the scripts index.html loads (entry and modulepreloads), gzip level 9.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DEFAULT_CRITERIA, parseCase } from '../criteria/index.ts'
import { benchCase, LESIONS, TIMEPOINTS } from './app-case.ts'
import { STORE_VERSION } from '../src/store/migrations.ts'
import { buildAndServe, launchChromium } from '../test/e2e/browser.ts'

const BUDGET_KEYSTROKE_P95_MS = 16
const BUDGET_FIRST_RENDER_MS = 500
const BUDGET_INITIAL_JS_GZIP_KB = 150
const EDITS = 200
const LOADS = 15

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
const ms = (x: number) => `${x.toFixed(1)} ms`
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')

async function main() {
  const kase = benchCase()
  if (!parseCase(kase).ok) throw new Error('the benchmark case does not parse')
  const outDir = mkdtempSync(join(tmpdir(), 'caliper-bench-dist-'))
  const profile = mkdtempSync(join(tmpdir(), 'caliper-bench-profile-'))
  const { server, baseUrl } = await buildAndServe(outDir, 4417, { minify: !process.env.BENCH_PROFILE, logLevel: 'error' })

  // Bundle: what index.html loads before anything else.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!)
  const gzipBytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(outDir, src)), { level: 9 }).length, 0)
  const gzipKb = gzipBytes / 1024

  const context = await launchChromium(profile)
  try {
    const saved = JSON.stringify({
      state: { library: { bench: { draft: kase, updatedAt: '2026-01-01T00:00:00.000Z' } }, openId: 'bench', selectedCriteria: [...DEFAULT_CRITERIA] },
      version: STORE_VERSION,
    })
    // Before any script of the page: the saved library, and a watch for the first results.
    await context.addInitScript((text: string) => {
      localStorage.setItem('caliper', text)
      const w = window as unknown as { firstResultsMs?: number }
      new MutationObserver((_records, observer) => {
        if (document.querySelector('.live-results .resp')) {
          w.firstResultsMs = performance.now()
          observer.disconnect()
        }
      }).observe(document, { subtree: true, childList: true })
    }, saved)
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (e) => {
      throw e
    })

    const loads: number[] = []
    for (let i = 0; i <= LOADS; i++) {
      await page.goto(baseUrl)
      await page.waitForFunction(() => (window as unknown as { firstResultsMs?: number }).firstResultsMs !== undefined)
      const t = await page.evaluate(() => (window as unknown as { firstResultsMs: number }).firstResultsMs)
      if (i > 0) loads.push(t) // the first load warms the HTTP and code caches
    }
    loads.sort((a, b) => a - b)

    const cell = page.getByLabel(`L1 long axis (mm) at Scan ${TIMEPOINTS - 1}`, { exact: true })
    await cell.click()
    await cell.press('End')
    const samples: number[] = []
    // BENCH_PROFILE=file.cpuprofile records a CPU profile of the edits (chrome://inspect can open it).
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    for (let i = 0; i < EDITS + 10; i++) {
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
            observer.observe(document.querySelector('.live-results')!, { subtree: true, childList: true, characterData: true, attributes: true })
            setTimeout(() => fail(new Error('the results did not change')), 5_000)
          }),
      )
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))))
      await page.keyboard.press(i % 2 === 0 ? '0' : 'Backspace') // 5 → 50 → 5: PD and back
      const t = await timing
      if (i >= 10) samples.push(t) // the first edits warm the JIT
    }
    if (cdp) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile))
    samples.sort((a, b) => a - b)
    const median = quantile(samples, 0.5)
    const p95 = quantile(samples, 0.95)

    console.log(`app first render (${LESIONS} lesions × ${TIMEPOINTS} timepoints, ${DEFAULT_CRITERIA.length} criteria): median ${ms(quantile(loads, 0.5))} over ${LOADS} loads, max ${ms(loads.at(-1)!)} (budget < ${BUDGET_FIRST_RENDER_MS} ms): ${verdict(quantile(loads, 0.5) < BUDGET_FIRST_RENDER_MS)}`)
    console.log(`app keystroke → results: median ${ms(median)}, p95 ${ms(p95)}, max ${ms(samples.at(-1)!)} over ${EDITS} edits (budget p95 < ${BUDGET_KEYSTROKE_P95_MS} ms): ${verdict(p95 < BUDGET_KEYSTROKE_P95_MS)}`)
    console.log(`bundle initial JavaScript: ${gzipKb.toFixed(1)} KB gzip in ${scripts.length} file(s) (budget < ${BUDGET_INITIAL_JS_GZIP_KB} KB): ${verdict(gzipKb < BUDGET_INITIAL_JS_GZIP_KB)}`)
    process.exitCode = quantile(loads, 0.5) < BUDGET_FIRST_RENDER_MS && p95 < BUDGET_KEYSTROKE_P95_MS && gzipKb < BUDGET_INITIAL_JS_GZIP_KB ? 0 : 1
  } finally {
    await context.close()
    await new Promise<void>((done) => server.httpServer.close(() => done()))
    rmSync(outDir, { recursive: true, force: true })
    rmSync(profile, { recursive: true, force: true })
  }
}

await main()
