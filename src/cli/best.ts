/** `caliper best SERIES.json [--json]`: the best overall response of a response series. */
import { bestOverallResponse, parseSeries } from '../../criteria/index.ts'
import { readDocument } from './cases.ts'
import { formatSeriesBest } from './format-table.ts'
import { fileProblems, InputError, parseOptions, safeJson, UsageError, write, type Streams } from './io.ts'

export async function run(args: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false } })
  const [file, ...extra] = positionals
  if (!file) throw new UsageError('best needs a file')
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const document = await readDocument(file)
  if (!document.ok) throw fileProblems(file, document.problems)
  const parsed = parseSeries(document.value)
  if (!parsed.ok) throw new InputError(parsed.problems)
  const { therapyStart, settings, assessments } = parsed.value
  const best = bestOverallResponse(assessments, therapyStart, settings)
  const { response, date, confirmed, explanation } = best
  await write(io.stdout, values.json ? `${safeJson({ best: { response, date, confirmed, explanation } }, 2)}\n` : formatSeriesBest(best))
  return 0
}
