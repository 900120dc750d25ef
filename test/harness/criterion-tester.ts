/**
 * One harness for every criterion: a table of named cases, each a case file built from a
 * small spec, the timepoint to look at, and what the criterion must say there.
 */
import { evaluateCase, type CriterionResult, type Response } from '../../criteria/index.ts'
import { caseOf, type CaseSpec } from '../fixtures/build.ts'
import { citationProblem } from './citation.ts'

export interface CriterionCase {
  /** Reads as the rule; cites the publication or example when it comes from one. */
  name: string
  spec: CaseSpec
  /** Timepoint index (0 = baseline); default: the last. */
  at?: number
  response?: Response
  targetResponse?: Response | null
  rule?: string
  /** Finding codes that must be reported (any timepoint), and codes that must not. */
  findings?: string[]
  noFindings?: string[]
  best?: { response: Response | null; confirmed?: boolean | null; timepoint?: string | null }
  /** Any further check on the full result. */
  check?: (result: CriterionResult) => void
}

export function resultOf(criterionId: string, spec: CaseSpec): CriterionResult {
  const kase = caseOf(spec)
  return evaluateCase(kase, [criterionId]).results[0]!
}

export function testCriterion(criterionId: string, cases: readonly CriterionCase[]) {
  describe(criterionId, () => {
    it('has unique case names', () => {
      const names = cases.map((c) => c.name)
      expect(new Set(names).size).toBe(names.length)
    })
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const result = resultOf(criterionId, c.spec)
      const id = c.at === undefined ? result.timepoints.at(-1)?.timepoint : `t${c.at}`
      const tp = result.timepoints.find((t) => t.timepoint === id)
      if (c.response !== undefined || c.targetResponse !== undefined || c.rule !== undefined) expect(tp, `timepoint ${id}`).toBeDefined()
      if (c.response !== undefined) expect(tp!.response).toBe(c.response)
      if (c.targetResponse !== undefined) expect(tp!.targetResponse).toBe(c.targetResponse)
      if (c.rule !== undefined) expect(tp!.rule).toBe(c.rule)
      const codes = result.findings.map((f) => f.code)
      for (const code of c.findings ?? []) expect(codes).toContain(code)
      for (const code of c.noFindings ?? []) expect(codes).not.toContain(code)
      // Users read each finding's source: it names a publication, never the internal spec.
      for (const f of result.findings) expect(citationProblem(f.source), `${f.code}: ${f.source}`).toBeNull()
      if (c.best) {
        expect(result.best.response).toBe(c.best.response)
        if (c.best.confirmed !== undefined) expect(result.best.confirmed).toBe(c.best.confirmed)
        if (c.best.timepoint !== undefined) expect(result.best.timepoint).toBe(c.best.timepoint)
      }
      c.check?.(result)
    })
  })
}
