import { Fragment, lazy, memo, Suspense, useRef, type FocusEvent, type ReactNode, type RefObject } from 'react'
import { LEVEL_OF, type Evaluation, type Response, type ResponseLevel } from '../../../criteria/index.ts'
import type { Slot } from '../entry/grid-whole.ts'

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

interface MatrixProps {
  evaluation: Evaluation
  timepointLabels: ReadonlyMap<string, string>
  selected?: CellSelection | null
  onSelect?: (cell: CellSelection) => void
}

/**
 * A matrix with more follow-up timepoints than this renders only the columns in view
 * (matrix-window.ts): a 200-timepoint case has 2,000 response cells, whose style, layout and
 * paint alone took longer than a frame each time the results changed or the page scrolled.
 */
export const WINDOWED_COLUMNS = 40
/** A follow-up column's width in px when only those in view are rendered (styles.css: `.matrix.windowed`). */
export const MATRIX_COLUMN_PX = 88

/** What of the follow-up columns to render: slots (columns and gaps), and a ref for each rendered column's header, so its real width is used. */
export interface MatrixColumns {
  slots: Slot[]
  measure: (el: HTMLElement | null) => void
  /** On the table: remembers the focused cell's column, so it stays rendered when scrolled away. */
  onFocus: (e: FocusEvent<HTMLElement>) => void
}
/** `scrollRef` is the matrix's scroll box, `firstRef` the criterion column's header. */
export type UseMatrixColumns = (scrollRef: RefObject<HTMLElement | null>, firstRef: RefObject<HTMLElement | null>, count: number) => MatrixColumns
const nothing = () => {}
const everyColumn: UseMatrixColumns = (_scroll, _first, count) => ({ slots: Array.from({ length: count }, (_, index) => ({ kind: 'item', index })), measure: nothing, onFocus: nothing })
/** The matrix's props, with its follow-up columns worked out once (ResultsMatrix chooses the view by their number). */
type ViewProps = MatrixProps & { columns: Column[] }
const WindowedMatrix = lazy(() => import('./matrix-window.ts').then(({ useMatrixWindow }) => ({ default: (props: ViewProps) => <MatrixView {...props} useColumns={useMatrixWindow} /> })))

export function ResultsMatrix(props: MatrixProps) {
  const columns = columnsOf(props.evaluation, props.timepointLabels)
  if (columns.length <= WINDOWED_COLUMNS) return <MatrixView {...props} columns={columns} useColumns={everyColumn} />
  return (
    <Suspense fallback={<p className="muted" role="status">Loading the responses…</p>}>
      <WindowedMatrix {...props} columns={columns} />
    </Suspense>
  )
}

function MatrixView({ evaluation, columns, selected, onSelect, useColumns }: ViewProps & { useColumns: UseMatrixColumns }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const firstRef = useRef<HTMLTableCellElement>(null)
  const { slots, measure, onFocus } = useColumns(scrollRef, firstRef, columns.length)
  const differ = disagreements(evaluation)
  const shownColumns = slots.flatMap((slot) => (slot.kind === 'item' ? [columns[slot.index]!] : []))
  const columnsText = slots.map((slot) => (slot.kind === 'gap' ? `${slot.key}:${slot.size}` : `${columns[slot.index]!.id}|${columns[slot.index]!.label}|${columns[slot.index]!.date}`)).join('\n')

  if (columns.length === 0) return <p className="muted">No follow-up timepoint yet: responses start at the first scan after baseline.</p>

  const windowed = useColumns !== everyColumn
  // The columns not rendered: an empty cell of their width, hidden from assistive technology (the table says how many columns it has: aria-colcount).
  const gap = (slot: Extract<Slot, { kind: 'gap' }>) => <td key={slot.key} className="gap" aria-hidden="true" style={{ minWidth: slot.size, width: slot.size, maxWidth: slot.size }} />
  // Column positions for assistive technology, counted over every column (rendered or not).
  const colIndex = (i: number) => (windowed ? i + 2 : undefined)
  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className={`matrix${windowed ? ' windowed' : ''}`} aria-label="Responses by criterion and timepoint" aria-colcount={windowed ? columns.length + 2 : undefined} onFocus={onFocus}>
        <thead>
          <tr>
            <th scope="col" ref={firstRef}>
              Criterion
            </th>
            {slots.map((slot) => {
              if (slot.kind === 'gap') return gap(slot)
              const c = columns[slot.index]!
              return (
                <th scope="col" key={c.id} ref={measure} data-index={slot.index} aria-colindex={colIndex(slot.index)} className={differ.has(c.id) ? 'disagree' : undefined}>
                  <span className="col-label">{c.label}</span>
                  <span className="col-date">{c.date}</span>
                  {differ.has(c.id) && <span className="disagree-mark">criteria disagree</span>}
                </th>
              )
            })}
            <th scope="col" aria-colindex={windowed ? columns.length + 2 : undefined}>
              Best overall
            </th>
          </tr>
        </thead>
        <tbody>
          {evaluation.results.map((r) => {
            const selectedColumn = selected?.criterion === r.criterion ? selected.column : null
            const responseAt = new Map(r.timepoints.map((tp) => [tp.timepoint, tp]))
            const shown = [columnsText, r.name, r.status, selectedColumn, r.best.response, r.best.confirmed, ...shownColumns.map((c) => `${responseAt.get(c.id)?.response ?? '—'}${differ.get(c.id)?.has(r.criterion) ? '!' : ''}`)]
            return <CriterionRow key={r.criterion} r={r} responseAt={responseAt} columns={columns} slots={slots} gap={gap} colIndex={colIndex} differ={differ} selectedColumn={selectedColumn} onSelect={onSelect} shown={shown.join('\n')} />
          })}
        </tbody>
      </table>
    </div>
  )
}

interface RowProps {
  r: Result
  /** The criterion's response at each timepoint, by id. */
  responseAt: ReadonlyMap<string, Result['timepoints'][number]>
  columns: Column[]
  /** The columns rendered, and gaps for the others. */
  slots: Slot[]
  gap: (slot: Extract<Slot, { kind: 'gap' }>) => ReactNode
  /** A column's position for assistive technology (undefined: every column is rendered). */
  colIndex: (index: number) => number | undefined
  differ: Map<string, Set<string>>
  selectedColumn: string | null
  onSelect?: (cell: CellSelection) => void
  /** Everything the row shows, as text: a row that shows the same as before is not rendered again (on a keystroke, most rows). */
  shown: string
}

/** One criterion's responses across the timepoints, and its best overall response. */
const CriterionRow = memo(
  function CriterionRow({ r, responseAt, columns, slots, gap, colIndex, differ, selectedColumn, onSelect }: RowProps) {
    /** The visible response carries the accessible name too (WCAG 2.5.3): the rest is visually hidden. */
    const cell = (column: string, before: string, content: ReactNode, after: string, className: string, index?: number) => {
      const inner = (
        <>
          <span className="visually-hidden">{before.trimEnd()}</span> {content}
          <span className="visually-hidden">{after}</span>
        </>
      )
      const isSelected = selectedColumn === column
      return (
        <td className={`${className}${isSelected ? ' selected' : ''}`} aria-colindex={index}>
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
        {slots.map((slot) => {
          if (slot.kind === 'gap') return gap(slot)
          const c = columns[slot.index]!
          const t = responseAt.get(c.id)
          const disagree = differ.get(c.id)?.has(r.criterion) ?? false
          return (
            <Fragment key={c.id}>
              {t ? cell(c.id, `${r.name} at ${c.label}: `, <span className={responseClass(t.response)}>{t.response}</span>, `, ${describe(t.response)}${disagree ? ' (criteria disagree)' : ''}`, disagree ? 'disagree' : '', colIndex(slot.index)) : <td aria-colindex={colIndex(slot.index)}>—</td>}
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
          colIndex(columns.length),
        )}
      </tr>
    )
  },
  (a, b) => a.shown === b.shown && a.onSelect === b.onSelect,
)
