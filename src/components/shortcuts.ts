/**
 * Every key the app answers to, in one table: the handlers match key events against it, the
 * buttons take their `aria-keyshortcuts` and tooltips from it, and the keyboard help (press ?)
 * lists it, so what the help says is what the keys do.
 */

/** The parts of a key event a shortcut is matched on. */
export interface KeyPress {
  key: string
  code: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

export interface Shortcut {
  /** As the help and the tooltips show it. */
  keys: string
  does: string
  /** The `aria-keyshortcuts` value of the button that does the same, if any. */
  aria?: string
  /** Whether a key event is this shortcut; none for keys the focused control handles itself (the grid's arrows, Tab). */
  matches?: (e: KeyPress) => boolean
}

/** Alt and the physical key `code`: on a Mac, Alt+letter types another character, so `key` would not match. */
const alt = (code: string) => (e: KeyPress) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === code
/** Ctrl (⌘ on a Mac) and the character `key`, whatever the keyboard layout puts it on. */
const ctrl = (key: string, shift: boolean) => (e: KeyPress) => (e.ctrlKey || e.metaKey) && !e.altKey && e.shiftKey === shift && e.key.toLowerCase() === key

export const SHORTCUTS = {
  timepoint: { keys: 'Alt+T', aria: 'Alt+T', does: 'Add a timepoint (its date gets the focus)', matches: alt('KeyT') },
  target: { keys: 'Alt+L', aria: 'Alt+L', does: 'Add a target lesion (its name gets the focus)', matches: alt('KeyL') },
  nonTarget: { keys: 'Alt+N', aria: 'Alt+N', does: 'Add a non-target lesion (its name gets the focus)', matches: alt('KeyN') },
  newLesion: { keys: 'Alt+W', aria: 'Alt+W', does: 'Add a new lesion, first seen at the last timepoint (its organ gets the focus)', matches: alt('KeyW') },
  rows: { keys: '↑ ↓', does: 'Previous / next row of the grid' },
  timepoints: { keys: '← →', does: 'Previous / next timepoint (in a text cell, once the caret is at its edge)' },
  enter: { keys: 'Enter / Shift+Enter', does: 'Next / previous row (a Findings cell too); in a lesion’s ID, name and organ: the next field, then its first cell' },
  checklist: { keys: 'Space', does: 'Open a Findings cell’s checklist (Escape closes it)' },
  tab: { keys: 'Tab / Shift+Tab', does: 'Next / previous control' },
  undo: { keys: 'Ctrl+Z', aria: 'Control+Z', does: 'Undo', matches: ctrl('z', false) },
  redo: { keys: 'Ctrl+Shift+Z / Ctrl+Y', aria: 'Control+Shift+Z Control+Y', does: 'Redo', matches: (e) => ctrl('z', true)(e) || ctrl('y', false)(e) },
  escape: { keys: 'Escape', does: 'Close a dialog' },
  help: { keys: '?', aria: 'Shift+?', does: 'This list', matches: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey },
} satisfies Record<string, Shortcut>

export type ShortcutId = keyof typeof SHORTCUTS

/** The first of `ids` that the key event is, if any. */
export function shortcutIn<Id extends ShortcutId>(e: KeyPress, ids: readonly Id[]): Id | null {
  return ids.find((id) => (SHORTCUTS[id] as Shortcut).matches?.(e)) ?? null
}

/** A button's `aria-keyshortcuts` and tooltip for the shortcut that does what it does ("Undo (Ctrl+Z)"). */
export function shortcutProps(id: ShortcutId, label?: string): { 'aria-keyshortcuts'?: string; title: string } {
  const s: Shortcut = SHORTCUTS[id]
  return { 'aria-keyshortcuts': s.aria, title: label ? `${label} (${s.keys})` : s.keys }
}
