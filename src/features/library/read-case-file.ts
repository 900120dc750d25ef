import { parseCase, type ParseResult } from '../../../criteria/index.ts'
import { readJsonFile } from '../../documentation/file-input.ts'
import { CaseDraftSchema, type CaseDraft } from '../../store/case-draft.ts'

/**
 * Reads a case file for the library. It must pass `parseCase` as it is: an import that fails
 * changes nothing, and every problem is reported with its path. The file's bytes are read as the
 * command line reads them (src/documentation/file-input.ts): UTF-8 or UTF-16 with a byte-order
 * mark, strict JSON (duplicate keys, reserved keys and numbers that would not read back refused,
 * nesting bounded by MAX_JSON_DEPTH before anything that recurses reads the file).
 */
export function readCaseFile(content: Uint8Array | string): ParseResult<CaseDraft> {
  const read = readJsonFile(content)
  if (!read.ok) return read
  const raw = read.value
  const parsed = parseCase(raw)
  if (!parsed.ok) return parsed
  // Keep the file as written (the schema's defaults are not baked in), in the draft's shape.
  const draft = CaseDraftSchema.safeParse(raw)
  return draft.success ? { ok: true, value: draft.data } : { ok: false, problems: [{ path: '(root)', message: 'could not be read as a case' }] }
}

/** A refused file as JSON, or null: only to name its problems' fields as the user knows them (problemText, pathName). */
export function readableJson(content: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof content === 'string' ? content : new TextDecoder().decode(content))
  } catch {
    return null
  }
}

