import { act, fireEvent, screen, within } from '@testing-library/react'
import { useAppStore } from '../../src/store/app-store.ts'
import { liveResponses, openDraft, renderApp } from './helpers.tsx'

describe('case entry', () => {
  it('shows the open case in the grid', () => {
    renderApp()
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' })).toHaveValue('22')
    expect(screen.getByRole('combobox', { name: 'N1 status at Week 7' })).toHaveValue('present')
  })

  it('updates the responses as a measurement is typed', async () => {
    const { user } = renderApp()
    expect(liveResponses('RECIST 1.1')[2]).toBe('SD')
    const cell = screen.getByRole('textbox', { name: 'L3 long axis (mm) at Week 15' })
    await user.clear(cell)
    await user.type(cell, '80')
    expect(openDraft().lesions[2]!.assessments[2]!.longAxisMm).toBe('80')
    expect(liveResponses('RECIST 1.1')[1]).toBe('PD')
  })

  it('shows the schema message on the field and keeps what was typed', async () => {
    const { user } = renderApp()
    const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 7' })
    await user.clear(cell)
    await user.type(cell, '2l')
    expect(cell).toHaveValue('2l')
    expect(cell).toHaveAttribute('aria-invalid', 'true')
    expect(cell).toHaveAccessibleDescription('must be a non-negative number of millimetres')
    expect(screen.getByRole('region', { name: /1 problem stops the evaluation/ })).toHaveTextContent('Week 7 (2026-03-02) · L1 Right lower lobe nodule · long axis: must be a non-negative number of millimetres')
    expect(screen.getByText('Shown once the problems are fixed.')).toBeInTheDocument()
  })

  it('reports a short axis larger than the long axis on the short-axis field', async () => {
    const { user } = renderApp()
    const cell = screen.getByRole('textbox', { name: 'L3 short axis (mm) at Baseline' })
    await user.clear(cell)
    await user.type(cell, '40')
    expect(cell).toHaveAccessibleDescription('must not be larger than longAxisMm')
  })

  it('shows clinical findings beside the lesion without blocking the results', async () => {
    const { user } = renderApp()
    await user.clear(screen.getByRole('textbox', { name: 'L2 short axis (mm) at Baseline' }))
    const size = screen.getByRole('textbox', { name: 'L2 long axis (mm) at Baseline' })
    await user.clear(size)
    await user.type(size, '6')
    expect(screen.getByRole('list', { name: 'Caveats for L2' })).toHaveTextContent(/L2/)
    expect(liveResponses('RECIST 1.1')).toHaveLength(4)
  })

  it('adds a lesion and focuses its name, then rows move with the arrow keys and Enter', async () => {
    const { user } = renderApp()
    await user.click(screen.getByRole('button', { name: '+ Target lesion' }))
    const name = screen.getAllByRole('textbox', { name: 'Name' }).at(-1)!
    expect(name).toHaveFocus()
    await user.keyboard('Liver dome')
    expect(openDraft().lesions.at(-1)).toMatchObject({ id: 'L4', name: 'Liver dome', role: 'target' })

    const start = screen.getByRole('textbox', { name: 'L4 long axis (mm) at Baseline' })
    await user.click(start)
    await user.keyboard('31{Enter}')
    expect(screen.getByRole('textbox', { name: 'L4 short axis (mm) at Baseline' })).toHaveFocus()
    await user.keyboard('{ArrowUp}{ArrowRight}')
    expect(screen.getByRole('textbox', { name: 'L4 long axis (mm) at Week 7' })).toHaveFocus()
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}')
    expect(screen.getByRole('combobox', { name: 'L4 status at Week 7' })).toHaveFocus()
    expect(openDraft().lesions.at(-1)!.assessments).toEqual([{ timepoint: 't0', status: 'measured', longAxisMm: '31' }])
  })

  it('fills cells from a pasted spreadsheet block', () => {
    renderApp()
    const start = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 7' })
    fireEvent.paste(start, { clipboardData: { getData: () => '19\t18\t17\r\n\t\t\r\n30\t28\t26\r\n' } })
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 23' })).toHaveValue('17')
    expect(screen.getByRole('textbox', { name: 'L1 attenuation (HU) at Week 15' })).toHaveValue('28')
  })

  it('a response picked in the live table opens its explanation', async () => {
    const { user } = renderApp()
    await user.click(within(screen.getByRole('region', { name: 'Responses' })).getByRole('button', { name: /^Choi at Week 15: PR/ }))
    expect(await screen.findByRole('region', { name: /Choi at Week 15/ })).toHaveTextContent('choi.target.pr')
  })

  it('undoes and redoes with Ctrl+Z and Ctrl+Shift+Z', async () => {
    const { user } = renderApp()
    const id = screen.getByRole('textbox', { name: 'Patient ID' })
    await user.type(id, '-B')
    expect(id).toHaveValue('OS-014-B')
    await user.keyboard('{Control>}z{/Control}')
    expect(id).toHaveValue('OS-014')
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}')
    expect(id).toHaveValue('OS-014-B')
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(id).toHaveValue('OS-014')
  })

  it('adds, renames and deletes a timepoint', async () => {
    const { user } = renderApp()
    await user.click(screen.getByRole('button', { name: '+ Timepoint' }))
    expect(screen.getByRole('textbox', { name: 'Date of Timepoint 5' })).toHaveFocus()
    await user.keyboard('2026-08-17{Enter}Week 31')
    expect(openDraft().timepoints.at(-1)).toMatchObject({ id: 't4', date: '2026-08-17', label: 'Week 31', modality: 'CT', kvp: 120 })
    await user.click(screen.getByRole('button', { name: 'Delete Week 31' }))
    expect(openDraft().timepoints).toHaveLength(4)
  })

  it('records a new lesion, which makes RECIST 1.1 progression', async () => {
    const { user } = renderApp()
    await user.click(screen.getByRole('button', { name: '+ New lesion' }))
    const group = screen.getByRole('group', { name: 'New lesion 1' })
    await user.type(within(group).getByRole('textbox', { name: 'Organ' }), 'liver')
    expect(liveResponses('RECIST 1.1')[2]).toBe('PD')
  })

  it('keeps working after the open case is deleted from the store', async () => {
    renderApp()
    act(() => useAppStore.getState().deleteCase(useAppStore.getState().openId!))
    expect(await screen.findByRole('heading', { name: 'Case library' })).toBeInTheDocument()
  })
})
