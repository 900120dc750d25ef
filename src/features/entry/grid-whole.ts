/**
 * How much of the entry grid is rendered. A small case (the built-in examples, a typical
 * patient) is rendered whole, by `useWholeGrid`; a larger one only where it is in view, by
 * grid-window.ts, which brings the virtualisation library and loads when first needed, so the
 * first screen's JavaScript stays small.
 */
import type { FocusEvent, RefObject } from 'react'

/** Cases with more cells (lesions × timepoints) than this render only what is in view. */
export const WINDOWED_CELLS = 100

/** A timepoint column's width in px (the cells' inputs are 8.6rem): fixed, so columns need no measuring. */
export const COLUMN_PX = 152

/** Something rendered, or a gap standing for what is not. */
export type Slot = { kind: 'item'; index: number } | { kind: 'gap'; size: number; key: string }

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
export type UseGridWindow = (
  scrollRef: RefObject<HTMLElement | null>,
  headRef: RefObject<HTMLElement | null>,
  cornerRef: RefObject<HTMLElement | null>,
  lesions: number,
  timepoints: number,
  blockRows: (i: number) => number,
) => GridWindow

const all = (n: number): Slot[] => Array.from({ length: n }, (_, index) => ({ kind: 'item', index }))
const nothing = () => {}

/** Every block and column: nothing to scroll to that is not already rendered. */
export const useWholeGrid: UseGridWindow = (_scroll, _head, _corner, lesions, timepoints) => ({
  blocks: all(lesions),
  columns: all(timepoints),
  span: 2 + timepoints,
  measureBlock: nothing,
  reveal: nothing,
  onFocus: nothing,
})
