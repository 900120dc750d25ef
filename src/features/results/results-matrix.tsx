import { Fragment, type ReactNode } from 'react'
import { LEVEL_OF, type Evaluation, type Response, type ResponseLevel } from '../../../criteria/index.ts'

/** A selected matrix cell: one criterion at one follow-up timepoint, or its best response. */
export interface CellSelection {
  criterion: string
  /** A timepoint id, or "best". */
  column: string
}

interface Column {
  id: string
  date: string
  label: string
}

const LEVEL_NAMES: Record<ResponseLevel, string> = {
  CR: 'complete response',
  PR: 'partial response',
  SD: 'stable disease',
  PD: 'progressive disease',
  NE: 'not evaluable',
  'NON-CR/NON-PD': 'non-CR/non-PD',
}

/** Colour by the common scale, so WHO's NC looks like SD and iRECIST's iPR like PR. */
export const responseClass = (r: Response | null) => {
  const level = r ? LEVEL_OF[r] : null
  return level ? `resp resp-${level === 'NON-CR/NON-PD' ? 'non' : level.toLowerCase()}` : 'resp'
}

const describe = (r: Response) => (LEVEL_OF[r] === r ? LEVEL_NAMES[LEVEL_OF[r]] : `${LEVEL_NAMES[LEVEL_OF[r]]} level`)

/** Follow-up timepoints across all criteria, in date order. */
function columnsOf(evaluation: Evaluation, labels: ReadonlyMap<string, string>): Column[] {
  const byId = new Map<string, Column>()
  for (const r of evaluation.results)
    for (const t of r.timepoints) byId.set(t.timepoint, { id: t.timepoint, date: t.date, label: labels.get(t.timepoint) || t.timepoint })
  return [...byId.values()].sort((a, b) => a.date.localeCompare(b.date))
}

/** Timepoints where the criteria do not all give the same response, compared on the common scale. */
export function disagreements(evaluation: Evaluation): Set<string> {
  const seen = new Map<string, Set<ResponseLevel>>()
  for (const r of evaluation.results)
    for (const t of r.timepoints) seen.set(t.timepoint, (seen.get(t.timepoint) ?? new Set()).add(LEVEL_OF[t.response]))
  return new Set([...seen].filter(([, responses]) => responses.size > 1).map(([id]) => id))
}

const confirmationText = (confirmed: boolean | null) => (confirmed === null ? '' : confirmed ? 'confirmed' : 'unconfirmed')

export function ResultsMatrix({
  evaluation,
  timepointLabels,
  selected,
  onSelect,
}: {
  evaluation: Evaluation
  timepointLabels: ReadonlyMap<string, string>
  selected?: CellSelection | null
  onSelect?: (cell: CellSelection) => void
}) {
  const columns = columnsOf(evaluation, timepointLabels)
  const differ = disagreements(evaluation)
  const isSelected = (criterion: string, column: string) => selected?.criterion === criterion && selected.column === column

  const cell = (criterion: string, column: string, content: ReactNode, className: string, description: string) => (
    <td className={`${className}${isSelected(criterion, column) ? ' selected' : ''}`}>
      {onSelect ? (
        <button type="button" className="cell-button" aria-pressed={isSelected(criterion, column)} aria-label={description} onClick={() => onSelect({ criterion, column })}>
          {content}
        </button>
      ) : (
        <span aria-label={description}>{content}</span>
      )}
    </td>
  )

  if (columns.length === 0) return <p className="muted">No follow-up timepoint yet: responses start at the first scan after baseline.</p>

  return (
    <div className="table-scroll">
      <table className="matrix" aria-label="Responses by criterion and timepoint">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            {columns.map((c) => (
              <th scope="col" key={c.id} className={differ.has(c.id) ? 'disagree' : undefined}>
                <span className="col-label">{c.label}</span>
                <span className="col-date">{c.date}</span>
                {differ.has(c.id) && <span className="disagree-mark">criteria disagree</span>}
              </th>
            ))}
            <th scope="col">Best overall</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.results.map((r) => (
            <tr key={r.criterion}>
              <th scope="row">
                {r.name}
                {r.status === 'provisional' && <span className="badge" title="A rule could not be verified against the primary publication">provisional</span>}
              </th>
              {columns.map((c) => {
                const t = r.timepoints.find((tp) => tp.timepoint === c.id)
                const disagree = differ.has(c.id)
                return (
                  <Fragment key={c.id}>
                    {t
                      ? cell(r.criterion, c.id, <span className={responseClass(t.response)}>{t.response}</span>, disagree ? 'disagree' : '', `${r.name} at ${c.label}: ${t.response}, ${describe(t.response)}${disagree ? ' (criteria disagree)' : ''}`)
                      : <td>—</td>}
                  </Fragment>
                )
              })}
              {cell(
                r.criterion,
                'best',
                <>
                  <span className={responseClass(r.best.response)}>{r.best.response ?? '—'}</span>
                  {r.best.confirmed !== null && <span className={`confirm ${r.best.confirmed ? 'yes' : 'no'}`}>{confirmationText(r.best.confirmed)}</span>}
                </>,
                'best',
                `${r.name} best overall response: ${r.best.response ?? 'none'}${r.best.confirmed === null ? '' : `, ${confirmationText(r.best.confirmed)}`}`,
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
