/**
 * Issue #13: many cases per call, the cohort command and cohort exports, run as the installed
 * command (`node bin/caliper.js`, and once `npx --no caliper`), on a folder with good and bad
 * files and on the measurements CSV. The cohort figures must be the app's: the same functions
 * (cohortTable → responseRates / compareCriteria) over the same cases.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CRITERIA, parseCase, type Case } from '../../criteria/index.ts'
import { main } from '../../src/cli/main.ts'
import { cohortTable } from '../../src/documentation/cohort.ts'
import { measurementsCsv } from '../../src/documentation/csv-export.ts'
import { parseCsv } from '../../src/documentation/csv.ts'
import { importMeasurementsCsv } from '../../src/documentation/csv-import.ts'
import { compareCriteria, responseRates } from '../../src/documentation/statistics.ts'
import { cohortCase } from '../fixtures/cohort-builder.ts'
import { caliper, ROOT, scratch } from './run-caliper.ts'

// Each test starts the command line a few times; on a busy machine that may take long, which is not what is tested.
vi.setConfig({ testTimeout: 300_000 })

const GOOD = 23
const parsed = (input: unknown): Case => {
  const r = parseCase(input)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.value
}
const cases = Array.from({ length: GOOD }, (_, k) => parsed(cohortCase(k + 1)))

// A folder as a researcher has it: cases in sub-folders, two broken files, and files that are not cases.
const { dir, file } = scratch('caliper-cohort-')
mkdirSync(join(dir, 'site-a'))
mkdirSync(join(dir, 'site-b', 'deeper'), { recursive: true })
for (let i = 1; i <= GOOD; i++) file(join(i <= 10 ? 'site-a' : i <= 20 ? 'site-b' : join('site-b', 'deeper'), `P${String(i).padStart(2, '0')}.json`), cohortCase(i))
const broken = file(join('site-a', 'P99-truncated.json'), '{"format": "tumor-response-case", "version": 1,')
const invalid = file(join('site-b', 'P98-invalid.json'), { ...cohortCase(98), lesions: [{ ...cohortCase(98).lesions[0], id: '' }] })
file('notes.txt', 'not a case')
file('.hidden.json', '{')
const goodFiles = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /P\d\d\.json$/.test(f)).length

const jsonLines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line))
/** Nothing but numbers and strings compared: JSON round trip of the app's figures. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value))

describe('caliper evaluate on a folder', () => {
  it('--json streams one line per file (its name and evaluation, or its problems); a bad file does not stop the others; exit 1', () => {
    const run = caliper('evaluate', dir, '--json', '--criteria', 'recist11,choi')
    expect(run.status).toBe(1)
    const lines = jsonLines(run.stdout)
    expect(goodFiles).toBe(GOOD)
    expect(lines).toHaveLength(GOOD + 2)
    const good = lines.filter((l) => l.results)
    expect(good.map((l) => l.patient).sort()).toEqual(cases.map((k) => k.patient.id).sort())
    for (const l of good) expect(l.file).toMatch(new RegExp(`${l.patient}\\.json$`))
    expect(lines.filter((l) => l.problems).map((l) => l.file).sort()).toEqual([invalid, broken].sort())
    expect(lines.find((l) => l.file === invalid).problems).toEqual([{ path: 'lesions[0].id', message: 'must be a non-empty id' }])
    expect(run.stderr).toContain(`${broken}: is not valid JSON: unexpected end of the file at line 1, column 48\n`)
    expect(run.stderr).toContain(`${invalid}: lesions[0].id: must be a non-empty id\n`)
    expect(run.stderr).toMatch(/2 of 25 files could not be evaluated\n$/)
  })
  it('each line with --explain equals what evaluate gives for that file alone; without, the same less the explanations', () => {
    const one = join(dir, 'site-a', 'P03.json')
    const [alone] = jsonLines(caliper('evaluate', one, '--json').stdout)
    const line = (...flags: string[]) => jsonLines(caliper('evaluate', join(dir, 'site-a'), '--json', ...flags).stdout).find((l) => l.file === one)
    expect(line('--explain')).toEqual(alone)
    const withoutProse = JSON.parse(JSON.stringify(alone, (key, value) => (key === 'explanation' ? undefined : value)))
    expect(line()).toEqual(withoutProse)
    expect(alone.results[0].timepoints[0].explanation.length).toBeGreaterThan(0)
  })
  it('prints a summary row per case and criterion, with the file', () => {
    const run = caliper('evaluate', join(dir, 'site-a'), join(dir, 'site-b', 'deeper'), '--criteria', 'recist11,choi,mchoi')
    expect(run.status).toBe(1)
    const [header, ...rows] = run.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^Patient\s+Criterion\s+Best\s+Date\s+Confirmed\s+Best change\s+First PD\s+File$/)
    expect(rows).toHaveLength((10 + 3) * 3)
    const table = cohortTable(cases.slice(0, 10), ['recist11', 'choi', 'mchoi'])
    for (const row of table.rows)
      for (const id of ['recist11', 'choi', 'mchoi']) {
        const c = row.criteria[id]!
        expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^${row.patient}\\s+${id}\\s+${(c.best ?? 'none').replace('/', '\\/')}\\s+${c.bestDate ?? '—'}\\s+.*${row.patient}\\.json$`)))
      }
  })
  it('exits 0 when every file is good', () => {
    expect(caliper('evaluate', join(dir, 'site-b', 'deeper'), '--json').status).toBe(0)
  })
  it('runs as the installed command, npx --no caliper', () => {
    const out = execFileSync('npx', ['--no', 'caliper', 'evaluate', join(dir, 'site-b', 'deeper'), '--json', '--criteria', 'recist11'], { encoding: 'utf8', cwd: ROOT })
    expect(jsonLines(out).map((l) => l.patient)).toEqual(['P21', 'P22', 'P23'])
  })
})

describe('caliper cohort', () => {
  const appFigures = (kases: readonly Case[], ids = CRITERIA.map((c) => c.id)) => {
    const { evaluations } = cohortTable(kases, ids)
    return { rates: asJson(responseRates(evaluations)), agreement: asJson(ids.filter((id) => id !== 'recist11').map((id) => compareCriteria(evaluations, 'recist11', id))) }
  }
  it('on the folder: the figures equal the app\'s for the same cases; the bad files are named and counted', () => {
    const run = caliper('cohort', dir, '--json')
    expect(run.status).toBe(1)
    const out = JSON.parse(run.stdout)
    expect(out.patients).toBe(GOOD)
    const app = appFigures(cases)
    expect(out.rates).toEqual(app.rates)
    expect(out.agreement).toEqual(app.agreement)
    expect(out.refused.map((r: { file: string }) => r.file).sort()).toEqual([invalid, broken].sort())
  })
  it('prints counts, ORR and DCR with exact intervals, the cross-table against RECIST 1.1 with kappa and the discordant patients', () => {
    const run = caliper('cohort', dir, '--criteria', 'recist11,choi')
    const { evaluations } = cohortTable(cases, ['recist11', 'choi'])
    const [recist, choi] = responseRates(evaluations)
    const agreement = compareCriteria(evaluations, 'recist11', 'choi')
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`
    expect(run.stdout).toContain(`Cohort: ${GOOD} patients from 25 files; 2 refused (listed on stderr)`)
    expect(run.stdout).toMatch(new RegExp(`RECIST 1\\.1\\s+${GOOD}\\s+${recist!.counts.CR}\\s+${recist!.counts.PR}\\s+${recist!.counts.SD}`))
    const orr = choi!.objectiveResponse
    expect(run.stdout).toContain(`ORR ${orr.count}/${orr.total} = ${pct(orr.proportion!)} (95 % CI ${pct(orr.ci!.lower)} – ${pct(orr.ci!.upper)})`)
    expect(run.stdout).toContain(`Cohen's kappa ${agreement.ordinal.unweighted.kappa!.toFixed(3)}`)
    expect(run.stdout).toContain(`Patients classified differently (${agreement.discordant.length}):`)
    expect(agreement.discordant.length).toBeGreaterThan(0)
    for (const d of agreement.discordant) expect(run.stdout).toContain(`    ${d.patient}: RECIST 1.1 ${d.responses[0] ?? '—'}, Choi ${d.responses[1] ?? '—'}\n`)
  })
  it('on the long-format measurements CSV: the figures equal the app\'s import of the same CSV', () => {
    const csvText = cases.map((k, i) => (i === 0 ? measurementsCsv(k) : measurementsCsv(k).split('\r\n').slice(1).join('\r\n'))).join('')
    const csv = file('measurements.csv', csvText)
    const imported = importMeasurementsCsv(csvText)
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems))
    const run = caliper('cohort', csv, '--json')
    expect([run.status, run.stderr]).toEqual([0, ''])
    const out = JSON.parse(run.stdout)
    expect(out.patients).toBe(GOOD)
    const app = appFigures(imported.cases)
    expect(out.rates).toEqual(app.rates)
    expect(out.agreement).toEqual(app.agreement)
  })
  it('counts a patient read twice once, naming the second file', () => {
    const twice = scratch('caliper-twice-')
    const a = twice.file('a.json', cohortCase(1))
    const b = twice.file('b.json', cohortCase(1))
    const run = caliper('cohort', twice.dir, '--json')
    expect(run.status).toBe(1)
    expect(JSON.parse(run.stdout).patients).toBe(1)
    expect(run.stderr).toBe(`${b}: patient.id: patient "P01" was already read from ${a}; counted once\n`)
  })
  it.each([
    [['cohort'], /cohort needs case files, folders or a measurements CSV/],
    [['cohort', '--reference', 'choi', '--criteria', 'recist11'], /--reference choi is not among the criteria evaluated/],
  ])('exits 2 on a usage error: %j', (args, pattern) => {
    const run = caliper(...args, ...(args.length > 1 ? [dir] : []))
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(pattern)
  })
})

describe('caliper export of a cohort', () => {
  const clean = join(dir, 'site-a')
  const out = scratch('caliper-cohort-export-')
  const records = (path: string) => {
    const p = parseCsv(readFileSync(path, 'utf8'))
    if (!p.ok) throw new Error(p.error.message)
    const [header, ...rows] = p.records.map((r) => r.fields)
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])))
  }
  const site = scratch('caliper-clean-site-')
  for (let i = 1; i <= 4; i++) site.file(`P0${i}.json`, cohortCase(i))
  it('--format sdtm writes one TU, TR and RS dataset for all subjects, each subject numbered from 1', () => {
    const sdtm = join(out.dir, 'sdtm')
    const run = caliper('export', site.dir, '--format', 'sdtm', '--out', sdtm, '--study', 'S1')
    expect([run.status, run.stderr]).toEqual([0, ''])
    expect(readdirSync(sdtm).sort()).toEqual(['RS.csv', 'TR.csv', 'TU.csv'])
    for (const domain of ['TU', 'TR', 'RS']) {
      const rows = records(join(sdtm, `${domain}.csv`))
      expect([...new Set(rows.map((r) => r.USUBJID))]).toEqual(['S1-P01', 'S1-P02', 'S1-P03', 'S1-P04'])
      for (const subject of ['S1-P01', 'S1-P04']) expect(rows.filter((r) => r.USUBJID === subject)[0]![`${domain}SEQ`]).toBe('1')
    }
  })
  it('--format csv writes every case\'s rows under one header', () => {
    const path = join(out.dir, 'cohort.csv')
    expect(caliper('export', site.dir, '--format', 'csv', '--out', path).status).toBe(0)
    const text = readFileSync(path, 'utf8')
    expect(text.match(/^record,/gm)).toHaveLength(1)
    expect([...new Set(records(path).map((r) => r.patient))]).toEqual(['P01', 'P02', 'P03', 'P04'])
  })
  it('--format report writes one report per patient into --out DIR', () => {
    const reports = join(out.dir, 'reports')
    expect(caliper('export', site.dir, '--format', 'report', '--out', reports).status).toBe(0)
    expect(readdirSync(reports).sort()).toEqual(['P01.html', 'P02.html', 'P03.html', 'P04.html'])
    expect(readFileSync(join(reports, 'P02.html'), 'utf8')).toContain('Tumour response report: P02')
  })
  it('--format report of several cases without --out is a usage error', () => {
    expect(caliper('export', clean, '--format', 'report').status).toBe(2)
  })
})

describe('progress on long work', () => {
  const run = async (isTTY: boolean) => {
    let stderr = ''
    const stream = { write: (t: string) => (stderr += t), isTTY }
    const status = await main(['evaluate', join(dir, 'site-b'), '--json'], { stdout: { write: () => true }, stderr: stream })
    return { status, stderr }
  }
  it('draws a progress line on stderr when it is a terminal (count, rate, time left) and clears it', async () => {
    const { stderr } = await run(true)
    /* eslint-disable no-control-regex -- the progress line is drawn with ESC [ K */
    expect(stderr).toMatch(/\r\u001b\[K\d+\/14 files · \d+\/s · (\d+ s|\d+ min|…) left/)
    expect(stderr).toMatch(/\r\u001b\[K14\/14 files/)
    /* eslint-enable no-control-regex */
  })
  it('is silent when stderr is not a terminal (a pipe, a log)', async () => {
    const { stderr } = await run(false)
    expect(stderr).not.toMatch(/files · /)
    expect(stderr).not.toContain('\u001b')
  })
})
