import type { StateStorage } from 'zustand/middleware'

/**
 * Where the store keeps its library. Local mode: this browser's localStorage, as always. Team
 * mode (the app served by a Caliper server): memory only, because the server holds the cases
 * and nothing about a patient should stay behind on a shared workstation after signing out.
 */
let memory: Map<string, string> | null = null

const inMemory = (map: Map<string, string>): StateStorage => ({
  getItem: (name) => map.get(name) ?? null,
  setItem: (name, value) => void map.set(name, value),
  removeItem: (name) => void map.delete(name),
})

/** From now on the store writes to memory only (called once, before anything is edited, when a server answers). */
export function keepInMemory() {
  memory ??= new Map()
}

export const savedIn = (): StateStorage => (memory ? inMemory(memory) : localStorage)
