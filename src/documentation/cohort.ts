/**
 * The cohort table: one row per patient with, under each criterion, the best overall response,
 * the best (most negative) percentage change of the target sum from baseline, and the date of
 * first progression. The input of a waterfall plot and of a trial's response listing.
 */
import { evaluateCase, LEVEL_OF, type Case, type Evaluation, type Response, type ResponseLevel } from '../../criteria/index.ts'
import { toCsv, type Cell } from './csv.ts'

export interface CohortCell {
  best: Response | null
  /** The best response on the common scale (CR, PR, SD, NON-CR/NON-PD, PD, NE), null when none. */
  bestLevel: ResponseLevel | null
  bestDate: string | null
  confirmed: boolean | null
  /**
   * Smallest change of the target sum from baseline over follow-up, in percent; only complete
   * sums count (a sum with a target missing is a lower bound, not a value). null when none.
   */
  bestChangePct: number | null
  /** Date of the first timepoint whose response is PD on the common scale (RECIST PD, iUPD, PMD…). */
  firstProgressionDate: string | null
  /** Set when the criterion was not applied to this patient. */
  notApplicable: string | null
}

export interface CohortRow {
  patient: string
  diagnosis: string | null
  /** By criterion id. */
  criteria: Record<string, CohortCell>
  /** The earliest first-progression date under any criterion. */
  firstProgressionDate: string | null
}

export interface CohortTable {
  criteria: { id: string; name: string }[]
  rows: CohortRow[]
  evaluations: Evaluation[]
}

/** One patient's figures under one criterion (also the command line's summary row). */
export function cohortCell(result: Evaluation['results'][number]): CohortCell {
  const changes = result.timepoints.filter((t) => t.sumComplete && t.changeFromBaselinePct !== null).map((t) => t.changeFromBaselinePct!)
  const pd = result.timepoints.find((t) => LEVEL_OF[t.response] === 'PD')
  return {
    best: result.best.response,
    bestLevel: result.best.response ? LEVEL_OF[result.best.response] : null,
    bestDate: result.best.date,
    confirmed: result.best.confirmed,
    bestChangePct: changes.length ? Math.min(...changes) : null,
    firstProgressionDate: pd?.date ?? null,
    notApplicable: result.notApplicable?.reason ?? null,
  }
}

/** Evaluates each case under the given criteria (all registered by default) and builds the table. */
export function cohortTable(cases: readonly Case[], criteriaIds?: readonly string[]): CohortTable {
  const evaluations = cases.map((k) => evaluateCase(k, criteriaIds))
  const criteria = evaluations[0]?.results.map((r) => ({ id: r.criterion, name: r.name })) ?? []
  const rows = evaluations.map((e, i): CohortRow => {
    const cells = Object.fromEntries(e.results.map((r) => [r.criterion, cohortCell(r)]))
    const dates = Object.values(cells)
      .map((c) => c.firstProgressionDate)
      .filter((d): d is string => d !== null)
      .sort()
    return { patient: e.patient, diagnosis: cases[i]!.patient.diagnosis ?? null, criteria: cells, firstProgressionDate: dates[0] ?? null }
  })
  return { criteria, rows, evaluations }
}

/** The cohort table as CSV: per criterion, best response, its date, confirmation, best change and first PD. */
export function cohortCsv(table: CohortTable): string {
  const perCriterion = (id: string) => [`${id}_best`, `${id}_best_date`, `${id}_confirmed`, `${id}_best_change_pct`, `${id}_first_pd_date`]
  const columns = ['patient', 'diagnosis', ...table.criteria.flatMap((c) => perCriterion(c.id)), 'first_pd_date']
  const rows = table.rows.map((row) => {
    const out: Record<string, Cell> = { patient: row.patient, diagnosis: row.diagnosis, first_pd_date: row.firstProgressionDate }
    for (const { id } of table.criteria) {
      const c = row.criteria[id]
      const [best, date, confirmed, change, pd] = perCriterion(id)
      out[best!] = c?.notApplicable ? 'not applicable' : c?.best
      out[date!] = c?.bestDate
      out[confirmed!] = c?.confirmed
      out[change!] = c?.bestChangePct
      out[pd!] = c?.firstProgressionDate
    }
    return out
  })
  return toCsv(columns, rows)
}
