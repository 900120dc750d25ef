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
import { AttenuationSeries, attenuationSummary, type AttenuationGuards, type AttenuationPair, type AttenuationPairs } from './attenuation.ts'
import { bestOfCase } from './case-best.ts'
import { baselineComplete, capitalised, sumName, type SumMeasure, describeNewLesions, hasNewLesion, lesionLabel, newLesionsByTimepoint, nonTargetResponse, setSumFigures, timepointResult, targetSums, viewCase, type CaseView, type TargetSum } from './case-view.ts'
import { decreasedByAtLeast, formatPercent, formatValue, percentChange, toHundredths, type Fraction, type Hundredths } from './exact.ts'
import { grew, type GrowthThreshold } from './growth.ts'
import { FindingList, measurementFindings, RECIST11_TARGET_RULES } from './findings.ts'

/** SACT and MASS (spec §4.3 (a), §4.4 (a)): a favourable response on a size decrease of 20 % or more. */
export const SIZE_FAVOURABLE_DECREASE: Fraction = [1, 5]
/** SACT and MASS (spec §4.3, §4.4 (a)): an unfavourable response on a size increase of 20 % or more. */
export const SIZE_UNFAVOURABLE_INCREASE: Fraction = [1, 5]
const SMITH_PD: GrowthThreshold = { fraction: SIZE_UNFAVOURABLE_INCREASE, minIncrease: 0 }
/** Smith 2010 abstracts: "decreased attenuation of ≥ 40 HU" in one or more target lesions (inclusive, [P]). */
export const MARKED_ATTENUATION_DECREASE_HU = 40

const MARKED_DROP = toHundredths(MARKED_ATTENUATION_DECREASE_HU)

/** RCC, the only validation domain (spec A-SM5): clear-cell metastatic RCC on sunitinib or sorafenib. */
const RENAL_CELL_CARCINOMA = /renal[\s-]*cell|\b(?:cc)?rcc\b|renal\s+(cancer|carcinoma)|kidney\s+(cancer|carcinoma)|nephro\w*\s*carcinoma/i

/** What the two modules' options share; each adds its own. */
export interface SmithFamilyOptions {
  pdReference: 'nadir' | 'baseline'
}

/** RECIST 1.1's target selection rules, as SACT and MASS check them (no slice-thickness floor for nodes). */
const TARGET_RULES = { ...RECIST11_TARGET_RULES, applySliceRuleToNodes: false }

/** What every timepoint of one evaluation shares. */
interface SmithSeries {
  view: CaseView
  /** What the sum adds up, for explanations (sumName). */
  sumName: string
  baselineSum: Hundredths
  refName: 'nadir' | 'baseline'
  /** The lesions with a reader's finding at some timepoint, in the case's order (most cases have none). */
  lesionsWithFindings: readonly Lesion[]
}

const lesionsWithFindings = (view: CaseView): readonly Lesion[] =>
  view.memo('smith-family:lesions-with-findings', () => view.kase.lesions.filter((lesion) => lesion.assessments.some((a) => a.findings !== undefined && a.findings.length > 0)))
const NO_LESIONS: readonly Lesion[] = Object.freeze([])

/**
 * The facts one timepoint offers the two rules. Built only when the targets are classified;
 * the sentences about size are getters, written when an explanation is read (shared/lazy.ts).
 */
export class SmithFacts {
  readonly view: CaseView
  /** What the sum adds up ("sum of long axes"…), for explanations. */
  readonly sumName: string
  /** Position of the timepoint in `view.timepoints`. */
  readonly position: number
  readonly timepoint: string
  readonly sum: Hundredths
  readonly complete: boolean
  /** The targets not evaluated at this timepoint (the sum is then a lower bound). */
  readonly missing: readonly Lesion[]
  readonly baselineSum: Hundredths
  /** The smallest complete sum before this timepoint (the baseline sum at first). */
  readonly nadir: Hundredths
  /** The PD reference (nadir or baseline sum) and its name. */
  readonly reference: Hundredths
  readonly refName: 'nadir' | 'baseline'
  /** Attenuation pairs that passed the guards, or null and why none did. */
  readonly pairs: AttenuationPair[] | null
  readonly pairsReason: string
  /** Pairs whose mean attenuation fell by 40 HU or more. */
  readonly marked: AttenuationPair[]
  readonly sizeIncreasedBy20: boolean
  readonly #lesionsWithFindings: readonly Lesion[]

  constructor(series: SmithSeries, position: number, sum: TargetSum, nadir: Hundredths, eligible: AttenuationPairs) {
    this.view = series.view
    this.sumName = series.sumName
    this.position = position
    this.timepoint = series.view.timepoints[position]!.id
    this.sum = sum.sum
    this.complete = sum.complete
    this.missing = sum.missing
    this.baselineSum = series.baselineSum
    this.nadir = nadir
    this.reference = series.refName === 'nadir' ? nadir : series.baselineSum
    this.refName = series.refName
    this.pairs = eligible.ok ? eligible.pairs : null
    this.pairsReason = eligible.ok ? '' : eligible.reason
    this.marked = eligible.ok ? eligible.pairs.filter(isMarkedDrop) : []
    this.sizeIncreasedBy20 = grew(this.sum, this.reference, SMITH_PD)
    this.#lesionsWithFindings = series.lesionsWithFindings
  }

  /** Lesions (any role, or targets only) with the finding at this timepoint, in the case's order. */
  withFinding(finding: LesionFinding, targetsOnly = false): readonly Lesion[] {
    if (this.#lesionsWithFindings.length === 0) return NO_LESIONS // the usual case, without an allocation
    const found: Lesion[] = []
    for (const lesion of this.#lesionsWithFindings)
      if ((!targetsOnly || lesion.role === 'target') && this.view.at(lesion, this.position)?.findings?.includes(finding)) found.push(lesion)
    return found
  }

  sizeDecreasedBy(f: Fraction): boolean {
    return decreasedByAtLeast(this.sum, this.baselineSum, f)
  }

  /** For explanations, e.g. "−12.5 % from baseline". */
  get sizeFromBaseline(): string {
    return `${formatPercent(percentChange(this.sum, this.baselineSum))} from baseline`
  }

  /** For explanations, e.g. "+20 % from the nadir". */
  get sizeFromReference(): string {
    return `${formatPercent(percentChange(this.sum, this.reference))} from the ${this.refName}`
  }
}

/** A target response, with its explanation written when read (shared/lazy.ts). */
export interface SmithVerdict<R extends Response | null = Response> {
  response: R
  rule: string
  explain: () => string[]
}

export interface SmithVariant<O extends SmithFamilyOptions> {
  id: 'sact' | 'mass'
  name: string
  source: string
  guards(options: O): AttenuationGuards
  /** What the size sum adds up: RECIST's diameters, or every target's long axis (SACT). */
  measure(options: O): SumMeasure
  /** The target response from the facts: PR (favourable), SD (indeterminate), PD (unfavourable) or NE. */
  classify(facts: SmithFacts, options: O, findings: FindingList): SmithVerdict
}

export const describeDrops = (pairs: readonly AttenuationPair[]) =>
  pairs.map((p) => `${lesionLabel(p.lesion)} ${formatValue(p.baselineHu)} → ${formatValue(p.currentHu)} HU (${formatValue(p.currentHu - p.baselineHu)} HU)`).join('; ')

export const isMarkedDrop = (p: AttenuationPair) => p.baselineHu - p.currentHu >= MARKED_DROP

// The sentences of the explanations (module functions, so deciding a response creates no closure but the one it returns).
const sizeText = (f: SmithFacts) =>
  `${capitalised(f.sumName)} ${formatValue(f.sum)} mm${f.complete ? '' : ` over the measured targets (${f.missing.map(lesionLabel).join(', ')} not evaluated)`}; baseline ${formatValue(f.baselineSum)} mm, nadir ${formatValue(f.nadir)} mm.`
const attenuationText = (f: SmithFacts) =>
  f.pairs
    ? `Attenuation (baseline → now): ${describeDrops(f.pairs)}; ${f.marked.length} of ${f.pairs.length} with a fall of ${MARKED_ATTENUATION_DECREASE_HU} HU or more.`
    : `Attenuation not evaluable: ${f.pairsReason}`
/** The explanation of a target verdict: the size and attenuation facts first, when the targets were classified. */
const targetLines = (target: SmithVerdict<Response | null>, facts: SmithFacts | null) => (facts ? [sizeText(facts), attenuationText(facts), ...target.explain()] : target.explain())
/** The overall row when the target verdict decides (PR, SD or NE). */
const targetRow = (response: Response) =>
  response === 'PR' ? 'target lesions favourable → PR' : response === 'SD' ? 'target lesions indeterminate → SD' : `target lesions not evaluable → ${response}`

/** A nodal target measured by its short axis only cannot join a sum of long axes: it is not evaluated there (reported once per lesion). */
function nodesWithoutLongAxis(view: CaseView, variant: { name: string; source: string }, findings: FindingList) {
  view.targets.forEach((lesion, k) => {
    if (lesion.kind !== 'lymph-node') return
    const i = view.targetRows[k]!.findIndex((a) => a?.status === 'measured' && a.longAxisMm === undefined && a.fragmentsMm === undefined)
    if (i >= 0)
      findings.addOncePerLesion('node-long-axis-missing', 'warning', `Nodal target ${lesionLabel(lesion)} has no long axis at ${view.timepoints[i]!.id}: ${variant.name} sums long axes, nodes too, so the node is not evaluated there (record its long axis, or use the RECIST sum with option sizeMeasure recist_sum).`, variant.source, { lesion: lesion.id, timepoint: view.timepoints[i]!.id })
  })
}

export function evaluateSmithFamily<O extends SmithFamilyOptions>(kase: Case, options: O, variant: SmithVariant<O>): CriterionEvaluation {
  const view = viewCase(kase)
  const findings = new FindingList()
  measurementFindings(view, TARGET_RULES, findings)
  const diagnosis = kase.patient.diagnosis?.trim()
  if (!diagnosis || !RENAL_CELL_CARCINOMA.test(diagnosis))
    findings.add(
      'out-of-validation-domain',
      'warning',
      `${variant.name} was developed and validated only in metastatic clear-cell renal cell carcinoma on sunitinib or sorafenib; ${diagnosis ? `this patient's diagnosis is "${diagnosis}"` : 'no diagnosis is recorded'}, so read it as exploratory${view.isOsteosarcoma ? ' (not validated in osteosarcoma: RECIST 1.1 as in osteosarcoma trials (Grignani G et al. Ann Oncol 2012;23:508-16; Davis LE et al. J Clin Oncol 2019;37:1424-31); mineralized matrix makes attenuation misleading: Silva JAM et al. J Bras Pneumol 2023;49:e20220433)' : ''}.`,
      variant.source,
    )

  const attenuation = new AttenuationSeries(view, variant.guards(options), findings)
  const measure = variant.measure(options)
  const sums = targetSums(view, false, measure)
  const baseSum = sums[0]!.sum
  const complete = baselineComplete(view)
  if (measure === 'long-axis') nodesWithoutLongAxis(view, variant, findings)
  const series: SmithSeries = { view, sumName: sumName(view, measure), baselineSum: baseSum, refName: options.pdReference, lesionsWithFindings: lesionsWithFindings(view) }
  // Without targets or without a complete baseline the targets are not classified: one verdict serves every timepoint.
  const noTargets: SmithVerdict<null> = { response: null, rule: `${variant.id}.no-targets`, explain: () => [`No target lesions: ${variant.name} assesses target lesions, so the response rests on new lesions and non-targets.`] }
  const incomplete: SmithVerdict = { response: 'NE', rule: `${variant.id}.target.baseline-incomplete`, explain: () => ['The baseline sum is incomplete (a target has no baseline measurement): response NE.'] }
  const newLesionRule = `${variant.id}.new-lesion`
  const nonTargetPdRule = `${variant.id}.non-target.pd`
  let nadir: Hundredths = baseSum
  const newLesions = newLesionsByTimepoint(view)
  const timepoints: TimepointResult[] = []

  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const sum = sums[i]!
    const eligible = attenuation.pairsAt(i)
    const facts = view.targets.length > 0 && complete ? new SmithFacts(series, i, sum, nadir, eligible) : null
    const target: SmithVerdict<Response | null> = facts ? variant.classify(facts, options, findings) : view.targets.length === 0 ? noTargets : incomplete

    const nonTarget = nonTargetResponse(view, tp)
    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    // New lesions and unequivocal non-target progression are unfavourable whatever the targets
    // show (spec §4.3, §4.4; the non-target rule is carried over from RECIST, an implementation choice).
    const [response, rule, row]: [Response, string, string] = newLesion
      ? ['PD', newLesionRule, 'new metastasis → unfavourable (PD)']
      : target.response === 'PD'
        ? ['PD', target.rule, 'target lesions unfavourable → PD']
        : nonTarget === 'PD'
          ? ['PD', nonTargetPdRule, 'unequivocal non-target progression → unfavourable (PD)']
          : target.response === null
            ? ['NE', target.rule, 'no target lesions → NE']
            : [target.response, target.rule, targetRow(target.response)]
    const result = timepointResult(() => [...targetLines(target, facts), `Non-target response: ${nonTarget ?? 'none recorded'}.`, describeNewLesions(news, tp.id), `Overall: ${row}.`], tp, response, target.response, nonTarget, newLesion)
    setSumFigures(result, view, sum, baseSum, nadir)
    result.attenuation = eligible.ok ? attenuationSummary(eligible.pairs) : { status: 'not-comparable', lesions: [], baselineHu: null, currentHu: null, changePct: null, reason: eligible.reason }
    result.rule = rule
    timepoints.push(result as TimepointResult)
    if (sum.complete && complete) nadir = Math.min(nadir, sum.sum)
  }

  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}
