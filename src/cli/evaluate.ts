/**
 * `caliper evaluate FILE|DIR ... [--criteria a,b] [--json]`.
 *
 * One case file: every timepoint's response under each criterion (a table per criterion), or
 * with --json the evaluation as one JSON document on one line (`file` added to it).
 * Several files or a folder (walked for *.json): one process, one case at a time (flat memory:
 * nothing of a case is kept once its output is written); with --json one line per file (JSON
 * Lines: the evaluation, or `{ file, problems }` for a file that could not be read), otherwise a
 * summary row per case and criterion. A bad file is reported with its name and problems and the
 * others go on; the exit status is 1 when any file failed.
 */
import { evaluateCase, type Evaluation } from '../../criteria/index.ts'
import { cohortCell } from '../documentation/cohort.ts'
import { criteriaIds, readCase, singleCase } from './cases.ts'
import { formatEvaluation } from './format-table.ts'
import { listInputs, manyInputs, parseOptions, problemLine, Progress, safeJson, terminalSafe, UsageError, write, type Streams } from './io.ts'

const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`)
const COLUMNS = [
  ['Patient', 14],
  ['Criterion', 9],
  ['Best', 13],
  ['Date', 10],
  ['Confirmed', 9],
  ['Best change', 11],
  ['First PD', 10],
] as const
const row = (cells: readonly string[], file: string) => `${cells.map((c, i) => terminalSafe(c).padEnd(COLUMNS[i]![1])).join('  ')}  ${terminalSafe(file)}\n`

/** The summary rows of one case: one per criterion. */
function summaryRows(evaluation: Evaluation, file: string): string {
  return evaluation.results
    .map((r) => {
      const c = cohortCell(r)
      const best = c.notApplicable ? 'n/a' : (c.best ?? 'none')
      const confirmed = c.confirmed === true ? 'yes' : c.confirmed === false ? 'no' : '—'
      return row([evaluation.patient, r.criterion, best, c.bestDate ?? '—', confirmed, pct(c.bestChangePct), c.firstProgressionDate ?? '—'], file)
    })
    .join('')
}

export async function run(args: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseOptions(args, { criteria: { type: 'string' }, json: { type: 'boolean', default: false } })
  if (!positionals.length) throw new UsageError('evaluate needs a file (a case file, or a folder of them)')
  const ids = criteriaIds(values.criteria)

  if (!(await manyInputs(positionals))) {
    const file = positionals[0]!
    const kase = await singleCase(file)
    const evaluation = evaluateCase(kase, ids)
    await write(io.stdout, values.json ? `${safeJson({ file, ...evaluation })}\n` : formatEvaluation(kase, evaluation))
    return 0
  }

  const inputs = await listInputs(positionals, ['.json'])
  if (inputs.length === 0) throw new UsageError(`no *.json file in ${positionals.join(', ')}`)
  const progress = new Progress(io.stderr, inputs.length)
  let failed = 0
  if (!values.json) await write(io.stdout, row(COLUMNS.map(([name]) => name), 'File'))
  for (const [i, input] of inputs.entries()) {
    const parsed = input.error ? { ok: false as const, problems: [{ path: '(root)', message: input.error }] } : await readCase(input.file)
    if (!parsed.ok) {
      failed++
      for (const p of parsed.problems) progress.line(problemLine(p, input.file))
      if (values.json) await write(io.stdout, `${safeJson({ file: input.file, problems: parsed.problems })}\n`)
    } else {
      const evaluation = evaluateCase(parsed.value, ids)
      await write(io.stdout, values.json ? `${safeJson({ file: input.file, ...evaluation })}\n` : summaryRows(evaluation, input.file))
    }
    progress.update(i + 1)
  }
  progress.clear()
  if (failed) io.stderr.write(`${failed} of ${inputs.length} files could not be evaluated\n`)
  return failed ? 1 : 0
}
