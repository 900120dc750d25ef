import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.ts'
import { CHROMIUM } from '../../src/cli/export.ts'
import { parseCsv } from '../../src/documentation/csv.ts'
import { TR_VARIABLES } from '../../src/documentation/sdtm.ts'

const SAMPLE = join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json')
const dir = mkdtempSync(join(tmpdir(), 'caliper-export-'))

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
  return { status, stdout, stderr }
}
const rows = (text: string) => {
  const parsed = parseCsv(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.records.map((r) => r.fields)
}

describe('caliper export', () => {
  it('--format csv prints measurements and responses to stdout', async () => {
    const { status, stdout, stderr } = await run('export', SAMPLE, '--format', 'csv', '--criteria', 'recist11')
    expect([status, stderr]).toEqual([0, ''])
    const [header, ...body] = rows(stdout)
    expect(header!.slice(0, 3)).toEqual(['record', 'patient', 'timepoint'])
    expect(body.filter((r) => r[0] === 'measurement')).toHaveLength(16)
    expect(body.filter((r) => r[0] === 'response')).toHaveLength(3)
  })
  it('--format csv --out writes the file', async () => {
    const out = join(dir, 'case.csv')
    expect((await run('export', SAMPLE, '--format', 'csv', '--out', out)).status).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^record,patient,/)
  })
  it('--format sdtm writes TU.csv, TR.csv and RS.csv into the folder', async () => {
    const out = join(dir, 'sdtm')
    const { status, stdout } = await run('export', SAMPLE, '--format', 'sdtm', '--out', out, '--study', 'OS2026', '--criteria', 'recist11,choi')
    expect([status, stdout]).toEqual([0, ''])
    expect(readdirSync(out).sort()).toEqual(['RS.csv', 'TR.csv', 'TU.csv'])
    expect(rows(readFileSync(join(out, 'TR.csv'), 'utf8'))[0]).toEqual([...TR_VARIABLES])
    const rs = rows(readFileSync(join(out, 'RS.csv'), 'utf8'))
    expect(rs[1]!.slice(0, 3)).toEqual(['OS2026', 'RS', 'OS2026-OS-014'])
    expect(new Set(rs.slice(1).map((r) => r[7]))).toEqual(new Set(['RECIST 1.1', 'CHOI']))
  })
  it('--format report prints HTML', async () => {
    const { status, stdout } = await run('export', SAMPLE, '--format', 'report')
    expect(status).toBe(0)
    expect(stdout).toMatch(/^<!DOCTYPE html>/)
    expect(stdout).toContain('Tumour response report: OS-014')
  })
  it.each([
    [['export', SAMPLE], /export needs --format csv\|sdtm\|report/],
    [['export', SAMPLE, '--format', 'xlsx'], /unknown format "xlsx"/],
    [['export', SAMPLE, '--format', 'sdtm'], /--format sdtm needs --out DIR/],
    [['export', SAMPLE, '--format', 'csv', '--pdf'], /--pdf applies to --format report only/],
    [['export', SAMPLE, '--format', 'report', '--pdf'], /--pdf needs --out FILE\.pdf/],
    [['export', SAMPLE, '--format', 'csv', '--study', 'X'], /--study applies to --format sdtm only/],
    [['export', SAMPLE, '--format', 'csv', '--json'], /Unknown option '--json'/],
    [['export', SAMPLE, '--format', 'csv', '--criteria', 'nope'], /unknown criterion "nope"/],
    [['evaluate', SAMPLE, '--format', 'csv'], /Unknown option '--format'/],
    [['export'], /export needs a file/],
  ])('exits 2 on a usage error: %j', async (argv, pattern) => {
    const { status, stderr } = await run(...argv)
    expect(status).toBe(2)
    expect(stderr).toMatch(pattern)
    expect(stderr).toContain('Usage:')
  })
  it('exits 1 on an invalid case, one line per problem naming its JSON path, and writes nothing', async () => {
    const bad = JSON.parse(readFileSync(SAMPLE, 'utf8'))
    bad.lesions[0].assessments[0].longAxisMm = -1
    delete bad.lesions[0].assessments[0].shortAxisMm
    const input = join(dir, 'bad.json')
    writeFileSync(input, JSON.stringify(bad))
    const out = join(dir, 'never.csv')
    const { status, stderr } = await run('export', input, '--format', 'csv', '--out', out)
    expect([status, stderr]).toEqual([1, 'lesions[0].assessments[0].longAxisMm: must be a non-negative number of millimetres\n'])
    expect(existsSync(out)).toBe(false)
  })
  it('exits 1 naming the file when the output cannot be written', async () => {
    const out = join(dir, 'no-such-folder', 'x.csv')
    const { status, stderr } = await run('export', SAMPLE, '--format', 'csv', '--out', out)
    expect([status, stderr]).toEqual([1, `${out}: cannot write: ENOENT\n`])
  })
  it('--pdf fails clearly, exit 1, when Chromium is missing', async () => {
    const saved = process.env.CALIPER_CHROMIUM
    process.env.CALIPER_CHROMIUM = join(dir, 'no-chromium')
    try {
      const { status, stderr } = await run('export', SAMPLE, '--format', 'report', '--pdf', '--out', join(dir, 'x.pdf'))
      expect(status).toBe(1)
      expect(stderr).toBe(`--pdf: needs Chromium at ${join(dir, 'no-chromium')}, which is missing; install it (Debian: apt-get install chromium) or write HTML without --pdf\n`)
    } finally {
      if (saved === undefined) delete process.env.CALIPER_CHROMIUM
      else process.env.CALIPER_CHROMIUM = saved
    }
  })
})

// Needs Debian's chromium and poppler-utils (pdftotext); .ci/run installs both. Fails, never skips, without them.
describe('caliper export --format report --pdf (headless Chromium)', () => {
  it('renders the report to a PDF whose text holds the patient, the criteria and the best responses', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true)
    expect(spawnSync('pdftotext', ['-v']).error, 'pdftotext is missing: apt-get install poppler-utils').toBeUndefined()
    const out = join(dir, 'report.pdf')
    execFileSync('npx', ['--no', 'caliper', 'export', SAMPLE, '--format', 'report', '--pdf', '--out', out, '--criteria', 'recist11,choi'], { encoding: 'utf8' })
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-')
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' })
    expect(text).toContain('Tumour response report: OS-014')
    expect(text).toMatch(/RECIST 1\.1 \(recist11, version 1\.1, established\)/)
    expect(text).toMatch(/Best overall response: SD \(common scale SD\) at Week 7 \(2026-03-02\)/)
    expect(text).toMatch(/Best overall response: PR \(common scale PR\) at Week 7 \(2026-03-02\),\s+confirmed/)
    // The first page is the summary a principal investigator reads: the best responses side by side, the trend, the caveats, the signatures.
    const first = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' })
    expect(first).toMatch(/Best overall response by criterion/)
    expect(first).toMatch(/Choi\s+PR\s+Week 7 \(2026-03-02\)\s+confirmed\s+differs from RECIST 1\.1/)
    expect(first).toMatch(/Where the criteria disagree/)
    expect(first).toMatch(/Sum of target diameters \(mm\)/)
    expect(first).toMatch(/Caveats that matter/)
    expect(first).toMatch(/Signatures/)
    expect(first).not.toMatch(/Study settings/) // the details start on page 2
    // Every page but the last is well filled (none holds less than a fifth of the lines of a full
    // one: no page left near-empty by a forced break); the last holds whatever text remains.
    const pages = text.split('\f').filter((p) => p.trim())
    const lines = pages.map((p) => p.split('\n').filter((l) => l.trim()).length)
    for (const n of lines.slice(0, -1)) expect(n, `lines per page: ${lines.join(', ')}`).toBeGreaterThan(Math.max(...lines) / 5)
  }, 300_000)
})
