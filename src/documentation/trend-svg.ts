/**
 * The report's trend plots as SVG text (no React, no script): the sum of target diameters with
 * the RECIST 1.1 PR line (−30 % of baseline), PD line (+20 % over the nadir) and Choi's −10 %
 * size line, and the mean attenuation with Choi's −15 % line. Same data as the app's plots.
 */
import { CHOI_PR_HU_CHANGE, CHOI_PR_SIZE_CHANGE, RECIST_PR_CHANGE, type CaseSeries } from './case-series.ts'
import { legendOffsets, linearScale, linePath, niceDomain, signedPct, stepPath, ticks } from './plot-scale.ts'

const W = 340
const H = 200
const M = { left: 46, right: 10, top: 30, bottom: 34 }
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

interface Line {
  label: string
  colour: string
  dash: string
  path: string
}

function chart(title: string, yLabel: string, points: { day: number; value: number; open?: boolean }[], lines: (y: (v: number) => number, x: (d: number) => number) => Line[], extra: number[]): string {
  if (points.length === 0) return `<figure class="trend"><figcaption>${esc(title)}</figcaption><p class="muted">Nothing to plot.</p></figure>`
  const values = [...points.map((p) => p.value), ...extra]
  const [y0, y1] = niceDomain(Math.min(0, ...values), Math.max(...values) * 1.05, 5)
  const [, d1] = niceDomain(0, Math.max(28, ...points.map((p) => p.day)), 6)
  const x = linearScale([0, d1], [M.left, W - M.right])
  const y = linearScale([y0, y1], [H - M.bottom, M.top])
  const refs = lines(y, x)
  const grid = ticks(y0, y1, 5)
    .map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e7eb"/><text x="${M.left - 5}" y="${y(t) + 3}" text-anchor="end">${t}</text>`)
    .join('')
  const xTicks = ticks(0, d1, 6)
    .map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${H - M.bottom}" y2="${H - M.bottom + 3}" stroke="#4f5b67"/><text x="${x(t)}" y="${H - M.bottom + 13}" text-anchor="middle">${t}</text>`)
    .join('')
  const at = legendOffsets(refs.map((l) => l.label), M.left).map((x) => M.left + (x - M.left) * 0.62) // 8 px type: 0.62 of the 12 px estimate
  const legend = refs
    .map((l, i) => `<g transform="translate(${at[i]} 12)"><line x1="0" x2="14" y1="0" y2="0" stroke="${l.colour}" stroke-width="1.6" stroke-dasharray="${l.dash}"/><text x="17" y="3">${esc(l.label)}</text></g>`)
    .join('')
  const data = linePath(points.map((p) => ({ x: x(p.day), y: y(p.value) })))
  const dots = points.map((p) => `<circle cx="${x(p.day)}" cy="${y(p.value)}" r="2.6" fill="${p.open ? '#fff' : '#1b5a86'}" stroke="#1b5a86"/>`).join('')
  return `<figure class="trend"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" font-family="system-ui, DejaVu Sans, Arial, sans-serif" font-size="8" fill="#1d2733">
<title>${esc(title)}</title>${grid}${xTicks}
<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#4f5b67"/><line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#4f5b67"/>
${refs.map((l) => `<path d="${l.path}" fill="none" stroke="${l.colour}" stroke-width="1.3" stroke-dasharray="${l.dash}"/>`).join('')}
<path d="${data}" fill="none" stroke="#1b5a86" stroke-width="1.8"/>${dots}${legend}
<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle">Days from baseline</text>
<text transform="translate(11 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
</svg><figcaption>${esc(title)}</figcaption></figure>`
}

/** The two trend plots of one case, side by side on the summary page. */
export function trendSvgs(series: CaseSeries): string {
  const base = series.baselineSumMm
  const sums = series.sums.filter((s) => s.sumMm !== null).map((s) => ({ day: s.day, value: s.sumMm!, open: !s.complete }))
  const horizontal = (y: (v: number) => number, x: (d: number) => number, v: number) => `M${x(0)} ${y(v)} H${x(Math.max(...series.sums.map((s) => s.day), 28))}`
  const sum = chart('Sum of target diameters (mm)', 'Sum (mm)', sums, (y, x) =>
    base === null
      ? []
      : [
          { label: `RECIST PR ${signedPct(RECIST_PR_CHANGE * 100)}`, colour: '#17693a', dash: '4 3', path: horizontal(y, x, base * (1 + RECIST_PR_CHANGE)) },
          { label: 'RECIST PD +20 % nadir', colour: '#b8322a', dash: '', path: stepPath(x(0), series.pdLine.map((p) => ({ x: x(p.day), y: y(p.sumMm) }))) },
          { label: `Choi PR ${signedPct(CHOI_PR_SIZE_CHANGE * 100)}`, colour: '#a86e00', dash: '1.5 2', path: horizontal(y, x, base * (1 + CHOI_PR_SIZE_CHANGE)) },
        ],
    series.pdLine.map((p) => p.sumMm),
  )
  const hus = series.hu.map((h) => ({ day: h.day, value: h.hu }))
  const hu = chart('Mean attenuation of the targets (HU)', 'Mean HU', hus, (y, x) =>
    series.baselineHu === null ? [] : [{ label: `Choi PR ${signedPct(CHOI_PR_HU_CHANGE * 100)} HU`, colour: '#a86e00', dash: '1.5 2', path: horizontal(y, x, series.baselineHu * (1 + CHOI_PR_HU_CHANGE)) }],
    [],
  )
  return `<div class="trends">${sum}${hu}</div>`
}
