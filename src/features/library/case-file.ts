import { MAX_FILE_BYTES, parseCase, type ParseResult } from '../../../criteria/index.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from '../../store/case-draft.ts'
import { downloadTextFile, fileStem } from '../../components/download.ts'

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
