/**
 * Bulk import into the library: any number of case files (JSON) and measurement CSVs in the
 * long format of docs/csv-import.md. All or nothing: one problem in one file imports nothing,
 * and every problem is reported with its file and its path (JSON) or row and column (CSV).
 */
import { MAX_FILE_BYTES } from '../../../criteria/index.ts'
import { importMeasurementsCsv } from '../../documentation/csv-import.ts'
import { readTextFile } from '../../documentation/file-input.ts'
import { pathName, withTimepointNames } from '../../documentation/human-names.ts'
import { CaseDraftSchema, type CaseDraft } from '../../store/case-draft.ts'
import { readableJson, readCaseFile } from '../library/read-case-file.ts'

export interface FileProblem {
  file: string
  /** CSV: 1-based line (the header is line 1). */
  row?: number | null
  /** CSV: the documented column name. */
  column?: string | null
  /** JSON: the field's path, e.g. lesions[0].assessments[1].longAxisMm (for the command line and tests). */
  path?: string
  /** JSON: the same field as the user knows it, e.g. "Week 8 (2026-03-02) · L1 Liver · long axis". */
  field?: string
  message: string
}

export type BulkImport = { ok: true; drafts: CaseDraft[] } | { ok: false; problems: FileProblem[] }

/** What is read of a File (so tests can pass plain objects): its bytes where it has them, so the encoding is checked as the command line checks it. */
export interface ImportFile {
  name: string
  size: number
  text(): Promise<string>
  arrayBuffer?(): Promise<ArrayBuffer>
}

const isCsv = (name: string) => /\.csv$/i.test(name)

/** Reads every file; returns all the cases, or all the problems of all the files. */
export async function readCohortFiles(files: readonly ImportFile[]): Promise<BulkImport> {
  const drafts: CaseDraft[] = []
  const problems: FileProblem[] = []
  for (const file of files) {
    // Checked before reading, so a wrong multi-gigabyte file cannot stall the tab.
    if (file.size > MAX_FILE_BYTES) {
      problems.push({ file: file.name, message: `is larger than the ${MAX_FILE_BYTES / 1048576} MB limit` })
      continue
    }
    const content = file.arrayBuffer ? new Uint8Array(await file.arrayBuffer()) : await file.text()
    if (isCsv(file.name)) {
      const decoded = typeof content === 'string' ? { ok: true as const, text: content } : readTextFile(content)
      if (!decoded.ok) {
        problems.push({ file: file.name, message: decoded.message })
        continue
      }
      const result = importMeasurementsCsv(decoded.text)
      if (result.ok) drafts.push(...result.inputs.map((input) => CaseDraftSchema.parse(input)))
      else problems.push(...result.problems.map((p) => ({ file: file.name, row: p.row, column: p.column, message: p.message })))
    } else {
      const result = readCaseFile(content)
      if (result.ok) drafts.push(result.value)
      else {
        // Named from the file as read, where it is JSON at all: the user knows the timepoint and lesion, not the path.
        const raw = readableJson(content)
        problems.push(...result.problems.map((p) => ({ file: file.name, path: p.path, field: pathName(raw, p.path), message: withTimepointNames(raw, p.message) })))
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, drafts }
}

/** "cohort.csv, row 4, column long_axis_mm" / "P01.json, Week 8 (2026-03-02) · L1 · long axis": where a problem is. */
export function problemPlace(p: FileProblem): string {
  const parts = [p.file]
  if (p.row !== undefined && p.row !== null) parts.push(`row ${p.row}`)
  if (p.column) parts.push(`column ${p.column}`)
  if (p.field ?? p.path) parts.push((p.field ?? p.path)!)
  return parts.join(', ')
}
