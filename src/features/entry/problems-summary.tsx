import type { Problem } from '../../../criteria/index.ts'
import { problemText } from '../../documentation/human-names.ts'
import type { CaseDraft } from '../../store/case-draft.ts'

/** Every structural problem, named as the user sees the field: some (a duplicate id, a missing baseline) have no single field to sit beside. */
export function ProblemsSummary({ problems, draft }: { problems: readonly Problem[]; draft: CaseDraft }) {
  if (problems.length === 0) return null
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">
        {problems.length} {problems.length === 1 ? 'problem stops' : 'problems stop'} the evaluation
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}|${i}`}>{problemText(draft, p)}</li>
        ))}
      </ul>
    </section>
  )
}
