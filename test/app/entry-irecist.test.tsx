/** iRECIST in the entry grid: a non-target's further increase, which confirms an iUPD driven by non-targets. */
import { fireEvent, screen, within } from '@testing-library/react'
import { liveResponses, openDraft, renderApp, smallCase } from './helpers.tsx'

/** Target L1 unchanged; non-target N1 progresses unequivocally at Week 8 (iUPD) and is still progressing at Week 13. */
const irecistCase = () => {
  const kase = smallCase()
  kase.lesions.push({ id: 'N1', name: '', organ: 'lung', kind: 'non-nodal', role: 'non-target', assessments: [{ timepoint: 't0', status: 'present' }, { timepoint: 't1', status: 'unequivocal-progression' }, { timepoint: 't2', status: 'unequivocal-progression' }] } as never)
  return kase
}
const irecist = () => liveResponses('iRECIST')

describe('further increase (iRECIST) in the entry grid', () => {
  it('is a row of non-target lesions only', () => {
    renderApp(irecistCase())
    expect(screen.getByRole('combobox', { name: 'N1 further increase at Week 13' })).toHaveValue('false')
    expect(screen.queryByRole('combobox', { name: /^L1 further increase/ })).toBeNull()
  })

  it('a further increase after an iUPD driven by non-targets is iCPD', async () => {
    const { user } = renderApp(irecistCase())
    expect(irecist().slice(0, 2)).toEqual(['iUPD', 'iUPD'])
    await user.selectOptions(screen.getByRole('combobox', { name: 'N1 further increase at Week 13' }), 'yes')
    expect(openDraft().lesions[1]!.assessments[2]).toEqual({ timepoint: 't2', status: 'unequivocal-progression', furtherIncrease: true })
    expect(irecist().slice(0, 2)).toEqual(['iUPD', 'iCPD'])
    await user.selectOptions(screen.getByRole('combobox', { name: 'N1 further increase at Week 13' }), 'no')
    expect(openDraft().lesions[1]!.assessments[2]).not.toHaveProperty('furtherIncrease')
    expect(irecist().slice(0, 2)).toEqual(['iUPD', 'iUPD'])
  })

  it('pastes as yes / no', () => {
    renderApp(irecistCase())
    fireEvent.paste(screen.getByRole('combobox', { name: 'N1 further increase at Baseline' }), { clipboardData: { getData: () => 'no\tno\tyes\n' } })
    expect(openDraft().lesions[1]!.assessments.map((a) => a.furtherIncrease)).toEqual([undefined, undefined, true])
    expect(irecist()[1]).toBe('iCPD')
  })

  it('a lesion made a target keeps its flag, with the schema’s message on the cell', async () => {
    const kase = irecistCase()
    Object.assign(kase.lesions[1]!.assessments[2]!, { furtherIncrease: true })
    const { user } = renderApp(kase)
    await user.selectOptions(within(screen.getByRole('group', { name: 'Lesion N1' })).getByRole('combobox', { name: 'Role' }), 'target')
    expect(screen.getByRole('combobox', { name: 'N1 further increase at Week 13' })).toHaveAccessibleDescription('is only for non-target lesions (iRECIST)')
  })
})
