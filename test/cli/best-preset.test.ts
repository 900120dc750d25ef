/** Issue #10 item 8: `caliper best SERIES.json --preset admiralonco` and `settings.preset` in the series file, through the real command line. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'caliper.js')
const dir = mkdtempSync(join(tmpdir(), 'caliper-preset-'))
/** admiralonco's subject 3 (tests/testthat/test-derive_param_confirmed_bor.R): CR, CR 20 days later, SD. */
const series = (settings: Record<string, unknown> = {}) => {
  const path = join(dir, `series-${Math.random().toString(36).slice(2)}.json`)
  const assessments = [
    { date: '2019-11-12', response: 'CR' },
    { date: '2019-12-02', response: 'CR' },
    { date: '2020-01-01', response: 'SD' },
  ]
  writeFileSync(path, JSON.stringify({ format: 'tumor-response-series', version: 1, therapyStart: '2019-11-11', settings, assessments }))
  return path
}
const best = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'best', ...args], { encoding: 'utf8' })
  return { status: r.status, stderr: r.stderr, best: r.status === 0 && args.includes('--json') ? JSON.parse(r.stdout).best : null, stdout: r.stdout }
}

describe('caliper best --preset (issue #10; admiralonco derive_param_confirmed_bor)', () => {
  it('by default (RECIST 1.1 Table 3 footnote) the SD after the CR is PD', () => {
    expect(best(series(), '--json').best).toMatchObject({ response: 'PD', date: '2020-01-01' })
  })
  it('--preset admiralonco takes it as recorded: SD, as admiralonco', () => {
    expect(best(series(), '--preset', 'admiralonco', '--json').best).toMatchObject({ response: 'SD', date: '2020-01-01' })
  })
  it('settings.preset "admiralonco" in the file does the same, and --preset recist overrides it', () => {
    expect(best(series({ preset: 'admiralonco' }), '--json').best.response).toBe('SD')
    expect(best(series({ preset: 'admiralonco' }), '--preset', 'recist', '--json').best.response).toBe('PD')
  })
  it('an unknown preset is a usage error (exit 2, one line)', () => {
    const r = best(series(), '--preset', 'admiral')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^caliper: unknown preset "admiral"; known: recist, admiralonco\n/)
  })
  it('--preset on evaluate is a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, 'evaluate', series(), '--preset', 'admiralonco'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/preset/)
  })
  it('a bad settings.preset in the file names the field (exit 1)', () => {
    const r = best(series({ preset: 'admiral' }))
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/settings\.preset: /)
  })
})
