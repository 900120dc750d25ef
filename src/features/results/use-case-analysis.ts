import { useDeferredValue, useMemo } from 'react'
import { CRITERIA, evaluateCase, parseCase, type Case, type Evaluation, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { draftToInput, type CaseDraft } from '../../store/case-draft.ts'

export interface CaseAnalysis {
  parsed: ParseResult<Case>
  /** null while the draft has structural problems: stale results would mislead. */
  evaluation: Evaluation | null
  problems: Problem[]
  /** Problem messages by formatted path, for showing each beside its field. */
  problemsByPath: ReadonlyMap<string, string[]>
  /** The analysis is of an earlier state of the case: the latest edit is being evaluated. */
  updating: boolean
}

const KNOWN_IDS = new Set(CRITERIA.map((c) => c.id))
const NO_PROBLEMS = new Map<string, string[]>()

/**
 * Parses the draft and evaluates it. Derived, never stored, and off the typing path: the grid
 * shows a keystroke at once (an urgent render with the analysis as it was), and the evaluation of
 * the new draft follows in a deferred render that the next keystroke can interrupt; meanwhile
 * `updating` says the results are of an earlier state.
 */
export function useCaseAnalysis(draft: CaseDraft, criterionIds: readonly string[]): CaseAnalysis {
  const current = useDeferredValue(draft)
  const parsed = useMemo(() => parseCase(draftToInput(current)), [current])
  const ids = useMemo(() => criterionIds.filter((id) => KNOWN_IDS.has(id)), [criterionIds])
  const evaluation = useMemo(() => (parsed.ok ? evaluateCase(parsed.value, ids) : null), [parsed, ids])
  const analysis = useMemo(() => {
    const problems = parsed.ok ? [] : parsed.problems
    // One shared empty map while the case is complete: the problems context then does not change on each keystroke.
    const problemsByPath = problems.length ? new Map<string, string[]>() : NO_PROBLEMS
    for (const p of problems) problemsByPath.set(p.path, [...(problemsByPath.get(p.path) ?? []), p.message])
    return { parsed, evaluation, problems, problemsByPath }
  }, [parsed, evaluation])
  const updating = current !== draft
  return useMemo(() => ({ ...analysis, updating }), [analysis, updating])
}
