/**
 * What of the entry grid is on screen (@tanstack/react-virtual): lesion blocks down, timepoint
 * columns across, inside the grid's own scroll container. A 200 × 200 case has 280,000 cells;
 * only the few hundred in view (and a margin) are rendered. The rest is kept as gaps of the
 * right size, so the scroll bars and the positions stay true.
 *
 * The focused cell's block and column are always rendered, so focus and the text being typed
 * survive scrolling away; keyboard moves to a cell out of view scroll to it first (`reveal`).
 */
import { defaultRangeExtractor, useVirtualizer, type Range, type Virtualizer, type VirtualItem } from '@tanstack/react-virtual'
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type RefObject } from 'react'

import { COLUMN_PX, type GridWindow, type Slot, type UseGridWindow } from './grid-whole.ts'

/** A grid row's usual height in px, for blocks not yet measured. */
const ROW_PX = 32

/**
 * Before a windowed table is on screen, its scroll container is taken to be the window's size
 * (its largest): the first render then already shows what is in view, rather than nothing, which
 * would make the first render a second one, in the same task, once it is measured.
 */
export const windowRect = () => (typeof window === 'undefined' ? { width: 0, height: 0 } : { width: window.innerWidth, height: window.innerHeight })

/**
 * An item's size along the virtualizer's axis (a block's height, a column's width): the
 * ResizeObserver's figure once it has reported, until then the last one or the estimate. Never read
 * from the layout, which on an item's first render would force the browser to lay out the whole
 * table in the middle of React's commit (the library's default does).
 */
export const observedSize = (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLElement, Element>) => {
  const box = entry?.borderBoxSize?.[0]
  if (box) return Math.round(instance.options.horizontal ? box.inlineSize : box.blockSize)
  const index = instance.indexFromElement(element)
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index)
}

/** Items in order, with a gap before each run of items and at the end (none of size 0). */
export function slots(items: readonly VirtualItem[], start: number, total: number): Slot[] {
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

/** Lesion blocks and timepoint columns in view (and a margin), with gaps for the rest. */
export const useGridWindow: UseGridWindow = (scrollRef, headRef, cornerRef, lesions, timepoints, blockRows): GridWindow => {
  const focusedBlock = useRef(-1)
  const focusedCol = useRef(-1)
  // Where the lesion blocks start below, and the timepoint columns to the right of, the table's corner.
  const [margin, setMargin] = useState({ top: 0, left: 0 })
  // Measured when the grid's shape changes and when the header or the timepoint rows change size
  // (never on a keystroke: reading a layout position after each edit would force a layout of the table).
  useLayoutEffect(() => {
    const head = headRef.current
    const corner = cornerRef.current
    const measure = () => {
      const top = head ? head.offsetTop + head.offsetHeight : 0
      // The corner sticks to the left edge (styles.css): its offsetLeft moves as the grid scrolls; the table's does not.
      const left = corner ? (corner.closest('table')?.offsetLeft ?? 0) + corner.offsetWidth : 0
      setMargin((m) => (m.top === top && m.left === left ? m : { top, left }))
    }
    // Measured when the ResizeObserver first reports, after the browser's own layout (so reading
    // positions costs nothing), not here in React's commit, where it would force a layout of the page.
    if (typeof ResizeObserver === 'undefined') return measure()
    const observer = new ResizeObserver(measure)
    for (const el of [head, corner]) if (el) observer.observe(el)
    return () => observer.disconnect()
  }, [headRef, cornerRef, lesions, timepoints])
  const getScrollElement = () => scrollRef.current
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing here is memoised by the React Compiler; the virtualizer is read afresh on every render
  const rows = useVirtualizer({
    count: lesions,
    getScrollElement,
    estimateSize: (i) => blockRows(i) * ROW_PX,
    measureElement: observedSize,
    initialRect: windowRect(),
    overscan: 2,
    scrollMargin: margin.top,
    rangeExtractor: keeping(focusedBlock),
    // A scroll re-renders in React's next task, not inside the scroll event (flushSync): the browser
    // paints the scrolled frame first, and a burst of wheel steps is rendered once.
    useFlushSync: false,
  })
  const cols = useVirtualizer({
    horizontal: true,
    count: timepoints,
    getScrollElement,
    estimateSize: () => COLUMN_PX,
    initialRect: windowRect(),
    overscan: 2,
    scrollMargin: margin.left,
    // The row headers stick to the left: a column scrolled to stops beside them, not under them.
    scrollPaddingStart: margin.left,
    rangeExtractor: keeping(focusedCol),
    useFlushSync: false,
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
