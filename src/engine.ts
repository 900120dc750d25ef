/**
 * The engine's rules (every criterion, and the case schema's checks and messages) are a third
 * of the app's JavaScript: they load apart from the first screen, which shows the case's grid
 * without them and its results (marked as updating) once they are here. Loading starts with the
 * app (main.tsx), beside everything else the first screen fetches.
 */
import { useEffect, useState } from 'react'

export type Engine = typeof import('./engine-rules.ts')

let loaded: Engine | null = null
let loading: Promise<Engine> | null = null

/** The engine, loaded once (a failed load is tried again on the next call). */
export function loadEngine(): Promise<Engine> {
  loading ??= import('./engine-rules.ts').then(
    (rules) => (loaded = rules),
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}

/** The engine where it must have loaded already (what is only reached through a component that waited for it with useEngine). */
export function loadedEngine(): Engine {
  if (!loaded) throw new Error('the engine has not loaded yet')
  return loaded
}

/** The engine, or null while it loads: the component renders again when it is here. A failed load is thrown to the nearest error boundary. */
export function useEngine(): Engine | null {
  const [engine, setEngine] = useState(loaded)
  const [failure, setFailure] = useState<unknown>(null)
  useEffect(() => {
    if (!engine) loadEngine().then(setEngine, setFailure)
  }, [engine])
  if (failure) throw failure
  return engine
}
