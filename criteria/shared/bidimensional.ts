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
import type { Assessment, Lesion, Timepoint } from '../case-schema.ts'
import type { Response } from '../define-criterion.ts'
import { lesionLabel, TOO_SMALL_VALUE_MM, type CaseView } from './case-view.ts'
import { decreasedByAtLeast, formatPercent, increasedByAtLeast, percentChange, toHundredths, type Fraction } from './exact.ts'
import type { FindingList } from './findings.ts'

/** An area in integer units of 10^-4 mm² (hundredths of a mm squared). */
export type Product = number

/** A product in mm² for messages: at most two decimals. */
export const formatProduct = (p: Product): string => String(Math.round(p / 100) / 100)

export const productToMm2 = (p: Product): number => p / 10_000

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
  if (a.status === 'absent') return { value: 0 }
  if (a.status === 'too-small') return { value: toHundredths(TOO_SMALL_VALUE_MM) ** 2 }
  if (a.fragmentsMm || a.longAxisMm === undefined || a.shortAxisMm === undefined) return { value: null, reason: 'not-bidimensional' }
  const product = toHundredths(a.longAxisMm) * toHundredths(a.shortAxisMm)
  // Unreachable within the schema's limits (see the module comment); guards the exactness claim.
  if (!Number.isSafeInteger(product)) throw new RangeError(`product ${a.longAxisMm} × ${a.shortAxisMm} mm is too large to compare exactly`)
  return { value: product }
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
  explanation: string[]
  sum: Product | null
  complete: boolean
  baselineSum: Product | null
  nadirSum: Product | null
  changeFromBaselinePct: number | null
  changeFromNadirPct: number | null
}

/** Whether `current` is at least 25 % above `reference`; from a reference of 0, any reappearance is. */
const grew = (current: Product, reference: Product) => (reference === 0 ? current > 0 : increasedByAtLeast(current, reference, PD_INCREASE))

/**
 * Classifies every follow-up timepoint of `lesions` (in date order) on their products. Order:
 * CR (every product 0) → PD (per lesion or of the sum, from the reference; a lower bound proves
 * it with lesions missing) → NE (lesions missing) → PR (SPD ≤ 50 % of baseline; in 'sum' mode
 * not while any lesion has grown ≥ 25 %: WHO's PR requires "no progression of any lesion")
 * → SD.
 */
export function classifyBidimensional(
  view: CaseView,
  lesions: readonly Lesion[],
  options: BidimensionalOptions,
  ctx: { id: string; name: string; source: string; findings: FindingList },
): Map<string, BidimensionalResult> {
  const { id, name, source, findings } = ctx
  const out = new Map<string, BidimensionalResult>()
  const products = (tp: Timepoint) => new Map(lesions.map((l) => [l.id, lesionProduct(view.assessment(l, tp.id))]))

  for (const tp of view.timepoints)
    for (const lesion of lesions) {
      const a = view.assessment(lesion, tp.id)
      if (a?.status === 'measured' && lesionProduct(a).reason === 'not-bidimensional')
        findings.addOncePerLesion('target-not-bidimensional', 'warning', `Target ${lesionLabel(lesion)} at ${tp.id} has no ${a.fragmentsMm ? 'perpendicular diameter for its fragments' : a.longAxisMm === undefined ? 'long axis' : 'short axis'}: ${name} needs both diameters (their product), so it is not evaluable bidimensionally there.`, source, { lesion: lesion.id, timepoint: tp.id })
    }

  const base = products(view.baseline)
  const baselineComplete = lesions.every((l) => base.get(l.id)!.value !== null)
  const baselineSum = baselineComplete ? lesions.reduce((s, l) => s + base.get(l.id)!.value!, 0) : null
  let nadirSum = baselineSum
  const lesionNadir = new Map(lesions.map((l) => [l.id, base.get(l.id)!.value]))

  for (const tp of view.timepoints.slice(1)) {
    const now = products(tp)
    const missing = lesions.filter((l) => now.get(l.id)!.value === null)
    const complete = missing.length === 0
    const sum = lesions.reduce((s, l) => s + (now.get(l.id)!.value ?? 0), 0)
    const result = (response: Response | null, rule: string, explanation: string[]): BidimensionalResult => ({
      response,
      rule: `${id}.${rule}`,
      explanation,
      sum: lesions.length ? sum : null,
      complete,
      baselineSum,
      nadirSum,
      changeFromBaselinePct: complete && baselineSum !== null ? percentChange(sum, baselineSum) : null,
      changeFromNadirPct: complete && nadirSum !== null ? percentChange(sum, nadirSum) : null,
    })

    if (lesions.length === 0) out.set(tp.id, result(null, 'no-measured-lesions', []))
    else if (baselineSum === null || nadirSum === null)
      out.set(tp.id, result('NE', 'target.baseline-incomplete', ['A target has no bidimensional baseline measurement: the baseline sum of products is incomplete, target response NE.']))
    else {
      const refName = options.pdReference
      const sumRef = refName === 'nadir' ? nadirSum : baselineSum
      const sumText = `Sum of products ${formatProduct(sum)} mm²${complete ? '' : ` over the measured targets (${missing.map(lesionLabel).join(', ')} not evaluable)`}; baseline ${formatProduct(baselineSum)} mm², nadir ${formatProduct(nadirSum)} mm².`
      const grown = lesions.flatMap((l) => {
        const v = now.get(l.id)!.value
        const ref = refName === 'nadir' ? lesionNadir.get(l.id)! : base.get(l.id)!.value!
        return v !== null && ref !== null && grew(v, ref) ? [{ lesion: l, value: v, ref }] : []
      })
      const grownText = grown
        .map((g) => `${lesionLabel(g.lesion)} ${formatProduct(g.ref)} → ${formatProduct(g.value)} mm² (${g.ref === 0 ? 'reappeared' : formatPercent(percentChange(g.value, g.ref))} from its ${refName})`)
        .join('; ')
      const sumGrew = grew(sum, sumRef)
      const fromRef = `${formatPercent(percentChange(sum, sumRef))} from the ${refName} sum`
      const allGone = complete && lesions.every((l) => now.get(l.id)!.value === 0)

      if (allGone) out.set(tp.id, result('CR', 'target.cr', [sumText, 'Every measured lesion has disappeared: CR (to be confirmed by a second observation at least 4 weeks later).']))
      else if (options.pdMode === 'per_lesion' && grown.length)
        out.set(tp.id, result('PD', 'target.pd-lesion', [sumText, `${grownText}: an increase of 25 % or more in one or more measurable lesions, PD (pdMode per_lesion).`]))
      else if (options.pdMode === 'sum' && sumGrew)
        out.set(tp.id, result('PD', complete ? 'target.pd-sum' : 'target.pd-with-missing-lesions', [sumText, `The sum of products is ${fromRef}${complete ? '' : ' even with the missing targets at 0'}: an increase of 25 % or more, PD (pdMode sum).`]))
      else if (!complete)
        out.set(tp.id, result('NE', 'target.not-all-evaluated', [sumText, 'Not every target is evaluable bidimensionally and the measured ones do not prove PD: target response NE.']))
      else {
        const change = `${formatPercent(percentChange(sum, baselineSum))} from baseline`
        const pr = decreasedByAtLeast(sum, baselineSum, SPD_PR_DECREASE)
        if (pr && grown.length) {
          findings.add('lesion-growth-blocks-pr', 'warning', `At ${tp.id} the sum of products is ${change} (PR by the sum), but ${grownText}: ${name}'s PR requires no progression of any lesion, so the response is not PR. With pdMode per_lesion this would be PD.`, `${source}; spec A-W2`, { timepoint: tp.id })
          out.set(tp.id, result('SD', 'target.pr-blocked-by-lesion-growth', [sumText, `Sum ${change}, a decrease of 50 % or more, but ${grownText} (25 % or more): no PR while a lesion progresses; with pdMode sum that is not PD either.`]))
        } else if (pr) out.set(tp.id, result('PR', 'target.pr', [sumText, `Sum ${change}: a decrease of 50 % or more, PR (to be confirmed by a second observation at least 4 weeks later).`]))
        else
          out.set(tp.id, result('SD', 'target.no-change', [sumText, `Sum ${change} (PR needs a decrease of 50 % or more) and ${options.pdMode === 'sum' ? fromRef : 'no lesion grew by 25 % or more from its ' + refName} (PD needs an increase of 25 % or more): no change.`]))
      }
    }
    if (complete && nadirSum !== null) nadirSum = Math.min(nadirSum, sum)
    for (const l of lesions) {
      const v = now.get(l.id)!.value
      const n = lesionNadir.get(l.id)
      if (v !== null && n !== null && n !== undefined) lesionNadir.set(l.id, Math.min(n, v))
    }
  }
  return out
}
