/**
 * The benchmark cohort (issue #6): generated cases of 10 target lesions × 8 timepoints with
 * attenuation, the same for every run. The engine benchmark evaluates them in one process; the
 * command-line benchmark writes them as 10,000 case files.
 */
import type { CaseInput } from '../criteria/index.ts'

export const LESIONS = 10
export const TIMEPOINTS = 8

/** The engine benchmark's seed (bench/dump-results.ts dumps the same cases). */
export const BENCH_SEED = 20261127

/** A small deterministic generator (mulberry32), so every run measures the same cohort. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The n-th generated case: 10 target lesions × 8 timepoints, with attenuation. */
export function cohortCase(n: number, rand: () => number): CaseInput {
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 42 * 86_400_000).toISOString().slice(0, 10)
  const timepoints = Array.from({ length: TIMEPOINTS }, (_, i) => ({ id: `t${i}`, date: day(i), modality: 'CT' as const, contrastPhase: 'portal-venous' as const, kvp: 120 }))
  const trend = 0.7 + rand() * 0.7
  return {
    format: 'tumor-response-case',
    version: 1,
    patient: { id: `P${n}` },
    timepoints,
    lesions: Array.from({ length: LESIONS }, (_, l) => {
      const base = 15 + Math.round(rand() * 600) / 10
      const hu = 40 + Math.round(rand() * 60)
      return {
        id: `L${l}`,
        name: `lesion ${l}`,
        organ: ['liver', 'lung', 'pleura', 'adrenal', 'bone'][l % 5]!,
        kind: 'non-nodal' as const,
        role: 'target' as const,
        assessments: timepoints.map((t, i) => {
          const f = Math.pow(trend, i / (TIMEPOINTS - 1)) * (0.95 + rand() * 0.1)
          return { timepoint: t.id, status: 'measured' as const, longAxisMm: Math.round(base * f * 10) / 10, attenuationHu: Math.round(hu * (0.8 + rand() * 0.3)) }
        }),
      }
    }),
    newLesions: [],
  }
}

