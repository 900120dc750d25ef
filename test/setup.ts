import '@testing-library/jest-dom/vitest'
import { configure } from '@testing-library/react'
import { loadEngine } from '../src/engine.ts'

// findBy… and waitFor wait for what the user would see; 1 s (the default) is too short on a
// loaded machine, and nothing is judged on speed here.
configure({ asyncUtilTimeout: 15_000 })

// The engine's rules load apart from the first screen (src/engine.ts); in the app they have
// loaded by the time the user acts. Here they are loaded before a test renders anything, so a
// test meets the app as the user does; test/app/engine-loading.test.tsx shows the screen before.
await loadEngine()

// jsdom has no modal dialogs: showModal/close as the browser does them, and Escape cancels (the browser's `cancel` event).
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '')
    const first = this.querySelector<HTMLElement>('input, select, textarea, button, [tabindex]')
    first?.focus()
  }
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return
    this.removeAttribute('open')
    this.dispatchEvent(new Event('close'))
  }
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return
    const dialog = [...document.querySelectorAll('dialog[open]')].at(-1)
    if (dialog) dialog.dispatchEvent(new Event('cancel', { cancelable: true }))
  })
}
