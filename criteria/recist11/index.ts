/**
 * RECIST 1.1 — Eisenhauer EA, Therasse P, Bogaerts J, et al. New response evaluation criteria
 * in solid tumours: revised RECIST guideline (version 1.1). Eur J Cancer 2009;45(2):228-47.
 * doi:10.1016/j.ejca.2008.10.026. With the EORTC RECIST committee's FAQ and the 2016 update
 * (Schwartz LH et al. Eur J Cancer 2016;62:132-7). Spec §1.
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, Lesion, Timepoint } from '../case-schema.ts'
import { defineCriterion, type Response, type TimepointResult } from '../define-criterion.ts'
import { bestOfCase } from '../shared/case-best.ts'
import {
  describeNewLesions,
  hasNewLesion,
  lesionLabel,
  newLesionsByTimepoint,
  nonTargetResponse,
  overallResponse,
  reappearedTargets,
  RECIST_SOURCE,
  sumName,
  capitalised,
  setSumFigures,
  timepointResult,
  targetsMeetCr,
  baselineComplete,
  targetSums,
  viewCase,
  type CaseView,
  type NewLesionsAt,
  type TableRow,
  type TargetSum,
} from '../shared/case-view.ts'
import { definitelyAssigned, nonTargetsAfterCr, nonTargetText, REAPPEARANCE_SOURCE, type HistoryEntry, type NonTargetVerdict } from '../shared/reappearance.ts'
import { decreasedByAtLeast, formatPercent, formatValue, percentChange, toHundredths, type Fraction, type Hundredths } from '../shared/exact.ts'
import { grew, missingTargetsResponse, missingTargetsText, type GrowthThreshold } from '../shared/growth.ts'
import {
  FindingList,
  measurementFindings,
  RECIST11_TARGET_RULES,
  type TargetRules,
} from '../shared/findings.ts'

/** §4.3.1 PR: at least a 30 % decrease of the sum, taking the baseline sum as reference. */
export const PR_DECREASE_FROM_BASELINE: Fraction = [3, 10]
/** §4.3.1 PD: at least a 20 % increase of the sum, taking the smallest sum on study (nadir) as reference… */
export const PD_INCREASE_FROM_NADIR: Fraction = [1, 5]
/** …and an absolute increase of at least 5 mm. */
export const PD_MIN_INCREASE_MM = 5

export const Recist11OptionsSchema = z
  .object({
    prPersistence: choice({ eortc_faq_continuing: 'A confirmed PR holds until PD (EORTC FAQ)', strict_baseline: 'PR only while 30 % or more below baseline (literal)' })
      .default('eortc_faq_continuing')
      .describe(
        'Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 §4.3.1; EORTC RECIST FAQ. After a confirmed PR, a sum that drifts up without meeting PD stays PR (EORTC FAQ "Managing PR when TP measurements change slightly") or becomes SD by the literal −30 % vs baseline reading.',
      ),
    nodalCrPrecedence: z
      .boolean()
      .default(true)
      .describe('Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 §4.3.1; EORTC RECIST FAQ "Abnormal lymph node" (a node under 10 mm is normal). When every non-nodal target is gone and every node is under 10 mm, CR wins even if the sum grew ≥ 20 % and ≥ 5 mm over nadir.'),
    applySliceRuleToNodes: z
      .boolean()
      .default(false)
      .describe('Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 §3.1.1 (the EORTC RECIST FAQ on slice thickness and lymph nodes was not checked). Apply the 2 × slice-thickness floor to the 15 mm node threshold too.'),
    cavitationMode: choice({ outer_ld: 'Outer diameter (RECIST 1.1 as written)', cavity_adjusted: 'Air cavity subtracted (Crabb 2009)' })
      .default('outer_ld')
      .describe('Crabb SJ et al. J Clin Oncol 2009;27:404-10 (RECIST 1.1 has no cavitation rule). Sum the outer diameter (RECIST as written) or subtract the air cavity (Crabb 2009, non-standard). Both are always reported.'),
  })
  .strict()
export type Recist11Options = z.infer<typeof Recist11OptionsSchema>
const OPTION_KEYS = Object.keys(Recist11OptionsSchema.shape) as (keyof Recist11Options)[]

const R = 'recist11'
/** The target rules with and without the slice rule for nodes (made once: measurementFindings keys its memo by them). */
const TARGET_RULES: TargetRules = { ...RECIST11_TARGET_RULES, applySliceRuleToNodes: false }
const TARGET_RULES_NODE_SLICE: TargetRules = { ...RECIST11_TARGET_RULES, applySliceRuleToNodes: true }
const PD_MIN_INCREASE = toHundredths(PD_MIN_INCREASE_MM)

/** §4.3.1: PD needs ≥ 20 % over the nadir and ≥ 5 mm (with a nadir of 0 the relative part holds for any growth, spec §1.7). */
export const RECIST_PD: GrowthThreshold = { fraction: PD_INCREASE_FROM_NADIR, minIncrease: PD_MIN_INCREASE }
const meetsPd = (sum: Hundredths, nadir: Hundredths) => grew(sum, nadir, RECIST_PD)

// Made once: asked at every timepoint.
const PR_OR_CR: readonly Response[] = ['PR', 'CR']
const CR_ONLY: readonly Response[] = ['CR']
const NONE_REAPPEARED: readonly Lesion[] = Object.freeze([])

/**
 * A follow-up as decided: what its explanation is written from (shared/lazy.ts), one object per
 * timepoint, kept by the result until the explanation is read. Nothing in it changes afterwards.
 */
interface FollowUp {
  view: CaseView
  options: Recist11Options
  tp: Timepoint
  sum: TargetSum
  baseline: TargetSum | null
  nadir: Hundredths | null
  target: TargetVerdict
  nt: NonTargetVerdict
  news: NewLesionsAt
  overall: TableRow
}

/** The explanation of a follow-up's result. */
const explainFollowUp = (f: FollowUp) => [...f.target.explain(f), nonTargetText(f.nt), describeNewLesions(f.news, f.tp.id), `Overall: ${f.overall.row}.`]

/** The course so far, brought up to date after each follow-up: what a target response depends on besides its sum and the baseline. */
interface Course {
  nadir: Hundredths | null
  /** The earlier follow-ups whose target response was PR or CR (for prPersistence: definitelyAssigned looks at no other). */
  readonly targetPrOrCr: HistoryEntry[]
  /** The earlier overall responses… */
  readonly overall: readonly HistoryEntry[]
  /** …and whether one was CR. */
  afterCr: boolean
}

/**
 * A target response, its rule, and its explanation, written when read (shared/lazy.ts) from the
 * follow-up it was decided on. Each is made once (TARGET below): deciding a response at a
 * follow-up creates no verdict and no closure (an evaluation's time goes mostly to the objects it
 * makes).
 */
interface TargetVerdict {
  readonly response: Response | null
  /** Written out in full ("recist11.target.sd"): a rule id joined on every call was a string made per timepoint. */
  readonly rule: string
  explain(f: FollowUp): string[]
}

const verdict = (response: Response | null, rule: string, explain: (f: FollowUp) => string[]): TargetVerdict => Object.freeze({ response, rule, explain })

/** What the sum adds up, named in every explanation (issue #10 item 3). */
const recistSumName = (view: CaseView, options: Recist11Options) =>
  `${sumName(view)}${options.cavitationMode === 'cavity_adjusted' ? ', air cavities subtracted (cavitationMode cavity_adjusted)' : ''}`

// The sentences of the explanations.
const sumText = (what: string, sum: TargetSum, baseline: Hundredths, nadir: Hundredths) =>
  `${capitalised(what)} ${formatValue(sum.sum)} mm${sum.complete ? '' : ` over the measured targets (${sum.missing.map(lesionLabel).join(', ')} not evaluated)`}; baseline ${formatValue(baseline)} mm, nadir ${formatValue(nadir)} mm.`
const pdText = (sum: Hundredths, nadir: Hundredths) => `${formatValue(sum)} mm is ${formatPercent(percentChange(sum, nadir))} and ${formatValue(sum - nadir)} mm over the nadir ${formatValue(nadir)} mm`
const fromBaseline = (sum: Hundredths, baseline: Hundredths) => formatPercent(percentChange(sum, baseline))
const notPd = (sum: Hundredths, nadir: Hundredths) => `not PD: ${pdText(sum, nadir)}, short of 20 % and 5 mm`

/** The figures of a follow-up whose baseline sum is complete (every verdict after the first two), and its first sentence. */
function measured(f: FollowUp) {
  const sum = f.sum.sum
  const baseline = f.baseline!.sum
  const nadir = f.nadir!
  return { sum, baseline, nadir, first: sumText(recistSumName(f.view, f.options), f.sum, baseline, nadir) }
}

/** RECIST 1.1's target verdicts (§4.3.1, §4.4, and the EORTC FAQ's readings), as classifyTargets decides them. */
const TARGET = {
  noTargets: verdict(null, 'recist11.no-targets', () => ['No target lesions: non-target disease only (Table 2).']),
  baselineIncomplete: verdict('NE', 'recist11.target.baseline-incomplete', () => ['The baseline sum is incomplete (a target has no baseline measurement): target response NE.']),
  reappearanceAfterCr: verdict('PD', 'recist11.target.reappearance-after-cr', (f) => [
    measured(f).first,
    `After a confirmed CR, ${reappearedTargets(f.view, f.sum).map(lesionLabel).join(', ')} reappeared: "the reappearance of any malignant lesion results in PD" (${REAPPEARANCE_SOURCE}).`,
  ]),
  pdWithMissingTargets: verdict('PD', 'recist11.target.pd-with-missing-targets', (f) => {
    const { sum, nadir, first } = measured(f)
    return [first, `Even with the missing targets at 0 mm, ${pdText(sum, nadir)}.`, missingTargetsText('PD', 'sum')]
  }),
  notAllEvaluated: verdict('NE', 'recist11.target.not-all-evaluated', (f) => [measured(f).first, missingTargetsText('NE', 'sum')]),
  pdOverNodalCr: verdict('PD', 'recist11.target.pd-vs-nadir', (f) => {
    const { sum, nadir, first } = measured(f)
    return [first, `${pdText(sum, nadir)}: PD (nodalCrPrecedence is off).`]
  }),
  cr: verdict('CR', 'recist11.target.cr', (f) => [
    measured(f).first,
    'Every non-nodal target has disappeared and every nodal target is under 10 mm short axis: CR (RECIST 1.1 §4.3.1; the sum of nodes may stay above 0).',
  ]),
  pd: verdict('PD', 'recist11.target.pd-vs-nadir', (f) => {
    const { sum, nadir, first } = measured(f)
    return [first, `${pdText(sum, nadir)}: at least 20 % and 5 mm, PD.`]
  }),
  pr: verdict('PR', 'recist11.target.pr-vs-baseline', (f) => {
    const { sum, baseline, first } = measured(f)
    return [first, `${formatValue(sum)} mm is ${fromBaseline(sum, baseline)} from baseline: at least 30 % smaller, PR.`]
  }),
  prPersists: verdict('PR', 'recist11.target.pr-persistence', (f) => {
    const { sum, baseline, nadir, first } = measured(f)
    return [first, `${fromBaseline(sum, baseline)} from baseline is less than a 30 % decrease, but PR was confirmed earlier and PD is not met (${notPd(sum, nadir)}): PR continues (EORTC FAQ; option prPersistence).`]
  }),
  sd: verdict('SD', 'recist11.target.sd', (f) => {
    const { sum, baseline, nadir, first } = measured(f)
    // The largest sum that is still PR: 70 % of baseline, rounded down.
    const prLimit = Math.floor((baseline * (PR_DECREASE_FROM_BASELINE[1] - PR_DECREASE_FROM_BASELINE[0])) / PR_DECREASE_FROM_BASELINE[1])
    const text = notPd(sum, nadir)
    return [first, `Not PR: ${fromBaseline(sum, baseline)} from baseline (PR needs ${formatValue(prLimit)} mm or less). ${text.charAt(0).toUpperCase()}${text.slice(1)}. SD.`]
  }),
}

function classifyTargets(view: CaseView, options: Recist11Options, tp: Timepoint, sum: TargetSum, baseline: TargetSum | null, course: Course, findings: FindingList): TargetVerdict {
  const { nadir, afterCr } = course
  if (view.targets.length === 0) return TARGET.noTargets
  if (!baseline || nadir === null) return TARGET.baselineIncomplete

  // Reappearance only matters after an overall CR (the two rules below): most timepoints skip the list.
  const reappeared = afterCr ? reappearedTargets(view, sum) : NONE_REAPPEARED

  // §4.3.2, Table 3 footnote, EORTC FAQ "Does a new lesion always result in PD?": once CR has
  // been definitively assigned, any reappearing target is PD, even under 5 mm.
  if (reappeared.length > 0 && definitelyAssigned(view.kase, course.overall, CR_ONLY)) return TARGET.reappearanceAfterCr
  if (reappeared.length > 0 && afterCr)
    findings.add('reappearance-after-unconfirmed-cr', 'warning', `${reappeared.map(lesionLabel).join(', ')} reappeared at ${tp.id} after an unconfirmed CR: if the lesions were probably there all along, reclassify the earlier CR as PR.`, REAPPEARANCE_SOURCE, { timepoint: tp.id })

  if (!sum.complete) {
    // §4.4 / spec §1.10: the shared missing-targets rule (shared/growth.ts).
    return missingTargetsResponse(meetsPd(sum.sum, nadir)) === 'PD' ? TARGET.pdWithMissingTargets : TARGET.notAllEvaluated
  }

  const pd = meetsPd(sum.sum, nadir)
  if (targetsMeetCr(view, sum)) {
    if (pd) {
      findings.add('nodal-cr-with-sum-increase', 'warning', `At ${tp.id} all non-nodal targets are gone and all nodes are under 10 mm, yet ${pdText(sum.sum, nadir)}. Classified ${options.nodalCrPrecedence ? 'CR' : 'PD'} (option nodalCrPrecedence = ${options.nodalCrPrecedence}).`, `${RECIST_SOURCE} §4.3.1; EORTC RECIST FAQ "Abnormal lymph node"`, { timepoint: tp.id })
      if (!options.nodalCrPrecedence) return TARGET.pdOverNodalCr
    }
    return TARGET.cr
  }
  // PD is checked before PR: PR is judged against baseline, PD against the nadir (EORTC FAQ).
  if (pd) return TARGET.pd
  if (decreasedByAtLeast(sum.sum, baseline.sum, PR_DECREASE_FROM_BASELINE)) return TARGET.pr
  if (options.prPersistence === 'eortc_faq_continuing' && definitelyAssigned(view.kase, course.targetPrOrCr, PR_OR_CR)) return TARGET.prPersists
  return TARGET.sd
}

/**
 * RECIST 1.1 on a case. iRECIST and PERCIST build on it; the view keeps the result, so the
 * criteria of one evaluation measure the case once per set of options.
 */
export function evaluateRecist11(kase: Case, options: Recist11Options) {
  const view = viewCase(kase)
  return view.memo(memoKey(options), () => evaluate(view, options))
}

/**
 * The memo key of a set of options, kept with the options object: most cases share the frozen
 * defaults (criteria/evaluate.ts), whose key is then written once rather than once per case.
 */
const memoKeys = new WeakMap<Recist11Options, string>()
function memoKey(options: Recist11Options): string {
  let key = memoKeys.get(options)
  if (key === undefined) memoKeys.set(options, (key = `recist11:${OPTION_KEYS.map((k) => options[k]).join(':')}`))
  return key
}

function evaluate(view: CaseView, options: Recist11Options) {
  const findings = new FindingList()
  measurementFindings(view, options.applySliceRuleToNodes ? TARGET_RULES_NODE_SLICE : TARGET_RULES, findings)

  const sums = targetSums(view, options.cavitationMode === 'cavity_adjusted')
  const baseline = baselineComplete(view) ? sums[0]! : null
  const newLesions = newLesionsByTimepoint(view)
  // The overall responses so far are the results themselves (each has its date and response).
  const timepoints: TimepointResult[] = []
  const course: Course = { nadir: baseline ? baseline.sum : null, targetPrOrCr: [], overall: timepoints, afterCr: false }

  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const sum = sums[i]!
    const nadir = course.nadir
    const target = classifyTargets(view, options, tp, sum, baseline, course, findings)
    const nt = nonTargetsAfterCr(view, i, nonTargetResponse(view, tp), timepoints, findings)
    const nonTarget = nt.response
    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    const overall = overallResponse(target.response, nonTarget, newLesion)
    for (const n of news.unconfirmedEquivocal)
      findings.add('equivocal-new-lesion', 'info', `Equivocal new lesion in ${n.organ} at ${tp.id}: not PD unless a later scan confirms it; then PD dates back to ${tp.id}.`, `${RECIST_SOURCE} §4.3.3`, { timepoint: tp.id })
    for (const { lesion, confirmedAt } of news.confirmedLater)
      findings.add('new-lesion-confirmed-later', 'warning', `The equivocal new lesion in ${lesion.organ} first seen at ${tp.id} was confirmed at ${confirmedAt}: progression is dated back to ${tp.id}.`, `${RECIST_SOURCE} §4.3.3`, { timepoint: tp.id })

    const rule =
      overall.response === 'PD' && target.response !== 'PD'
        ? newLesion
          ? `${R}.new-lesion`
          : nt.reappeared
            ? `${R}.non-target.reappearance-after-cr`
            : `${R}.non-target.pd`
        : target.response === null
          ? `${R}.non-target-only`
          : target.rule
    const followUp: FollowUp = { view, options, tp, sum, baseline, nadir, target, nt, news, overall }
    const result = timepointResult(explainFollowUp, tp, overall.response, target.response, nonTarget, newLesion, followUp)
    setSumFigures(result, view, sum, baseline ? baseline.sum : null, nadir)
    result.rule = rule
    timepoints.push(result as TimepointResult)
    if (target.response !== null && PR_OR_CR.includes(target.response)) course.targetPrOrCr.push({ date: tp.date, response: target.response })
    if (overall.response === 'CR') course.afterCr = true
    // The nadir counts complete sums only (spec A-R5), and only from earlier timepoints.
    if (nadir !== null && sum.complete) course.nadir = Math.min(nadir, sum.sum)
  }

  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}

export default defineCriterion({
  id: 'recist11',
  name: 'RECIST 1.1',
  version: '1.1',
  reference: {
    citation:
      'Eisenhauer EA, Therasse P, Bogaerts J, et al. New response evaluation criteria in solid tumours: revised RECIST guideline (version 1.1). Eur J Cancer 2009;45(2):228-47',
    doi: '10.1016/j.ejca.2008.10.026',
  },
  status: 'established',
  optionsSchema: Recist11OptionsSchema,
  evaluate: evaluateRecist11,
})
