/** PERCIST in the entry grid: each PET-CT timepoint's reference regions and acquisition, and each lesion's SULpeak and TLG. */
import { fireEvent, screen } from '@testing-library/react'
import { liveResponses, openDraft, renderApp, retype, showScreen, smallCase } from './helpers.tsx'

const PET_CT = ['PET-CT', 'PET-CT', 'CT']
const liver = { liverSulMean: 2, liverSulSd: 0.3 }
/** Baseline and Week 8 on PET-CT with the liver recorded, Week 13 on CT; L1's SULpeak falls 10 → 5 (PMR). */
const petCase = (pet: Record<string, unknown>[] = [liver, liver], sulPeaks: (number | undefined)[] = [10, 5], tlgs: (number | undefined)[] = []) => {
  const kase = smallCase({}, PET_CT)
  kase.timepoints.forEach((t, i) => pet[i] && Object.assign(t, { pet: pet[i] }))
  kase.lesions[0]!.assessments.forEach((a, i) => Object.assign(a, sulPeaks[i] === undefined ? {} : { sulPeak: sulPeaks[i] }, tlgs[i] === undefined ? {} : { tlg: tlgs[i] }))
  return kase
}
const percist = () => liveResponses('PERCIST 1.0')

describe('PET-CT fields in the entry grid', () => {
  it('are not shown for a case without PET-CT, and appear when a timepoint becomes PET-CT', async () => {
    const { user } = renderApp()
    const rows = screen.getAllByRole('rowheader').length
    expect(screen.queryByRole('rowheader', { name: 'Liver SULmean' })).toBeNull()
    expect(screen.queryByRole('textbox', { name: /SULpeak|TLG/ })).toBeNull()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Modality of Week 7' }), 'PET-CT')
    expect(screen.getByRole('rowheader', { name: 'Liver SULmean' })).toBeInTheDocument()
    // 8 timepoint rows, then SULpeak and TLG for each of the 4 lesions.
    expect(screen.getAllByRole('rowheader')).toHaveLength(rows + 8 + 2 * 4)
    expect(screen.getByRole('textbox', { name: 'N1 SULpeak at Week 7' })).toBeEnabled()
    expect(screen.getByRole('textbox', { name: 'N1 SULpeak at Baseline' })).toHaveAttribute('readonly')
  })

  it('typing the liver reference and SULpeak at a PET-CT baseline and follow-up gives PMR', async () => {
    const { user } = renderApp(petCase([], []))
    expect(percist()[0]).toBe('NE')
    await retype(user, 'Liver SULmean of Baseline', '2')
    // The schema's pairing rule reaches the field that is missing.
    expect(screen.getByRole('textbox', { name: 'Liver SUL SD of Baseline' })).toHaveAccessibleDescription('is required with liverSulMean')
    await retype(user, 'Liver SUL SD of Baseline', '0.3')
    await retype(user, 'Liver SULmean of Week 8', '2.1')
    await retype(user, 'Liver SUL SD of Week 8', '0.3')
    await retype(user, 'L1 SULpeak at Baseline', '10')
    await retype(user, 'L1 SULpeak at Week 8', '5')
    expect(openDraft().timepoints[0]!.pet).toEqual({ liverSulMean: '2', liverSulSd: '0.3' })
    expect(openDraft().lesions[0]!.assessments[1]!.sulPeak).toBe('5')
    expect(percist()[0]).toBe('PMR')
    // Week 13 is CT: its PET cells are read-only and empty.
    const ct = screen.getByRole('textbox', { name: 'L1 SULpeak at Week 13' })
    expect(ct).toHaveAttribute('readonly')
    await user.type(ct, '4')
    expect(ct).toHaveValue('')
    expect(openDraft().lesions[0]!.assessments[2]).not.toHaveProperty('sulPeak')
  })

  it('shows the PET-CT-only rules on the fields when a timepoint with PET values becomes CT', async () => {
    const { user } = renderApp(petCase())
    await user.selectOptions(screen.getByRole('combobox', { name: 'Modality of Week 8' }), 'CT')
    // The values stay, editable, with the reason they are refused.
    expect(screen.getByRole('textbox', { name: 'L1 SULpeak at Week 8' })).toHaveValue('5')
    expect(screen.getByRole('textbox', { name: 'L1 SULpeak at Week 8' })).toHaveAccessibleDescription('is only for PET-CT timepoints; "Week 8 (2026-03-02)" is CT')
    expect(screen.getByRole('textbox', { name: 'Liver SULmean of Week 8' })).toHaveAccessibleDescription('is only for timepoints of modality "PET-CT"; this one is CT')
    // Clearing them fixes the case: an emptied pet is removed.
    await retype(user, 'L1 SULpeak at Week 8', '')
    await retype(user, 'Liver SULmean of Week 8', '')
    await retype(user, 'Liver SUL SD of Week 8', '')
    expect(openDraft().timepoints[1]).not.toHaveProperty('pet')
    expect(percist()[0]).toBe('NE')
  })

  it('an abnormal liver makes the blood pool the reference, and the threshold follows it', async () => {
    const { user } = renderApp(petCase(undefined, [5, 3]))
    expect(percist()[0]).toBe('PMR') // 5 ≥ 1.5 × 2 + 2 × 0.3 = 3.6
    await user.selectOptions(screen.getByRole('combobox', { name: 'Liver abnormal of Baseline' }), 'yes')
    expect(openDraft().timepoints[0]!.pet).toMatchObject({ liverAbnormal: true })
    expect(screen.getByRole('textbox', { name: 'Blood pool SULmean of Baseline' })).toHaveAccessibleDescription('is required when liverAbnormal is true (the blood pool is then the reference)')
    await retype(user, 'Blood pool SULmean of Baseline', '3')
    await retype(user, 'Blood pool SUL SD of Baseline', '0.5')
    expect(openDraft().timepoints[0]!.pet).toMatchObject({ bloodPoolSulMean: '3', bloodPoolSulSd: '0.5' })
    expect(percist()[0]).toBe('NE') // 5 < 2 × 3 + 2 × 0.5 = 7: nothing measurable at baseline
    await user.selectOptions(screen.getByRole('combobox', { name: 'Liver abnormal of Baseline' }), 'no')
    expect(openDraft().timepoints[0]!.pet).not.toHaveProperty('liverAbnormal')
    expect(percist()[0]).toBe('PMR')
  })

  it.each([
    ['Uptake time (min)', 'uptakeMinutes', '60', '80', 'NE'], // more than 15 min apart
    ['Glucose (mg/dL)', 'glucoseMgDl', '', '250', 'NE'], // 200 mg/dL or more
    ['Injected activity (MBq)', 'injectedMBq', '300', '310', 'PMR'],
  ])('%s typed at both PET-CT timepoints takes part in the quality checks', async (row, field, atBaseline, atWeek8, response) => {
    const { user } = renderApp(petCase())
    await retype(user, `${row} of Baseline`, atBaseline)
    await retype(user, `${row} of Week 8`, atWeek8)
    expect(openDraft().timepoints[1]!.pet).toMatchObject({ [field]: atWeek8 })
    expect(percist()[0]).toBe(response)
  })

  it('injected activity more than 20 % apart is a caveat', async () => {
    const { user } = renderApp(petCase())
    await retype(user, 'Injected activity (MBq) of Baseline', '300')
    await retype(user, 'Injected activity (MBq) of Week 8', '400')
    await showScreen(user, 'Caveats')
    expect(screen.getByText(/injected activity 400 MBq vs 300 MBq at baseline/)).toBeInTheDocument()
  })

  it('TLG up 75 % with no fall in SULpeak is progression', async () => {
    const { user } = renderApp(petCase(undefined, [10, 10]))
    expect(percist()[0]).toBe('SMD')
    await retype(user, 'L1 TLG at Baseline', '100')
    await retype(user, 'L1 TLG at Week 8', '175')
    expect(openDraft().lesions[0]!.assessments.map((a) => a.tlg)).toEqual(['100', '175', undefined])
    expect(percist()[0]).toBe('PMD')
  })

  it('a non-target lesion has SULpeak and TLG rows too, and the hottest lesion may be a non-target', async () => {
    const kase = petCase()
    kase.lesions.push({ id: 'N1', name: '', organ: 'bone', kind: 'non-nodal', role: 'non-target', assessments: [{ timepoint: 't0', status: 'present' }, { timepoint: 't1', status: 'present' }] } as never)
    const { user } = renderApp(kase)
    await retype(user, 'N1 SULpeak at Week 8', '14')
    expect(openDraft().lesions[1]!.assessments[1]!.sulPeak).toBe('14')
    expect(percist()[0]).toBe('PMD')
  })

  it('a pasted block fills the PET rows and skips the columns that are not PET-CT', () => {
    renderApp(petCase([]))
    const start = screen.getByRole('textbox', { name: 'Liver SULmean of Baseline' })
    fireEvent.paste(start, { clipboardData: { getData: () => '2\t2.2\t9\n0.3\t0.25\t9\nno\tyes\tyes\n1.6\t1.7\t9\n0.2\t0.2\t9\n' } })
    expect(openDraft().timepoints.map((t) => t.pet)).toEqual([
      { liverSulMean: '2', liverSulSd: '0.3', bloodPoolSulMean: '1.6', bloodPoolSulSd: '0.2' },
      { liverSulMean: '2.2', liverSulSd: '0.25', liverAbnormal: true, bloodPoolSulMean: '1.7', bloodPoolSulSd: '0.2' },
      undefined,
    ])
    expect(screen.getByRole('combobox', { name: 'Liver abnormal of Week 8' })).toHaveValue('true')
    expect(percist()[0]).toBe('PMR')
  })

  it('arrow keys move through the PET rows, onto read-only cells too', async () => {
    const { user } = renderApp(petCase())
    await user.click(screen.getByRole('textbox', { name: 'Slice thickness (mm) of Week 8' }))
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('textbox', { name: 'Liver SULmean of Week 8' })).toHaveFocus()
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('textbox', { name: 'Liver SULmean of Week 13' })).toHaveFocus()
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(screen.getByRole('textbox', { name: 'Liver abnormal of Week 13' })).toHaveFocus()
  })
})
