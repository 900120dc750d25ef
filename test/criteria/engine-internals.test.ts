/**
 * The shared machinery that makes the engine fast without changing a result (issue #6): exact
 * number formatting, explanations written when read, one case view per evaluation.
 */
import fc from 'fast-check'
import { evaluateCase, withExplanation, type Case } from '../../criteria/index.ts'
import { CaseView, viewCase, withSharedView } from '../../criteria/shared/case-view.ts'
import { formatValue } from '../../criteria/shared/exact.ts'
import { explained } from '../../criteria/shared/lazy.ts'
import { caseOf } from '../fixtures/build.ts'

describe('formatValue writes hundredths as String(value / 100) does', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [5, '0.05'],
    [50, '0.5'],
    [4750, '47.5'],
    [-307, '-3.07'],
    [12000, '120'],
    [1234567, '12345.67'],
  ])('%d → %s', (value, text) => {
    expect(formatValue(value)).toBe(text)
  })
  it('agrees with String(value / 100) for any whole number of hundredths', () => {
    fc.assert(fc.property(fc.integer({ min: -4e15, max: 4e15 }), (value) => formatValue(value) === String(value / 100)), { numRuns: 20_000 })
  })
  it('falls back to String(value / 100) for a value that is not whole', () => {
    expect(formatValue(12.5)).toBe('0.125')
  })
})

describe('explained: the explanation is written when first read', () => {
  it('calls the writer once, on first read, and keeps its lines', () => {
    let calls = 0
    const result = explained({ response: 'PR' }, () => {
      calls++
      return ['at least 30 % smaller']
    })
    expect(calls).toBe(0)
    expect(result.response).toBe('PR')
    expect(result.explanation).toEqual(['at least 30 % smaller'])
    expect(result.explanation).toBe(result.explanation)
    expect(calls).toBe(1)
  })
  it('JSON shows the explanation with the fields; withExplanation gives a plain copy; a spread leaves it out', () => {
    const result = explained({ response: 'SD', rule: 'r' }, () => ['why'])
    expect(JSON.parse(JSON.stringify(result))).toEqual({ response: 'SD', rule: 'r', explanation: ['why'] })
    expect(withExplanation(result)).toEqual({ response: 'SD', rule: 'r', explanation: ['why'] })
    expect({ ...result }).toEqual({ response: 'SD', rule: 'r' })
  })
  it('every result of an evaluation serialises with its explanations', () => {
    const kase = caseOf({ targets: [{ values: [50, 30, 31] }], nonTargets: [['present', 'present', 'present']] })
    const json = JSON.parse(JSON.stringify(evaluateCase(kase))) as { results: { best: { explanation: string[] }; timepoints: { explanation: string[] }[] }[] }
    for (const r of json.results) {
      expect(r.best.explanation.length).toBeGreaterThan(0)
      for (const t of r.timepoints) expect(t.explanation.length).toBeGreaterThan(0)
    }
  })
})

describe('the case view', () => {
  const kase = caseOf({ targets: [{ values: [50, 40, 30] }, { values: [20, 'absent', 10] }] })

  it('is shared by the criteria of one evaluation and built afresh outside it', () => {
    const outside = viewCase(kase)
    expect(viewCase(kase)).not.toBe(outside)
    withSharedView(kase, () => {
      expect(viewCase(kase)).toBe(viewCase(kase))
      const other: Case = { ...kase }
      expect(viewCase(other)).not.toBe(viewCase(kase))
    })
  })

  it('orders timepoints by date and finds assessments whatever order the file lists them in', () => {
    const shuffled: Case = {
      ...kase,
      timepoints: [kase.timepoints[2]!, kase.timepoints[0]!, kase.timepoints[1]!],
      lesions: kase.lesions.map((l) => ({ ...l, assessments: [l.assessments[1]!, l.assessments[2]!, l.assessments[0]!] })),
    }
    const view = new CaseView(shuffled)
    const inOrder = new CaseView(kase)
    expect(view.timepoints.map((t) => t.id)).toEqual(inOrder.timepoints.map((t) => t.id))
    for (const [k, lesion] of view.targets.entries())
      for (let i = 0; i < view.timepoints.length; i++) {
        expect(view.targetRows[k]![i]).toBe(view.assessment(lesion, view.timepoints[i]!.id))
        expect(view.targetRows[k]![i]).toEqual(inOrder.targetRows[k]![i])
      }
    expect(JSON.stringify(evaluateCase(shuffled))).toBe(JSON.stringify(evaluateCase(kase)))
  })

  it('memoises a derived value per view', () => {
    const view = new CaseView(kase)
    let calls = 0
    const compute = () => ++calls
    expect([view.memo('k', compute), view.memo('k', compute), new CaseView(kase).memo('k', compute)]).toEqual([1, 1, 2])
  })
})
