import { BEST_CATEGORIES } from '../../documentation/statistics.ts'
import { Legend, PlotFigure, YAxis } from './plot-figure.tsx'
import { LEVEL_COLOUR, RECIST_PD_CHANGE, RECIST_PR_CHANGE, type WaterfallBar } from './plot-model.ts'
import { linearScale, niceDomain, signedPct, ticks } from '../../documentation/plot-scale.ts'

const W = 760
const H = 380
const M = { left: 64, right: 16, top: 36, bottom: 48 }

/** Best % change of the target sum per patient, one bar each, coloured by best response. */
export function WaterfallPlot({ bars, missing, criterionName }: { bars: readonly WaterfallBar[]; missing: readonly string[]; criterionName: string }) {
  const values = bars.map((b) => b.changePct)
  const [lo, hi] = niceDomain(Math.min(-40, ...values), Math.max(25, ...values), 6)
  const y = linearScale([lo, hi], [H - M.bottom, M.top])
  const slot = (W - M.left - M.right) / Math.max(1, bars.length)
  const present = BEST_CATEGORIES.filter((c) => bars.some((b) => b.level === c))
  const title = `Waterfall: best change of the target sum, ${criterionName}`
  const counts = present.map((c) => `${bars.filter((b) => b.level === c).length} ${c}`).join(', ')
  const description = bars.length
    ? `${bars.length} patients, from the largest increase (${signedPct(bars[0]!.changePct)}, ${bars[0]!.patient}) to the largest decrease (${signedPct(bars.at(-1)!.changePct)}, ${bars.at(-1)!.patient}). Best response: ${counts}. Dashed lines at ${signedPct(RECIST_PR_CHANGE * 100)} and ${signedPct(RECIST_PD_CHANGE * 100)}.${missing.length ? ` Not plotted (no complete follow-up sum): ${missing.join(', ')}.` : ''}`
    : 'No patient has a complete follow-up sum under this criterion.'
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`waterfall-${criterionName.replace(/\W+/g, '-').toLowerCase()}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Patient</th><th scope="col">Best change</th><th scope="col">Best response</th></tr></thead>
          <tbody>{bars.map((b) => <tr key={b.patient}><th scope="row">{b.patient}</th><td>{signedPct(b.changePct)}</td><td>{b.level}</td></tr>)}</tbody>
        </table>
      }
    >
      <YAxis ticks={ticks(lo, hi, 6)} y={y} x={M.left} x1={W - M.right} label="Best change from baseline (%)" format={(v) => `${v}`} />
      {[RECIST_PR_CHANGE, RECIST_PD_CHANGE].map((t) => (
        <line key={t} x1={M.left} x2={W - M.right} y1={y(t * 100)} y2={y(t * 100)} stroke="#1d2733" strokeDasharray="5 4" aria-hidden="true" />
      ))}
      <g className="bars">
        {bars.map((b, i) => {
          const top = Math.min(y(0), y(b.changePct))
          const height = Math.max(1, Math.abs(y(b.changePct) - y(0)))
          return (
            <rect key={b.patient} x={M.left + i * slot + slot * 0.12} y={top} width={Math.max(1, slot * 0.76)} height={height} fill={LEVEL_COLOUR[b.level]} data-level={b.level}>
              <title>{`${b.patient}: ${signedPct(b.changePct)}, best response ${b.level}`}</title>
            </rect>
          )
        })}
      </g>
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#4f5b67" aria-hidden="true" />
      <text x={M.left + (W - M.left - M.right) / 2} y={H - 16} textAnchor="middle" fill="#1d2733" aria-hidden="true">{`Patients (${bars.length}), ordered by best change`}</text>
      <Legend x={M.left} y={18} items={[...present.map((c) => ({ label: c, colour: LEVEL_COLOUR[c] })), { label: 'RECIST −30 % / +20 %', colour: '#1d2733', dash: '5 4' }]} />
    </PlotFigure>
  )
}

