import { formatPath, MAX_FILE_BYTES, parseCase, type ParseResult } from '../../../criteria/index.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from '../../store/case-draft.ts'
import { downloadTextFile, fileStem } from '../../components/download.ts'

/**
 * How deep a case file may nest as a whole. A case nests 7 levels (lesions[0].assessments[0].fragmentsMm[0]),
 * an audit log's old or new value a few more; a file nested thousands of levels deep would break
 * every reader that recurses (the draft's conversion, JSON.stringify) and, once saved, the page
 * on every reload. Checked here, before anything else reads the file, without recursion.
 */
export const MAX_DOCUMENT_DEPTH = 32

/** The path where `value` nests deeper than MAX_DOCUMENT_DEPTH, or null. */
export function tooDeepAt(value: unknown): (string | number)[] | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  while (stack.length) {
    const { value: v, path } = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (path.length >= MAX_DOCUMENT_DEPTH) return path
    for (const key of Object.keys(v)) stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, Array.isArray(v) ? Number(key) : key] })
  }
  return null
}

/**
 * Reads a case file for the library. It must pass `parseCase` as it is: an import that fails
 * changes nothing, and every problem is reported with its path.
 */
export function readCaseFile(text: string): ParseResult<CaseDraft> {
  if (text.length > MAX_FILE_BYTES) return { ok: false, problems: [{ path: '(root)', message: `is larger than the ${MAX_FILE_BYTES / 1048576} MB limit for a case file` }] }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return { ok: false, problems: [{ path: '(root)', message: `is not valid JSON (${e instanceof Error ? e.message : String(e)})` }] }
  }
  const deep = tooDeepAt(raw)
  if (deep) return { ok: false, problems: [{ path: formatPath(deep), message: `nests deeper than ${MAX_DOCUMENT_DEPTH} levels (a case file needs fewer than 10)` }] }
  const parsed = parseCase(raw)
  if (!parsed.ok) return parsed
  // Keep the file as written (the schema's defaults are not baked in), in the draft's shape.
  const draft = CaseDraftSchema.safeParse(raw)
  return draft.success ? { ok: true, value: draft.data } : { ok: false, problems: [{ path: '(root)', message: 'could not be read as a case' }] }
}

/** The open case as a file: typed numbers become numbers. */
export const caseFileText = (draft: CaseDraft) => `${JSON.stringify(draftToInput(draft), null, 2)}\n`

export const caseFileName = (draft: CaseDraft) => `${fileStem(draft.patient.id)}.json`

/** Saves a case (or other JSON text) as a file through the browser's download; nothing leaves the machine. */
export const downloadText = (filename: string, text: string) => downloadTextFile(filename, text, 'application/json')
