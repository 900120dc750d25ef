/**
 * Reading a file someone hands us: its bytes to text, and JSON text to a value, refusing
 * everything a lenient reader would silently change. Shared by the command line and the app's
 * imports (one implementation), so a file means the same everywhere.
 *
 * - Text must be UTF-8 (a UTF-8 byte-order mark is allowed). UTF-16 with a byte-order mark is
 *   decoded; anything else (Latin-1, invalid byte sequences, UTF-32) is refused with one line
 *   naming the first bad byte, never decoded to replacement characters.
 * - JSON is parsed strictly (RFC 8259) by the parser below, because `JSON.parse` keeps the last
 *   of two equal keys (`"longAxisMm": 24, "longAxisMm": 80` reads 80), rounds a number whose
 *   digits a double cannot hold (`70.0000000000000001` reads 70) and has no depth limit. This
 *   one refuses duplicate keys, reserved keys (`__proto__`, `constructor`, `prototype`: never
 *   data of the case format, and a prototype-pollution hazard for any later `obj[key] = …`),
 *   numbers that would not read back as written, and nesting deeper than MAX_JSON_DEPTH, each
 *   with the JSON path where it happens.
 */
import { formatPath, MAX_FILE_BYTES, type ParseResult, type Problem } from '../../criteria/index.ts'

/** Deeper nesting than any case file needs (a case file nests 6 levels); bounds recursion on hostile input. */
export const MAX_JSON_DEPTH = 64
/** Keys refused in every object: the format never uses them, and they alter objects in JavaScript. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
/** At most this many duplicate/reserved-key problems are listed (the file is refused either way). */
const MAX_PROBLEMS = 50

const root = (message: string): ParseResult<never> => ({ ok: false, problems: [{ path: '(root)', message }] })

/** The 1-based line of a byte or character offset, for messages. */
function lineAt(text: ArrayLike<number> | string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if ((typeof text === 'string' ? text.charCodeAt(i) : text[i]) === 10) line++
  return line
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80]
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800]
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000]
    else return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`

/**
 * The text of a file's bytes: UTF-8 (BOM stripped), or UTF-16 with a byte-order mark. Anything
 * else is refused with one line naming the first byte that is not UTF-8, and where it is.
 */
export function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return { ok: false, message: 'is UTF-32 text; save it as UTF-8' }
  const utf16 = starts(0xff, 0xfe) ? 'utf-16le' : starts(0xfe, 0xff) ? 'utf-16be' : null
  if (utf16) {
    try {
      return { ok: true, text: new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2)) }
    } catch {
      return { ok: false, message: `starts with a ${utf16.toUpperCase()} byte-order mark but is not valid ${utf16.toUpperCase()} text; save it as UTF-8` }
    }
  }
  const body = starts(0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes
  const bad = firstInvalidUtf8(body)
  if (bad >= 0) {
    const at = bad + (body === bytes ? 0 : 3)
    return { ok: false, message: `is not UTF-8 text: byte ${hex(bytes[at]!)} at offset ${at} (line ${lineAt(bytes, at)}) is not valid UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8` }
  }
  const text = new TextDecoder('utf-8').decode(body)
  if (text.includes('\u0000')) return { ok: false, message: 'contains NUL bytes, which UTF-8 text never has (UTF-16 without a byte-order mark?); save the file as UTF-8' }
  return { ok: true, text }
}

/** A number literal's exact decimal value, as sign, significant digits and exponent ("-7e1" for -70.0). */
function canonicalDecimal(literal: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(literal)
  if (!m) return literal
  const [, sign, int = '', frac = '', exp = '0'] = m
  let digits = (int + frac).replace(/^0+/, '')
  if (!digits) return '0'
  let exponent = Number(exp) - frac.length
  const trimmed = digits.replace(/0+$/, '')
  exponent += digits.length - trimmed.length
  digits = trimmed
  return `${sign}${digits}e${exponent}`
}

/** Ends parsing: the file cannot be read further (a syntax error, or nesting too deep). */
class JsonFailure extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.message)
    this.problem = problem
  }
}

/** Strict RFC 8259 parser; see the module comment for what it refuses. */
class StrictJsonParser {
  private i = 0
  readonly problems: Problem[] = []
  private readonly path: (string | number)[] = []
  private readonly text: string

  constructor(text: string) {
    this.text = text
  }

  parse(): unknown {
    this.space()
    const value = this.value(0)
    this.space()
    if (this.i < this.text.length) this.fail('unexpected text after the end of the JSON value')
    return value
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.i)
    const line = lineAt(this.text, this.i)
    const column = this.i - before.lastIndexOf('\n')
    throw new JsonFailure({ path: '(root)', message: `is not valid JSON: ${message} at line ${line}, column ${column}` })
  }

  private problem(message: string, key?: string) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path: formatPath(key === undefined ? this.path : [...this.path, key]), message })
  }

  private space() {
    const t = this.text
    let c = t.charCodeAt(this.i)
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.i)
  }

  private value(depth: number): unknown {
    const c = this.text[this.i]
    if (c === '{' || c === '[') {
      if (depth >= MAX_JSON_DEPTH) throw new JsonFailure({ path: formatPath(this.path), message: `nests deeper than ${MAX_JSON_DEPTH} levels` })
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1)
    }
    if (c === '"') return this.string()
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number()
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const)
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length
        return value
      }
    if (c === undefined) this.fail('unexpected end of the file')
    return this.fail(`unexpected character ${JSON.stringify(c)}`)
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    this.i++
    this.space()
    if (this.text[this.i] === '}') {
      this.i++
      return out
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.fail('expected a key in double quotes')
      const key = this.string()
      this.space()
      if (this.text[this.i] !== ':') this.fail('expected ":" after a key')
      this.i++
      this.space()
      this.path.push(key)
      const value = this.value(depth)
      this.path.pop()
      if (RESERVED_KEYS.has(key)) this.problem(`"${key}" is a reserved name and cannot be a key`, key)
      else if (Object.hasOwn(out, key)) this.problem(`appears twice in one object; a key must be unique (which value was meant?)`, key)
      else out[key] = value
      this.space()
      const c = this.text[this.i++]
      if (c === '}') return out
      if (c !== ',') {
        this.i--
        this.fail('expected "," or "}" in an object')
      }
      this.space()
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = []
    this.i++
    this.space()
    if (this.text[this.i] === ']') {
      this.i++
      return out
    }
    for (;;) {
      this.path.push(out.length)
      out.push(this.value(depth))
      this.path.pop()
      this.space()
      const c = this.text[this.i++]
      if (c === ']') return out
      if (c !== ',') {
        this.i--
        this.fail('expected "," or "]" in an array')
      }
      this.space()
    }
  }

  private string(): string {
    const t = this.text
    const start = ++this.i
    // Fast path: no escapes.
    let j = start
    for (;;) {
      const c = t.charCodeAt(j)
      if (c === 34) {
        this.i = j + 1
        return t.slice(start, j)
      }
      if (c === 92 || c < 32 || Number.isNaN(c)) break
      j++
    }
    let out = t.slice(start, j)
    this.i = j
    for (;;) {
      const c = t[this.i]
      if (c === undefined) this.fail('a string is never closed')
      if (c === '"') {
        this.i++
        return out
      }
      if (c < ' ') this.fail('a control character must be escaped inside a string')
      if (c !== '\\') {
        out += c
        this.i++
        continue
      }
      const e = t[this.i + 1]
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
      if (e !== undefined && Object.hasOwn(simple, e)) {
        out += simple[e]
        this.i += 2
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16))
        this.i += 6
      } else this.fail('an invalid escape in a string')
    }
  }

  private number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    m.lastIndex = this.i
    const found = m.exec(this.text)
    if (!found) return this.fail('an invalid number')
    const literal = found[0]
    this.i += literal.length
    const value = Number(literal)
    if (!Number.isFinite(value)) this.problem(`${literal} is out of the range of numbers`)
    else if (canonicalDecimal(literal) !== canonicalDecimal(String(value))) this.problem(`${literal} cannot be stored exactly (it would read as ${value}); write it with fewer digits`)
    return value
  }
}

/** Parses JSON text strictly; every problem names its JSON path. */
export function parseStrictJson(text: string): ParseResult<unknown> {
  const parser = new StrictJsonParser(text)
  try {
    const value = parser.parse()
    return parser.problems.length ? { ok: false, problems: parser.problems } : { ok: true, value }
  } catch (error) {
    if (!(error instanceof JsonFailure)) throw error
    return { ok: false, problems: [error.problem] }
  }
}

/** The bytes (or already-decoded text) of a file to a JSON value: size limit, encoding, strict JSON. */
export function readJsonFile(content: Uint8Array | string): ParseResult<unknown> {
  if (content.length > MAX_FILE_BYTES) return root(`is larger than the ${MAX_FILE_BYTES / 1048576} MB limit`)
  let text: string
  if (typeof content === 'string') text = content.replace(/^\uFEFF/, '')
  else {
    const decoded = decodeText(content)
    if (!decoded.ok) return root(decoded.message)
    text = decoded.text
  }
  return parseStrictJson(text)
}

/** The bytes of a CSV (or other text) file to text, with the same size and encoding rules. */
export function readTextFile(content: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (content.length > MAX_FILE_BYTES) return { ok: false, message: `is larger than the ${MAX_FILE_BYTES / 1048576} MB limit` }
  return decodeText(content)
}
