import { render, screen, within } from '@testing-library/react'
import { evaluateCase, parseCase, type Case } from '../../criteria/index.ts'
import { cohortTable } from '../../src/documentation/cohort.ts'
import { AttenuationPlot, SumPlot } from '../../src/features/plots/case-plots.tsx'
import { caseSeries, spiderLines, swimmerLanes, waterfallBars } from '../../src/features/plots/plot-model.ts'
import { extent, legendOffsets, linearScale, linePath, niceDomain, signedPct, stepPath, ticks } from '../../src/features/plots/scale.ts'
import { SpiderPlot } from '../../src/features/plots/spider-plot.tsx'
import { SwimmerPlot } from '../../src/features/plots/swimmer-plot.tsx'
import { WaterfallPlot } from '../../src/features/plots/waterfall-plot.tsx'
import sample from '../../src/samples/sorafenib-lung-metastases.json'
import { cohort } from '../fixtures/cohort-builder.ts'

const parsed = (raw: unknown): Case => {
  const r = parseCase(raw)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.value
}

describe('scales and paths', () => {
  it('maps a domain linearly onto a range, inverted for y', () => {
    const y = linearScale([-40, 20], [300, 0])
    expect(y(-40)).toBe(300)
    expect(y(20)).toBe(0)
    expect(y(-10)).toBe(150)
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50)
  })
  it('chooses 1-2-5 steps and widens the domain to them', () => {
    expect(ticks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100])
    expect(ticks(-44.9, 25, 6)).toEqual([-40, -20, 0, 20])
    expect(ticks(-45, 25, 10)).toEqual([-40, -30, -20, -10, 0, 10, 20])
    expect(niceDomain(-44.9, 25, 6)).toEqual([-60, 40])
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(ticks(0, 1, 4)).toEqual([0, 0.5, 1])
    expect(extent([])).toEqual([0, 1])
  })
  it('writes polyline and step paths rounded to 0.1 px', () => {
    expect(linePath([{ x: 0, y: 1.234 }, { x: 10, y: 5 }])).toBe('M0 1.2 L10 5')
    // The value for each scan holds from the previous scan up to it.
    expect(stepPath(0, [{ x: 5, y: 10 }, { x: 9, y: 20 }, { x: 12, y: 15 }])).toBe('M0 10 H5 V20 H9 V15 H12')
    expect(linePath([])).toBe('')
  })
  it('signs percentages with a true minus and lays legends out left to right', () => {
    expect(signedPct(-30)).toBe('−30 %')
    expect(signedPct(12.34)).toBe('+12.3 %')
    expect(signedPct(0)).toBe('0 %')
    expect(legendOffsets(['PR', 'SD'], 10)).toEqual([10, 10 + 36 + 2 * 6.8])
  })
})

describe('plot data', () => {
  const cases = cohort(10).map(parsed)
  const table = cohortTable(cases, ['recist11', 'choi'])

  it('orders the waterfall from the largest increase to the largest decrease', () => {
    const { bars, missing } = waterfallBars(table, 'recist11')
    expect(bars).toHaveLength(10)
    expect(missing).toEqual([])
    expect(bars.map((b) => b.changePct)).toEqual([...bars.map((b) => b.changePct)].sort((a, b) => b - a))
    expect(bars.at(-1)).toMatchObject({ patient: 'P01', changePct: -40, level: 'PR' })
  })
  it('starts every spider line at baseline (day 0, 0 %)', () => {
    const lines = spiderLines(cases, table.evaluations, 'recist11')
    expect(lines).toHaveLength(10)
    for (const l of lines) expect(l.points[0]).toMatchObject({ day: 0, changePct: 0 })
    expect(lines.find((l) => l.patient === 'P01')!.points.map((p) => p.day)).toEqual([0, 56, 112])
  })
  it('measures swimmer lanes from the start of therapy and marks the first progression', () => {
    const lanes = swimmerLanes(cases, table.evaluations, 'recist11')
    const p03 = lanes.find((l) => l.patient === 'P03')!
    expect(p03).toMatchObject({ days: 53, progressionDay: 53, level: 'PD' })
    expect(lanes.find((l) => l.patient === 'P01')!.progressionDay).toBeNull()
    expect(lanes.map((l) => l.days)).toEqual([...lanes.map((l) => l.days)].sort((a, b) => b - a))
  })
  it('takes per-case sums from RECIST 1.1 and attenuation from Choi, with +20 % over the nadir before each scan', () => {
    const kase = parsed(sample)
    const s = caseSeries(kase, evaluateCase(kase, ['recist11', 'choi']))
    expect(s.sums.map((p) => p.sumMm)).toEqual([72, 69, 67, 66])
    expect(s.pdLine.map((p) => Math.round(p.sumMm * 10) / 10)).toEqual([86.4, 82.8, 80.4])
    // Choi as published (issue #10): the lung targets L1 and L2 are in the attenuation mean too.
    expect(s.hu.map((h) => h.hu)).toEqual([49.33, 36, 30, 30.67])
  })
})

describe('plots as accessible SVG', () => {
  const cases = cohort(10).map(parsed)
  const table = cohortTable(cases, ['recist11', 'choi'])

  it('waterfall: one image named by its title, described, one bar per patient coloured by response', () => {
    const { container } = render(<WaterfallPlot {...waterfallBars(table, 'recist11')} criterionName="RECIST 1.1" />)
    const img = screen.getByRole('img', { name: 'Waterfall: best change of the target sum, RECIST 1.1' })
    expect(img.tagName.toLowerCase()).toBe('svg')
    expect(img).toHaveAccessibleDescription(/^10 patients, from the largest increase/)
    expect(img.querySelector('title')).toHaveTextContent('Waterfall')
    expect(container.querySelectorAll('.bars rect')).toHaveLength(10)
    expect(container.querySelectorAll('.bars rect[data-level="PR"]')).toHaveLength(2)
    expect(screen.getByRole('button', { name: /as SVG$/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /as PNG$/ })).toBeInTheDocument()
    // The text alternative: the plotted values as a table.
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(11)
  })
  it('spider: one line per patient', () => {
    const { container } = render(<SpiderPlot lines={spiderLines(cases, table.evaluations, 'choi')} criterionName="Choi" />)
    expect(screen.getByRole('img', { name: 'Spider plot: change of the target sum over time, Choi' })).toHaveAccessibleDescription(/^10 patients followed for up to 168 days/)
    expect(container.querySelectorAll('.lines > g')).toHaveLength(10)
  })
  it('swimmer: a lane per patient and a mark at each first progression', () => {
    const { container } = render(<SwimmerPlot lanes={swimmerLanes(cases, table.evaluations, 'recist11')} criterionName="RECIST 1.1" />)
    expect(screen.getByRole('img', { name: 'Swimmer plot: time on study with responses, RECIST 1.1' })).toHaveAccessibleDescription(/\(3 of 10 patients progressed\)/)
    expect(container.querySelectorAll('.lanes > g')).toHaveLength(10)
    expect(container.querySelectorAll('.pd-mark')).toHaveLength(3)
  })
  it('per case: sums with threshold lines, and attenuation with the Choi −15 % line', () => {
    const kase = parsed(sample)
    const s = caseSeries(kase, evaluateCase(kase, ['recist11', 'choi']))
    render(<><SumPlot series={s} patient="OS-SORA-01" /><AttenuationPlot series={s} patient="OS-SORA-01" /></>)
    expect(screen.getByRole('img', { name: 'Sum of target diameters over time, OS-SORA-01' })).toHaveAccessibleDescription(/RECIST 1\.1 partial response at 50\.4 mm \(−30 % of baseline 72 mm\), Choi size decrease at 64\.8 mm/)
    expect(screen.getByRole('img', { name: 'Mean attenuation over time, OS-SORA-01' })).toHaveAccessibleDescription(/\(−15 % of baseline 49\.33 HU\)/)
  })
})
