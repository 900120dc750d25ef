import { StrictMode, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { RootBoundary } from './components/error-boundaries.tsx'
import { loadEngine } from './engine.ts'
import { WINDOWED_CELLS } from './features/entry/grid-whole.ts'
import { saveAfterPauses, selectOpenDraft, useAppStore } from './store/app-store.ts'
import { keepInMemory } from './store/where-saved.ts'
import { detectServer } from './team/detect.ts'
import './styles.css'

// The engine loads beside the first screen, which shows the grid without it (src/engine.ts); a failed load is shown by the screen that needs it.
loadEngine().catch(() => {})
// The open case's grid, when it is rendered only where it is in view, needs a chunk of its own (grid-window.ts): fetched
// beside the server question below, and awaited with it, so the first screen shows the grid rather than "Loading the grid…".
const open = selectOpenDraft(useAppStore.getState())
const windowedGrid = open && open.lesions.length * open.timepoints.length > WINDOWED_CELLS ? import('./features/entry/grid-window.ts').catch(() => {}) : null

// Typing saves the library once it pauses (a large case takes longer to write out than a frame may).
saveAfterPauses(400)

const render = (app: ReactNode) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RootBoundary>{app}</RootBoundary>
    </StrictMode>,
  )

// Team mode when a Caliper server served the page; otherwise the local app, as it has always been.
void Promise.all([detectServer(), windowedGrid]).then(async ([server]) => {
  if (!server) return render(<App />)
  keepInMemory()
  const { TeamApp } = await import('./team/team-app.tsx')
  render(<TeamApp signedIn={server.signedIn} />)
})
