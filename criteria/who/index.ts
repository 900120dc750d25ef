/**
 * WHO criteria — Miller AB, Hoogstraten B, Staquet M, Winkler A. Reporting results of cancer
 * treatment. Cancer 1981;47(1):207-14. Spec §6 (which gives no DOI; none is claimed here). The response definitions are taken from the spec, corroborated by secondary tables
 * (Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-150S, Table 3; Wolchok JD et al. Clin Cancer
 * Res 2009;15:7412-20, Table 1); the 1981 text itself could not be read (docs/verification.md).
 *
 * Confirmation (spec A-W4) is part of WHO's PR and CR: "determined by two observations not
 * less than 4 weeks apart". Each timepoint shows what that observation meets (PR/CR are
 * provisional there, and say whether a later observation confirmed them); the best response
 * counts a PR/CR only once confirmed, whatever the study's confirmation setting.
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, Timepoint } from '../case-schema.ts'
import { defineCriterion, LEVEL_OF, type CriterionEvaluation, type Response, type TimepointResult } from '../define-criterion.ts'
import { daysBetween } from '../shared/best-response.ts'
import { classifyBidimensional, setProductFigures, type BidimensionalResult } from '../shared/bidimensional.ts'
import { bestOfCase } from '../shared/case-best.ts'
import { describeNewLesions, hasNewLesion, newLesionsByTimepoint, nonTargetResponse, overallResponse, timepointResult, viewCase, type CaseView, type NewLesionsAt } from '../shared/case-view.ts'
import { toHundredths } from '../shared/exact.ts'
import { FindingList, techniqueFindings } from '../shared/findings.ts'
import { explained } from '../shared/lazy.ts'

/** Miller 1981, non-measurable disease: PR on an "estimated decrease in tumor size of 50 % or more" (issue #10). */
export const NON_MEASURABLE_PR_PCT = -50
/** Miller 1981, non-measurable disease: PD on an "estimated increase of 25 % or more". */
export const NON_MEASURABLE_PD_PCT = 25

/** Miller 1981 (spec §6.3, A-W4): PR and CR need a second observation not less than 4 weeks later. */
export const WHO_CONFIRMATION_MIN_DAYS = 28

export const WhoOptionsSchema = z
  .object({
    whoPdReference: choice({ nadir: 'Nadir (smallest earlier measurement)', baseline: 'Baseline' })
      .default('nadir')
      .describe('Miller AB et al. Cancer 1981;47:207-14. The 25 % increase for PD is measured from the smallest earlier measurement (nadir; the common later reading) or from baseline; Miller 1981 does not say.'),
    whoPdMode: choice({ per_lesion: 'Any one lesion grows by 25 % or more', sum: 'The sum of products grows by 25 % or more' })
      .default('per_lesion')
      .describe('Miller AB et al. Cancer 1981;47:207-14. PD when one or more lesions grow by 25 % or more (literal: "the size of one or more measurable lesions"), or only when the sum of products does. In sum mode a lesion that grew 25 % still blocks PR.'),
  })
  .strict()
export type WhoOptions = z.infer<typeof WhoOptionsSchema>

const SOURCE = 'Miller AB et al. Cancer 1981;47:207-14 (WHO)'

/** WHO's vocabulary: "no change" (NC) where RECIST says SD or NON-CR/NON-PD. */
const toWho = (r: Response): Response => (r === 'SD' || r === 'NON-CR/NON-PD' ? 'NC' : r)

export function evaluateWho(kase: Case, options: WhoOptions): CriterionEvaluation {
  const view = viewCase(kase)
  const findings = new FindingList()
  techniqueFindings(view, findings)
  const minDays = Math.max(WHO_CONFIRMATION_MIN_DAYS, kase.settings.confirmationMinDays)
  if (kase.settings.confirmation === 'not-required')
    findings.add('confirmation-part-of-definition', 'info', `The study does not require confirmation, but WHO defines PR and CR by two observations at least 4 weeks apart: the best response counts a PR or CR only once a second observation ${minDays} days or more later confirms it.`, SOURCE)

  const measured = classifyBidimensional(view, view.targets, { pdReference: options.whoPdReference, pdMode: options.whoPdMode }, { id: 'who', name: 'WHO', source: SOURCE, findings })
  const newLesions = newLesionsByTimepoint(view)

  // The responses first: whether a PR or CR is confirmed depends on the timepoints after it,
  // and its explanation says so.
  const decisions: Decision[] = []
  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const m = measured[i]!
    const nonMeasurable = nonMeasurableResponse(view, tp, findings)
    const nonTarget = nonMeasurable.response
    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    // All known disease must disappear for CR; measurable CR with non-measurable disease left is PR
    // (the same combination as RECIST 1.1 Table 1, spec §6.3). Without measurable disease, the
    // estimated change of the non-measurable disease can give PR (Miller 1981; issue #10).
    const overall =
      m.response === null && nonTarget === 'PR' && !newLesion
        ? { response: 'PR' as const, row: 'no measurable disease; non-measurable disease estimated down 50 % or more → PR (Miller 1981)' }
        : overallResponse(m.response, nonTarget, newLesion)
    decisions.push({ tp, m, nonTarget, nonMeasurable, news, newLesion, overall, response: toWho(overall.response) })
  }
  const confirmers = confirmations(decisions, minDays, kase.settings, findings)

  const timepoints: TimepointResult[] = []
  for (let i = 0; i < decisions.length; i++) {
    const decision = decisions[i]!
    const { tp, m, nonTarget, nonMeasurable, news, newLesion, overall, response } = decision
    const rule =
      overall.response === 'PD' && m.response !== 'PD'
        ? newLesion
          ? 'who.new-lesion'
          : nonMeasurable.estimated
            ? 'who.non-measurable.estimated-increase'
            : 'who.non-target.pd'
        : m.response === null
          ? nonMeasurable.estimated && overall.response === 'PR'
            ? 'who.non-measurable.estimated-decrease'
            : 'who.non-target-only'
          : m.rule
    const confirmer = confirmers[i]
    const result = timepointResult(
      () => {
        const lines = [...m.explain(), `Non-measurable disease: ${nonTarget === null ? 'none recorded' : toWho(nonTarget)}${nonMeasurable.estimated ? ` (${nonMeasurable.estimated})` : ''}.`, describeNewLesions(news, tp.id), `Overall: ${overall.row.replaceAll('SD', 'NC')}.`]
        if (confirmer !== undefined) lines.push(confirmationText(decision, confirmer, minDays))
        return lines
      },
      tp,
      response,
      m.response === null ? null : toWho(m.response),
      nonTarget === null ? null : toWho(nonTarget),
      newLesion,
    )
    setProductFigures(result, m)
    result.rule = rule
    timepoints.push(result as TimepointResult)
  }

  const best = bestOfCase(view, timepoints, { ...kase.settings, confirmation: 'required', confirmationMinDays: minDays })
  return {
    timepoints,
    best: explained({ response: best.response === null ? null : toWho(best.response), timepoint: best.timepoint, date: best.date, confirmed: best.confirmed }, () => [
      `WHO: confirmation is part of the PR and CR definitions (two observations at least ${minDays} days apart); NC stands where the machinery says SD.`,
      ...best.explanation,
    ]),
    findings: findings.toArray(),
  }
}

/** One follow-up timepoint's response and what it rests on, before its result is written. */
interface Decision {
  tp: Timepoint
  m: BidimensionalResult
  nonTarget: Response | null
  nonMeasurable: NonMeasurable
  news: NewLesionsAt
  newLesion: boolean
  overall: { response: Response; row: string }
  /** The overall response in WHO's vocabulary. */
  response: Response
}

/** The non-measurable disease at a timepoint, and the estimate it rests on (null when none was used). */
interface NonMeasurable {
  response: Response | null
  estimated: string | null
}

/**
 * WHO non-measurable disease (Miller 1981): the statuses as RECIST 1.1 Table 2 reads them (CR when
 * all is gone, PD on unequivocal progression, NE when not evaluated); otherwise the reader's
 * estimated change since baseline (`timepoints[].nonMeasurableChangePct`), when recorded: PR at
 * −50 % or less, PD at +25 % or more, no change in between.
 */
function nonMeasurableResponse(view: CaseView, tp: Timepoint, findings: FindingList): NonMeasurable {
  const response = nonTargetResponse(view, tp)
  const pct = tp.nonMeasurableChangePct
  if (pct === undefined) return { response, estimated: null }
  if (response === null) {
    findings.add('estimate-without-non-measurable-disease', 'warning', `${tp.id} has an estimated change of non-measurable disease (${pct} %) but no non-measurable (non-target) lesion is recorded: the estimate is not used.`, SOURCE, { timepoint: tp.id })
    return { response, estimated: null }
  }
  if (response !== 'NON-CR/NON-PD') return { response, estimated: null }
  const text = `estimated ${pct > 0 ? '+' : ''}${pct} % since baseline`
  // The thresholds on integer hundredths of a per cent (the schema allows two decimals).
  const hundredths = toHundredths(pct)
  if (hundredths <= toHundredths(NON_MEASURABLE_PR_PCT)) return { response: 'PR', estimated: `${text}: a decrease of 50 % or more, PR` }
  if (hundredths >= toHundredths(NON_MEASURABLE_PD_PCT)) return { response: 'PD', estimated: `${text}: an increase of 25 % or more, PD` }
  return { response, estimated: `${text}: less than a 50 % decrease and less than a 25 % increase, no change` }
}

/**
 * A-W4: for each PR or CR, the later observation ≥ minDays on that confirms it, or null (then
 * reported), by the same rules the best response applies (criteria/shared/best-response.ts:
 * what may lie in between); by position in `decisions`, undefined for other responses.
 */
function confirmations(decisions: readonly Decision[], minDays: number, settings: Case['settings'], findings: FindingList): (Decision | null | undefined)[] {
  const { maxNeBetween, acceptSdBetween } = settings
  const confirmers: (Decision | null | undefined)[] = []
  for (let i = 0; i < decisions.length; i++) {
    const t = decisions[i]!
    if (t.response !== 'PR' && t.response !== 'CR') continue
    const isCr = t.response === 'CR'
    // The first later observation that meets this one (CR for a CR; CR or PR for a PR) at least minDays on.
    let j = i + 1
    for (; j < decisions.length; j++) {
      const level = LEVEL_OF[decisions[j]!.response]
      if ((level === 'CR' || (!isCr && level === 'PR')) && daysBetween(t.tp.date, decisions[j]!.tp.date) >= minDays) break
    }
    let ok = j < decisions.length
    let ne = 0
    let sd = 0
    for (let k = i + 1; ok && k < j; k++) {
      const level = LEVEL_OF[decisions[k]!.response]
      if (level === 'NE') ne++
      else if (level === 'SD' && !isCr) sd++
      else if (level !== 'CR' && (isCr || level !== 'PR')) ok = false
    }
    ok &&= ne <= maxNeBetween && sd <= (acceptSdBetween ? 1 : 0)
    confirmers[i] = ok ? decisions[j]! : null
    if (!ok)
      findings.add('unconfirmed-response', 'info', `${t.response} at ${t.tp.id} (${t.tp.date}) is not confirmed by a second observation ${minDays} days or more later: by WHO's definition it is not (yet) a ${t.response}.`, SOURCE, { timepoint: t.tp.id })
  }
  return confirmers
}

const confirmationText = (t: Decision, confirmer: Decision | null, minDays: number) =>
  confirmer
    ? `Confirmed by ${confirmer.response} at ${confirmer.tp.id} (${daysBetween(t.tp.date, confirmer.tp.date)} days later; WHO needs two observations at least ${minDays} days apart).`
    : `Provisional: WHO's ${t.response} needs a second observation at least ${minDays} days later that also meets it; none does.`

export default defineCriterion({
  id: 'who',
  name: 'WHO',
  version: '1981',
  reference: {
    citation: 'Miller AB, Hoogstraten B, Staquet M, Winkler A. Reporting results of cancer treatment. Cancer 1981;47(1):207-14',
  },
  // The 1981 wording could be checked only against secondary tables (docs/verification.md).
  status: 'provisional',
  optionsSchema: WhoOptionsSchema,
  evaluate: evaluateWho,
})
