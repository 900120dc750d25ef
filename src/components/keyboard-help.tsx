import { useEffect, useState } from 'react'
import { ENTRY_SHORTCUTS } from '../features/entry/entry-keys.ts'
import { Modal } from './modal.tsx'

const KEYS: { keys: string; does: string }[] = [
  ...ENTRY_SHORTCUTS.map((s) => ({ keys: s.keys, does: s.does })),
  { keys: '↑ ↓', does: 'Previous / next row of the grid' },
  { keys: '← →', does: 'Previous / next timepoint (in a text cell, once the caret is at its edge)' },
  { keys: 'Enter / Shift+Enter', does: 'Next / previous row (a Findings cell too); in a lesion’s ID, name and organ: the next field, then its first cell' },
  { keys: 'Space', does: 'Open a Findings cell’s checklist (Escape closes it)' },
  { keys: 'Tab / Shift+Tab', does: 'Next / previous control' },
  { keys: 'Ctrl+Z / Ctrl+Shift+Z', does: 'Undo / redo' },
  { keys: 'Escape', does: 'Close a dialog' },
  { keys: '?', does: 'This list' },
]

/** Is the key typed into a field (where "?" is a character, not a command)? */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type)))

/** "?" (outside a text field) or the top bar's button opens the list of keys. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return
      e.preventDefault()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)} aria-keyshortcuts="Shift+?" title="Keyboard help (?)">
        <span aria-hidden="true">⌨</span> Keys
      </button>
      {open && (
        <Modal title="Keyboard" titleId="keys-title" onCancel={() => setOpen(false)}>
          <table className="keys-table">
            <caption className="visually-hidden">Keyboard shortcuts</caption>
            <thead><tr><th scope="col">Keys</th><th scope="col">What they do</th></tr></thead>
            <tbody>
              {KEYS.map((k) => (
                <tr key={k.keys}><th scope="row"><kbd>{k.keys}</kbd></th><td>{k.does}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button type="button" className="primary" data-autofocus onClick={() => setOpen(false)}>Close</button>
          </div>
        </Modal>
      )}
    </>
  )
}
