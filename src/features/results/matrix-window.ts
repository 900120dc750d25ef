/**
 * The follow-up columns of a results matrix that are in view (@tanstack/react-virtual, as the
 * entry grid's columns), with gaps of the right width for the others, inside the matrix's own
 * scroll box. Loaded when a matrix first has more columns than WINDOWED_COLUMNS.
 *
 * Each rendered column's header is measured (its real width, borders and all), so the gaps stand
 * for exactly the columns they replace. The focused cell's column and its neighbours stay
 * rendered, so Tab walks through every timepoint and focus survives scrolling away.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { useCallback, useLayoutEffect, useState, type FocusEvent } from 'react'
import { observedSize, slots, windowRect } from '../entry/grid-window.ts'
import { MATRIX_COLUMN_PX, type UseMatrixColumns } from './results-matrix.tsx'

export const useMatrixWindow: UseMatrixColumns = (scrollRef, firstRef, count) => {
  // Where the follow-up columns start: right of the criterion names (which stick to the left edge).
  const [left, setLeft] = useState(0)
  // Measured when the ResizeObserver reports, after the browser's own layout, not in React's commit (where reading it would force a layout of the page).
  useLayoutEffect(() => {
    const first = firstRef.current
    const measure = () => setLeft(first ? (first.closest('table')?.offsetLeft ?? 0) + first.offsetWidth : 0)
    if (!first || typeof ResizeObserver === 'undefined') return measure()
    const observer = new ResizeObserver(measure)
    observer.observe(first)
    return () => observer.disconnect()
  }, [firstRef])
  // The focused column and its neighbours stay rendered: Tab and Shift+Tab always have a next column to go to.
  const [focused, setFocused] = useState(-1)
  const rangeExtractor = useCallback(
    (range: Range) => {
      const near = focused < 0 ? [] : [focused - 1, focused, focused + 1].filter((k) => k >= 0 && k < range.count)
      return [...new Set([...defaultRangeExtractor(range), ...near])].sort((a, b) => a - b)
    },
    [focused],
  )
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing here is memoised by the React Compiler; the virtualizer is read afresh on every render
  const columns = useVirtualizer({
    horizontal: true,
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => MATRIX_COLUMN_PX,
    measureElement: observedSize,
    // Before the matrix is on screen its box is taken to be the window's width (its widest): the first render already shows the columns in view.
    initialRect: windowRect(),
    overscan: 2,
    scrollMargin: left,
    // The criterion names stick to the left: a column scrolled to stops beside them, not under them.
    scrollPaddingStart: left,
    rangeExtractor,
    // A scroll re-renders in React's next task: the browser paints the scrolled frame first.
    useFlushSync: false,
  })
  // A focus is a discrete event: React renders the neighbours before the next key is handled.
  const onFocus = useCallback((e: FocusEvent<HTMLElement>) => {
    const index = Number((e.target as HTMLElement).closest('td, th')?.getAttribute('aria-colindex'))
    setFocused(Number.isInteger(index) && index >= 2 ? index - 2 : -1)
  }, [])
  return { slots: slots(columns.getVirtualItems(), left, left + columns.getTotalSize()), measure: columns.measureElement, onFocus }
}
