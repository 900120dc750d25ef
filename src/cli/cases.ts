/**
 * Cases from the files a command names: case files (JSON) and, for the cohort commands,
 * measurements CSVs in the long format of docs/csv-import.md. Read one at a time, so a folder
 * of any size is read in flat memory.
 */
import { CRITERIA, parseCase, type Case, type ParseResult, type Problem } from '../../criteria/index.ts'
import { importMeasurementsCsv } from '../documentation/csv-import.ts'
import { readJsonFile, readTextFile } from '../documentation/file-input.ts'
import { fileProblems, InputError, readInputFile, UsageError, type Input } from './io.ts'

/** The criterion ids of --criteria (all registered ones when absent), each checked. */
export function criteriaIds(list: string | undefined): string[] {
  if (list === undefined) return CRITERIA.map((c) => c.id)
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = ids.filter((id) => !CRITERIA.some((c) => c.id === id))
  if (unknown.length || ids.length === 0)
    throw new UsageError(`unknown criterion ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; known: ${CRITERIA.map((c) => c.id).join(', ')}`)
  return [...new Set(ids)]
}

const root = (message: string): ParseResult<never> => ({ ok: false, problems: [{ path: '(root)', message }] })

/** A JSON document from a file: a regular file within the size limit, UTF-8 (or UTF-16 with BOM), strict JSON. */
export async function readDocument(file: string): Promise<ParseResult<unknown>> {
  const read = readInputFile(file)
  return read.ok ? readJsonFile(read.bytes) : root(read.message)
}

/** A case file, parsed. */
export async function readCase(file: string): Promise<ParseResult<Case>> {
  const document = await readDocument(file)
  return document.ok ? parseCase(document.value) : document
}

/** The case of the one file a command was given, or an InputError: reading problems name the file, the case's name their JSON path. */
export async function singleCase(file: string): Promise<Case> {
  const document = await readDocument(file)
  if (!document.ok) throw fileProblems(file, document.problems)
  const parsed = parseCase(document.value, { oneOff: true })
  if (!parsed.ok) throw new InputError(parsed.problems)
  return parsed.value
}

/** One case read from a file, or a file's problems. `file` is the case's file (a CSV holds several cases). */
export type CaseSource = { file: string; case: Case } | { file: string; problems: Problem[] }

const isCsv = (file: string) => file.toLowerCase().endsWith('.csv')

/**
 * Every case of the inputs, in order: case files one by one, a CSV's patients one by one (the
 * CSV is validated whole first: all or nothing, as in the app). Problems come as they are met.
 */
export async function* readCases(inputs: AsyncIterable<Input> | Iterable<Input>): AsyncGenerator<CaseSource> {
  for await (const input of inputs) {
    if (input.error) {
      yield { file: input.file, problems: [{ path: '(root)', message: input.error }] }
      continue
    }
    if (!isCsv(input.file)) {
      const parsed = await readCase(input.file)
      yield parsed.ok ? { file: input.file, case: parsed.value } : { file: input.file, problems: parsed.problems }
      continue
    }
    const read = readInputFile(input.file)
    const text = read.ok ? readTextFile(read.bytes) : read
    if (!text.ok) {
      yield { file: input.file, problems: [{ path: '(root)', message: text.message }] }
      continue
    }
    const imported = importMeasurementsCsv(text.text)
    if (!imported.ok) {
      yield { file: input.file, problems: imported.problems.map((p) => ({ path: [p.row !== null ? `row ${p.row}` : null, p.column !== null ? `column ${p.column}` : null].filter(Boolean).join(', ') || '(root)', message: p.message })) }
      continue
    }
    for (const kase of imported.cases) yield { file: input.file, case: kase }
  }
}

/** What the cohort commands read from a folder: case files and measurements CSVs. */
export const COHORT_EXTENSIONS = ['.json', '.csv'] as const
