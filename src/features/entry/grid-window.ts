/**
 * What of the entry grid is on screen (@tanstack/react-virtual): lesion blocks down, timepoint
 * columns across, inside the grid's own scroll container. A 200 × 200 case has 280,000 cells;
 * only the few hundred in view (and a margin) are rendered. The rest is kept as gaps of the
 * right size, so the scroll bars and the positions stay true.
 *
 * The focused cell's block and column are always rendered, so focus and the text being typed
 * survive scrolling away; keyboard moves to a cell out of view scroll to it first (`reveal`).
 */
import { defaultRangeExtractor, useVirtualizer, type Range, type VirtualItem } from '@tanstack/react-virtual'
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type RefObject } from 'react'

/** A timepoint column's width in px (the cells' inputs are 8.6rem): fixed, so columns need no measuring. */
export const COLUMN_PX = 152
/** A grid row's usual height in px, for blocks not yet measured. */
const ROW_PX = 32

/** Something rendered, or a gap standing for what is not. */
export type Slot = { kind: 'item'; index: number } | { kind: 'gap'; size: number; key: string }

/** Items in order, with a gap before each run of items and at the end (none of size 0). */
function slots(items: readonly VirtualItem[], start: number, total: number): Slot[] {
  const out: Slot[] = []
  let at = start
  for (const item of items) {
    if (item.start > at) out.push({ kind: 'gap', size: item.start - at, key: `gap-${item.index}` })
    out.push({ kind: 'item', index: item.index })
    at = item.end
  }
  if (total > at) out.push({ kind: 'gap', size: total - at, key: 'gap-end' })
  return out
}

/** The default range, plus `keep` (the focused index) when it is out of view. */
const keeping = (keep: RefObject<number>) => (range: Range) => {
  const indexes = defaultRangeExtractor(range)
  const k = keep.current
  if (k < 0 || k >= range.count || indexes.includes(k)) return indexes
  return [...indexes, k].sort((a, b) => a - b)
}

export interface GridWindow {
  /** Lesion blocks to render (by lesion index) and the gaps between them. */
  blocks: Slot[]
  /** Timepoint columns to render (by index) and the gaps between them. */
  columns: Slot[]
  /** The number of table columns a full-width row spans (the two header columns, the rendered columns and the gaps). */
  span: number
  /** Ref for each rendered lesion block (a `tbody` with `data-index`), so its real height is used. */
  measureBlock: (el: HTMLElement | null) => void
  /** Scrolls lesion block `block` (null: the timepoint rows, always rendered) and column `col` into view. */
  reveal: (block: number | null, col: number) => void
  /** On the table: remembers the focused cell's block and column (kept rendered). */
  onFocus: (e: FocusEvent<HTMLElement>) => void
}

/**
 * `scrollRef` is the grid's scroll container, `headRef` the part of the table above the first
 * lesion block (column headers and timepoint rows), `cornerRef` the header cell over the two
 * row-header columns. `blockRows(i)` is the number of rows of lesion `i`, for its first estimate.
 */
export function useGridWindow(
  scrollRef: RefObject<HTMLElement | null>,
  headRef: RefObject<HTMLElement | null>,
  cornerRef: RefObject<HTMLElement | null>,
  lesions: number,
  timepoints: number,
  blockRows: (i: number) => number,
): GridWindow {
  const focusedBlock = useRef(-1)
  const focusedCol = useRef(-1)
  // Where the lesion blocks start below, and the timepoint columns to the right of, the table's corner.
  const [margin, setMargin] = useState({ top: 0, left: 0 })
  useLayoutEffect(() => {
    const head = headRef.current
    const corner = cornerRef.current
    const next = { top: head ? head.offsetTop + head.offsetHeight : 0, left: corner ? corner.offsetLeft + corner.offsetWidth : 0 }
    if (next.top !== margin.top || next.left !== margin.left) setMargin(next)
  })
  const getScrollElement = () => scrollRef.current
  const rows = useVirtualizer({
    count: lesions,
    getScrollElement,
    estimateSize: (i) => blockRows(i) * ROW_PX,
    overscan: 2,
    scrollMargin: margin.top,
    rangeExtractor: keeping(focusedBlock),
  })
  const cols = useVirtualizer({
    horizontal: true,
    count: timepoints,
    getScrollElement,
    estimateSize: () => COLUMN_PX,
    overscan: 2,
    scrollMargin: margin.left,
    rangeExtractor: keeping(focusedCol),
  })
  const columns = slots(cols.getVirtualItems(), margin.left, margin.left + cols.getTotalSize())
  const reveal = useCallback(
    (block: number | null, col: number) => {
      if (block !== null) rows.scrollToIndex(block, { align: 'auto' })
      cols.scrollToIndex(col, { align: 'auto' })
    },
    [rows, cols],
  )
  const onFocus = useCallback((e: FocusEvent<HTMLElement>) => {
    const el = e.target as HTMLElement
    if (el.dataset.col !== undefined) focusedCol.current = Number(el.dataset.col)
    const block = el.closest<HTMLElement>('tbody[data-index]')
    focusedBlock.current = block ? Number(block.dataset.index) : -1
  }, [])
  return {
    blocks: slots(rows.getVirtualItems(), margin.top, margin.top + rows.getTotalSize()),
    columns,
    span: 2 + columns.length,
    measureBlock: rows.measureElement,
    reveal,
    onFocus,
  }
}
