/**
 * What every command shares: the streams, the two kinds of failure (usage, input), reading a
 * named file safely, walking folders, escaping text for a terminal, and the progress line.
 */
import { constants } from 'node:fs'
import { open, opendir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { MAX_FILE_BYTES, type Problem } from '../../criteria/index.ts'

export interface OutStream {
  write(text: string): unknown
  /** Node streams: wait for 'drain' when write() returns false, so a slow reader never makes us buffer. */
  once?(event: 'drain', listener: () => void): unknown
  isTTY?: boolean
}
export interface Streams {
  stdout: OutStream
  stderr: OutStream
}

/** Wrong use of the command line: exit status 2, with the usage. */
export class UsageError extends Error {}

/** parseArgs for one command's options, a mistake becoming a usage error. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Invalid input: exit status 1, one line per problem. */
export class InputError extends Error {
  readonly problems: Problem[]
  constructor(problems: Problem[]) {
    super('invalid input')
    this.problems = problems
  }
}

/**
 * Characters that could forge terminal output: C0 and C1 controls (newlines, ANSI escape
 * sequences start with ESC), DEL, and the Unicode bidirectional controls (Trojan Source,
 * CVE-2021-42574). Shown as escapes so no id or name can draw a fake line or reorder one.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`

/** Text safe to print on a terminal: every unsafe character as a visible escape (`\n`, `\u001B`). */
export const terminalSafe = (text: string) => text.replace(UNSAFE, (c) => NAMED[c] ?? unicodeEscape(c))

/** JSON for output: JSON.stringify already escapes C0 controls; this also escapes DEL, C1 and bidi controls (still valid JSON). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
export const safeJson = (value: unknown, indent?: number) => JSON.stringify(value, null, indent).replace(JSON_UNSAFE, unicodeEscape)

/** Writes text, waiting while the reader is behind (flat memory however much is written). */
export async function write(out: OutStream, text: string): Promise<void> {
  if (out.write(text) === false && out.once) await new Promise<void>((done) => out.once!('drain', done))
}

/** One problem as a line: `path: message` (the fixed interface), with the file first when several were given. */
export function problemLine(problem: Problem, file?: string): string {
  const line = file === undefined ? `${problem.path}: ${problem.message}` : problem.path === '(root)' ? `${file}: ${problem.message}` : `${file}: ${problem.path}: ${problem.message}`
  return `${terminalSafe(line)}\n`
}

/** The problems of reading the one file a command was given: each names the file (`(root): CASE.json is not valid JSON…`). */
export const fileProblems = (file: string, problems: readonly Problem[]) => new InputError(problems.map((p) => (p.path === '(root)' ? { ...p, message: `${file} ${p.message}` } : p)))

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string }

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`
const LIMIT = `the limit is ${MAX_FILE_BYTES / 1048576} MB`

/**
 * Reads a named file: only a regular file, and never more than MAX_FILE_BYTES. A named pipe,
 * a device (/dev/zero) or a process substitution is refused before it is opened, so nothing
 * waits on a writer or reads without end; the limit is enforced while reading too, in case the
 * file grows or is swapped between the check and the read.
 */
export async function readInputFile(path: string): Promise<ReadResult> {
  const failed = (error: unknown): ReadResult => {
    const code = (error as NodeJS.ErrnoException).code
    return { ok: false, message: code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code === 'EACCES' ? 'permission denied' : (code ?? String(error))}` }
  }
  let info
  try {
    info = await stat(path)
  } catch (error) {
    return failed(error)
  }
  if (info.isDirectory()) return { ok: false, message: 'is a folder, not a file' }
  if (!info.isFile()) return { ok: false, message: 'is not a regular file (a pipe, device or socket); save it to a file and name that' }
  if (info.size > MAX_FILE_BYTES) return { ok: false, message: `is ${mb(info.size)}; ${LIMIT}` }
  let handle
  try {
    // O_NONBLOCK: should a pipe have replaced the file since stat, opening it does not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return failed(error)
  }
  try {
    if (!(await handle.stat()).isFile()) return { ok: false, message: 'is not a regular file (a pipe, device or socket); save it to a file and name that' }
    const buffer = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES + 1, Math.max(info.size + 1, 64 * 1024)))
    let length = 0
    let chunk = buffer
    for (;;) {
      if (length === chunk.length) {
        if (chunk.length > MAX_FILE_BYTES) return { ok: false, message: `grew past the limit while being read; ${LIMIT}` }
        const bigger = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES + 1, chunk.length * 2))
        chunk.copy(bigger, 0, 0, length)
        chunk = bigger
      }
      const { bytesRead } = await handle.read(chunk, length, chunk.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > MAX_FILE_BYTES) return { ok: false, message: `grew past the limit while being read; ${LIMIT}` }
    return { ok: true, bytes: chunk.subarray(0, length) }
  } catch (error) {
    return failed(error)
  } finally {
    await handle.close()
  }
}

/** One input of a command: a file to read, or a name that could not be used (with why). */
export type Input = { file: string; error?: string }

/**
 * The files named on the command line, folders walked recursively (names in code-point order,
 * so every run sees the same order) for files ending in one of `extensions`. Hidden files and
 * folders (a leading ".") are skipped, and symbolic links to folders are not followed (no loops).
 * A name given explicitly is read whatever its extension.
 */
export async function* inputFiles(names: readonly string[], extensions: readonly string[]): AsyncGenerator<Input> {
  const wanted = (name: string) => !name.startsWith('.') && extensions.some((e) => name.toLowerCase().endsWith(e))
  async function* walk(dir: string): AsyncGenerator<Input> {
    const entries: { name: string; dir: boolean }[] = []
    try {
      for await (const entry of await opendir(dir)) {
        if (entry.name.startsWith('.')) continue
        if (entry.isDirectory()) entries.push({ name: entry.name, dir: true })
        else if (wanted(entry.name)) entries.push({ name: entry.name, dir: false })
      }
    } catch (error) {
      yield { file: dir, error: `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.dir) yield* walk(path)
      else yield { file: path }
    }
  }
  for (const name of names) {
    // A folder named on the command line is walked even through a link; links met inside are not followed into.
    if ((await stat(name).catch(() => null))?.isDirectory()) yield* walk(name)
    else yield { file: name }
  }
}

/** Whether the names call for the many-files form of a command: more than one, or a folder. */
export async function manyInputs(names: readonly string[]): Promise<boolean> {
  if (names.length !== 1) return true
  return (await stat(names[0]!).catch(() => null))?.isDirectory() ?? false
}

/** Counts the files first (names only), so the progress line can say how much is left. */
export async function listInputs(names: readonly string[], extensions: readonly string[]): Promise<Input[]> {
  const all: Input[] = []
  for await (const input of inputFiles(names, extensions)) all.push(input)
  return all
}

const seconds = (s: number) => (s >= 90 ? `${Math.round(s / 60)} min` : `${Math.max(0, Math.round(s))} s`)

/**
 * "1200/10000 files · 850/s · 10 s left" on stderr, redrawn at most ten times a second, only
 * when stderr is a terminal (never in a pipe or a log). Lines written meanwhile go through
 * `line` so the progress line never garbles them.
 */
export class Progress {
  private readonly started = performance.now()
  private last = 0
  private shown = false
  private readonly err: OutStream
  private readonly total: number
  private readonly noun: string

  constructor(err: OutStream, total: number, noun = 'files') {
    this.err = err
    this.total = total
    this.noun = noun
  }

  get active() {
    return this.err.isTTY === true && this.total > 1
  }

  update(done: number) {
    if (!this.active) return
    const now = performance.now()
    if (now - this.last < 100 && done < this.total) return
    this.last = now
    const elapsed = (now - this.started) / 1000
    const rate = elapsed > 0 ? done / elapsed : 0
    const left = rate > 0 ? seconds((this.total - done) / rate) : '…'
    this.err.write(`\r\u001b[K${done}/${this.total} ${this.noun} · ${Math.round(rate)}/s · ${left} left`)
    this.shown = true
  }

  /** Writes a line to stderr, clearing the progress line first. */
  line(text: string) {
    this.clear()
    this.err.write(text)
  }

  clear() {
    if (this.shown) this.err.write('\r\u001b[K')
    this.shown = false
  }
}
