import type { StateCreator } from 'zustand'
import type { AppState, Snapshot } from './app-store.ts'

/** Enough to undo a long editing session without holding the whole day in memory. */
export const HISTORY_LIMIT = 200

export interface HistorySlice {
  past: Snapshot[]
  future: Snapshot[]
  /** Keystrokes into one field share one undo step: the key of the last edit recorded. */
  lastEditKey: string | null
  /** Saves the current library before a change; `key` coalesces consecutive edits of one field. */
  recordChange: (key?: string | null) => void
  undo: () => void
  redo: () => void
}

const snapshot = (s: AppState): Snapshot => ({ library: s.library, openId: s.openId })

export const createHistorySlice: StateCreator<AppState, [['zustand/persist', unknown]], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  lastEditKey: null,
  recordChange: (key = null) => {
    const s = get()
    if (key !== null && key === s.lastEditKey) return
    set({ past: [...s.past, snapshot(s)].slice(-HISTORY_LIMIT), future: [], lastEditKey: key })
  },
  undo: () => {
    const s = get()
    const previous = s.past.at(-1)
    if (!previous) return
    set({ ...previous, past: s.past.slice(0, -1), future: [snapshot(s), ...s.future], lastEditKey: null })
  },
  redo: () => {
    const s = get()
    const next = s.future[0]
    if (!next) return
    set({ ...next, past: [...s.past, snapshot(s)], future: s.future.slice(1), lastEditKey: null })
  },
})
