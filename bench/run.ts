/**
 * `npm run bench`: the engine benchmark, the command-line benchmark (bench/cli.ts), then the app
 * and bundle benchmark, each in its own process (one's heap does not weigh on the other's
 * figures). Exits 1 if any budget fails. `npm run bench -- engine` (or `-- cli`, `-- app`) runs
 * only that part.
 *
 * The engine benchmark runs the engine as the app ships it: compiled and bundled by Vite (an SSR
 * build of bench/engine.ts). Run through tsx instead, every function the engine creates would
 * also call tsx's `__name` helper (esbuild's keepNames), which no user's browser runs and which
 * costs about a third of the engine's time.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { build } from 'vite'

const PARTS = ['engine', 'cli', 'app'] as const
const asked = process.argv.slice(2)
const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a))
if (unknown.length) {
  console.error(`bench: unknown part ${unknown.join(', ')}; parts: ${PARTS.join(', ')}`)
  process.exit(2)
}
const wanted = (part: (typeof PARTS)[number]) => asked.length === 0 || asked.includes(part)

const started = performance.now()
const outDir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'caliper-bench')
if (wanted('engine')) await build({
  configFile: false,
  logLevel: 'warn',
  build: { ssr: join(import.meta.dirname, 'engine.ts'), outDir, emptyOutDir: true, minify: false, target: 'node20' },
})

// The command line as `npm ci` builds it (prepare), rebuilt so the figures are today's source's.
if (wanted('cli')) spawnSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build-cli.js')], { stdio: 'inherit' })

let failed = false
const runs: string[][] = [
  ...(wanted('engine') ? [[join(outDir, 'engine.js')]] : []),
  ...(wanted('cli') ? [['--import', 'tsx/esm', join(import.meta.dirname, 'cli.ts')]] : []),
  ...(wanted('app') ? [['--import', 'tsx/esm', join(import.meta.dirname, 'app.ts')]] : []),
]
for (const args of runs) {
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' })
  if (run.status !== 0) failed = true
}
console.log(`bench: ${((performance.now() - started) / 1000).toFixed(0)} s in all; ${failed ? 'some budget FAILS' : 'every budget holds'}`)
process.exitCode = failed ? 1 : 0
