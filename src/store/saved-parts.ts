/**
 * A large case's lesions are saved apart from the library, in parts of PART_LESIONS lesions, each
 * under its own key named by its content (`caliper.part.<hash>`). localStorage writes a value
 * synchronously: the whole library of a 200 × 200 case is 3.6 MB, whose one write took longer
 * than several frames. A keystroke changes one lesion (draft-edits.ts), so a save now writes
 * that lesion's part (8 lesions, about 150 KB for 200 timepoints) and the library without the large cases' lesions; the parts
 * of unchanged lesions are already there, under the same keys.
 *
 * A part never changes once written (a new content is a new key), so the library text always
 * names parts that are complete. Cases of up to PART_LESIONS lesions (nearly all) are saved
 * inline, as before.
 */
import { cachedJson } from './persistence.ts'

/** A case with more lesions than this saves them apart, this many to a part. */
export const PART_LESIONS = 8

/** Stands for the lesions in the saved library: the keys of their parts, in order. */
const PARTS = '$parts'

/** 53-bit hash of a text (cyrb53): parts are named by their content. */
function hash(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The key and text of a part, by the lesions it holds: an unchanged run of lesions is neither written out nor hashed again. */
const partOf = new WeakMap<object, { lesions: readonly unknown[]; key: string; text: string }>()

/** The part of `lesions` from `at`: written out and hashed only when its lesions are not those of a part already made. */
function partAt(lesions: readonly unknown[], at: number, name: string) {
  const run = lesions.slice(at, at + PART_LESIONS)
  const first = run[0]
  let part = isObject(first) ? partOf.get(first) : undefined
  if (!part || part.lesions.length !== run.length || part.lesions.some((l, i) => l !== run[i])) {
    const text = cachedJson(run, 2)
    part = { lesions: run, key: `${name}.part.${hash(text)}`, text }
    if (isObject(first)) partOf.set(first, part)
  }
  return part
}

/** The large cases' lesions of `library`, as toSavedText splits them. */
const largeCases = (library: Record<string, unknown>) =>
  Object.values(library).flatMap((entry) => {
    const draft = isObject(entry) && isObject(entry.draft) ? entry.draft : null
    return draft && Array.isArray(draft.lesions) && draft.lesions.length > PART_LESIONS ? [draft.lesions as unknown[]] : []
  })

/**
 * Makes the parts of `library`'s large cases a little at a time (a step writes out one lesion, or
 * names a part whose lesions are written out: about a millisecond), so that the first save after
 * opening (a keystroke) writes out only the part it changed rather than the whole case (3.6 MB,
 * longer than a frame). Returns the next step, which says whether more remain; null when none.
 */
export function prepareParts(library: Record<string, unknown>, name: string): (() => boolean) | null {
  const steps: (() => void)[] = []
  for (const lesions of largeCases(library))
    for (let at = 0; at < lesions.length; at += PART_LESIONS) {
      for (const lesion of lesions.slice(at, at + PART_LESIONS)) steps.push(() => cachedJson(lesion, 1))
      steps.push(() => partAt(lesions, at, name))
    }
  let next = 0
  return steps.length === 0
    ? null
    : () => {
        steps[next++]!()
        return next < steps.length
      }
}

/** Where each part of `value` is kept, and the value as saved with its large cases' lesions replaced by the keys of their parts. */
export interface SavedText {
  text: string
  /** Every part the text names: key → text. */
  parts: Map<string, string>
}

/** `value` (the store's saved value: { state: { library }, version }) as text, its large cases' lesions in parts under `${name}.part.<hash>`. */
export function toSavedText<V extends { state: { library: Record<string, unknown> } }>(value: V, name: string, depth: number): SavedText {
  const parts = new Map<string, string>()
  const library = value.state.library
  let changed: Record<string, unknown> | null = null
  const large = new Set(largeCases(library))
  for (const [id, entry] of Object.entries(library)) {
    const draft = isObject(entry) && isObject(entry.draft) ? entry.draft : null
    if (!draft || !large.has(draft.lesions as unknown[])) continue
    const lesions = draft.lesions as unknown[]
    const keys: string[] = []
    for (let at = 0; at < lesions.length; at += PART_LESIONS) {
      const part = partAt(lesions, at, name)
      keys.push(part.key)
      parts.set(part.key, part.text)
    }
    changed ??= { ...library }
    changed[id] = { ...(entry as Record<string, unknown>), draft: { ...draft, lesions: { [PARTS]: keys } } }
  }
  const saved = changed ? { ...value, state: { ...value.state, library: changed } } : value
  return { text: cachedJson(saved, depth), parts }
}

/**
 * The saved `value` with each large case's lesions read back from their parts (`read(key)`), in
 * place; returns the keys of the parts it names. A part that is missing or unreadable leaves that
 * case's lesions as the marker, which the store then judges unreadable (and sets the text aside).
 */
export function readParts(value: unknown, read: (key: string) => string | null): Set<string> {
  const keys = new Set<string>()
  const library = isObject(value) && isObject(value.state) && isObject(value.state.library) ? value.state.library : null
  if (!library) return keys
  for (const entry of Object.values(library)) {
    const draft = isObject(entry) && isObject(entry.draft) ? entry.draft : null
    const marker = draft && isObject(draft.lesions) ? draft.lesions[PARTS] : undefined
    if (!draft || !Array.isArray(marker) || !marker.every((k) => typeof k === 'string')) continue
    for (const key of marker) keys.add(key)
    const lesions: unknown[] = []
    let complete = true
    for (const key of marker as string[]) {
      let part: unknown
      try {
        part = JSON.parse(read(key) ?? 'null')
      } catch {
        part = null
      }
      if (!Array.isArray(part)) {
        complete = false
        break
      }
      lesions.push(...(part as unknown[]))
    }
    if (complete) draft.lesions = lesions
  }
  return keys
}
