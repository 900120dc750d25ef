/** Vitest global setup: builds the command line (scripts/build-cli.js) before any test runs it. */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup() {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build-cli.js')], { stdio: 'inherit' })
}
