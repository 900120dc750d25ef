/**
 * Best overall response of a case under one criterion: the timepoint responses go through
 * the same Table 3 / admiralonco machinery as a reader's response series (best-response.ts).
 */
import type { Case } from '../case-schema.ts'
import { LEVEL_OF, type BestResponse, type Response, type TimepointResult } from '../define-criterion.ts'
import { bestOverallResponse, type DatedResponse } from './best-response.ts'
import { explainedBy } from './lazy.ts'
import type { CaseView } from './case-view.ts'

/** `settings` lets a criterion that defines confirmation itself (WHO) override the study's. */
export function bestOfCase(view: CaseView, timepoints: readonly TimepointResult[], settings: Case['settings'] = view.kase.settings): BestResponse {
  const kase: Case = view.kase
  const therapyStart = kase.therapyStart ?? view.baseline.date
  // A case's settings are exactly the study-design fields of BorSettings (the schema is strict): passed as they are.
  // Results already in RECIST 1.1's vocabulary are dated responses as they are: ranked without a
  // copy of each (a tenth of what RECIST 1.1 allocated), the best one's timepoint then found by
  // its date (a parsed case has one timepoint a day).
  const asRecorded = timepoints.every((t) => LEVEL_OF[t.response] === t.response)
  const best = bestOverallResponse(
    asRecorded ? (timepoints as readonly (TimepointResult & DatedResponse)[]) : timepoints.map((t) => ({ date: t.date, response: LEVEL_OF[t.response], id: t.timepoint })),
    therapyStart,
    settings,
    true, // a parsed case's dates: the schema has checked them (case-schema.ts IsoDateSchema)
  )
  const timepoint = asRecorded ? (timepoints.find((t) => t.date === best.date)?.timepoint ?? null) : best.id
  // Every criterion makes one per case: built field by field, not copied (shared/lazy.ts).
  const result = explainedBy<BestResponse>(() => (kase.therapyStart ? best.explanation : [`No therapyStart: the SD minimum duration is counted from the baseline scan (${therapyStart}).`, ...best.explanation]))
  // The engine never produces ND, so the best response stays in the criterion's vocabulary.
  result.response = best.response as Response | null
  result.timepoint = timepoint
  result.date = best.date
  result.confirmed = best.confirmed
  return result as BestResponse
}
