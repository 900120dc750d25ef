/**
 * The baseline is the earliest-dated scan (the engine orders timepoints by date). A date typed
 * or pasted that moves a follow-up before the baseline, or the baseline after a follow-up,
 * silently changes what every response is measured from; such an edit is held and the user is
 * asked, with what will change, before it is applied.
 */
import type { Engine } from '../engine.ts'
import { timepointName } from '../documentation/human-names.ts'
import { draftToInput, type CaseDraft } from './case-draft.ts'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Index of the earliest timepoint with a complete date, or -1. */
export function baselineIndex(draft: CaseDraft): number {
  let best = -1
  draft.timepoints.forEach((t, i) => {
    if (ISO_DATE.test(t.date) && (best < 0 || t.date < draft.timepoints[best]!.date)) best = i
  })
  return best
}

/** One criterion's best overall response before and after the edit. */
export interface BestChange {
  criterion: string
  before: string
  after: string
}

export interface BaselineChange {
  /** The timepoint that was the baseline, and the one that would be, by name. */
  from: string
  to: string
  /** The case before the edit. */
  before: CaseDraft
}

/** What the change does to the best overall responses (bestChanges). */
export interface BestChanges {
  /** Best overall responses that differ (empty: none differs, or the case cannot be evaluated yet). */
  changes: BestChange[]
  /** False when the case has problems, so responses could not be compared. */
  evaluated: boolean
}

const bestText = (r: { best: { response: string | null; confirmed: boolean | null } }) =>
  r.best.response === null ? 'none' : `${r.best.response}${r.best.confirmed === true ? ' (confirmed)' : r.best.confirmed === false ? ' (unconfirmed)' : ''}`

function bestResponses({ evaluateCase, parseCase }: Engine, draft: CaseDraft, criteria: readonly string[]): Map<string, { name: string; text: string }> | null {
  const parsed = parseCase(draftToInput(draft))
  if (!parsed.ok) return null
  return new Map(evaluateCase(parsed.value, criteria).results.map((r) => [r.criterion, { name: r.name, text: r.notApplicable ? 'not applicable' : bestText(r) }]))
}

/**
 * Whether `next` replacing `before` moves the baseline to another scan (an edit that only
 * changed timepoint dates): the two scans, or null (nothing to ask). Needs no engine, so the
 * edit is held at once; what it changes is worked out for the question (bestChanges).
 */
export function baselineChange(before: CaseDraft, next: CaseDraft): BaselineChange | null {
  if (before.timepoints === next.timepoints || before.timepoints.length !== next.timepoints.length) return null
  if (next.timepoints.some((t, i) => t.id !== before.timepoints[i]!.id)) return null
  const was = baselineIndex(before)
  const will = baselineIndex(next)
  if (was < 0 || will < 0 || was === will) return null
  return { from: timepointName(next.timepoints[was], was), to: timepointName(next.timepoints[will], will), before }
}

/** The best overall responses under `criteria` that differ between `before` and `next`. */
export function bestChanges(engine: Engine, before: CaseDraft, next: CaseDraft, criteria: readonly string[]): BestChanges {
  const a = bestResponses(engine, before, criteria)
  const b = bestResponses(engine, next, criteria)
  const changes: BestChange[] = []
  if (a && b) for (const [id, x] of a) if (b.get(id) && b.get(id)!.text !== x.text) changes.push({ criterion: x.name, before: x.text, after: b.get(id)!.text })
  return { changes, evaluated: a !== null && b !== null }
}

/** The timepoints in date order (undated ones keep their place after the dated): the columns then read as the engine does. */
export function inDateOrder(draft: CaseDraft): CaseDraft {
  const dated = draft.timepoints.filter((t) => ISO_DATE.test(t.date)).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
  const undated = draft.timepoints.filter((t) => !ISO_DATE.test(t.date))
  return { ...draft, timepoints: [...dated, ...undated] }
}
