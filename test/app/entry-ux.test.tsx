/**
 * Entry that does what the user means (issue #11): a date that moves the baseline is asked
 * about first, with what changes; focus follows what was added; the keyboard help.
 */
import { act, screen, within } from '@testing-library/react'
import { useAppStore } from '../../src/store/app-store.ts'
import { liveResponses, openDraft, renderApp, showScreen } from './helpers.tsx'

describe('entry that does what the user means', () => {
  it('asks before a follow-up dated before the baseline becomes the baseline, saying what changes; keeping the date changes nothing', async () => {
    const { user } = renderApp()
    const before = openDraft()
    const date = screen.getByRole('textbox', { name: 'Date of Week 7' })
    await user.clear(date)
    await user.type(date, '2025-12-01')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument() // nothing happens while typing
    await user.keyboard('{Enter}')
    const dialog = screen.getByRole('dialog', { name: 'Make Week 7 (2025-12-01) the baseline?' })
    expect(dialog).toHaveTextContent('instead of Baseline (2026-01-05)')
    // The sample: Choi's best response falls from PR to SD when the darker scan becomes the baseline.
    expect(within(dialog).getByText('Choi', { selector: 'strong' }).closest('li')).toHaveTextContent(/^Choi: PR.* → SD/)
    expect(within(dialog).getByRole('button', { name: 'Keep the date as it was' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(openDraft()).toBe(before)
    expect(screen.getByRole('textbox', { name: 'Date of Week 7' })).toHaveValue('2026-03-02')
    // Enter had moved on to the cell below: the focus is given back there.
    expect(screen.getByRole('textbox', { name: 'Label of Week 7' })).toHaveFocus()
  })

  it('changing the date and the baseline puts the columns in date order, in one undo step', async () => {
    const { user } = renderApp()
    const date = screen.getByRole('textbox', { name: 'Date of Week 7' })
    await user.clear(date)
    await user.type(date, '2025-12-01')
    await user.tab()
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Change the date and the baseline' }))
    expect(openDraft().timepoints.map((t) => t.label)).toEqual(['Week 7', 'Baseline', 'Week 15', 'Week 23'])
    expect(screen.getAllByRole('textbox', { name: /^Date of / }).map((c) => (c as HTMLInputElement).value)).toEqual(['2025-12-01', '2026-01-05', '2026-04-27', '2026-06-22'])
    expect(liveResponses('Choi')[0]).toBe('SD')
    act(() => useAppStore.getState().undo())
    expect(openDraft().timepoints.map((t) => t.date)).toEqual(['2026-01-05', '2026-03-02', '2026-04-27', '2026-06-22'])
  })

  it('a follow-up date that keeps the baseline is applied without a question', async () => {
    const { user } = renderApp()
    const date = screen.getByRole('textbox', { name: 'Date of Week 7' })
    await user.clear(date)
    await user.type(date, '2026-03-03')
    await user.tab()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(openDraft().timepoints[1]!.date).toBe('2026-03-03')
  })

  it('focus moves into what was added: a new case, a timepoint, a lesion, a new lesion (by button and by shortcut)', async () => {
    const { user } = renderApp()
    await showScreen(user, 'Library')
    await user.click(screen.getByRole('button', { name: 'New case' }))
    expect(screen.getByRole('textbox', { name: 'Patient ID' })).toHaveFocus()
    await user.keyboard('{Alt>}t{/Alt}')
    expect(screen.getByRole('textbox', { name: 'Date of Timepoint 2' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: '+ Timepoint' }))
    expect(screen.getByRole('textbox', { name: 'Date of Timepoint 3' })).toHaveFocus()
    await user.keyboard('{Alt>}l{/Alt}')
    expect(screen.getAllByRole('textbox', { name: 'Name' }).at(-1)).toHaveFocus()
    await user.keyboard('Liver dome{Enter}liver{Enter}')
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' })).toHaveFocus()
    expect(openDraft().lesions[0]).toMatchObject({ id: 'L1', name: 'Liver dome', organ: 'liver', role: 'target' })
    await user.click(screen.getByRole('button', { name: '+ Non-target lesion' }))
    expect(screen.getAllByRole('textbox', { name: 'Name' }).at(-1)).toHaveFocus()
    expect(openDraft().lesions[1]).toMatchObject({ id: 'N1', role: 'non-target' })
    await user.keyboard('{Alt>}n{/Alt}')
    expect(openDraft().lesions[2]).toMatchObject({ id: 'N2', role: 'non-target' })
    expect(screen.getAllByRole('textbox', { name: 'Name' }).at(-1)).toHaveFocus()
    await user.click(screen.getByRole('button', { name: '+ New lesion' }))
    expect(within(screen.getByRole('group', { name: 'New lesion 1' })).getByRole('textbox', { name: 'Organ' })).toHaveFocus()
    await user.keyboard('{Alt>}w{/Alt}')
    expect(within(screen.getByRole('group', { name: 'New lesion 2' })).getByRole('textbox', { name: 'Organ' })).toHaveFocus()
  })

  it('Enter on a Findings cell moves down; Space opens its checklist', async () => {
    const { user } = renderApp()
    const findings = screen.getByLabelText(/^L1 findings at Baseline: /)
    findings.focus()
    await user.keyboard('{Enter}')
    expect(findings.closest('details')).not.toHaveAttribute('open')
    expect(document.activeElement).not.toBe(findings)
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^L2 long axis \(mm\) at Baseline$|^L1 /)
  })

  it('? opens the keyboard help (not while typing in a field); Escape closes it and gives the focus back', async () => {
    const { user } = renderApp()
    const id = screen.getByRole('textbox', { name: 'Patient ID' })
    await user.click(id)
    await user.keyboard('?')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(id).toHaveValue('OS-014?')
    const undo = screen.getByRole('button', { name: 'Undo' })
    undo.focus()
    await user.keyboard('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard' })
    expect(within(dialog).getByRole('row', { name: /Alt\+T Add a timepoint/ })).toBeInTheDocument()
    expect(within(dialog).getByRole('row', { name: /Alt\+L Add a target lesion/ })).toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(undo).toHaveFocus()
  })

  it('the keyboard help lists the shortcut of every button that has one, from the one table the keys are handled by', async () => {
    const { user } = renderApp()
    const withKeys = screen.getAllByRole('button').filter((b) => b.hasAttribute('aria-keyshortcuts'))
    expect(withKeys.map((b) => b.textContent?.trim())).toEqual(expect.arrayContaining(['+ Timepoint', '+ Target lesion', '+ Non-target lesion', '+ New lesion', 'Undo', 'Redo']))
    await user.click(screen.getByRole('button', { name: /Keys$/ }))
    const rows = within(screen.getByRole('dialog', { name: 'Keyboard' })).getAllByRole('row').map((r) => r.textContent ?? '')
    for (const button of withKeys) {
      // The tooltip names the keys ("Alt+T", "Undo (Ctrl+Z)"); the help has a row starting with them.
      const keys = /\(([^)]+)\)$/.exec(button.title)?.[1] ?? button.title
      expect(rows.some((r) => r.startsWith(keys)), `${button.textContent}: ${keys} is not in the help`).toBe(true)
    }
    await user.keyboard('{Escape}')
    // Ctrl+Y, listed beside Ctrl+Shift+Z, redoes.
    const id = screen.getByRole('textbox', { name: 'Patient ID' })
    await user.type(id, 'X')
    await user.keyboard('{Control>}z{/Control}')
    expect(id).toHaveValue('OS-014')
    await user.keyboard('{Control>}y{/Control}')
    expect(id).toHaveValue('OS-014X')
  })
})
