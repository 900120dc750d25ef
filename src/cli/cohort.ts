/**
 * `caliper cohort FILE|DIR ... [--criteria a,b] [--reference recist11] [--json]`: how criteria
 * compare over a cohort, from case files (folders walked for *.json) or measurements CSVs in the
 * long format (docs/csv-import.md). Per criterion: best-response counts, ORR and DCR with exact
 * Clopper–Pearson 95 % intervals; per criterion against the reference (RECIST 1.1): the
 * cross-tabulation, percent agreement, Cohen's kappa (unweighted, linear, quadratic) and the
 * patients classified differently. The figures are those of the app's Cohort screen: the same
 * functions of src/documentation/statistics.ts, over the same evaluations.
 *
 * Flat memory: each case is evaluated and only its best responses are kept (`bestResponses`).
 * A file that cannot be read is reported with its name and problems and the others go on; a
 * patient id seen twice is reported and counted once. Exit status 1 when anything was refused.
 */
import { evaluateCase, type Problem } from '../../criteria/index.ts'
import { BEST_CATEGORIES, bestResponses, compareCriteria, responseRates, type Agreement, type BestResponses, type Kappa, type Proportion, type ResponseRates } from '../documentation/statistics.ts'
import { COHORT_EXTENSIONS, criteriaIds, readCases } from './cases.ts'
import { listInputs, parseOptions, problemLine, Progress, safeJson, terminalSafe, UsageError, write, type Streams } from './io.ts'

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`)
const rate = (p: Proportion) => (p.proportion === null ? '—' : `${p.count}/${p.total} = ${pct(p.proportion)} (95 % CI ${pct(p.ci!.lower)} – ${pct(p.ci!.upper)})`)
const kappaText = (k: Kappa) => (k.kappa === null ? 'undefined' : `${k.kappa.toFixed(3)}${k.ci ? ` (95 % CI ${k.ci.lower.toFixed(2)} to ${k.ci.upper.toFixed(2)})` : ''}`)

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`)
}

function ratesText(rates: readonly ResponseRates[]): string[] {
  const counts = table([['Criterion', 'Evaluated', ...BEST_CATEGORIES, 'n/a'], ...rates.map((r) => [r.name, String(r.evaluated), ...BEST_CATEGORIES.map((c) => String(r.counts[c])), String(r.notApplicable.length)])])
  return [
    'Best overall response (patients per category; n/a: criterion not applicable, left out of the rates)',
    ...counts,
    '',
    'Objective response rate (CR + PR) and disease control rate (CR + PR + SD + NON-CR/NON-PD), exact Clopper–Pearson intervals',
    ...rates.flatMap((r) => [`  ${r.name}`, `    ORR ${rate(r.objectiveResponse)}`, `    DCR ${rate(r.diseaseControl)}`]),
  ]
}

function agreementText(a: Agreement, name: (id: string) => string): string[] {
  const [rowId, colId] = a.criteria
  const { categories, counts } = a.crossTab
  const shown = categories.map((c, i) => ({ c, i })).filter(({ i }) => counts[i]!.some((x) => x > 0) || counts.some((row) => row[i]! > 0))
  const cross = shown.length ? table([[`${name(rowId)} \\ ${name(colId)}`, ...shown.map(({ c }) => c)], ...shown.map(({ c, i }) => [c, ...shown.map(({ i: j }) => String(counts[i]![j]))])]) : ['  (no patient evaluated under both)']
  const o = a.ordinal
  return [
    `${name(colId)} against ${name(rowId)}: ${a.crossTab.n} patients`,
    ...cross,
    `  Percent agreement ${pct(a.percentAgreement)}`,
    `  Cohen's kappa ${kappaText(o.unweighted)}; weighted, linear ${kappaText(o.linear)}; quadratic ${kappaText(o.quadratic)}`,
    `  Kappa over ${o.n} patients on CR > PR > SD > PD (NON-CR/NON-PD counted as SD)${o.excluded.length ? `; ${o.excluded.length} left out as NE or without a best response` : ''}`,
    `  Patients classified differently (${a.discordant.length})${a.discordant.length ? ':' : ''}`,
    ...a.discordant.map((d) => `    ${d.patient}: ${name(rowId)} ${d.responses[0] ?? '—'}, ${name(colId)} ${d.responses[1] ?? '—'}`),
  ]
}

export async function run(args: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseOptions(args, { criteria: { type: 'string' }, reference: { type: 'string', default: 'recist11' }, json: { type: 'boolean', default: false } })
  if (!positionals.length) throw new UsageError('cohort needs case files, folders or a measurements CSV')
  const ids = criteriaIds(values.criteria)
  const reference = values.reference
  if (!ids.includes(reference)) throw new UsageError(`--reference ${reference} is not among the criteria evaluated (${ids.join(', ')})`)

  const inputs = await listInputs(positionals, COHORT_EXTENSIONS)
  if (inputs.length === 0) throw new UsageError(`no *.json or *.csv file in ${positionals.join(', ')}`)
  const progress = new Progress(io.stderr, inputs.length)
  const patients: BestResponses[] = []
  const fileOf = new Map<string, string>()
  const refused: { file: string; problems: Problem[] }[] = []
  let filesDone = 0
  let lastFile: string | null = null
  for await (const source of readCases(inputs)) {
    if (source.file !== lastFile) progress.update(filesDone++)
    lastFile = source.file
    if ('problems' in source) {
      refused.push(source)
      for (const p of source.problems) progress.line(problemLine(p, source.file))
      continue
    }
    const patient = source.case.patient.id
    const first = fileOf.get(patient)
    if (first !== undefined) {
      const problem = { path: 'patient.id', message: `patient "${patient}" was already read from ${first}; counted once` }
      refused.push({ file: source.file, problems: [problem] })
      progress.line(problemLine(problem, source.file))
      continue
    }
    fileOf.set(patient, source.file)
    patients.push(bestResponses(evaluateCase(source.case, ids)))
  }
  progress.update(inputs.length)
  progress.clear()

  const rates = responseRates(patients)
  const agreement = ids.filter((id) => id !== reference).map((id) => compareCriteria(patients, reference, id))
  if (values.json) await write(io.stdout, `${safeJson({ patients: patients.length, reference, rates, agreement, refused })}\n`)
  else {
    const names = new Map(rates.map((r) => [r.criterion, r.name]))
    const name = (id: string) => names.get(id) ?? id
    const out = [
      `Cohort: ${patients.length} patients from ${inputs.length} files${refused.length ? `; ${refused.length} refused (listed on stderr)` : ''}`,
      '',
      ...ratesText(rates),
      '',
      ...agreement.flatMap((a) => [...agreementText(a, name), '']),
    ]
    await write(io.stdout, `${out.map(terminalSafe).join('\n')}\n`)
  }
  return refused.length ? 1 : 0
}
