/** MD Anderson bone criteria in the entry grid: the reader's coded findings of each bone lesion. */
import { fireEvent, screen, within } from '@testing-library/react'
import { liveResponses, openDraft, renderApp, smallCase } from './helpers.tsx'

const present = (...ids: string[]) => ids.map((timepoint) => ({ timepoint, status: 'present' }))
/** Breast cancer (MDA's domain): liver target L1, bone non-target B1 and bone target B2, present throughout. */
const boneCase = () => {
  const kase = smallCase()
  kase.lesions.push(
    { id: 'B1', name: '', organ: 'pelvis', kind: 'bone', bone: { appearance: 'lytic', softTissueComponent: false }, role: 'non-target', assessments: present('t0', 't1', 't2') } as never,
    { id: 'B2', name: '', organ: 'femur', kind: 'bone', bone: { appearance: 'lytic', softTissueComponent: true }, role: 'target', assessments: ['t0', 't1', 't2'].map((timepoint) => ({ timepoint, status: 'measured', longAxisMm: 25, shortAxisMm: 20 })) } as never,
  )
  return kase
}
const mda = () => liveResponses('MD Anderson bone')

/** Opens a findings cell and ticks (or unticks) one finding by its label. */
async function tick(user: ReturnType<typeof renderApp>['user'], cell: string, finding: string) {
  const summary = screen.getByRole('group', { name: cell }).closest('details')!.querySelector('summary')!
  if (!summary.closest('details')!.open) await user.click(summary)
  await user.click(within(screen.getByRole('group', { name: cell })).getByRole('checkbox', { name: finding }))
}

describe('bone findings in the entry grid', () => {
  it('are a row of bone lesions only, targets and non-targets', () => {
    renderApp(boneCase())
    expect(screen.getByLabelText('B1 bone findings at Week 8: none')).toBeInTheDocument()
    expect(screen.getByLabelText('B2 bone findings at Week 8: none')).toBeInTheDocument()
    expect(screen.queryByLabelText(/^L1 bone findings/)).toBeNull()
    expect(screen.getAllByRole('rowheader', { name: 'Bone findings' })).toHaveLength(2)
  })

  it('a sclerotic rim makes MDA PR, and an increase beside it PD (the worst counts)', async () => {
    const { user } = renderApp(boneCase())
    expect(mda()[0]).toBe('SD')
    await tick(user, 'B1 bone findings at Week 8', 'sclerotic rim')
    expect(openDraft().lesions[1]!.assessments[1]!.boneFindings).toEqual(['sclerotic-rim'])
    expect(mda()[0]).toBe('PR')
    await tick(user, 'B1 bone findings at Week 8', 'increase')
    expect(openDraft().lesions[1]!.assessments[1]!.boneFindings).toEqual(['sclerotic-rim', 'increase'])
    expect(mda()[0]).toBe('PD')
    await tick(user, 'B1 bone findings at Week 8', 'increase')
    await tick(user, 'B1 bone findings at Week 8', 'sclerotic rim')
    expect(openDraft().lesions[1]!.assessments[1]).not.toHaveProperty('boneFindings')
    expect(mda()[0]).toBe('SD')
  })

  it('a measured bone target’s coded finding counts beside its measurements', async () => {
    const { user } = renderApp(boneCase())
    await tick(user, 'B2 bone findings at Week 13', 'scintigraphy increase')
    expect(openDraft().lesions[2]!.assessments[2]!.boneFindings).toEqual(['scintigraphy-increase'])
    expect(mda()[1]).toBe('PD')
  })

  it('a pasted list of findings fills the row, by label or value', () => {
    renderApp(boneCase())
    const summary = screen.getByLabelText('B1 bone findings at Week 8: none')
    fireEvent.paste(summary, { clipboardData: { getData: () => 'partial fill in; no change\tcomplete-fill-in\n' } })
    expect(openDraft().lesions[1]!.assessments.map((a) => a.boneFindings)).toEqual([undefined, ['partial-fill-in', 'no-change'], ['complete-fill-in']])
    expect(mda().slice(0, 2)).toEqual(['SD', 'PR']) // no change is the worse of the two at Week 8
  })

  it('a lesion that is no longer bone keeps its findings, with the schema’s message on the cell', async () => {
    const kase = boneCase()
    Object.assign(kase.lesions[1]!.assessments[1]!, { boneFindings: ['no-change'] })
    const { user } = renderApp(kase)
    await user.selectOptions(within(screen.getByRole('group', { name: 'Lesion B1' })).getByRole('combobox', { name: 'Kind' }), 'non-nodal')
    expect(screen.getByLabelText('B1 bone findings at Week 8: no change')).toHaveAccessibleDescription('is only for lesions of kind "bone"')
  })
})
