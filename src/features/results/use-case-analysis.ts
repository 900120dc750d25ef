import { useMemo } from 'react'
import { CRITERIA, evaluateCase, parseCase, type Case, type Evaluation, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { draftToInput, type CaseDraft } from '../../store/case-draft.ts'

export interface CaseAnalysis {
  parsed: ParseResult<Case>
  /** null while the draft has structural problems: stale results would mislead. */
  evaluation: Evaluation | null
  problems: Problem[]
  /** Problem messages by formatted path, for showing each beside its field. */
  problemsByPath: ReadonlyMap<string, string[]>
}

const KNOWN_IDS = new Set(CRITERIA.map((c) => c.id))
const NO_PROBLEMS = new Map<string, string[]>()

/** Parses the draft and evaluates it. Derived on every render that changes the draft, never stored. */
export function useCaseAnalysis(draft: CaseDraft, criterionIds: readonly string[]): CaseAnalysis {
  const parsed = useMemo(() => parseCase(draftToInput(draft)), [draft])
  const ids = useMemo(() => criterionIds.filter((id) => KNOWN_IDS.has(id)), [criterionIds])
  const evaluation = useMemo(() => (parsed.ok ? evaluateCase(parsed.value, ids) : null), [parsed, ids])
  return useMemo(() => {
    const problems = parsed.ok ? [] : parsed.problems
    // One shared empty map while the case is complete: the problems context then does not change on each keystroke.
    const problemsByPath = problems.length ? new Map<string, string[]>() : NO_PROBLEMS
    for (const p of problems) problemsByPath.set(p.path, [...(problemsByPath.get(p.path) ?? []), p.message])
    return { parsed, evaluation, problems, problemsByPath }
  }, [parsed, evaluation])
}
