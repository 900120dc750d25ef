/** `caliper best SERIES.json [--preset recist|admiralonco] [--json]`: the best overall response of a response series. */
import { BOR_PRESETS, bestOverallResponse, parseSeries, seriesBorSettings, type BorPreset } from '../../criteria/index.ts'
import { readDocument } from './cases.ts'
import { formatSeriesBest } from './format-table.ts'
import { fileProblems, InputError, parseOptions, safeJson, UsageError, write, type Streams } from './io.ts'

export async function run(args: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false }, preset: { type: 'string' } })
  const [file, ...extra] = positionals
  if (!file) throw new UsageError('best needs a file')
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const document = await readDocument(file)
  if (!document.ok) throw fileProblems(file, document.problems)
  const parsed = parseSeries(document.value)
  if (!parsed.ok) throw new InputError(parsed.problems)
  const { therapyStart, settings, assessments } = parsed.value
  // --preset (issue #10): how the series is read where RECIST 1.1 and admiralonco differ; replaces the file's settings.preset.
  const best = bestOverallResponse(assessments, therapyStart, seriesBorSettings(settings, presetOf(values.preset)))
  const { response, date, confirmed, explanation } = best
  await write(io.stdout, values.json ? `${safeJson({ best: { response, date, confirmed, explanation } }, 2)}\n` : formatSeriesBest(best))
  return 0
}

/** `--preset`: one of the BOR presets (criteria/shared/best-response.ts), or none (the file's settings.preset). */
function presetOf(value: string | undefined): BorPreset | undefined {
  if (value === undefined) return undefined
  if (!Object.hasOwn(BOR_PRESETS, value)) throw new UsageError(`unknown preset "${value}"; known: ${Object.keys(BOR_PRESETS).join(', ')}`)
  return value as BorPreset
}
