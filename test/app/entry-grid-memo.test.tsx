/**
 * The entry grid skips rendering lesions, rows and cells that did not change (issue #6: a
 * keystroke must update the results within a frame on a 20 × 12 case). These tests edit after
 * the grid's shape changed, where a stale row or cell would write to the wrong place.
 */
import { screen } from '@testing-library/react'
import { openDraft, renderApp } from './helpers.tsx'

const longAxis = (lesion: string, at: string) => screen.getByRole('textbox', { name: `${lesion} long axis (mm) at ${at}` })

describe('entry grid after a change of shape', () => {
  it('a cell of a moved lesion writes to that lesion', async () => {
    const { user } = renderApp()
    const before = openDraft().lesions.map((l) => l.id)
    await user.click(screen.getByRole('button', { name: 'Move L2 up' }))
    expect(openDraft().lesions.map((l) => l.id)).toEqual([before[1], before[0], ...before.slice(2)])
    const cell = longAxis('L2', 'Week 7')
    await user.clear(cell)
    await user.type(cell, '41')
    expect(openDraft().lesions[0]!.id).toBe('L2')
    expect(openDraft().lesions[0]!.assessments.find((a) => a.timepoint === openDraft().timepoints[1]!.id)!.longAxisMm).toBe('41')
    expect(longAxis('L2', 'Week 7')).toHaveValue('41')
  })

  it('a cell of a lesion after a deleted one writes to that lesion', async () => {
    const { user } = renderApp()
    await user.click(screen.getByRole('button', { name: 'Delete L1' }))
    const cell = longAxis('L3', 'Baseline')
    await user.clear(cell)
    await user.type(cell, '33')
    const l3 = openDraft().lesions.find((l) => l.id === 'L3')!
    expect(l3.assessments[0]!.longAxisMm).toBe('33')
    expect(longAxis('L3', 'Baseline')).toHaveValue('33')
  })

  it('renaming a timepoint relabels every lesion cell under it', async () => {
    const { user } = renderApp()
    const label = screen.getByRole('textbox', { name: 'Label of Week 7' })
    await user.clear(label)
    await user.type(label, 'Scan B')
    expect(longAxis('L1', 'Scan B')).toBeInTheDocument()
    expect(screen.queryByRole('textbox', { name: 'L1 long axis (mm) at Week 7' })).toBeNull()
  })
})
