import { Fragment, memo, type ReactNode } from 'react'
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

/**
 * Where the criteria disagree: timepoint → the criteria whose cell to highlight. Responses are
 * compared on the common scale, and NE (a criterion that cannot judge) is not a disagreement.
 * Cells that differ from RECIST 1.1, the reference in osteosarcoma trials (spec §9.9), are the
 * ones highlighted; without an evaluable RECIST 1.1 cell, all evaluable cells of the column are.
 */
export function disagreements(evaluation: Evaluation): Map<string, Set<string>> {
  const levels = new Map<string, Map<string, ResponseLevel>>()
  for (const r of evaluation.results)
    for (const t of r.timepoints) if (LEVEL_OF[t.response] !== 'NE') levels.set(t.timepoint, (levels.get(t.timepoint) ?? new Map()).set(r.criterion, LEVEL_OF[t.response]))
  const out = new Map<string, Set<string>>()
  for (const [timepoint, byCriterion] of levels) {
    if (new Set(byCriterion.values()).size < 2) continue
    const reference = byCriterion.get('recist11')
    out.set(timepoint, new Set([...byCriterion].filter(([, level]) => reference === undefined || level !== reference).map(([criterion]) => criterion)))
  }
  return out
}

/**
 * Shown beside results that are of an earlier state of the case while the latest edit is being
 * evaluated (use-case-analysis.ts); it fades in only when that takes a moment, so quick updates
 * do not flicker. The results' container says the same to assistive technology with aria-busy.
 */
export function UpdatingNote({ updating }: { updating: boolean }) {
  return updating ? <span className="updating-note">Updating…</span> : null
}

const confirmationText = (confirmed: boolean | null) => (confirmed === null ? '' : confirmed ? 'confirmed' : 'unconfirmed')

type Result = Evaluation['results'][number]

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
  const columnsText = columns.map((c) => `${c.id}|${c.label}|${c.date}`).join('\n')

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
          {evaluation.results.map((r) => {
            const selectedColumn = selected?.criterion === r.criterion ? selected.column : null
            const shown = [columnsText, r.name, r.status, selectedColumn, r.best.response, r.best.confirmed, ...columns.map((c) => `${r.timepoints.find((tp) => tp.timepoint === c.id)?.response ?? '—'}${differ.get(c.id)?.has(r.criterion) ? '!' : ''}`)]
            return <CriterionRow key={r.criterion} r={r} columns={columns} differ={differ} selectedColumn={selectedColumn} onSelect={onSelect} shown={shown.join('\n')} />
          })}
        </tbody>
      </table>
    </div>
  )
}

interface RowProps {
  r: Result
  columns: Column[]
  differ: Map<string, Set<string>>
  selectedColumn: string | null
  onSelect?: (cell: CellSelection) => void
  /** Everything the row shows, as text: a row that shows the same as before is not rendered again (on a keystroke, most rows). */
  shown: string
}

/** One criterion's responses across the timepoints, and its best overall response. */
const CriterionRow = memo(
  function CriterionRow({ r, columns, differ, selectedColumn, onSelect }: RowProps) {
    /** The visible response carries the accessible name too (WCAG 2.5.3): the rest is visually hidden. */
    const cell = (column: string, before: string, content: ReactNode, after: string, className: string) => {
      const inner = (
        <>
          <span className="visually-hidden">{before.trimEnd()}</span> {content}
          <span className="visually-hidden">{after}</span>
        </>
      )
      const isSelected = selectedColumn === column
      return (
        <td className={`${className}${isSelected ? ' selected' : ''}`}>
          {onSelect ? (
            <button type="button" className="cell-button" aria-pressed={isSelected} onClick={() => onSelect({ criterion: r.criterion, column })}>
              {inner}
            </button>
          ) : (
            inner
          )}
        </td>
      )
    }
    return (
      <tr>
        <th scope="row">
          {r.name}
          {r.status === 'provisional' && <span className="badge" title="A rule could not be verified against the primary publication">provisional</span>}
        </th>
        {columns.map((c) => {
          const t = r.timepoints.find((tp) => tp.timepoint === c.id)
          const disagree = differ.get(c.id)?.has(r.criterion) ?? false
          return (
            <Fragment key={c.id}>
              {t ? cell(c.id, `${r.name} at ${c.label}: `, <span className={responseClass(t.response)}>{t.response}</span>, `, ${describe(t.response)}${disagree ? ' (criteria disagree)' : ''}`, disagree ? 'disagree' : '') : <td>—</td>}
            </Fragment>
          )
        })}
        {cell(
          'best',
          `${r.name} best overall response: `,
          <>
            <span className={responseClass(r.best.response)}>{r.best.response ?? 'none'}</span>
            {r.best.confirmed !== null && (
              <>
                <span className="visually-hidden">,</span> <span className={`confirm ${r.best.confirmed ? 'yes' : 'no'}`}>{confirmationText(r.best.confirmed)}</span>
              </>
            )}
          </>,
          '',
          'best',
        )}
      </tr>
    )
  },
  (a, b) => a.shown === b.shown && a.onSelect === b.onSelect,
)
