/**
 * What Choi (2007) and modified Choi (Nathan 2010) share: the RECIST sum of target diameters
 * and the mean target attenuation, both against baseline, with PD on a ≥ 10 % size increase,
 * new lesions and new or enlarging intratumoral nodules. They differ in how size and
 * attenuation combine for PR (Choi: either; mChoi: both), passed in as `meetsPr`.
 */
import { z } from 'zod'
import { choice } from './choice.ts'
import type { Assessment, Case, Lesion } from '../case-schema.ts'
import type { CriterionEvaluation, Response, SafeguardComparison, SafeguardProfile, TimepointResult } from '../define-criterion.ts'
import { HU_MAX } from '../case-schema.ts'
import { AttenuationSeries, baselineGuard, type AttenuationComparison, type AttenuationGuards } from './attenuation.ts'
import { bestOfCase } from './case-best.ts'
import {
  baselineComplete,
  capitalised,
  sumName,
  describeNewLesions,
  hasNewLesion,
  lesionLabel,
  newLesionsByTimepoint,
  nonTargetResponse,
  overallResponse,
  setSumFigures,
  timepointResult,
  targetsMeetCr,
  targetSums,
  viewCase,
  type CaseView,
  type SumMeasure,
  type TargetSum,
} from './case-view.ts'
import { decreasedByAtLeast, formatPercent, formatValue, percentChange, toHundredths, type Fraction, type Hundredths } from './exact.ts'
import { grew, missingTargetsResponse, missingTargetsText } from './growth.ts'
import { explained } from './lazy.ts'
import { nonTargetsAfterCr, nonTargetText, type HistoryEntry } from './reappearance.ts'
import {
  FindingList,
  LUNG_ORGAN,
  measurementFindings,
  RECIST10_TARGET_RULES,
  RECIST11_TARGET_RULES,
  type TargetRules,
} from './findings.ts'

export const CHOI_SOURCE = 'Choi H et al. J Clin Oncol 2007;25:1753-9'
/** Where the osteosarcoma safeguards come from: mineralized matrix, and SACT's non-lung targets for attenuation (partial volume). */
const SAFEGUARDS_SOURCE = 'Silva JAM et al. J Bras Pneumol 2023;49:e20220433 (mineralized matrix); Smith AD et al. AJR 2010;194:157-65 (non-lung targets)'

/** Choi 2007 Table 3: PR on a size decrease of 10 % or more (≥, the table's wording; spec A-C1). */
export const SIZE_PR_DECREASE: Fraction = [1, 10]
/** Choi 2007 Table 3: PD on a size increase of 10 % or more. */
export const SIZE_PD_INCREASE: Fraction = [1, 10]

/** The attenuation safeguards a profile sets (spec §9.2, §9.6). */
export interface Safeguards {
  minLdForDensityMm: number
  excludeLungFromDensity: boolean
  mineralizedHuThreshold: number
}

/** Choi 2007 as published: no minimum size, no lung exclusion, no HU ceiling (HU_MAX, the top of the CT scale, is never exceeded). */
export const PUBLISHED_SAFEGUARDS: Safeguards = Object.freeze({ minLdForDensityMm: 0, excludeLungFromDensity: false, mineralizedHuThreshold: HU_MAX })
/** The osteosarcoma safeguards (spec §9.2 mineralized matrix, §9.6 small and lung targets): a named profile, not the default (issue #10 item 5). */
export const OSTEOSARCOMA_SAFEGUARDS: Safeguards = Object.freeze({ minLdForDensityMm: 15, excludeLungFromDensity: true, mineralizedHuThreshold: 150 })

/** Options both modules take; each module adds its own. Defaults live here and nowhere else. */
export const choiFamilyOptionShape = {
  targetSelection: choice({ "RECIST1.1": 'RECIST 1.1 (5 targets, nodes by short axis)', "RECIST1.0": 'RECIST 1.0 (10 targets, as Choi 2007)' })
    .default('RECIST1.1')
    .describe('Choi H et al. J Clin Oncol 2007;25:1753-9 (targets as defined in RECIST, then RECIST 1.0: Therasse P et al. J Natl Cancer Inst 2000;92:205-16); Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 (RECIST 1.1). Target selection: RECIST 1.1 (5 total, 2 per organ; nodes by short axis, 15 mm to be a target; current practice) or RECIST 1.0 (10 / 5, no short-axis rule: nodes are measured and summed by their longest diameter; what Choi 2007 used).'),
  pdReference: choice({ nadir: 'Nadir (smallest earlier sum)', baseline: 'Baseline' })
    .default('nadir')
    .describe('Choi H et al. J Clin Oncol 2007;25:1753-9, Table 3 (no reference stated for PD). The size increase for PD is measured from the smallest earlier sum (nadir) or from baseline; Choi 2007 compared baseline with one follow-up only.'),
  absoluteFloorMm: z
    .number()
    .nonnegative()
    .max(100)
    .default(0)
    .describe('Choi H et al. J Clin Oncol 2007;25:1753-9, Table 3 sets no absolute floor (non-standard safeguard). Size PD also needs an increase of at least this many mm; 0 applies Choi as published.'),
  safeguards: choice({ none: 'None (as published)', osteosarcoma: 'Osteosarcoma safeguards' })
    .default('none')
    .describe(
      `${CHOI_SOURCE} (as published); ${SAFEGUARDS_SOURCE} (osteosarcoma safeguards). none: as published (Choi 2007 sets no minimum size, no lung exclusion and no HU ceiling for attenuation). osteosarcoma: the osteosarcoma safeguards profile (targets under 15 mm, lung targets and targets over 150 HU at baseline left out of the attenuation mean), for each of the three options below left at its published default. Wherever the safeguards change a response, the result gives both.`,
    ),
  minLdForDensityMm: z
    .number()
    .nonnegative()
    .max(500)
    .default(PUBLISHED_SAFEGUARDS.minLdForDensityMm)
    .describe('Non-standard safeguard against partial volume (Choi H et al. J Clin Oncol 2007;25:1753-9 sets no minimum size; 15 in the osteosarcoma profile). Targets shorter than this at baseline are left out of the attenuation mean; 0 as published.'),
  excludeLungFromDensity: z
    .boolean()
    .default(PUBLISHED_SAFEGUARDS.excludeLungFromDensity)
    .describe('Non-standard safeguard, as SACT measures attenuation in non-lung targets only (Smith AD et al. AJR 2010;194:157-65; true in the osteosarcoma profile). Leave lung targets out of the attenuation mean (partial volume with aerated lung); false as published.'),
  mineralizedHuThreshold: z
    .number()
    .min(0)
    .max(HU_MAX)
    .default(PUBLISHED_SAFEGUARDS.mineralizedHuThreshold)
    .describe(`Non-standard safeguard (mineralized matrix in osteosarcoma lung metastases: Silva JAM et al. J Bras Pneumol 2023;49:e20220433; 150 in the osteosarcoma profile). A target over this many HU at baseline is treated as mineralized and left out of the attenuation mean; ${HU_MAX}, the top of the CT scale, sets no ceiling, as published. A target the reader flags as mineralized is left out whatever this says.`),
}

export type ChoiFamilyOptions = {
  targetSelection: 'RECIST1.1' | 'RECIST1.0'
  pdReference: 'nadir' | 'baseline'
  absoluteFloorMm: number
  safeguards: 'none' | 'osteosarcoma'
} & Safeguards

const SAFEGUARD_KEYS = Object.keys(PUBLISHED_SAFEGUARDS) as (keyof Safeguards)[]

/** The safeguards in force: the options as set, the osteosarcoma profile filling in those left at their published default. */
export function safeguardsOf(options: ChoiFamilyOptions): Safeguards {
  const resolved = { ...PUBLISHED_SAFEGUARDS } as Record<keyof Safeguards, number | boolean>
  for (const key of SAFEGUARD_KEYS)
    resolved[key] = options.safeguards === 'osteosarcoma' && options[key] === PUBLISHED_SAFEGUARDS[key] ? OSTEOSARCOMA_SAFEGUARDS[key] : options[key]
  return resolved as unknown as Safeguards
}

const sameSafeguards = (a: Safeguards, b: Safeguards) => SAFEGUARD_KEYS.every((k) => a[k] === b[k])

/** How a set of safeguards is named in a result. */
const profileOf = (g: Safeguards): SafeguardProfile => (sameSafeguards(g, PUBLISHED_SAFEGUARDS) ? 'published' : sameSafeguards(g, OSTEOSARCOMA_SAFEGUARDS) ? 'osteosarcoma' : 'custom')
const PROFILE_WORDS: Record<SafeguardProfile, string> = { published: 'as published', osteosarcoma: 'with the osteosarcoma safeguards', custom: 'with the safeguard options set' }

export interface ChoiVariant {
  id: string
  name: string
  source: string
  /** The phase attenuation must be measured in, or null for "the same as baseline". */
  requiredPhase: AttenuationGuards['requiredPhase']
  /** PR from size and attenuation; attenuation is null when not comparable. */
  meetsPr(sizePr: boolean, densityPr: boolean | null): boolean
  /** The sentence that says why PR is or is not met (written when the explanation is read). */
  describePr(sizePr: boolean, densityPr: boolean | null): string
  /** Whether a ≥ 15 % attenuation decrease vetoes size-based PD. */
  densityVetoesPd: boolean
}

/** The target-selection rules Choi and mChoi check; the 2 × slice-thickness floor is not applied to nodes. */
const TARGET_RULES: Record<ChoiFamilyOptions['targetSelection'], TargetRules & { measure: SumMeasure }> = {
  'RECIST1.1': { ...RECIST11_TARGET_RULES, applySliceRuleToNodes: false, measure: 'recist' },
  // RECIST 1.0 (Therasse 2000) has no short-axis rule: nodes are measured by their longest diameter (issue #10 item 6).
  'RECIST1.0': { ...RECIST10_TARGET_RULES, applySliceRuleToNodes: false, measure: 'long-axis' },
}

/** What one timepoint's target response is judged on. */
interface TargetFacts {
  sum: TargetSum
  baseline: Hundredths
  /** The reference for size PD (the nadir or the baseline sum) and its name. */
  reference: Hundredths
  refName: ChoiFamilyOptions['pdReference']
  density: AttenuationComparison
  /** What the sum adds up (sumName), for the explanation. */
  sumName: string
  /** How nodes enter the sum and CR: by short axis (RECIST 1.1) or long axis (RECIST 1.0). */
  measure: SumMeasure
}

/** A target response, and the explanation for it, written when read (shared/lazy.ts). */
interface TargetVerdict {
  response: Response | null
  rule: string
  explain: () => string[]
}

/** Choi 2007 Table 3: size PD on a 10 % increase over the reference (and, if set, the absolute floor). */
const sizeIncreased = (sum: Hundredths, reference: Hundredths, floor: Hundredths) => grew(sum, reference, { fraction: SIZE_PD_INCREASE, minIncrease: floor })

/** New or enlarging intratumoral nodules at timepoint position `i` (Choi 2007: PD), or null when none. */
function intratumoralNodules(view: CaseView, i: number): Lesion[] | null {
  let nodules: Lesion[] | null = null
  for (let k = 0; k < view.targets.length; k++) {
    const f = view.targetRows[k]![i]?.findings
    if (f && (f.includes('new-intratumoral-nodule') || f.includes('enlarging-intratumoral-nodule'))) (nodules ??= []).push(view.targets[k]!)
  }
  return nodules
}

// The sentences of the explanations (module functions, so deciding a response creates no closure but the one it returns).
const sumText = (f: TargetFacts) =>
  `${capitalised(f.sumName)} ${formatValue(f.sum.sum)} mm${f.sum.complete ? '' : ' over the measured targets'}; baseline ${formatValue(f.baseline)} mm, ${f.refName} ${formatValue(f.reference)} mm.`
const densityText = ({ result, decreasedBy15Pct }: AttenuationComparison) =>
  result.status === 'compared'
    ? `Attenuation: ${result.reason} (${formatPercent(result.changePct)}), ${decreasedBy15Pct ? 'a decrease of 15 % or more' : 'less than a 15 % decrease'}.`
    : `Attenuation not evaluable: ${result.reason}`
const sizeChange = (f: TargetFacts) => `${formatPercent(percentChange(f.sum.sum, f.reference))} from the ${f.refName}`

function classifyTargets(view: CaseView, i: number, f: TargetFacts, baselineIsComplete: boolean, options: ChoiFamilyOptions, variant: ChoiVariant): TargetVerdict {
  const id = variant.id
  if (view.targets.length === 0) return { response: null, rule: `${id}.no-targets`, explain: () => ['No target lesions: non-target disease only.'] }
  if (!baselineIsComplete)
    return { response: 'NE', rule: `${id}.target.baseline-incomplete`, explain: () => ['The baseline sum is incomplete (a target has no baseline measurement): target response NE.'] }

  const nodules = intratumoralNodules(view, i)
  if (nodules)
    return { response: 'PD', rule: `${id}.target.intratumoral-nodule`, explain: () => [sumText(f), densityText(f.density), `New or enlarging intratumoral nodule in ${nodules.map(lesionLabel).join(', ')}: PD (Choi 2007).`] }

  const floor = toHundredths(options.absoluteFloorMm)
  const increased = sizeIncreased(f.sum.sum, f.reference, floor)
  const densityPr = f.density.decreasedBy15Pct
  const vetoed = variant.densityVetoesPd && densityPr === true
  if (!f.sum.complete) {
    // The missing-targets rule shared with RECIST 1.1 §4.4 (shared/growth.ts): PD only when the measured part proves growth.
    if (missingTargetsResponse(increased && !vetoed) === 'PD')
      return { response: 'PD', rule: `${id}.target.pd-with-missing-targets`, explain: () => [sumText(f), densityText(f.density), `Even with the missing targets at 0 mm the sum is ${sizeChange(f)}, an increase of 10 % or more.`, missingTargetsText('PD', 'sum')] }
    return { response: 'NE', rule: `${id}.target.not-all-evaluated`, explain: () => [sumText(f), densityText(f.density), `The measured targets' sum is ${sizeChange(f)}${increased ? ', but attenuation fell by 15 % or more' : ''}.`, missingTargetsText('NE', 'sum')] }
  }
  if (targetsMeetCr(view, f.sum, f.measure))
    return { response: 'CR', rule: `${id}.target.cr`, explain: () => [sumText(f), densityText(f.density), `All target lesions have disappeared${f.measure === 'recist' ? ' (nodes under 10 mm short axis)' : ' (nodes too: RECIST 1.0 has no normal node size)'}: CR.`] }
  if (increased && !vetoed)
    return {
      response: 'PD',
      rule: `${id}.target.size-pd`,
      explain: () => [sumText(f), densityText(f.density), `Size ${sizeChange(f)}: an increase of 10 % or more${floor ? ` and at least ${options.absoluteFloorMm} mm` : ''}, not offset by attenuation: PD.`],
    }

  const sizePr = decreasedByAtLeast(f.sum.sum, f.baseline, SIZE_PR_DECREASE)
  const pr = variant.meetsPr(sizePr, densityPr)
  return {
    response: pr ? 'PR' : 'SD',
    rule: `${id}.target.${pr ? 'pr' : 'sd'}`,
    explain: () => [
      sumText(f),
      densityText(f.density),
      ...(increased ? [`Size ${sizeChange(f)} would be PD, but attenuation fell by 15 % or more: not PD (Choi 2007 Table 3).`] : []),
      `Size ${formatPercent(percentChange(f.sum.sum, f.baseline))} from baseline (${sizePr ? 'a decrease of 10 % or more' : 'less than a 10 % decrease'}).`,
      variant.describePr(sizePr, densityPr),
    ],
  }
}

export function evaluateChoiFamily(kase: Case, options: ChoiFamilyOptions, variant: ChoiVariant): CriterionEvaluation {
  const view = viewCase(kase)
  const guards = safeguardsOf(options)
  const densityVerdicts: (boolean | null)[] = []
  const result = evaluateWith(view, options, guards, variant, new FindingList(), densityVerdicts)
  // Issue #10 item 5: where the safeguards change an answer, the result says both.
  const other = profileOf(guards) === 'published' ? OSTEOSARCOMA_SAFEGUARDS : PUBLISHED_SAFEGUARDS
  if (!safeguardsDiffer(view, guards, other)) return result
  // The two readings differ only in the targets that enter the attenuation mean, and a response
  // reads that mean only as whether it fell by 15 % (classifyTargets). Where that verdict is the
  // same at every timepoint, every response and the best response are the same too, and the
  // other reading is not made in full (it was half of Choi's time on a cohort).
  if (sameDensityVerdicts(view, other, variant, densityVerdicts)) return result
  const reasons = safeguardReasons(view, guards, other)
  const alternative = evaluateWith(view, options, other, variant, new FindingList(), [])
  return compared(result, alternative, profileOf(guards), profileOf(other), reasons, variant)
}

/** Whether the attenuation mean under `guards` falls by 15 % at the same timepoints as `verdicts` say (by timepoint position). */
function sameDensityVerdicts(view: CaseView, guards: Safeguards, variant: ChoiVariant, verdicts: readonly (boolean | null)[]): boolean {
  // Its findings are those of a reading that is not reported: they go to a list no one reads.
  const attenuation = new AttenuationSeries(view, { ...guards, requiredPhase: variant.requiredPhase }, new FindingList())
  for (let i = 1; i < view.timepoints.length; i++) if (attenuation.decreasedAt(i) !== verdicts[i]) return false
  return true
}

/** One reading; `densityVerdicts[i]` receives whether the attenuation mean fell by 15 % at timepoint position `i`. */
function evaluateWith(view: CaseView, options: ChoiFamilyOptions, guards: Safeguards, variant: ChoiVariant, findings: FindingList, densityVerdicts: (boolean | null)[]): CriterionEvaluation {
  const rules = TARGET_RULES[options.targetSelection]
  measurementFindings(view, rules, findings)
  if (view.isOsteosarcoma)
    findings.add('not-validated-in-osteosarcoma', 'info', `${variant.name} was developed for ${variant.id === 'choi' ? 'GIST on imatinib' : 'renal cancer on targeted therapy'} and has not been validated in osteosarcoma: read it as exploratory beside RECIST 1.1.`, variant.source, {})
  const profile = profileOf(guards)
  if (profile !== 'published')
    findings.add('attenuation-safeguards', 'info', `${variant.name} is computed ${PROFILE_WORDS[profile]}, not as published: ${describeSafeguards(guards)}.`, `${SAFEGUARDS_SOURCE} (non-standard safeguards)`, {})

  const attenuation = new AttenuationSeries(view, { ...guards, requiredPhase: variant.requiredPhase }, findings)
  const sums = targetSums(view, false, rules.measure)
  const name = sumName(view, rules.measure)
  const baseline = sums[0]!.sum
  const baselineIsComplete = baselineComplete(view)
  let nadir: Hundredths = baseline
  const newLesions = newLesionsByTimepoint(view)
  const timepoints: TimepointResult[] = []
  const overallHistory: HistoryEntry[] = []

  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const sum = sums[i]!
    const density = attenuation.compareAt(i)
    densityVerdicts[i] = density.decreasedBy15Pct
    const facts: TargetFacts = { sum, baseline, reference: options.pdReference === 'nadir' ? nadir : baseline, refName: options.pdReference, density, sumName: name, measure: rules.measure }
    const target = classifyTargets(view, i, facts, baselineIsComplete, options, variant)

    // Combined as RECIST 1.1 Table 1, with its rule for lesions reappearing after a CR (shared/reappearance.ts).
    const nt = nonTargetsAfterCr(view, i, nonTargetResponse(view, tp), overallHistory, findings)
    const nonTarget = nt.response
    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    const overall = overallResponse(target.response, nonTarget, newLesion)
    overallHistory.push({ date: tp.date, response: overall.response })
    const rule =
      overall.response === 'PD' && target.response !== 'PD'
        ? newLesion
          ? `${variant.id}.new-lesion`
          : nt.reappeared
            ? `${variant.id}.non-target.reappearance-after-cr`
            : `${variant.id}.non-target.pd`
        : target.rule
    const result = timepointResult(() => [...target.explain(), nonTargetText(nt), describeNewLesions(news, tp.id), `Overall (combined as RECIST 1.1 Table 1): ${overall.row}.`], tp, overall.response, target.response, nonTarget, newLesion)
    setSumFigures(result, view, sum, baseline, nadir)
    result.attenuation = density.result
    result.rule = rule
    timepoints.push(result as TimepointResult)
    if (sum.complete && baselineIsComplete) nadir = Math.min(nadir, sum.sum)
  }

  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}

const describeSafeguards = (g: Safeguards) =>
  [
    g.minLdForDensityMm > 0 ? `targets under ${g.minLdForDensityMm} mm at baseline` : null,
    g.excludeLungFromDensity ? 'lung targets' : null,
    g.mineralizedHuThreshold < HU_MAX ? `targets over ${g.mineralizedHuThreshold} HU at baseline` : null,
  ]
    .filter((x) => x !== null)
    .join(', ') + ' are left out of the attenuation mean'

/**
 * Whether one set of safeguards compares the attenuation of a target that the other leaves out
 * (judged on the baseline, as the guards are): when none, the two readings cannot differ.
 */
const safeguardsDiffer = (view: CaseView, a: Safeguards, b: Safeguards) => view.targets.some((lesion, k) => strictOf(lesion, view.targetRows[k]![0], a, b) !== null)

/**
 * Of two sets of safeguards, the one that leaves a target's attenuation out while the other
 * compares it, or null when both keep it or both leave it out (perhaps for different reasons).
 */
function strictOf(lesion: Lesion, a0: Assessment | undefined, a: Safeguards, b: Safeguards): Safeguards | null {
  if (a0?.attenuationHu === undefined) return null
  const outA = baselineGuard(lesion, a0, a) !== null
  const outB = baselineGuard(lesion, a0, b) !== null
  return outA === outB ? null : outA ? a : b
}

/** The targets whose attenuation one set of safeguards compares and the other leaves out, and why. */
function safeguardReasons(view: CaseView, a: Safeguards, b: Safeguards): string[] {
  const reasons: string[] = []
  for (let k = 0; k < view.targets.length; k++) {
    const a0 = view.targetRows[k]![0]
    const lesion = view.targets[k]!
    const strict = strictOf(lesion, a0, a, b)
    if (strict === null || a0?.attenuationHu === undefined) continue
    const ld = a0.longAxisMm ?? a0.shortAxisMm
    const size = ld === undefined ? '' : `${formatValue(toHundredths(ld))} mm `
    const why: string[] = []
    if (a0.attenuationHu > strict.mineralizedHuThreshold) why.push(`${a0.attenuationHu} HU at baseline (over ${strict.mineralizedHuThreshold} HU: presumed mineralized)`)
    if (strict.excludeLungFromDensity && LUNG_ORGAN.test(lesion.organ)) why.push(`a ${size}lung target`)
    else if (ld === undefined || ld < strict.minLdForDensityMm) why.push(`${size}at baseline (under ${strict.minLdForDensityMm} mm)`)
    reasons.push(`${lesionLabel(lesion)} is ${why.join(' and ')}`)
  }
  // In lesion-id order, so the words do not depend on the order lesions are listed in.
  return reasons.sort()
}

/** `result` with the other reading beside every answer the safeguards change (a field, an explanation line and a finding). */
function compared(result: CriterionEvaluation, alternative: CriterionEvaluation, profile: SafeguardProfile, otherProfile: SafeguardProfile, reasons: string[], variant: ChoiVariant): CriterionEvaluation {
  const findings = new FindingList()
  for (const f of result.findings) findings.addFinding(f)
  const summary = (mine: Response | null, theirs: Response | null) => {
    const [published, other, otherWords] = profile === 'published' ? [mine, theirs, PROFILE_WORDS[otherProfile]] : [theirs, mine, PROFILE_WORDS[profile]]
    return `${published ?? 'no response'} as published; ${other ?? 'no response'} ${otherWords}: ${reasons.join('; ')}`
  }
  const source = `${variant.source} (as published); ${SAFEGUARDS_SOURCE} (osteosarcoma safeguards)`
  const timepoints = result.timepoints.map((t, j) => {
    const alt = alternative.timepoints[j]!
    if (alt.response === t.response && alt.targetResponse === t.targetResponse) return t
    const text = summary(t.response, alt.response)
    findings.add('safeguards-change-response', 'warning', `${variant.name} at ${t.timepoint}: ${text}.`, source, { timepoint: t.timepoint })
    const safeguards: SafeguardComparison = { profile, otherProfile, otherResponse: alt.response, otherTargetResponse: alt.targetResponse, reasons, summary: text }
    return explained({ ...t, safeguards }, () => [...t.explanation, `${text}.`])
  })
  let best = result.best
  if (alternative.best.response !== best.response) {
    const text = summary(best.response, alternative.best.response)
    findings.add('safeguards-change-response', 'warning', `${variant.name} best overall response: ${text}.`, source)
    const original = best
    best = explained({ ...original, safeguards: { profile, otherProfile, otherResponse: alternative.best.response, reasons, summary: text } }, () => [...original.explanation, `${text}.`])
  }
  return { ...result, timepoints, best, findings: findings.toArray() }
}
