/**
 * `npm run bench`: the engine benchmark, then the app and bundle benchmark, each in its own
 * process (one's heap does not weigh on the other's figures). Exits 1 if any budget fails.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const started = performance.now()
let failed = false
for (const script of ['engine.ts', 'app.ts']) {
  const run = spawnSync(process.execPath, ['--import', 'tsx/esm', join(import.meta.dirname, script)], { stdio: 'inherit' })
  if (run.status !== 0) failed = true
}
console.log(`bench: ${((performance.now() - started) / 1000).toFixed(0)} s in all; ${failed ? 'some budget FAILS' : 'every budget holds'}`)
process.exitCode = failed ? 1 : 0
