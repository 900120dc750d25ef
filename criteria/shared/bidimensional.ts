/**
 * Bidimensional measurement, shared by WHO (Miller 1981) and the quantitative MD Anderson bone
 * criteria: each lesion's product of its longest diameter and the greatest diameter perpendicular
 * to it, and the sum of products (SPD), classified on a ≥ 50 % decrease (PR, vs baseline) and a
 * ≥ 25 % increase (PD, vs nadir or baseline, per lesion or of the sum).
 *
 * Exactness (spec §0.2.3). Diameters are integer hundredths of a mm (at most 10 000 mm = 10^6
 * hundredths, the schema's limit), so a product is an integer in 10^-4 mm² of at most 10^12, an
 * SPD over the schema's 200 lesions at most 2·10^14, and the cross-multiplied threshold tests
 * (4 · (current − reference), 2 · (reference − current), 1 · reference) stay below 8·10^14,
 * under Number.MAX_SAFE_INTEGER (≈ 9.007·10^15): every product, sum and comparison is an exact
 * integer operation in a double. Realistic sizes (≤ 500 mm) stay below 3·10^9 per product.
 */
import type { Assessment, Lesion } from '../case-schema.ts'
import type { Response, TimepointResult } from '../define-criterion.ts'
import { lesionLabel, TOO_SMALL_VALUE_MM, type CaseView } from './case-view.ts'
import { decreasedByAtLeast, formatPercent, percentChange, toHundredths, type Fraction } from './exact.ts'
import { grew, missingTargetsResponse, missingTargetsText, type GrowthThreshold } from './growth.ts'
import type { FindingList } from './findings.ts'

/** An area in integer units of 10^-4 mm² (hundredths of a mm squared). */
export type Product = number

/** A product in mm² for messages: at most two decimals. */
export const formatProduct = (p: Product): string => String(Math.round(p / 100) / 100)

export const productToMm2 = (p: Product): number => p / 10_000

/**
 * Sets the figures of a bidimensional timepoint result: no sum of diameters (sumMm and its baseline
 * and nadir stay null), the changes of the sum of products, and, unless `withProducts` is false
 * (MDA without measured targets), the sums of products in mm².
 */
export function setProductFigures<T extends object>(result: T, m: BidimensionalResult, withProducts = true) {
  const mm2 = (p: Product | null) => (p === null ? null : productToMm2(p))
  // Set on the result itself rather than spread into it (shared/lazy.ts).
  const figures = result as T & Pick<TimepointResult, 'sumMm' | 'sumComplete' | 'baselineSumMm' | 'nadirSumMm' | 'changeFromBaselinePct' | 'changeFromNadirPct' | 'products'>
  figures.sumMm = null
  figures.sumComplete = m.complete
  figures.baselineSumMm = null
  figures.nadirSumMm = null
  figures.changeFromBaselinePct = m.changeFromBaselinePct
  figures.changeFromNadirPct = m.changeFromNadirPct
  if (withProducts) figures.products = { sumMm2: mm2(m.sum), baselineMm2: mm2(m.baselineSum), nadirMm2: mm2(m.nadirSum) }
  return figures
}

export interface ProductValue {
  /** The lesion's product, 0 when absent, null when it cannot be computed. */
  value: Product | null
  /** Why the value is null. */
  reason?: 'not-evaluated' | 'not-bidimensional'
}

/**
 * A lesion's bidimensional product at one assessment: long axis × short axis (for lymph nodes
 * too: WHO has no nodal rule, spec A-W3); 0 when absent; 5 × 5 mm when too small to measure (by
 * analogy with RECIST 1.1's 5 mm default, an implementation choice); null when not evaluated, or
 * when either diameter is missing or the lesion is recorded as fragments (no perpendicular).
 */
export function lesionProduct(a: Assessment | undefined): ProductValue {
  if (!a || a.status === 'not-evaluated') return { value: null, reason: 'not-evaluated' }
  const value = productOf(a)
  return value === null ? { value: null, reason: 'not-bidimensional' } : { value }
}

const TOO_SMALL_PRODUCT: Product = toHundredths(TOO_SMALL_VALUE_MM) ** 2

/** `lesionProduct`'s value alone (no object per call: it runs for every lesion at every timepoint). */
function productOf(a: Assessment | undefined): Product | null {
  if (!a || a.status === 'not-evaluated') return null
  if (a.status === 'absent') return 0
  if (a.status === 'too-small') return TOO_SMALL_PRODUCT
  if (a.fragmentsMm || a.longAxisMm === undefined || a.shortAxisMm === undefined) return null
  const product = toHundredths(a.longAxisMm) * toHundredths(a.shortAxisMm)
  // Unreachable within the schema's limits (see the module comment); guards the exactness claim.
  if (!Number.isSafeInteger(product)) throw new RangeError(`product ${a.longAxisMm} × ${a.shortAxisMm} mm is too large to compare exactly`)
  return product
}

/** Spec §6.3 (WHO) / §5.3 (MDA quantitative): PR on a decrease of 50 % or more of the SPD from baseline. */
export const SPD_PR_DECREASE: Fraction = [1, 2]
/** Spec §6.3 (WHO) / §5.3 (MDA quantitative): PD on an increase of 25 % or more. */
export const PD_INCREASE: Fraction = [1, 4]

export interface BidimensionalOptions {
  pdReference: 'nadir' | 'baseline'
  pdMode: 'per_lesion' | 'sum'
}

export interface BidimensionalResult {
  /** CR/PR/SD/PD/NE on the measured lesions; null when there are none. */
  response: Response | null
  rule: string
  /** Writes the explanation's lines; a criterion calls it when its own explanation is read (shared/lazy.ts). */
  explain: () => string[]
  sum: Product | null
  complete: boolean
  baselineSum: Product | null
  nadirSum: Product | null
  changeFromBaselinePct: number | null
  changeFromNadirPct: number | null
}

/** Whether `current` is at least 25 % above `reference`; from a reference of 0, any reappearance is (shared/growth.ts). */
const BIDIMENSIONAL_PD: GrowthThreshold = { fraction: PD_INCREASE, minIncrease: 0 }
const grewBy25 = (current: Product, reference: Product) => grew(current, reference, BIDIMENSIONAL_PD)

/** The products of one follow-up timepoint, with complete baseline: fixed once made (explanations read them later). */
interface ProductsAt {
  lesions: readonly Lesion[]
  /** Each lesion's product, in the order of `lesions`; null when not evaluable. */
  values: readonly (Product | null)[]
  /** Sum over the evaluable lesions: the SPD when complete, a lower bound otherwise. */
  sum: Product
  complete: boolean
  baselineSum: Product
  /** The nadir of the earlier timepoints. */
  nadirSum: Product
}

/** A lesion that grew 25 % or more from its reference (its nadir or baseline). */
interface GrownLesion {
  lesion: Lesion
  value: Product
  ref: Product
}

/** A response on the products, and its explanation, written when read. */
interface Verdict {
  response: Response | null
  rule: string
  explain: () => string[]
}

// The sentences of the explanations (module functions, so deciding a response creates no closure but the one it returns).
const NO_MEASURED_LESIONS: Verdict = { response: null, rule: 'no-measured-lesions', explain: () => [] }
const BASELINE_INCOMPLETE: Verdict = {
  response: 'NE',
  rule: 'target.baseline-incomplete',
  explain: () => ['A target has no bidimensional baseline measurement: the baseline sum of products is incomplete, target response NE.'],
}

function sumText(p: ProductsAt): string {
  const missing = p.complete ? '' : ` over the measured targets (${p.lesions.filter((_, k) => p.values[k] === null).map(lesionLabel).join(', ')} not evaluable)`
  return `Sum of products ${formatProduct(p.sum)} mm²${missing}; baseline ${formatProduct(p.baselineSum)} mm², nadir ${formatProduct(p.nadirSum)} mm².`
}
const grownText = (grown: readonly GrownLesion[], refName: string) =>
  grown.map((g) => `${lesionLabel(g.lesion)} ${formatProduct(g.ref)} → ${formatProduct(g.value)} mm² (${g.ref === 0 ? 'reappeared' : formatPercent(percentChange(g.value, g.ref))} from its ${refName})`).join('; ')
const fromRefText = (p: ProductsAt, refName: 'nadir' | 'baseline') => `${formatPercent(percentChange(p.sum, refName === 'nadir' ? p.nadirSum : p.baselineSum))} from the ${refName} sum`
const changeText = (p: ProductsAt) => `${formatPercent(percentChange(p.sum, p.baselineSum))} from baseline`

/**
 * Classifies every follow-up timepoint of `lesions` (in date order) on their products. Order:
 * CR (every product 0) → PD (per lesion or of the sum, from the reference; a lower bound proves
 * it with lesions missing) → NE (lesions missing) → PR (SPD ≤ 50 % of baseline; in 'sum' mode
 * not while any lesion has grown ≥ 25 %: WHO's PR requires "no progression of any lesion")
 * → SD. The results are by timepoint position, as `view.timepoints` (the baseline has none).
 */
export function classifyBidimensional(
  view: CaseView,
  lesions: readonly Lesion[],
  options: BidimensionalOptions,
  ctx: { id: string; name: string; source: string; findings: FindingList },
): readonly BidimensionalResult[] {
  const products = productsByTimepoint(view, lesions, ctx)
  const base = products[0]!
  let baselineSum: Product | null = 0
  for (const v of base) baselineSum = v === null || baselineSum === null ? null : baselineSum + v
  let nadirSum = baselineSum
  // Each lesion's smallest product so far (its nadir, for pdReference 'nadir').
  const lesionNadir = base.slice()
  const out: BidimensionalResult[] = []

  for (let i = 1; i < products.length; i++) {
    const values = products[i]!
    let sum = 0
    let complete = true
    for (const v of values)
      if (v === null) complete = false
      else sum += v

    const verdict =
      lesions.length === 0
        ? NO_MEASURED_LESIONS
        : baselineSum === null || nadirSum === null
          ? BASELINE_INCOMPLETE
          : classifyAt(
              { lesions, values, sum, complete, baselineSum, nadirSum },
              options.pdReference === 'nadir' ? lesionNadir : base,
              options,
              ctx,
              view.timepoints[i]!.id,
            )
    out[i] = {
      response: verdict.response,
      rule: `${ctx.id}.${verdict.rule}`,
      explain: verdict.explain,
      sum: lesions.length ? sum : null,
      complete,
      baselineSum,
      nadirSum,
      changeFromBaselinePct: complete && baselineSum !== null ? percentChange(sum, baselineSum) : null,
      changeFromNadirPct: complete && nadirSum !== null ? percentChange(sum, nadirSum) : null,
    }

    if (complete && nadirSum !== null) nadirSum = Math.min(nadirSum, sum)
    for (let k = 0; k < values.length; k++) {
      const v = values[k] ?? null
      const n = lesionNadir[k] ?? null
      if (v !== null && n !== null) lesionNadir[k] = Math.min(n, v)
    }
  }
  return out
}

/**
 * Each lesion's product at each timepoint (by position, as `view.timepoints`). A measured
 * lesion without both diameters is reported once, where first seen.
 */
function productsByTimepoint(view: CaseView, lesions: readonly Lesion[], ctx: { name: string; source: string; findings: FindingList }): (Product | null)[][] {
  const rows = assessmentRows(view, lesions)
  const products: (Product | null)[][] = []
  const reported: boolean[] = []
  for (let i = 0; i < view.timepoints.length; i++) {
    // Made at its length: a list grown by push reserves room for 17 values.
    const values = new Array<Product | null>(lesions.length)
    for (let k = 0; k < lesions.length; k++) {
      const a = rows[k]![i]
      const value = productOf(a)
      values[k] = value
      // A measured lesion has no product only when it is not bidimensional.
      if (value === null && a?.status === 'measured' && !reported[k]) {
        reported[k] = true
        const lesion = lesions[k]!
        const tp = view.timepoints[i]!
        ctx.findings.addOncePerLesion('target-not-bidimensional', 'warning', `Target ${lesionLabel(lesion)} at ${tp.id} has no ${a.fragmentsMm ? 'perpendicular diameter for its fragments' : a.longAxisMm === undefined ? 'long axis' : 'short axis'}: ${ctx.name} needs both diameters (their product), so it is not evaluable bidimensionally there.`, ctx.source, { lesion: lesion.id, timepoint: tp.id })
      }
    }
    products.push(values)
  }
  return products
}

/** Each lesion's assessments by timepoint position: the view's own rows for its targets. */
function assessmentRows(view: CaseView, lesions: readonly Lesion[]): readonly (readonly (Assessment | undefined)[])[] {
  if (lesions === view.targets) return view.targetRows
  return lesions.map((lesion) => {
    const k = view.targets.indexOf(lesion)
    return k >= 0 ? view.targetRows[k]! : view.timepoints.map((_, i) => view.at(lesion, i))
  })
}

/**
 * One follow-up timepoint whose baseline is complete. `references` are each lesion's reference
 * for growth (its nadir so far, or its baseline product), in the order of the lesions; they
 * change later, so the explanations keep copies (`GrownLesion`), never the array.
 */
function classifyAt(
  p: ProductsAt,
  references: readonly (Product | null)[],
  options: BidimensionalOptions,
  ctx: { name: string; source: string; findings: FindingList },
  timepointId: string,
): Verdict {
  const { lesions, values, sum, complete, baselineSum, nadirSum } = p
  const refName = options.pdReference
  const grown: GrownLesion[] = []
  let allGone = complete
  for (let k = 0; k < lesions.length; k++) {
    const v = values[k] ?? null
    const ref = references[k] ?? null
    if (v !== null && ref !== null && grewBy25(v, ref)) grown.push({ lesion: lesions[k]!, value: v, ref })
    if (v !== 0) allGone = false
  }

  if (allGone)
    return { response: 'CR', rule: 'target.cr', explain: () => [sumText(p), 'Every measured lesion has disappeared: CR (to be confirmed by a second observation at least 4 weeks later).'] }
  if (options.pdMode === 'per_lesion' && grown.length)
    return { response: 'PD', rule: 'target.pd-lesion', explain: () => [sumText(p), `${grownText(grown, refName)}: an increase of 25 % or more in one or more measurable lesions, PD (pdMode per_lesion).`] }
  const sumGrew = options.pdMode === 'sum' && grewBy25(sum, refName === 'nadir' ? nadirSum : baselineSum)
  if (sumGrew && complete)
    return { response: 'PD', rule: 'target.pd-sum', explain: () => [sumText(p), `The sum of products is ${fromRefText(p, refName)}: an increase of 25 % or more, PD (pdMode sum).`] }
  // The missing-targets rule shared with RECIST 1.1 §4.4 (shared/growth.ts); per lesion, a grown lesion proved PD above.
  if (!complete)
    return missingTargetsResponse(sumGrew) === 'PD'
      ? { response: 'PD', rule: 'target.pd-with-missing-lesions', explain: () => [sumText(p), `The sum of products is ${fromRefText(p, refName)} even with the missing targets at 0: an increase of 25 % or more (pdMode sum).`, missingTargetsText('PD', 'sum of products')] }
      : { response: 'NE', rule: 'target.not-all-evaluated', explain: () => [sumText(p), missingTargetsText('NE', 'sum of products')] }

  const pr = decreasedByAtLeast(sum, baselineSum, SPD_PR_DECREASE)
  if (pr && grown.length) {
    const grownNow = grownText(grown, refName)
    ctx.findings.add('lesion-growth-blocks-pr', 'warning', `At ${timepointId} the sum of products is ${changeText(p)} (PR by the sum), but ${grownNow}: ${ctx.name}'s PR requires no progression of any lesion, so the response is not PR. With pdMode per_lesion this would be PD.`, ctx.source, { timepoint: timepointId })
    return {
      response: 'SD',
      rule: 'target.pr-blocked-by-lesion-growth',
      explain: () => [sumText(p), `Sum ${changeText(p)}, a decrease of 50 % or more, but ${grownNow} (25 % or more): no PR while a lesion progresses; with pdMode sum that is not PD either.`],
    }
  }
  if (pr) return { response: 'PR', rule: 'target.pr', explain: () => [sumText(p), `Sum ${changeText(p)}: a decrease of 50 % or more, PR (to be confirmed by a second observation at least 4 weeks later).`] }
  const pdMode = options.pdMode
  return {
    response: 'SD',
    rule: 'target.no-change',
    explain: () => [sumText(p), `Sum ${changeText(p)} (PR needs a decrease of 50 % or more) and ${pdMode === 'sum' ? fromRefText(p, refName) : 'no lesion grew by 25 % or more from its ' + refName} (PD needs an increase of 25 % or more): no change.`],
  }
}
