/**
 * Reappearance after a complete response (issue #10 item 2). EORTC RECIST FAQ "Does a new
 * lesion always result in PD?": lesions that disappear and reappear do not automatically result
 * in PD unless other criteria are met or "CR (overall) was definitively (*) assigned at the
 * previous assessment. In this scenario, the reappearance of any malignant lesion results in PD."
 * Targets and non-targets alike; shared by RECIST 1.1 (and iRECIST and PERCIST, which build on
 * its result) and by Choi and mChoi, which combine their responses as RECIST 1.1 Table 1.
 */
import type { Case, Lesion } from '../case-schema.ts'
import type { Response } from '../define-criterion.ts'
import { daysBetween } from './best-response.ts'
import { lesionLabel, type CaseView } from './case-view.ts'
import type { FindingList } from './findings.ts'

/** One earlier follow-up's date and response. */
export interface HistoryEntry {
  date: string
  response: Response | null
}

export const REAPPEARANCE_SOURCE = 'EORTC RECIST FAQ "Does a new lesion always result in PD?"'

/**
 * Whether, in `history`, a response in `levels` was "definitively assigned": confirmed by a later
 * one in `levels` at least confirmationMinDays on when the study requires confirmation, or simply
 * recorded when it does not (our reading of RECIST 1.1 Table 3's footnote and the FAQ's (*);
 * documented in the README).
 */
export function definitelyAssigned(kase: Case, history: readonly HistoryEntry[], levels: readonly Response[]): boolean {
  // Asked at most timepoints, and the history rarely holds `levels`: a list only when it does.
  let hits: HistoryEntry[] | undefined
  for (const h of history) if (h.response !== null && levels.includes(h.response)) (hits ??= []).push(h)
  if (!hits) return false
  if (kase.settings.confirmation === 'not-required') return true
  return hits.some((first) => hits.some((later) => daysBetween(first.date, later.date) >= kase.settings.confirmationMinDays))
}

/**
 * The non-target lesions present at timepoint position `i` (after an overall CR every one was
 * absent: for nodes, back to normal size), i.e. reappeared. Unequivocal progression is PD anyway.
 */
export function reappearedNonTargets(view: CaseView, i: number): Lesion[] {
  return view.nonTargets.filter((lesion) => view.at(lesion, i)?.status === 'present')
}

/** What the reappearance of lesions after an overall CR means at this timepoint. */
export type ReappearanceAfterCr = 'pd' | 'unconfirmed-cr' | 'none'

export function afterCr(kase: Case, history: readonly HistoryEntry[]): ReappearanceAfterCr {
  if (definitelyAssigned(kase, history, ['CR'])) return 'pd'
  return history.some((h) => h.response === 'CR') ? 'unconfirmed-cr' : 'none'
}

/** The non-target response once the reappearance rule is applied, and the lesions that made it PD (null when the rule did not apply). */
export interface NonTargetVerdict {
  response: Response | null
  reappeared: Lesion[] | null
}

/**
 * Applies the FAQ's rule to the non-target response at timepoint position `i`: non-targets
 * present again after a definitive overall CR make it PD; after an unconfirmed CR they leave it
 * as it is, with a warning (the lesions may have been there all along: then the CR was a PR).
 */
export function nonTargetsAfterCr(view: CaseView, i: number, nonTarget: Response | null, history: readonly HistoryEntry[], findings: FindingList): NonTargetVerdict {
  if (nonTarget === null || nonTarget === 'PD' || !history.some((h) => h.response === 'CR')) return unchanged(nonTarget)
  const lesions = reappearedNonTargets(view, i)
  if (lesions.length === 0) return unchanged(nonTarget)
  const tp = view.timepoints[i]!.id
  if (afterCr(view.kase, history) === 'pd') return { response: 'PD', reappeared: lesions }
  findings.add('reappearance-after-unconfirmed-cr', 'warning', `Non-target ${lesions.map(lesionLabel).join(', ')} reappeared at ${tp} after an unconfirmed CR: if the lesions were probably there all along, reclassify the earlier CR as PR; once a CR is confirmed, reappearance is PD.`, REAPPEARANCE_SOURCE, { timepoint: tp })
  return unchanged(nonTarget)
}

/** The verdict that leaves a non-target response as it is, one per response (the answer at almost every timepoint). */
const UNCHANGED = new Map<Response | null, NonTargetVerdict>()
function unchanged(response: Response | null): NonTargetVerdict {
  let verdict = UNCHANGED.get(response)
  if (!verdict) UNCHANGED.set(response, (verdict = Object.freeze({ response, reappeared: null })))
  return verdict
}

/** The explanation's non-target sentence. */
export const nonTargetText = (nt: NonTargetVerdict) =>
  nt.reappeared
    ? `Non-target response: PD (${nt.reappeared.map(lesionLabel).join(', ')} reappeared after a confirmed CR: "the reappearance of any malignant lesion results in PD", ${REAPPEARANCE_SOURCE}).`
    : `Non-target response: ${nt.response ?? 'none recorded'}.`
