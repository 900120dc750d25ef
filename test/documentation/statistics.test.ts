import { evaluateCase, type Evaluation, type Response } from '../../criteria/index.ts'
import {
  agreementWeights,
  betaQuantile,
  clopperPearson,
  compareCriteria,
  kappa,
  pairwiseAgreement,
  proportion,
  regularizedIncompleteBeta,
  responseRates,
} from '../../src/documentation/statistics.ts'
import { caseOf } from '../fixtures/build.ts'

/** Second method: exact binomial tail P(X ≤ x) for X ~ Bin(n, p), summed term by term (in logs, to avoid underflow). */
function binomialCdf(x: number, n: number, p: number): number {
  let sum = 0
  for (let k = 0; k <= x; k++) {
    let logChoose = 0
    for (let i = 1; i <= k; i++) logChoose += Math.log((n - k + i) / i)
    sum += Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p))
  }
  return sum
}

describe('Clopper–Pearson exact interval', () => {
  it.each([
    // Closed forms: x = 0 → upper = 1 − (α/2)^(1/n); x = n → lower = (α/2)^(1/n).
    ['0/10 is [0, 1 − 0.025^(1/10)] = [0, 0.3085]', 0, 10, 0, 1 - 0.025 ** (1 / 10)],
    ['20/20 is [0.025^(1/20), 1] = [0.8316, 1]', 20, 20, 0.025 ** (1 / 20), 1],
    // R binom.test(5, 20)$conf.int: 0.08657147 0.49104587
    ['5/20 is [0.0866, 0.4910] as R binom.test(5, 20) prints', 5, 20, 0.08657147, 0.49104587],
  ])('%s', (_name, x, n, lower, upper) => {
    const ci = clopperPearson(x, n)
    expect(ci.lower).toBeCloseTo(lower, 7)
    expect(ci.upper).toBeCloseTo(upper, 7)
  })

  it.each([
    [1, 10],
    [5, 20],
    [3, 7],
    [17, 40],
    [99, 100],
    [1, 1000],
  ])('%i/%i: the ends solve the exact binomial tail equations P(X ≥ x | lower) = P(X ≤ x | upper) = 0.025', (x, n) => {
    const { lower, upper } = clopperPearson(x, n)
    expect(1 - binomialCdf(x - 1, n, lower)).toBeCloseTo(0.025, 9)
    expect(binomialCdf(x, n, upper)).toBeCloseTo(0.025, 9)
  })

  it('a 90 % interval is narrower than the 95 % one', () => {
    const ci90 = clopperPearson(5, 20, 0.9)
    const ci95 = clopperPearson(5, 20)
    expect(ci90.lower).toBeGreaterThan(ci95.lower)
    expect(ci90.upper).toBeLessThan(ci95.upper)
  })

  it('rejects impossible counts', () => {
    expect(() => clopperPearson(11, 10)).toThrow(RangeError)
    expect(() => clopperPearson(1.5, 10)).toThrow(RangeError)
    expect(() => clopperPearson(0, 0)).toThrow(RangeError)
  })

  it('the incomplete beta matches closed forms: I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 13)
    expect(regularizedIncompleteBeta(0.3, 5, 1)).toBeCloseTo(0.3 ** 5, 13)
    expect(regularizedIncompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 13)
    expect(betaQuantile(0.5, 7, 7)).toBeCloseTo(0.5, 12)
  })

  it('a proportion of no patient has no interval', () => {
    expect(proportion(0, 0)).toEqual({ count: 0, total: 0, proportion: null, ci: null, level: 0.95 })
  })
})

/** Second method for the standard error: the delta method with a numerical gradient of κ in the cell proportions. */
function deltaMethodSe(table: number[][], weights: number[][]): number {
  const n = table.flat().reduce((s, x) => s + x, 0)
  const p = table.flat().map((x) => x / n)
  const k = table.length
  const kappaOf = (q: number[]) => {
    let po = 0
    let pe = 0
    const rows = Array.from({ length: k }, (_, i) => q.slice(i * k, i * k + k).reduce((s, x) => s + x, 0))
    const cols = Array.from({ length: k }, (_, j) => rows.reduce((s, _r, i) => s + q[i * k + j]!, 0))
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      po += weights[i]![j]! * q[i * k + j]!
      pe += weights[i]![j]! * rows[i]! * cols[j]!
    }
    return (po - pe) / (1 - pe)
  }
  const h = 1e-6
  const g = p.map((_, c) => (kappaOf(p.map((x, d) => (d === c ? x + h : x))) - kappaOf(p.map((x, d) => (d === c ? x - h : x)))) / (2 * h))
  const mean = p.reduce((s, x, c) => s + x * g[c]!, 0)
  return Math.sqrt(p.reduce((s, x, c) => s + x * (g[c]! - mean) ** 2, 0) / n)
}

describe("Cohen's kappa and weighted kappa", () => {
  // Cohen J. Psychol Bull 1968;70:213-20, Table 1 (proportions ×100), as in the example of R psych::cohen.kappa.
  const cohen1968 = [
    [44, 7, 9],
    [5, 20, 5],
    [1, 3, 6],
  ]
  it('Cohen 1968 Table 1 (R psych::cohen.kappa example): kappa = .492', () => {
    const k = kappa(cohen1968, agreementWeights(3, 'unweighted'))
    expect(k.kappa).toBeCloseTo(0.4915, 4)
    expect(k.observed).toBeCloseTo(0.7, 12)
    expect(k.expected).toBeCloseTo(0.41, 12)
  })
  it('Cohen 1968 Table 1 with disagreement weights 1, 3, 6 (R psych::cohen.kappa example): weighted kappa = .348', () => {
    const v = [
      [0, 1, 3],
      [1, 0, 6],
      [3, 6, 0],
    ]
    expect(kappa(cohen1968, v.map((row) => row.map((x) => 1 - x / 6))).kappa).toBeCloseTo(0.348, 3)
  })

  // Fleiss JL, Cohen J, Everitt BS. Psychol Bull 1969;72:323-7: n = 200, similarity weights (R psych::cohen.kappa example).
  const fce1969 = [
    [106, 10, 4],
    [22, 28, 10],
    [2, 12, 6],
  ]
  const fceWeights = [
    [1, 0, 0.4444],
    [0, 1, 0.6667],
    [0.4444, 0.6667, 1],
  ]
  it('Fleiss, Cohen & Everitt 1969 example: kappa = .429 and weighted kappa = .507', () => {
    expect(kappa(fce1969, agreementWeights(3, 'unweighted')).kappa).toBeCloseTo(0.4286, 4)
    expect(kappa(fce1969, fceWeights).kappa).toBeCloseTo(0.507, 3)
  })
  it.each([
    ['unweighted', agreementWeights(3, 'unweighted')],
    ['linear', agreementWeights(3, 'linear')],
    ['quadratic', agreementWeights(3, 'quadratic')],
    ['FCE 1969 weights', fceWeights],
  ])('Fleiss, Cohen & Everitt 1969 example, %s: the large-sample SE equals the delta-method SE', (_name, w) => {
    const k = kappa(fce1969, w)
    expect(k.se).toBeCloseTo(deltaMethodSe(fce1969, w), 6)
    expect(k.ci!.lower).toBeCloseTo(k.kappa! - 1.959964 * k.se!, 5)
  })
  it('linear and quadratic weights over four ordered categories', () => {
    const close = (row: number[] | undefined, expected: number[]) => expected.forEach((x, i) => expect(row![i]).toBeCloseTo(x, 12))
    close(agreementWeights(4, 'linear')[0], [1, 2 / 3, 1 / 3, 0])
    close(agreementWeights(4, 'quadratic')[0], [1, 1 - 1 / 9, 1 - 4 / 9, 0])
    close(agreementWeights(4, 'linear')[2], [1 / 3, 2 / 3, 1, 2 / 3])
  })
  it('perfect agreement is kappa 1; one shared category leaves kappa undefined', () => {
    expect(kappa([[3, 0], [0, 2]], agreementWeights(2, 'unweighted')).kappa).toBeCloseTo(1, 12)
    expect(kappa([[5, 0], [0, 0]], agreementWeights(2, 'unweighted')).kappa).toBeNull()
    expect(kappa([[0, 0], [0, 0]], agreementWeights(2, 'unweighted')).kappa).toBeNull()
  })
})

/** A minimal evaluation with only best responses: enough for the aggregations under test. */
function evaluation(patient: string, best: Record<string, Response | null | 'not-applicable'>): Evaluation {
  return {
    patient,
    findings: [],
    results: Object.entries(best).map(([criterion, response]) => ({
      criterion,
      name: criterion.toUpperCase(),
      version: '1',
      status: 'established',
      reference: { citation: '' },
      options: {},
      timepoints: [],
      findings: [],
      best: { response: response === 'not-applicable' ? null : response, timepoint: null, date: null, confirmed: null, explanation: [] },
      ...(response === 'not-applicable' ? { notApplicable: { reason: 'n/a', source: '' } } : {}),
    })),
  }
}

describe('response rates', () => {
  const cohort = [
    evaluation('P1', { a: 'CR', b: 'PR' }),
    evaluation('P2', { a: 'PR', b: 'PR' }),
    evaluation('P3', { a: 'SD', b: 'PR' }),
    evaluation('P4', { a: 'NON-CR/NON-PD', b: 'NON-CR/NON-PD' }),
    evaluation('P5', { a: 'PD', b: 'PD' }),
    evaluation('P6', { a: 'NE', b: 'SD' }),
    evaluation('P7', { a: null, b: 'not-applicable' }),
  ]
  it('ORR counts CR + PR and DCR adds SD and NON-CR/NON-PD, over every evaluated patient (NE and none included)', () => {
    const [a, b] = responseRates(cohort)
    expect(a).toMatchObject({ criterion: 'a', evaluated: 7, notApplicable: [] })
    expect(a!.objectiveResponse).toMatchObject({ count: 2, total: 7 })
    expect(a!.diseaseControl).toMatchObject({ count: 4, total: 7 })
    expect(a!.objectiveResponse.ci!.lower).toBeCloseTo(clopperPearson(2, 7).lower, 12)
    expect(a!.counts).toMatchObject({ CR: 1, PR: 1, SD: 1, 'NON-CR/NON-PD': 1, PD: 1, NE: 1, none: 1 })
    expect(b).toMatchObject({ criterion: 'b', evaluated: 6, notApplicable: ['P7'] })
    expect(b!.objectiveResponse).toMatchObject({ count: 3, total: 6 })
  })

  it('maps criterion vocabularies to the common scale (iCR counts as CR, NC as SD)', () => {
    const [r] = responseRates([evaluation('X', { i: 'iCR' }), evaluation('Y', { i: 'NC' })])
    expect(r!.objectiveResponse.count).toBe(1)
    expect(r!.diseaseControl.count).toBe(2)
  })
})

describe('agreement between two criteria', () => {
  const cohort = [
    evaluation('P1', { a: 'CR', b: 'PR' }),
    evaluation('P2', { a: 'PR', b: 'PR' }),
    evaluation('P3', { a: 'SD', b: 'PR' }),
    evaluation('P4', { a: 'NON-CR/NON-PD', b: 'SD' }),
    evaluation('P5', { a: 'PD', b: 'PD' }),
    evaluation('P6', { a: 'NE', b: 'SD' }),
  ]
  const agreement = compareCriteria(cohort, 'a', 'b')

  it('cross-tabulates every patient on the common scale and lists the discordant ones', () => {
    expect(agreement.crossTab.n).toBe(6)
    const cell = (r: string, c: string) => agreement.crossTab.counts[agreement.crossTab.categories.indexOf(r as never)]![agreement.crossTab.categories.indexOf(c as never)]
    expect(cell('CR', 'PR')).toBe(1)
    expect(cell('NE', 'SD')).toBe(1)
    expect(agreement.percentAgreement).toBeCloseTo(2 / 6, 12)
    expect(agreement.discordant.map((d) => d.patient)).toEqual(['P1', 'P3', 'P4', 'P6'])
    expect(agreement.discordant[0]).toMatchObject({ responses: ['CR', 'PR'], levels: ['CR', 'PR'] })
  })

  it('kappa pools NON-CR/NON-PD with SD and leaves NE out', () => {
    expect(agreement.ordinal.n).toBe(5)
    expect(agreement.ordinal.excluded).toEqual(['P6'])
    // rows a, columns b over CR, PR, SD, PD: CR→PR, PR→PR, SD→PR, SD(NON-CR/NON-PD)→SD, PD→PD
    expect(agreement.ordinal.table).toEqual([
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 1],
    ])
    expect(agreement.ordinal.unweighted.kappa).toBeCloseTo(kappa(agreement.ordinal.table, agreementWeights(4, 'unweighted')).kappa!, 12)
    // Near misses (one category apart) count more under quadratic than linear weights.
    expect(agreement.ordinal.quadratic.kappa!).toBeGreaterThan(agreement.ordinal.linear.kappa!)
    expect(agreement.ordinal.linear.kappa!).toBeGreaterThan(agreement.ordinal.unweighted.kappa!)
  })

  it('every pair of criteria, on real evaluations of engine cases', () => {
    const shrinking = caseOf({ targets: [{ values: [50, 30, 30] }] })
    const growing = caseOf({ targets: [{ values: [50, 70] }] })
    const evaluations = [evaluateCase(shrinking, ['recist11', 'choi']), evaluateCase(growing, ['recist11', 'choi'])]
    const pairs = pairwiseAgreement(evaluations)
    expect(pairs.map((p) => p.criteria)).toEqual([['recist11', 'choi']])
    expect(pairs[0]!.crossTab.n).toBe(2)
    const rates = responseRates(evaluations)
    expect(rates.find((r) => r.criterion === 'recist11')!.objectiveResponse.count).toBe(1)
  })
})
