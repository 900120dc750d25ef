/**
 * What a parse reports, and how a path is written: apart from evaluate.ts (the schemas' checks
 * and every criterion's rules), so that the app's first screen names a field's problems without
 * loading the rules.
 */

/** The largest case or series file the app and the command line read (a real series is a few kB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024

export interface Problem {
  /** JSON path, e.g. "lesions[2].assessments[0].longAxisMm" ("(root)" for the document). */
  path: string
  message: string
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] }

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(root)'
}

