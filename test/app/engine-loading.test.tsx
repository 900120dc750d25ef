/**
 * The engine's rules load apart from the first screen (src/engine.ts). Until they are here the
 * case's grid is on screen and takes typing, and the responses say they are being worked out
 * (never a blank screen, never a response of an earlier state); then the responses of the case
 * as it is now appear. The other app tests start with the engine loaded (test/setup.ts): here a
 * fresh copy of the app meets an engine held back until the test lets it load.
 */
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { smallCase } from './helpers.tsx'

it('shows the grid before the engine has loaded, takes typing, and shows the responses of what was typed once it has', async () => {
  vi.resetModules()
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  vi.doMock('../../src/engine-rules.ts', async (importOriginal) => {
    await held
    return importOriginal()
  })
  const { App } = await import('../../src/app/app.tsx')
  const { useAppStore } = await import('../../src/store/app-store.ts')
  const { CaseDraftSchema } = await import('../../src/store/case-draft.ts')
  localStorage.clear()
  useAppStore.setState(useAppStore.getInitialState(), true)
  useAppStore.getState().addCase(CaseDraftSchema.parse(smallCase()))
  const user = userEvent.setup()
  render(<App />)

  const region = screen.getByRole('region', { name: 'Responses' })
  expect(region).toHaveAttribute('aria-busy', 'true')
  expect(region).toHaveTextContent('Evaluating…')
  expect(within(region).queryByRole('table')).not.toBeInTheDocument()
  const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })
  await user.clear(cell)
  await user.type(cell, '45')
  expect(cell).toHaveValue('45')
  expect(region).toHaveAttribute('aria-busy', 'true')

  release()
  const table = await within(region).findByRole('table')
  const row = within(table).getByRole('rowheader', { name: /^RECIST 1\.1/ }).closest('tr')!
  expect(within(row).getAllByRole('button').map((b) => b.querySelector('.resp')!.textContent)).toEqual(['SD', 'PD', 'SD']) // Week 8, Week 13 (45 mm: +50 %), best
  expect(region).toHaveAttribute('aria-busy', 'false')
  vi.doUnmock('../../src/engine-rules.ts')
})
