/**
 * Keeps a copy of the open case in the evaluation worker without copying the whole case on every
 * keystroke: an edit replaces only the objects on its path (draft-edits.ts), so what changed is
 * found by identity, and only that crosses to the worker (one lesion of 200 assessments, not the
 * 40,000 of a 200 × 200 case, whose structured clone alone takes longer than a frame).
 */
import type { CaseDraft } from '../../store/case-draft.ts'

export interface DraftPatch {
  /** The whole case (the first message, or after most of it changed). */
  full?: CaseDraft
  /** Top-level fields replaced (lesions aside). */
  fields?: Partial<CaseDraft>
  /** Top-level fields removed. */
  removed?: string[]
  /** The lesion list: its new length and the lesions that changed, by position. */
  lesions?: { length: number; changed: [number, CaseDraft['lesions'][number]][] }
}

/** What turns `before` (the worker's copy) into `after`; null when nothing changed. */
export function draftPatch(before: CaseDraft | null, after: CaseDraft): DraftPatch | null {
  if (before === after) return null
  if (before === null) return { full: after }
  const patch: DraftPatch = {}
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof CaseDraft)[]) if (key !== 'lesions' && after[key] !== before[key]) fields[key] = after[key]
  const removed = Object.keys(before).filter((key) => !Object.hasOwn(after, key))
  if (Object.keys(fields).length) patch.fields = fields as Partial<CaseDraft>
  if (removed.length) patch.removed = removed
  if (after.lesions !== before.lesions) {
    const changed: [number, CaseDraft['lesions'][number]][] = []
    after.lesions.forEach((lesion, i) => lesion !== before.lesions[i] && changed.push([i, lesion]))
    // A change to most lesions (a timepoint added or removed) goes whole: the same copy, fewer steps.
    if (changed.length > after.lesions.length / 2) return { full: after }
    patch.lesions = { length: after.lesions.length, changed }
  }
  return patch
}

/** The worker's side: `draft` with `patch` applied. */
export function applyDraftPatch(draft: CaseDraft | null, patch: DraftPatch): CaseDraft {
  if (patch.full) return patch.full
  if (!draft) throw new Error('a patch arrived before the case it changes')
  const next: Record<string, unknown> = { ...draft, ...patch.fields }
  for (const key of patch.removed ?? []) delete next[key]
  if (patch.lesions) {
    const lesions = draft.lesions.slice(0, patch.lesions.length)
    for (const [i, lesion] of patch.lesions.changed) lesions[i] = lesion
    next.lesions = lesions
  }
  return next as CaseDraft
}

/** A path from an evaluation down to one of its objects (keys and indexes). */
export type ExplainedPath = (string | number)[]

/** Where `value` holds objects with an explanation written when read (a getter that does not cross to the page). */
export function explainedPaths(value: unknown, path: ExplainedPath = [], out: ExplainedPath[] = []): ExplainedPath[] {
  if (typeof value !== 'object' || value === null) return out
  if ('explanation' in value && !Object.hasOwn(value, 'explanation')) out.push(path)
  if (Array.isArray(value)) value.forEach((item, i) => explainedPaths(item, [...path, i], out))
  else for (const [key, item] of Object.entries(value)) explainedPaths(item, [...path, key], out)
  return out
}
