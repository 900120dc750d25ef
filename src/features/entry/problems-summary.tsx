import type { Problem } from '../../../criteria/index.ts'

/** Every structural problem, with its path: some (a duplicate id, a missing baseline) have no single field to sit beside. */
export function ProblemsSummary({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">
        {problems.length} {problems.length === 1 ? 'problem stops' : 'problems stop'} the evaluation
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}|${i}`}>
            <code>{p.path}</code>: {p.message}
          </li>
        ))}
      </ul>
    </section>
  )
}
