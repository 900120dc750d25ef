import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CRITERIA, evaluateCase, optionChoiceLabel, parseCase, type Finding } from '../criteria/index.ts'
import { EXAMPLES } from '../src/store/examples.ts'
import { draftToInput } from '../src/store/case-draft.ts'
import { bareSection, citationProblem } from './harness/citation.ts'

const root = join(import.meta.dirname, '..', 'criteria')
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name)

describe('criterion registry', () => {
  it('registers every criterion folder, and nothing else', () => {
    expect(CRITERIA.map((c) => c.id).sort()).toEqual([...folders].sort())
  })
  it.each(CRITERIA.map((c) => [c.id, c] as const))('%s is cited, versioned, tested and has documented options', (id, c) => {
    expect(c.reference.citation).toMatch(/\d{4};\d+/)
    expect(readFileSync(join(root, id, 'index.ts'), 'utf8')).toMatch(/doi|reference|citation/i)
    expect(c.version).not.toBe('')
    expect(['established', 'provisional']).toContain(c.status)
    const testDir = join(import.meta.dirname, 'criteria')
    const tables = readdirSync(testDir).filter((f) => f.endsWith('.test.ts')).map((f) => [f, readFileSync(join(testDir, f), 'utf8')] as const)
    const tested = tables.some(([f, text]) => text.includes(`testCriterion('${id}'`) || (f === `${id}.test.ts` && text.includes('testCriterion(')))
    expect(tested, `a testCriterion('${id}', …) table in test/criteria/`).toBe(true)
    // Defaults live in the schema: parsing nothing gives a full option set.
    const defaults = c.optionsSchema.parse({})
    expect(Object.keys(defaults).length).toBeGreaterThan(0)
    // Every option says what it is and the publication it rests on (the app shows it as help).
    const shape = (c.optionsSchema as unknown as { shape: Record<string, { description?: string }> }).shape
    for (const [name, field] of Object.entries(shape)) {
      expect(field.description, `${id}.${name}`).toBeTruthy()
      expect(citationProblem(field.description!), `${id}.${name}: ${field.description}`).toBeNull()
    }
    // Every named choice has words for people (criteria/shared/choice.ts): the form, the explanation and the report show them.
    const json = z.toJSONSchema(c.optionsSchema, { io: 'input' }) as { properties: Record<string, { enum?: string[]; valueLabels?: Record<string, string> }> }
    for (const [name, p] of Object.entries(json.properties).filter(([, p]) => p.enum)) {
      expect(Object.keys(p.valueLabels ?? {}), `${id}.${name}`).toEqual(p.enum)
      for (const value of p.enum!) {
        expect(optionChoiceLabel(id, name, value), `${id}.${name}=${value}`).toBe(p.valueLabels![value])
        expect(p.valueLabels![value], `${id}.${name}=${value}`).not.toMatch(/_|^[a-z]/)
      }
    }
  })
  it('names choices only for the options and values that have them', () => {
    expect(optionChoiceLabel('recist11', 'prPersistence', 'eortc_faq_continuing')).toBe('A confirmed PR holds until PD (EORTC FAQ)')
    expect(optionChoiceLabel('recist11', 'prPersistence', 'no_such_value')).toBeUndefined()
    expect(optionChoiceLabel('recist11', 'prPersistence', 'toString')).toBeUndefined()
    expect(optionChoiceLabel('recist11', 'nodalCrPrecedence', true)).toBeUndefined()
    expect(optionChoiceLabel('no_such_criterion', 'prPersistence', 'strict_baseline')).toBeUndefined()
  })
  it('rejects unknown options', () => {
    for (const c of CRITERIA) expect(c.optionsSchema.safeParse({ noSuchOption: true }).success).toBe(false)
  })
})

describe('what users read cites publications, never the internal spec', () => {
  const codeLines = (dir: string): [string, string][] =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile() && d.name.endsWith('.ts'))
      .flatMap((d) => readFileSync(join(d.parentPath, d.name), 'utf8').split('\n').map((line, i): [string, string] => [`${join(d.parentPath, d.name)}:${i + 1}`, line]))
      // Comments are for developers; strings (messages, sources, explanations, option help) are for users.
      .filter(([, line]) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .map(([at, line]): [string, string] => [at, line.replace(/ \/\/ .*$/, '')])

  it('no engine string cites "Spec §", an ambiguity id or an issue number, and every § follows its publication', () => {
    const bad = codeLines(root).filter(([, line]) => /\bspec\b|\bA-[A-Z]{1,2}\d+\b|issue #\d+|criteria-spec/i.test(line) && /['"`]/.test(line) || bareSection(line))
    expect(bad.map(([at, line]) => `${at}: ${line.trim().slice(0, 120)}`)).toEqual([])
  })

  // Every criterion on every built-in example, as published and with each option profile that
  // adds findings of its own (the osteosarcoma safeguards of Choi and mChoi).
  const variants = [{}, { choi: { safeguards: 'osteosarcoma' }, mchoi: { safeguards: 'osteosarcoma' } }]
  const findings = EXAMPLES.flatMap((example) =>
    variants.flatMap((criteriaOptions) => {
      const parsed = parseCase({ ...(draftToInput(example.draft) as object), criteriaOptions })
      if (!parsed.ok) throw new Error(`${example.id}: ${parsed.problems.map((p) => p.message).join('; ')}`)
      const evaluation = evaluateCase(parsed.value, CRITERIA.map((c) => c.id))
      const all: (Pick<Finding, 'code' | 'source'> & { where: string })[] = [
        ...evaluation.findings.map((f) => ({ ...f, where: example.id })),
        ...evaluation.results.flatMap((r) => [
          ...r.findings.map((f) => ({ ...f, where: `${example.id} ${r.criterion}` })),
          ...(r.notApplicable ? [{ code: 'not-applicable', source: r.notApplicable.source, where: `${example.id} ${r.criterion}` }] : []),
        ]),
      ]
      return all
    }),
  )

  it('the built-in examples raise findings (the check below is not empty)', () => {
    expect(new Set(findings.map((f) => f.code)).size).toBeGreaterThan(10)
  })
  it('every finding on the built-in examples names its publication', () => {
    const bad = findings.filter((f) => citationProblem(f.source) !== null).map((f) => `${f.where} ${f.code}: ${f.source} (${citationProblem(f.source)})`)
    expect([...new Set(bad)]).toEqual([])
  })
})
