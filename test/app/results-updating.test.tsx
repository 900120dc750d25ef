/**
 * Issue #11: a small case (a typical patient's) is evaluated in the render that shows the
 * keystroke, so its results are never of an earlier state. A larger case's evaluation is off the
 * typing path, its results marked as updating meanwhile: jsdom lays out no windowed grid, so that
 * is tested in Chromium (test/e2e/large-case.e2e.test.ts, aria-busy while the worker evaluates).
 */
import { screen } from '@testing-library/react'
import { liveResponses, renderApp, smallCase } from './helpers.tsx'

/** While `act` runs: each aria-busy value the Responses region left, and each note added to it. */
async function watchResponses(act: () => Promise<void>) {
  const region = screen.getByRole('region', { name: 'Responses' })
  const busyBefore: (string | null)[] = []
  const notes: (string | null)[] = []
  const observer = new MutationObserver((records) => {
    for (const r of records)
      if (r.type === 'attributes' && r.target === region) busyBefore.push(r.oldValue)
      else for (const node of r.addedNodes) if (node instanceof HTMLElement && node.classList.contains('updating-note')) notes.push(node.textContent)
  })
  observer.observe(region, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true, childList: true, subtree: true })
  await act()
  observer.disconnect()
  return { region, busyBefore, notes }
}

it('a small case: a keystroke shows in its cell and in the results in one render, never marked as updating', async () => {
  const { user } = renderApp(smallCase())
  expect(liveResponses('RECIST 1.1')).toEqual(['SD', 'SD', 'SD'])
  const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })
  const { region, busyBefore, notes } = await watchResponses(async () => {
    await user.clear(cell)
    await user.type(cell, '45')
  })
  expect(cell).toHaveValue('45')
  expect(busyBefore).toEqual([])
  expect(notes).toEqual([])
  expect(region).toHaveAttribute('aria-busy', 'false')
  expect(liveResponses('RECIST 1.1')).toEqual(['SD', 'PD', 'SD']) // Week 8, Week 13, best
})
