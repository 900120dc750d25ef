/**
 * Growth, and the one "missing targets" rule of the diameter-based criteria (RECIST 1.1 and the
 * criteria that build on it, Choi, mChoi, SACT, MASS, WHO and MD Anderson). Issue #10: Choi once
 * called PD on a sum of 0 mm after a nadir of 0 mm because its 10 % test holds trivially from 0;
 * every criterion now asks this module, so they cannot drift apart again.
 *
 * - Progression needs growth: the value must exceed the reference (strictly), by the criterion's
 *   fraction and, where it has one, its absolute minimum. From a reference of 0 any reappearance
 *   is an increase of "at least x %"; no change from 0 never is.
 * - Missing targets (RECIST 1.1 §4.4, spec §1.10; the EORTC RECIST FAQ on missing target
 *   measurements): the sum over the targets that were measured is a lower bound of the true sum.
 *   PD if that lower bound already proves growth, whatever the missing ones measure; otherwise NE,
 *   never CR, PR or SD.
 */
import { increasedByAtLeast, type Fraction } from './exact.ts'

/** A criterion's size-progression threshold: an increase of at least `fraction`, and at least `minIncrease` (same unit as the values; 0 for none). */
export interface GrowthThreshold {
  readonly fraction: Fraction
  readonly minIncrease: number
}

/** `current` grew from `reference` by the threshold: strictly larger, by at least the fraction and the minimum. */
export const grew = (current: number, reference: number, threshold: GrowthThreshold): boolean =>
  current > reference && increasedByAtLeast(current, reference, threshold.fraction) && current - reference >= threshold.minIncrease

/**
 * The response on targets when some were not evaluated: PD when the measured ones alone prove
 * growth (`provesGrowth`, i.e. `grew` on the lower bound, and not vetoed by the criterion), NE
 * otherwise.
 */
export const missingTargetsResponse = (provesGrowth: boolean): 'PD' | 'NE' => (provesGrowth ? 'PD' : 'NE')

/** The explanation of the rule, the same words in every criterion. */
export const missingTargetsText = (response: 'PD' | 'NE', what: string) =>
  response === 'PD'
    ? `Not every target was evaluated, but even with the missing ones at 0 the ${what} has grown enough: PD whatever they measure (the missing-targets rule shared by the diameter-based criteria).`
    : `Not every target was evaluated and the ${what} over the measured ones does not prove growth: NE, never CR, PR or SD (the missing-targets rule shared by the diameter-based criteria).`
