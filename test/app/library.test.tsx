import { fireEvent, screen, within } from '@testing-library/react'
import { readFileSync } from 'node:fs'
import { useAppStore } from '../../src/store/app-store.ts'
import { readCaseFile } from '../../src/features/library/read-case-file.ts'
import { openDraft, renderApp, showScreen } from './helpers.tsx'

const sample = readFileSync('src/samples/recist-confirmed-pr-cr.json', 'utf8')
const malformed = JSON.stringify({
  format: 'tumor-response-case',
  version: 1,
  patient: { id: 'BAD-1' },
  timepoints: [{ id: 't0', date: '2026-02-30', modality: 'CT', contrastPhase: 'portal-venous' }],
  lesions: [{ id: 'L1', name: 'x', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: [{ timepoint: 't9', status: 'measured', longAxisMm: -4 }] }],
})

async function openLibrary() {
  const app = renderApp()
  await showScreen(app.user, 'Library')
  return app
}
const file = (name: string, text: string) => new File([text], name, { type: 'application/json' })

describe('library', () => {
  it('an import that fails shows every problem, naming the field as the user sees it, and changes nothing', async () => {
    const { user } = await openLibrary()
    const before = useAppStore.getState().library
    const storedBefore = localStorage.getItem('caliper')
    await user.upload(screen.getByLabelText('Case file to import'), file('bad.json', malformed))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('bad.json was not imported: 3 problems. The library is unchanged.')
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '2026-02-30 · date: must be a real calendar date written YYYY-MM-DD',
      'timepoint "t9" · L1 x · long axis: must be a non-negative number of millimetres',
      'timepoint "t9" · L1 x · timepoint: names no timepoint: "t9"',
    ])
    expect(useAppStore.getState().library).toBe(before)
    expect(localStorage.getItem('caliper')).toBe(storedBefore)
  })

  it('a file that is not JSON is refused at the root', () => {
    const result = readCaseFile('{"format": ')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]!.path).toBe('(root)')
  })

  it('imports a valid file and opens it', async () => {
    const { user } = await openLibrary()
    await user.upload(screen.getByLabelText('Case file to import'), file('crc.json', sample))
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('CRC-101')
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(2)
  })

  it('importing a patient already in the library asks: keep both (with a visible suffix), replace, or cancel', async () => {
    const { user } = await openLibrary()
    await user.upload(screen.getByLabelText('Case file to import'), file('crc.json', sample))
    await user.click(screen.getByRole('button', { name: 'Library' }))
    const before = useAppStore.getState().library

    // Cancel (Escape): nothing imported, the focus back where it was.
    await user.upload(screen.getByLabelText('Case file to import'), file('crc-again.json', sample))
    let dialog = await screen.findByRole('dialog', { name: 'CRC-101 is already in the library' })
    expect(dialog).toHaveTextContent('crc-again.json holds patient CRC-101')
    expect(within(dialog).getByRole('button', { name: 'Keep both' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(useAppStore.getState().library).toBe(before)

    // Keep both: the new case gets a suffix the user can see.
    await user.upload(screen.getByLabelText('Case file to import'), file('crc-again.json', sample))
    dialog = await screen.findByRole('dialog', { name: 'CRC-101 is already in the library' })
    expect(dialog).toHaveTextContent('the imported case becomes CRC-101 (2)')
    await user.click(within(dialog).getByRole('button', { name: 'Keep both' }))
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('CRC-101 (2)')
    expect(Object.values(useAppStore.getState().library).map((e) => e.draft.patient.id).sort()).toEqual(['CRC-101', 'CRC-101 (2)', 'OS-014'])

    // Replace: the library keeps one case for the patient, with the file's data.
    await user.click(screen.getByRole('button', { name: 'Library' }))
    const edited = JSON.stringify({ ...JSON.parse(sample), patient: { id: 'CRC-101', diagnosis: 'replaced' } })
    await user.upload(screen.getByLabelText('Case file to import'), file('crc-edited.json', edited))
    dialog = await screen.findByRole('dialog', { name: 'CRC-101 is already in the library' })
    await user.click(within(dialog).getByRole('button', { name: 'Replace the case in the library' }))
    expect(await screen.findByRole('textbox', { name: 'Diagnosis' })).toHaveValue('replaced')
    expect(Object.values(useAppStore.getState().library).map((e) => e.draft.patient.id).sort()).toEqual(['CRC-101', 'CRC-101 (2)', 'OS-014'])
    // Undo brings the replaced case back.
    await user.keyboard('{Control>}z{/Control}')
    expect(Object.values(useAppStore.getState().library).find((e) => e.draft.patient.id === 'CRC-101')!.draft.patient.diagnosis).not.toBe('replaced')
  })

  it('imports a dropped file', async () => {
    await openLibrary()
    const zone = screen.getByText(/Drop a/).closest('div')!
    fireEvent.drop(zone, { dataTransfer: { files: [file('crc.json', sample)] } })
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('CRC-101')
  })

  it('searches, duplicates and deletes with undo', async () => {
    const { user } = await openLibrary()
    await user.click(screen.getByRole('button', { name: 'Duplicate OS-014' }))
    expect(screen.getAllByRole('row')).toHaveLength(3)
    await user.type(screen.getByRole('searchbox', { name: 'Search cases' }), 'copy')
    expect(screen.getAllByRole('row')).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Delete OS-014 (copy)' }))
    expect(screen.getByRole('status')).toHaveTextContent('Deleted OS-014 (copy).')
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(1)
    await user.click(within(screen.getByRole('status')).getByRole('button', { name: 'Undo' }))
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(2)
  })

  it('opens a copy of a built-in example', async () => {
    const { user } = await openLibrary()
    await user.click(screen.getByRole('button', { name: /Open a copy of the example: Pelvic primary osteosarcoma/ }))
    expect(openDraft().patient.id).toBe('OS-027')
    expect(screen.getAllByRole('combobox', { name: 'Bone appearance' }).map((c) => (c as HTMLSelectElement).value)).toEqual(['mixed', 'blastic'])
  })

  it('starts a new empty case that asks for its baseline date', async () => {
    const { user } = await openLibrary()
    await user.click(screen.getByRole('button', { name: 'New case' }))
    expect(screen.getByRole('textbox', { name: 'Date of Baseline' })).toHaveAccessibleDescription('must be a real calendar date written YYYY-MM-DD')
    expect(screen.getByRole('textbox', { name: 'Patient ID' })).toHaveAccessibleDescription('must be a non-empty patient id')
  })
})

describe('privacy', () => {
  const sourcesIn = async (root: string) => {
    const { readdirSync, statSync } = await import('node:fs')
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(`${dir}/${f}`).isDirectory() ? walk(`${dir}/${f}`) : [`${dir}/${f}`]))
    return walk(root).filter((f) => /\.(tsx?|css|html)$/.test(f))
  }

  it('no source file in src/ talks to the network, but for team mode (src/team/)', async () => {
    const sources = (await sourcesIn('src')).filter((f) => !f.startsWith('src/team/'))
    expect(sources.length).toBeGreaterThan(10)
    for (const f of [...sources, 'index.html']) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|https?:\/\//)
  })

  it('team mode talks only to the origin that served the app: relative /api/ URLs, no other address, no other channel', async () => {
    const team = await sourcesIn('src/team')
    expect(team.length).toBeGreaterThan(3)
    for (const f of team) expect(readFileSync(f, 'utf8'), f).not.toMatch(/XMLHttpRequest|WebSocket|EventSource|sendBeacon|https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i)
    const urls = [...readFileSync('server/api-schemas.ts', 'utf8').matchAll(/url: '([^']*)'/g)].map((m) => m[1])
    expect(urls.length).toBeGreaterThan(10)
    for (const url of urls) expect(url).toMatch(/^\/api\//)
  })
})
