/**
 * Runs the real command line, `node bin/caliper.js …` (the build of test/build-cli.ts), as a
 * user's shell would. The timeout only guards against a hang (a test of "never waits forever"
 * must fail, not stall the suite); no outcome depends on speed.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'caliper.js')
export const SAMPLE = join(ROOT, 'src', 'samples', 'sorafenib-lung-metastases.json')
const HANG_GUARD_MS = 120_000

export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

export function caliper(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 256 * 1024 * 1024 })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Runs a bash command line (pipes, redirections, process substitution); `$CALIPER` is the command. */
export function shell(script: string): Run {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: HANG_GUARD_MS, env: { ...process.env, CALIPER: `${process.execPath} ${BIN}` } })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** A fresh folder, and a writer of files into it (text, bytes, or a value written as JSON). */
export function scratch(prefix = 'caliper-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = (name: string, content: string | Uint8Array | object) => {
    const path = join(dir, name)
    writeFileSync(path, typeof content === 'string' || ArrayBuffer.isView(content) ? (content as string | Uint8Array) : JSON.stringify(content))
    return path
  }
  return { dir, file }
}

/** Every line is a plain problem line: no stack trace, no internal error. */
export function expectPlainLines(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at |internal error|Error:/)
}
