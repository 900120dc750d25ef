/**
 * Modified Choi (mChoi) — Nathan PD, Vinayan A, Stott D, Juttla J, Goh V. CT response assessment
 * combining reduction in both size and arterial phase density correlates with time to
 * progression in metastatic renal cancer patients treated with targeted therapies. Cancer Biol
 * Ther 2010;9(1):15-9. Spec §3. Not the "modified Choi" of Smith et al. (AJR 2010).
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case } from '../case-schema.ts'
import { defineCriterion } from '../define-criterion.ts'
import { choiFamilyOptionShape, evaluateChoiFamily, type ChoiVariant } from '../shared/choi-family.ts'

export const MChoiOptionsSchema = z
  .object({
    ...choiFamilyOptionShape,
    densityPhase: choice({ arterial: 'Arterial (as Nathan 2010)', "portal-venous": 'Portal venous' })
      .default('arterial')
      .describe('Nathan PD et al. Cancer Biol Ther 2010;9:15-9. Nathan 2010 measured arterial-phase density; every timepoint must be in this phase or the density part is not evaluable (and PR impossible).'),
    densityVetoOnPD: z
      .boolean()
      .default(true)
      .describe("Choi H et al. J Clin Oncol 2007;25:1753-9, Table 3 (size PD only where PR is not met by density); Nathan PD et al. Cancer Biol Ther 2010;9:15-9 changed PR only. Keep Choi's exception: a ≥ 15 % attenuation decrease blocks size-based PD (true → SD), or not (false → PD)."),
  })
  .strict()
export type MChoiOptions = z.infer<typeof MChoiOptionsSchema>

const SOURCE = 'Nathan PD et al. Cancer Biol Ther 2010;9:15-9'

/** Nathan 2010: PR needs BOTH a ≥ 10 % size decrease AND a ≥ 15 % attenuation decrease. */
const meetsPr = (sizePr: boolean, densityPr: boolean | null) => sizePr && densityPr === true

function describePr(sizePr: boolean, densityPr: boolean | null): string {
  if (meetsPr(sizePr, densityPr)) return 'PR: size ≥ 10 % and attenuation ≥ 15 % decrease both met (mChoi needs both).'
  const missing = [...(sizePr ? [] : ['a size decrease of 10 % or more']), ...(densityPr === null ? ['an evaluable attenuation'] : densityPr ? [] : ['an attenuation decrease of 15 % or more'])]
  return `mChoi PR needs both a size and an attenuation response; missing ${missing.join(' and ')}: SD.`
}

const variant = (options: MChoiOptions): ChoiVariant => ({
  id: 'mchoi',
  name: 'Modified Choi',
  source: SOURCE,
  requiredPhase: options.densityPhase,
  meetsPr,
  describePr,
  densityVetoesPd: options.densityVetoOnPD,
})

export default defineCriterion({
  id: 'mchoi',
  name: 'Modified Choi (Nathan 2010)',
  version: '2010',
  reference: {
    citation:
      'Nathan PD, Vinayan A, Stott D, Juttla J, Goh V. CT response assessment combining reduction in both size and arterial phase density correlates with time to progression in metastatic renal cancer patients treated with targeted therapies. Cancer Biol Ther 2010;9(1):15-9',
  },
  // The citation and the arterial phase could not be checked against the paper (docs/verification.md).
  status: 'provisional',
  optionsSchema: MChoiOptionsSchema,
  evaluate: (kase: Case, options: MChoiOptions) => evaluateChoiFamily(kase, options, variant(options)),
})
