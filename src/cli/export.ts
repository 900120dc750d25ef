/**
 * `caliper export CASE.json --format csv|sdtm|report [--out FILE|DIR] [--pdf] [--study ID]`:
 * the documentation exports of src/documentation, written to a file, a folder (sdtm) or stdout.
 * The PDF is the HTML report printed by headless Chromium (Debian's /usr/bin/chromium, or
 * $CALIPER_CHROMIUM), which runs with networking features off and reads only the report file.
 */
import { execFile } from 'node:child_process'
import { access, constants, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Case, Evaluation, Problem } from '../../criteria/index.ts'
import { caseCsv } from '../documentation/csv-export.ts'
import { reportHtml } from '../documentation/report.ts'
import { datasetCsv, sdtmDatasets } from '../documentation/sdtm.ts'

export const EXPORT_FORMATS = ['csv', 'sdtm', 'report'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportRequest {
  format: ExportFormat
  out?: string
  pdf: boolean
  /** STUDYID of the SDTM datasets. @default 'CALIPER' */
  study: string
}

export const DEFAULT_STUDY_ID = 'CALIPER'
export const CHROMIUM = '/usr/bin/chromium'

/** Checks the export options; returns the request, or the usage error's message. */
export function exportRequest(values: { format?: string; out?: string; pdf?: boolean; study?: string }): ExportRequest | string {
  const { format, out, pdf = false, study } = values
  if (format === undefined) return `export needs --format ${EXPORT_FORMATS.join('|')}`
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return `unknown format "${format}"; known: ${EXPORT_FORMATS.join(', ')}`
  if (pdf && format !== 'report') return '--pdf applies to --format report only'
  if (pdf && !out) return '--pdf needs --out FILE.pdf'
  if (format === 'sdtm' && !out) return '--format sdtm needs --out DIR (it writes TU.csv, TR.csv and RS.csv there)'
  if (study !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(study)) return '--study must be 1-40 letters, digits, "-" or "_"'
  if (study !== undefined && format !== 'sdtm') return '--study applies to --format sdtm only'
  return { format: format as ExportFormat, ...(out !== undefined ? { out } : {}), pdf, study: study ?? DEFAULT_STUDY_ID }
}

const failure = (path: string, error: unknown): Problem[] => [{ path, message: `cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]

async function write(path: string, content: string): Promise<Problem[]> {
  try {
    await writeFile(path, content)
    return []
  } catch (error) {
    return failure(path, error)
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

/** Writes the export; returns the problems (each naming the option or file at fault), empty on success. */
export async function runExport(kase: Case, evaluation: Evaluation, request: ExportRequest, stdout: { write(text: string): unknown }): Promise<Problem[]> {
  if (request.format === 'csv') {
    const text = caseCsv(kase, evaluation)
    if (!request.out) return (stdout.write(text), [])
    return write(request.out, text)
  }
  if (request.format === 'sdtm') {
    const dir = request.out!
    try {
      await mkdir(dir, { recursive: true })
    } catch (error) {
      return failure(dir, error)
    }
    const domains = sdtmDatasets(kase, evaluation, { studyId: request.study })
    for (const dataset of [domains.TU, domains.TR, domains.RS]) {
      const problems = await write(join(dir, `${dataset.domain}.csv`), datasetCsv(dataset))
      if (problems.length) return problems
    }
    return []
  }
  const html = reportHtml(kase, evaluation)
  if (!request.pdf) {
    if (!request.out) return (stdout.write(html), [])
    return write(request.out, html)
  }
  const chromium = process.env.CALIPER_CHROMIUM || CHROMIUM
  try {
    await access(chromium, constants.X_OK)
  } catch {
    return [{ path: '--pdf', message: `needs Chromium at ${chromium}, which is missing; install it (Debian: apt-get install chromium) or write HTML without --pdf` }]
  }
  const dir = await mkdtemp(join(tmpdir(), 'caliper-report-'))
  try {
    const htmlFile = join(dir, 'report.html')
    await writeFile(htmlFile, html)
    const pdfFile = resolve(request.out!)
    const error = await printToPdf(chromium, htmlFile, pdfFile)
    if (error) return [{ path: '--pdf', message: `Chromium could not print the report: ${error}` }]
    const info = await stat(pdfFile).catch(() => null)
    if (!info || info.size === 0) return [{ path: request.out!, message: 'Chromium wrote no PDF' }]
    return []
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
