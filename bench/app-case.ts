import type { CaseInput } from '../criteria/index.ts'

/** The sizes the app benchmark opens: today's case, a large one, and the largest the format allows (200 × 200). */
export interface BenchSize {
  lesions: number
  timepoints: number
  /** The timepoint (index) whose L1 long axis the benchmark edits; its label is `Scan <n>`. */
  editAt: number
}
export const SIZES = {
  small: { lesions: 20, timepoints: 12, editAt: 11 },
  large: { lesions: 50, timepoints: 30, editAt: 1 },
  largest: { lesions: 200, timepoints: 200, editAt: 1 },
} as const satisfies Record<string, BenchSize>

/**
 * `lesions` × `timepoints`, every one measured with attenuation. L1 at `editAt` is 5 mm, the
 * cell edited: typing 0 after it makes 50 mm, and WHO (one lesion's product grows ≥ 25 %) says
 * PD there; Backspace brings it back.
 */
export function benchCase({ lesions, timepoints: count, editAt }: BenchSize = SIZES.small): CaseInput {
  const day = (i: number) => new Date(Date.UTC(2025, 0, 6) + i * 42 * 86_400_000).toISOString().slice(0, 10)
  const timepoints = Array.from({ length: count }, (_, i) => ({ id: `t${i}`, date: day(i), label: i === 0 ? 'Baseline' : `Scan ${i}`, modality: 'CT' as const, contrastPhase: 'portal-venous' as const, kvp: 120 }))
  const organs = ['liver', 'lung', 'pleura', 'adrenal', 'peritoneum', 'kidney', 'spleen', 'pancreas', 'muscle', 'skin']
  return {
    format: 'tumor-response-case',
    version: 1,
    patient: { id: `BENCH-${lesions}x${count}`, diagnosis: 'Osteosarcoma' },
    therapyStart: day(0),
    timepoints,
    lesions: Array.from({ length: lesions }, (_, l) => ({
      id: `L${l + 1}`,
      name: `lesion ${l + 1}`,
      organ: organs[l % organs.length]!,
      kind: 'non-nodal' as const,
      role: 'target' as const,
      assessments: timepoints.map((t, i) => ({
        timepoint: t.id,
        status: 'measured' as const,
        // Shrinking to a nadir at scan 6, then regrowing.
        longAxisMm: l === 0 && i === editAt ? 5 : 20 + l - Math.min(i, 6) + Math.max(0, i - 6) * 0.5,
        attenuationHu: 60 - Math.min(i, 6) * 3 + (l % 7),
      })),
    })),
    newLesions: [],
  }
}
