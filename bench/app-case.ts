import type { CaseInput } from '../criteria/index.ts'

export const LESIONS = 20
export const TIMEPOINTS = 12

/** 20 lesions × 12 timepoints, every one measured with attenuation; L1 at the last scan is the cell edited. */
export function benchCase(LESIONS_ = LESIONS, TIMEPOINTS_ = TIMEPOINTS): CaseInput {
  const [LESIONS, TIMEPOINTS] = [LESIONS_, TIMEPOINTS_]
  const day = (i: number) => new Date(Date.UTC(2025, 0, 6) + i * 42 * 86_400_000).toISOString().slice(0, 10)
  const timepoints = Array.from({ length: TIMEPOINTS }, (_, i) => ({ id: `t${i}`, date: day(i), label: i === 0 ? 'Baseline' : `Scan ${i}`, modality: 'CT' as const, contrastPhase: 'portal-venous' as const, kvp: 120 }))
  const organs = ['liver', 'lung', 'pleura', 'adrenal', 'peritoneum', 'kidney', 'spleen', 'pancreas', 'muscle', 'skin']
  return {
    format: 'tumor-response-case',
    version: 1,
    patient: { id: 'BENCH-20x12', diagnosis: 'Osteosarcoma' },
    therapyStart: day(0),
    timepoints,
    lesions: Array.from({ length: LESIONS }, (_, l) => ({
      id: `L${l + 1}`,
      name: `lesion ${l + 1}`,
      organ: organs[l % organs.length]!,
      kind: 'non-nodal' as const,
      role: 'target' as const,
      assessments: timepoints.map((t, i) => ({
        timepoint: t.id,
        status: 'measured' as const,
        // Shrinking to a nadir at scan 6, then regrowing; L1 ends at 5 mm (its cell toggles 5 ↔ 50).
        longAxisMm: l === 0 && i === TIMEPOINTS - 1 ? 5 : 20 + l - Math.min(i, 6) + Math.max(0, i - 6) * 0.5,
        attenuationHu: 60 - Math.min(i, 6) * 3 + (l % 7),
      })),
    })),
    newLesions: [],
  }
}

