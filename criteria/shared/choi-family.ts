/**
 * What Choi (2007) and modified Choi (Nathan 2010) share: the RECIST sum of target diameters
 * and the mean target attenuation, both against baseline, with PD on a ≥ 10 % size increase,
 * new lesions and new or enlarging intratumoral nodules. They differ in how size and
 * attenuation combine for PR (Choi: either; mChoi: both), passed in as `combinePr`.
 */
import { z } from 'zod'
import type { Case } from '../case-schema.ts'
import type { Response, TimepointResult } from '../define-criterion.ts'
import { compareAttenuation, type AttenuationGuards } from './attenuation.ts'
import { bestOfCase } from './case-best.ts'
import {
  describeNewLesions,
  hasNewLesion,
  lesionLabel,
  newLesionsByTimepoint,
  nonTargetResponse,
  overallResponse,
  sumFigures,
  targetsMeetCr,
  targetSum,
  viewCase,
} from './case-view.ts'
import { decreasedByAtLeast, formatPercent, formatValue, increasedByAtLeast, percentChange, toHundredths, type Fraction, type Hundredths } from './exact.ts'
import {
  FindingList,
  measurementFindings,
  RECIST10_TARGET_RULES,
  RECIST11_TARGET_RULES,
} from './findings.ts'

export const CHOI_SOURCE = 'Choi H et al. J Clin Oncol 2007;25:1753-9'

/** Choi 2007 Table 3: PR on a size decrease of 10 % or more (≥, the table's wording; spec A-C1). */
export const SIZE_PR_DECREASE: Fraction = [1, 10]
/** Choi 2007 Table 3: PD on a size increase of 10 % or more. */
export const SIZE_PD_INCREASE: Fraction = [1, 10]

/** Options both modules take; each module adds its own. Defaults live here and nowhere else. */
export const choiFamilyOptionShape = {
  targetSelection: z
    .enum(['RECIST1.1', 'RECIST1.0'])
    .default('RECIST1.1')
    .describe('Spec §2.4. Target-count limits checked: RECIST 1.1 (5 total, 2 per organ; current practice) or RECIST 1.0 (10 / 5; what Choi 2007 used).'),
  pdReference: z
    .enum(['nadir', 'baseline'])
    .default('nadir')
    .describe('Spec A-C2. The size increase for PD is measured from the smallest earlier sum (nadir) or from baseline; Choi 2007 compared baseline with one follow-up only.'),
  absoluteFloorMm: z
    .number()
    .nonnegative()
    .max(100)
    .default(0)
    .describe('Spec A-C6 (non-standard). Size PD also needs an increase of at least this many mm; 0 applies Choi as published.'),
  minLdForDensityMm: z
    .number()
    .nonnegative()
    .max(500)
    .default(15)
    .describe('Spec §2.4, §9.6 (non-standard safeguard). Targets shorter than this at baseline are left out of the attenuation mean.'),
  excludeLungFromDensity: z
    .boolean()
    .default(true)
    .describe('Spec §2.4, §9.6. Leave lung targets out of the attenuation mean (partial volume with aerated lung).'),
  mineralizedHuThreshold: z
    .number()
    .min(0)
    .max(3071)
    .default(150)
    .describe('Spec §9.2 (non-standard). A target over this many HU at baseline is treated as mineralized and left out of the attenuation mean.'),
}

export type ChoiFamilyOptions = {
  targetSelection: 'RECIST1.1' | 'RECIST1.0'
  pdReference: 'nadir' | 'baseline'
  absoluteFloorMm: number
  minLdForDensityMm: number
  excludeLungFromDensity: boolean
  mineralizedHuThreshold: number
}

export interface ChoiVariant {
  id: string
  name: string
  source: string
  /** The phase attenuation must be measured in, or null for "the same as baseline". */
  requiredPhase: AttenuationGuards['requiredPhase']
  /** PR from size and attenuation; attenuation is null when not comparable. */
  combinePr(sizePr: boolean, densityPr: boolean | null): { pr: boolean; text: string }
  /** Whether a ≥ 15 % attenuation decrease vetoes size-based PD. */
  densityVetoesPd: boolean
}

export function evaluateChoiFamily(kase: Case, options: ChoiFamilyOptions, variant: ChoiVariant) {
  const view = viewCase(kase)
  const findings = new FindingList()
  const rules = options.targetSelection === 'RECIST1.0' ? RECIST10_TARGET_RULES : RECIST11_TARGET_RULES
  measurementFindings(view, { ...rules, applySliceRuleToNodes: false }, findings)
  if (view.isOsteosarcoma)
    findings.add('not-validated-in-osteosarcoma', 'info', `${variant.name} was developed for ${variant.id === 'choi' ? 'GIST on imatinib' : 'renal cancer on targeted therapy'} and has not been validated in osteosarcoma: read it as exploratory beside RECIST 1.1.`, 'Spec §9.9', {})

  const guards: AttenuationGuards = { ...options, requiredPhase: variant.requiredPhase }
  const baseSum = targetSum(view, view.baseline)
  const baselineComplete = view.targets.every((l) => {
    const s = view.assessment(l, view.baseline.id)?.status
    return s === 'measured' || s === 'too-small'
  })
  let nadir: Hundredths = baseSum.sum
  const floor = toHundredths(options.absoluteFloorMm)
  const newLesions = newLesionsByTimepoint(view)
  const timepoints: TimepointResult[] = []

  for (const tp of view.timepoints.slice(1)) {
    const sum = targetSum(view, tp)
    const density = compareAttenuation(view, tp, guards, findings)
    const reference = options.pdReference === 'nadir' ? nadir : baseSum.sum
    const refName = options.pdReference === 'nadir' ? 'nadir' : 'baseline'
    const explanation: string[] = []
    let target: Response | null = null
    let rule = `${variant.id}.no-targets`

    const nodules = view.targets.filter((l) => {
      const f = view.assessment(l, tp.id)?.findings ?? []
      return f.includes('new-intratumoral-nodule') || f.includes('enlarging-intratumoral-nodule')
    })
    const densityText =
      density.result.status === 'compared'
        ? `Attenuation: ${density.result.reason} (${formatPercent(density.result.changePct)}), ${density.decreasedBy15Pct ? 'a decrease of 15 % or more' : 'less than a 15 % decrease'}.`
        : `Attenuation not evaluable: ${density.result.reason}`
    const densityPr = density.decreasedBy15Pct
    const sizeIncreased = (s: Hundredths) => increasedByAtLeast(s, reference, SIZE_PD_INCREASE) && s - reference >= floor
    const vetoed = variant.densityVetoesPd && densityPr === true

    if (view.targets.length === 0) explanation.push('No target lesions: non-target disease only.')
    else if (!baselineComplete) {
      target = 'NE'
      rule = `${variant.id}.target.baseline-incomplete`
      explanation.push('The baseline sum is incomplete (a target has no baseline measurement): target response NE.')
    } else {
      explanation.push(`Sum of diameters ${formatValue(sum.sum)} mm${sum.complete ? '' : ' over the measured targets'}; baseline ${formatValue(baseSum.sum)} mm, ${refName} ${formatValue(reference)} mm.`, densityText)
      const sizeChange = `${formatPercent(percentChange(sum.sum, reference))} from the ${refName}`
      if (nodules.length) {
        target = 'PD'
        rule = `${variant.id}.target.intratumoral-nodule`
        explanation.push(`New or enlarging intratumoral nodule in ${nodules.map(lesionLabel).join(', ')}: PD (Choi 2007).`)
      } else if (!sum.complete) {
        // Missing targets count as 0 mm: a lower bound can still prove PD (as RECIST 1.1 §4.4).
        if (sizeIncreased(sum.sum) && !vetoed) {
          target = 'PD'
          rule = `${variant.id}.target.pd-with-missing-targets`
          explanation.push(`Even with the missing targets at 0 mm the sum is ${sizeChange}: PD.`)
        } else {
          target = 'NE'
          rule = `${variant.id}.target.not-all-evaluated`
          explanation.push('Not all targets were evaluated: size change unknown, target response NE.')
        }
      } else if (targetsMeetCr(view, sum)) {
        target = 'CR'
        rule = `${variant.id}.target.cr`
        explanation.push('All target lesions have disappeared (nodes under 10 mm short axis): CR.')
      } else if (sizeIncreased(sum.sum) && !vetoed) {
        target = 'PD'
        rule = `${variant.id}.target.size-pd`
        explanation.push(`Size ${sizeChange}: an increase of 10 % or more${floor ? ` and at least ${options.absoluteFloorMm} mm` : ''}, not offset by attenuation: PD.`)
      } else {
        const sizePr = decreasedByAtLeast(sum.sum, baseSum.sum, SIZE_PR_DECREASE)
        const pr = variant.combinePr(sizePr, densityPr)
        const sizeText = `Size ${formatPercent(percentChange(sum.sum, baseSum.sum))} from baseline (${sizePr ? 'a decrease of 10 % or more' : 'less than a 10 % decrease'}).`
        if (sizeIncreased(sum.sum)) explanation.push(`Size ${sizeChange} would be PD, but attenuation fell by 15 % or more: not PD (Choi 2007 Table 3).`)
        explanation.push(sizeText, pr.text)
        target = pr.pr ? 'PR' : 'SD'
        rule = `${variant.id}.target.${pr.pr ? 'pr' : 'sd'}`
      }
    }

    const nonTarget = nonTargetResponse(view, tp)
    const news = newLesions.get(tp.id)!
    const newLesion = hasNewLesion(news)
    const overall = overallResponse(target, nonTarget, newLesion)
    if (overall.response === 'PD' && target !== 'PD') rule = newLesion ? `${variant.id}.new-lesion` : `${variant.id}.non-target.pd`
    timepoints.push({
      timepoint: tp.id,
      date: tp.date,
      response: overall.response,
      targetResponse: target,
      nonTargetResponse: nonTarget,
      newLesion,
      ...sumFigures(view, sum, baseSum.sum, nadir),
      attenuation: density.result,
      rule,
      explanation: [...explanation, `Non-target response: ${nonTarget ?? 'none recorded'}.`, describeNewLesions(news, tp.id), `Overall (combined as RECIST 1.1 Table 1): ${overall.row}.`],
    })
    if (sum.complete && baselineComplete) nadir = Math.min(nadir, sum.sum)
  }

  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}
