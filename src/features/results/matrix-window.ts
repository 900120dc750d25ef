/**
 * The follow-up columns of a results matrix that are in view (@tanstack/react-virtual, as the
 * entry grid's columns): a 200-timepoint case has 2,000 response cells, whose layout alone took
 * longer than a frame each time the results changed. Loaded when a matrix first needs it.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useLayoutEffect, useState } from 'react'
import { slots } from '../entry/grid-window.ts'
import { MATRIX_COLUMN_PX, type UseMatrixColumns } from './results-matrix.tsx'

export const useMatrixWindow: UseMatrixColumns = (scrollRef, firstRef, count) => {
  // Where the follow-up columns start: right of the criterion names.
  const [left, setLeft] = useState(0)
  useLayoutEffect(() => {
    const first = firstRef.current
    const measure = () => setLeft(first ? first.offsetLeft + first.offsetWidth : 0)
    measure()
    if (!first || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(first)
    return () => observer.disconnect()
  }, [firstRef])
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing here is memoised by the React Compiler; the virtualizer is read afresh on every render
  const columns = useVirtualizer({
    horizontal: true,
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => MATRIX_COLUMN_PX,
    overscan: 4,
    scrollMargin: left,
    useFlushSync: false,
  })
  return slots(columns.getVirtualItems(), left, left + columns.getTotalSize())
}
