/** New lesions for iRECIST (id, kind, size, follow-up) and PERCIST (FDG-avid, SULpeak). */
import { fireEvent, screen, within } from '@testing-library/react'
import { liveResponses, openDraft, openInput, renderApp, smallCase } from './helpers.tsx'

const group = () => screen.getByRole('group', { name: 'New lesion 1' })
const followUp = () => screen.getByRole('table', { name: 'New lesion 1 at later timepoints' })

/** Adds a new lesion (seen at the last timepoint), moves it to Week 8 and types its organ, id and long axis. */
async function addLiverLesion(user: ReturnType<typeof renderApp>['user'], longAxis = '12') {
  await user.click(screen.getByRole('button', { name: '+ New lesion' }))
  await user.selectOptions(within(group()).getByRole('combobox', { name: 'Seen at' }), 't1')
  await user.type(within(group()).getByRole('textbox', { name: 'Organ' }), 'liver')
  await user.type(within(group()).getByRole('textbox', { name: 'ID' }), 'NL1')
  await user.type(within(group()).getByRole('textbox', { name: 'Long axis (mm)' }), longAxis)
}

describe('new lesions editor', () => {
  it('records the id, kind and size where a new lesion was first seen; a node is followed by its short axis', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user, '25')
    await user.selectOptions(within(group()).getByRole('combobox', { name: 'Kind' }), 'lymph-node')
    await user.type(within(group()).getByRole('textbox', { name: 'Short axis (mm)' }), '16')
    expect(openDraft().newLesions).toEqual([{ timepoint: 't1', organ: 'liver', equivocal: false, id: 'NL1', kind: 'lymph-node', longAxisMm: '25', shortAxisMm: '16' }])
    await user.type(within(followUp()).getByRole('textbox', { name: 'New lesion 1 long axis (mm) at Week 13' }), '35')
    await user.type(within(followUp()).getByRole('textbox', { name: 'New lesion 1 short axis (mm) at Week 13' }), '16')
    expect(liveResponses('iRECIST').slice(0, 2)).toEqual(['iUPD', 'iUPD']) // the long axis does not count for a node
    await user.clear(within(followUp()).getByRole('textbox', { name: 'New lesion 1 short axis (mm) at Week 13' }))
    await user.type(within(followUp()).getByRole('textbox', { name: 'New lesion 1 short axis (mm) at Week 13' }), '21')
    expect(openInput().newLesions[0]!.assessments).toEqual([{ timepoint: 't2', status: 'measured', longAxisMm: 35, shortAxisMm: 21 }])
    expect(liveResponses('iRECIST').slice(0, 2)).toEqual(['iUPD', 'iCPD'])
  })

  it('a new-lesion target growing 5 mm at the next timepoint confirms progression (iCPD)', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user)
    expect(liveResponses('iRECIST').slice(0, 2)).toEqual(['iUPD', 'iUPD'])
    // Only the timepoints after Week 8 are columns of the follow-up.
    expect(within(followUp()).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Later', 'Week 13'])
    await user.type(within(followUp()).getByRole('textbox', { name: 'New lesion 1 long axis (mm) at Week 13' }), '18')
    expect(openDraft().newLesions![0]!.assessments).toEqual([{ timepoint: 't2', status: 'measured', longAxisMm: '18' }])
    expect(liveResponses('iRECIST').slice(0, 2)).toEqual(['iUPD', 'iCPD'])
    await user.selectOptions(within(followUp()).getByRole('combobox', { name: 'New lesion 1 status at Week 13' }), 'absent')
    expect(openInput().newLesions[0]!.assessments).toEqual([{ timepoint: 't2', status: 'absent', longAxisMm: 18 }])
    expect(liveResponses('iRECIST')[1]).toBe('iSD') // the new lesion is gone: the iUPD is reset
  })

  it('a status left blank removes the follow-up, and an unmeasured one shows the schema’s message', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user)
    const status = within(followUp()).getByRole('combobox', { name: 'New lesion 1 status at Week 13' })
    await user.selectOptions(status, 'measured')
    expect(status).toHaveAccessibleDescription('') // the status cell has nothing to say…
    expect(within(followUp()).getByRole('textbox', { name: 'New lesion 1 long axis (mm) at Week 13' })).toHaveAccessibleDescription('is required for a measured new lesion')
    await user.selectOptions(status, '')
    expect(openDraft().newLesions![0]!.assessments).toEqual([])
    expect(liveResponses('iRECIST')[1]).toBe('iUPD')
  })

  it('the follow-up grid moves with the arrow keys and takes a pasted block', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user)
    await user.click(within(followUp()).getByRole('combobox', { name: 'New lesion 1 status at Week 13' }))
    await user.keyboard('{ArrowDown}')
    expect(within(followUp()).getByRole('textbox', { name: 'New lesion 1 long axis (mm) at Week 13' })).toHaveFocus()
    fireEvent.paste(within(followUp()).getByRole('combobox', { name: 'New lesion 1 status at Week 13' }), { clipboardData: { getData: () => 'measured\n19\n' } })
    expect(openDraft().newLesions![0]!.assessments).toEqual([{ timepoint: 't2', status: 'measured', longAxisMm: '19' }])
    expect(liveResponses('iRECIST')[1]).toBe('iCPD')
  })

  it('a follow-up left at a timepoint that is no longer later stays in view, with the schema’s message', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user)
    await user.type(within(followUp()).getByRole('textbox', { name: 'New lesion 1 long axis (mm) at Week 13' }), '18')
    await user.selectOptions(within(group()).getByRole('combobox', { name: 'Seen at' }), 't2')
    expect(within(followUp()).getByRole('combobox', { name: 'New lesion 1 status at Week 13' })).toHaveAccessibleDescription('must be a timepoint after "Week 13 (2026-04-06)", where the new lesion was first seen')
  })

  it('a size that is not a number keeps its text and says why', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user, '1o')
    const size = within(group()).getByRole('textbox', { name: 'Long axis (mm)' })
    expect(size).toHaveValue('1o')
    expect(size).toHaveAccessibleDescription('must be a non-negative number of millimetres')
  })

  it('on PET-CT, a new lesion that is not FDG-avid does not make PERCIST progression', async () => {
    const kase = smallCase({}, ['PET-CT', 'PET-CT', 'CT'])
    const pet = { liverSulMean: 2, liverSulSd: 0.3 }
    kase.timepoints.forEach((t, i) => i < 2 && Object.assign(t, { pet }))
    kase.lesions[0]!.assessments.forEach((a, i) => i < 2 && Object.assign(a, { sulPeak: i === 0 ? 10 : 5 }))
    const { user } = renderApp(kase)
    expect(liveResponses('PERCIST 1.0')[0]).toBe('PMR')
    await addLiverLesion(user)
    expect(liveResponses('PERCIST 1.0')[0]).toBe('PMD')
    await user.click(within(group()).getByRole('checkbox', { name: 'FDG-avid' }))
    await user.type(within(group()).getByRole('textbox', { name: 'SULpeak' }), '2.4')
    expect(openDraft().newLesions![0]).toMatchObject({ fdgAvid: false, sulPeak: '2.4' })
    expect(liveResponses('PERCIST 1.0')[0]).toBe('PMR')
  })

  it('PERCIST fields are left out of a case without PET-CT', async () => {
    const { user } = renderApp(smallCase())
    await addLiverLesion(user)
    expect(within(group()).queryByRole('checkbox', { name: 'FDG-avid' })).toBeNull()
    expect(within(group()).queryByRole('textbox', { name: 'SULpeak' })).toBeNull()
  })
})
