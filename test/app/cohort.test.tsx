import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { parseCase, type Case } from '../../criteria/index.ts'
import { cohortTable } from '../../src/documentation/cohort.ts'
import { clopperPearson, compareCriteria } from '../../src/documentation/statistics.ts'
import CohortScreen from '../../src/features/cohort/cohort-screen.tsx'
import { readCohortFiles } from '../../src/features/cohort/cohort-import.ts'
import { StatisticsPanel } from '../../src/features/cohort/statistics-panel.tsx'
import { CaseDraftSchema } from '../../src/store/case-draft.ts'
import { useAppStore } from '../../src/store/app-store.ts'
import { EXAMPLES } from '../../src/store/examples.ts'
import { cohort, cohortCase } from '../fixtures/cohort-builder.ts'

const parsed = (raw: unknown): Case => {
  const r = parseCase(raw)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.value
}
const file = (name: string, text: string) => new File([text], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' })

/** The store with only the given cases in its library. */
function seed(n: number) {
  localStorage.clear()
  useAppStore.setState({ ...useAppStore.getInitialState(), library: {}, openId: null, selectedCriteria: ['recist11', 'choi'], cohortChoice: {} }, true)
  useAppStore.getState().importCases(cohort(n).map((c) => CaseDraftSchema.parse(c)))
}

describe('cohort table', () => {
  it('lists every case of the library with each criterion’s best response and best change', async () => {
    seed(6)
    const onOpen = vi.fn()
    render(<CohortScreen onOpenCase={onOpen} />)
    expect(screen.getByRole('heading', { name: 'Cohort: 6 patients' })).toBeInTheDocument()
    const table = screen.getByRole('table', { name: /^Cohort: best overall response/ })
    const rows = within(table).getAllByRole('row').slice(2)
    expect(rows).toHaveLength(6)
    const p01 = within(table).getByRole('row', { name: /^P01/ })
    expect(within(p01).getAllByText('PR')).toHaveLength(2)
    expect(within(p01).getAllByText('−40 %')).toHaveLength(2)
    const p03 = within(table).getByRole('row', { name: /^P03/ })
    expect(within(p03).getAllByText('PD')).toHaveLength(2)
    expect(p03).toHaveTextContent('2026-03-02')
    await userEvent.click(within(table).getByRole('button', { name: 'Open case P03' }))
    const id = Object.entries(useAppStore.getState().library).find(([, e]) => e.draft.patient.id === 'P03')![0]
    expect(onOpen).toHaveBeenCalledWith(id)
  })

  it('imports many JSON files at once and a long-format CSV, and offers undo', async () => {
    seed(0)
    const user = userEvent.setup()
    render(<CohortScreen onOpenCase={() => {}} />)
    const csv = 'patient,date,lesion,role,organ,kind,long_axis_mm,status\nCSV-1,2026-01-05,L1,target,liver,non-nodal,40,measured\nCSV-1,2026-03-02,L1,target,liver,non-nodal,20,measured\n'
    await user.upload(screen.getByLabelText('Import case files (JSON) or a measurements CSV'), [file('P01.json', JSON.stringify(cohortCase(1))), file('P02.json', JSON.stringify(cohortCase(2))), file('more.csv', csv)])
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 3 cases from 3 files.')
    expect(Object.values(useAppStore.getState().library).map((e) => e.draft.patient.id).sort()).toEqual(['CSV-1', 'P01', 'P02'])
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(0)
  })

  it('imports nothing when one file has a problem, and names every problem by file and row/column or path', async () => {
    seed(0)
    const user = userEvent.setup()
    render(<CohortScreen onOpenCase={() => {}} />)
    const bad = { ...cohortCase(2), lesions: [{ ...cohortCase(2).lesions[0], assessments: [{ timepoint: 't0', status: 'measured', longAxisMm: -3 }] }] }
    const csv = 'patient,date,lesion,role,organ,kind,long_axis_mm,status\nCSV-1,2026-01-05,L1,target,liver,non-nodal,forty,measured\n'
    await user.upload(screen.getByLabelText('Import case files (JSON) or a measurements CSV'), [file('good.json', JSON.stringify(cohortCase(1))), file('bad.json', JSON.stringify(bad)), file('rows.csv', csv)])
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Nothing was imported')
    // The field as the user knows it (timepoint, lesion, measure), never its JSON path.
    expect(alert).toHaveTextContent(/bad\.json, [^,]*\(2026-01-05\) · L1[^:]* · long axis: /)
    expect(alert).not.toHaveTextContent('bad.json, lesions[0]')
    expect(alert).toHaveTextContent(/rows\.csv, row 2, column long_axis_mm/)
    expect(alert).not.toHaveTextContent('good.json')
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(0)
  })

  it('reads files without a DOM: all or nothing', async () => {
    const ok = await readCohortFiles([{ name: 'a.json', size: 10, text: async () => JSON.stringify(cohortCase(1)) }])
    expect(ok.ok && ok.drafts.map((d) => d.patient.id)).toEqual(['P01'])
    const broken = await readCohortFiles([
      { name: 'a.json', size: 10, text: async () => JSON.stringify(cohortCase(1)) },
      { name: 'b.json', size: 10, text: async () => '{' },
    ])
    expect(broken.ok).toBe(false)
    expect(!broken.ok && broken.problems.map((p) => p.file)).toEqual(['b.json'])
  })
})

describe('statistics panel', () => {
  const table = cohortTable(cohort(10).map(parsed), ['recist11', 'choi'])

  it('shows ORR and DCR per criterion with their exact 95 % intervals', () => {
    render(<StatisticsPanel evaluations={table.evaluations} criteria={table.criteria} onOpenPatient={() => {}} />)
    const rates = screen.getByRole('table', { name: /Objective response rate/ })
    const recist = within(rates).getByRole('row', { name: /^RECIST 1\.1/ })
    // P01, P06 respond under RECIST 1.1 (−40 %, −32 %): 2 of 10.
    const ci = clopperPearson(2, 10)
    expect(recist).toHaveTextContent('2/10 = 20.0 %')
    expect(recist).toHaveTextContent(`${(ci.lower * 100).toFixed(1)} % – ${(ci.upper * 100).toFixed(1)} %`)
    expect(ci.lower).toBeCloseTo(0.0252, 3) // published: 2/10 → 2.5 %–55.6 %
    expect(within(rates).getByRole('row', { name: /^Choi/ })).toHaveTextContent(/\d+\/10 = /)
  })

  it('cross-tabulates two criteria with agreement, kappa and weighted kappa, and lists the discordant patients', async () => {
    const onOpen = vi.fn()
    const user = userEvent.setup()
    render(<StatisticsPanel evaluations={table.evaluations} criteria={table.criteria} onOpenPatient={onOpen} />)
    const expected = compareCriteria(table.evaluations, 'recist11', 'choi')
    expect(screen.getByTestId('percent-agreement')).toHaveTextContent(`${(expected.percentAgreement! * 100).toFixed(1)} %`)
    expect(screen.getByTestId('kappa')).toHaveTextContent(expected.ordinal.unweighted.kappa!.toFixed(3))
    expect(screen.getByTestId('kappa-linear')).toHaveTextContent(expected.ordinal.linear.kappa!.toFixed(3))
    const list = screen.getByRole('list', { name: 'Patients RECIST 1.1 and Choi classify differently' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(expected.discordant.length)
    expect(expected.discordant.length).toBeGreaterThan(0)
    await user.click(within(list).getByRole('button', { name: `Open case ${expected.discordant[0]!.patient}` }))
    expect(onOpen).toHaveBeenCalledWith(expected.discordant[0]!.patient)
    // The same criterion on both sides agrees with itself.
    await user.selectOptions(screen.getByLabelText('Columns'), 'recist11')
    expect(screen.getByTestId('percent-agreement')).toHaveTextContent('100.0 %')
    expect(screen.getByText('The two criteria agree on every patient.')).toBeInTheDocument()
  })
})

describe('what the cohort counts', () => {
  it('lists every case, leaves the built-in examples out unless asked, lets the user leave any case out, and warns on a patient counted twice', async () => {
    seed(3)
    const user = userEvent.setup()
    useAppStore.getState().addCase(EXAMPLES[0]!.draft)
    useAppStore.getState().importCases([CaseDraftSchema.parse(cohortCase(2))])
    render(<CohortScreen onOpenCase={() => {}} />)
    const members = screen.getByRole('table', { name: 'Cases of the library: counted in the cohort or left out' })
    const row = (patient: string) => within(members).getByRole('row', { name: new RegExp(`^Count ${patient.replace(/[()]/g, '\\$&')} `) })
    // P02 twice (counted both times), the example left out.
    expect(screen.getByRole('heading', { name: 'Cohort: 4 patients' })).toBeInTheDocument()
    expect(screen.getByText(/Counts 4 of the library’s 5 cases|Counts 4 of the library's 5 cases/)).toBeInTheDocument()
    expect(row(EXAMPLES[0]!.draft.patient.id)).toHaveTextContent('built-in example, left out unless you count it')
    expect(screen.getByRole('alert')).toHaveTextContent('The same patient is counted more than once: P02 (2 cases)')

    // Leave one P02 out: the warning goes, the table has 3 patients.
    await user.click(within(members).getAllByRole('checkbox', { name: 'Count P02' })[1]!)
    expect(screen.getByRole('heading', { name: 'Cohort: 3 patients' })).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(within(members).getAllByRole('row', { name: /^Count P02 / })[1]).toHaveTextContent('left out by you')

    // Count the example.
    await user.click(within(row(EXAMPLES[0]!.draft.patient.id)).getByRole('checkbox'))
    expect(screen.getByRole('heading', { name: 'Cohort: 4 patients' })).toBeInTheDocument()
    const table = screen.getByRole('table', { name: /^Cohort: best overall response/ })
    expect(within(table).getByRole('button', { name: `Open case ${EXAMPLES[0]!.draft.patient.id}` })).toBeInTheDocument()
  })
})
