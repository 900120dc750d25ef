/**
 * Keyboard entry beyond the grid's arrow keys: shortcuts that add a timepoint or a lesion from
 * anywhere on the entry screen, Enter through a lesion's own fields into its first cell, and
 * focus that follows what was just added (after "New case", a lesion, a timepoint).
 */
import { useEffect, type KeyboardEvent } from 'react'

/** The shortcuts, as the keyboard help lists them. `code` is the physical key (Alt+letter types other characters on a Mac). */
export const ENTRY_SHORTCUTS = [
  { action: 'timepoint', code: 'KeyT', keys: 'Alt+T', aria: 'Alt+T', does: 'Add a timepoint (its date gets the focus)' },
  { action: 'target', code: 'KeyL', keys: 'Alt+L', aria: 'Alt+L', does: 'Add a target lesion (its name gets the focus)' },
  { action: 'non-target', code: 'KeyN', keys: 'Alt+N', aria: 'Alt+N', does: 'Add a non-target lesion' },
  { action: 'new-lesion', code: 'KeyW', keys: 'Alt+W', aria: 'Alt+W', does: 'Add a new lesion, first seen at the last timepoint' },
] as const
export type EntryAction = (typeof ENTRY_SHORTCUTS)[number]['action']

/** The shortcut a key event stands for, if any (never inside an open dialog). */
export function shortcutOf(e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; code: string; target: EventTarget | null }): EntryAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null
  if (e.target instanceof Element && e.target.closest('dialog')) return null
  return ENTRY_SHORTCUTS.find((s) => s.code === e.code)?.action ?? null
}

/** Calls `handlers[action]` when its shortcut is pressed anywhere on the page, while mounted. */
export function useEntryShortcuts(handlers: Partial<Record<EntryAction, () => void>>) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const action = shortcutOf(e)
      const run = action && handlers[action]
      if (!run) return
      e.preventDefault()
      run()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
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

/** Where focus goes once the next render is on screen: set by an action, taken by `useRequestedFocus`. */
let requested: string | null = null

/** Asks that the element with `data-focus-key="key"` gets the focus after the next render. */
export function requestFocus(key: string) {
  requested = key
}

/** Focuses the requested element once it exists (an effect of the screen that shows it). */
export function useRequestedFocus() {
  useEffect(() => {
    if (requested === null) return
    const el = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(requested)}"]`)
    if (!el) return
    requested = null
    el.focus()
    if (el instanceof HTMLInputElement) el.select()
  })
}
