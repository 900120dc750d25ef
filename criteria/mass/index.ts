/**
 * MASS (Morphology, Attenuation, Size, and Structure) criteria — Smith AD, Shah SN, Rini BI,
 * Lieber ML, Remer EM. Morphology, Attenuation, Size, and Structure (MASS) criteria: assessing
 * response and predicting clinical outcome in metastatic renal cell carcinoma on antiangiogenic
 * targeted therapy. AJR Am J Roentgenol 2010;194(6):1470-8. doi:10.2214/AJR.09.3456. Spec §4.4.
 *
 * Verified against the abstract (PubMed 20489085): target lesions on routine portal-venous-phase
 * contrast-enhanced CT; the categories favourable, indeterminate and unfavourable response. The
 * category definitions and sub-definitions could not be read: they are the spec's
 * reconstruction [M], hence status provisional (docs/verification.md).
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, Lesion } from '../case-schema.ts'
import { defineCriterion, type Response } from '../define-criterion.ts'
import { lesionLabel } from '../shared/case-view.ts'
import type { AttenuationPair } from '../shared/attenuation.ts'
import type { FindingList } from '../shared/findings.ts'
import { missingTargetsResponse, missingTargetsText } from '../shared/growth.ts'
import { describeDrops, evaluateSmithFamily, MARKED_ATTENUATION_DECREASE_HU, SIZE_FAVOURABLE_DECREASE, type SmithFacts, type SmithVariant, type SmithVerdict } from '../shared/smith-family.ts'

const SOURCE = 'Smith AD et al. AJR 2010;194:1470-8 (MASS)'

export const MassOptionsSchema = z
  .object({
    pdReference: choice({ nadir: 'Nadir (smallest earlier sum)', baseline: 'Baseline' })
      .default('nadir')
      .describe('Smith AD et al. AJR 2010;194:1470-8 (no reference stated for PD). The 20 % size increase is measured from the smallest earlier sum (nadir) or from baseline; the paper compared the first follow-up CT with baseline only.'),
    excludeLungFromDensity: z
      .boolean()
      .default(true)
      .describe('Caliper safeguard against partial volume (non-standard; as SACT leaves lung targets out, Smith AD et al. AJR 2010). Leave lung targets out of the marked-attenuation rule (partial volume with aerated lung).'),
    minLdForDensityMm: z
      .number()
      .nonnegative()
      .max(500)
      .default(15)
      .describe('Caliper safeguard against partial volume (non-standard; Choi 2007 set no minimum size). Targets shorter than this at baseline are left out of the marked-attenuation rule.'),
    mineralizedHuThreshold: z
      .number()
      .min(0)
      .max(3071)
      .default(150)
      .describe('Non-standard threshold (mineralised matrix: Silva JAM et al. J Bras Pneumol 2023;49:e20220433). A target over this many HU at baseline is treated as mineralized and left out of the marked-attenuation rule.'),
  })
  .strict()
export type MassOptions = z.infer<typeof MassOptionsSchema>

const verdict = (response: Response, rule: string, explain: () => string[]): SmithVerdict => ({ response, rule: `mass.target.${rule}`, explain })

// The sentences of the explanations (module functions, so deciding a response creates no closure but the one it returns).
const fillInText = (lesions: readonly Lesion[]) => `Marked central fill-in of ${lesions.map(lesionLabel).join(', ')}: unfavourable (PD).`
const enhancementText = (lesions: readonly Lesion[]) =>
  `New enhancement in a previously homogeneously hypoattenuating, non-enhancing mass (${lesions.map(lesionLabel).join(', ')}): unfavourable (PD).`
/** What makes growth or stable size favourable: marked necrosis and/or a marked attenuation fall (at least one is present). */
const reasonsText = (necrosis: readonly Lesion[], marked: readonly AttenuationPair[]) =>
  [
    ...(necrosis.length ? [`marked central necrosis in ${necrosis.map(lesionLabel).join(', ')}`] : []),
    ...(marked.length ? [`marked decreased attenuation (${MARKED_ATTENUATION_DECREASE_HU} HU or more) in ${describeDrops(marked)}`] : []),
  ].join(' and ')
const markedPrText = (necrosis: readonly Lesion[], marked: readonly AttenuationPair[]) => {
  const reasons = reasonsText(necrosis, marked)
  return `${reasons.charAt(0).toUpperCase()}${reasons.slice(1)}: favourable (PR).`
}
const sdText = (f: SmithFacts) =>
  `Not favourable: size ${f.sizeFromBaseline} (needs a decrease of 20 % or more) and no marked central necrosis or attenuation fall of ${MARKED_ATTENUATION_DECREASE_HU} HU or more. Not unfavourable: size ${f.sizeFromReference} (needs an increase of 20 % or more). Indeterminate (SD).`

function classify(f: SmithFacts, _options: MassOptions, findings: FindingList): SmithVerdict {
  // Spec §4.4 unfavourable (b): marked central fill-in, or new enhancement in a homogeneously non-enhancing mass.
  const fillIn = f.withFinding('central-fill-in')
  if (fillIn.length) return verdict('PD', 'central-fill-in', () => [fillInText(fillIn)])
  const enhancement = f.withFinding('new-enhancement')
  if (enhancement.length) return verdict('PD', 'new-enhancement', () => [enhancementText(enhancement)])

  // Spec §4.4 favourable (b), §4.5: only predominantly solid enhancing targets count. The reader
  // marks a target cystic when it is not (lesion.cystic); every other target counts as solid.
  for (const l of f.view.targets)
    if (l.cystic)
      findings.addOncePerLesion('not-solid-enhancing', 'info', `Target ${lesionLabel(l)} is marked cystic: MASS's marked necrosis and marked attenuation rules apply to predominantly solid enhancing lesions only, so it is left out of them.`, `${SOURCE}; Smith AD et al. AJR 2010;194:1470-8`, { lesion: l.id })
  const necrosis = f.withFinding('marked-central-necrosis', true).filter((l) => !l.cystic)
  const marked = f.marked.filter((p) => !p.lesion.cystic)
  const marks = necrosis.length > 0 || marked.length > 0

  // The missing-targets rule shared with RECIST 1.1 §4.4 (shared/growth.ts).
  if (!f.complete) {
    if (missingTargetsResponse(f.sizeIncreasedBy20 && !marks) === 'PD')
      return verdict('PD', 'pd-with-missing-targets', () => [`Even with the missing targets at 0 mm the size is ${f.sizeFromReference}, an increase of 20 % or more, with no marked necrosis or attenuation fall: unfavourable (PD).`, missingTargetsText('PD', 'sum of long axes')])
    return verdict('NE', 'not-all-evaluated', () => [missingTargetsText('NE', 'sum of long axes')])
  }
  if (f.sizeIncreasedBy20) {
    if (!marks) return verdict('PD', 'size-pd', () => [`Size ${f.sizeFromReference}: an increase of 20 % or more in the absence of marked central necrosis or marked decreased attenuation, unfavourable (PD).`])
    // The deliberate MASS exception (spec §4.4): necrotic swelling of a responding tumour.
    return verdict('PR', 'marked-despite-growth', () => [
      `Size ${f.sizeFromReference} is an increase of 20 % or more, but with ${reasonsText(necrosis, marked)}: MASS counts only growth without marked necrosis or attenuation fall as unfavourable, so favourable (PR).`,
    ])
  }
  if (f.sizeDecreasedBy(SIZE_FAVOURABLE_DECREASE)) return verdict('PR', 'size-pr', () => [`Size ${f.sizeFromBaseline}: a decrease of 20 % or more, favourable (PR).`])
  if (marks) return verdict('PR', 'marked-pr', () => [markedPrText(necrosis, marked)])
  return verdict('SD', 'sd', () => [sdText(f)])
}

const MASS: SmithVariant<MassOptions> = {
  id: 'mass',
  name: 'MASS',
  source: SOURCE,
  // MASS assessed routine portal-venous-phase CECT (abstract [P]): other phases block attenuation.
  // The abstract speaks of tumour size without naming the axis: the RECIST 1.1 sum, named in every explanation.
  measure: () => 'recist',
  guards: (o) => ({
    mineralizedHuThreshold: o.mineralizedHuThreshold,
    minLdForDensityMm: o.minLdForDensityMm,
    excludeLungFromDensity: o.excludeLungFromDensity,
    requiredPhase: 'portal-venous',
    requiredPhaseSource: `${SOURCE} (portal venous phase, abstract)`,
    rejectNonPositiveBaseline: false,
  }),
  classify,
}

export default defineCriterion({
  id: 'mass',
  name: 'MASS (Smith 2010)',
  version: '2010',
  reference: {
    citation:
      'Smith AD, Shah SN, Rini BI, Lieber ML, Remer EM. Morphology, Attenuation, Size, and Structure (MASS) criteria: assessing response and predicting clinical outcome in metastatic renal cell carcinoma on antiangiogenic targeted therapy. AJR Am J Roentgenol 2010;194(6):1470-8',
    doi: '10.2214/AJR.09.3456',
  },
  // Spec A-SM1: the category table and sub-definitions could not be checked.
  status: 'provisional',
  optionsSchema: MassOptionsSchema,
  evaluate: (kase: Case, options: MassOptions) => evaluateSmithFamily(kase, options, MASS),
})
