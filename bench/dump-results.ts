/**
 * The proof that an engine change changes no result (issue #13 item 5): every result of a fixed
 * set of cases, byte for byte, before and after.
 *
 *   npx tsx bench/dump-results.ts --out /tmp/before.jsonl     # on the engine as it was
 *   (change the engine)
 *   npx tsx bench/dump-results.ts --compare /tmp/before.jsonl # the same cases, on the engine as it is
 *
 * `--out` collects the cases and writes one JSON line per case: a label, the parsed case, and
 * `JSON.stringify(evaluateCase(case))` under every criterion (responses, figures, rules, findings,
 * options and every explanation, which JSON.stringify reads), plus each criterion evaluated alone
 * (a sha-1 of its JSON: alone, a criterion builds what it would otherwise share). `--compare`
 * evaluates the cases stored in the file with the current engine and reports each difference;
 * it exits 1 if there is one. Because the file holds the cases, the two sides need not agree on
 * how cases are built: compare another branch by writing the file in its worktree.
 *
 * The cases:
 * - the built-in samples (src/samples/*.json);
 * - every case the criteria tests evaluate (test/criteria: the worked examples of
 *   test/fixtures/criteria-examples.json as the worked-example tests build them, and each rule's
 *   boundary cases), recorded by running those tests with bench/record-cases.config.ts (about a
 *   minute; `--no-tests` leaves them out);
 * - 600 cases from the property tests' generator (test/fixtures/generated-case.ts), fixed seed;
 * - the first 500 cases of the benchmark cohort (bench/cohort-case.ts, the engine benchmark's seed),
 *   the cases the speed figures are measured on;
 * - the samples and the first 20 generated cases again under each non-default value of each
 *   criterion option (numbers: another value), so cached defaults cannot hide an option.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { CRITERIA, evaluateCase, parseCase, type Case } from '../criteria/index.ts'
import { caseArbitrary } from '../test/fixtures/generated-case.ts'
import { BENCH_SEED, cohortCase, random } from './cohort-case.ts'

const ROOT = join(import.meta.dirname, '..')
const GENERATED = 600
const GENERATED_WITH_OPTIONS = 20
const SEED = 20261128
const BENCH_CASES = 500

interface Entry {
  label: string
  kase: Case
}

interface Line extends Entry {
  all: string
  alone: Record<string, string>
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

function evaluateAll(kase: Case): Pick<Line, 'all' | 'alone'> {
  const all = JSON.stringify(evaluateCase(kase))
  const alone = Object.fromEntries(CRITERIA.map((c) => [c.id, sha1(JSON.stringify(evaluateCase(kase, [c.id])))]))
  return { all, alone }
}

function parsed(label: string, input: unknown): Case {
  const result = parseCase(input)
  if (!result.ok) throw new Error(`${label}: ${JSON.stringify(result.problems)}`)
  return result.value
}

function samples(): Entry[] {
  const dir = join(ROOT, 'src', 'samples')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ label: `sample ${f}`, kase: parsed(f, JSON.parse(readFileSync(join(dir, f), 'utf8'))) }))
}

/** The cases the criteria tests evaluate, recorded by bench/record-cases.setup.ts (duplicates dropped). */
function testCases(): Entry[] {
  const file = join(tmpdir(), `caliper-recorded-cases-${process.pid}.jsonl`)
  rmSync(file, { force: true })
  const run = spawnSync('npx', ['vitest', 'run', '--config', 'bench/record-cases.config.ts', '--reporter', 'dot', 'test/criteria'], {
    cwd: ROOT,
    env: { ...process.env, CALIPER_RECORD_CASES: file },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  // A failing test still records the cases it evaluated; the dump compares results, not expectations.
  if (run.status !== 0) console.error('dump: some criteria tests failed while their cases were recorded (the cases are dumped all the same)')
  // No file means the recorder's mock never took effect: a dump without the tests' cases would prove little.
  if (!existsSync(file)) throw new Error('dump: the criteria tests recorded no case (see bench/record-cases.config.ts)')
  const seen = new Set<string>()
  const entries: Entry[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue
    const { test, kase } = JSON.parse(line) as { test: string; kase: Case }
    const key = JSON.stringify(kase)
    if (seen.has(key)) continue
    seen.add(key)
    entries.push({ label: `test ${test}`, kase })
  }
  rmSync(file, { force: true })
  return entries
}

/** The benchmark cohort's first cases, generated as bench/engine.ts generates them. */
function benchCohort(): Entry[] {
  const rand = random(BENCH_SEED)
  return Array.from({ length: BENCH_CASES }, (_, n) => ({ label: `bench cohort #${n}`, kase: parsed(`bench cohort #${n}`, cohortCase(n, rand)) }))
}

function generated(): Entry[] {
  return fc.sample(caseArbitrary, { numRuns: GENERATED, seed: SEED }).map((input, n) => ({ label: `generated #${n}`, kase: parsed(`generated #${n}`, input) }))
}

/** Every other value of every option: enums' other members, booleans flipped, numbers moved. */
function optionVariants(): { criterion: string; option: string; value: unknown }[] {
  const variants: { criterion: string; option: string; value: unknown }[] = []
  for (const criterion of CRITERIA) {
    const defaults = criterion.optionsSchema.parse({})
    for (const [option, value] of Object.entries(defaults)) {
      const others =
        typeof value === 'boolean'
          ? [!value]
          : typeof value === 'number'
            ? [value === 0 ? 5 : Math.round((value * 2) / 3)]
            : enumValues(criterion.optionsSchema, option).filter((v) => v !== value)
      for (const other of others) variants.push({ criterion: criterion.id, option, value: other })
    }
  }
  return variants
}

/** The members of an enum option (a Zod object schema's field, behind its default). */
function enumValues(schema: unknown, option: string): unknown[] {
  let field = (schema as { shape: Record<string, { def: { type: string; innerType?: unknown; entries?: Record<string, unknown> } }> }).shape[option]
  while (field && field.def.type !== 'enum') field = field.def.innerType as typeof field
  if (!field?.def.entries) throw new Error(`option ${option}: not a boolean, number or enum; teach bench/dump-results.ts its other values`)
  return Object.values(field.def.entries)
}

function collect(withTests: boolean): Entry[] {
  const base = samples()
  const cases = generated()
  const withOptions: Entry[] = []
  for (const { criterion, option, value } of optionVariants())
    for (const { label, kase } of [...base, ...cases.slice(0, GENERATED_WITH_OPTIONS)])
      withOptions.push({ label: `${label} with ${criterion}.${option} = ${JSON.stringify(value)}`, kase: parsed(label, { ...kase, criteriaOptions: { ...kase.criteriaOptions, [criterion]: { ...kase.criteriaOptions?.[criterion], [option]: value } } }) })
  return [...base, ...(withTests ? testCases() : []), ...cases, ...benchCohort(), ...withOptions]
}

function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  const from = Math.max(0, i - 120)
  return `at character ${i}:\n    before …${a.slice(from, i + 120)}…\n    after  …${b.slice(from, i + 120)}…`
}

const args = process.argv.slice(2)
const flag = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const out = flag('--out')
const compare = flag('--compare')

if (out) {
  const entries = collect(!args.includes('--no-tests'))
  writeFileSync(out, entries.map((e) => `${JSON.stringify({ ...e, ...evaluateAll(e.kase) } satisfies Line)}\n`).join(''))
  console.log(`dump: ${entries.length} cases × ${CRITERIA.length} criteria written to ${out}`)
} else if (compare) {
  let cases = 0
  let differing = 0
  for (const text of readFileSync(compare, 'utf8').split('\n')) {
    if (!text) continue
    const before = JSON.parse(text) as Line
    const after = evaluateAll(before.kase)
    cases++
    const changed = [
      ...(after.all === before.all ? [] : [`all criteria, ${firstDifference(before.all, after.all)}`]),
      ...CRITERIA.filter((c) => after.alone[c.id] !== before.alone[c.id]).map((c) => `${c.id} alone differs`),
    ]
    if (changed.length === 0) continue
    differing++
    if (differing <= 10) console.log(`DIFFERS ${before.label}:\n  ${changed.join('\n  ')}`)
  }
  console.log(differing === 0 ? `dump: all ${cases} cases identical under every criterion` : `dump: ${differing} of ${cases} cases differ`)
  process.exitCode = differing === 0 ? 0 : 1
} else {
  console.error('usage: npx tsx bench/dump-results.ts --out FILE [--no-tests] | --compare FILE')
  process.exitCode = 2
}
