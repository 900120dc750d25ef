/**
 * SACT (Size and Attenuation CT) criteria — Smith AD, Lieber ML, Shah SN. Assessing tumor
 * response and detecting recurrence in metastatic renal cell carcinoma on targeted therapy:
 * importance of size and attenuation on contrast-enhanced CT. AJR Am J Roentgenol
 * 2010;194(1):157-65. doi:10.2214/AJR.09.2941. Spec §4.3.
 *
 * Verified against the abstract (PubMed 20028918): long-axis size and volumetric mean
 * attenuation of target lesions on contrast-enhanced CT; the "decreased attenuation of ≥ 40 HU"
 * anchor; the name "favorable response". The category table itself could not be read: the rules
 * below are the spec's reconstruction [M], hence status provisional (docs/verification.md).
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, Lesion } from '../case-schema.ts'
import { defineCriterion, type Response } from '../define-criterion.ts'
import { lesionLabel } from '../shared/case-view.ts'
import { missingTargetsResponse, missingTargetsText } from '../shared/growth.ts'
import type { Fraction } from '../shared/exact.ts'
import { describeDrops, evaluateSmithFamily, MARKED_ATTENUATION_DECREASE_HU, SIZE_FAVOURABLE_DECREASE, type SmithFacts, type SmithVariant, type SmithVerdict } from '../shared/smith-family.ts'

/** SACT (spec §4.3 (b)): a size decrease of 10 % or more together with one marked attenuation fall. */
export const SIZE_MINOR_DECREASE: Fraction = [1, 10]
/** SACT (spec §4.3 (c)): "half or more" of the non-lung targets with a marked attenuation fall. */
export const HALF_OF_TARGETS: Fraction = [1, 2]

const SOURCE = 'Smith AD et al. AJR 2010;194:157-65 (SACT)'

export const SactOptionsSchema = z
  .object({
    sizeMeasure: choice({ long_axis: 'Long axis of every target, nodes too (Smith 2010)', recist_sum: 'RECIST 1.1 sum (nodes by short axis)' })
      .default('long_axis')
      .describe('Smith AD et al. AJR 2010;194:157-65, abstract: "tumor long-axis measurements". Sum every target\'s long axis, lymph nodes too (long_axis), or the RECIST 1.1 sum with the short axis of nodes (recist_sum).'),
    pdReference: choice({ nadir: 'Nadir (smallest earlier sum)', baseline: 'Baseline' })
      .default('nadir')
      .describe('Smith AD et al. AJR 2010;194:157-65 (no reference stated for PD). The 20 % size increase is measured from the smallest earlier sum (nadir) or from baseline; the paper compared the first follow-up CT with baseline only.'),
    sactSizePdExceptionForMarkedAttenuation: z
      .boolean()
      .default(false)
      .describe("Smith AD et al. AJR 2010;194:157-65 (SACT) and AJR 2010;194:1470-8 (MASS). Let a marked (≥ 40 HU) attenuation fall in a non-lung target block size-based PD, as MASS does; off by default (SACT's reconstructed wording has no exception)."),
    halfOfTargetsDenominator: choice({ compared: 'Among targets whose attenuation was compared', all_non_lung: 'Among all non-lung targets' })
      .default('compared')
      .describe('Smith AD et al. AJR 2010;194:157-65 (wording reconstructed, not checked against its Table 1). "Half or more of the non-lung targets": counted among the non-lung targets whose attenuation could be compared, or among all non-lung targets (those left out by the attenuation safeguards then count against PR).'),
    minLdForDensityMm: z
      .number()
      .nonnegative()
      .max(500)
      .default(15)
      .describe('Caliper safeguard against partial volume (non-standard; Choi 2007 set no minimum size). Targets shorter than this at baseline are left out of the attenuation rules.'),
    mineralizedHuThreshold: z
      .number()
      .min(0)
      .max(3071)
      .default(150)
      .describe('Non-standard threshold (mineralised matrix: Silva JAM et al. J Bras Pneumol 2023;49:e20220433). A target over this many HU at baseline is treated as mineralized and left out of the attenuation rules.'),
  })
  .strict()
export type SactOptions = z.infer<typeof SactOptionsSchema>

const verdict = (response: Response, rule: string, explain: () => string[]): SmithVerdict => ({ response, rule: `sact.target.${rule}`, explain })

/** Spec §4.3 [M]: "non-lung" targets, by organ. */
const nonLungTargetCount = (f: SmithFacts) => f.view.targets.filter((l) => !/lung|pulmon/i.test(l.organ)).length

// The sentences of the explanations (module functions, so deciding a response creates no closure but the one it returns).
const fillInText = (lesions: readonly Lesion[]) => `Marked central fill-in of ${lesions.map(lesionLabel).join(', ')}: unfavourable (PD).`
const enhancementText = (lesions: readonly Lesion[]) =>
  `New enhancement in a previously homogeneously hypoattenuating, non-enhancing mass (${lesions.map(lesionLabel).join(', ')}): unfavourable (PD).`
/** Said first when the size increase would have been PD but a marked attenuation fall blocked it (option sactSizePdExceptionForMarkedAttenuation). */
const exemptText = (f: SmithFacts) =>
  f.sizeIncreasedBy20 ? `Size ${f.sizeFromReference} would be PD, but a non-lung target fell by ${MARKED_ATTENUATION_DECREASE_HU} HU or more (${describeDrops(f.marked)}): not PD (option sactSizePdExceptionForMarkedAttenuation). ` : ''
const halfOfTargetsText = (f: SmithFacts, denominator: number, options: SactOptions) =>
  `${exemptText(f)}${f.marked.length} of ${denominator} non-lung targets (${options.halfOfTargetsDenominator === 'compared' ? 'with comparable attenuation' : 'all non-lung targets'}) fell by ${MARKED_ATTENUATION_DECREASE_HU} HU or more: half or more, favourable (PR).`
const sdText = (f: SmithFacts, denominator: number) =>
  `${exemptText(f)}Not favourable: size ${f.sizeFromBaseline} (needs a decrease of 20 %, or 10 % with one non-lung target down ${MARKED_ATTENUATION_DECREASE_HU} HU) and ${f.marked.length} of ${denominator} non-lung targets down ${MARKED_ATTENUATION_DECREASE_HU} HU or more (needs half or more). Not unfavourable: size ${f.sizeFromReference} (PD needs an increase of 20 % or more). Indeterminate (SD).`

function classify(f: SmithFacts, options: SactOptions): SmithVerdict {
  // Spec §4.3 PD: marked central fill-in, or new enhancement in a homogeneously non-enhancing mass (reader input).
  const fillIn = f.withFinding('central-fill-in')
  if (fillIn.length) return verdict('PD', 'central-fill-in', () => [fillInText(fillIn)])
  const enhancement = f.withFinding('new-enhancement')
  if (enhancement.length) return verdict('PD', 'new-enhancement', () => [enhancementText(enhancement)])

  const exempt = options.sactSizePdExceptionForMarkedAttenuation && f.marked.length > 0
  // The missing-targets rule shared with RECIST 1.1 §4.4 (shared/growth.ts).
  if (!f.complete) {
    if (missingTargetsResponse(f.sizeIncreasedBy20 && !exempt) === 'PD')
      return verdict('PD', 'pd-with-missing-targets', () => [`Even with the missing targets at 0 mm the size is ${f.sizeFromReference}: an increase of 20 % or more, unfavourable (PD).`, missingTargetsText('PD', f.sumName)])
    return verdict('NE', 'not-all-evaluated', () => [missingTargetsText('NE', f.sumName)])
  }
  if (f.sizeIncreasedBy20) {
    if (!exempt) return verdict('PD', 'size-pd', () => [`Size ${f.sizeFromReference}: an increase of 20 % or more, unfavourable (PD).`])
  }
  const denominator = options.halfOfTargetsDenominator === 'compared' ? (f.pairs?.length ?? 0) : nonLungTargetCount(f)
  if (f.sizeDecreasedBy(SIZE_FAVOURABLE_DECREASE)) return verdict('PR', 'size-pr', () => [`${exemptText(f)}Size ${f.sizeFromBaseline}: a decrease of 20 % or more, favourable (PR).`])
  if (f.sizeDecreasedBy(SIZE_MINOR_DECREASE) && f.marked.length)
    return verdict('PR', 'size-and-attenuation-pr', () => [
      `${exemptText(f)}Size ${f.sizeFromBaseline} (a decrease of 10 % or more) and ${describeDrops(f.marked)}: a fall of ${MARKED_ATTENUATION_DECREASE_HU} HU or more in a non-lung target, favourable (PR).`,
    ])
  if (denominator > 0 && HALF_OF_TARGETS[1] * f.marked.length >= HALF_OF_TARGETS[0] * denominator) return verdict('PR', 'attenuation-pr', () => [halfOfTargetsText(f, denominator, options)])
  return verdict('SD', 'sd', () => [sdText(f, denominator)])
}

const SACT: SmithVariant<SactOptions> = {
  id: 'sact',
  name: 'SACT',
  source: SOURCE,
  // Spec §4.2 [M]: SACT's attenuation rules use non-lung targets only; the phase must match baseline.
  measure: (o) => (o.sizeMeasure === 'long_axis' ? 'long-axis' : 'recist'),
  guards: (o) => ({ mineralizedHuThreshold: o.mineralizedHuThreshold, minLdForDensityMm: o.minLdForDensityMm, excludeLungFromDensity: true, requiredPhase: null, rejectNonPositiveBaseline: false }),
  classify,
}

export default defineCriterion({
  id: 'sact',
  name: 'SACT (Smith 2010)',
  version: '2010',
  reference: {
    citation:
      'Smith AD, Lieber ML, Shah SN. Assessing tumor response and detecting recurrence in metastatic renal cell carcinoma on targeted therapy: importance of size and attenuation on contrast-enhanced CT. AJR Am J Roentgenol 2010;194(1):157-65',
    doi: '10.2214/AJR.09.2941',
  },
  // Spec A-SM1: the category table (Table 1 of the paper) could not be checked.
  status: 'provisional',
  optionsSchema: SactOptionsSchema,
  evaluate: (kase: Case, options: SactOptions) => evaluateSmithFamily(kase, options, SACT),
})
