import { StrictMode, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { RootBoundary } from './components/error-boundaries.tsx'
import { saveAfterPauses } from './store/app-store.ts'
import { keepInMemory } from './store/where-saved.ts'
import { detectServer } from './team/detect.ts'
import './styles.css'

// Typing saves the library once it pauses (a large case takes longer to write out than a frame may).
saveAfterPauses(400)

const render = (app: ReactNode) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RootBoundary>{app}</RootBoundary>
    </StrictMode>,
  )

// Team mode when a Caliper server served the page; otherwise the local app, as it has always been.
void detectServer().then(async (server) => {
  if (!server) return render(<App />)
  keepInMemory()
  const { TeamApp } = await import('./team/team-app.tsx')
  render(<TeamApp signedIn={server.signedIn} />)
})
