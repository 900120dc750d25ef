import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CRITERIA } from '../criteria/index.ts'

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
    // Every option says what it is and what it rests on: the ambiguity of the spec it settles
    // (Spec §…, A-C1) or the publication, named with its year (Choi 2007, Wahl 2009).
    const shape = (c.optionsSchema as unknown as { shape: Record<string, { description?: string }> }).shape
    for (const [name, field] of Object.entries(shape)) expect(field.description, `${id}.${name}`).toMatch(/Spec|§|\bA-[A-Z]+\d+|\b(19|20)\d{2}\b/)
  })
  it('rejects unknown options', () => {
    for (const c of CRITERIA) expect(c.optionsSchema.safeParse({ noSuchOption: true }).success).toBe(false)
  })
})
