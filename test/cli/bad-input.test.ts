/**
 * The bad-input corpus (test/fixtures/bad-input): every file is refused with exit status 1 and
 * one line per problem naming its JSON path — never a stack trace, never a crash — quickly.
 */
import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.ts'

const DIR = join(import.meta.dirname, '..', 'fixtures', 'bad-input')
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()

/** The path each file's first problem must name (others: any path, but a path). */
const EXPECTED_PATH: Record<string, string> = {
  'truncated.json': '(root)',
  'empty.json': '(root)',
  'binary-garbage.json': '(root)',
  'nan-literal.json': '(root)',
  'overflow-number.json': 'lesions[0].assessments[0].longAxisMm',
  'huge-number.json': 'lesions[0].assessments[0].longAxisMm',
  'negative-diameter.json': 'lesions[0].assessments[1].longAxisMm',
  'string-diameter.json': 'lesions[0].assessments[1].longAxisMm',
  'three-decimals.json': 'lesions[0].assessments[1].longAxisMm',
  'short-over-long.json': 'lesions[2].assessments[0].shortAxisMm',
  'hu-too-high.json': 'lesions[0].assessments[0].attenuationHu',
  'impossible-date.json': 'timepoints[1].date',
  'dangling-timepoint.json': 'lesions[1].assessments[2].timepoint',
  'dangling-new-lesion.json': 'newLesions[0].timepoint',
  'duplicate-lesion-id.json': 'lesions[1].id',
  'duplicate-timepoint-id.json': 'timepoints[2].id',
  'duplicate-assessment.json': 'lesions[0].assessments[4].timepoint',
  'wrong-format.json': 'format',
  'missing-patient.json': 'patient',
  'unknown-field.json': 'lesions[0].longAxis',
  'wrong-status-for-role.json': 'lesions[3].assessments[1].status',
  'unknown-criterion-options.json': 'criteriaOptions.recist',
  'bad-option-value.json': 'criteriaOptions.choi.pdReference',
  'proto-key.json': '__proto__',
  'series-as-case.json': 'format',
  'series-bad-response.json': 'assessments[0].response',
  'series-missing-therapy-start.json': 'therapyStart',
  'series-duplicate-date.json': 'assessments[1].date',
  'series-negative-days.json': 'settings.confirmationMinDays',
  // Issue #10, hostile input: the same files go through the app's import (test/app/import-bad-input.test.tsx).
  'duplicate-key.json': 'lesions[0].assessments[0].longAxisMm',
  'nine-decimals.json': 'lesions[0].assessments[0].longAxisMm',
  'tiny-exponent.json': 'lesions[0].assessments[0].shortAxisMm',
  'unstorable-number.json': 'lesions[0].assessments[0].longAxisMm',
  'latin1.json': '(root)',
  'utf16-broken.json': '(root)',
  'utf16-without-bom.json': '(root)',
  'deep-audit-value.json': 'auditLog[0].old.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a',
  'constructor-in-lesion.json': 'lesions[0].constructor',
  'prototype-in-audit.json': 'auditLog[0].old.prototype',
  'proto-in-options.json': 'criteriaOptions.choi.__proto__',
}

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
  return { status, stdout, stderr }
}

describe('bad-input corpus', () => {
  it('has at least 40 malformed files', () => {
    expect(files.length).toBeGreaterThanOrEqual(40)
  })
  it.each(files)('%s is refused with exit 1, naming the path', async (file) => {
    const command = file.startsWith('series-') && file !== 'series-as-case.json' ? 'best' : 'evaluate'
    const started = performance.now()
    const { status, stdout, stderr } = await run([command, join(DIR, file)])
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(status).toBe(1)
    expect(stdout).toBe('')
    const lines = stderr.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^(\(root\)|[A-Za-z_][\w.[\]]*): \S/)
    expect(stderr).not.toMatch(/\n\s+at |internal error/)
    if (EXPECTED_PATH[file]) expect(lines.map((l) => l.slice(0, l.indexOf(': ')))).toContain(EXPECTED_PATH[file])
  })
  it('refuses a 20 MB file by its size, before reading it', async () => {
    const big = join(mkdtempSync(join(tmpdir(), 'caliper-big-')), 'big.json')
    writeFileSync(big, `{"format":"tumor-response-case","padding":"${'x'.repeat(20 * 1024 * 1024)}"}`)
    const { status, stderr } = await run(['evaluate', big])
    expect(status).toBe(1)
    expect(stderr).toMatch(/^\(root\): .*big\.json is 20\.0 MB; the limit is 5 MB/)
  })
  it('does not pollute Object.prototype through __proto__ or constructor keys', async () => {
    await run(['evaluate', join(DIR, 'proto-key.json')])
    await run(['evaluate', join(DIR, 'constructor-key.json')])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
