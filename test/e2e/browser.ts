/**
 * What the browser tests and the app benchmark share: the production build served by vite
 * preview on 127.0.0.1, and Debian's chromium driven by playwright-core (browsers cannot be
 * downloaded here) with the flags this machine's closed network needs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'

export const ROOT = resolve(import.meta.dirname, '../..')
export const ARTIFACTS = join(ROOT, 'test/e2e/artifacts')

/** README pictures are rewritten only on request (`npm run docs:screenshots`), so a test run leaves the tree clean. */
export const docsPicture = (name: string) => (process.env.UPDATE_DOCS_SCREENSHOTS ? join(ROOT, 'docs', name) : join(ARTIFACTS, name))

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Builds what ships (React's production build: vitest's NODE_ENV=test would bundle the development one). */
export async function buildApp(outDir: string, options: { minify?: boolean; logLevel?: 'warn' | 'error' } = {}): Promise<void> {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: ROOT, mode: 'production', logLevel: options.logLevel ?? 'warn', build: { outDir, emptyOutDir: true, minify: options.minify ?? true } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

/** Builds what ships and serves it with vite preview (local mode: no Caliper server behind it). */
export async function buildAndServe(outDir: string, port: number, options: { minify?: boolean; logLevel?: 'warn' | 'error' } = {}): Promise<{ server: PreviewServer; baseUrl: string }> {
  const logLevel = options.logLevel ?? 'warn'
  await buildApp(outDir, options)
  const server = await preview({ root: ROOT, logLevel, build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: false } })
  return { server, baseUrl: server.resolvedUrls!.local[0]! }
}

/** Headless chromium for several users at once: each `browser.newContext()` is a separate profile (cookies, storage). */
export const launchBrowser = () => chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })

/** Headless chromium with a fresh profile folder. */
export async function launchChromium(profile: string, options: { acceptDownloads?: boolean } = {}): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    ...options,
  })
  // Actions wait for what the user would see; a loaded machine may need longer than the 30 s default.
  context.setDefaultTimeout(90_000)
  return context
}

/** The app built, served and open in chromium, as each browser test file starts it. */
export interface AppSession {
  server: PreviewServer
  baseUrl: string
  context: BrowserContext
  /** The profile's first tab, not yet navigated. */
  page: Page
  /** A temporary folder of this session (the profile is in it); removed by `close`. */
  work: string
  close(): Promise<void>
}

/** Builds what ships into `outDir`, serves it on `port` (or the next free one) and opens chromium with a fresh profile. */
export async function openApp(outDir: string, port: number, options: { acceptDownloads?: boolean } = {}): Promise<AppSession> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const { server, baseUrl } = await buildAndServe(outDir, port)
  const work = mkdtempSync(join(tmpdir(), 'caliper-e2e-'))
  const context = await launchChromium(join(work, 'profile'), options)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    server,
    baseUrl,
    context,
    page,
    work,
    async close() {
      await context.close()
      await new Promise<void>((done) => server.httpServer.close(() => done()))
      rmSync(work, { recursive: true, force: true })
    },
  }
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical violations on the page as it is now (evaluated, not injected: the app's policy forbids inline scripts). */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    const result = await w.axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** The focused element's accessible name, roughly as a screen reader reads it (aria-label, its <label>, or its text). */
export const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return ''
    const byLabel = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null)
    return (byLabel ?? el.textContent ?? '').trim()
  })
