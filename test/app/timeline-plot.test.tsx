/** Issue #14: one patient on one time axis — sum, attenuation, research measures and every criterion's responses. */
import { render, screen, within } from '@testing-library/react'
import { evaluateCase, parseCase, type Case } from '../../criteria/index.ts'
import { timeline } from '../../src/features/plots/timeline-model.ts'
import { TimelinePlot } from '../../src/features/plots/timeline-plot.tsx'
import sample from '../../src/samples/pelvic-osteosarcoma-antiangiogenic.json'
import { renderApp } from './helpers.tsx'

const r = parseCase(sample)
if (!r.ok) throw new Error('sample invalid')
const kase: Case = r.value
const evaluation = evaluateCase(kase)

describe('timeline model', () => {
  const t = timeline(kase, evaluation)
  it('puts every series on days from the baseline scan', () => {
    expect(t.series.sums.map((s) => [s.day, s.sumMm])).toEqual([[0, 136], [49, 132], [91, 128], [133, 126]])
    expect(t.dayMin).toBe(0)
    expect(t.dayMax).toBe(133)
  })
  it('has the volume sum, Ktrans, iAUC60 and each biomarker as % change, and NLR', () => {
    const byName = new Map(t.changes.map((c) => [c.name, c]))
    expect(byName.get('Volume sum (volumetric)')!.points.map((p) => p.pct)).toEqual([0, -42.4, -67.3, -69.4])
    expect(byName.get('Ktrans P1')!.points.map((p) => p.pct)).toEqual([0, -50, -60.7, -64.3])
    expect(byName.get('VEGF-A')!.reference).toBe('first value')
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['iAUC60 P1', 'VEGF-B', 'PlGF', 'CEC', 'neutrophils', 'lymphocytes', 'NLR']))
  })
  it('has a response lane for every criterion that evaluated the case, none for the research measures', () => {
    expect(t.responses.map((l) => l.criterion)).toEqual(['recist11', 'choi', 'mchoi', 'who', 'sact', 'mass', 'irecist', 'volumetric'])
    expect(t.responses.find((l) => l.criterion === 'recist11')!.marks.map((m) => m.response)).toEqual(['SD', 'SD', 'SD'])
  })
})

describe('timeline plot', () => {
  it('is an accessible figure describing every series and response, with its data table', () => {
    render(<TimelinePlot data={timeline(kase, evaluation)} patient="OS-031" />)
    const img = screen.getByRole('img', { name: 'One time axis: sum, attenuation, research measures and responses, OS-031' })
    expect(img).toHaveAccessibleDescription(/Target sum 136 mm at day 0, 132 mm at day 49[\s\S]*Ktrans P1, change from baseline: 0 % at day 0, -50 % at day 49[\s\S]*RECIST 1\.1: SD at day 49/)
    const table = screen.getByRole('table')
    expect(within(table).getByRole('rowheader', { name: 'NLR (% change from first value)' })).toBeInTheDocument()
  })
  it('is on the Documents screen of the fourth example', async () => {
    const { user } = renderApp(sample)
    await user.click(screen.getByRole('button', { name: 'Documents' }))
    // The Documents screen is loaded on first use: wait for it as a user would.
    await screen.findByRole('heading', { name: 'Plots' }, { timeout: 20000 })
    expect(await screen.findByRole('img', { name: /^One time axis/ })).toBeInTheDocument()
  })
})
