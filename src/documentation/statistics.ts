/**
 * Trial statistics over many evaluated cases: objective response rate (ORR) and disease
 * control rate (DCR) per criterion with exact Clopper–Pearson intervals, and agreement between
 * two criteria's best overall responses (cross-tabulation, percent agreement, Cohen's kappa,
 * linearly and quadratically weighted kappa, and the patients they classify differently).
 *
 * The beta quantile is implemented here rather than taken from npm. The well-kept candidate,
 * @stdlib/stats-base-dists-beta-quantile (0.2.x), is sound but brings a tree of ~dozens of
 * @stdlib micro-packages; jstat (1.9.6) is a large, little-maintained bundle. The regularized
 * incomplete beta by Lentz's continued fraction (Numerical Recipes §6.4) plus bisection is ~60
 * lines, needs no dependency, and the tests check it by a second method: exact binomial tail
 * sums at the interval's ends, and the closed forms of the x = 0 and x = n cases.
 */
import { LEVEL_OF, type Evaluation, type Response, type ResponseLevel } from '../../criteria/index.ts'

/**
 * What the statistics read of an evaluation: each criterion's best response. An Evaluation is
 * one; the command line keeps only this much per patient (`bestResponses`), so a cohort of any
 * size fits in memory.
 */
export interface BestResponses {
  patient: string
  results: readonly { criterion: string; name: string; notApplicable?: unknown; best: { response: Response | null } }[]
}

/** The part of an evaluation the statistics need. */
export const bestResponses = (e: Evaluation): BestResponses => ({
  patient: e.patient,
  results: e.results.map((r) => ({ criterion: r.criterion, name: r.name, ...(r.notApplicable ? { notApplicable: true } : {}), best: { response: r.best.response } })),
})

/** Lanczos approximation of ln Γ(x), x > 0 (g = 7, n = 9; relative error ~1e-15). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0]!
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** Continued fraction for the incomplete beta (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) throw new RangeError(`I_x(a, b) needs a, b > 0 and 0 ≤ x ≤ 1 (x=${x}, a=${a}, b=${b})`)
  if (x === 0) return 0
  if (x === 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  // The continued fraction converges fast only on one side of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

/** The p-quantile of the Beta(a, b) distribution, by bisection on I_x(a, b) (monotone in x). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must lie in [0, 1], got ${p}`)
  if (p === 0) return 0
  if (p === 1) return 1
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2
    if (regularizedIncompleteBeta(mid, a, b) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export interface Interval {
  lower: number
  upper: number
}

/**
 * Exact (Clopper–Pearson 1934) two-sided interval for x successes in n trials:
 * lower = B(α/2; x, n−x+1), upper = B(1−α/2; x+1, n−x), with 0 and 1 at the edges.
 */
export function clopperPearson(x: number, n: number, level = 0.95): Interval {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 1 || x < 0 || x > n) throw new RangeError(`need integers 0 ≤ x ≤ n, n ≥ 1 (x=${x}, n=${n})`)
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie in (0, 1), got ${level}`)
  const alpha = 1 - level
  return {
    lower: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    upper: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
  }
}

/** A proportion with its exact interval; proportion and interval are null when there is no patient. */
export interface Proportion {
  count: number
  total: number
  proportion: number | null
  ci: Interval | null
  /** Confidence level of `ci`. @default 0.95 */
  level: number
}

export function proportion(count: number, total: number, level = 0.95): Proportion {
  return { count, total, proportion: total ? count / total : null, ci: total ? clopperPearson(count, total, level) : null, level }
}

/** A best overall response on the common scale, or "none" when the criterion could rank nothing. */
export type BestCategory = ResponseLevel | 'none'
export const BEST_CATEGORIES: readonly BestCategory[] = ['CR', 'PR', 'SD', 'NON-CR/NON-PD', 'PD', 'NE', 'none']

const levelOf = (r: Response | null | undefined): BestCategory => (r ? LEVEL_OF[r] : 'none')

export interface ResponseRates {
  criterion: string
  name: string
  /** Patients for whom the criterion applies: the denominator of both rates (all evaluated, NE and "none" included). */
  evaluated: number
  /** Patients the criterion declared not applicable (left out of the denominator), by patient id. */
  notApplicable: string[]
  /** Best overall responses, counted on the common scale. */
  counts: Record<BestCategory, number>
  /** ORR: best response CR or PR (confirmed where the case requires confirmation, as the engine's BOR already is). */
  objectiveResponse: Proportion
  /** DCR: best response CR, PR, SD or NON-CR/NON-PD (SD only once its minimum duration is met, as the BOR already is). */
  diseaseControl: Proportion
}

/** ORR and DCR per criterion over the given evaluations, each with its exact 95 % interval. */
export function responseRates(evaluations: readonly BestResponses[], level = 0.95): ResponseRates[] {
  const ids = criteriaOf(evaluations)
  return ids.map(({ id, name }) => {
    const counts = Object.fromEntries(BEST_CATEGORIES.map((c) => [c, 0])) as Record<BestCategory, number>
    const notApplicable: string[] = []
    for (const e of evaluations) {
      const r = e.results.find((x) => x.criterion === id)
      if (!r) continue
      if (r.notApplicable) {
        notApplicable.push(e.patient)
        continue
      }
      counts[levelOf(r.best.response)]++
    }
    const evaluated = BEST_CATEGORIES.reduce((s, c) => s + counts[c], 0)
    return {
      criterion: id,
      name,
      evaluated,
      notApplicable,
      counts,
      objectiveResponse: proportion(counts.CR + counts.PR, evaluated, level),
      diseaseControl: proportion(counts.CR + counts.PR + counts.SD + counts['NON-CR/NON-PD'], evaluated, level),
    }
  })
}

function criteriaOf(evaluations: readonly BestResponses[]): { id: string; name: string }[] {
  const seen = new Map<string, string>()
  for (const e of evaluations) for (const r of e.results) if (!seen.has(r.criterion)) seen.set(r.criterion, r.name)
  return [...seen].map(([id, name]) => ({ id, name }))
}

/** Ordered categories for (weighted) kappa, best first. */
export const ORDINAL_LEVELS = ['CR', 'PR', 'SD', 'PD'] as const
export type OrdinalLevel = (typeof ORDINAL_LEVELS)[number]

/**
 * A best response on the ordinal scale CR > PR > SD > PD, or null when it has no place there.
 * NON-CR/NON-PD (non-target disease only) is pooled with SD: both mean "neither response nor
 * progression", and RECIST 1.1 Table 3 ranks them alike. NE and "none" carry no ordinal
 * information and are left out of kappa (they stay in the cross-table and percent agreement).
 */
export function ordinalLevel(category: BestCategory): OrdinalLevel | null {
  if (category === 'NON-CR/NON-PD') return 'SD'
  return (ORDINAL_LEVELS as readonly string[]).includes(category) ? (category as OrdinalLevel) : null
}

export type KappaWeighting = 'unweighted' | 'linear' | 'quadratic'

/** Agreement weights for k ordered categories: identity, 1 − |i−j|/(k−1), or 1 − (i−j)²/(k−1)² (Fleiss–Cohen). */
export function agreementWeights(k: number, weighting: KappaWeighting): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weighting === 'unweighted' || k === 1) return i === j ? 1 : 0
      const d = Math.abs(i - j) / (k - 1)
      return weighting === 'linear' ? 1 - d : 1 - d * d
    }),
  )
}

export interface Kappa {
  /** null when undefined: no patient, or chance agreement is already 1 (every rating in one category). */
  kappa: number | null
  /** Observed and chance-expected (weighted) agreement. */
  observed: number | null
  expected: number | null
  /** Large-sample standard error, not assuming κ = 0 (Fleiss, Cohen & Everitt 1969, eq. 13). */
  se: number | null
  /** κ ± 1.96 SE, clipped to [−1, 1]; an approximation, poor for small n. */
  ci: Interval | null
  n: number
}

const Z_975 = 1.959963984540054

/**
 * Cohen's (weighted) kappa of a k × k table of counts (rows: rater A, columns: rater B) with
 * agreement weights w (1 on the diagonal). Cohen 1960; Cohen 1968; Fleiss, Cohen & Everitt 1969.
 */
export function kappa(table: readonly (readonly number[])[], weights: readonly (readonly number[])[]): Kappa {
  const k = table.length
  const n = table.reduce((s, row) => s + row.reduce((t, x) => t + x, 0), 0)
  const none: Kappa = { kappa: null, observed: null, expected: null, se: null, ci: null, n }
  if (n === 0) return none
  const p = table.map((row) => row.map((x) => x / n))
  const w = (i: number, j: number) => weights[i]![j]!
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0))
  const cols = Array.from({ length: k }, (_, j) => p.reduce((s, row) => s + row[j]!, 0))
  let po = 0
  let pe = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      po += w(i, j) * p[i]![j]!
      pe += w(i, j) * rows[i]! * cols[j]!
    }
  if (Math.abs(1 - pe) < 1e-12) return { ...none, observed: po, expected: pe }
  const kw = (po - pe) / (1 - pe)
  // Fleiss, Cohen & Everitt (1969): var = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − pe(1 − κ))²] / (n (1 − pe)²)
  const wRow = rows.map((_, i) => cols.reduce((s, c, j) => s + w(i, j) * c, 0))
  const wCol = cols.map((_, j) => rows.reduce((s, r, i) => s + w(i, j) * r, 0))
  let sum = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) sum += p[i]![j]! * (w(i, j) - (wRow[i]! + wCol[j]!) * (1 - kw)) ** 2
  const variance = (sum - (kw - pe * (1 - kw)) ** 2) / (n * (1 - pe) ** 2)
  const se = Math.sqrt(Math.max(0, variance))
  return { kappa: kw, observed: po, expected: pe, se, ci: { lower: Math.max(-1, kw - Z_975 * se), upper: Math.min(1, kw + Z_975 * se) }, n }
}

export interface CrossTab {
  /** Row criterion, column criterion. */
  criteria: [string, string]
  categories: readonly BestCategory[]
  /** counts[i][j]: patients with category i under the row criterion and j under the column one. */
  counts: number[][]
  n: number
}

export interface Discordance {
  patient: string
  /** Each criterion's best response in its own vocabulary (null: nothing to rank). */
  responses: [Response | null, Response | null]
  levels: [BestCategory, BestCategory]
}

export interface Agreement {
  criteria: [string, string]
  /** All patients evaluated under both criteria, on the common scale (NE and "none" included). */
  crossTab: CrossTab
  /** Share of those patients with the same category on the common scale; null when there are none. */
  percentAgreement: number | null
  /** Kappa over the patients whose best responses both lie on CR > PR > SD > PD (see `ordinalLevel`). */
  ordinal: {
    n: number
    /** Patients left out of kappa because a best response was NE or none. */
    excluded: string[]
    table: number[][]
    unweighted: Kappa
    linear: Kappa
    quadratic: Kappa
  }
  /** Patients whose best responses differ on the common scale. */
  discordant: Discordance[]
}

type RatedResult = BestResponses['results'][number]
interface RatedPair {
  patient: string
  a: RatedResult | undefined
  b: RatedResult | undefined
}

/** Agreement of two ratings of each patient's best overall response (two criteria, or two readers under one criterion). */
function agreementOf(pairs: readonly RatedPair[], criteria: [string, string]): Agreement {
  const index = (c: BestCategory) => BEST_CATEGORIES.indexOf(c)
  const counts = BEST_CATEGORIES.map(() => BEST_CATEGORIES.map(() => 0))
  const table = ORDINAL_LEVELS.map(() => ORDINAL_LEVELS.map(() => 0))
  const excluded: string[] = []
  const discordant: Discordance[] = []
  let n = 0
  let agree = 0
  for (const { patient, a: ra, b: rb } of pairs) {
    if (!ra || !rb || ra.notApplicable || rb.notApplicable) continue
    const la = levelOf(ra.best.response)
    const lb = levelOf(rb.best.response)
    n++
    counts[index(la)]![index(lb)]!++
    if (la === lb) agree++
    else discordant.push({ patient, responses: [ra.best.response, rb.best.response], levels: [la, lb] })
    const oa = ordinalLevel(la)
    const ob = ordinalLevel(lb)
    if (oa === null || ob === null) excluded.push(patient)
    else table[ORDINAL_LEVELS.indexOf(oa)]![ORDINAL_LEVELS.indexOf(ob)]!++
  }
  const k = ORDINAL_LEVELS.length
  return {
    criteria,
    crossTab: { criteria, categories: BEST_CATEGORIES, counts, n },
    percentAgreement: n ? agree / n : null,
    ordinal: {
      n: n - excluded.length,
      excluded,
      table,
      unweighted: kappa(table, agreementWeights(k, 'unweighted')),
      linear: kappa(table, agreementWeights(k, 'linear')),
      quadratic: kappa(table, agreementWeights(k, 'quadratic')),
    },
    discordant,
  }
}

const resultOf = (e: BestResponses, criterion: string) => e.results.find((r) => r.criterion === criterion)

/** Compares two criteria's best overall responses across patients (both criteria must have been evaluated). */
export function compareCriteria(evaluations: readonly BestResponses[], a: string, b: string): Agreement {
  return agreementOf(evaluations.map((e) => ({ patient: e.patient, a: resultOf(e, a), b: resultOf(e, b) })), [a, b])
}

/**
 * Inter-reader agreement under one criterion: each pair is the two readers' evaluations of one
 * patient (blinded double reading). Rows of the tables are reader 1, columns reader 2.
 */
export function compareReaders(pairs: readonly (readonly [BestResponses, BestResponses])[], criterion: string): Agreement {
  return agreementOf(pairs.map(([one, two]) => ({ patient: one.patient, a: resultOf(one, criterion), b: resultOf(two, criterion) })), [criterion, criterion])
}

/** Every pair of the criteria present in the evaluations, in registry order. */
export function pairwiseAgreement(evaluations: readonly BestResponses[]): Agreement[] {
  const ids = criteriaOf(evaluations).map((c) => c.id)
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b) => compareCriteria(evaluations, a, b)))
}
