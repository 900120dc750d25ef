/**
 * Exact threshold arithmetic (spec §0.2.3). Millimetres and Hounsfield units are held as
 * integer hundredths (the schema allows at most two decimals), and a threshold such as
 * "≥ 30 % below baseline" is tested by cross-multiplying integers, never by comparing a
 * floating-point percentage: −30.00 % is PR, −29.99 % is not.
 */

/** A measurement in integer hundredths of its unit (0.01 mm or 0.01 HU). */
export type Hundredths = number

/** A ratio as numerator / denominator, e.g. 30 % = [3, 10]. */
export type Fraction = readonly [numerator: number, denominator: number]

export const toHundredths = (value: number): Hundredths => Math.round(value * 100)
export const fromHundredths = (value: Hundredths): number => value / 100

/** current ≥ reference × (1 + fraction): an increase of at least `fraction` of the reference. */
export const increasedByAtLeast = (current: Hundredths, reference: Hundredths, [n, d]: Fraction) =>
  d * (current - reference) >= n * reference

/** current ≤ reference × (1 − fraction): a decrease of at least `fraction` of the reference. */
export const decreasedByAtLeast = (current: Hundredths, reference: Hundredths, [n, d]: Fraction) =>
  d * (reference - current) >= n * reference

/** Percentage change for display only, rounded to 0.1; null when the reference is zero. */
export function percentChange(current: Hundredths, reference: Hundredths): number | null {
  if (reference === 0) return null
  return Math.round(((current - reference) / reference) * 1000) / 10
}

/**
 * A number of millimetres or HU for messages: at most two decimals, no trailing zeros ("47.5",
 * "-3.07", "120"), as String(value / 100) writes it, but from the integer digits: converting the
 * float took a tenth of a Choi evaluation. Exact for any whole |value| < 4.5e15.
 */
export function formatValue(value: Hundredths): string {
  if (!Number.isInteger(value)) return String(fromHundredths(value))
  const sign = value < 0 ? '-' : ''
  const magnitude = Math.abs(value)
  const whole = Math.floor(magnitude / 100)
  const cents = magnitude % 100
  if (cents === 0) return `${sign}${whole}`
  return cents % 10 === 0 ? `${sign}${whole}.${cents / 10}` : `${sign}${whole}.${cents < 10 ? '0' : ''}${cents}`
}

/** A display percentage with its sign: "+12.5 %", "−30 %". */
export function formatPercent(pct: number | null): string {
  if (pct === null) return 'undefined (reference is 0)'
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±'
  return `${sign}${Math.abs(pct)} %`
}
