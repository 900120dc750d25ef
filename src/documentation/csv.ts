/**
 * CSV writing and reading (RFC 4180): fields with a comma, quote, CR or LF are quoted, quotes
 * doubled, records end in CRLF.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with =, +, -,
 * @, tab or CR as a formula. Text cells that start so are neutralised with a leading single
 * quote. Only text is neutralised: cells written from numbers (e.g. a change of -4.2 %, an
 * attenuation of -50 HU) stay numbers, so a spreadsheet still computes with them: exports pass
 * numbers as numbers, never as text.
 */

/** A cell: numbers are written as numbers, null/undefined as an empty field. */
export type Cell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
/** A text cell with its formula trigger neutralised (a single quote in front). */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

function field(cell: Cell): string {
  if (cell === null || cell === undefined) return ''
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : typeof cell === 'boolean' ? (cell ? 'true' : 'false') : neutralise(cell)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A table with a header row, as RFC 4180 CSV (CRLF line ends, a final CRLF). */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, Cell>>[]): string {
  const lines = [columns.map(field).join(','), ...rows.map((row) => columns.map((c) => field(row[c])).join(','))]
  return `${lines.join('\r\n')}\r\n`
}

export interface CsvParseError {
  /** 1-based line number where the problem starts. */
  line: number
  message: string
}

/**
 * Parses RFC 4180 CSV (also LF line ends, a UTF-8 byte-order mark, and a missing final line
 * end). Returns the records with the 1-based line number each starts on.
 */
export function parseCsv(text: string): { ok: true; records: { line: number; fields: string[] }[] } | { ok: false; error: CsvParseError } {
  const src = text.replace(/^\uFEFF/, '')
  const records: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let cell = ''
  let line = 1
  let recordLine = 1
  let i = 0
  let quoted = false
  let quoteLine = 0
  const endRecord = () => {
    fields.push(cell)
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields })
    fields = []
    cell = ''
  }
  while (i < src.length) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        const next = src[i]
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
          return { ok: false, error: { line, message: 'a closing quote must be followed by a comma or the end of the line' } }
        continue
      }
      if (ch === '\n') line++
      cell += ch
      i++
      continue
    }
    if (ch === '"') {
      if (cell !== '') return { ok: false, error: { line, message: 'a quote inside an unquoted field (quote the whole field and double the quote)' } }
      quoted = true
      quoteLine = line
      i++
      continue
    }
    if (ch === ',') {
      fields.push(cell)
      cell = ''
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
      continue
    }
    cell += ch
    i++
  }
  if (quoted) return { ok: false, error: { line: quoteLine, message: 'a quoted field is never closed' } }
  if (cell !== '' || fields.length) endRecord()
  return { ok: true, records }
}
