/**
 * Issue #11, "never lose the app or the library": no input makes the app unusable after a
 * reload. A reload here is what the browser does: the store is created again from what was
 * saved (rehydrate) and the app rendered afresh.
 */
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../src/app/app.tsx'
import { STORAGE_KEY, useAppStore } from '../../src/store/app-store.ts'
import { STORE_VERSION } from '../../src/store/migrations.ts'
import { captureDownloads, showScreen, smallCase } from './helpers.tsx'

// The error boundary is proved with a fault injected into one case's rendering: no real input is
// known to break rendering any more (the 2,000-level case below opens and names its problem).
vi.mock('../../src/features/results/use-case-analysis.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/features/results/use-case-analysis.ts')>()
  return {
    ...real,
    useCaseAnalysis: (...args: Parameters<typeof real.useCaseAnalysis>) => {
      if (args[0].patient.id === 'BROKEN-1') throw new Error('a fault injected by the test')
      return real.useCaseAnalysis(...args)
    },
  }
})

/** A value nested 2,000 levels deep: 4 KB of `[[[…]]]`. */
const deepValue = () => {
  let deep: unknown = 1
  for (let i = 0; i < 2000; i++) deep = [deep]
  return deep
}
const auditedCase = (patient: string, old: unknown) => ({
  ...smallCase(),
  patient: { id: patient, diagnosis: 'osteosarcoma' },
  signOffs: [{ timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-03-03' }],
  auditLog: [{ at: '2026-03-04T10:15:00Z', who: 'Dr A', field: 'lesions[0].assessments[1].longAxisMm', old, new: 31, reason: 'remeasured' }],
})
const entry = (draft: object) => ({ draft, updatedAt: '2026-01-01T00:00:00.000Z' })
const savedText = (library: Record<string, unknown>, openId: string | null, version = STORE_VERSION, more: object = {}) =>
  JSON.stringify({ state: { library, openId, selectedCriteria: ['recist11', 'choi'], ...more }, version })

/** Closes the page and opens it again on what this browser saved. */
async function reload() {
  cleanup()
  // Resetting the store writes its defaults: what the page had saved is put back before it is read.
  const saved = localStorage.getItem(STORAGE_KEY)
  useAppStore.setState(useAppStore.getInitialState(), true)
  if (saved === null) localStorage.removeItem(STORAGE_KEY)
  else localStorage.setItem(STORAGE_KEY, saved)
  await useAppStore.persist.rehydrate()
  const user = userEvent.setup()
  render(<App />)
  return user
}

/** Opens the page on `text` as the saved library. */
async function openOn(text: string) {
  localStorage.clear()
  localStorage.setItem(STORAGE_KEY, text)
  return reload()
}

const libraryRows = () => within(screen.getByRole('table', { name: 'Saved cases' })).getAllByRole('rowheader').map((th) => th.firstChild?.textContent)

beforeEach(() => {
  // React reports the errors a boundary catches; the tests check what the user sees instead.
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => vi.restoreAllMocks())

describe('a case nested 2,000 levels deep', () => {
  it('is refused at import, naming where it nests too deep, and the library is unchanged', async () => {
    const user = await openOn(savedText({ a: entry(smallCase()) }, 'a'))
    await showScreen(user, 'Library')
    const before = localStorage.getItem(STORAGE_KEY)
    const file = new File([JSON.stringify(auditedCase('DEEP-1', deepValue()))], 'deep.json', { type: 'application/json' })
    await user.upload(screen.getByLabelText('Case file to import'), file)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('deep.json was not imported')
    // Named as the user sees it (the app names fields in words; JSON paths belong to the command line).
    expect(alert).toHaveTextContent(/Audit entry 1 · old value · item 1 \(\d+ levels\): nests deeper than \d+ levels/)
    expect(libraryRows()).toEqual(['T-1'])
    expect(localStorage.getItem(STORAGE_KEY)).toBe(before)
  })

  it('saved before the bound existed: opens after a reload, names the problem in words, and every other case works', async () => {
    const user = await openOn(savedText({ deep: entry(auditedCase('DEEP-1', deepValue())), ok: entry(smallCase()) }, 'deep'))
    expect(screen.getByRole('textbox', { name: 'Patient ID' })).toHaveValue('DEEP-1')
    expect(await screen.findByText(/Audit entry 1 · old value · item 1 \(16 levels\): nests deeper than 16 levels/)).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: /cannot be shown/ })).toBeNull()
    await showScreen(user, 'Library')
    expect(libraryRows().sort()).toEqual(['DEEP-1', 'T-1'])
    await user.click(screen.getByRole('button', { name: 'Open T-1' }))
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('T-1')
    expect(screen.getByRole('region', { name: 'Responses' })).toBeInTheDocument()
  })

  it('in the cohort, is listed as left out while the other cases are counted', async () => {
    const user = await openOn(savedText({ deep: entry(auditedCase('DEEP-1', deepValue())), ok: entry(smallCase()) }, 'ok'))
    await showScreen(user, 'Cohort')
    const row = (await screen.findByRole('button', { name: 'DEEP-1' })).closest('tr')!
    expect(row).toHaveTextContent(/left out until it is complete/)
    expect(screen.getByRole('checkbox', { name: 'Count DEEP-1' })).toBeDisabled()
    expect(screen.getByRole('checkbox', { name: 'Count T-1' })).toBeChecked()
    expect(screen.queryByRole('heading', { name: /cannot be shown/ })).toBeNull()
  })
})

describe('a case whose rendering fails', () => {
  it('says it cannot be shown, offers export and removal, and every other case works, before and after a reload', async () => {
    const user = await openOn(savedText({ broken: entry(auditedCase('BROKEN-1', 30)), ok: entry(smallCase()) }, 'broken'))
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByRole('heading')).toHaveTextContent('Case BROKEN-1 cannot be shown')
    expect(alert).toHaveTextContent('a fault injected by the test')
    // The top bar still works: the library opens, lists both cases, and the other case opens.
    await showScreen(user, 'Library')
    expect(libraryRows().sort()).toEqual(['BROKEN-1', 'T-1'])
    await user.click(screen.getByRole('button', { name: 'Open T-1' }))
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('T-1')
    expect(screen.getByRole('region', { name: 'Responses' })).toBeInTheDocument()

    // The same after another reload; export gives the case as it was stored.
    await reload()
    await showScreen(user, 'Library')
    await user.click(screen.getByRole('button', { name: 'Open BROKEN-1' }))
    const failed = await screen.findByRole('alert')
    const downloads = captureDownloads()
    await user.click(within(failed).getByRole('button', { name: 'Export BROKEN-1 as a file' }))
    const [exported] = (await downloads.texts()).map((t) => JSON.parse(t) as ReturnType<typeof auditedCase>)
    expect(exported).toEqual(auditedCase('BROKEN-1', 30))

    // Removing it leaves the library usable, and the removal can be undone.
    await user.click(within(failed).getByRole('button', { name: 'Remove BROKEN-1 from the library' }))
    expect(libraryRows()).toEqual(['T-1'])
    await reload()
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('T-1')
    await showScreen(user, 'Library')
    expect(libraryRows()).toEqual(['T-1'])
  })
})

describe('a library saved by a newer version', () => {
  const newer = () =>
    savedText({ a: entry({ ...smallCase(), futureField: { kept: true } }), b: entry({ ...smallCase(), patient: { id: 'T-2' } }) }, 'a', STORE_VERSION + 1, { futureSetting: 'x' })

  it('opens read-only with a notice, and is never rewritten', async () => {
    const text = newer()
    const user = await openOn(text)
    const notice = screen.getByRole('alert')
    expect(notice).toHaveTextContent(`This library was saved by a newer version of Caliper (saved data version ${STORE_VERSION + 1}`)
    expect(notice).toHaveTextContent('It is open read-only')
    expect(within(notice).queryByRole('button', { name: 'Dismiss' })).toBeNull()
    // The case is shown, its fields cannot be changed.
    const patient = screen.getByRole('textbox', { name: 'Patient ID' })
    expect(patient).toHaveValue('T-1')
    expect(patient).toBeDisabled()
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toBeDisabled()
    // Nor the library: no new case, import, duplicate or delete; opening and reading work.
    await showScreen(user, 'Library')
    for (const name of ['New case', 'Duplicate T-2', 'Delete T-2']) expect(screen.getByRole('button', { name })).toBeDisabled()
    expect(screen.getByLabelText('Case file to import')).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Open T-2' }))
    expect(await screen.findByRole('textbox', { name: 'Patient ID' })).toHaveValue('T-2')
    // A change attempted anyway (the store's actions) changes nothing, and nothing is written.
    useAppStore.getState().newCase()
    useAppStore.getState().editOpenCase((d) => ({ ...d, patient: { ...d.patient, id: 'CHANGED' } }))
    useAppStore.getState().setSelectedCriteria(['recist11'])
    expect(Object.keys(useAppStore.getState().library).sort()).toEqual(['a', 'b'])
    expect(localStorage.getItem(STORAGE_KEY)).toBe(text)
    await reload()
    expect(localStorage.getItem(STORAGE_KEY)).toBe(text)
    expect(screen.getByRole('alert')).toHaveTextContent('It is open read-only')
  })

  it('read-only also when the newer version cannot be read at all, with nothing written', async () => {
    const text = JSON.stringify({ state: { cases: ['a new layout'] }, version: STORE_VERSION + 3 })
    await openOn(text)
    expect(screen.getByRole('alert')).toHaveTextContent(`saved data version ${STORE_VERSION + 3}`)
    expect(await screen.findByRole('table', { name: 'Saved cases' })).toBeInTheDocument()
    expect(localStorage.getItem(STORAGE_KEY)).toBe(text)
  })

  it('a tab of this version stops writing once a newer version has saved, and says so', async () => {
    const user = await openOn(savedText({ a: entry(smallCase()) }, 'a'))
    const text = newer()
    localStorage.setItem(STORAGE_KEY, text) // the newer version, in another tab
    const patient = screen.getByRole('textbox', { name: 'Patient ID' })
    await user.type(patient, 'X')
    expect(localStorage.getItem(STORAGE_KEY)).toBe(text)
    expect(await screen.findByRole('alert')).toHaveTextContent('This library was saved by a newer version of Caliper')
  })
})

describe('stored maps free of prototype keys', () => {
  it.each(['__proto__', 'constructor', 'toString'])('a case stored under %s is kept, opens, and survives editing and reloads', async (key) => {
    const library = JSON.parse(savedText({}, key)) as { state: { library: Record<string, unknown> } }
    // JSON.parse makes `__proto__` an ordinary key of the saved text, as another program could have written it.
    const text = JSON.stringify(library).replace('"library":{}', `"library":{${JSON.stringify(key)}:${JSON.stringify(entry({ ...smallCase(), patient: { id: 'PROTO-1' } }))},"b":${JSON.stringify(entry(smallCase()))}}`)
    const user = await openOn(text)
    expect(screen.getByRole('textbox', { name: 'Patient ID' })).toHaveValue('PROTO-1')
    await user.type(screen.getByRole('textbox', { name: 'Patient ID' }), 'A')
    await reload()
    await showScreen(user, 'Library')
    expect(libraryRows().sort()).toEqual(['PROTO-1A', 'T-1'])
    expect(Object.keys(useAppStore.getState().library)).not.toContain(key)
  })
})

describe('a saved case that cannot be read', () => {
  it('is set aside and named; the other cases load as usual and the saved text is kept', async () => {
    const text = savedText({ bad: entry({ format: 'tumor-response-case', patient: { id: 'BROKEN-1' }, lesions: 'oops' }), ok: entry(smallCase()) }, 'bad')
    const user = await openOn(text)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('A saved case could not be read (BROKEN-1: they do not match the case format)')
    const backup = Object.keys(localStorage).find((k) => k.startsWith(`${STORAGE_KEY}.unreadable.`))!
    expect(localStorage.getItem(backup)).toBe(text)
    expect(screen.getByRole('textbox', { name: 'Patient ID' })).toHaveValue('T-1')
    await showScreen(user, 'Library')
    expect(libraryRows()).toEqual(['T-1'])
  })
})
