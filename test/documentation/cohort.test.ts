import { cohortCsv, cohortTable } from '../../src/documentation/cohort.ts'
import { parseCsv } from '../../src/documentation/csv.ts'
import { caseOf } from '../fixtures/build.ts'

const withId = (id: string, kase: ReturnType<typeof caseOf>) => ({ ...kase, patient: { ...kase.patient, id } })

describe('cohort table', () => {
  const responder = withId('P1', caseOf({ targets: [{ values: [50, 30, 28, 29] }] }))
  const progressor = withId('P2', caseOf({ targets: [{ values: [40, 38, 60, 70] }], diagnosis: 'osteosarcoma' }))
  const incomplete = withId('P3', caseOf({ targets: [{ values: [30, 20] }, { values: [30, 'not-evaluated'] }] }))
  const table = cohortTable([responder, progressor, incomplete], ['recist11', 'choi'])

  it('lists each patient with best response, best change and first progression per criterion', () => {
    expect(table.criteria.map((c) => c.id)).toEqual(['recist11', 'choi'])
    expect(table.rows.map((r) => r.patient)).toEqual(['P1', 'P2', 'P3'])
    expect(table.rows[0]!.criteria.recist11).toMatchObject({ best: 'PR', bestLevel: 'PR', bestChangePct: -44, firstProgressionDate: null, confirmed: true })
  })
  it('dates the first progression at the first PD timepoint, across criteria too', () => {
    const row = table.rows[1]!
    expect(row.criteria.recist11!.firstProgressionDate).toBe('2026-03-30') // t2: 60 mm is ≥20 % and ≥5 mm over the nadir 38 mm
    expect(row.firstProgressionDate).toBe('2026-03-30')
    expect(row.criteria.recist11!.bestChangePct).toBe(-5)
    expect(row.diagnosis).toBe('osteosarcoma')
  })
  it('takes the best change only from complete sums (a sum with a target not evaluated is a lower bound)', () => {
    expect(table.rows[2]!.criteria.recist11!.bestChangePct).toBeNull()
  })
  it('writes the table as CSV, one column group per criterion', () => {
    const parsed = parseCsv(cohortCsv(table))
    if (!parsed.ok) throw new Error(parsed.error.message)
    const [header, p1] = parsed.records.map((r) => r.fields)
    expect(header).toEqual(['patient', 'diagnosis', 'recist11_best', 'recist11_best_date', 'recist11_confirmed', 'recist11_best_change_pct', 'recist11_first_pd_date', 'choi_best', 'choi_best_date', 'choi_confirmed', 'choi_best_change_pct', 'choi_first_pd_date', 'first_pd_date'])
    expect(p1!.slice(0, 6)).toEqual(['P1', '', 'PR', '2026-02-16', 'true', '-44'])
  })
})
