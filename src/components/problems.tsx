import { createContext, useContext } from 'react'
import { formatPath } from '../../criteria/index.ts'

/** Structural problems of the open case by formatted path ("lesions[0].organ"), for fields to show beside themselves. */
export const ProblemsContext = createContext<ReadonlyMap<string, string[]>>(new Map())

export function useProblems(path: readonly (string | number)[] | null): string[] {
  const problems = useContext(ProblemsContext)
  return path === null ? [] : (problems.get(formatPath(path)) ?? [])
}

export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null
  return (
    <span id={id} className="field-error">
      {messages.join('; ')}
    </span>
  )
}
