import { useMemo } from 'react'
import { CRITERIA, parseCase, type Case, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { cohortTable, type CohortTable } from '../../documentation/cohort.ts'
import { draftToInput } from '../../store/case-draft.ts'
import { EXAMPLES } from '../../store/examples.ts'
import type { LibraryEntry } from '../../store/library-slice.ts'

/** Why a library case is, or is not, counted. */
export type MemberStatus = 'counted' | 'excluded' | 'example' | 'incomplete'

export interface CohortMember {
  id: string
  patient: string
  diagnosis: string
  status: MemberStatus
  /** Whether the user's choice (or the default) counts it; an incomplete case is never counted. */
  included: boolean
  problems: Problem[]
}

export interface Cohort {
  table: CohortTable
  cases: Case[]
  /** Library id of each row of the table (same order as table.rows). */
  ids: string[]
  /** Every case of the library, counted or not, and why. */
  members: CohortMember[]
  /** Library cases left out because they do not parse yet. */
  invalid: { id: string; patient: string; problems: Problem[] }[]
  /** Patient IDs counted more than once, with how many times. */
  duplicates: { patient: string; count: number }[]
}

const KNOWN = new Set(CRITERIA.map((c) => c.id))
const EXAMPLE_PATIENTS = new Set(EXAMPLES.map((e) => e.draft.patient.id))

/** A copy of a built-in example (recognised by its patient ID): left out of the cohort unless the user counts it. */
export const isExample = (entry: LibraryEntry) => EXAMPLE_PATIENTS.has(entry.draft.patient.id.trim())

/**
 * The library as a cohort: every case that parses, evaluated under the chosen criteria, except
 * the built-in examples and the cases the user left out (`choice`: library id → counted or
 * not, overriding the default). Derived, never stored.
 */
export function buildCohort(library: Readonly<Record<string, LibraryEntry>>, criteria: readonly string[], choice: Readonly<Record<string, boolean>> = {}): Cohort {
  const cases: Case[] = []
  const ids: string[] = []
  const members: CohortMember[] = []
  const entries = Object.entries(library).sort(([, a], [, b]) => a.draft.patient.id.localeCompare(b.draft.patient.id, undefined, { numeric: true }))
  for (const [id, entry] of entries) {
    const example = isExample(entry)
    const included = choice[id] ?? !example
    const parsed = readEntry(entry)
    const status: MemberStatus = !parsed.ok ? 'incomplete' : included ? 'counted' : example && choice[id] === undefined ? 'example' : 'excluded'
    members.push({ id, patient: entry.draft.patient.id || '(no patient ID)', diagnosis: entry.draft.patient.diagnosis ?? '', status, included, problems: parsed.ok ? [] : parsed.problems })
    if (parsed.ok && included) {
      cases.push(parsed.value)
      ids.push(id)
    }
  }
  const counts = new Map<string, number>()
  for (const c of cases) counts.set(c.patient.id.trim(), (counts.get(c.patient.id.trim()) ?? 0) + 1)
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([patient, count]) => ({ patient, count }))
  const invalid = members.filter((m) => m.status === 'incomplete').map((m) => ({ id: m.id, patient: m.patient, problems: m.problems }))
  return { table: cohortTable(cases, criteria.filter((c) => KNOWN.has(c))), cases, ids, members, invalid, duplicates }
}

/** One library case as the engine reads it; a case that cannot even be converted is left out with the reason, not the whole cohort. */
function readEntry(entry: LibraryEntry): ParseResult<Case> {
  try {
    return parseCase(draftToInput(entry.draft))
  } catch (e) {
    return { ok: false, problems: [{ path: '(root)', message: `could not be read (${e instanceof Error ? e.message : String(e)})` }] }
  }
}

export function useCohort(library: Readonly<Record<string, LibraryEntry>>, criteria: readonly string[], choice: Readonly<Record<string, boolean>>): Cohort {
  return useMemo(() => buildCohort(library, criteria, choice), [library, criteria, choice])
}
