import { BEST_CATEGORIES } from '../../documentation/statistics.ts'
import { Legend, PlotFigure, XAxis, YAxis } from './plot-figure.tsx'
import { LEVEL_COLOUR, RECIST_PD_CHANGE, RECIST_PR_CHANGE, type SpiderLine } from './plot-model.ts'
import { linearScale, linePath, niceDomain, signedPct, ticks } from '../../documentation/plot-scale.ts'

const W = 760
const H = 380
const M = { left: 64, right: 16, top: 36, bottom: 48 }

/** % change of the target sum from baseline over time, one line per patient, coloured by best response. */
export function SpiderPlot({ lines, criterionName }: { lines: readonly SpiderLine[]; criterionName: string }) {
  const all = lines.flatMap((l) => l.points)
  const [lo, hi] = niceDomain(Math.min(-40, ...all.map((p) => p.changePct)), Math.max(25, ...all.map((p) => p.changePct)), 6)
  const [, dayMax] = niceDomain(0, Math.max(28, ...all.map((p) => p.day)), 8)
  const x = linearScale([0, dayMax], [M.left, W - M.right])
  const y = linearScale([lo, hi], [H - M.bottom, M.top])
  const present = BEST_CATEGORIES.filter((c) => lines.some((l) => l.level === c))
  const title = `Spider plot: change of the target sum over time, ${criterionName}`
  const description = lines.length
    ? `${lines.length} patients followed for up to ${Math.max(...all.map((p) => p.day))} days from baseline; each line is one patient's % change from baseline at each scan, coloured by best response (${present.join(', ')}). Dashed lines at ${signedPct(RECIST_PR_CHANGE * 100)} and ${signedPct(RECIST_PD_CHANGE * 100)}.`
    : 'No patient has a complete follow-up sum under this criterion.'
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`spider-${criterionName.replace(/\W+/g, '-').toLowerCase()}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Patient</th><th scope="col">Best response</th><th scope="col">Day: change</th></tr></thead>
          <tbody>{lines.map((l) => <tr key={l.patient}><th scope="row">{l.patient}</th><td>{l.level}</td><td>{l.points.map((p) => `day ${p.day}: ${signedPct(p.changePct)}`).join('; ')}</td></tr>)}</tbody>
        </table>
      }
    >
      <YAxis ticks={ticks(lo, hi, 6)} y={y} x={M.left} x1={W - M.right} label="Change from baseline (%)" />
      <XAxis ticks={ticks(0, dayMax, 8)} x={x} y={H - M.bottom} x0={M.left} x1={W - M.right} label="Days from baseline" />
      {[RECIST_PR_CHANGE, RECIST_PD_CHANGE].map((t) => (
        <line key={t} x1={M.left} x2={W - M.right} y1={y(t * 100)} y2={y(t * 100)} stroke="#1d2733" strokeDasharray="5 4" aria-hidden="true" />
      ))}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#4f5b67" aria-hidden="true" />
      <g className="lines">
        {lines.map((l) => (
          <g key={l.patient} data-level={l.level}>
            <title>{`${l.patient} (best ${l.level}): ${l.points.map((p) => `day ${p.day} ${signedPct(p.changePct)}`).join(', ')}`}</title>
            <path d={linePath(l.points.map((p) => ({ x: x(p.day), y: y(p.changePct) })))} fill="none" stroke={LEVEL_COLOUR[l.level]} strokeWidth={1.8} />
            {l.points.slice(1).map((p) => <circle key={p.day} cx={x(p.day)} cy={y(p.changePct)} r={2.8} fill={LEVEL_COLOUR[l.level]} />)}
          </g>
        ))}
      </g>
      <Legend x={M.left} y={18} items={[...present.map((c) => ({ label: c, colour: LEVEL_COLOUR[c] })), { label: 'RECIST −30 % / +20 %', colour: '#1d2733', dash: '5 4' }]} />
    </PlotFigure>
  )
}
