/**
 * Issue #10, "Hostile input (command line and file format)": each input an attacker tried ends
 * in exit 1 (2 for usage) with one plain line per problem: never a stack trace, a hang or a
 * silently changed value. Every test runs the real command line, `node bin/caliper.js`.
 */
import { existsSync, linkSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { parseCsv } from '../../src/documentation/csv.ts'
import { caliper, expectPlainLines, SAMPLE, scratch, shell } from './run-caliper.ts'

// Each test starts the command line one to a few times; on a busy machine that may take long, which is not what is tested.
vi.setConfig({ testTimeout: 300_000 })

const sampleText = readFileSync(SAMPLE, 'utf8')
const sample = () => JSON.parse(sampleText)
const { dir, file } = scratch('caliper-hostile-')

/** Exit 1, nothing on stdout, and exactly these problem lines on stderr. */
function refused(run: ReturnType<typeof caliper>, lines: (string | RegExp)[]) {
  expect(run.status).toBe(1)
  expect(run.stdout).toBe('')
  expectPlainLines(run.stderr)
  const got = run.stderr.trimEnd().split('\n')
  expect(got).toHaveLength(lines.length)
  lines.forEach((line, i) => (typeof line === 'string' ? expect(got[i]).toBe(line) : expect(got[i]).toMatch(line)))
}

describe('duplicate keys in a JSON object', () => {
  it('"longAxisMm": 22, "longAxisMm": 80 is refused at its path, not read as 80', () => {
    const text = sampleText.replace('"longAxisMm": 22,', '"longAxisMm": 22, "longAxisMm": 80,')
    refused(caliper('evaluate', file('dup.json', text)), ['lesions[0].assessments[0].longAxisMm: appears twice in one object; a key must be unique (which value was meant?)'])
  })
  it('a duplicate at the root and one in a series are refused too', () => {
    refused(caliper('evaluate', file('dup-root.json', sampleText.replace('"version": 1,', '"version": 1, "version": 1,'))), ['version: appears twice in one object; a key must be unique (which value was meant?)'])
    const series = '{"format":"tumor-response-series","version":1,"therapyStart":"2020-01-01","assessments":[{"date":"2020-02-01","response":"PR","response":"CR"}]}'
    refused(caliper('best', file('dup-series.json', series)), ['assessments[0].response: appears twice in one object; a key must be unique (which value was meant?)'])
  })
})

describe('more than two decimals, in any form', () => {
  it.each([
    ['70.000000001', 'lesions[0].assessments[0].longAxisMm: must have at most two decimals (0.01 mm)'],
    ['1e-9', 'lesions[0].assessments[0].longAxisMm: must have at most two decimals (0.01 mm)'],
    ['22.001', 'lesions[0].assessments[0].longAxisMm: must have at most two decimals (0.01 mm)'],
    ['70.0000000000000001', 'lesions[0].assessments[0].longAxisMm: 70.0000000000000001 cannot be stored exactly (it would read as 70); write it with fewer digits'],
  ])('%s is refused, never rounded', (value, line) => {
    // The short axis (18 mm) is then also compared with the long axis as read; only the first line is about the value.
    const run = caliper('evaluate', file(`decimals-${value}.json`, sampleText.replace('"longAxisMm": 22,', `"longAxisMm": ${value},`)))
    refused(run, value === '1e-9' ? [line, 'lesions[0].assessments[0].shortAxisMm: must not be larger than longAxisMm'] : [line])
  })
  it.each(['22.01', '2.2e1', '18.5'])('%s (two decimals or fewer) is accepted', (value) => {
    expect(caliper('evaluate', file(`ok-${value}.json`, sampleText.replace('"longAxisMm": 22,', `"longAxisMm": ${value},`)), '--json').status).toBe(0)
  })
  it('an HU of -50.001 is refused; -50.5 is accepted', () => {
    refused(caliper('evaluate', file('hu.json', sampleText.replace('"attenuationHu": 46', '"attenuationHu": -50.001'))), ['lesions[0].assessments[0].attenuationHu: must have at most two decimals'])
    expect(caliper('evaluate', file('hu-ok.json', sampleText.replace('"attenuationHu": 46', '"attenuationHu": -50.5'))).status).toBe(0)
  })
  it('in the measurements CSV too: 70.000000001 is refused at its row and column', () => {
    const csv = file('decimals.csv', 'patient,date,lesion,role,organ,status,long_axis_mm\r\nP1,2026-01-05,L1,target,lung,measured,70.000000001\r\nP1,2026-03-02,L1,target,lung,measured,60\r\n')
    const run = caliper('cohort', csv)
    expect(run.status).toBe(1)
    expectPlainLines(run.stderr)
    expect(run.stderr).toMatch(/^.*decimals\.csv: row 2, column long_axis_mm: must have at most two decimals \(0\.01 mm\)/m)
  })
})

describe('files that are not UTF-8', () => {
  const latin1 = () => Buffer.from(sampleText.replace('"osteosarcoma"', '"ost\u00e9osarcome"'), 'latin1')
  it('Latin-1 is refused with one line naming the byte and where it is', () => {
    const bytes = latin1()
    const offset = bytes.indexOf(0xe9)
    const path = file('latin1.json', bytes)
    refused(caliper('evaluate', path), [`(root): ${path} is not UTF-8 text: byte 0xE9 at offset ${offset} (line 6) is not valid UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8`])
  })
  it('an invalid byte sequence (a truncated UTF-8 character) is refused', () => {
    const bytes = Buffer.concat([Buffer.from(sampleText.slice(0, 40)), Buffer.from([0xe2, 0x82]), Buffer.from(sampleText.slice(40))])
    refused(caliper('evaluate', file('truncated-utf8.json', bytes)), [/is not UTF-8 text: byte 0xE2 at offset 40 \(line \d+\)/])
  })
  it('UTF-16 with a byte-order mark (LE and BE) is decoded and evaluated like the UTF-8 file', () => {
    const expected = JSON.parse(caliper('evaluate', SAMPLE, '--json').stdout)
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sampleText, 'utf16le')])
    const be = Buffer.from(le)
    be.swap16()
    for (const [name, bytes] of [['utf16le.json', le], ['utf16be.json', be]] as const) {
      const run = caliper('evaluate', file(name, bytes), '--json')
      expect([run.status, run.stderr]).toEqual([0, ''])
      expect(JSON.parse(run.stdout).results).toEqual(expected.results)
    }
  })
  it('UTF-16 whose bytes are broken (a lone surrogate) is refused; UTF-16 without a BOM is refused by its NUL bytes', () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('"}', 'utf16le')])
    refused(caliper('evaluate', file('utf16-broken.json', broken)), [/^\(root\): .*utf16-broken\.json starts with a UTF-16LE byte-order mark but is not valid UTF-16LE text; save it as UTF-8$/])
    refused(caliper('evaluate', file('utf16-nobom.json', Buffer.from(sampleText, 'utf16le'))), [/contains NUL bytes, which UTF-8 text never has \(UTF-16 without a byte-order mark\?\)/])
  })
  it('a Latin-1 measurements CSV is refused by cohort with its name', () => {
    const bytes = Buffer.from('patient,date,lesion,role,organ,status,long_axis_mm\nP1,2026-01-05,L1,target,f\u00f6ie,measured,20\n', 'latin1')
    const run = caliper('cohort', file('latin1.csv', bytes))
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(new RegExp(`latin1\\.csv: is not UTF-8 text: byte 0xF6 at offset ${bytes.indexOf(0xf6)} \\(line 2\\)`))
  })
})

describe('only regular files are read, never more than 5 MB', () => {
  it('a named pipe is refused without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.json')
    execFileSync('mkfifo', [fifo])
    refused(caliper('evaluate', fifo), [`(root): ${fifo} is not a regular file (a pipe, device or socket); save it to a file and name that`])
  })
  it('/dev/zero is refused, not read without end', () => {
    refused(caliper('evaluate', '/dev/zero'), ['(root): /dev/zero is not a regular file (a pipe, device or socket); save it to a file and name that'])
    refused(caliper('best', '/dev/zero'), ['(root): /dev/zero is not a regular file (a pipe, device or socket); save it to a file and name that'])
  })
  it('a process substitution is refused', () => {
    const run = shell(`$CALIPER evaluate <(cat '${SAMPLE}')`)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^\(root\): \/dev\/fd\/\d+ is not a regular file/)
  })
  it('a folder given to best is refused with one line', () => {
    refused(caliper('best', dir), [`(root): ${dir} is a folder, not a file`])
  })
})

describe('a closed or full standard output', () => {
  const many = scratch('caliper-many-')
  for (let i = 0; i < 40; i++) many.file(`p${i}.json`, sampleText.replace('"OS-014"', `"P${i}"`))
  it('| head ends quietly (exit 0, nothing on stderr) however much was left to write', () => {
    const run = shell(`$CALIPER evaluate '${many.dir}' --json | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}"`)
    expect(run.stdout).toBe('status 0\n')
    expect(run.stderr).toBe('')
  })
  it('>/dev/full ends with one line and exit 1', () => {
    for (const args of [`evaluate '${SAMPLE}'`, `evaluate '${many.dir}' --json`, `cohort '${many.dir}'`]) {
      const run = shell(`$CALIPER ${args} >/dev/full`)
      expect([run.status, run.stderr]).toEqual([1, 'caliper: cannot write the output: ENOSPC\n'])
    }
  })
})

describe('control characters, ANSI escapes and bidi overrides are shown escaped', () => {
  const hostile = sample()
  hostile.patient.id = 'P\u001b[2J\u001b[31mRED\u202eevil'
  hostile.lesions[0].id = 'L1\nt9  2026-09-09  CR'
  hostile.lesions[0].name = 'name\u0007\u009b\u2066'
  const path = file('control.json', hostile)
  // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
  it('in the tables of evaluate: no raw control character, and no forged line', () => {
    const run = caliper('evaluate', path)
    expect(run.status).toBe(0)
    expect(run.stdout).not.toMatch(RAW)
    expect(run.stdout).toContain('Patient P\\u001B[2J\\u001B[31mRED\\u202Eevil')
    expect(run.stdout).not.toMatch(/^\s*t9\s+2026-09-09/m)
    expect(run.stdout.split('\n')).toHaveLength(caliper('evaluate', SAMPLE).stdout.split('\n').length)
  })
  it('in the summary rows of several files, and in JSON output (still valid JSON, same values)', () => {
    const rows = caliper('evaluate', path, SAMPLE)
    expect(rows.stdout).not.toMatch(RAW)
    expect(rows.stdout).toContain('P\\u001B[2J\\u001B[31mRED\\u202Eevil')
    const json = caliper('evaluate', path, '--json')
    expect(json.stdout.trimEnd()).not.toMatch(RAW)
    expect(JSON.parse(json.stdout).patient).toBe(hostile.patient.id)
  })
  it('in the error list: one line per problem, the id escaped', () => {
    const twice = sample()
    twice.lesions[1].id = 'L2\nlesions[0].id: forged'
    twice.lesions[2].id = twice.lesions[1].id
    refused(caliper('evaluate', file('control-dup.json', twice)), ['lesions[2].id: duplicate lesion id "L2\\nlesions[0].id: forged"'])
  })
  it('in the cohort report', () => {
    const run = caliper('cohort', path, SAMPLE)
    expect(run.status).toBe(0)
    expect(run.stdout).not.toMatch(RAW)
  })
})

describe('numbers in CSV and SDTM are never formula-neutralised; text is', () => {
  const kase = sample()
  kase.lesions[0].assessments[0].attenuationHu = -50
  kase.lesions[0].name = '=HYPERLINK("http://x","click")'
  kase.lesions[1].name = '-2+3'
  const path = file('hu-minus-50.json', kase)
  const cells = (text: string) => {
    const parsed = parseCsv(text)
    if (!parsed.ok) throw new Error(parsed.error.message)
    return parsed.records.flatMap((r) => r.fields)
  }
  it('csv: -50 HU is written -50; text starting with = or - gets a leading quote', () => {
    const run = caliper('export', path, '--format', 'csv')
    expect(run.status).toBe(0)
    const all = cells(run.stdout)
    expect(all).toContain('-50')
    expect(all).not.toContain("'-50")
    expect(all).toContain('\'=HYPERLINK("http://x","click")')
    expect(all).toContain("'-2+3")
    expect(all).toContain('-4.2')
  })
  it('sdtm: TRORRES, TRSTRESC and TRSTRESN of -50 HU are -50', () => {
    const out = join(dir, 'sdtm-hu')
    expect(caliper('export', path, '--format', 'sdtm', '--out', out).status).toBe(0)
    const tr = parseCsv(readFileSync(join(out, 'TR.csv'), 'utf8'))
    if (!tr.ok) throw new Error('TR.csv does not parse')
    const [header, ...records] = tr.records.map((r) => r.fields)
    const at = (name: string) => header!.indexOf(name)
    const atten = records.find((r) => r[at('TRTESTCD')] === 'ATTEN' && r[at('TRLNKID')] === 'L1' && r[at('TRLNKGRP')] === 't0')!
    expect([atten[at('TRORRES')], atten[at('TRSTRESC')], atten[at('TRSTRESN')], atten[at('TRORRESU')]]).toEqual(['-50', '-50', '-50', 'HU'])
    expect(readFileSync(join(out, 'TR.csv'), 'utf8')).not.toContain("'-50")
  })
})

describe('export never overwrites its input and writes atomically', () => {
  it('refuses --out naming its own input, by any path (the same name, ./.., a hard link); the input is unchanged', () => {
    const input = file('own-input.json', sampleText)
    const link = join(dir, 'hard-link.csv')
    linkSync(input, link)
    for (const out of [input, join(dir, '.', '..', dir.split('/').pop()!, 'own-input.json'), link]) {
      refused(caliper('export', input, '--format', 'csv', '--out', out), [`${out}: is an input of this export; it is never overwritten (choose another --out)`])
      expect(readFileSync(input, 'utf8')).toBe(sampleText)
    }
  })
  it('refuses an SDTM folder that holds one of the cohort\'s inputs under TU.csv', () => {
    const cohort = scratch('caliper-own-sdtm-')
    cohort.file('a.json', sampleText)
    const csvInput = cohort.file('TU.csv', 'patient,date,lesion,role,organ,status,long_axis_mm\nQ1,2026-01-05,L1,target,lung,measured,20\nQ1,2026-03-02,L1,target,lung,measured,10\n')
    const before = readFileSync(csvInput, 'utf8')
    const run = caliper('export', cohort.dir, '--format', 'sdtm', '--out', cohort.dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toBe(`${csvInput}: is an input of this export; it is never overwritten (choose another --out)\n`)
    expect(readFileSync(csvInput, 'utf8')).toBe(before)
  })
  it('a cohort export with one bad file writes nothing, and leaves no temporary file behind', () => {
    const cohort = scratch('caliper-atomic-')
    cohort.file('a.json', sampleText)
    cohort.file('b.json', '{"format": ')
    cohort.file('c.json', sampleText.replace('"OS-014"', '"OS-015"'))
    const out = scratch('caliper-atomic-out-')
    for (const [format, target] of [['csv', join(out.dir, 'cohort.csv')], ['sdtm', join(out.dir, 'sdtm')], ['report', join(out.dir, 'reports')]] as const) {
      const run = caliper('export', cohort.dir, '--format', format, '--out', target)
      expect(run.status).toBe(1)
      expect(run.stderr).toMatch(/b\.json: is not valid JSON: unexpected end of the file at line 1, column 12\nnothing was exported\n$/)
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([])
    }
    expect(readdirSync(out.dir).filter((f) => f !== 'sdtm' && f !== 'reports')).toEqual([])
  })
  it('a successful export leaves only its files (the temporary ones are renamed into place)', () => {
    const out = join(dir, 'sdtm-clean')
    expect(caliper('export', SAMPLE, '--format', 'sdtm', '--out', out).status).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['RS.csv', 'TR.csv', 'TU.csv'])
  })
})

describe('nesting depth is bounded', () => {
  it('100,000 nested arrays end in one line, no stack overflow', () => {
    refused(caliper('evaluate', file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)), [/^\[0\]\[0\]\[0\].*: nests deeper than 32 levels$/])
  })
  it('an audit-log value nested 17 levels is refused with its path (16 pass)', () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) })
    const entry = (old: unknown) => ({ at: '2026-03-04T10:15:00Z', who: 'Dr A', field: 'lesions[0].name', old, new: 'x', reason: 'typo' })
    const deep = { ...sample(), auditLog: [entry(nest(17))] }
    refused(caliper('evaluate', file('deep-audit.json', deep)), [`auditLog[0].old${'.a'.repeat(16)}: nests deeper than 16 levels`])
    expect(caliper('evaluate', file('ok-audit.json', { ...sample(), auditLog: [entry(nest(16))] })).status).toBe(0)
  })
})

describe('__proto__, constructor and prototype keys are refused everywhere', () => {
  it.each([
    ['at the root', sampleText.replace('"version": 1,', '"version": 1, "__proto__": {"polluted": true},'), '__proto__'],
    ['in a lesion', sampleText.replace('"id": "L1",', '"id": "L1", "constructor": {"prototype": {"polluted": true}},'), 'lesions[0].constructor'],
    ['in an audit-log value', JSON.stringify({ ...sample(), auditLog: [{ at: '2026-03-04T10:15:00Z', who: 'A', field: 'x', reason: 'r', old: 1 }] }).replace('"old":1', '"old":{"prototype":{"x":1}}'), 'auditLog[0].old.prototype'],
    ['in criterion options', sampleText.replace('"format": "tumor-response-case",', '"format": "tumor-response-case", "criteriaOptions": {"choi": {"__proto__": {"x": 1}}},'), 'criteriaOptions.choi.__proto__'],
  ])('%s', (_where, text, path) => {
    const run = caliper('evaluate', file(`reserved-${path}.json`, text))
    expect(run.status).toBe(1)
    expectPlainLines(run.stderr)
    expect(run.stderr).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: "(__proto__|constructor|prototype)" is a reserved name and cannot be a key$`, 'm'))
  })
  it.each(['__proto__', 'constructor', 'prototype', 'toString'])('the measurements CSV refuses a %s column like any unknown column', (column) => {
    const csv = file(`col-${column}.csv`, `patient,date,lesion,role,organ,status,long_axis_mm,${column}\nP1,2026-01-05,L1,target,lung,measured,20,x\n`)
    const run = caliper('cohort', csv)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`col-${column}.csv: row 1, column ${column}: unknown column "${column}"; known:`)
  })
})

it('writes no file it was not asked to (the scratch folder holds only what the tests wrote)', () => {
  writeFileSync(join(dir, 'marker'), '')
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
})
