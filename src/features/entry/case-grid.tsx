import { lazy, memo, Suspense, useContext, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react'
import type { Finding } from '../../../criteria/index.ts'
import { FieldError, ProblemsContext } from '../../components/problems.tsx'
import { SHORTCUTS, shortcutProps } from '../../components/shortcuts.ts'
import { useAppStore, type AppState } from '../../store/app-store.ts'
import type { CaseDraft, DraftLesion } from '../../store/case-draft.ts'
import { addLesion, addTimepoint, deleteLesion, deleteTimepoint, moveLesion, moveTimepoint, setIn, setLesionKind, setLesionRole } from './draft-edits.ts'
import { buildGrid, cellProblems, FINDING_SHORT, lesionTitle, parseTsv, pasteBlock, timepointTitle, type GridCell, type GridRow } from './grid-model.ts'
import { LesionHeader as LesionHeaderView } from './lesion-header.tsx'
import { useWholeGrid, WINDOWED_CELLS, type Slot, type UseGridWindow } from './grid-whole.ts'
import { enterThroughLesionFields, requestCellFocus, requestFocus, useEntryShortcuts, useRequestedFocus } from './entry-keys.ts'

/**
 * The case as a spreadsheet: timepoints are columns, lesions are rows. Arrow keys, Enter and
 * Tab move between cells; a tab-separated block pasted from a spreadsheet fills cells from the
 * focused one.
 */
export function CaseGrid(props: CaseGridProps) {
  const { draft } = props
  if (draft.lesions.length * draft.timepoints.length <= WINDOWED_CELLS) return <CaseGridView {...props} useWindow={useWholeGrid} />
  return (
    <Suspense fallback={<p className="muted" role="status">Loading the grid…</p>}>
      <WindowedGrid {...props} />
    </Suspense>
  )
}

interface CaseGridProps {
  draft: CaseDraft
  lesionFindings: ReadonlyMap<string, Finding[]>
}

/**
 * The lesion block (null: none) and column just added, to scroll into view once the grid counts
 * them: in a larger case they may be out of view, so not rendered and not focusable. Kept outside
 * the component because the add that makes a case larger replaces the whole grid with the windowed one.
 */
let revealAdded: [number | null, number] | null = null

/** A larger case: only what is in view is rendered (grid-window.ts, loaded when first needed). */
const WindowedGrid = lazy(() =>
  import('./grid-window.ts').then(({ useGridWindow }) => ({ default: (props: CaseGridProps) => <CaseGridView {...props} useWindow={useGridWindow} /> })),
)

function CaseGridView({ draft, lesionFindings, useWindow }: CaseGridProps & { useWindow: UseGridWindow }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const rows = useMemo(() => buildGrid(draft), [draft])
  // Read here, once, and handed to each cell as a prop: a context read in every cell would re-render all of them on each keystroke.
  const problemsByPath = useContext(ProblemsContext)
  const problemsOf = (c: GridCell) => cellProblems(problemsByPath, c)
  const tableRef = useRef<HTMLTableElement>(null)
  // After adding a row or column, focus moves to its first field (keyboard-first entry).
  const addColumn = () => {
    edit(addTimepoint)
    revealAdded = [null, draft.timepoints.length]
    requestFocus(`tp-col-${draft.timepoints.length}`)
  }
  const addRow = (role: 'target' | 'non-target') => {
    edit((d) => addLesion(d, role))
    revealAdded = [draft.lesions.length, 0]
    requestFocus(`lesion-${draft.lesions.length}-name`)
  }
  useEntryShortcuts({ timepoint: addColumn, target: () => addRow('target'), nonTarget: () => addRow('non-target') })

  // A signed-off timepoint's cells are locked: a change is committed when the cell is left, and the store asks for a reason.
  const signed = new Set(Array.isArray(draft.signOffs) ? draft.signOffs.map((s: { timepoint?: unknown }) => String(s.timepoint)) : [])
  const locked = (ci: number) => signed.has(draft.timepoints[ci]?.id ?? '')
  const timepointRows = rows.filter((r) => r.lesionIndex === null)
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]))
  const columns = draft.timepoints.length

  // In a larger case only what is on screen is rendered (grid-whole.ts); a keyboard move to a cell out of view scrolls to it first.
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLTableSectionElement>(null)
  const cornerRef = useRef<HTMLTableCellElement>(null)
  const rowsPerLesion = new Array<number>(draft.lesions.length).fill(0)
  for (const r of rows) if (r.lesionIndex !== null) rowsPerLesion[r.lesionIndex]!++
  const view = useWindow(scrollRef, headRef, cornerRef, draft.lesions.length, columns, (li) => rowsPerLesion[li] ?? 1)
  useLayoutEffect(() => {
    const added = revealAdded
    if (!added || (added[0] ?? 0) >= draft.lesions.length || added[1] >= columns) return
    revealAdded = null
    view.reveal(added[0], added[1])
  })
  useRequestedFocus()
  // The cell out of view that a key moved to, until it (or any other cell) gets the focus: keys pressed meanwhile move on from it.
  const pendingCell = useRef<[number, number] | null>(null)
  const reveal = (row: number, col: number) => {
    if (!rows[row] || col < 0 || col >= columns || !tableRef.current) return
    pendingCell.current = [row, col]
    requestCellFocus(tableRef.current, row, col)
    view.reveal(rows[row].lesionIndex, col)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    enterThroughLesionFields(e)
    moveInGrid(tableRef.current, e, reveal, pendingCell.current)
  }
  const onFocus = (e: FocusEvent<HTMLTableElement>) => {
    pendingCell.current = null
    view.onFocus(e)
  }
  // Cells of the columns on screen, with gaps for the others.
  const columnCells = (render: (ci: number) => ReactNode) => view.columns.map((slot) => (slot.kind === 'gap' ? <Gap key={slot.key} slot={slot} /> : render(slot.index)))
  const columnsKey = view.columns.map((slot) => (slot.kind === 'gap' ? `${slot.key}:${slot.size}` : slot.index)).join(',')

  return (
    <div className="grid-wrap">
      <div className="row grid-actions">
        <button type="button" onClick={addColumn} {...shortcutProps('timepoint')}>+ Timepoint</button>
        <button type="button" onClick={() => addRow('target')} {...shortcutProps('target')}>+ Target lesion</button>
        <button type="button" onClick={() => addRow('non-target')} {...shortcutProps('nonTarget')}>+ Non-target lesion</button>
        <span className="muted small">
          ↑ ↓ Enter move between rows, ← → between timepoints; {SHORTCUTS.timepoint.keys} adds a timepoint, {SHORTCUTS.target.keys} a target lesion; press {SHORTCUTS.help.keys} for every key. Paste a block copied from a spreadsheet.
        </span>
      </div>
      <div className="table-scroll grid-scroll" ref={scrollRef}>
        <table className="entry-grid" ref={tableRef} onFocus={onFocus} onKeyDown={onKeyDown} onPaste={(e) => pasteInGrid(rows, e)} aria-label="Case entry: timepoints in columns, lesions in rows">
          <thead>
            <tr>
              <th scope="col" colSpan={2} className="corner" ref={cornerRef}>Lesion / field</th>
              {columnCells((ti) => {
                const t = draft.timepoints[ti]!
                return (
                <th scope="col" key={t.id || ti} className="tp-head">
                  <span className="tp-title">{timepointTitle(t, ti)}{locked(ti) && <span className="badge locked" title="Signed off: changes need a reason and are logged">🔒 signed</span>}</span>
                  <span className="tp-sub">{t.label?.trim() ? t.date : ''}</span>
                  <span className="tp-actions">
                    <button type="button" className="small" aria-label={`Move ${timepointTitle(t, ti)} left`} disabled={ti === 0} onClick={() => edit((d) => moveTimepoint(d, ti, ti - 1))}>◀</button>
                    <button type="button" className="small" aria-label={`Move ${timepointTitle(t, ti)} right`} disabled={ti === columns - 1} onClick={() => edit((d) => moveTimepoint(d, ti, ti + 1))}>▶</button>
                    <button type="button" className="small danger" aria-label={`Delete ${timepointTitle(t, ti)}`} onClick={() => edit((d) => deleteTimepoint(d, ti))}>✕</button>
                  </span>
                </th>
                )
              })}
            </tr>
          </thead>
          <tbody className="tp-rows" ref={headRef}>
            {timepointRows.map((r) => (
              <tr key={r.key}>
                <th scope="row" colSpan={2}>{r.field}</th>
                {columnCells((ci) => {
                  const c = r.cells[ci]!
                  return (
                  <td key={c.key}>
                    <Cell cell={c} problems={problemsOf(c)} row={rowIndex.get(r.key)!} col={ci} locked={locked(ci)} focusKey={r.key === 'tp-date' ? `tp-col-${ci}` : undefined} />
                  </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
          {view.blocks.map((slot) => {
            if (slot.kind === 'gap') return <GapBody key={slot.key} slot={slot} span={view.span} />
            const li = slot.index
            const lesion = draft.lesions[li]!
            const warnings = lesionFindings.get(lesion.id) ?? []
            const firstRow = rowIndex.get(`lesion-${li}-${lesion.role === 'non-target' ? 'status' : 'longAxisMm'}`) ?? -1
            // Everything this lesion's rows are built from: when none changed, its rows are left as they are.
            const deps = [lesion, li, draft.lesions.length, draft.timepoints, draft.signOffs, firstRow, problemsByPath, columns, columnsKey, warnings.map((f) => `${f.severity}|${f.code}|${f.timepoint ?? ''}|${f.message}`).join('\n')]
            return (
              <LesionBody
                key={li}
                deps={deps}
                render={() => {
                  const lesionRows = rows.filter((r) => r.lesionIndex === li)
                  return (
                    <tbody className={`lesion ${lesion.role === 'non-target' ? 'non-target' : 'target'}`} data-index={li} ref={view.measureBlock}>
                      {lesionRows.map((r, ri) => (
                        <tr key={r.key}>
                          {ri === 0 && (
                            <th scope="rowgroup" rowSpan={lesionRows.length} className="lesion-head">
                              <LesionHeader
                                lesion={lesion}
                                index={li}
                                count={draft.lesions.length}
                                onChange={(path, value) => edit((d) => setIn(d, ['lesions', li, ...path], value), `lesions.${li}.${path.join('.')}`)}
                                onRole={(role) => edit((d) => setLesionRole(d, li, role))}
                                onKind={(kind) => edit((d) => setLesionKind(d, li, kind))}
                                onMove={(to) => edit((d) => moveLesion(d, li, to))}
                                onDelete={() => edit((d) => deleteLesion(d, li))}
                              />
                            </th>
                          )}
                          <th scope="row" className="field-name">{r.field}</th>
                          <RowCells
                            cells={r.cells}
                            columns={view.columns}
                            problems={r.cells.map(problemsOf)}
                            row={rowIndex.get(r.key)!}
                            locked={r.cells.map((_, ci) => locked(ci))}
                          />
                        </tr>
                      ))}
                      {warnings.length > 0 && <LesionWarnings lesion={lesion} index={li} findings={warnings} span={view.span} />}
                    </tbody>
                  )
                }}
              />
            )
          })}
        </table>
      </div>
      {draft.lesions.length === 0 && <p className="muted">No lesions yet: add the target lesions chosen at baseline, then the non-target ones.</p>}
    </div>
  )
}

/**
 * Arrow keys and Enter move between the cells of a grid table (its `data-row` / `data-col`
 * controls). In a text cell, left/right move the caret until it reaches the edge (or leave a
 * cell whose whole text is selected, as it is on arrival), as in a spreadsheet. `pending` is a
 * cell out of view that an earlier key moved to and that is not focused yet (being scrolled to):
 * keys pressed before it arrives move on from it, so none is lost however slowly the grid renders.
 */
export function moveInGrid(table: HTMLTableElement | null, e: KeyboardEvent<HTMLTableElement>, reveal?: (row: number, col: number) => void, pending?: readonly [number, number] | null) {
  const el = e.target as HTMLElement
  if (el.dataset.row === undefined || e.altKey || e.ctrlKey || e.metaKey) return
  const [row, col] = pending ?? [Number(el.dataset.row), Number(el.dataset.col)]
  // The pending cell's text will be selected on arrival: left and right leave it at once.
  const input = !pending && el instanceof HTMLInputElement ? el : null
  let to: [number, number] | null = null
  if (e.key === 'ArrowUp') to = [row - 1, col]
  else if (e.key === 'ArrowDown') to = [row + 1, col]
  // Enter moves down from every cell, a Findings cell too (Space opens its checklist).
  else if (e.key === 'Enter') to = [row + (e.shiftKey ? -1 : 1), col]
  else if (e.key === 'ArrowLeft' && (!input || (input.selectionStart === 0 && (input.selectionEnd === 0 || input.selectionEnd === input.value.length)))) to = [row, col - 1]
  else if (e.key === 'ArrowRight' && (!input || input.selectionEnd === input.value.length)) to = [row, col + 1]
  if (!to) return
  e.preventDefault()
  const next = table?.querySelector<HTMLElement>(`[data-row="${to[0]}"][data-col="${to[1]}"]`)
  // Not rendered (out of view in a large case): scrolled to, then focused.
  if (!next) return reveal?.(to[0], to[1])
  next.focus()
  if (next instanceof HTMLInputElement) next.select()
}

/** Stands for the columns not rendered (grid-window.ts). */
function Gap({ slot }: { slot: Extract<Slot, { kind: 'gap' }> }) {
  return <td className="gap" aria-hidden="true" style={{ minWidth: slot.size, width: slot.size }} />
}

/** Stands for the lesion blocks not rendered. */
function GapBody({ slot, span }: { slot: Extract<Slot, { kind: 'gap' }>; span: number }) {
  return (
    <tbody className="gap" aria-hidden="true">
      <tr style={{ height: slot.size }}>
        <td colSpan={span} />
      </tr>
    </tbody>
  )
}

/** A tab-separated block pasted into a grid table fills its cells from the focused one. */
export function pasteInGrid(rows: readonly GridRow[], e: ClipboardEvent<HTMLTableElement>) {
  const el = e.target as HTMLElement
  if (el.dataset.row === undefined) return
  const block = parseTsv(e.clipboardData.getData('text/plain'))
  if (block.length === 1 && block[0]!.length === 1) return // one value: the input's own paste
  e.preventDefault()
  edit((d) => pasteBlock(d, rows, Number(el.dataset.row), Number(el.dataset.col), block))
}

function LesionWarnings({ lesion, index, findings, span }: { lesion: DraftLesion; index: number; findings: Finding[]; span: number }) {
  return (
    <tr className="lesion-warnings">
      <td colSpan={span}>
        <ul aria-label={`Caveats for ${lesionTitle(lesion, index)}`}>
          {findings.map((f) => (
            <li key={`${f.code}|${f.timepoint ?? ''}|${f.message}`} className={`sev-${f.severity}`}>
              <span className="sev">{f.severity}</span> {f.message}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  )
}

/**
 * Re-rendered only when the lesion's own fields change, not its measurements (a keystroke in the
 * grid replaces the lesion's object and its assessments, nothing else: an edit keeps every object
 * it does not change); callbacks act by index, which is compared.
 */
const LesionHeader = memo(LesionHeaderView, (a, b) => a.index === b.index && a.count === b.count && sameOwnFields(a.lesion, b.lesion))

function sameOwnFields(a: DraftLesion, b: DraftLesion) {
  if (a === b) return true
  const keys = Object.keys(a) as (keyof DraftLesion)[]
  return keys.length === Object.keys(b).length && keys.every((k) => k === 'assessments' || Object.is(a[k], b[k]))
}

interface CellProps {
  cell: GridCell
  problems: readonly string[]
  row: number
  col: number
  focusKey?: string
  locked?: boolean
}

const samePath = (a: GridCell['path'], b: GridCell['path']) => a === b || (a !== null && b !== null && a.length === b.length && a.every((k, i) => k === b[i]))

/**
 * A keystroke changes one cell: the others skip rendering (a 20 × 12 case has ~1,500 cells).
 * The grid rebuilds every cell object per draft, so cells compare by what they show. Their
 * callbacks are left out: `cell.write` and `cell.toggle` act on the draft handed to the
 * store's recipe, addressed by the cell's path (lesion index, timepoint id, field), which is compared.
 */
function sameCell(a: CellProps, b: CellProps) {
  const x = a.cell
  const y = b.cell
  return (
    a.row === b.row && a.col === b.col && a.focusKey === b.focusKey && a.locked === b.locked &&
    (a.problems === b.problems || a.problems.join('\n') === b.problems.join('\n')) &&
    x.key === y.key && x.value === y.value && x.label === y.label && x.kind === y.kind && x.options === y.options &&
    x.numeric === y.numeric && x.placeholder === y.placeholder && x.disabled === y.disabled && x.hint === y.hint && x.commitOnLeave === y.commitOnLeave && samePath(x.path, y.path) &&
    (x.findings ?? []).join(',') === (y.findings ?? []).join(',')
  )
}

export const Cell = memo(CellView, sameCell)

/**
 * A lesion's rows, rendered again only when one of `deps` changed: a keystroke changes one
 * lesion, and the other lesions' rows (each a few hundred fibers) are skipped without a look.
 */
const LesionBody = memo(
  function LesionBody({ render }: { deps: readonly unknown[]; render: () => ReactNode }) {
    return render()
  },
  (a, b) => a.deps.length === b.deps.length && a.deps.every((d, i) => Object.is(d, b.deps[i])),
)

interface RowCellsProps {
  cells: GridCell[]
  /** The columns on screen and the gaps between them. */
  columns: readonly Slot[]
  problems: (readonly string[])[]
  row: number
  locked: boolean[]
}

const cellProps = (p: RowCellsProps, ci: number): CellProps => ({ cell: p.cells[ci]!, problems: p.problems[ci]!, row: p.row, col: ci, locked: p.locked[ci] })

/** A lesion row's cells, skipped as a whole when none of them changed (as `Cell`; the callback is left out the same way). */
const RowCells = memo(
  function RowCells(p: RowCellsProps) {
    return p.columns.map((slot) =>
      slot.kind === 'gap' ? (
        <Gap key={slot.key} slot={slot} />
      ) : (
        <td key={p.cells[slot.index]!.key}>
          <Cell {...cellProps(p, slot.index)} />
        </td>
      ),
    )
  },
  (a, b) =>
    a.row === b.row &&
    a.cells.length === b.cells.length &&
    a.columns.length === b.columns.length &&
    a.columns.every((slot, i) => sameSlot(slot, b.columns[i]!)) &&
    a.columns.every((slot) => slot.kind === 'gap' || sameCell(cellProps(a, slot.index), cellProps(b, slot.index))),
)

const sameSlot = (a: Slot, b: Slot) => (a.kind === 'gap' ? b.kind === 'gap' && a.key === b.key && a.size === b.size : b.kind === 'item' && a.index === b.index)

/** The store's edit action, read when called: a subscription per cell would run ~1,500 selectors on every change. */
const edit: AppState['editOpenCase'] = (recipe, key) => useAppStore.getState().editOpenCase(recipe, key)

function CellView({ cell, problems, row, col, focusKey, locked = false }: CellProps) {
  // Locked (signed-off) text cells and dates keep what is typed here until the cell is left.
  const [typed, setTyped] = useState<string | null>(null)
  const deferred = locked || cell.commitOnLeave === true
  const commit = () => {
    if (typed !== null && typed !== cell.value) edit((d) => cell.write(d, typed))
    setTyped(null)
  }
  const errorId = `err-${cell.key}`
  const nav = { 'data-row': row, 'data-col': col, 'data-focus-key': focusKey }
  const invalid = problems.length > 0 || undefined
  const describedBy = problems.length ? errorId : undefined
  const write = (text: string) => edit((d) => cell.write(d, text), cell.key)

  let control
  if (cell.disabled) control = <input {...nav} aria-label={cell.label} className="off" value="" readOnly title={cell.disabled} />
  else if (cell.kind === 'select') {
    const known = cell.options!.some((o) => o.value === cell.value)
    control = (
      <select {...nav} aria-label={locked ? `${cell.label} (signed off)` : cell.label} className={locked ? 'locked' : undefined} value={cell.value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => write(e.target.value)}>
        {!known && <option value={cell.value}>{cell.value}</option>}
        {cell.options!.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    )
  } else if (cell.kind === 'findings') {
    control = <FindingsCell cell={cell} nav={{ ...nav, 'aria-describedby': describedBy }} />
  } else {
    control = (
      <input
        {...nav}
        aria-label={locked ? `${cell.label} (signed off)` : cell.label}
        value={deferred ? (typed ?? cell.value) : cell.value}
        placeholder={cell.placeholder}
        title={cell.hint}
        inputMode={cell.numeric ? 'decimal' : undefined}
        className={[cell.numeric ? 'num' : '', locked ? 'locked' : ''].join(' ').trim() || undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => (deferred ? setTyped(e.target.value) : write(e.target.value))}
        onBlur={deferred ? commit : undefined}
        onKeyDown={deferred ? (e) => e.key === 'Enter' && commit() : undefined}
      />
    )
  }
  return (
    <>
      {control}
      <FieldError id={errorId} messages={problems} />
    </>
  )
}

function FindingsCell({ cell, nav }: { cell: GridCell; nav: Record<string, unknown> }) {
  const ref = useRef<HTMLDetailsElement>(null)
  const selected = new Set(cell.findings)
  const shown = (cell.findings ?? []).map((f) => FINDING_SHORT[f] ?? f.replace(/-/g, ' ')).join(', ')
  return (
    <details
      ref={ref}
      className="findings"
      // Opened (by Space or a click): the first box takes the focus, so the list is ticked by keyboard.
      onToggle={(e) => e.currentTarget.open && e.currentTarget.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus()}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !ref.current?.open) return
        ref.current.open = false
        ref.current.querySelector('summary')?.focus()
      }}
    >
      {/* The name ends with the words on screen (WCAG 2.5.3: a speech user says what they see). */}
      <summary {...nav} aria-label={`${cell.label}: ${shown || 'none'}`}>
        {shown || '—'}
      </summary>
      <fieldset>
        <legend>{cell.label}</legend>
        {cell.options!.map((f) => (
          <label key={f.value} className="check">
            <input type="checkbox" checked={selected.has(f.value)} onChange={(e) => edit((d) => cell.toggle!(d, f.value, e.target.checked))} />
            {f.label}
          </label>
        ))}
      </fieldset>
    </details>
  )
}

