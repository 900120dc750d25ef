import type { StateCreator } from 'zustand'
import type { AppState } from './app-store.ts'
import type { StorageIssue } from './persistence.ts'

export interface StorageSlice {
  /** Storage faults to show, at most one of each kind (persistence.ts); never saved. */
  storageIssues: StorageIssue[]
  dismissStorageIssue: (kind: StorageIssue['kind']) => void
}

/** Adds or replaces the issue of its kind; returns the same array when nothing changes. */
export function withIssue(issues: StorageIssue[], issue: StorageIssue): StorageIssue[] {
  return [...issues.filter((i) => i.kind !== issue.kind), issue]
}

export function withoutIssue(issues: StorageIssue[], kind: StorageIssue['kind']): StorageIssue[] {
  return issues.some((i) => i.kind === kind) ? issues.filter((i) => i.kind !== kind) : issues
}

export const createStorageSlice: StateCreator<AppState, [['zustand/persist', unknown]], [], StorageSlice> = (set, get) => ({
  storageIssues: [],
  dismissStorageIssue: (kind) => {
    // Read-only (a newer version's library) lasts as long as the page: dismissing would invite edits that cannot be saved.
    if (kind === 'newer-version') return
    const issues = withoutIssue(get().storageIssues, kind)
    if (issues !== get().storageIssues) set({ storageIssues: issues })
  },
})
