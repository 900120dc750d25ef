import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluateCase, parseCase } from '../../criteria/index.ts'
import { parseCsv } from '../../src/documentation/csv.ts'
import { datasetCsv, RS_VARIABLES, SDTMIG_ORDER, sdtmDatasets, studyDay, TR_VARIABLES, TU_VARIABLES } from '../../src/documentation/sdtm.ts'
import { caseOf } from '../fixtures/build.ts'

const sample = () => {
  const parsed = parseCase(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json'), 'utf8')))
  if (!parsed.ok) throw new Error('sample does not parse')
  return parsed.value
}
const CRITERIA = ['recist11', 'choi', 'mchoi']

describe('SDTM variables', () => {
  it.each([
    ['TU', TU_VARIABLES],
    ['TR', TR_VARIABLES],
    ['RS', RS_VARIABLES],
  ] as const)('%s writes its variables in SDTMIG v3.3 order, identifiers first', (domain, variables) => {
    const order = SDTMIG_ORDER[domain]
    const positions = variables.map((v) => order.indexOf(v as never))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(variables.slice(0, 4)).toEqual(['STUDYID', 'DOMAIN', 'USUBJID', `${domain}SEQ`])
    expect(variables.every((v) => /^[A-Z][A-Z0-9]{0,7}$/.test(v))).toBe(true)
  })
  it('the TU, TR and RS variables are those of the TU/TR/RS specifications (SDTMIG 3.3)', () => {
    expect(TU_VARIABLES).toEqual(expect.arrayContaining(['TULNKID', 'TUTESTCD', 'TUTEST', 'TUORRES', 'TUSTRESC', 'TULOC', 'TUMETHOD', 'VISITNUM', 'TUDTC']))
    expect(TR_VARIABLES).toEqual(expect.arrayContaining(['TRGRPID', 'TRLNKID', 'TRLNKGRP', 'TRTESTCD', 'TRORRES', 'TRORRESU', 'TRSTRESC', 'TRSTRESN', 'TRSTRESU', 'TRSTAT', 'TRREASND', 'TREVAL', 'TRDTC']))
    expect(RS_VARIABLES).toEqual(expect.arrayContaining(['RSLNKGRP', 'RSTESTCD', 'RSTEST', 'RSCAT', 'RSORRES', 'RSSTRESC', 'RSEVAL', 'RSDTC']))
  })
})

describe('SDTM datasets of the sample case', () => {
  const kase = sample()
  const { TU, TR, RS } = sdtmDatasets(kase, evaluateCase(kase, CRITERIA), { studyId: 'OS2026' })

  it('TU identifies each lesion at baseline with TUMIDENT and TARGET / NON-TARGET', () => {
    expect(TU.records.map((r) => [r.TUSEQ, r.TULNKID, r.TUTESTCD, r.TUORRES, r.TULOC, r.TUMETHOD, r.VISITNUM, r.TUDTC])).toEqual([
      [1, 'L1', 'TUMIDENT', 'TARGET', 'LUNG', 'CT SCAN', 1, '2026-01-05'],
      [2, 'L2', 'TUMIDENT', 'TARGET', 'LUNG', 'CT SCAN', 1, '2026-01-05'],
      [3, 'L3', 'TUMIDENT', 'TARGET', 'PLEURA', 'CT SCAN', 1, '2026-01-05'],
      [4, 'N1', 'TUMIDENT', 'NON-TARGET', 'LUNG', 'CT SCAN', 1, '2026-01-05'],
    ])
    expect(TU.records[0]).toMatchObject({ STUDYID: 'OS2026', DOMAIN: 'TU', USUBJID: 'OS2026-OS-014', TUTEST: 'Tumor Identification', TUDY: -7 })
  })
  it('TR has LDIAM in mm for each target, TUMSTATE for non-targets, and SUMDIAM per criterion', () => {
    const l1 = TR.records.filter((r) => r.TRLNKID === 'L1' && r.TRTESTCD === 'LDIAM')
    expect(l1.map((r) => [r.TRLNKGRP, r.TRORRES, r.TRORRESU, r.TRSTRESN, r.TRSTRESU])).toEqual([
      ['t0', 22, 'mm', 22, 'mm'],
      ['t1', 21, 'mm', 21, 'mm'],
      ['t2', 21, 'mm', 21, 'mm'],
      ['t3', 20, 'mm', 20, 'mm'],
    ])
    expect(TR.records.find((r) => r.TRLNKID === 'N1')).toMatchObject({ TRGRPID: 'NON-TARGET', TRTESTCD: 'TUMSTATE', TRTEST: 'Tumor State', TRORRES: 'PRESENT' })
    const sums = TR.records.filter((r) => r.TRTESTCD === 'SUMDIAM' && r.TRSPID === 'recist11')
    expect(sums.map((r) => [r.TRLNKGRP, r.TRSTRESN])).toEqual([['t0', 72], ['t1', 69], ['t2', 67], ['t3', 66]])
    expect(TR.records.map((r) => r.TRSEQ)).toEqual(TR.records.map((_, i) => i + 1))
    expect(new Set(TR.records.map((r) => r.TRTESTCD))).toEqual(new Set(['LDIAM', 'SAXIS', 'ATTEN', 'TUMSTATE', 'SUMDIAM']))
  })
  it('RS has TRGRESP, NTRGRESP, NEWLIND and OVRLRESP per visit and BESTRESP, under RSCAT naming the criterion', () => {
    const recist = RS.records.filter((r) => r.RSCAT === 'RECIST 1.1')
    expect(recist.filter((r) => r.RSLNKGRP === 't1').map((r) => [r.RSTESTCD, r.RSORRES])).toEqual([
      ['TRGRESP', 'SD'],
      ['NTRGRESP', 'NON-CR/NON-PD'],
      ['NEWLIND', 'N'],
      ['OVRLRESP', 'SD'],
    ])
    expect(recist.at(-1)).toMatchObject({ RSTESTCD: 'BESTRESP', RSTEST: 'Best Overall Response', RSORRES: 'SD', RSSTRESC: 'SD', RSDTC: '2026-03-02', RSDY: 50 })
    expect(RS.records.find((r) => r.RSCAT === 'CHOI' && r.RSTESTCD === 'BESTRESP')!.RSORRES).toBe('PR')
    expect(new Set(RS.records.map((r) => r.RSCAT))).toEqual(new Set(['RECIST 1.1', 'CHOI', 'MODIFIED CHOI']))
  })
  it('writes each dataset as CSV with the variables as header and ISO 8601 dates', () => {
    const parsed = parseCsv(datasetCsv(TR))
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(parsed.records[0]!.fields).toEqual([...TR_VARIABLES])
    const dtc = TR_VARIABLES.indexOf('TRDTC')
    for (const r of parsed.records.slice(1)) expect(r.fields[dtc]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('SDTM edge cases', () => {
  it('too-small, absent and not-evaluated targets, node short axes, new lesions and an incomplete sum', () => {
    const kase = caseOf({
      targets: [{ values: [30, 'too-small', 'absent'] }, { kind: 'lymph-node', values: [20, 'not-evaluated', 8] }],
      newLesions: [{ at: 2, equivocal: true }],
    })
    const { TU, TR } = sdtmDatasets(kase, evaluateCase(kase, ['recist11']), { studyId: 'S', usubjid: 'S-001' })
    expect(TU.records.at(-1)).toMatchObject({ TULNKID: 'NEW01', TUORRES: 'NEW', TUSTRESC: 'NEW', USUBJID: 'S-001' })
    const at = (lesion: string, tp: string, testcd: string) => TR.records.find((r) => r.TRLNKID === lesion && r.TRLNKGRP === tp && r.TRTESTCD === testcd)
    expect(at('T1', 't1', 'LDIAM')).toMatchObject({ TRORRES: 'TOO SMALL TO MEASURE', TRSTRESN: 5 })
    expect(at('T1', 't2', 'LDIAM')).toMatchObject({ TRORRES: 0, TRSTRESN: 0 })
    expect(at('T1', 't2', 'TUMSTATE')).toMatchObject({ TRORRES: 'ABSENT' })
    expect(at('T2', 't0', 'SAXIS')).toMatchObject({ TRSTRESN: 20, TRORRESU: 'mm' })
    expect(at('T2', 't1', 'SAXIS')).toMatchObject({ TRSTAT: 'NOT DONE', TRREASND: 'NOT EVALUATED' })
    expect(at('NEW01', 't2', 'TUMSTATE')).toMatchObject({ TRGRPID: 'NEW', TRORRES: 'EQUIVOCAL' })
    expect(TR.records.find((r) => r.TRTESTCD === 'SUMDIAM' && r.TRLNKGRP === 't1')).toMatchObject({ TRSTAT: 'NOT DONE', TRREASND: 'NOT ALL TARGET LESIONS EVALUATED' })
    expect(TU.records[0]!.TUDY).toBeNull() // no therapyStart: no reference date for study days
  })
  it('study day has no day 0', () => {
    expect(studyDay('2026-01-12', '2026-01-12')).toBe(1)
    expect(studyDay('2026-01-11', '2026-01-12')).toBe(-1)
    expect(studyDay('2026-03-02', '2026-01-12')).toBe(50)
  })
  it('the sign-off role is the evaluator', () => {
    const kase = { ...caseOf({ targets: [{ values: [30, 20] }] }), signOffs: [{ timepoint: 't1', assessor: 'Dr A', role: 'Independent assessor', date: '2026-03-01' }] }
    const { RS } = sdtmDatasets(kase, evaluateCase(kase, ['recist11']), { studyId: 'S' })
    expect(RS.records.find((r) => r.RSTESTCD === 'OVRLRESP')!.RSEVAL).toBe('INDEPENDENT ASSESSOR')
  })
})
