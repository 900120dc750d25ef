import { BEST_CATEGORIES } from '../../documentation/statistics.ts'
import { Legend, PlotFigure, XAxis } from './plot-figure.tsx'
import { LEVEL_COLOUR, type SwimmerLane } from './plot-model.ts'
import { linearScale, niceDomain, ticks } from '../../documentation/plot-scale.ts'

const W = 760
const LANE = 18
const M = { left: 120, right: 24, top: 36, bottom: 48 }

/** Time on study per patient (bar coloured by best response), a dot per assessed response and a ✕ at the first progression. */
export function SwimmerPlot({ lanes, criterionName }: { lanes: readonly SwimmerLane[]; criterionName: string }) {
  const H = M.top + M.bottom + Math.max(1, lanes.length) * LANE
  const [, dayMax] = niceDomain(0, Math.max(28, ...lanes.map((l) => l.days)), 8)
  const x = linearScale([0, dayMax], [M.left, W - M.right])
  const present = BEST_CATEGORIES.filter((c) => lanes.some((l) => l.level === c || l.marks.some((m) => m.level === c)))
  const title = `Swimmer plot: time on study with responses, ${criterionName}`
  const progressed = lanes.filter((l) => l.progressionDay !== null).length
  const description = lanes.length
    ? `${lanes.length} patients, from ${Math.max(...lanes.map((l) => l.days))} to ${Math.min(...lanes.map((l) => l.days))} days on study (from the start of therapy, or baseline). Bars are coloured by best response; dots mark each assessment's response; ✕ marks the first progression (${progressed} of ${lanes.length} patients progressed).`
    : 'No patient was evaluated under this criterion.'
  return (
    <PlotFigure
      title={title}
      description={description}
      fileName={`swimmer-${criterionName.replace(/\W+/g, '-').toLowerCase()}`}
      width={W}
      height={H}
      table={
        <table className="data-table">
          <thead><tr><th scope="col">Patient</th><th scope="col">Days on study</th><th scope="col">Best response</th><th scope="col">Responses</th><th scope="col">First progression</th></tr></thead>
          <tbody>{lanes.map((l) => <tr key={l.patient}><th scope="row">{l.patient}</th><td>{l.days}</td><td>{l.level}</td><td>{l.marks.map((m) => `day ${m.day}: ${m.response}`).join('; ')}</td><td>{l.progressionDay === null ? '—' : `day ${l.progressionDay}`}</td></tr>)}</tbody>
        </table>
      }
    >
      <XAxis ticks={ticks(0, dayMax, 8)} x={x} y={H - M.bottom} x0={M.left} x1={W - M.right} label="Days on study" />
      <g className="lanes">
        {lanes.map((l, i) => {
          const cy = M.top + i * LANE + LANE / 2
          return (
            <g key={l.patient} data-level={l.level}>
              <title>{`${l.patient}: ${l.days} days, best ${l.level}${l.progressionDay === null ? ', no progression' : `, progression at day ${l.progressionDay}`}`}</title>
              <text x={M.left - 6} y={cy + 4} textAnchor="end" fill="#1d2733">{l.patient.length > 16 ? `${l.patient.slice(0, 15)}…` : l.patient}</text>
              <rect x={x(0)} y={cy - 5} width={Math.max(1, x(l.days) - x(0))} height={10} fill={LEVEL_COLOUR[l.level]} opacity={0.35} />
              {l.marks.map((m) => <circle key={m.date} cx={x(m.day)} cy={cy} r={4} fill={LEVEL_COLOUR[m.level]} stroke="#ffffff" strokeWidth={1} />)}
              {l.progressionDay !== null && (
                <path d={`M${x(l.progressionDay) - 5} ${cy - 5} l10 10 m-10 0 l10 -10`} stroke="#1d2733" strokeWidth={2.2} className="pd-mark" />
              )}
            </g>
          )
        })}
      </g>
      <Legend x={M.left} y={18} items={[...present.map((c) => ({ label: c, colour: LEVEL_COLOUR[c] })), { label: '✕ first progression', colour: '#1d2733', dash: '' }]} />
    </PlotFigure>
  )
}
