/**
 * What SACT (Smith AD, Lieber ML, Shah SN. AJR 2010;194:157-65) and MASS (Smith AD, Shah SN,
 * Rini BI, Lieber ML, Remer EM. AJR 2010;194:1470-8) share: the sum of target long axes against
 * baseline (PR) and nadir or baseline (PD), the absolute fall in each target's mean attenuation
 * (≥ 40 HU, the abstracts' anchor), and the reader's morphology findings (marked central
 * necrosis, central fill-in, new enhancement). Their category wording is reconstructed (spec §4,
 * [M]): both modules are provisional. Categories use PR / SD / PD for the papers'
 * favourable / indeterminate / unfavourable; neither defines a complete response.
 */
import type { Case, Lesion, LesionFinding } from '../case-schema.ts'
import type { CriterionEvaluation, Response, TimepointResult } from '../define-criterion.ts'
import { attenuationPairs, attenuationSummary, type AttenuationGuards, type AttenuationPair } from './attenuation.ts'
import { bestOfCase } from './case-best.ts'
import { describeNewLesions, hasNewLesion, lesionLabel, newLesionsByTimepoint, nonTargetResponse, sumFigures, targetSum, viewCase, type CaseView } from './case-view.ts'
import { decreasedByAtLeast, formatPercent, formatValue, increasedByAtLeast, percentChange, toHundredths, type Fraction, type Hundredths } from './exact.ts'
import { FindingList, measurementFindings, RECIST11_TARGET_RULES } from './findings.ts'

/** SACT and MASS (spec §4.3 (a), §4.4 (a)): a favourable response on a size decrease of 20 % or more. */
export const SIZE_FAVOURABLE_DECREASE: Fraction = [1, 5]
/** SACT and MASS (spec §4.3, §4.4 (a)): an unfavourable response on a size increase of 20 % or more. */
export const SIZE_UNFAVOURABLE_INCREASE: Fraction = [1, 5]
/** Smith 2010 abstracts: "decreased attenuation of ≥ 40 HU" in one or more target lesions (inclusive, [P]). */
export const MARKED_ATTENUATION_DECREASE_HU = 40

const MARKED_DROP = toHundredths(MARKED_ATTENUATION_DECREASE_HU)

/** RCC, the only validation domain (spec A-SM5): clear-cell metastatic RCC on sunitinib or sorafenib. */
const RENAL_CELL_CARCINOMA = /renal[\s-]*cell|\b(?:cc)?rcc\b|renal\s+(cancer|carcinoma)|kidney\s+(cancer|carcinoma)|nephro\w*\s*carcinoma/i

/** What the two modules' options share; each adds its own. */
export interface SmithFamilyOptions {
  pdReference: 'nadir' | 'baseline'
}

/** The facts one timepoint offers the two rules. */
export interface SmithFacts {
  view: CaseView
  timepoint: string
  sum: Hundredths
  complete: boolean
  baselineSum: Hundredths
  /** The PD reference (nadir or baseline sum) and its name. */
  reference: Hundredths
  refName: 'nadir' | 'baseline'
  /** Attenuation pairs that passed the guards, or why none did. */
  pairs: AttenuationPair[] | null
  pairsReason: string
  /** Pairs whose mean attenuation fell by 40 HU or more. */
  marked: AttenuationPair[]
  /** Lesions (any role) with the finding at this timepoint. */
  withFinding(finding: LesionFinding, targetsOnly?: boolean): Lesion[]
  sizeFromBaseline: string
  sizeFromReference: string
  sizeDecreasedBy(f: Fraction): boolean
  sizeIncreasedBy20: boolean
}

export interface SmithVariant<O extends SmithFamilyOptions> {
  id: 'sact' | 'mass'
  name: string
  source: string
  guards(options: O): AttenuationGuards
  /** The target response from the facts: PR (favourable), SD (indeterminate), PD (unfavourable) or NE. */
  classify(facts: SmithFacts, options: O, findings: FindingList): { response: Response; rule: string; explanation: string[] }
}

export const describeDrops = (pairs: readonly AttenuationPair[]) =>
  pairs.map((p) => `${lesionLabel(p.lesion)} ${formatValue(p.baselineHu)} → ${formatValue(p.currentHu)} HU (${formatValue(p.currentHu - p.baselineHu)} HU)`).join('; ')

export const isMarkedDrop = (p: AttenuationPair) => p.baselineHu - p.currentHu >= MARKED_DROP

export function evaluateSmithFamily<O extends SmithFamilyOptions>(kase: Case, options: O, variant: SmithVariant<O>): CriterionEvaluation {
  const view = viewCase(kase)
  const findings = new FindingList()
  measurementFindings(view, { ...RECIST11_TARGET_RULES, applySliceRuleToNodes: false }, findings)
  const diagnosis = kase.patient.diagnosis?.trim()
  if (!diagnosis || !RENAL_CELL_CARCINOMA.test(diagnosis))
    findings.add(
      'out-of-validation-domain',
      'warning',
      `${variant.name} was developed and validated only in metastatic clear-cell renal cell carcinoma on sunitinib or sorafenib; ${diagnosis ? `this patient's diagnosis is "${diagnosis}"` : 'no diagnosis is recorded'}, so read it as exploratory${view.isOsteosarcoma ? ' (not validated in osteosarcoma: spec §9.9; mineralized matrix makes attenuation misleading, §9.2)' : ''}.`,
      `${variant.source}; spec A-SM5`,
    )

  const guards = variant.guards(options)
  const baseSum = targetSum(view, view.baseline)
  const baselineComplete = view.targets.every((l) => {
    const s = view.assessment(l, view.baseline.id)?.status
    return s === 'measured' || s === 'too-small'
  })
  let nadir: Hundredths = baseSum.sum
  const newLesions = newLesionsByTimepoint(view)
  const timepoints: TimepointResult[] = []

  for (const tp of view.timepoints.slice(1)) {
    const sum = targetSum(view, tp)
    const eligible = attenuationPairs(view, tp, guards, findings)
    const pairs = eligible.ok ? eligible.pairs : null
    const reference = options.pdReference === 'nadir' ? nadir : baseSum.sum
    const facts: SmithFacts = {
      view,
      timepoint: tp.id,
      sum: sum.sum,
      complete: sum.complete,
      baselineSum: baseSum.sum,
      reference,
      refName: options.pdReference,
      pairs,
      pairsReason: eligible.ok ? '' : eligible.reason,
      marked: (pairs ?? []).filter(isMarkedDrop),
      withFinding: (finding, targetsOnly = false) =>
        (targetsOnly ? view.targets : view.kase.lesions).filter((l) => view.assessment(l, tp.id)?.findings?.includes(finding)),
      sizeFromBaseline: `${formatPercent(percentChange(sum.sum, baseSum.sum))} from baseline`,
      sizeFromReference: `${formatPercent(percentChange(sum.sum, reference))} from the ${options.pdReference}`,
      sizeDecreasedBy: (f) => decreasedByAtLeast(sum.sum, baseSum.sum, f),
      sizeIncreasedBy20: increasedByAtLeast(sum.sum, reference, SIZE_UNFAVOURABLE_INCREASE) && sum.sum > reference,
    }

    let target: { response: Response | null; rule: string; explanation: string[] }
    if (view.targets.length === 0) target = { response: null, rule: `${variant.id}.no-targets`, explanation: [`No target lesions: ${variant.name} assesses target lesions, so the response rests on new lesions and non-targets.`] }
    else if (!baselineComplete) target = { response: 'NE', rule: `${variant.id}.target.baseline-incomplete`, explanation: ['The baseline sum is incomplete (a target has no baseline measurement): response NE.'] }
    else {
      const c = variant.classify(facts, options, findings)
      const sizeText = `Sum of long axes ${formatValue(sum.sum)} mm${sum.complete ? '' : ` over the measured targets (${sum.missing.map(lesionLabel).join(', ')} not evaluated)`}; baseline ${formatValue(baseSum.sum)} mm, nadir ${formatValue(nadir)} mm.`
      const huText = pairs ? `Attenuation (baseline → now): ${describeDrops(pairs)}; ${facts.marked.length} of ${pairs.length} with a fall of ${MARKED_ATTENUATION_DECREASE_HU} HU or more.` : `Attenuation not evaluable: ${facts.pairsReason}`
      target = { ...c, explanation: [sizeText, huText, ...c.explanation] }
    }

    const nonTarget = nonTargetResponse(view, tp)
    const news = newLesions.get(tp.id)!
    const newLesion = hasNewLesion(news)
    // New lesions and unequivocal non-target progression are unfavourable whatever the targets
    // show (spec §4.3, §4.4; the non-target rule is carried over from RECIST, an implementation choice).
    const [response, rule, row]: [Response, string, string] = newLesion
      ? ['PD', `${variant.id}.new-lesion`, 'new metastasis → unfavourable (PD)']
      : target.response === 'PD'
        ? ['PD', target.rule, 'target lesions unfavourable → PD']
        : nonTarget === 'PD'
          ? ['PD', `${variant.id}.non-target.pd`, 'unequivocal non-target progression → unfavourable (PD)']
          : target.response === null
            ? ['NE', target.rule, 'no target lesions → NE']
            : [target.response, target.rule, `target lesions ${target.response === 'PR' ? 'favourable' : target.response === 'SD' ? 'indeterminate' : 'not evaluable'} → ${target.response}`]
    timepoints.push({
      timepoint: tp.id,
      date: tp.date,
      response,
      targetResponse: target.response,
      nonTargetResponse: nonTarget,
      newLesion,
      ...sumFigures(view, sum, baseSum.sum, nadir),
      attenuation: pairs ? attenuationSummary(pairs) : { status: 'not-comparable', lesions: [], baselineHu: null, currentHu: null, changePct: null, reason: facts.pairsReason },
      rule,
      explanation: [...target.explanation, `Non-target response: ${nonTarget ?? 'none recorded'}.`, describeNewLesions(news, tp.id), `Overall: ${row}.`],
    })
    if (sum.complete && baselineComplete) nadir = Math.min(nadir, sum.sum)
  }

  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}
