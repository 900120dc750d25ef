/**
 * `caliper evaluate CASE.json [--criteria a,b] [--json]`, `caliper best SERIES.json [--json]`
 * and `caliper schema`, as shared/case-format.md fixes them. Exit status: 0 success; 1 invalid
 * input, one line per problem on stderr naming its JSON path; 2 usage error. Never a stack trace.
 */
import { readFile, stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  bestOverallResponse,
  CRITERIA,
  evaluateCase,
  MAX_FILE_BYTES,
  parseCase,
  parseSeries,
  type Evaluation,
  type Problem,
} from '../../criteria/index.ts'
import { formatEvaluation, formatSeriesBest } from './format-table.ts'
import { jsonSchemas } from './json-schema.ts'
import { exportRequest, runExport } from './export.ts'

export interface Streams {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

const USAGE = `Usage:
  caliper evaluate CASE.json [--criteria ${CRITERIA.map((c) => c.id).join(',')}] [--json]
  caliper best SERIES.json [--json]
  caliper schema
  caliper export CASE.json --format csv|sdtm|report [--out FILE|DIR] [--pdf] [--study ID] [--criteria ...]
Exit status: 0 success, 1 invalid input (or the export could not be written), 2 usage error.`

class UsageError extends Error {}
class InputError extends Error {
  readonly problems: Problem[]
  constructor(problems: Problem[]) {
    super('invalid input')
    this.problems = problems
  }
}

/** Reads and parses a JSON file, turning every failure into problems that name the file. */
async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new InputError([{ path: '(root)', message: `${path} is a folder, not a file` }])
    if (info.size > MAX_FILE_BYTES)
      throw new InputError([{ path: '(root)', message: `${path} is ${(info.size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB` }])
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError([{ path: '(root)', message: code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path}: ${code ?? String(error)}` }])
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new InputError([{ path: '(root)', message: `${path} is not valid JSON: ${(error as Error).message}` }])
  }
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        criteria: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        // export only
        format: { type: 'string' },
        out: { type: 'string' },
        pdf: { type: 'boolean' },
        study: { type: 'string' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function criteriaIds(list: string | undefined): string[] {
  if (list === undefined) return CRITERIA.map((c) => c.id)
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = ids.filter((id) => !CRITERIA.some((c) => c.id === id))
  if (unknown.length || ids.length === 0)
    throw new UsageError(`unknown criterion ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; known: ${CRITERIA.map((c) => c.id).join(', ')}`)
  return [...new Set(ids)]
}

async function run(argv: string[], out: Streams['stdout']): Promise<void> {
  const { values, positionals } = parseCommandLine(argv)
  const [command, file, ...extra] = positionals
  if (values.help) {
    out.write(`${USAGE}\n`)
    return
  }
  if (command === 'schema') {
    out.write(`${JSON.stringify(jsonSchemas(), null, 2)}\n`)
    return
  }
  if (command !== 'evaluate' && command !== 'best' && command !== 'export') throw new UsageError(command ? `unknown command "${command}"` : 'no command given')
  if (!file) throw new UsageError(`${command} needs a file`)
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const exportOnly = (['format', 'out', 'pdf', 'study'] as const).find((o) => values[o] !== undefined)
  if (command !== 'export' && exportOnly) throw new UsageError(`--${exportOnly} applies to export only`)

  if (command === 'export') {
    const request = exportRequest(values)
    if (typeof request === 'string') throw new UsageError(request)
    if (values.json) throw new UsageError('--json does not apply to export')
    const ids = criteriaIds(values.criteria)
    const parsed = parseCase(await readJson(file))
    if (!parsed.ok) throw new InputError(parsed.problems)
    const problems = await runExport(parsed.value, evaluateCase(parsed.value, ids), request, out)
    if (problems.length) throw new InputError(problems)
    return
  }

  if (command === 'evaluate') {
    const ids = criteriaIds(values.criteria)
    const parsed = parseCase(await readJson(file))
    if (!parsed.ok) throw new InputError(parsed.problems)
    const evaluation: Evaluation = evaluateCase(parsed.value, ids)
    out.write(values.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatEvaluation(parsed.value, evaluation))
    return
  }
  if (values.criteria !== undefined) throw new UsageError('--criteria applies to evaluate only')
  const parsed = parseSeries(await readJson(file))
  if (!parsed.ok) throw new InputError(parsed.problems)
  const { therapyStart, settings, assessments } = parsed.value
  const best = bestOverallResponse(assessments, therapyStart, settings)
  const { response, date, confirmed, explanation } = best
  out.write(values.json ? `${JSON.stringify({ best: { response, date, confirmed, explanation } }, null, 2)}\n` : formatSeriesBest(best))
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[], streams: Streams): Promise<number> {
  try {
    await run(argv, streams.stdout)
    return 0
  } catch (error) {
    if (error instanceof InputError) {
      for (const p of error.problems) streams.stderr.write(`${p.path}: ${p.message}\n`)
      return 1
    }
    if (error instanceof UsageError) {
      streams.stderr.write(`caliper: ${error.message}\n${USAGE}\n`)
      return 2
    }
    // A bug of ours: say so plainly, without a stack trace.
    streams.stderr.write(`caliper: internal error: ${(error as Error)?.message ?? String(error)}\n`)
    return 70
  }
}
