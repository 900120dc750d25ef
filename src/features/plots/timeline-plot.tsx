import { LEVEL_COLOUR } from './plot-model.ts'
import { Legend, PlotFigure, XAxis, YAxis } from './plot-figure.tsx'
import { linearScale, linePath, niceDomain, ticks } from '../../documentation/plot-scale.ts'
import type { Timeline } from './timeline-model.ts'

const W = 760
const M = { left: 64, right: 16, top: 40 }
const PANEL = 130
const GAP = 40
const LANE = 22
const LEGEND_PER_LINE = 5
const LEGEND_LINE = 16
const SERIES = '#1b5a86'
/** Distinct colours for the change lines (Okabe–Ito, readable by colour-blind readers). */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8c564b', '#7f7f7f', '#b8322a']

/**
 * Everything about one patient on one time axis (issue #14): target sum, mean attenuation, the
 * research measures as % change from baseline, and each criterion's response at each timepoint.
 * Research measures are drawn apart from the responses: they never make a response category.
 */
export function TimelinePlot({ data, patient }: { data: Timeline; patient: string }) {
  const { series, changes, responses } = data
  const [dayLo, dayHi] = niceDomain(data.dayMin, data.dayMax, 8)
  const x = linearScale([dayLo, dayHi], [M.left, W - M.right])
  // The change panel's legend, five items a line, sits above it.
  const legendItems = [...changes.map((c, i) => ({ label: c.name, colour: PALETTE[i % PALETTE.length]!, dash: '' })), { label: '−40 % (DCE-MRI threshold)', colour: '#7f7f7f', dash: '4 4' }]
  const legendLines = Array.from({ length: Math.ceil(legendItems.length / LEGEND_PER_LINE) }, (_, i) => legendItems.slice(i * LEGEND_PER_LINE, (i + 1) * LEGEND_PER_LINE))
  const panels: { key: string; top: number }[] = []
  let top = M.top
  for (const key of ['sum', ...(series.hu.length ? ['hu'] : []), ...(changes.length ? ['change'] : [])]) {
    if (key === 'change') top += legendLines.length * LEGEND_LINE
    panels.push({ key, top })
    top += PANEL + GAP
  }
  const lanesTop = top + 14
  const H = lanesTop + responses.length * LANE + 44
  const sums = series.sums.filter((s): s is typeof s & { sumMm: number } => s.sumMm !== null)
  const pctValues = changes.flatMap((c) => c.points.map((p) => p.pct))
  const [pLo, pHi] = niceDomain(Math.min(-100, ...pctValues), Math.max(50, ...pctValues), 6)
  const title = `One time axis: sum, attenuation, research measures and responses, ${patient}`
  const description = [
    sums.length ? `Target sum ${sums.map((s) => `${s.sumMm} mm at day ${s.day}`).join(', ')}.` : 'No target sum.',
    series.hu.length ? `Mean attenuation ${series.hu.map((h) => `${h.hu} HU at day ${h.day}`).join(', ')}.` : '',
    ...changes.map((c) => `${c.name}, change from ${c.reference}: ${c.points.map((p) => `${p.pct} % at day ${p.day}`).join(', ')}.`),
    ...responses.map((r) => `${r.name}: ${r.marks.map((m) => `${m.response} at day ${m.day}`).join(', ')}.`),
  ].filter(Boolean).join(' ')
  const axisLabel = 'Days from baseline'
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`timeline-${patient.replace(/\W+/g, '_')}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Measure</th><th scope="col">Values (day: value)</th></tr></thead>
          <tbody>
            <tr><th scope="row">Target sum (mm)</th><td>{sums.map((s) => `${s.day}: ${s.sumMm}`).join('; ') || '—'}</td></tr>
            {series.hu.length > 0 && <tr><th scope="row">Mean attenuation (HU)</th><td>{series.hu.map((h) => `${h.day}: ${h.hu}`).join('; ')}</td></tr>}
            {changes.map((c) => <tr key={c.name}><th scope="row">{`${c.name} (% change from ${c.reference})`}</th><td>{c.points.map((p) => `${p.day}: ${p.pct}`).join('; ')}</td></tr>)}
            {responses.map((r) => <tr key={r.criterion}><th scope="row">{r.name}</th><td>{r.marks.map((m) => `${m.day}: ${m.response}`).join('; ')}</td></tr>)}
          </tbody>
        </table>
      }
    >
      {panels.map(({ key, top: t }) => {
        const bottom = t + PANEL
        const xAxis = <XAxis ticks={ticks(dayLo, dayHi, 8)} x={x} y={bottom} x0={M.left} x1={W - M.right} label={axisLabel} />
        if (key === 'sum') {
          const [lo, hi] = niceDomain(0, Math.max(10, ...sums.map((s) => s.sumMm)), 4)
          const y = linearScale([lo, hi], [bottom, t])
          return (
            <g key={key}>
              <YAxis ticks={ticks(lo, hi, 4)} y={y} x={M.left} x1={W - M.right} label="Sum (mm)" />
              {xAxis}
              <path d={linePath(sums.map((s) => ({ x: x(s.day), y: y(s.sumMm) })))} fill="none" stroke={SERIES} strokeWidth={2} />
              {sums.map((s) => <circle key={s.date} cx={x(s.day)} cy={y(s.sumMm)} r={3.5} fill={SERIES}><title>{`${s.date}: ${s.sumMm} mm`}</title></circle>)}
            </g>
          )
        }
        if (key === 'hu') {
          const [lo, hi] = niceDomain(Math.min(0, ...series.hu.map((h) => h.hu)), Math.max(10, ...series.hu.map((h) => h.hu)), 4)
          const y = linearScale([lo, hi], [bottom, t])
          return (
            <g key={key}>
              <YAxis ticks={ticks(lo, hi, 4)} y={y} x={M.left} x1={W - M.right} label="Mean HU" />
              {xAxis}
              <path d={linePath(series.hu.map((h) => ({ x: x(h.day), y: y(h.hu) })))} fill="none" stroke={SERIES} strokeWidth={2} />
            </g>
          )
        }
        const y = linearScale([pLo, pHi], [bottom, t])
        return (
          <g key={key}>
            <YAxis ticks={ticks(pLo, pHi, 6)} y={y} x={M.left} x1={W - M.right} label="Change (%)" />
            {xAxis}
            <line x1={M.left} x2={W - M.right} y1={y(-40)} y2={y(-40)} stroke="#7f7f7f" strokeDasharray="4 4" aria-hidden="true" />
            {changes.map((c, i) => (
              <g key={c.name}>
                <path d={linePath(c.points.map((p) => ({ x: x(p.day), y: y(p.pct) })))} fill="none" stroke={PALETTE[i % PALETTE.length]} strokeWidth={1.8} />
                {c.points.map((p) => <circle key={p.date} cx={x(p.day)} cy={y(p.pct)} r={3} fill={PALETTE[i % PALETTE.length]}><title>{`${c.name} ${p.date}: ${p.pct} %`}</title></circle>)}
              </g>
            ))}
            {legendLines.map((items, li) => (
              <Legend key={li} x={M.left} y={t - 10 - (legendLines.length - 1 - li) * LEGEND_LINE} items={items} />
            ))}
          </g>
        )
      })}
      <text x={M.left} y={lanesTop - 8} fill="#1d2733" fontWeight={600}>Responses</text>
      {responses.map((r, i) => {
        const cy = lanesTop + i * LANE + LANE / 2
        return (
          <g key={r.criterion}>
            <text x={M.left - 6} y={cy + 4} textAnchor="end" fontSize={10} fill="#1d2733">{r.criterion}</text>
            <line x1={M.left} x2={W - M.right} y1={cy} y2={cy} stroke="#e1e5ea" />
            {r.marks.map((m) => (
              <g key={m.date}>
                <circle cx={x(m.day)} cy={cy} r={8} fill={LEVEL_COLOUR[m.level]} opacity={0.85} />
                <text x={x(m.day)} y={cy + 3.5} textAnchor="middle" fontSize={8} fill="#ffffff">{m.response.length > 3 ? m.response.slice(0, 3) : m.response}</text>
              </g>
            ))}
          </g>
        )
      })}
      <Legend x={M.left} y={18} items={[{ label: 'Target sum / mean HU', colour: SERIES, dash: '' }]} />
    </PlotFigure>
  )
}
