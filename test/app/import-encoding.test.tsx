/**
 * Issue #10: the app's imports read a file's bytes with the command line's function
 * (src/documentation/file-input.ts), so an encoding, a duplicate key or a reserved key means the
 * same in both: UTF-16 with a byte-order mark is imported, Latin-1 is refused with one line.
 */
import { screen, within } from '@testing-library/react'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCohortFiles } from '../../src/features/cohort/cohort-import.ts'
import { readCaseFile } from '../../src/features/library/read-case-file.ts'
import { useAppStore } from '../../src/store/app-store.ts'
import { renderApp, showScreen } from './helpers.tsx'

const SAMPLE = join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json')
const text = readFileSync(SAMPLE, 'utf8')
const utf16le = () => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
const latin1 = () => new Uint8Array(Buffer.from(text.replace('"osteosarcoma"', '"ost\u00e9osarcome"'), 'latin1'))
const asFile = (name: string, bytes: Uint8Array) => ({ name, size: bytes.length, text: async () => new TextDecoder().decode(bytes), arrayBuffer: async () => bytes.slice().buffer })

describe('the app reads files as the command line does', () => {
  it('imports UTF-16 with a byte-order mark as the same case as the UTF-8 file', () => {
    const fromUtf16 = readCaseFile(utf16le())
    const fromUtf8 = readCaseFile(new TextEncoder().encode(text))
    expect(fromUtf16.ok && fromUtf8.ok).toBe(true)
    if (fromUtf16.ok && fromUtf8.ok) expect(fromUtf16.value).toEqual(fromUtf8.value)
  })
  it('refuses Latin-1 with one line naming the byte', () => {
    const bytes = latin1()
    expect(readCaseFile(bytes)).toEqual({ ok: false, problems: [{ path: '(root)', message: `is not UTF-8 text: byte 0xE9 at offset ${bytes.indexOf(0xe9)} (line 6) is not valid UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8` }] })
  })
  it('refuses a duplicate key, a reserved key and a too-deep audit value at their paths', () => {
    const paths = (t: string) => {
      const r = readCaseFile(new TextEncoder().encode(t))
      return r.ok ? [] : r.problems.map((p) => p.path)
    }
    expect(paths(text.replace('"longAxisMm": 22,', '"longAxisMm": 22, "longAxisMm": 80,'))).toEqual(['lesions[0].assessments[0].longAxisMm'])
    expect(paths(text.replace('"version": 1,', '"version": 1, "__proto__": {"polluted": true},'))).toEqual(['__proto__'])
    const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) })
    const deep = { ...JSON.parse(text), auditLog: [{ at: '2026-03-04T10:15:00Z', who: 'A', field: 'x', old: nest(17), reason: 'r' }] }
    expect(paths(JSON.stringify(deep))).toEqual([`auditLog[0].old${'.a'.repeat(16)}`])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
  it('the cohort import refuses a Latin-1 CSV by its name and takes a UTF-16 case file', async () => {
    const csv = new Uint8Array(Buffer.from('patient,date,lesion,role,organ,status,long_axis_mm\nP1,2026-01-05,L1,target,f\u00f6ie,measured,20\n', 'latin1'))
    expect(await readCohortFiles([asFile('m.csv', csv)])).toEqual({ ok: false, problems: [{ file: 'm.csv', message: `is not UTF-8 text: byte 0xF6 at offset ${csv.indexOf(0xf6)} (line 2) is not valid UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8` }] })
    const ok = await readCohortFiles([asFile('case.json', utf16le())])
    expect(ok.ok && ok.drafts.map((d) => d.patient.id)).toEqual(['OS-014'])
  })
  it('the library import screen imports the UTF-16 file and refuses the Latin-1 one with one line', { timeout: 120_000 }, async () => {
    const { user } = renderApp()
    await showScreen(user, 'Library')
    const before = useAppStore.getState().library
    await user.upload(screen.getByLabelText('Case file to import'), new File([latin1()], 'latin1.json', { type: 'application/json' }))
    const alert = await screen.findByRole('alert')
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^The file: is not UTF-8 text: byte 0xE9 at offset \d+ \(line 6\)/)])
    expect(useAppStore.getState().library).toBe(before)
  })
})
