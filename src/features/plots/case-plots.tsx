import { PlotFigure, Legend, XAxis, YAxis } from './plot-figure.tsx'
import { CHOI_PR_HU_CHANGE, CHOI_PR_SIZE_CHANGE, RECIST_PR_CHANGE, type CaseSeries } from './plot-model.ts'
import { linearScale, linePath, niceDomain, stepPath, ticks } from '../../documentation/plot-scale.ts'

const W = 760
const H = 320
const M = { left: 64, right: 16, top: 36, bottom: 48 }
const SERIES = '#1b5a86'
const RECIST = '#b8322a'
const CHOI = '#a86e00'

const round = (v: number) => Math.round(v * 10) / 10

/** Sum of target diameters over time with RECIST 1.1 (−30 % baseline, +20 % nadir) and Choi (−10 %) threshold lines. */
export function SumPlot({ series, patient }: { series: CaseSeries; patient: string }) {
  const measured = series.sums.filter((s): s is typeof s & { sumMm: number } => s.sumMm !== null)
  const base = series.baselineSumMm
  const values = [...measured.map((s) => s.sumMm), ...series.pdLine.map((p) => p.sumMm), ...(base !== null ? [base * (1 + RECIST_PR_CHANGE)] : [])]
  const [lo, hi] = niceDomain(Math.min(0, ...values), Math.max(10, ...values), 6)
  const [, dayMax] = niceDomain(0, Math.max(28, ...series.sums.map((s) => s.day)), 8)
  const x = linearScale([0, dayMax], [M.left, W - M.right])
  const y = linearScale([lo, hi], [H - M.bottom, M.top])
  const title = `Sum of target diameters over time, ${patient}`
  const description = measured.length
    ? `Sums ${measured.map((s) => `${s.sumMm} mm on ${s.date}${s.complete ? '' : ' (incomplete)'}`).join(', ')}.${base !== null ? ` Thresholds: RECIST 1.1 partial response at ${round(base * (1 + RECIST_PR_CHANGE))} mm (−30 % of baseline ${base} mm), Choi size decrease at ${round(base * (1 + CHOI_PR_SIZE_CHANGE))} mm (−10 %), RECIST progression line at +20 % over the nadir (${series.pdLine.map((p) => `${round(p.sumMm)} mm at day ${p.day}`).join(', ')}).` : ''}`
    : 'No target sum was measured.'
  const pdPoints = series.pdLine.map((p) => ({ x: x(p.day), y: y(p.sumMm) }))
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`sum-${patient.replace(/\W+/g, '_')}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Date</th><th scope="col">Day</th><th scope="col">Sum (mm)</th></tr></thead>
          <tbody>{series.sums.map((s) => <tr key={s.date}><th scope="row">{s.date}</th><td>{s.day}</td><td>{s.sumMm ?? '—'}{s.complete ? '' : ' (incomplete)'}</td></tr>)}</tbody>
        </table>
      }
    >
      <YAxis ticks={ticks(lo, hi, 6)} y={y} x={M.left} x1={W - M.right} label="Sum of diameters (mm)" />
      <XAxis ticks={ticks(0, dayMax, 8)} x={x} y={H - M.bottom} x0={M.left} x1={W - M.right} label="Days from baseline" />
      {base !== null && (
        <g aria-hidden="true" className="thresholds">
          <line x1={M.left} x2={W - M.right} y1={y(base * (1 + RECIST_PR_CHANGE))} y2={y(base * (1 + RECIST_PR_CHANGE))} stroke={RECIST} strokeDasharray="6 4" />
          <line x1={M.left} x2={W - M.right} y1={y(base * (1 + CHOI_PR_SIZE_CHANGE))} y2={y(base * (1 + CHOI_PR_SIZE_CHANGE))} stroke={CHOI} strokeDasharray="2 3" strokeWidth={1.5} />
          {pdPoints.length > 0 && <path d={stepPath(x(0), pdPoints)} fill="none" stroke={RECIST} strokeDasharray="1 0" strokeWidth={1} opacity={0.8} />}
        </g>
      )}
      <path d={linePath(measured.map((s) => ({ x: x(s.day), y: y(s.sumMm) })))} fill="none" stroke={SERIES} strokeWidth={2.2} />
      {measured.map((s) => (
        <circle key={s.date} cx={x(s.day)} cy={y(s.sumMm)} r={4} fill={s.complete ? SERIES : '#ffffff'} stroke={SERIES} strokeWidth={2}>
          <title>{`${s.date}: ${s.sumMm} mm${s.complete ? '' : ' (incomplete: a target was not measured)'}`}</title>
        </circle>
      ))}
      <Legend x={M.left} y={18} items={[{ label: 'Sum', colour: SERIES, dash: '' }, { label: 'RECIST PR −30 %', colour: RECIST, dash: '6 4' }, { label: 'RECIST PD +20 % nadir', colour: RECIST, dash: '' }, { label: 'Choi PR −10 %', colour: CHOI, dash: '2 3' }]} />
    </PlotFigure>
  )
}

/** Mean attenuation of the compared target lesions over time with the Choi −15 % line. */
export function AttenuationPlot({ series, patient }: { series: CaseSeries; patient: string }) {
  const base = series.baselineHu
  const values = [...series.hu.map((h) => h.hu), ...(base !== null ? [base * (1 + CHOI_PR_HU_CHANGE)] : [])]
  const [lo, hi] = niceDomain(Math.min(0, ...values), Math.max(10, ...values), 6)
  const [, dayMax] = niceDomain(0, Math.max(28, ...series.hu.map((s) => s.day), ...series.sums.map((s) => s.day)), 8)
  const x = linearScale([0, dayMax], [M.left, W - M.right])
  const y = linearScale([lo, hi], [H - M.bottom, M.top])
  const title = `Mean attenuation over time, ${patient}`
  const description = series.hu.length
    ? `Mean attenuation of the lesions Choi compared: ${series.hu.map((h) => `${h.hu} HU on ${h.date}`).join(', ')}. Choi partial response threshold at ${round(base! * (1 + CHOI_PR_HU_CHANGE))} HU (−15 % of baseline ${base} HU).`
    : 'Attenuation was never compared (no comparable CT measurements under Choi).'
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`attenuation-${patient.replace(/\W+/g, '_')}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Date</th><th scope="col">Day</th><th scope="col">Mean HU</th></tr></thead>
          <tbody>{series.hu.map((h) => <tr key={h.date}><th scope="row">{h.date}</th><td>{h.day}</td><td>{h.hu}</td></tr>)}</tbody>
        </table>
      }
    >
      <YAxis ticks={ticks(lo, hi, 6)} y={y} x={M.left} x1={W - M.right} label="Mean attenuation (HU)" />
      <XAxis ticks={ticks(0, dayMax, 8)} x={x} y={H - M.bottom} x0={M.left} x1={W - M.right} label="Days from baseline" />
      {base !== null && <line x1={M.left} x2={W - M.right} y1={y(base * (1 + CHOI_PR_HU_CHANGE))} y2={y(base * (1 + CHOI_PR_HU_CHANGE))} stroke={CHOI} strokeDasharray="6 4" aria-hidden="true" />}
      <path d={linePath(series.hu.map((h) => ({ x: x(h.day), y: y(h.hu) })))} fill="none" stroke={SERIES} strokeWidth={2.2} />
      {series.hu.map((h) => (
        <circle key={h.date} cx={x(h.day)} cy={y(h.hu)} r={4} fill={SERIES}>
          <title>{`${h.date}: ${h.hu} HU`}</title>
        </circle>
      ))}
      {series.hu.length === 0 && <text x={W / 2} y={H / 2} textAnchor="middle" fill="#4f5b67">No attenuation compared</text>}
      <Legend x={M.left} y={18} items={[{ label: 'Mean HU', colour: SERIES, dash: '' }, { label: 'Choi PR −15 % HU', colour: CHOI, dash: '6 4' }]} />
    </PlotFigure>
  )
}
