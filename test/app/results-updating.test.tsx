/** Issue #11: evaluation is off the typing path, and results of an earlier state are marked as updating. */
import { screen } from '@testing-library/react'
import { liveResponses, renderApp, smallCase } from './helpers.tsx'

it('a keystroke shows in its cell at once; the results follow, marked as updating until they do', async () => {
  const { user } = renderApp(smallCase())
  const region = screen.getByRole('region', { name: 'Responses' })
  expect(region).toHaveAttribute('aria-busy', 'false')
  expect(liveResponses('RECIST 1.1')).toEqual(['SD', 'SD', 'SD'])
  // What the region showed on the way: each aria-busy value it left, and each note added.
  const busyBefore: (string | null)[] = []
  const notes: (string | null)[] = []
  const observer = new MutationObserver((records) => {
    for (const r of records)
      if (r.type === 'attributes' && r.target === region) busyBefore.push(r.oldValue)
      else for (const node of r.addedNodes) if (node instanceof HTMLElement && node.classList.contains('updating-note')) notes.push(node.textContent)
  })
  observer.observe(region, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true, childList: true, subtree: true })
  const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })
  await user.clear(cell)
  await user.type(cell, '45')
  observer.disconnect()
  expect(cell).toHaveValue('45')
  expect(busyBefore).toContain('true')
  expect(notes).toContain('Updating…')
  expect(region.querySelector('.updating-note')).toBeNull()
  expect(region).toHaveAttribute('aria-busy', 'false')
  expect(liveResponses('RECIST 1.1')).toEqual(['SD', 'PD', 'SD']) // Week 8, Week 13, best
})
