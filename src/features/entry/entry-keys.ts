/**
 * Keyboard entry beyond the grid's arrow keys: shortcuts that add a timepoint or a lesion from
 * anywhere on the entry screen, Enter through a lesion's own fields into its first cell, and
 * focus that follows what was just added (after "New case", a lesion, a timepoint).
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { shortcutIn, type KeyPress, type ShortcutId } from '../../components/shortcuts.ts'

/** The shortcuts of the entry screen (their keys are in the app's one table, shortcuts.ts). */
const ENTRY_ACTIONS = ['timepoint', 'target', 'nonTarget', 'newLesion'] as const satisfies readonly ShortcutId[]
export type EntryAction = (typeof ENTRY_ACTIONS)[number]

/** The entry shortcut a key event stands for, if any (never inside an open dialog). */
export function shortcutOf(e: KeyPress & { target: EventTarget | null }): EntryAction | null {
  if (e.target instanceof Element && e.target.closest('dialog')) return null
  return shortcutIn(e, ENTRY_ACTIONS)
}

/** Calls `handlers[action]` when its shortcut is pressed anywhere on the page, while mounted. */
export function useEntryShortcuts(handlers: Partial<Record<EntryAction, () => void>>) {
  // The latest handlers, read when a key is pressed: one listener for as long as the screen is
  // shown, not one removed and added again on every render (every keystroke in the grid).
  const latest = useRef(handlers)
  useLayoutEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const action = shortcutOf(e)
      const run = action && latest.current[action]
      if (!run) return
      e.preventDefault()
      run()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/**
 * Enter in a lesion's ID, Name or Organ moves to the next of them, and from Organ to the
 * lesion's first cell: a lesion is named and measured without Tab through its other controls.
 */
export function enterThroughLesionFields(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return
  const input = e.target
  if (!(input instanceof HTMLInputElement) || input.type !== 'text') return
  const group = input.closest('.lesion-fields')
  if (!group) return
  const fields = [...group.querySelectorAll<HTMLInputElement>('input[type="text"]')]
  const at = fields.indexOf(input)
  const next = fields[at + 1] ?? input.closest('tbody')?.querySelector<HTMLElement>('[data-row]')
  if (!next) return
  e.preventDefault()
  next.focus()
  if (next instanceof HTMLInputElement) next.select()
}

/**
 * Where focus goes once what was just asked for is on screen: set by an action (a lesion added,
 * a keyboard move to a cell out of view), taken by `useRequestedFocus` in the commit that shows it.
 *
 * Taken in a layout effect, never a passive one: a passive effect of an earlier render (the
 * deferred evaluation's, say) can run after the action asked and before the render that adds
 * the element; it found nothing, dropped the request, and Alt+L left the focus in the grid. The
 * request waits until its element exists (a lesion in a larger grid is rendered once scrolled
 * to, a lazily loaded grid once loaded) and lapses at the user's next key or click, so focus
 * never jumps later to something the user has moved on from.
 */
let requested: { root: ParentNode; selector: string } | null = null

const forget = () => {
  requested = null
}
if (typeof window !== 'undefined') {
  // Capture phase: before the handler of this key or click asks again.
  window.addEventListener('keydown', forget, true)
  window.addEventListener('pointerdown', forget, true)
}

/** Asks that the element with `data-focus-key="key"` gets the focus as soon as it is on screen. */
export function requestFocus(key: string) {
  requested = { root: document, selector: `[data-focus-key="${CSS.escape(key)}"]` }
  takeRequestedFocus()
}

/** Asks that the cell of `table` at `row`, `col` (its `data-row` / `data-col`) gets the focus as soon as it is on screen. */
export function requestCellFocus(table: HTMLTableElement, row: number, col: number) {
  requested = { root: table, selector: `[data-row="${row}"][data-col="${col}"]` }
  takeRequestedFocus()
}

function takeRequestedFocus() {
  if (requested === null) return
  const el = requested.root.querySelector<HTMLElement>(requested.selector)
  if (!el) return
  requested = null
  el.focus()
  if (el instanceof HTMLInputElement) el.select()
}

/** Focuses the requested element once a render of this component has put it on screen. */
export function useRequestedFocus() {
  useLayoutEffect(takeRequestedFocus)
}
