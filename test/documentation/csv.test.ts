import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluateCase, parseCase } from '../../criteria/index.ts'
import { neutralise, parseCsv, toCsv } from '../../src/documentation/csv.ts'
import { caseCsv, measurementRows, MEASUREMENT_COLUMNS, responseRows, RESPONSE_COLUMNS } from '../../src/documentation/csv-export.ts'
import { caseOf } from '../fixtures/build.ts'

/** Pinned, so that criteria added later do not change the row counts. */
const THREE = ['recist11', 'choi', 'mchoi']
const SAMPLE = join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json')
const sample = () => {
  const parsed = parseCase(JSON.parse(readFileSync(SAMPLE, 'utf8')))
  if (!parsed.ok) throw new Error('sample does not parse')
  return parsed.value
}
const records = (text: string) => {
  const parsed = parseCsv(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.records.map((r) => r.fields)
}

describe('CSV writing (RFC 4180)', () => {
  it('quotes fields with a comma, quote or line break, doubles quotes, ends records with CRLF', () => {
    const text = toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"' }, { a: 'two\nlines', b: 3 }])
    expect(text).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines",3\r\n')
    expect(records(text)).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['two\nlines', '3']])
  })
  it.each(['=1+1', '+1', '-cmd', '@SUM(A1)', '\tx', '\rx'])('neutralises the text cell %j with a single quote', (text) => {
    expect(neutralise(text)).toBe(`'${text}`)
    expect(records(toCsv(['a'], [{ a: text }]))[1]![0]).toBe(`'${text}`)
  })
  it('keeps numbers as numbers: -4.2 stays -4.2, while the text "-4.2" is neutralised', () => {
    expect(toCsv(['n', 't'], [{ n: -4.2, t: '-4.2' }])).toBe("n,t\r\n-4.2,'-4.2\r\n")
  })
  it('writes null and undefined as empty fields and booleans as true/false', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: null, b: undefined, c: false }])).toBe('a,b,c\r\n,,false\r\n')
  })
})

describe('CSV reading', () => {
  it('reads LF and CRLF line ends, a byte-order mark, blank lines, and a missing final line end', () => {
    expect(records('\uFEFFa,b\n1,2\r\n\n3,"4\r\n5"')).toEqual([['a', 'b'], ['1', '2'], ['3', '4\r\n5']])
  })
  it.each([
    ['an unclosed quote', 'a\n"x', 2, /never closed/],
    ['text after a closing quote', 'a\n"x"y', 2, /closing quote/],
    ['a quote inside an unquoted field', 'a\nx"y', 2, /quote inside/],
  ])('reports %s with its line', (_name, text, line, message) => {
    const parsed = parseCsv(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.error.line).toBe(line)
      expect(parsed.error.message).toMatch(message)
    }
  })
})

describe('CSV export of a case', () => {
  it('has one measurement row per lesion × timepoint with every measurement', () => {
    const kase = sample()
    const rows = measurementRows(kase)
    expect(rows).toHaveLength(kase.lesions.length * kase.timepoints.length)
    expect(rows[0]).toMatchObject({ patient: 'OS-014', timepoint: 't0', date: '2026-01-05', lesion: 'L1', role: 'target', status: 'measured', long_axis_mm: 22, hu: 46, kvp: 120, slice_thickness_mm: 1.25 })
    const l1t2 = rows.find((r) => r.lesion === 'L1' && r.timepoint === 't2')
    expect(l1t2).toMatchObject({ cavity_mm: 8, findings: 'cavitation' })
  })
  it('leaves status empty where a lesion was not recorded at a timepoint', () => {
    const kase = caseOf({ targets: [{ values: [20, 18] }, { values: [15] }] })
    expect(measurementRows(kase).find((r) => r.lesion === 'T2' && r.timepoint === 't1')!.status).toBeUndefined()
  })
  it('has one response row per follow-up timepoint × criterion with its figures', () => {
    const kase = sample()
    const rows = responseRows(evaluateCase(kase, THREE))
    expect(rows).toHaveLength(3 * 3)
    expect(rows[0]).toMatchObject({ criterion: 'recist11', timepoint: 't1', response: 'SD', common_scale: 'SD', sum_mm: 69, change_from_baseline_pct: -4.2, new_lesion: false })
    expect(rows.find((r) => r.criterion === 'choi' && r.timepoint === 't1')).toMatchObject({ response: 'PR', attenuation: 'compared', baseline_hu: 49.33, current_hu: 36, attenuation_change_pct: -27 }) // Choi as published (issue #10): the lung targets L1, L2 count too
  })
  it('writes both tables into one file with a record column, numbers unquoted and negative changes as numbers', () => {
    const kase = sample()
    const text = caseCsv(kase, evaluateCase(kase, THREE))
    const [header, ...body] = records(text)
    expect(header![0]).toBe('record')
    expect(header).toEqual(['record', ...new Set([...MEASUREMENT_COLUMNS, ...RESPONSE_COLUMNS])])
    expect(body.filter((r) => r[0] === 'measurement')).toHaveLength(16)
    expect(body.filter((r) => r[0] === 'response')).toHaveLength(9)
    expect(text).toContain(',-4.2,')
    expect(text).not.toContain("'-4.2")
  })
  it('neutralises a formula typed into a lesion name', () => {
    const kase = { ...caseOf({ targets: [{ values: [20] }] }) }
    kase.lesions = [{ ...kase.lesions[0]!, name: '=HYPERLINK("http://x")' }]
    expect(caseCsv(kase, evaluateCase(kase))).toContain(`"'=HYPERLINK(""http://x"")"`)
  })
})
