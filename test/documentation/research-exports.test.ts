/** Issue #14: volumes, DCE-MRI and blood biomarkers in the CSV, SDTM and report exports and on the command line. */
import { evaluateCase, parseCase, type Case } from '../../criteria/index.ts'
import { main } from '../../src/cli/main.ts'
import { BEST_COLUMNS, BIOMARKER_COLUMNS, caseCsv, MEASUREMENT_COLUMNS, measurementRows, RESPONSE_COLUMNS } from '../../src/documentation/csv-export.ts'
import { parseCsv } from '../../src/documentation/csv.ts'
import { reportHtml } from '../../src/documentation/report.ts'
import { LB_VARIABLES, sdtmDatasetList, sdtmDatasets } from '../../src/documentation/sdtm.ts'
import sample from '../../src/samples/pelvic-osteosarcoma-antiangiogenic.json'
import sorafenib from '../../src/samples/sorafenib-lung-metastases.json'
import { join } from 'node:path'

const parsed = (input: unknown): Case => {
  const r = parseCase(input)
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
  return r.value
}
const kase = parsed(sample)
const evaluation = evaluateCase(kase)
const byId = Object.fromEntries(evaluation.results.map((r) => [r.criterion, r]))
const records = (text: string) => {
  const p = parseCsv(text)
  if (!p.ok) throw new Error(p.error.message)
  return p.records.map((r) => r.fields)
}

describe('the built-in pelvic osteosarcoma on regorafenib (issue #14)', () => {
  it('diameters say SD while the volume responds and Ktrans falls', () => {
    expect(byId.recist11!.timepoints.map((t) => t.response)).toEqual(['SD', 'SD', 'SD'])
    expect(byId.recist11!.best.response).toBe('SD')
    expect(byId.choi!.best.response).toBe('SD')
    expect(byId.volumetric!.timepoints.map((t) => t.response)).toEqual(['SD', 'PR', 'PR'])
    expect(byId.volumetric!.best).toMatchObject({ response: 'PR', confirmed: true })
    expect(evaluation.findings.filter((f) => f.code === 'ktrans-fall').map((f) => f.timepoint)).toEqual(['t1', 't2', 't3'])
  })
  it('flags the unresectable pelvic primary under the size criteria, and the partial volume estimate', () => {
    for (const id of ['recist11', 'choi', 'who', 'irecist', 'volumetric']) expect(byId[id]!.findings.map((f) => f.code), id).toContain('unresectable-axial-primary')
    expect(byId.volumetric!.findings.map((f) => f.code)).toContain('volume-estimated')
  })
})

describe('CSV export', () => {
  it('adds volume, DCE-MRI columns to the measurement rows, marking an ellipsoid estimate', () => {
    const rows = measurementRows(kase)
    expect(MEASUREMENT_COLUMNS).toEqual(expect.arrayContaining(['third_axis_mm', 'volume_ml', 'volume_source', 'ktrans_per_min', 'iauc60_mmol_s_l']))
    expect(rows.find((r) => r.lesion === 'P1' && r.timepoint === 't1')).toMatchObject({ volume_ml: 262, volume_source: 'segmentation', ktrans_per_min: 0.14, iauc60_mmol_s_l: 15.2, third_axis_mm: 72 })
    expect(rows.find((r) => r.lesion === 'S1' && r.timepoint === 't0')).toMatchObject({ volume_ml: 4.52, volume_source: 'ellipsoid estimate' })
    expect(rows.find((r) => r.lesion === 'N1' && r.timepoint === 't0')).toMatchObject({ volume_ml: undefined, ktrans_per_min: undefined })
  })
  it('writes the volume sums on the volumetric response rows and one row per biomarker value', () => {
    const [header, ...body] = records(caseCsv(kase, evaluation))
    expect(header).toEqual(['record', ...new Set([...MEASUREMENT_COLUMNS, ...RESPONSE_COLUMNS, ...BEST_COLUMNS, ...BIOMARKER_COLUMNS])])
    const col = (name: string) => header!.indexOf(name)
    const volumetric = body.filter((r) => r[0] === 'response' && r[col('criterion')] === 'volumetric')
    expect(volumetric.map((r) => r[col('sum_volume_ml')])).toEqual(['264.89', '150.04', '140.73'])
    const biomarkers = body.filter((r) => r[0] === 'biomarker')
    expect(biomarkers).toHaveLength(24 + 4)
    expect(biomarkers.find((r) => r[col('test')] === 'NLR' && r[col('date')] === '2026-01-12')).toBeDefined()
    expect(biomarkers.find((r) => r[col('test')] === 'NLR' && r[col('date')] === '2026-01-12')![col('value')]).toBe('4.43')
  })
  it('keeps the columns of a case without biomarkers as they were', () => {
    const plain = parsed(sorafenib)
    const [header] = records(caseCsv(plain, evaluateCase(plain, ['recist11'])))
    expect(header).toEqual(['record', ...new Set([...MEASUREMENT_COLUMNS, ...RESPONSE_COLUMNS, ...BEST_COLUMNS])])
  })
})

describe('SDTM export', () => {
  const sets = sdtmDatasets(kase, evaluation, { studyId: 'OS2026' })
  it('TR carries VOLUME, THIRDAX, KTRANS and IAUC60 per lesion and SUMVOL for the volumetric criterion', () => {
    const at = (lesion: string, tp: string, cd: string) => sets.TR.records.find((r) => r.TRLNKID === lesion && r.TRLNKGRP === tp && r.TRTESTCD === cd)
    expect(at('P1', 't1', 'VOLUME')).toMatchObject({ TRORRES: 262, TRORRESU: 'mL', TRSTRESN: 262 })
    expect(at('P1', 't1', 'KTRANS')).toMatchObject({ TRORRES: 0.14, TRORRESU: '/min' })
    expect(at('P1', 't1', 'IAUC60')).toMatchObject({ TRORRES: 15.2, TRORRESU: 'mmol.s/L' })
    expect(at('S1', 't0', 'THIRDAX')).toMatchObject({ TRORRES: 20, TRORRESU: 'mm' })
    // The ellipsoid estimate is derived: S1 has no VOLUME record.
    expect(at('S1', 't0', 'VOLUME')).toBeUndefined()
    const sums = sets.TR.records.filter((r) => r.TRTESTCD === 'SUMVOL' && r.TRSPID === 'volumetric')
    expect(sums.map((r) => r.TRSTRESN)).toEqual([459.52, 264.89, 150.04, 140.73])
    expect(sets.TR.records.some((r) => r.TRTESTCD === 'SUMDIAM' && r.TRSPID === 'volumetric')).toBe(false)
  })
  it('LB has each biomarker with its unit, and NLR as derived', () => {
    const lb = sets.LB!
    expect(lb.variables).toEqual(LB_VARIABLES)
    expect(new Set(lb.records.map((r) => r.LBTESTCD))).toEqual(new Set(['VEGFA', 'VEGFB', 'PLGF', 'CEC', 'NEUT', 'LYM', 'NEUTLYM']))
    expect(lb.records.find((r) => r.LBTESTCD === 'VEGFA' && r.LBDTC === '2026-03-02')).toMatchObject({ LBORRES: 415, LBORRESU: 'pg/mL', LBSTRESN: 415, VISITNUM: 2, VISIT: 'Week 6', LBDY: 43 })
    expect(lb.records.find((r) => r.LBTESTCD === 'NEUTLYM' && r.LBDTC === '2026-01-12')).toMatchObject({ LBSTRESN: 4.43, LBDRVFL: 'Y' })
    expect(lb.records.map((r) => r.LBSEQ)).toEqual(lb.records.map((_, i) => i + 1))
    expect(sdtmDatasetList(sets).map((d) => d.domain)).toEqual(['TU', 'TR', 'RS', 'LB'])
  })
  it('writes no LB dataset for a case without biomarkers', () => {
    const plain = parsed(sorafenib)
    const plainSets = sdtmDatasets(plain, evaluateCase(plain, ['recist11']), { studyId: 'S' })
    expect(plainSets.LB).toBeUndefined()
    expect(sdtmDatasetList(plainSets).map((d) => d.domain)).toEqual(['TU', 'TR', 'RS'])
  })
})

describe('report', () => {
  const html = reportHtml(kase, evaluation)
  it('has a research measures section with volumes, DCE-MRI and biomarkers, marked as research', () => {
    expect(html).toContain('<h2>Research measures</h2>')
    expect(html).toMatch(/never as a response category/)
    expect(html).toContain('4.52 mL (estimate)')
    expect(html).toMatch(/0\.14 \(-50\.0 %\) <strong>≥ 40 % fall<\/strong>/)
    expect(html).toMatch(/NLR<\/td><td>ratio<\/td><td>4\.43 \(\+?0\.0 %\)/)
  })
  it('shows the volume sum of the volumetric criterion, the primary tumour and the DCE values per assessment', () => {
    expect(html).toContain('264.89 mL')
    expect(html).toContain('primary tumour, axial, unresectable')
    expect(html).toContain('Ktrans 0.14 min⁻¹')
  })
  it('has no research section without research measures', () => {
    const plain = parsed(sorafenib)
    expect(reportHtml(plain, evaluateCase(plain, ['recist11']))).not.toContain('Research measures')
  })
})

describe('command line', () => {
  const SAMPLE = join(import.meta.dirname, '..', '..', 'src', 'samples', 'pelvic-osteosarcoma-antiangiogenic.json')
  async function run(...argv: string[]) {
    let stdout = ''
    let stderr = ''
    const status = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
    return { status, stdout, stderr }
  }
  it('prints the volumetric table in mL and the research measures', async () => {
    const { status, stdout } = await run('evaluate', SAMPLE, '--criteria', 'recist11,volumetric')
    expect(status).toBe(0)
    expect(stdout).toMatch(/Volume mL[\s\S]*t2\s+2026-04-13\s+PR\s+PR\s+NON-CR\/NON-PD\s+no\s+150\.04/)
    expect(stdout).toMatch(/Research measures \(beside the responses, never a response category\)/)
    expect(stdout).toMatch(/S1\s+4\.52\*/)
    expect(stdout).toMatch(/P1\s+Ktrans min⁻¹\s+0\.28 \(0\.0%\)\s+0\.14 \(-50\.0%\) ≥40% fall/)
    expect(stdout).toMatch(/NLR\s+ratio\s+4\.43/)
  })
  it('--json includes the research measures', async () => {
    const out = JSON.parse((await run('evaluate', SAMPLE, '--json', '--criteria', 'volumetric')).stdout)
    expect(out.research.dce[0]).toMatchObject({ lesion: 'P1', parameter: 'ktrans', baseline: 0.28 })
    expect(out.research.biomarkers.map((s: { test: string }) => s.test)).toContain('NLR')
    expect(out.results[0].timepoints[1].volume).toMatchObject({ sumMl: 150.04, baselineMl: 459.52 })
  })
})
