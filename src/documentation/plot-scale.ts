/** Small pure helpers for hand-written SVG plots: linear scales, tick values, paths. */

export interface LinearScale {
  (value: number): number
  domain: readonly [number, number]
  range: readonly [number, number]
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain
  const [r0, r1] = range
  const scale = ((v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as LinearScale
  return Object.assign(scale, { domain, range })
}

/** A step of 1, 2 or 5 × 10^k that splits [min, max] into about `count` intervals. */
export function niceStep(min: number, max: number, count = 5): number {
  const span = Math.abs(max - min) || Math.abs(max) || 1
  const raw = span / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power
}

/** [min, max] widened outwards to multiples of the nice step. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  const step = niceStep(min, max, count)
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step]
}

/** Tick values at multiples of the nice step inside [min, max] (rounded to the step's precision). */
export function ticks(min: number, max: number, count = 5): number[] {
  const step = niceStep(min, max, count)
  const digits = Math.max(0, -Math.floor(Math.log10(step)))
  const out: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(digits)))
  return out
}

/** Extent of the values, or `fallback` when there are none. */
export function extent(values: readonly number[], fallback: [number, number] = [0, 1]): [number, number] {
  if (values.length === 0) return fallback
  return [Math.min(...values), Math.max(...values)]
}

const r = (v: number) => Math.round(v * 10) / 10

/** An SVG polyline path through the points ("M x y L x y …"); empty for no point. */
export function linePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)} ${r(p.y)}`).join(' ')
}

/**
 * A step path for a threshold that changes at each scan: each point's y holds from the previous
 * point's x (the first from `x0`) up to its own x, then the line steps to the next value.
 */
export function stepPath(x0: number, points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? `M${r(x0)} ${r(p.y)}` : `V${r(p.y)}`} H${r(p.x)}`).join(' ')
}

/** Whole days from `from` to `to` (ISO dates): the engine's exact count, so plots and responses agree. */
export { daysBetween } from '../../criteria/index.ts'

/** "+12.5 %" / "−30 %": signed percentages as plots label them. */
export const signedPct = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v * 10) / 10)} %`

/** Left x of each legend entry in a row: swatch, gap, then text at about 6.8 px per character of 12 px type. */
export function legendOffsets(labels: readonly string[], x0: number): number[] {
  const out: number[] = []
  let at = x0
  for (const label of labels) {
    out.push(at)
    at += 36 + label.length * 6.8
  }
  return out
}
