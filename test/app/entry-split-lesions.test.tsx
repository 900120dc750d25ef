/** A split target (RECIST 1.1 §4.3.2): its fragments are typed in the long-axis cell as "12 + 8.5" and summed. */
import { fireEvent, screen, within } from '@testing-library/react'
import { liveResponses, openDraft, openInput, renderApp, retype, smallCase } from './helpers.tsx'

const WEEK_8 = 'L1 long axis (mm) at Week 8'

describe('split lesions in the long-axis cell', () => {
  it('"12 + 8.5" records the fragments in place of the long axis, and RECIST 1.1 sums them', async () => {
    const { user } = renderApp(smallCase())
    expect(liveResponses('RECIST 1.1')[0]).toBe('SD')
    const cell = await retype(user, WEEK_8, '12 + 8.5')
    expect(cell).toHaveValue('12 + 8.5')
    expect(cell).not.toHaveAttribute('aria-invalid')
    expect(openDraft().lesions[0]!.assessments[1]).toEqual({ timepoint: 't1', status: 'measured', fragmentsMm: '12 + 8.5' })
    expect(openInput().lesions[0]!.assessments[1]).toEqual({ timepoint: 't1', status: 'measured', fragmentsMm: [12, 8.5] })
    expect(liveResponses('RECIST 1.1')[0]).toBe('PR') // 20.5 mm is 31.7 % under 30 mm
    await user.click(within(screen.getByRole('region', { name: 'Responses' })).getByRole('button', { name: /^RECIST 1\.1 at Week 8/ }))
    expect(await screen.findByRole('region', { name: /RECIST 1\.1 at Week 8/ })).toHaveTextContent('Sum of diameters20.5 mm')
  })

  it('accepts semicolons between fragments', async () => {
    const { user } = renderApp(smallCase())
    await retype(user, WEEK_8, '12;8,5;3')
    expect(openInput().lesions[0]!.assessments[1]!.fragmentsMm).toEqual([12, 8.5, 3])
    expect(liveResponses('RECIST 1.1')[0]).toBe('SD') // 23.5 mm
  })

  it('shows recorded fragments as a sum, and one number typed over them is the long axis again', async () => {
    const kase = smallCase()
    kase.lesions[0]!.assessments[1] = { timepoint: 't1', status: 'measured', fragmentsMm: [12, 8.5] } as never
    const { user } = renderApp(kase)
    expect(screen.getByRole('textbox', { name: WEEK_8 })).toHaveValue('12 + 8.5')
    expect(liveResponses('RECIST 1.1')[0]).toBe('PR')
    await retype(user, WEEK_8, '28')
    expect(openDraft().lesions[0]!.assessments[1]).toEqual({ timepoint: 't1', status: 'measured', longAxisMm: '28' })
    expect(liveResponses('RECIST 1.1')[0]).toBe('SD')
  })

  it('a fragment that is not a number is named in the message, and what was typed stays', async () => {
    const { user } = renderApp(smallCase())
    const cell = await retype(user, WEEK_8, '12 + 8,5 + x')
    expect(cell).toHaveValue('12 + 8,5 + x')
    expect(cell).toHaveAttribute('aria-invalid', 'true')
    expect(cell).toHaveAccessibleDescription('fragment 3: must be a non-negative number of millimetres')
    expect(screen.getByRole('region', { name: /1 problem stops the evaluation/ })).toHaveTextContent('Week 8 (2026-03-02) · L1 · fragment 3: must be a non-negative number of millimetres')
    // Half-typed: the empty fragment after "+" is reported the same way until it is typed.
    await user.clear(cell)
    await user.type(cell, '12 +')
    expect(cell).toHaveAccessibleDescription('fragment 2: must be a non-negative number of millimetres')
    await user.type(cell, ' 8.5')
    expect(cell).not.toHaveAttribute('aria-invalid')
    expect(liveResponses('RECIST 1.1')[0]).toBe('PR')
  })

  it('a pasted block may hold fragments', () => {
    renderApp(smallCase())
    fireEvent.paste(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' }), { clipboardData: { getData: () => '30\t12 + 8.5\t10; 9\n' } })
    expect(openInput().lesions[0]!.assessments.map((a) => a.fragmentsMm ?? a.longAxisMm)).toEqual([30, [12, 8.5], [10, 9]])
    expect(liveResponses('RECIST 1.1').slice(0, 2)).toEqual(['PR', 'PR'])
  })
})
