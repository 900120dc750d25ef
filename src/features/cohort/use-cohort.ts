import { useMemo } from 'react'
import { CRITERIA, parseCase, type Case, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { cohortTable, type CohortTable } from '../../documentation/cohort.ts'
import { draftToInput } from '../../store/case-draft.ts'
import type { LibraryEntry } from '../../store/library-slice.ts'

export interface Cohort {
  table: CohortTable
  cases: Case[]
  /** Library id of each row of the table (same order as table.rows). */
  ids: string[]
  /** Library cases left out because they do not parse yet. */
  invalid: { id: string; patient: string; problems: Problem[] }[]
}

const KNOWN = new Set(CRITERIA.map((c) => c.id))

/** The library as a cohort: every case that parses, evaluated under the chosen criteria. Derived, never stored. */
export function buildCohort(library: Readonly<Record<string, LibraryEntry>>, criteria: readonly string[]): Cohort {
  const cases: Case[] = []
  const ids: string[] = []
  const invalid: Cohort['invalid'] = []
  const entries = Object.entries(library).sort(([, a], [, b]) => a.draft.patient.id.localeCompare(b.draft.patient.id, undefined, { numeric: true }))
  for (const [id, entry] of entries) {
    const parsed = readEntry(entry)
    if (parsed.ok) {
      cases.push(parsed.value)
      ids.push(id)
    } else invalid.push({ id, patient: entry.draft.patient.id || '(no patient ID)', problems: parsed.problems })
  }
  return { table: cohortTable(cases, criteria.filter((c) => KNOWN.has(c))), cases, ids, invalid }
}

/** One library case as the engine reads it; a case that cannot even be converted is left out with the reason, not the whole cohort. */
function readEntry(entry: LibraryEntry): ParseResult<Case> {
  try {
    return parseCase(draftToInput(entry.draft))
  } catch (e) {
    return { ok: false, problems: [{ path: '(root)', message: `could not be read (${e instanceof Error ? e.message : String(e)})` }] }
  }
}

export function useCohort(library: Readonly<Record<string, LibraryEntry>>, criteria: readonly string[]): Cohort {
  return useMemo(() => buildCohort(library, criteria), [library, criteria])
}
