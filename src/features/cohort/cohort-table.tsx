import type { CohortTable } from '../../documentation/cohort.ts'
import { signedPct } from '../../documentation/plot-scale.ts'

const respClass = (level: string | null) => `resp resp-${level === 'NON-CR/NON-PD' ? 'non' : (level ?? 'ne').toLowerCase()}`

/** One row per patient: best overall response and best % change under each criterion, first progression. */
export function CohortTableView({ table, ids, onOpen }: { table: CohortTable; ids: readonly string[]; onOpen: (id: string) => void }) {
  return (
    <div className="table-scroll">
      <table className="matrix cohort-table">
        <caption className="visually-hidden">Cohort: best overall response and best change of the target sum per criterion</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Patient</th>
            {table.criteria.map((c) => (
              <th scope="colgroup" colSpan={2} key={c.id}>{c.name}</th>
            ))}
            <th scope="col" rowSpan={2}>First progression</th>
          </tr>
          <tr>
            {table.criteria.map((c) => [
              <th scope="col" key={`${c.id}-b`}><span className="visually-hidden">{c.name} </span>Best</th>,
              <th scope="col" key={`${c.id}-c`}><span className="visually-hidden">{c.name} </span>Best change</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={ids[i]}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpen(ids[i]!)} aria-label={`Open case ${row.patient}`}>{row.patient}</button>
                {row.diagnosis && <span className="col-date">{row.diagnosis}</span>}
              </th>
              {table.criteria.map((c) => {
                const cell = row.criteria[c.id]
                if (!cell || cell.notApplicable) return <td key={c.id} colSpan={2} className="muted small" title={cell?.notApplicable ?? undefined}>not applicable</td>
                return [
                  <td key={`${c.id}-b`}>
                    <span className={respClass(cell.bestLevel)}>{cell.best ?? '—'}</span>
                    {cell.confirmed !== null && <span className={`confirm ${cell.confirmed ? 'yes' : 'no'}`}>{cell.confirmed ? 'confirmed' : 'unconfirmed'}</span>}
                  </td>,
                  <td key={`${c.id}-c`} className="num">{cell.bestChangePct === null ? '—' : signedPct(cell.bestChangePct)}</td>,
                ]
              })}
              <td>{row.firstProgressionDate ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
