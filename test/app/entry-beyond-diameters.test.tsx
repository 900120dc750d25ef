/** Issue #14 in the entry screen: volume and third axis, DCE-MRI on MRI timepoints, the primary tumour, and blood biomarkers. */
import { fireEvent, screen, within } from '@testing-library/react'
import { liveResponses, openDraft, openInput, renderApp, retype, smallCase } from './helpers.tsx'

const MRI = ['MRI', 'MRI', 'CT']

describe('volume in the entry grid', () => {
  it('is not shown for a case of soft-tissue lesions without volumes', () => {
    renderApp(smallCase())
    expect(screen.queryByRole('rowheader', { name: 'Volume (mL)' })).toBeNull()
    expect(screen.queryByRole('rowheader', { name: 'Ktrans (min⁻¹)' })).toBeNull()
  })
  it('is shown for a primary tumour; typed volumes give the volumetric response, and three axes show the ellipsoid estimate', async () => {
    const { user } = renderApp(smallCase())
    await user.click(screen.getByRole('checkbox', { name: 'Primary tumour' }))
    expect(screen.getByRole('rowheader', { name: 'Volume (mL)' })).toBeInTheDocument()
    await retype(user, 'L1 short axis (mm) at Baseline', '20')
    await retype(user, 'L1 third axis (mm) at Baseline', '10')
    // π/6 × 30 × 20 × 10 mm³ = 3.14 mL, shown in the empty volume cell.
    expect(screen.getByRole('textbox', { name: 'L1 volume at Baseline' })).toHaveAttribute('placeholder', '≈ 3.14 (estimate)')
    await retype(user, 'L1 volume at Baseline', '100')
    await retype(user, 'L1 volume at Week 8', '35')
    await retype(user, 'L1 volume at Week 13', '35.01')
    expect(openInput().lesions[0]!.assessments[0]).toMatchObject({ volumeMl: 100, thirdAxisMm: 10 })
    expect(liveResponses('Volumetric')).toEqual(['PR', 'SD', 'PR'])
  })
  it('names a bad volume on its cell, in words', async () => {
    const { user } = renderApp(smallCase({}, MRI))
    await user.click(screen.getByRole('checkbox', { name: 'Primary tumour' }))
    await retype(user, 'L1 volume at Baseline', '1.234')
    expect(screen.getByRole('textbox', { name: 'L1 volume at Baseline' })).toHaveAccessibleDescription('must have at most 2 decimals')
    expect(screen.getByRole('textbox', { name: 'L1 volume at Baseline' })).toHaveValue('1.234')
  })
})

describe('DCE-MRI in the entry grid', () => {
  it('appears once a timepoint is MRI; cells of other timepoints are read-only and paste skips them', async () => {
    const { user } = renderApp(smallCase())
    await user.selectOptions(screen.getByRole('combobox', { name: 'Modality of Baseline' }), 'MRI')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Modality of Week 8' }), 'MRI')
    expect(screen.getByRole('rowheader', { name: 'Ktrans (min⁻¹)' })).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'L1 Ktrans at Week 13' })).toHaveAttribute('readonly')
    fireEvent.paste(screen.getByRole('textbox', { name: 'L1 Ktrans at Baseline' }), { clipboardData: { getData: () => '0.25\t0.15\t0.1\r\n20\t12\t9\r\n' } })
    expect(openInput().lesions[0]!.assessments.map((a) => a.ktrans)).toEqual([0.25, 0.15, undefined])
    expect(openInput().lesions[0]!.assessments.map((a) => a.iauc60)).toEqual([20, 12, undefined])
  })
  it('keeps a value that a modality change made wrong, editable beside the reason', async () => {
    const kase = smallCase({}, MRI)
    Object.assign(kase.lesions[0]!.assessments[1]!, { ktrans: 0.1 })
    const { user } = renderApp(kase)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Modality of Week 8' }), 'CT')
    expect(screen.getByRole('textbox', { name: 'L1 Ktrans at Week 8' })).toHaveValue('0.1')
    expect(screen.getByRole('textbox', { name: 'L1 Ktrans at Week 8' })).toHaveAccessibleDescription('is only for MRI timepoints (DCE-MRI); "Week 8 (2026-03-02)" is CT')
  })
})

describe('primary tumour fields', () => {
  it('a bone primary records its skeleton and resectability; an unresectable axial one is flagged', async () => {
    const kase = smallCase({ lesions: [{ id: 'P1', name: 'Pelvic primary', organ: 'pelvis', kind: 'bone', bone: { appearance: 'mixed', softTissueComponent: true }, role: 'target', assessments: [0, 1, 2].map((i) => ({ timepoint: `t${i}`, status: 'measured', longAxisMm: 80 })) }] })
    const { user } = renderApp(kase)
    await user.click(screen.getByRole('checkbox', { name: 'Primary tumour' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Skeleton' }), 'axial')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Resectable' }), 'no')
    expect(openDraft().lesions[0]!.primaryTumour).toEqual({ site: 'axial', resectable: false })
    // Bone lesions get the volume rows without any volume recorded yet.
    expect(screen.getByRole('rowheader', { name: 'Third axis (mm)' })).toBeInTheDocument()
    expect(screen.getAllByText(/unresectable primary bone tumour of the axial skeleton/).length).toBeGreaterThan(0)
  })
})

describe('blood biomarkers', () => {
  it('a grid of tests × dates (the scan dates first): typing and pasting values with their units, NLR computed', async () => {
    const { user } = renderApp(smallCase())
    const grid = screen.getByRole('table', { name: 'Blood biomarkers by date' })
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Test', '2026-01-05', '2026-03-02', '2026-04-06'])
    await retype(user, 'VEGF-A on 2026-01-05', '182')
    fireEvent.paste(screen.getByRole('textbox', { name: 'Neutrophils on 2026-01-05' }), { clipboardData: { getData: () => '6\t4.1\r\n1.5\t0\r\n' } })
    expect(openDraft().biomarkers).toEqual([
      { date: '2026-01-05', test: 'VEGF-A', value: '182', unit: 'pg/mL' },
      { date: '2026-01-05', test: 'neutrophils', value: '6', unit: '10^9/L' },
      { date: '2026-03-02', test: 'neutrophils', value: '4.1', unit: '10^9/L' },
      { date: '2026-01-05', test: 'lymphocytes', value: '1.5', unit: '10^9/L' },
      { date: '2026-03-02', test: 'lymphocytes', value: '0', unit: '10^9/L' },
    ])
    const nlr = within(grid).getByRole('rowheader', { name: 'NLR (computed)' }).closest('tr')!
    expect([...nlr.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['4', '—', '—'])
    // Clearing a value removes it.
    await retype(user, 'VEGF-A on 2026-01-05', '')
    expect(openDraft().biomarkers!.some((b) => b.test === 'VEGF-A')).toBe(false)
  })
  it('adds a sample date that is not a scan date, and names a bad value on its cell', async () => {
    const { user } = renderApp(smallCase())
    await user.type(screen.getByRole('textbox', { name: 'Another sample date' }), '2026-02-01')
    await user.click(screen.getByRole('button', { name: '+ Sample date' }))
    await retype(user, 'PlGF on 2026-02-01', 'high')
    expect(screen.getByRole('textbox', { name: 'PlGF on 2026-02-01' })).toHaveAccessibleDescription('must be a non-negative number of units')
  })
  it('shows a wrong unit from an imported file on the value it belongs to', () => {
    renderApp(smallCase({ biomarkers: [{ date: '2026-01-05', test: 'VEGF-A', value: 0.18, unit: 'ng/mL' }] }))
    expect(screen.getByRole('textbox', { name: 'VEGF-A on 2026-01-05' })).toHaveAccessibleDescription('must be "pg/mL" for VEGF-A')
  })
})
