import { act, render, screen, waitFor, within } from '@testing-library/react'
import { AmendDialog } from '../../src/features/documents/amend-dialog.tsx'
import { useAppStore } from '../../src/store/app-store.ts'
import { openDraft, renderApp } from './helpers.tsx'

/** Signs off the sample's Week 7 timepoint (t1) through the Documents screen. */
async function signOffWeek7(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'Documents' }))
  const form = await screen.findByRole('form', { name: 'Sign off a timepoint' })
  await user.selectOptions(within(form).getByLabelText('Timepoint'), 't1')
  await user.type(within(form).getByLabelText('Assessor name'), 'Dr A. Reader')
  await user.type(within(form).getByLabelText('Role'), 'site radiologist')
  await user.clear(within(form).getByLabelText('Date'))
  await user.type(within(form).getByLabelText('Date'), '2026-03-05')
  await user.selectOptions(within(form).getByLabelText('Meaning of the signature'), 'assessment of this timepoint reviewed and approved')
  await user.click(within(form).getByRole('button', { name: 'Sign off' }))
  await screen.findByText(/^Signed off Week 7 as /)
}

describe('sign-off and audit trail', () => {
  it('signs off a timepoint, shows it locked, and keeps undo from taking the signature back', async () => {
    const { user } = renderApp()
    await signOffWeek7(user)
    expect(screen.getByRole('status')).toHaveTextContent('Signed off Week 7 as Dr A. Reader')
    const at = (openDraft().signOffs as { at: string }[])[0]!.at
    expect(openDraft().signOffs).toEqual([{ timepoint: 't1', assessor: 'Dr A. Reader', role: 'site radiologist', date: '2026-03-05', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), meaning: 'assessment of this timepoint reviewed and approved' }])
    const signed = screen.getByRole('table', { name: 'Signed-off timepoints' })
    // When it was signed, in the reader's locale with the time zone, and what the signature means.
    const when = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(at))
    expect(within(signed).getByRole('row', { name: `Week 7 locked Dr A. Reader site radiologist ${when} assessment of this timepoint reviewed and approved` })).toBeInTheDocument()
    expect(useAppStore.getState().past).toEqual([])
    await user.click(screen.getByRole('button', { name: 'Entry' }))
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 7 (signed off)' })).toHaveClass('locked')
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' })).not.toHaveClass('locked')
  })

  it('asks for a reason before a signed value changes, then logs who, when, field, old → new and why', async () => {
    const { user } = renderApp()
    await signOffWeek7(user)
    await user.click(screen.getByRole('button', { name: 'Entry' }))
    const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 7 (signed off)' })
    await user.clear(cell)
    await user.type(cell, '20')
    expect(openDraft().lesions[0]!.assessments[1]!.longAxisMm).toBe(21) // nothing changes while typing
    await user.tab()
    const dialog = screen.getByRole('dialog', { name: 'Change signed-off data?' })
    expect(dialog).toHaveTextContent('Week 7 (2026-03-02) · L1 Right lower lobe nodule · long axis: 21 → 20')
    expect(dialog).not.toHaveTextContent('lesions[0]')
    const apply = within(dialog).getByRole('button', { name: 'Change and log' })
    expect(apply).toBeDisabled()
    await user.type(within(dialog).getByLabelText('Your name'), 'Dr B. Second')
    expect(apply).toBeDisabled()
    await user.type(within(dialog).getByLabelText('Reason for the change'), 'Remeasured on the arterial series')
    await user.click(apply)
    // The change is checked by audit.ts, which loads with the engine: the dialog closes once it is applied.
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const draft = openDraft()
    expect(draft.lesions[0]!.assessments[1]!.longAxisMm).toBe(20)
    expect(draft.auditLog).toEqual([{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), who: 'Dr B. Second', field: 'lesions[0].assessments[1].longAxisMm', old: 21, new: 20, reason: 'Remeasured on the arterial series' }])
    await user.click(screen.getByRole('button', { name: 'Documents' }))
    const log = await screen.findByRole('table', { name: 'Changes made after sign-off, oldest first' })
    expect(within(log).getByRole('row', { name: /Dr B\. Second Week 7 \(2026-03-02\) · L1 Right lower lobe nodule · long axis 21 → 20 Remeasured on the arterial series/ })).toBeInTheDocument()
  })

  it('in team mode the dialog asks for the reason alone: the signed-in account is who changes it', async () => {
    const { user, unmount } = renderApp()
    await signOffWeek7(user)
    await user.click(screen.getByRole('button', { name: 'Entry' }))
    const cell = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 7 (signed off)' })
    await user.clear(cell)
    await user.type(cell, '20')
    await user.tab()
    unmount()
    // The team app renders the dialog with the account (src/team/team-app.tsx); the change waits in the store.
    render(<AmendDialog account="Dr C. Coordinator (drc)" />)
    const dialog = screen.getByRole('dialog', { name: 'Change signed-off data?' })
    expect(within(dialog).queryByLabelText('Your name')).not.toBeInTheDocument()
    expect(dialog).toHaveTextContent('Changed by you, signed in as Dr C. Coordinator (drc).')
    const reason = within(dialog).getByLabelText('Reason for the change')
    expect(reason).toHaveAccessibleDescription('Changed by you, signed in as Dr C. Coordinator (drc).')
    const apply = within(dialog).getByRole('button', { name: 'Change and log' })
    expect(apply).toBeDisabled()
    await user.type(reason, 'Remeasured on the arterial series')
    await user.click(apply)
    // The change is checked by audit.ts, which loads with the engine: the dialog closes once it is applied.
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(openDraft().auditLog).toEqual([expect.objectContaining({ who: 'Dr C. Coordinator (drc)', field: 'lesions[0].assessments[1].longAxisMm', old: 21, new: 20, reason: 'Remeasured on the arterial series' })])
  })

  it('cancelling the prompt leaves the signed data as it was, and unsigned data changes without a reason', async () => {
    const { user } = renderApp()
    await signOffWeek7(user)
    await user.click(screen.getByRole('button', { name: 'Entry' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'L1 status at Week 7 (signed off)' }), 'absent')
    const dialog = screen.getByRole('dialog', { name: 'Change signed-off data?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(openDraft().lesions[0]!.assessments[1]!.status).toBe('measured')
    expect(openDraft().auditLog).toBeUndefined()
    // Escape cancels too, and gives the focus back to the field that was being changed.
    const status = screen.getByRole('combobox', { name: 'L1 status at Week 7 (signed off)' })
    await user.selectOptions(status, 'absent')
    expect(within(screen.getByRole('dialog', { name: 'Change signed-off data?' })).getByLabelText('Your name')).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(openDraft().lesions[0]!.assessments[1]!.status).toBe('measured')
    expect(status).toHaveFocus()
    const baseline = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' })
    await user.clear(baseline)
    await user.type(baseline, '23')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(openDraft().lesions[0]!.assessments[0]!.longAxisMm).toBe('23')
  })

  it('routes every store edit of signed data through the prompt: a deleted lesion is held too', async () => {
    renderApp()
    const store = useAppStore.getState()
    // The store's actions, called as the screens call them: inside act, since the rendered app follows the store.
    expect(await act(() => store.signOffTimepoint({ timepoint: 't1', assessor: 'A', role: 'reader', date: '2026-03-05' }))).toEqual([])
    const before = openDraft()
    act(() => useAppStore.getState().editOpenCase((d) => ({ ...d, lesions: d.lesions.slice(1) })))
    expect(openDraft()).toBe(before)
    expect(useAppStore.getState().pendingAmendment).toMatchObject({ timepoints: expect.arrayContaining(['t1']), changes: [{ path: 'lesions' }] })
    // No reason: refused by audit.ts, nothing changes.
    expect(await act(() => useAppStore.getState().confirmAmendment('A', ''))).toBe(false)
    expect(useAppStore.getState().pendingAmendment!.problems[0]!.message).toMatch(/give a reason/)
    expect(openDraft()).toBe(before)
    expect(await act(() => useAppStore.getState().confirmAmendment('A', 'wrong lesion'))).toBe(true)
    expect(openDraft().lesions).toHaveLength(before.lesions.length - 1)
    expect(openDraft().auditLog).toHaveLength(1)
  })
})
