import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../src/app/app.tsx'
import { useAppStore } from '../../src/store/app-store.ts'
import { CaseDraftSchema, draftToInput } from '../../src/store/case-draft.ts'

/** A fresh app: empty storage, the store at its defaults (the sorafenib example open), or `kase` (a case file) open. */
export function renderApp(kase?: object) {
  localStorage.clear()
  useAppStore.setState(useAppStore.getInitialState(), true)
  if (kase) useAppStore.getState().addCase(CaseDraftSchema.parse(kase))
  const user = userEvent.setup()
  return { user, ...render(<App />) }
}

export const openDraft = () => {
  const s = useAppStore.getState()
  return s.library[s.openId!]!.draft
}

/** The open case as the engine reads it (typed text turned into numbers). */
export const openInput = () => draftToInput(openDraft()) as { timepoints: Record<string, unknown>[]; lesions: { assessments: Record<string, unknown>[] }[]; newLesions: Record<string, unknown>[] }

/** Responses in the entry screen's live matrix, by criterion name: each follow-up, then the best. */
export const liveResponses = (criterion: string) => {
  const table = within(screen.getByRole('region', { name: 'Responses' })).getByRole('table')
  const row = within(table).getByRole('rowheader', { name: new RegExp(`^${criterion}`) }).closest('tr')!
  return within(row).getAllByRole('button').map((b) => b.querySelector('.resp')!.textContent)
}

/** Clears a grid cell and types into it, as a user would. */
export async function retype(user: ReturnType<typeof userEvent.setup>, name: string, text: string) {
  const cell = screen.getByRole('textbox', { name })
  await user.clear(cell)
  if (text) await user.type(cell, text)
  return cell
}

const timepoint = (id: string, date: string, label: string, modality = 'CT') => ({ id, date, label, modality, contrastPhase: 'portal-venous' })
const measured = (ids: readonly string[], longAxisMm: number) => ids.map((timepoint) => ({ timepoint, status: 'measured', longAxisMm }))

/**
 * A small case file for the entry tests: Baseline, Week 8 and Week 13 (CT unless `modalities`
 * says otherwise), target L1 (liver, 30 mm throughout) and whatever `more` adds or replaces.
 */
export function smallCase(more: Record<string, unknown> = {}, modalities: readonly string[] = ['CT', 'CT', 'CT']) {
  const timepoints = [timepoint('t0', '2026-01-05', 'Baseline', modalities[0]), timepoint('t1', '2026-03-02', 'Week 8', modalities[1]), timepoint('t2', '2026-04-06', 'Week 13', modalities[2])]
  return {
    format: 'tumor-response-case',
    version: 1,
    patient: { id: 'T-1', diagnosis: 'breast cancer' },
    settings: { confirmation: 'not-required', confirmationMinDays: 28, sdMinDays: 42 },
    timepoints,
    lesions: [{ id: 'L1', name: '', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: measured(['t0', 't1', 't2'], 30) }],
    newLesions: [],
    ...more,
  }
}

/** Replaces the browser's download with a capture of the file's text. */
export function captureDownloads() {
  const blobs: Blob[] = []
  const created = vi.fn((blob: Blob) => {
    blobs.push(blob)
    return `blob:capture-${blobs.length}`
  })
  Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() })
  // The file names the page gives its downloads (jsdom does not download on the click).
  const names: string[] = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (this.download) names.push(this.download)
  })
  return { texts: () => Promise.all(blobs.map((b) => b.text())), names: () => [...names] }
}

/** Opens a screen from the top bar and waits until it is shown: screens other than Entry load on first use. */
export async function showScreen(user: ReturnType<typeof userEvent.setup>, name: 'Entry' | 'Results' | 'Caveats' | 'Documents' | 'Library' | 'Cohort') {
  await user.click(screen.getByRole('button', { name }))
  await waitFor(() => expect(screen.queryByText(/^Loading…$/)).toBeNull())
}
