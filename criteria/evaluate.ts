/**
 * The engine's front door: parse a case or series (one message per problem, naming its JSON
 * path), and evaluate a case under the chosen criteria, with the caveats that only show when
 * criteria are compared.
 */
import { z } from 'zod'
import { caseRuleIssues, CaseSchema, CaseShellSchema, LesionSchema, MAX_LESIONS, SeriesSchema, type Case, type Lesion, type Series } from './case-schema.ts'
import type { Criterion, CriterionEvaluation, Finding } from './define-criterion.ts'
import { formatPath, type ParseResult, type Problem } from './problem.ts'
import { CRITERIA, criterionById, DEFAULT_CRITERIA } from './registry.ts'
import { defaultsOf } from './shared/defaults.ts'
import { withSharedView } from './shared/case-view.ts'
import { primaryTumourFindings, researchMeasures, type ResearchMeasures } from './shared/research.ts'

const describeExpected = (expected: string) => (expected === 'boolean' ? 'true or false' : expected === 'array' || expected === 'object' ? `an ${expected}` : `a ${expected}`)

/** Plain-language messages for Zod's generic issues; a schema's own messages take precedence. */
const plainMessage: z.core.$ZodErrorMap = (issue) => {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return 'is required'
  if (issue.code === 'invalid_type') return `must be ${describeExpected(issue.expected)}`
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  if (issue.code === 'too_small' && issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`
  if (issue.code === 'too_big' && issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`
  if (issue.code === 'too_small') return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`
  if (issue.code === 'too_big') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`
  if (issue.code === 'invalid_format') return `must be a valid ${issue.format}`
  return undefined
}

function toProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): Problem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...prefix, ...issue.path, key]), message: 'is not a field of this format (check the spelling)' }))
      : [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }],
  )
}

const NOT_AN_OBJECT: Problem = { path: '(root)', message: 'must be a JSON object' }

export interface ParseOptions {
  /**
   * The only document of its kind this process parses (the command line given one file): skips
   * Zod's compiled fast path, which is generated on an object schema's first parse, costs more
   * than one parse, and pays off only over many. The result is the same either way.
   */
  oneOff?: boolean
}

/** Zod's parse context: our messages; `jitless` skips the compiled fast path (same result). */
const PARSE_CONTEXT = { error: plainMessage }
const ONE_OFF_PARSE_CONTEXT = { error: plainMessage, jitless: true }

/** Parses a case file: the schema, then each criterion's options against its own schema. */
export function parseCase(input: unknown, { oneOff = false }: ParseOptions = {}): ParseResult<Case> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [NOT_AN_OBJECT] }
  const context = oneOff ? ONE_OFF_PARSE_CONTEXT : PARSE_CONTEXT
  const parsed = CaseSchema.safeParse(input, context)
  const problems = parsed.success ? [] : toProblems(parsed.error)
  problems.push(...optionProblems(input, context))
  return parsed.success && problems.length === 0 ? { ok: true, value: parsed.data } : { ok: false, problems }
}

/** Each criterion's options checked against its own schema. */
function optionProblems(input: object, context = PARSE_CONTEXT): Problem[] {
  const problems: Problem[] = []
  const options = (input as { criteriaOptions?: unknown }).criteriaOptions
  if (options && typeof options === 'object' && !Array.isArray(options))
    for (const [id, value] of Object.entries(options)) {
      const criterion = criterionById(id)
      if (!criterion) {
        problems.push({ path: `criteriaOptions.${id}`, message: `names no criterion; known: ${CRITERIA.map((c) => c.id).join(', ')}` })
        continue
      }
      const result = criterion.optionsSchema.safeParse(value, context)
      if (!result.success) problems.push(...toProblems(result.error, ['criteriaOptions', id]))
    }
  return problems
}

/**
 * `parseCase` for a case that changes a little at a time (the app's open case, re-parsed on every
 * keystroke): each lesion's parse is kept by the identity of its input object and reused while
 * that object is unchanged, so an edit parses one lesion and the rest of the case, not all
 * 40,000 assessments of a 200 × 200 case. The inputs must not be changed in place (a changed
 * lesion is a new object), and the parsed lesions are shared between results (never changed).
 * The result is parseCase's: a case with any problem is handed to parseCase itself, so the
 * problems and their order are the ones it reports.
 */
export function caseParser(): (input: unknown) => ParseResult<Case> {
  const lesions = new WeakMap<object, Lesion | null>()
  const lesion = (input: unknown): Lesion | null => {
    if (typeof input !== 'object' || input === null) return null
    if (!lesions.has(input)) {
      const parsed = LesionSchema.safeParse(input)
      lesions.set(input, parsed.success ? parsed.data : null)
    }
    return lesions.get(input)!
  }
  // The case's own fields (all but its lesions) as last parsed: a keystroke in a lesion leaves
  // them the same objects, and their parse (timepoints, options) is then not made again.
  let last: { input: Record<string, unknown>; shell: Omit<Case, 'lesions'> | null } | null = null
  const shellOf = (input: Record<string, unknown>): Omit<Case, 'lesions'> | null => {
    if (last && sameButLesions(last.input, input)) return last.shell
    const parsed = CaseShellSchema.safeParse({ ...input, lesions: [] })
    last = { input, shell: parsed.success && optionProblems(input).length === 0 ? parsed.data : null }
    return last.shell
  }
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return parseCase(input)
    const fields = input as Record<string, unknown>
    // What the shell schema asks of the lesion list itself (checked here, the shell parse being kept).
    if (!Array.isArray(fields.lesions) || fields.lesions.length > MAX_LESIONS) return parseCase(input)
    const shell = shellOf(fields)
    if (!shell) return parseCase(input)
    const parsedLesions: Lesion[] = []
    for (const l of fields.lesions) {
      const parsed = lesion(l)
      if (!parsed) return parseCase(input)
      parsedLesions.push(parsed)
    }
    const kase: Case = { ...shell, lesions: parsedLesions }
    return caseRuleIssues(kase) === 0 ? { ok: true, value: kase } : parseCase(input)
  }
}

/** The same fields, each the same value (by identity), the lesion list aside. */
function sameButLesions(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) if (key !== 'lesions' && (!Object.hasOwn(b, key) || !Object.is(a[key], b[key]))) return false
  return true
}

export function parseSeries(input: unknown): ParseResult<Series> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [NOT_AN_OBJECT] }
  const parsed = SeriesSchema.safeParse(input, PARSE_CONTEXT)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: toProblems(parsed.error) }
}

export interface CriterionResult extends CriterionEvaluation {
  criterion: string
  name: string
  version: string
  status: 'established' | 'provisional'
  reference: { citation: string; doi?: string }
  /** Every option, defaults filled in: the documented choices this result was computed with. */
  options: Record<string, unknown>
}

export interface Evaluation {
  patient: string
  results: CriterionResult[]
  /** Caveats that come from comparing criteria (spec §9), and the research measures' findings (issue #14). */
  findings: Finding[]
  /** Volumes, DCE-MRI and blood biomarkers (issue #14), beside the responses; absent when the case records none. */
  research?: ResearchMeasures
}

/** Each criterion's defaults, parsed once and frozen: most cases set no options, and parsing them on every call cost several per cent of a cohort's time. */
const defaultOptions = new Map<string, Readonly<Record<string, unknown>>>()

/** The options a case sets for a criterion, with the criterion's defaults filled in. */
export function optionsFor(kase: Case, criterionId: string): Record<string, unknown> {
  const criterion = criterionById(criterionId)
  if (!criterion) throw new Error(`Unknown criterion "${criterionId}"`)
  return optionsOf(kase, criterion)
}

function optionsOf(kase: Case, criterion: Criterion): Record<string, unknown> {
  const set = kase.criteriaOptions?.[criterion.id]
  if (set != null) return criterion.optionsSchema.parse(set)
  let defaults = defaultOptions.get(criterion.id)
  if (!defaults) defaultOptions.set(criterion.id, (defaults = Object.freeze(defaultsOf(criterion.optionsSchema))))
  return defaults
}

/** Evaluates a parsed case under each criterion in `ids` (all registered ones by default). */
export function evaluateCase(kase: Case, ids: readonly string[] = DEFAULT_CRITERIA): Evaluation {
  // One view of the case serves every criterion: they share its timepoint order, sums and new lesions.
  const results = withSharedView(kase, () => ids.map((id): CriterionResult => {
    const criterion = criterionById(id)
    if (!criterion) throw new Error(`Unknown criterion "${id}"`)
    const options = optionsOf(kase, criterion)
    const { id: criterionId, name, version, status, reference } = criterion
    const evaluation = criterion.evaluate(kase, options)
    const caveats = evaluation.notApplicable ? [] : primaryTumourFindings(kase, criterion)
    const result: CriterionResult = { criterion: criterionId, name, version, status, reference, options, ...evaluation }
    // Set in place rather than spread from a second object (one made per criterion per case, nearly always empty): `findings` keeps its place.
    if (caveats.length) result.findings = [...evaluation.findings, ...caveats]
    return result
  }))
  const research = researchMeasures(kase)
  const findings = crossCriteriaFindings(results)
  return research ? { patient: kase.patient.id, results, findings: [...findings, ...research.findings], research } : { patient: kase.patient.id, results, findings }
}

/**
 * Spec §9.1, §9.9: RECIST stable while an attenuation criterion responds is the typical
 * picture of an anti-angiogenic drug (sorafenib, pazopanib, regorafenib) in osteosarcoma.
 */
function crossCriteriaFindings(results: readonly CriterionResult[]): Finding[] {
  const recist = results.find((r) => r.criterion === 'recist11')
  // These caveats compare RECIST 1.1 with another criterion: RECIST 1.1 alone has none.
  if (!recist || results.length < 2) return []
  const findings: Finding[] = []
  for (const tp of recist.timepoints) {
    if (tp.response !== 'SD') continue
    const responders = results.filter((r) => {
      const other = r.timepoints.find((t) => t.timepoint === tp.timepoint)
      return r !== recist && other?.response === 'PR' && other.attenuation?.status === 'compared'
    })
    if (responders.length)
      findings.push({
        code: 'recist-stable-attenuation-responds',
        severity: 'info',
        message: `At ${tp.timepoint} (${tp.date}) RECIST 1.1 says SD while ${responders.map((r) => r.name).join(' and ')} say${responders.length === 1 ? 's' : ''} PR: tumours on anti-angiogenic drugs often darken (necrosis) rather than shrink. Attenuation criteria are not validated in osteosarcoma; read them beside RECIST, not instead of it.`,
        source: 'RECIST 1.1 as in osteosarcoma trials (Grignani G et al. Ann Oncol 2012;23:508-16; Davis LE et al. J Clin Oncol 2019;37:1424-31)',
        timepoint: tp.timepoint,
      })
  }
  return findings
}
