import type { Evaluation } from '../../criteria/index.ts'
import { disagreements } from '../../src/features/results/results-matrix.tsx'
import { screen, within } from '@testing-library/react'
import { openDraft, renderApp, showScreen } from './helpers.tsx'

async function openResults() {
  const app = renderApp()
  await showScreen(app.user, 'Results')
  return app
}
const matrix = () => screen.getByRole('table', { name: 'Responses by criterion and timepoint' })

describe('results', () => {
  it('shows each criterion × timepoint and flags where the criteria disagree', async () => {
    await openResults()
    // RECIST 1.1 is the reference: the cells that differ from it are the ones marked.
    expect(within(matrix()).getByRole('button', { name: 'RECIST 1.1 at Week 7: SD, stable disease' }).closest('td')).not.toHaveClass('disagree')
    expect(within(matrix()).getByRole('columnheader', { name: /Week 7.*criteria disagree/ })).toBeInTheDocument()
    expect(within(matrix()).getByRole('button', { name: 'Choi at Week 7: PR, partial response (criteria disagree)' }).closest('td')).toHaveClass('disagree')
    expect(within(matrix()).getByRole('button', { name: 'Choi best overall response: PR, confirmed' })).toBeInTheDocument()
    expect(within(matrix()).getByRole('button', { name: 'RECIST 1.1 best overall response: SD' })).toBeInTheDocument()
  })

  it('explains a selected cell: sums, changes, attenuation, rule and options', async () => {
    const { user } = await openResults()
    await user.click(within(matrix()).getByRole('button', { name: /^Choi at Week 15/ }))
    const explanation = screen.getByRole('region', { name: /Choi at Week 15/ })
    expect(explanation).toHaveTextContent('Sum of diameters67 mm')
    expect(explanation).toHaveTextContent('Change vs baseline-6.9 %')
    expect(explanation).toHaveTextContent('Change vs nadir-2.9 %')
    // Choi as published (issue #10): the lung targets L1 and L2 enter the attenuation mean too.
    expect(explanation).toHaveTextContent('49.33 → 30 HU (-39.2 %) from L1, L2, L3')
    expect(explanation).toHaveTextContent('choi.target.pr')
    expect(explanation).toHaveTextContent('Min LD for density (mm)0')
    expect(explanation).toHaveTextContent('SafeguardsNone (as published)')
    expect(explanation).toHaveTextContent('Target selectionRECIST 1.1 (5 targets, nodes by short axis)')
  })

  it('explains a best overall response with its confirmation', async () => {
    const { user } = await openResults()
    await user.click(within(matrix()).getByRole('button', { name: /^Choi best overall/ }))
    const explanation = screen.getByRole('region', { name: /Choi, best overall response/ })
    expect(explanation).toHaveTextContent('Confirmationconfirmed')
    expect(explanation).toHaveTextContent(/confirmed by PR on 2026-04-27/)
  })

  it('renders each criterion option from its schema and writes changes into the case', async () => {
    const { user } = await openResults()
    const recist = screen.getByRole('region', { name: /^RECIST 1.1/ })
    const mode = within(recist).getByRole('combobox', { name: 'Cavitation mode' })
    expect(mode).toHaveValue('outer_ld')
    expect(mode).toHaveAccessibleDescription(/Crabb 2009.*Default: Outer diameter \(RECIST 1\.1 as written\)\./)
    // The choices in words; the case file keeps the value.
    expect(within(mode).getAllByRole('option').map((o) => o.textContent)).toEqual(['Outer diameter (RECIST 1.1 as written) (default)', 'Air cavity subtracted (Crabb 2009)'])
    await user.selectOptions(mode, 'Air cavity subtracted (Crabb 2009)')
    expect(openDraft().criteriaOptions).toEqual({ recist11: { cavitationMode: 'cavity_adjusted' } })

    const choi = screen.getByRole('region', { name: /^Choi/ })
    await user.click(within(choi).getByRole('checkbox', { name: 'Exclude lung from density' }))
    expect(openDraft().criteriaOptions?.choi).toEqual({ excludeLungFromDensity: true })
    await user.click(within(choi).getByRole('button', { name: 'Reset Choi options to defaults' }))
    expect(openDraft().criteriaOptions).not.toHaveProperty('choi')
  })

  it('a numeric option out of range shows the schema message on its field', async () => {
    const { user } = await openResults()
    const choi = screen.getByRole('region', { name: /^Choi/ })
    const floor = within(choi).getByRole('textbox', { name: 'Absolute floor (mm) (0–100)' })
    await user.type(floor, '500')
    expect(floor).toHaveAccessibleDescription(/must be at most 100/)
  })

  it('study settings change the best response', async () => {
    const { user } = await openResults()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Confirmation of CR/PR' }), 'not-required')
    expect(within(matrix()).getByRole('button', { name: 'Choi best overall response: PR' })).toBeInTheDocument()
    const sd = screen.getByRole('textbox', { name: 'SD minimum (days)' })
    await user.clear(sd)
    await user.type(sd, '400')
    expect(within(matrix()).getByRole('button', { name: /^RECIST 1.1 best overall response: (NE|none)/ })).toBeInTheDocument()
  })

  it('hides a criterion that is switched off', async () => {
    const { user } = await openResults()
    await user.click(screen.getByRole('checkbox', { name: 'Show Modified Choi (Nathan 2010) in the results' }))
    expect(within(matrix()).queryByRole('rowheader', { name: /Modified Choi/ })).toBeNull()
  })
})

describe('caveats', () => {
  it('lists every finding grouped by lesion, and the MD Anderson caveat for osteosarcoma', async () => {
    const { user } = renderApp()
    await showScreen(user, 'Caveats')
    expect(screen.getByRole('region', { name: 'Whole case' })).toHaveTextContent(/MD Anderson bone criteria do not apply to osteogenic tumours/)
    const l1 = screen.getByRole('region', { name: 'Lesion L1 — Right lower lobe nodule' })
    expect(l1).toHaveTextContent(/cavitates at Week 15 \(2026-04-27\)/)
    expect(l1).toHaveTextContent(/Reported by RECIST 1.1, Choi, Modified Choi/)
    expect(l1).toHaveTextContent(/Crabb SJ/)
  })

  it('leaves the MD Anderson caveat out for other diagnoses', async () => {
    const { user } = renderApp()
    const diagnosis = screen.getByRole('textbox', { name: 'Diagnosis' })
    await user.clear(diagnosis)
    await user.type(diagnosis, 'renal cell carcinoma')
    await showScreen(user, 'Caveats')
    expect(screen.queryByText('mda-not-for-osteogenic-tumours')).toBeNull()
    expect(screen.queryByText(/MD Anderson bone criteria do not apply to osteogenic tumours/)).toBeNull()
  })
})

describe('disagreement', () => {
  const result = (criterion: string, responses: string[]) => ({ criterion, timepoints: responses.map((response, i) => ({ timepoint: `t${i + 1}`, response })) })
  const evaluation = (...results: ReturnType<typeof result>[]) => ({ patient: 'P', findings: [], results }) as unknown as Evaluation

  it('marks the cells that differ from RECIST 1.1, on the common scale, ignoring NE', () => {
    const differ = disagreements(evaluation(result('recist11', ['SD', 'PR', 'SD']), result('choi', ['PR', 'PR', 'NE']), result('who', ['NC', 'PR', 'SD']), result('irecist', ['iSD', 'iPR', 'SD'])))
    expect([...differ]).toEqual([['t1', new Set(['choi'])]])
  })

  it('marks every evaluable cell of the column when RECIST 1.1 is not shown', () => {
    const differ = disagreements(evaluation(result('choi', ['PR']), result('mchoi', ['SD']), result('mda', ['NE'])))
    expect(differ.get('t1')).toEqual(new Set(['choi', 'mchoi']))
  })
})
