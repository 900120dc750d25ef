/**
 * Issue #10 item 7 in the entry screen: WHO's estimated change of non-measurable disease (Miller
 * 1981: "estimated decrease of 50 %" is PR, "estimated increase of 25 %" PD), one value per
 * timepoint, typed where the timepoint's other values are.
 */
import { screen } from '@testing-library/react'
import { liveResponses, openInput, renderApp, retype, smallCase } from './helpers.tsx'

const ROW = 'Non-measurable disease, estimated change (%)'
const cell = (at: string) => `${ROW} of ${at}`
/** Non-measurable disease only: a pleural effusion present at every timepoint, no target. */
const effusionOnly = () =>
  smallCase({ lesions: [{ id: 'N1', name: 'Pleural effusion', organ: 'pleura', kind: 'non-nodal', role: 'non-target', assessments: ['t0', 't1', 't2'].map((timepoint) => ({ timepoint, status: 'present' })) }] })

describe('WHO non-measurable disease in the entry grid', () => {
  it('is not offered while the case has no non-target lesion, and appears with the first one', async () => {
    const { user } = renderApp(smallCase())
    expect(screen.queryByRole('rowheader', { name: ROW })).toBeNull()
    await user.click(screen.getByRole('button', { name: '+ Non-target lesion' }))
    expect(screen.getByRole('rowheader', { name: ROW })).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: cell('Week 8') })).toHaveAttribute('title', expect.stringContaining('WHO only'))
  })

  it('typed estimates give WHO its response at both sides of the 50 % decrease and the 25 % increase', async () => {
    const { user } = renderApp(effusionOnly())
    expect(liveResponses('WHO').slice(0, 2)).toEqual(['NC', 'NC'])
    await retype(user, cell('Week 8'), '-50')
    await retype(user, cell('Week 13'), '-49.99')
    expect(openInput().timepoints.map((t) => t.nonMeasurableChangePct)).toEqual([undefined, -50, -49.99])
    expect(liveResponses('WHO').slice(0, 2)).toEqual(['PR', 'NC'])
    await retype(user, cell('Week 13'), '25')
    expect(liveResponses('WHO').slice(0, 2)).toEqual(['PR', 'PD'])
    await retype(user, cell('Week 13'), '24.99')
    expect(liveResponses('WHO').slice(0, 2)).toEqual(['PR', 'NC'])
    // Emptied, the estimate is gone and WHO reads the statuses alone again.
    await retype(user, cell('Week 8'), '')
    expect(openInput().timepoints[1]!.nonMeasurableChangePct).toBeUndefined()
    expect(liveResponses('WHO')[0]).toBe('NC')
  })

  it('names a value out of range on its cell, in words, and keeps what was typed', async () => {
    const { user } = renderApp(effusionOnly())
    await retype(user, cell('Week 8'), '-101')
    expect(screen.getByRole('textbox', { name: cell('Week 8') })).toHaveAccessibleDescription('must be a percentage from -100 to 1000')
    expect(screen.getByRole('textbox', { name: cell('Week 8') })).toHaveValue('-101')
  })
})
