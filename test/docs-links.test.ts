/**
 * The README and docs/ stand alone (issue #11): every link a reader follows leads to a file of
 * this repository (and to a heading that exists), none outside it; the formats the command line
 * reads are described here, and why the SD minimum duration defaults differ is explained.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')
const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)))

describe('README and docs/', () => {
  for (const file of DOCS) {
    it(`${file}: every link leads inside the repository, to a file and heading that exist`, () => {
      const links = [...text(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^https?:/.test(l))
      for (const link of links) {
        const [path, hash] = link.split('#') as [string, string | undefined]
        const target = path ? resolve(ROOT, dirname(file), path) : join(ROOT, file)
        expect(target.startsWith(`${ROOT}/`), `${file} links outside the repository: ${link}`).toBe(true)
        expect(existsSync(target), `${file} links to a missing file: ${link}`).toBe(true)
        if (hash) expect(anchorsOf(readFileSync(target, 'utf8')).has(hash), `${file} links to a missing heading: ${link}`).toBe(true)
      }
      expect(text(file)).not.toMatch(/\.\.\/shared\//)
    })
  }

  it('describes the case file and the response series inside the repository, and why their SD minimum durations differ', () => {
    const formats = text('docs/case-format.md')
    expect(formats).toMatch(/"sdMinDays": 42/)
    expect(formats).toMatch(/## The response series/)
    expect(formats).toMatch(/"sdMinDays": 28/)
    const readme = text('README.md')
    expect(readme).toMatch(/\[docs\/case-format\.md\]\(docs\/case-format\.md\)/)
    expect(readme).toMatch(/42 days in a case and 28 in a series/)
    expect(text('docs/response-series.md')).toMatch(/^## Why the SD minimum duration defaults differ: 42 days in a case, 28 in a series$/m)
  })
})
