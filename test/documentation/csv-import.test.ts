import { evaluateCase } from '../../criteria/index.ts'
import { importMeasurementsCsv } from '../../src/documentation/csv-import.ts'

const csv = (...lines: string[]) => lines.join('\r\n')
const HEADER = 'patient,date,role,lesion,organ,kind,status,long_axis_mm,short_axis_mm,hu,modality,contrast_phase'

describe('CSV import of measurements (docs/csv-import.md)', () => {
  it('builds one valid case per patient, with timepoints t0, t1… in date order and documented defaults', () => {
    const result = importMeasurementsCsv(
      csv(
        HEADER,
        'P1,2026-03-02,target,L1,liver,,measured,30,,,CT,portal-venous',
        'P1,2026-01-05,target,L1,liver,,measured,50,,,CT,portal-venous',
        'P1,2026-01-05,non-target,N1,bone,,present,,,,CT,portal-venous',
        'P1,2026-03-02,non-target,N1,bone,,present,,,,CT,portal-venous',
        'P2,2026-01-10,target,A,lymph node,lymph-node,measured,22,16,,,',
        'P2,2026-02-20,target,A,lymph node,lymph-node,measured,20,9,,,',
        'P2,2026-02-20,new,,lung,,,,,,,',
      ),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const [p1, p2] = result.cases
    expect(p1!.timepoints.map((t) => [t.id, t.date])).toEqual([['t1', '2026-03-02'], ['t0', '2026-01-05']])
    expect(p1!.lesions[0]!.assessments.map((a) => a.timepoint)).toEqual(['t1', 't0'])
    expect(evaluateCase(p1!, ['recist11']).results[0]!.timepoints[0]!.response).toBe('PR')
    expect(p2!.timepoints[0]).toMatchObject({ modality: 'CT', contrastPhase: 'unknown' })
    expect(p2!.lesions[0]).toMatchObject({ kind: 'lymph-node', name: 'A' })
    expect(p2!.newLesions).toEqual([{ timepoint: 't1', organ: 'lung', equivocal: false }])
    expect(evaluateCase(p2!, ['recist11']).results[0]!.timepoints[0]!.response).toBe('PD')
  })

  it('accepts header aliases, any case and spacing, and optional columns (bone, findings, fragments, timepoint ids)', () => {
    const result = importMeasurementsCsv(
      csv(
        'Patient ID,Timepoint Date,Timepoint,Role,Lesion,Organ,Kind,Bone Appearance,Soft Tissue,Status,Long Axis,Findings,Fragments mm,Therapy start',
        'X,2026-01-05,base,target,B1,pelvis,bone,lytic,yes,measured,40,,,2026-01-06',
        'X,2026-02-20,fu1,target,B1,pelvis,bone,lytic,yes,measured,,cavitation;mineralization,20;15,',
      ),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const kase = result.cases[0]!
    expect(kase.therapyStart).toBe('2026-01-06')
    expect(kase.timepoints.map((t) => t.id)).toEqual(['base', 'fu1'])
    expect(kase.lesions[0]!.bone).toEqual({ appearance: 'lytic', softTissueComponent: true })
    expect(kase.lesions[0]!.assessments[1]).toMatchObject({ fragmentsMm: [20, 15], findings: ['cavitation', 'mineralization'] })
  })

  // Cross-field rules (short axis ≤ long axis…) run once a patient's rows pass the field checks,
  // as parseCase does; the short-axis row is therefore another patient's.
  it('reports every problem by row and column and imports nothing', () => {
    const result = importMeasurementsCsv(
      csv(
        HEADER,
        'P1,2026-01-05,target,L1,liver,,measured,abc,,,CT,portal-venous',
        'P1,2026-02-30,target,L1,liver,,measured,20,,,CT,portal-venous',
        'P3,2026-03-30,target,L1,liver,,measured,20,25,,CT,portal-venous',
        'P1,2026-04-30,target,L1,liver,,measured,20,,2000.5,CT,portal-venous',
        'P1,2026-04-30,target,L2,liver,,grown,20,,,MRI,portal-venous',
        'P2,2026-01-05,lesion,L1,liver,,measured,12,,,,',
        'P2,2026-01-05,target,L2,liver,,measured,"12,5",,,,',
      ),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    const found = result.problems.map((p) => `${p.row}:${p.column}`)
    expect(found).toEqual(expect.arrayContaining(['2:long_axis_mm', '3:date', '4:short_axis_mm', '6:modality', '6:status', '7:role', '8:long_axis_mm']))
    expect(result.problems.find((p) => p.row === 4)!.message).toMatch(/must not be larger than longAxisMm/)
    expect(result.problems.find((p) => p.row === 6 && p.column === 'modality')!.message).toMatch(/"MRI" differs from "CT" on row 5/)
    expect(result.problems.find((p) => p.row === 8)!.message).toMatch(/decimals with a point/)
    expect(result.problems.map((p) => p.row)).toEqual([...result.problems.map((p) => p.row)].sort((a, b) => (a ?? 0) - (b ?? 0)))
  })

  it.each([
    ['an empty file', '', /empty/],
    ['a header only', HEADER, /no data row/],
    ['an unknown column', 'patient,date,role,organ,colour\nP,2026-01-01,target,liver,red', /unknown column "colour"/],
    ['a missing required column', 'patient,role,organ\nP,target,liver', /required column "date"/],
    ['a short row', `${HEADER}\nP1,2026-01-05`, /has 2 field\(s\); the header has 12/],
    ['a broken quote', `${HEADER}\n"P1`, /never closed/],
  ])('rejects %s', (_name, text, message) => {
    const result = importMeasurementsCsv(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems.map((p) => p.message).join('\n')).toMatch(message)
  })

  it('rejects a second assessment of one lesion at one date, at the second row', () => {
    const result = importMeasurementsCsv(csv(HEADER, 'P,2026-01-05,target,L1,liver,,measured,20,,,,', 'P,2026-01-05,target,L1,liver,,measured,21,,,,'))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toEqual([expect.objectContaining({ row: 3, column: 'date', message: expect.stringMatching(/second assessment/) })])
  })
})

// WHO non-measurable disease (Miller 1981; issue #10 item 7): the estimate is a timepoint's value, like kvp.
describe('CSV import: non_measurable_change_pct (WHO estimated change of non-measurable disease)', () => {
  const HEAD = 'patient,date,role,lesion,organ,status,non_measurable_change_pct'
  const whoAt = (estimate: string) => {
    const result = importMeasurementsCsv(csv(HEAD, 'W1,2026-01-05,non-target,N1,pleura,present,', `W1,2026-03-02,non-target,N1,pleura,present,${estimate}`))
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.row} ${p.column}: ${p.message}`).join('; '))
    return { kase: result.cases[0]!, who: evaluateCase(result.cases[0]!, ['who']).results[0]!.timepoints[0]!.response }
  }
  it.each([
    ['-50', 'PR'],
    ['-49.99', 'NC'],
    ['25', 'PD'],
    ['24.99', 'NC'],
  ])('an estimate of %s %% gives WHO %s', (estimate, response) => {
    const { kase, who } = whoAt(estimate)
    expect(kase.timepoints[1]!.nonMeasurableChangePct).toBe(Number(estimate))
    expect(who).toBe(response)
  })
  it('refuses an estimate out of range or given twice differently, at its row and column', () => {
    const result = importMeasurementsCsv(
      csv(HEAD, 'W1,2026-01-05,non-target,N1,pleura,present,', 'W1,2026-03-02,non-target,N1,pleura,present,-101', 'W2,2026-01-05,non-target,N1,pleura,present,', 'W2,2026-03-02,non-target,N1,pleura,present,-60', 'W2,2026-03-02,non-target,N2,liver,present,-40'),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      { row: 3, column: 'non_measurable_change_pct', message: expect.stringContaining('must be a percentage from -100 to 1000') },
      { row: 6, column: 'non_measurable_change_pct', message: '"-40" differs from "-60" on row 5' },
    ])
  })
})
