import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.ts'
import { caseInput } from '../fixtures/build.ts'

const SAMPLE = join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json')
const dir = mkdtempSync(join(tmpdir(), 'caliper-cli-'))
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
  return { status, stdout, stderr }
}

describe('caliper evaluate', () => {
  it('prints RECIST 1.1 SD and Choi PR where the sample tumours darkened (--json)', async () => {
    const { status, stdout } = await run('evaluate', SAMPLE, '--json')
    expect(status).toBe(0)
    const out = JSON.parse(stdout)
    expect(out.patient).toBe('OS-014')
    const byId = Object.fromEntries(out.results.map((r: { criterion: string }) => [r.criterion, r]))
    expect(byId.recist11.timepoints.map((t: { response: string }) => t.response)).toEqual(['SD', 'SD', 'SD'])
    expect(byId.choi.timepoints.map((t: { response: string }) => t.response)).toEqual(['PR', 'PR', 'PR'])
    expect(byId.choi.best).toMatchObject({ response: 'PR', timepoint: 't1', date: '2026-03-02', confirmed: true })
    expect(byId.recist11.timepoints[0]).toMatchObject({ timepoint: 't1', date: '2026-03-02', targetResponse: 'SD', nonTargetResponse: 'NON-CR/NON-PD', newLesion: false, sumMm: 69, changeFromBaselinePct: -4.2, changeFromNadirPct: -4.2 })
    expect(out.findings.map((f: { code: string }) => f.code)).toContain('recist-stable-attenuation-responds')
  })
  it('prints a readable table by default', async () => {
    const { status, stdout } = await run('evaluate', SAMPLE)
    expect(status).toBe(0)
    expect(stdout).toMatch(/RECIST 1\.1[\s\S]*t1\s+2026-03-02\s+SD/)
    expect(stdout).toMatch(/Choi \(choi[\s\S]*t1\s+2026-03-02\s+PR/)
    expect(stdout).toContain('Best overall response: PR at t1 (2026-03-02), confirmed')
  })
  it('prints why a criterion does not apply instead of an empty table (MD Anderson on osteosarcoma)', async () => {
    const { status, stdout } = await run('evaluate', SAMPLE, '--criteria', 'mda')
    expect(status).toBe(0)
    expect(stdout).toMatch(/MD Anderson bone \(mda[^\n]*\n {2}Not applicable: The MD Anderson bone criteria do not apply to "osteosarcoma".*use RECIST 1\.1 \(RECIST 1\.1 as in osteosarcoma trials \(Grignani/)
    expect(stdout).not.toMatch(/Timepoint|Best overall response|no follow-up timepoints/)
    const out = JSON.parse((await run('evaluate', SAMPLE, '--criteria', 'mda', '--json')).stdout)
    expect(out.results[0]).toMatchObject({ criterion: 'mda', timepoints: [], best: { response: null }, notApplicable: { source: expect.stringMatching(/Costelloe CM et al\. J Cancer 2010/) } })
  })
  it('shows the sum of products for WHO, with --criteria who,sact,mass,mda', async () => {
    const { status, stdout } = await run('evaluate', SAMPLE, '--criteria', 'who,sact,mass,mda')
    expect(status).toBe(0)
    expect(stdout).toMatch(/WHO \(who, 1981, PROVISIONAL\)[^\n]*\n {2}Timepoint .* SPD mm² /)
    expect(stdout).toMatch(/SACT \(Smith 2010\)[\s\S]*t1\s+2026-03-02\s+SD/)
    expect(stdout).toMatch(/MASS \(Smith 2010\)[\s\S]*t1\s+2026-03-02\s+PR/)
  })
  it('limits output to --criteria', async () => {
    const out = JSON.parse((await run('evaluate', SAMPLE, '--criteria', 'choi', '--json')).stdout)
    expect(out.results.map((r: { criterion: string }) => r.criterion)).toEqual(['choi'])
  })
  it('rejects an invalid case with exit 1 and one line per problem naming the path', async () => {
    const bad = caseInput({ targets: [{ values: [20, 15] }] }) as unknown as { lesions: { assessments: Record<string, unknown>[] }[] }
    bad.lesions[0]!.assessments[0]!.longAxisMm = -3
    bad.lesions[0]!.assessments[1]!.timepoint = 'nope'
    const { status, stdout, stderr } = await run('evaluate', file('bad.json', bad))
    expect([status, stdout]).toEqual([1, ''])
    expect(stderr.trim().split('\n')).toEqual([
      'lesions[0].assessments[0].longAxisMm: must be a non-negative number of millimetres',
      'lesions[0].assessments[1].timepoint: names no timepoint: "nope"',
    ])
  })
  it.each([
    ['truncated JSON', '{"format": "tumor-response-case", "version": 1,', /^\(root\): .*bad\.json is not valid JSON/],
    ['binary garbage', '\u0000\u0001\u00ff', /^\(root\): .*bad\.json contains NUL bytes/],
    ['a JSON array', '[]', /^\(root\): must be a JSON object$/m],
    ['an empty object', '{}', /^format: is required$/m],
  ])('rejects %s with exit 1 and no stack trace', async (_name, content, pattern) => {
    const { status, stderr } = await run('evaluate', file('bad.json', content))
    expect(status).toBe(1)
    expect(stderr).toMatch(pattern)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
  it('rejects a missing file with exit 1', async () => {
    const { status, stderr } = await run('evaluate', join(dir, 'missing.json'))
    expect([status, stderr]).toEqual([1, `(root): ${join(dir, 'missing.json')} does not exist\n`])
  })
  it.each([
    [['evaluate'], /evaluate needs a file/],
    [['frobnicate', SAMPLE], /unknown command "frobnicate"/],
    [[], /no command given/],
    [['evaluate', SAMPLE, '--criteria', 'recist'], /unknown criterion "recist"; known: recist11, choi, mchoi, who, sact, mass, mda/],
    [['evaluate', SAMPLE, '--colour'], /Unknown option '--colour'/],
  ])('exits 2 on a usage error: %j', async (argv, pattern) => {
    const { status, stderr } = await run(...argv)
    expect(status).toBe(2)
    expect(stderr).toMatch(pattern)
    expect(stderr).toContain('Usage:')
  })
})

describe('caliper best', () => {
  const series = (assessments: { date: string; response: string }[], settings = {}) =>
    file('series.json', { format: 'tumor-response-series', version: 1, therapyStart: '2020-01-01', settings, assessments })
  it('gives a confirmed CR when CR is confirmed 28 days on', async () => {
    const { status, stdout } = await run('best', series([{ date: '2020-02-01', response: 'CR' }, { date: '2020-02-29', response: 'CR' }]), '--json')
    expect(status).toBe(0)
    expect(JSON.parse(stdout).best).toMatchObject({ response: 'CR', date: '2020-02-01', confirmed: true })
  })
  it('gives SD, not CR, when the confirming CR comes 27 days on (SD duration met)', async () => {
    const { stdout } = await run('best', series([{ date: '2020-02-01', response: 'CR' }, { date: '2020-02-28', response: 'CR' }]), '--json')
    expect(JSON.parse(stdout).best.response).toBe('SD')
  })
  it('gives the unconfirmed best response when confirmation is not required', async () => {
    const { stdout } = await run('best', series([{ date: '2020-02-01', response: 'PR' }, { date: '2020-03-01', response: 'PD' }], { confirmation: 'not-required' }), '--json')
    expect(JSON.parse(stdout).best).toMatchObject({ response: 'PR', date: '2020-02-01' })
  })
  it('gives response null when there is nothing to rank', async () => {
    const { stdout } = await run('best', series([]), '--json')
    expect(JSON.parse(stdout).best).toMatchObject({ response: null, date: null })
  })
  it('prints a readable line by default', async () => {
    const { stdout } = await run('best', series([{ date: '2020-02-01', response: 'PR' }, { date: '2020-03-01', response: 'PR' }]))
    expect(stdout).toMatch(/^Best overall response: PR on 2020-02-01 \(confirmed\)/)
  })
  it('rejects an invalid series naming the path', async () => {
    const { status, stderr } = await run('best', series([{ date: '2020-02-31', response: 'PR' }]))
    expect([status, stderr]).toEqual([1, 'assessments[0].date: must be a real calendar date written YYYY-MM-DD\n'])
  })
})

describe('npx --no caliper (the installed command)', () => {
  // npx's own start-up is slow on a busy machine: these wait for the command, however long it takes.
  it('runs evaluate from the package bin', { timeout: 120_000 }, () => {
    const out = execFileSync('npx', ['--no', 'caliper', 'evaluate', SAMPLE, '--criteria', 'recist11', '--json'], { encoding: 'utf8' })
    expect(JSON.parse(out).results[0].best.response).toBe('SD')
  })
  it('exits 1 on invalid input without a stack trace', { timeout: 120_000 }, () => {
    const r = spawnSync('npx', ['--no', 'caliper', 'evaluate', file('garbage.json', 'not json')], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
  it('prints the JSON Schema of both document types', { timeout: 120_000 }, () => {
    const schema = JSON.parse(execFileSync('npx', ['--no', 'caliper', 'schema'], { encoding: 'utf8' }))
    expect(Object.keys(schema)).toEqual(['tumor-response-case', 'tumor-response-series'])
    expect(Object.keys(schema['tumor-response-case'].properties.criteriaOptions.properties)).toEqual(['recist11', 'choi', 'mchoi', 'who', 'sact', 'mass', 'mda', 'irecist', 'percist', 'volumetric'])
    // Fields added for iRECIST and PERCIST (docs/case-format-additions.md) are in the generated schema.
    const kase = schema['tumor-response-case']
    expect(Object.keys(kase.properties.newLesions.items.properties)).toEqual(expect.arrayContaining(['id', 'kind', 'longAxisMm', 'shortAxisMm', 'fdgAvid', 'sulPeak', 'assessments']))
    expect(Object.keys(kase.properties.timepoints.items.properties.pet.properties)).toEqual(['liverSulMean', 'liverSulSd', 'liverAbnormal', 'bloodPoolSulMean', 'bloodPoolSulSd', 'uptakeMinutes', 'glucoseMgDl', 'injectedMBq'])
    expect(Object.keys(kase.properties.lesions.items.properties.assessments.items.properties)).toEqual(expect.arrayContaining(['furtherIncrease', 'sulPeak', 'tlg']))
    // Issue #14: volumes, DCE-MRI, the primary tumour and blood biomarkers.
    expect(Object.keys(kase.properties.lesions.items.properties.assessments.items.properties)).toEqual(expect.arrayContaining(['volumeMl', 'thirdAxisMm', 'ktrans', 'iauc60']))
    expect(Object.keys(kase.properties.lesions.items.properties.primaryTumour.properties)).toEqual(['site', 'resectable'])
    expect(Object.keys(kase.properties.biomarkers.items.properties)).toEqual(['date', 'test', 'value', 'unit'])
    expect(kase.properties.biomarkers.items.properties.test.enum).toEqual(['VEGF-A', 'VEGF-B', 'PlGF', 'CEC', 'neutrophils', 'lymphocytes'])
  })
})
