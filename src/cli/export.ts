/**
 * `caliper export FILE|DIR ... --format csv|sdtm|report [--out FILE|DIR] [--pdf] [--study ID]`:
 * the documentation exports of src/documentation, of one case or of a cohort (several case files,
 * folders, measurements CSVs), written to a file, a folder or stdout.
 *
 * - One case: csv and report to --out or stdout; sdtm: TU.csv, TR.csv, RS.csv in --out DIR.
 * - A cohort: csv, every case's rows in one file; sdtm, one TU, TR and RS dataset for all
 *   subjects (--SEQ numbers each subject's records, as SDTM defines them); report, one
 *   PATIENT.html (or .pdf) per case in --out DIR. Cases are read and written one at a time.
 *
 * Safe writing: every file is written to a temporary file beside it and renamed into place only
 * when complete (a failed export leaves nothing half-written; a cohort export with one bad input
 * writes nothing at all), and an export never overwrites one of its own inputs.
 * The PDF is the HTML report printed by headless Chromium (Debian's /usr/bin/chromium, or
 * $CALIPER_CHROMIUM), which runs with networking features off and reads only the report file.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, constants, mkdir, mkdtemp, open, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { evaluateCase, type Case, type Evaluation, type Problem } from '../../criteria/index.ts'
import { caseCsv } from '../documentation/csv-export.ts'
import { reportHtml } from '../documentation/report.ts'
import { datasetCsv, DEFAULT_STUDY_ID, sdtmDatasetList, sdtmDatasets } from '../documentation/sdtm.ts'
import { COHORT_EXTENSIONS, criteriaIds, readCases, singleCase } from './cases.ts'
import { InputError, listInputs, manyInputs, parseOptions, problemLine, UsageError, write, type Input, type OutStream, type Streams } from './io.ts'

export const EXPORT_FORMATS = ['csv', 'sdtm', 'report'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportRequest {
  format: ExportFormat
  out?: string
  pdf: boolean
  /** STUDYID of the SDTM datasets. @default DEFAULT_STUDY_ID (sdtm.ts) */
  study: string
}

export const CHROMIUM = '/usr/bin/chromium'

/** Checks the export options; returns the request, or the usage error's message. */
export function exportRequest(values: { format?: string; out?: string; pdf?: boolean; study?: string }): ExportRequest | string {
  const { format, out, pdf = false, study } = values
  if (format === undefined) return `export needs --format ${EXPORT_FORMATS.join('|')}`
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return `unknown format "${format}"; known: ${EXPORT_FORMATS.join(', ')}`
  if (pdf && format !== 'report') return '--pdf applies to --format report only'
  if (pdf && !out) return '--pdf needs --out FILE.pdf'
  if (format === 'sdtm' && !out) return '--format sdtm needs --out DIR (it writes TU.csv, TR.csv and RS.csv there, and LB.csv for blood biomarkers)'
  if (study !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(study)) return '--study must be 1-40 letters, digits, "-" or "_"'
  if (study !== undefined && format !== 'sdtm') return '--study applies to --format sdtm only'
  return { format: format as ExportFormat, ...(out !== undefined ? { out } : {}), pdf, study: study ?? DEFAULT_STUDY_ID }
}

const failure = (path: string, error: unknown): Problem[] => [{ path, message: `cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]

/** The files an export reads, by device and inode: whatever name reaches them, they are never written. */
class Inputs {
  private readonly ids = new Set<string>()
  static async of(inputs: readonly Input[]): Promise<Inputs> {
    const set = new Inputs()
    for (const { file } of inputs) {
      const info = await stat(file).catch(() => null)
      if (info) set.ids.add(`${info.dev}:${info.ino}`)
    }
    return set
  }
  /** A problem when `path` is one of the inputs. */
  async check(path: string): Promise<Problem[]> {
    const info = await stat(path).catch(() => null)
    return info && this.ids.has(`${info.dev}:${info.ino}`) ? [{ path, message: 'is an input of this export; it is never overwritten (choose another --out)' }] : []
  }
}

/** A file written under a temporary name beside its destination, renamed into place by commit(). */
class AtomicFile {
  readonly path: string
  private readonly temp: string
  private readonly handle: FileHandle
  private constructor(path: string, temp: string, handle: FileHandle) {
    this.path = path
    this.temp = temp
    this.handle = handle
  }
  static async open(path: string, inputs: Inputs): Promise<AtomicFile | Problem[]> {
    const clash = await inputs.check(path)
    if (clash.length) return clash
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
    try {
      return new AtomicFile(path, temp, await open(temp, 'wx'))
    } catch (error) {
      return failure(path, error)
    }
  }
  async write(text: string): Promise<Problem[]> {
    try {
      await this.handle.write(text)
      return []
    } catch (error) {
      await this.abort()
      return failure(this.path, error)
    }
  }
  async commit(): Promise<Problem[]> {
    try {
      await this.handle.close()
      await rename(this.temp, this.path)
      return []
    } catch (error) {
      await this.abort()
      return failure(this.path, error)
    }
  }
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {})
    await unlink(this.temp).catch(() => {})
  }
}

/** Writes one whole file atomically. */
async function writeFileAtomic(path: string, content: string, inputs: Inputs): Promise<Problem[]> {
  const file = await AtomicFile.open(path, inputs)
  if (Array.isArray(file)) return file
  const problems = await file.write(content)
  return problems.length ? problems : file.commit()
}

async function makeDir(dir: string): Promise<Problem[]> {
  try {
    await mkdir(dir, { recursive: true })
    return []
  } catch (error) {
    return failure(dir, error)
  }
}

/** Runs Chromium headless to print an HTML file to PDF. */
function printToPdf(chromium: string, htmlFile: string, pdfFile: string): Promise<string | null> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ]
  return new Promise((done) => {
    execFile(chromium, args, { timeout: 120_000 }, (error, _stdout, stderr) => done(error ? `${error.message.split('\n')[0]}${stderr ? `: ${String(stderr).trim().split('\n').pop()}` : ''}` : null))
  })
}

/** Chromium, or the problem that it is missing. */
async function findChromium(): Promise<string | Problem[]> {
  const chromium = process.env.CALIPER_CHROMIUM || CHROMIUM
  try {
    await access(chromium, constants.X_OK)
    return chromium
  } catch {
    return [{ path: '--pdf', message: `needs Chromium at ${chromium}, which is missing; install it (Debian: apt-get install chromium) or write HTML without --pdf` }]
  }
}

/** The report printed to `pdfFile` by Chromium, through a temporary file renamed into place. */
async function writePdf(chromium: string, html: string, pdfFile: string, inputs: Inputs): Promise<Problem[]> {
  const clash = await inputs.check(pdfFile)
  if (clash.length) return clash
  const dir = await mkdtemp(join(tmpdir(), 'caliper-report-'))
  const temp = join(dirname(pdfFile), `.${basename(pdfFile)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  try {
    const htmlFile = join(dir, 'report.html')
    const written = await writeFileAtomic(htmlFile, html, inputs)
    if (written.length) return written
    const error = await printToPdf(chromium, htmlFile, temp)
    if (error) return [{ path: '--pdf', message: `Chromium could not print the report: ${error}` }]
    const info = await stat(temp).catch(() => null)
    if (!info || info.size === 0) return [{ path: pdfFile, message: 'Chromium wrote no PDF' }]
    await rename(temp, pdfFile)
    return []
  } catch (error) {
    return failure(pdfFile, error)
  } finally {
    await unlink(temp).catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
}

/** Writes the export of one case; returns the problems (each naming the option or file at fault), empty on success. */
export async function runExport(kase: Case, evaluation: Evaluation, request: ExportRequest, stdout: OutStream, inputs: Inputs): Promise<Problem[]> {
  if (request.format === 'csv') {
    const text = caseCsv(kase, evaluation)
    if (!request.out) return (await write(stdout, text), [])
    return writeFileAtomic(request.out, text, inputs)
  }
  if (request.format === 'sdtm') {
    const dir = request.out!
    const made = await makeDir(dir)
    if (made.length) return made
    const domains = sdtmDatasets(kase, evaluation, { studyId: request.study })
    for (const dataset of sdtmDatasetList(domains)) {
      const problems = await writeFileAtomic(join(dir, `${dataset.domain}.csv`), datasetCsv(dataset), inputs)
      if (problems.length) return problems
    }
    return []
  }
  const html = reportHtml(kase, evaluation)
  if (!request.pdf) {
    if (!request.out) return (await write(stdout, html), [])
    return writeFileAtomic(request.out, html, inputs)
  }
  const chromium = await findChromium()
  return typeof chromium === 'string' ? writePdf(chromium, html, request.out!, inputs) : chromium
}

/** CSV text without its header line (the cohort's files carry the header once). */
const withoutHeader = (csv: string) => csv.slice(csv.indexOf('\r\n') + 2)

/**
 * A cohort export's sink: where each case's output goes. Files are committed only when every
 * case was written; on the first problem everything written so far is dropped.
 */
interface CohortSink {
  add(kase: Case, evaluation: Evaluation): Promise<Problem[]>
  commit(): Promise<Problem[]>
  abort(): Promise<void>
}

async function cohortSink(request: ExportRequest, stdout: OutStream, inputs: Inputs): Promise<CohortSink | Problem[]> {
  if (request.format === 'csv') {
    const file = request.out ? await AtomicFile.open(request.out, inputs) : null
    if (Array.isArray(file)) return file
    let first = true
    return {
      async add(kase, evaluation) {
        const csv = caseCsv(kase, evaluation)
        const text = first ? csv : withoutHeader(csv)
        first = false
        return file ? file.write(text) : (await write(stdout, text), [])
      },
      commit: async () => (file ? file.commit() : []),
      abort: async () => file?.abort(),
    }
  }
  const dir = request.out!
  const made = await makeDir(dir)
  if (made.length) return made
  if (request.format === 'sdtm') {
    const files: AtomicFile[] = []
    for (const domain of ['TU', 'TR', 'RS'] as const) {
      const file = await AtomicFile.open(join(dir, `${domain}.csv`), inputs)
      if (Array.isArray(file)) {
        for (const f of files) await f.abort()
        return file
      }
      files.push(file)
    }
    let first = true
    // LB (blood biomarkers, issue #14) is opened with the first case that has any, and has its header once.
    let lb: AtomicFile | null = null
    return {
      async add(kase, evaluation) {
        const domains = sdtmDatasets(kase, evaluation, { studyId: request.study })
        const texts = [domains.TU, domains.TR, domains.RS].map((d) => (first ? datasetCsv(d) : withoutHeader(datasetCsv(d))))
        first = false
        for (const [i, text] of texts.entries()) {
          const problems = await files[i]!.write(text)
          if (problems.length) return problems
        }
        if (domains.LB) {
          const opening = lb === null
          if (opening) {
            const file = await AtomicFile.open(join(dir, 'LB.csv'), inputs)
            if (Array.isArray(file)) return file
            files.push((lb = file))
          }
          const problems = await lb!.write(opening ? datasetCsv(domains.LB) : withoutHeader(datasetCsv(domains.LB)))
          if (problems.length) return problems
        }
        return []
      },
      async commit() {
        for (const f of files) {
          const problems = await f.commit()
          if (problems.length) return problems
        }
        return []
      },
      abort: async () => {
        for (const f of files) await f.abort()
      },
    }
  }
  // report: one file per case, each written whole; an abort removes those already written.
  const chromium = request.pdf ? await findChromium() : null
  if (Array.isArray(chromium)) return chromium
  const written: string[] = []
  const names = new Set<string>()
  return {
    async add(kase, evaluation) {
      const stem = kase.patient.id.trim().replace(/[^\w.-]+/g, '_') || 'case'
      let name = stem
      for (let n = 2; names.has(name); n++) name = `${stem}-${n}`
      names.add(name)
      const path = join(dir, `${name}.${chromium ? 'pdf' : 'html'}`)
      const html = reportHtml(kase, evaluation)
      const problems = chromium ? await writePdf(chromium, html, path, inputs) : await writeFileAtomic(path, html, inputs)
      if (!problems.length) written.push(path)
      return problems
    },
    commit: async () => [],
    abort: async () => {
      for (const path of written) await unlink(path).catch(() => {})
    },
  }
}

export async function run(args: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    criteria: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'boolean' },
    study: { type: 'string' },
  })
  if (!positionals.length) throw new UsageError('export needs a file')
  const request = exportRequest(values)
  if (typeof request === 'string') throw new UsageError(request)
  const ids = criteriaIds(values.criteria)
  const isCohort = manyInputs(positionals) || positionals[0]!.toLowerCase().endsWith('.csv')

  if (!isCohort) {
    const file = positionals[0]!
    const kase = await singleCase(file)
    const problems = await runExport(kase, evaluateCase(kase, ids), request, io.stdout, await Inputs.of([{ file }]))
    if (problems.length) throw new InputError(problems)
    return 0
  }

  if (request.format === 'report' && !request.out) throw new UsageError('--format report of several cases needs --out DIR (one PATIENT.html per case)')
  const inputs = listInputs(positionals, COHORT_EXTENSIONS)
  if (inputs.length === 0) throw new UsageError(`no *.json or *.csv file in ${positionals.join(', ')}`)
  const sink = await cohortSink(request, io.stdout, await Inputs.of(inputs))
  if (Array.isArray(sink)) throw new InputError(sink)
  // Every input is read (and every problem listed) even after a failure; nothing more is written then.
  let failed = false
  const patients = new Map<string, string>()
  for await (const source of readCases(inputs)) {
    let problems = 'problems' in source ? source.problems : []
    if ('case' in source) {
      const first = patients.get(source.case.patient.id)
      if (first !== undefined) problems = [{ path: 'patient.id', message: `patient "${source.case.patient.id}" was already read from ${first}; an export holds each patient once` }]
      else patients.set(source.case.patient.id, source.file)
      if (!problems.length && !failed) problems = await sink.add(source.case, evaluateCase(source.case, ids))
    }
    if (problems.length) {
      if (!failed) await sink.abort()
      failed = true
      for (const p of problems) io.stderr.write(problemLine(p, source.file))
    }
  }
  if (failed) {
    io.stderr.write('nothing was exported\n')
    return 1
  }
  const problems = await sink.commit()
  if (problems.length) {
    await sink.abort()
    throw new InputError(problems)
  }
  return 0
}
