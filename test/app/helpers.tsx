import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../src/app/app.tsx'
import { useAppStore } from '../../src/store/app-store.ts'

/** A fresh app: empty storage, the store at its defaults (the sorafenib example open). */
export function renderApp() {
  localStorage.clear()
  useAppStore.setState(useAppStore.getInitialState(), true)
  const user = userEvent.setup()
  return { user, ...render(<App />) }
}

export const openDraft = () => {
  const s = useAppStore.getState()
  return s.library[s.openId!]!.draft
}
