import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal dialog on the native `<dialog>` with `showModal()`: the browser keeps focus inside
 * and makes the page behind inert, Escape cancels (the `cancel` event), and focus goes back to
 * whatever had it when the dialog opened. Render it only while it is open.
 */
export function Modal({ title, titleId, onCancel, children, className }: { title: ReactNode; titleId: string; onCancel: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement
    if (!dialog.open) dialog.showModal()
    // showModal focuses the first focusable element; an autofocus field, if any, comes first.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    return () => {
      if (dialog.open) dialog.close()
      // The opener may have been re-rendered away (an added row): then focus stays where the app put it.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`.trim()}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault() // the app decides, and unmounts the dialog
        onCancel()
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  )
}
