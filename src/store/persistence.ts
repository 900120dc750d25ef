/**
 * The store's storage, guarded against the faults of a real browser: saved data that cannot be
 * read (set aside under a backup key, never silently overwritten), a full storage (the change
 * stays in memory, the user is warned and can export), and another tab writing the same library
 * (re-read before every write; changes are merged case by case, and a case both tabs changed is
 * kept twice rather than lost).
 */
import type { PersistStorage, StateStorage, StorageValue } from 'zustand/middleware'
import type { CaseDraft } from './case-draft.ts'
import { prepareParts, readParts, toSavedText } from './saved-parts.ts'

export type StorageIssue =
  /**
   * The saved library, or some of its cases (`cases`, by patient ID: the others are open as
   * usual), could not be read; the saved text was set aside under `backupKey` (null: that failed too).
   */
  | { kind: 'unreadable'; reason: string; backupKey: string | null; text: string; cases?: string[] }
  /** The library was saved by a newer version of Caliper: it is shown read-only and never written. */
  | { kind: 'newer-version'; version: number }
  /** The last change could not be saved (storage full or refused); it is kept in this tab only. */
  | { kind: 'not-saved'; reason: string }
  /** Another tab changed cases this tab changed too; both versions are kept. */
  | { kind: 'conflict'; cases: string[] }

export interface StoredEntry {
  draft: CaseDraft
  updatedAt: string
}
export type StoredLibrary = Record<string, StoredEntry>

/** What a tab saves: the library plus per-tab fields that a merge takes from this tab. */
export interface SavedState {
  library: StoredLibrary
}

/** Same content (the time of the last change aside: two fresh tabs hold the same example, stamped apart). */
const sameEntry = (a: StoredEntry | undefined, b: StoredEntry | undefined) =>
  a === b || (a !== undefined && b !== undefined && JSON.stringify(a.draft) === JSON.stringify(b.draft))

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

const isStorageFull = (e: unknown) => e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22)

/**
 * Ids that name something every object already has (`__proto__`, `constructor`, `toString`…):
 * a case stored under one would vanish when assigned (`__proto__`) or be confused with the
 * inherited property when looked up. Such a case is given a fresh id when read.
 */
export const isPrototypeKey = (key: string) => key in Object.prototype

/** The version a saved value was written by (0 when it says none). */
export const savedVersion = (value: StorageValue<unknown>) => (typeof value.version === 'number' ? value.version : 0)

/**
 * Three-way merge of two tabs' libraries against the last version both saw (`base`). A case
 * changed (or added, or deleted) on one side only takes that side; a case changed on both sides
 * keeps this tab's version under its id and the other tab's as a copy under a new id; an edit
 * wins over a deletion. Returns the merged library and the names of the cases in conflict.
 */
export function mergeLibraries(base: StoredLibrary, mine: StoredLibrary, theirs: StoredLibrary): { library: StoredLibrary; conflicts: string[] } {
  // Built as a list and made an object at the end: an assignment to `library[id]` could touch the prototype.
  const kept: [string, StoredEntry][] = []
  const taken = (id: string) => Object.hasOwn(mine, id) || Object.hasOwn(theirs, id) || kept.some(([k]) => k === id)
  const conflicts: string[] = []
  const ids = new Set([...Object.keys(mine), ...Object.keys(theirs), ...Object.keys(base)])
  for (const id of ids) {
    const b = Object.hasOwn(base, id) ? base[id] : undefined
    const m = Object.hasOwn(mine, id) ? mine[id] : undefined
    const t = Object.hasOwn(theirs, id) ? theirs[id] : undefined
    let entry: StoredEntry | undefined
    if (sameEntry(m, t) || sameEntry(t, b)) entry = m
    else if (sameEntry(m, b)) entry = t
    else {
      // Both tabs changed this case. Keep every edit; say so.
      const name = (m ?? t)!.draft.patient.id || id
      conflicts.push(name)
      if (m === undefined) entry = t
      else if (t === undefined) entry = m
      else {
        entry = m
        let copy = `${id}-other-tab`
        for (let n = 2; taken(copy); n++) copy = `${id}-other-tab-${n}`
        kept.push([copy, { ...t, draft: { ...t.draft, patient: { ...t.draft.patient, id: `${t.draft.patient.id} (from another tab)` } } }])
      }
    }
    if (entry) kept.push([id, entry])
  }
  return { library: Object.fromEntries(kept), conflicts }
}

export interface GuardedStorage<S extends SavedState> extends PersistStorage<S> {
  /**
   * Called once the store has judged what was read at start-up: `null` when it was accepted;
   * otherwise (the whole library, or the `cases` named, could not be read) the text is set aside
   * under a backup key and the issue to show is returned.
   */
  settle: (problem: string | null, cases?: string[]) => StorageIssue | null
  /** Takes in what another tab saved, if anything changed since this tab last read or wrote. */
  pull: () => void
  /** The library as this tab last read or wrote it: the base of the next merge. */
  base: () => StoredLibrary
  /** The store's state once hydrated: what the saved text holds, so writes that change nothing are skipped. */
  hydrated: (state: S) => void
  /** The store version that wrote the saved library, when newer than this one (then nothing is ever written); else null. */
  newerVersion: () => number | null
}

export interface GuardedStorageHooks<S extends SavedState> {
  name: string
  /** This version of the store: data saved by a newer one is never overwritten. */
  version: number
  /** Reports a fault (or its end: `null` for the kind). */
  onIssue: (issue: StorageIssue | { kind: StorageIssue['kind']; cleared: true }) => void
  /** Another tab's changes were merged in: the store must take `library`. */
  onMerged: (library: StoredLibrary, conflicts: string[]) => void
  /** The current saved state of this tab (for merging on `pull`). */
  current: () => S
  /** Reshapes and validates another tab's saved state; null when it cannot be used. */
  accept: (value: StorageValue<unknown>) => S | null
}

/**
 * The saved text of `value`, as JSON.stringify writes it, reusing the text of every object (down
 * to each lesion: `depth` levels) that is the same object as at an earlier write. The store
 * changes immutably, so an unchanged object has unchanged text: a keystroke in a 200 × 200 case
 * (3 MB of JSON, 20–40 ms to write out) writes out one lesion and joins the rest.
 */
const savedText = new WeakMap<object, string>()
export function cachedJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object' || depth === 0) return JSON.stringify(value) ?? 'null'
  const known = savedText.get(value)
  if (known !== undefined) return known
  const text = Array.isArray(value)
    ? `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : cachedJson(v, depth - 1))).join(',')}]`
    : `{${Object.entries(value)
        .filter(([, v]) => v !== undefined && typeof v !== 'function')
        .map(([k, v]) => `${JSON.stringify(k)}:${cachedJson(v, depth - 1)}`)
        .join(',')}}`
  savedText.set(value, text)
  return text
}
/** From the saved value down to each lesion: { state: { library: { id: { draft: { lesions: [ lesion ] } } } } }. */
const CACHED_DEPTH = 7

/** Wraps a string storage (localStorage) with JSON, backups, quota handling and cross-tab merging. */
export function guardedStorage<S extends SavedState>(storage: () => StateStorage, hooks: GuardedStorageHooks<S>): GuardedStorage<S> {
  let lastText: string | null = null
  /** The state last written: a change of fields that are not saved (undo history, notices) writes nothing. */
  let lastState: S | null = null
  let base: StoredLibrary = {}
  let unreadableText: string | null = null
  let newer: number | null = null
  /** The parts (saved-parts.ts) that the library text in storage names, as this tab last read or wrote it: a part no longer named after a write is removed. */
  let named = new Set<string>()
  /** Saved by a newer version: this tab stops writing for good and says so. */
  const newerIn = (value: StorageValue<unknown> | null) => {
    if (!value || savedVersion(value) <= hooks.version) return false
    newer = savedVersion(value)
    hooks.onIssue({ kind: 'newer-version', version: newer })
    return true
  }

  const read = (): string | null => {
    try {
      return storage().getItem(hooks.name) as string | null
    } catch {
      return null
    }
  }
  const readKey = (key: string): string | null => {
    try {
      return storage().getItem(key) as string | null
    } catch {
      return null
    }
  }
  /** The saved value of `text`, its large cases' lesions read back from their parts (`parts`: the keys it names). */
  const parseWithParts = (text: string, withParts = true): { value: StorageValue<unknown>; parts: Set<string> } | null => {
    try {
      const value: unknown = JSON.parse(text)
      if (!isObject(value) || !('state' in value)) return null
      return { value: value as unknown as StorageValue<unknown>, parts: withParts ? readParts(value, readKey) : new Set() }
    } catch {
      return null
    }
  }
  /** Enough to know its version: the parts are not read. */
  const parseVersion = (text: string) => parseWithParts(text, false)?.value ?? null

  const settle = (problem: string | null, cases?: string[]): StorageIssue | null => {
    const text = unreadableText
    unreadableText = null
    if (text === null || problem === null || newer !== null) return null
    // The text set aside names its parts: they are kept for it, never removed as unused.
    named = new Set()
    let backupKey: string | null = `${hooks.name}.unreadable.${new Date().toISOString()}`
    try {
      storage().setItem(backupKey, text)
    } catch {
      backupKey = null
    }
    return { kind: 'unreadable', reason: problem, backupKey, text, ...(cases ? { cases } : {}) }
  }

  /** Merges `text` (another tab's save) into `mine`; returns the merged state, or null if there is nothing to merge. */
  const mergeIn = (text: string, mine: S): { state: S; theirs: StoredLibrary; conflicts: string[]; parts: Set<string> } | null => {
    const saved = parseWithParts(text)
    const theirs = saved && hooks.accept(saved.value)
    if (!theirs) return null
    // Their text is in storage now: the parts it names are in use.
    for (const key of saved.parts) named.add(key)
    const { library, conflicts } = mergeLibraries(base, mine.library, theirs.library)
    // Nothing new for this tab (e.g. another tab echoing this tab's own change): keep the same objects.
    const ids = Object.keys(library)
    const unchanged = ids.length === Object.keys(mine.library).length && ids.every((id) => library[id] === mine.library[id])
    return { state: unchanged ? mine : { ...mine, library }, theirs: theirs.library, conflicts, parts: saved.parts }
  }

  return {
    getItem: () => {
      const text = read()
      lastText = text
      newer = null
      // Kept until the store has judged it (settle): unparseable text is judged at once.
      unreadableText = text
      if (text === null) return null
      const saved = parseWithParts(text)
      if (!saved) return null
      const { value } = saved
      named = saved.parts
      newer = savedVersion(value) > hooks.version ? savedVersion(value) : null
      if (isObject(value.state) && isObject(value.state.library)) base = value.state.library as StoredLibrary
      return value as StorageValue<S>
    },
    setItem: (name, value) => {
      let state = value.state
      if (newer !== null) return
      if (lastState && Object.keys(state).every((k) => state[k as keyof S] === lastState![k as keyof S])) return
      const now = read()
      let conflicts: string[] = []
      if (now !== null && now !== lastText) {
        if (newerIn(parseVersion(now))) return
        // Another tab saved since this tab last read or wrote: merge rather than overwrite.
        const merged = mergeIn(now, state)
        if (merged) ({ state, conflicts } = merged)
      }
      const { text, parts } = toSavedText({ ...value, state }, name, CACHED_DEPTH)
      /** The parts first (only those not already there: usually the one with the lesion just edited), then the text that names them; all or nothing. */
      const write = () => {
        const added: string[] = []
        try {
          for (const [key, part] of parts)
            if (readKey(key) === null) {
              storage().setItem(key, part)
              added.push(key)
            }
          storage().setItem(name, text)
        } catch (e) {
          for (const key of added) storage().removeItem(key)
          throw e
        }
      }
      try {
        try {
          write()
        } catch (e) {
          if (!isStorageFull(e) || now === null || parts.size === 0) throw e
          // The saved text and the new parts do not fit side by side (a large case saved whole by an
          // earlier version, 3.6 MB, is written in parts for the first time): the new text replaces
          // it in one go. What was saved is put back if even that does not fit.
          const unused = [...named].filter((key) => !parts.has(key)).map((key) => [key, readKey(key)] as const)
          for (const [key] of unused) storage().removeItem(key)
          storage().removeItem(name)
          try {
            write()
          } catch (again) {
            storage().setItem(name, now)
            for (const [key, part] of unused) if (part !== null) storage().setItem(key, part)
            throw again
          }
        }
        lastText = text
        lastState = state
        hooks.onIssue({ kind: 'not-saved', cleared: true })
      } catch (e) {
        const reason = isStorageFull(e) ? "the browser's storage for this site is full" : `the browser refused to save (${e instanceof Error ? e.message : String(e)})`
        // lastText and base stay as they were: the next write merges again whatever another tab saved.
        hooks.onIssue({ kind: 'not-saved', reason })
        return
      }
      // Parts the saved text no longer names (the lesions before this edit) are removed.
      for (const key of named) if (!parts.has(key)) storage().removeItem(key)
      named = new Set(parts.keys())
      base = state.library
      if (state !== value.state || conflicts.length) hooks.onMerged(state.library, conflicts)
    },
    removeItem: (name) => {
      for (const key of named) storage().removeItem(key)
      named = new Set()
      return storage().removeItem(name)
    },
    settle,
    pull: () => {
      const now = read()
      if (now === null || now === lastText || newer !== null) return
      if (newerIn(parseVersion(now))) return
      const mine = hooks.current()
      const merged = mergeIn(now, mine)
      if (!merged) return
      lastText = now
      base = merged.theirs
      if (merged.state !== mine || merged.conflicts.length) hooks.onMerged(merged.state.library, merged.conflicts)
    },
    base: () => base,
    hydrated: (state) => {
      lastState ??= state
      // The parts of the large cases are made while the page is idle (never in a frame's way): the first keystroke's save then writes one.
      const step = prepareParts(state.library, hooks.name)
      if (step && typeof window !== 'undefined') {
        if (typeof requestIdleCallback !== 'function') {
          const next = () => void (step() && setTimeout(next, 0))
          setTimeout(next, 0)
        } else {
          const next = (deadline: IdleDeadline) => {
            let more = true
            while (more && deadline.timeRemaining() > 2) more = step()
            if (more) requestIdleCallback(next)
          }
          requestIdleCallback(next)
        }
      }
      // Nothing was saved: every tab starts from the same defaults, the base of a first merge.
      if (lastText === null) base = state.library
    },
    newerVersion: () => newer,
  }
}

/**
 * Writes behind: the store's latest state is saved once changes pause for `delayMs()` (0: at
 * once), and at the latest when the page is hidden or left, so a keystroke never waits for the
 * library to be written out (a 200 × 200 case is 3 MB of JSON; localStorage writes it
 * synchronously). Nothing typed is lost on closing the tab: `pagehide` writes what is pending.
 */
export function writeBehind<S>(storage: PersistStorage<S>, delayMs: () => number): PersistStorage<S> & { flush: () => void } {
  let pending: { name: string; value: StorageValue<S> } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const write = pending
    pending = null
    if (write) void storage.setItem(write.name, write.value)
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flush)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush())
  }
  return {
    getItem: (name) => storage.getItem(name),
    setItem: (name, value) => {
      pending = { name, value }
      const delay = delayMs()
      if (delay <= 0) return flush()
      clearTimeout(timer)
      timer = setTimeout(flush, delay)
    },
    removeItem: (name) => {
      pending = null
      clearTimeout(timer)
      return storage.removeItem(name)
    },
    flush,
  }
}
