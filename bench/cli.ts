/**
 * Command-line benchmark (issue #13): the built command as a user runs it, each figure beside
 * its budget. Prints one line per figure; exits 1 when a budget fails.
 *
 * - cold start: `node bin/caliper.js evaluate` on one case, and `npx --no caliper evaluate`,
 *   beside `node -e ''` measured in the same run, interleaved (so a busy moment of the machine
 *   weighs on all three alike), median of RUNS each. Budget: bin within 2 × `node -e ''`;
 *   npx adds its own start-up and is reported without a budget.
 * - 10,000 case files (the engine benchmark's cohort, bench/cohort-case.ts) in one
 *   `caliper evaluate DIR --json` call, output to a file: budget < 10 s; peak memory (VmHWM of
 *   the process, Linux) reported.
 * - `caliper cohort DIR` on the same folder: budget < 10 s; peak memory reported.
 */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { cohortCase, random } from './cohort-case.ts'

const ROOT = join(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'caliper.js')
const SAMPLE = join(ROOT, 'src', 'samples', 'sorafenib-lung-metastases.json')
const FILES = Number(process.env.BENCH_CLI_FILES ?? 10_000)
const RUNS = 11
const BUDGET_COLD_START_RATIO = 2
const BUDGET_EVALUATE_MS = 10_000
const BUDGET_COHORT_MS = 10_000

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function wall(command: string, args: string[]): number {
  const start = performance.now()
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT })
  const ms = performance.now() - start
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return ms
}

/** Runs a command to completion; wall time and peak resident memory (polled VmHWM; null off Linux). */
function measured(args: string[], stdoutFile: string): Promise<{ ms: number; peakMb: number | null; status: number | null }> {
  return new Promise((done) => {
    const fd = openSync(stdoutFile, 'w')
    const start = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'ignore'], cwd: ROOT })
    let peakKb: number | null = null
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peakKb = Math.max(peakKb ?? 0, Number(m[1]))
      } catch {
        // the process has ended, or there is no /proc
      }
    }, 20)
    child.on('close', (status) => {
      const ms = performance.now() - start
      clearInterval(poll)
      closeSync(fd)
      done({ ms, peakMb: peakKb === null ? null : peakKb / 1024, status })
    })
  })
}

async function countLines(file: string): Promise<number> {
  let n = 0
  for await (const line of createInterface({ input: createReadStream(file) })) if (line) n++
  return n
}

async function main() {
  let ok = true

  // Cold start, interleaved.
  const times: Record<'node' | 'bin' | 'npx', number[]> = { node: [], bin: [], npx: [] }
  wall(process.execPath, [BIN, 'evaluate', SAMPLE]) // the page cache warm for all
  for (let i = 0; i < RUNS; i++) {
    times.node.push(wall(process.execPath, ['-e', '']))
    times.bin.push(wall(process.execPath, [BIN, 'evaluate', SAMPLE]))
    times.npx.push(wall('npx', ['--no', 'caliper', 'evaluate', SAMPLE]))
  }
  const [node, bin, npx] = [median(times.node), median(times.bin), median(times.npx)]
  const ratio = bin / node
  ok &&= ratio <= BUDGET_COLD_START_RATIO
  console.log(`cli cold start: node -e '' ${node.toFixed(0)} ms; node bin/caliper.js evaluate (one case) ${bin.toFixed(0)} ms = ${ratio.toFixed(2)}× (budget ≤ ${BUDGET_COLD_START_RATIO}×): ${verdict(ratio <= BUDGET_COLD_START_RATIO)}`)
  console.log(`cli cold start: npx --no caliper evaluate (one case) ${npx.toFixed(0)} ms = ${(npx / node).toFixed(2)}× node -e '' (npx's own start-up included; no budget)`)

  // 10,000 case files.
  const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-cli-'))
  try {
    const rand = random(20261127)
    for (let n = 0; n < FILES; n++) {
      const sub = join(dir, `site-${String(n % 10)}`)
      if (n < 10) mkdirSync(sub)
      writeFileSync(join(sub, `P${String(n).padStart(5, '0')}.json`), JSON.stringify(cohortCase(n, rand)))
    }
    const out = join(dir, 'out.jsonl')
    const evaluate = await measured(['evaluate', dir, '--json'], out)
    const lines = await countLines(out)
    if (evaluate.status !== 0 || lines !== FILES) throw new Error(`evaluate exited ${evaluate.status} with ${lines} lines for ${FILES} files`)
    const mb = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`)
    ok &&= evaluate.ms < BUDGET_EVALUATE_MS
    console.log(`cli evaluate DIR --json: ${FILES} case files in ${evaluate.ms.toFixed(0)} ms (${Math.round((FILES / evaluate.ms) * 1000)} files/s; budget < ${BUDGET_EVALUATE_MS} ms): ${verdict(evaluate.ms < BUDGET_EVALUATE_MS)}; peak memory ${mb(evaluate.peakMb)} RSS`)
    rmSync(out)
    const cohort = await measured(['cohort', dir, '--json'], out)
    const patients = JSON.parse(readFileSync(out, 'utf8')).patients
    if (cohort.status !== 0 || patients !== FILES) throw new Error(`cohort exited ${cohort.status} with ${patients} patients for ${FILES} files`)
    ok &&= cohort.ms < BUDGET_COHORT_MS
    console.log(`cli cohort DIR: ${FILES} case files in ${cohort.ms.toFixed(0)} ms (budget < ${BUDGET_COHORT_MS} ms): ${verdict(cohort.ms < BUDGET_COHORT_MS)}; peak memory ${mb(cohort.peakMb)} RSS`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exitCode = ok ? 0 : 1
}

await main()
