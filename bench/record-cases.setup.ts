/**
 * Setup file of bench/record-cases.config.ts (used by bench/dump-results.ts): every case a test
 * passes to `evaluateCase` is appended, as parsed, to the JSON Lines file named by
 * CALIPER_RECORD_CASES, so the dump can evaluate the very cases the criteria tests build (the
 * worked examples, each rule's boundaries) outside the tests.
 */
import { appendFileSync } from 'node:fs'
import { vi } from 'vitest'

vi.mock('../criteria/evaluate.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../criteria/evaluate.ts')>()
  const file = process.env.CALIPER_RECORD_CASES
  if (!file) throw new Error('CALIPER_RECORD_CASES names no file to record the cases in')
  const evaluateCase: typeof real.evaluateCase = (kase, ids) => {
    appendFileSync(file, `${JSON.stringify({ test: expect.getState().currentTestName ?? '', kase })}\n`)
    return real.evaluateCase(kase, ids)
  }
  return { ...real, evaluateCase }
})
