/**
 * The bad-input corpus (test/fixtures/bad-input) through the app's import: every file is
 * refused with its problems listed, and neither the library nor the saved data changes.
 */
import { screen, within } from '@testing-library/react'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MAX_FILE_BYTES } from '../../criteria/index.ts'
import { useAppStore } from '../../src/store/app-store.ts'
import { renderApp, showScreen } from './helpers.tsx'

const DIR = join(import.meta.dirname, '..', 'fixtures', 'bad-input')
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()

async function openLibrary() {
  const app = renderApp()
  await showScreen(app.user, 'Library')
  return app
}

afterEach(() => vi.restoreAllMocks())

describe('importing the bad-input corpus', () => {
  it('covers the whole corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(40)
  })

  it.each(files)('%s is refused with its problems, and the library is unchanged', async (name) => {
    const { user } = await openLibrary()
    const before = useAppStore.getState().library
    const storedBefore = localStorage.getItem('caliper')
    const bytes = readFileSync(join(DIR, name))
    await user.upload(screen.getByLabelText('Case file to import'), new File([bytes], name, { type: 'application/json' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(`${name} was not imported`)
    expect(alert).toHaveTextContent('The library is unchanged.')
    const problems = within(alert).getAllByRole('listitem').map((li) => li.textContent)
    expect(problems.length).toBeGreaterThan(0)
    // Each names its field in words, never as a JSON path (those belong to the command line).
    for (const problem of problems) {
      expect(problem).toMatch(/^[^:]+: \S/)
      expect(problem).not.toMatch(/\w\[\d+\]|\((root)\)|\b(lesions|timepoints|assessments)\.|\.(longAxisMm|shortAxisMm|attenuationHu|date|status)\b/)
    }
    expect(useAppStore.getState().library).toBe(before)
    expect(localStorage.getItem('caliper')).toBe(storedBefore)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a 20 MB file by its size, without reading it', async () => {
    const { user } = await openLibrary()
    const before = useAppStore.getState().library
    const read = vi.spyOn(Blob.prototype, 'arrayBuffer')
    const big = new File([`{"format":"tumor-response-case","padding":"${'x'.repeat(20 * 1024 * 1024)}"}`], 'big.json', { type: 'application/json' })
    expect(big.size).toBeGreaterThan(MAX_FILE_BYTES)
    await user.upload(screen.getByLabelText('Case file to import'), big)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('big.json was not imported')
    expect(within(alert).getByRole('listitem')).toHaveTextContent(`The file: is larger than the ${MAX_FILE_BYTES / 1048576} MB limit for a case file`)
    expect(read).not.toHaveBeenCalled()
    expect(useAppStore.getState().library).toBe(before)
  })
})
