import { useEffect, useState } from 'react'
import { SHORTCUTS, shortcutIn, shortcutProps, type Shortcut } from './shortcuts.ts'
import { Modal } from './modal.tsx'

/** Is the key typed into a field (where "?" is a character, not a command)? */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type)))

/** "?" (outside a text field) or the top bar's button opens the list of keys. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!shortcutIn(e, ['help']) || typing(e.target) || document.querySelector('dialog[open]')) return
      e.preventDefault()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)} {...shortcutProps('help', 'Keyboard help')}>
        <span aria-hidden="true">⌨</span> Keys
      </button>
      {open && (
        <Modal title="Keyboard" titleId="keys-title" onCancel={() => setOpen(false)}>
          <table className="keys-table">
            <caption className="visually-hidden">Keyboard shortcuts</caption>
            <thead><tr><th scope="col">Keys</th><th scope="col">What they do</th></tr></thead>
            <tbody>
              {Object.values<Shortcut>(SHORTCUTS).map((k) => (
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
