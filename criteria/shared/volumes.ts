/**
 * Lesion volumes (issue #14): entered from segmentation (`volumeMl`), or estimated from three
 * orthogonal diameters as an ellipsoid, V = π/6 × a × b × c, and then marked as an estimate.
 * Volumes are held in integer hundredths of a millilitre (0.01 mL = 10 mm³), so thresholds are
 * compared exactly (exact.ts); an estimate is rounded to 0.01 mL once, where it is made.
 */
import type { Assessment } from '../case-schema.ts'
import { TOO_SMALL_VALUE_MM } from './case-view.ts'
import type { Hundredths } from './exact.ts'

export interface LesionVolume {
  /** Hundredths of a millilitre. */
  value: Hundredths
  /** "segmentation": entered as volumeMl; "ellipsoid": π/6 × long × short × third axis; "status": absent (0) or too small (a 5 mm sphere). */
  source: 'segmentation' | 'ellipsoid' | 'status'
}

/** π/6 × a × b × c in mm³, as hundredths of a millilitre (1 mL = 1000 mm³). */
export const ellipsoidHundredthsMl = (a: number, b: number, c: number): Hundredths => Math.round((Math.PI / 6) * a * b * c / 10)

/** A target too small to measure counts as 5 mm (RECIST 1.1 §4.3.2): in volume, a 5 mm sphere (0.07 mL). */
export const TOO_SMALL_VOLUME: Hundredths = ellipsoidHundredthsMl(TOO_SMALL_VALUE_MM, TOO_SMALL_VALUE_MM, TOO_SMALL_VALUE_MM)

/**
 * The lesion's volume at one assessment: the segmented volume when given, else the ellipsoid
 * estimate when all three axes are; 0 when absent; a 5 mm sphere when too small; null otherwise.
 */
export function lesionVolume(a: Assessment | undefined): LesionVolume | null {
  if (!a || a.status === 'not-evaluated') return null
  if (a.status === 'absent') return { value: 0, source: 'status' }
  if (a.status === 'too-small') return { value: TOO_SMALL_VOLUME, source: 'status' }
  if (a.volumeMl !== undefined) return { value: Math.round(a.volumeMl * 100), source: 'segmentation' }
  if (a.longAxisMm !== undefined && a.shortAxisMm !== undefined && a.thirdAxisMm !== undefined)
    return { value: ellipsoidHundredthsMl(a.longAxisMm, a.shortAxisMm, a.thirdAxisMm), source: 'ellipsoid' }
  return null
}

/** A baseline volume to follow: measured or too small at baseline (absent or not evaluated gives none). */
export const baselineVolume = (a: Assessment | undefined): LesionVolume | null =>
  a && (a.status === 'measured' || a.status === 'too-small') ? lesionVolume(a) : null
