/**
 * Choi criteria — Choi H, Charnsangavej C, Faria SC, et al. Correlation of computed tomography
 * and positron emission tomography in patients with metastatic gastrointestinal stromal tumor
 * treated at a single institution with imatinib mesylate: proposal of new computed tomography
 * response criteria. J Clin Oncol 2007;25(13):1753-9. doi:10.1200/JCO.2006.07.3049. Spec §2.
 */
import { z } from 'zod'
import type { Case } from '../case-schema.ts'
import { defineCriterion } from '../define-criterion.ts'
import { CHOI_SOURCE, choiFamilyOptionShape, evaluateChoiFamily, type ChoiVariant } from '../shared/choi-family.ts'

export const ChoiOptionsSchema = z.object(choiFamilyOptionShape).strict()
export type ChoiOptions = z.infer<typeof ChoiOptionsSchema>

/** Choi 2007 Table 3: PR on a size decrease ≥ 10 % OR an attenuation decrease ≥ 15 %. */
const CHOI: ChoiVariant = {
  id: 'choi',
  name: 'Choi',
  source: CHOI_SOURCE,
  requiredPhase: null,
  meetsPr: (sizePr, densityPr) => sizePr || densityPr === true,
  describePr: (sizePr, densityPr) =>
    sizePr || densityPr
      ? `PR: ${sizePr ? 'size' : 'attenuation'} criterion met (Choi: size ≥ 10 % or attenuation ≥ 15 % decrease).`
      : `Neither size (≥ 10 % decrease) nor attenuation (${densityPr === null ? 'not evaluable' : '≥ 15 % decrease'}) meets PR: SD.`,
  // Table 3: PD is a ≥ 10 % size increase "and does not meet criteria of PR by tumor density".
  densityVetoesPd: true,
}

export default defineCriterion({
  id: 'choi',
  name: 'Choi',
  version: '2007',
  reference: {
    citation:
      'Choi H, Charnsangavej C, Faria SC, et al. Correlation of computed tomography and positron emission tomography in patients with metastatic gastrointestinal stromal tumor treated at a single institution with imatinib mesylate: proposal of new computed tomography response criteria. J Clin Oncol 2007;25(13):1753-9',
    doi: '10.1200/JCO.2006.07.3049',
  },
  status: 'established',
  optionsSchema: ChoiOptionsSchema,
  evaluate: (kase: Case, options: ChoiOptions) => evaluateChoiFamily(kase, options, CHOI),
})
