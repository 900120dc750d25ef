import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CRITERIA, parseCase, parseSeries } from '../../criteria/index.ts'
import { caseInput } from '../fixtures/build.ts'
import sample from '../../src/samples/sorafenib-lung-metastases.json'

const SAMPLES = join(import.meta.dirname, '..', '..', 'src', 'samples')

const valid = () => structuredClone(caseInput({ targets: [{ values: [20, 15] }], nonTargets: [['present', 'present']] })) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(mutate: (c: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = valid()
  mutate(c)
  const r = parseCase(c)
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)
}

describe('case file schema (shared/case-format.md)', () => {
  it('accepts a WHO non-measurable estimate from −100 % to +1000 % (issue #10)', () => {
    for (const pct of [-100, 1000, -50.25]) expect(problemsOf((c) => (c.timepoints[1].nonMeasurableChangePct = pct))).toEqual([])
  })
  it('accepts the built-in sample and fills defaults', () => {
    const r = parseCase(sample)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.settings).toEqual({ confirmation: 'required', confirmationMinDays: 28, sdMinDays: 42, maxNeBetween: 1, acceptSdBetween: false })
  })
  it.each([
    ['a negative measurement', (c) => (c.lesions[0].assessments[0].longAxisMm = -1), 'lesions[0].assessments[0].longAxisMm: must be a non-negative number of millimetres'],
    ['a string measurement', (c) => (c.lesions[0].assessments[0].longAxisMm = '20'), 'lesions[0].assessments[0].longAxisMm: must be a non-negative number of millimetres'],
    ['three decimals', (c) => (c.lesions[0].assessments[1].longAxisMm = 15.001), 'lesions[0].assessments[1].longAxisMm: must have at most two decimals (0.01 mm)'],
    ['short axis over long axis', (c) => (c.lesions[0].assessments[0].shortAxisMm = 25), 'lesions[0].assessments[0].shortAxisMm: must not be larger than longAxisMm'],
    ['attenuation out of range', (c) => (c.lesions[0].assessments[0].attenuationHu = 3072), 'lesions[0].assessments[0].attenuationHu: must be a number of Hounsfield units in [-1024, 3071]'],
    ['attenuation at the lower bound is fine, below is not', (c) => (c.lesions[0].assessments[0].attenuationHu = -1025), 'lesions[0].assessments[0].attenuationHu: must be a number of Hounsfield units in [-1024, 3071]'],
    ['an impossible date', (c) => (c.timepoints[1].date = '2026-02-30'), 'timepoints[1].date: must be a real calendar date written YYYY-MM-DD'],
    ['a dangling timepoint reference', (c) => (c.lesions[0].assessments[1].timepoint = 'tX'), 'lesions[0].assessments[1].timepoint: names no timepoint: "tX"'],
    ['duplicate lesion ids', (c) => (c.lesions[1].id = 'T1'), 'lesions[1].id: duplicate lesion id "T1"'],
    ['duplicate timepoint ids', (c) => (c.timepoints[1].id = 't0'), 'timepoints[1].id: duplicate timepoint id "t0"'],
    ['a non-target status on a target', (c) => (c.lesions[0].assessments[1].status = 'present'), 'lesions[0].assessments[1].status: must be one of measured, too-small, absent, not-evaluated for a target lesion'],
    ['a measured target without its long axis', (c) => delete c.lesions[0].assessments[1].longAxisMm, 'lesions[0].assessments[1].longAxisMm: is required for a measured target'],
    ['a misspelt field', (c) => (c.lesions[0].assessments[1].longAxisMM = 3), 'lesions[0].assessments[1].longAxisMM: is not a field of this format (check the spelling)'],
    ['an unknown enum value', (c) => (c.timepoints[0].modality = 'US'), 'timepoints[0].modality: must be one of "CT", "MRI", "PET-CT", "X-ray", "clinical"'],
    ['a missing required field', (c) => delete c.lesions[0].kind, 'lesions[0].kind: is required'],
    ['a flag written as text', (c) => (c.lesions[0].cystic = 'yes'), 'lesions[0].cystic: must be true or false'],
    ['a new lesion at baseline', (c) => (c.newLesions = [{ timepoint: 't0', organ: 'liver' }]), 'newLesions[0].timepoint: a new lesion cannot be recorded at baseline'],
    ['an unknown criterion in criteriaOptions', (c) => (c.criteriaOptions = { recist: {} }), `criteriaOptions.recist: names no criterion; known: ${CRITERIA.map((k) => k.id).join(', ')}`],
    ['a bad option value', (c) => (c.criteriaOptions = { recist11: { prPersistence: 'sometimes' } }), 'criteriaOptions.recist11.prPersistence: must be one of "eortc_faq_continuing", "strict_baseline"'],
    ['a WHO non-measurable estimate below −100 % (issue #10)', (c) => (c.timepoints[1].nonMeasurableChangePct = -100.01), 'timepoints[1].nonMeasurableChangePct: must be a percentage from -100 to 1000'],
    ['a WHO non-measurable estimate with three decimals', (c) => (c.timepoints[1].nonMeasurableChangePct = -50.001), 'timepoints[1].nonMeasurableChangePct: must have at most two decimals'],
    ['two timepoints on one day', (c) => (c.timepoints[1].date = c.timepoints[0].date), 'timepoints[1].date: timepoint "t1" has the same date as "t0"'],
    ['a bone lesion without its bone block', (c) => (c.lesions[0].kind = 'bone'), 'lesions[0].bone: is required for a bone lesion (appearance and soft-tissue component)'],
    ['the wrong format', (c) => (c.format = 'tumor-response-series'), 'format: must be "tumor-response-case"'],
  ] as [string, (c: Record<string, any>) => void, string][])('rejects %s, naming the path', (_n, mutate, message) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(problemsOf(mutate)).toContain(message)
  })
  it('accepts attenuation exactly at -1024 and 3071 HU', () => {
    expect(problemsOf((c) => (c.lesions[0].assessments[0].attenuationHu = -1024))).toEqual([])
    expect(problemsOf((c) => (c.lesions[0].assessments[0].attenuationHu = 3071))).toEqual([])
  })
  it('reports every problem at once, not just the first', () => {
    expect(problemsOf((c) => {
      c.lesions[0].assessments[0].longAxisMm = -1
      c.timepoints[1].date = 'soon'
    })).toHaveLength(2)
  })
  it('rejects a document that is not an object', () => {
    expect(parseCase([1, 2])).toEqual({ ok: false, problems: [{ path: '(root)', message: 'must be a JSON object' }] })
    expect(parseCase(null).ok).toBe(false)
  })
})

describe('parseCase({ oneOff: true }) (the command line on one file: no compiled fast path)', () => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'bad-input')
  const documents = [
    ...readdirSync(dir).flatMap((name) => {
      try {
        return [[name, JSON.parse(readFileSync(join(dir, name), 'utf8'))] as const]
      } catch {
        return [] // not JSON: refused before parseCase
      }
    }),
    ...readdirSync(SAMPLES).map((name) => [name, JSON.parse(readFileSync(join(SAMPLES, name), 'utf8'))] as const),
  ]
  it.each(documents)('%s: the same result, problems or case, as the usual parse', (_, document) => {
    const usual = parseCase(document)
    expect(parseCase(document, { oneOff: true })).toEqual(usual)
    expect(parseCase(document)).toEqual(usual)
  })
  it('the corpus holds both valid and refused cases, and options a criterion refuses', () => {
    const results = documents.map(([, d]) => parseCase(d, { oneOff: true }))
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(0)
    expect(results.filter((r) => !r.ok).length).toBeGreaterThan(10)
    expect(results.flatMap((r) => (r.ok ? [] : r.problems.map((p) => p.path))).some((path) => path.startsWith('criteriaOptions.'))).toBe(true)
  })
})

describe('response series schema', () => {
  const series = { format: 'tumor-response-series', version: 1, therapyStart: '2020-01-01', assessments: [{ date: '2020-02-01', response: 'PR' }] }
  it('accepts a series and fills the documented defaults', () => {
    const r = parseSeries(series)
    expect(r.ok && r.value.settings).toEqual({ confirmation: 'required', confirmationMinDays: 28, sdMinDays: 28, maxNeBetween: 1, acceptSdBetween: false })
  })
  it('rejects an unknown response', () => {
    const r = parseSeries({ ...series, assessments: [{ date: '2020-02-01', response: 'MR' }] })
    expect(r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['assessments[0].response: must be one of "CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "ND"'])
  })
  it('rejects two assessments on one day', () => {
    const r = parseSeries({ ...series, assessments: [{ date: '2020-02-01', response: 'SD' }, { date: '2020-02-01', response: 'PR' }] })
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['assessments[1].date'])
  })
})
