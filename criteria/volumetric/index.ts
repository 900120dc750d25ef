/**
 * Volumetric response (issue #14): the sum of target volumes, with the thresholds that
 * correspond to RECIST 1.1 for a sphere. A sphere's volume goes with the cube of its diameter,
 * so RECIST's −30 % in diameter is 0.7³ = 0.343 of the volume (a 65.7 % decrease) and +20 % is
 * 1.2³ = 1.728 (a 72.8 % increase).
 *
 * Sources: Therasse P et al. New guidelines to evaluate the response to treatment in solid
 * tumors (RECIST). J Natl Cancer Inst 2000;92:205-16, whose table relates diameter, product and
 * volume changes (PR: 30 % / 50 % / 65 %; PD: 20 % / 44 % / 73 %) [from memory, not re-read];
 * Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 §4.3.3 (a "73 % increase in volume" equals a
 * 20 % increase in diameter) [from memory]; Henson JW, Ulmer S, Harris GJ. Brain tumor imaging in
 * clinical trials. AJNR Am J Neuroradiol 2008;29:419-24, doi:10.3174/ajnr.A0963, Table
 * "Volumetric extrapolated from RECIST": PR ≥ 66 % decrease from baseline, PD ≥ 73 % increase
 * from the nadir [table read]. The two sources round the PR figure differently (65.7 %): option
 * `prDecrease`. No source validates these as response criteria: the module is provisional and
 * a research measure, shown beside RECIST 1.1, not instead of it.
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import { defineCriterion, type TimepointResult } from '../define-criterion.ts'
import { bestOfCase } from '../shared/case-best.ts'
import { describeNewLesions, hasNewLesion, lesionLabel, newLesionsByTimepoint, nonTargetResponse, overallResponse, targetSums, targetsMeetCr, viewCase, type CaseView } from '../shared/case-view.ts'
import { decreasedByAtLeast, formatPercent, formatValue, fromHundredths, increasedByAtLeast, percentChange, type Fraction, type Hundredths } from '../shared/exact.ts'
import { FindingList } from '../shared/findings.ts'
import { explained } from '../shared/lazy.ts'
import { baselineVolume, lesionVolume } from '../shared/volumes.ts'
import type { Case } from '../case-schema.ts'

export const VOLUMETRIC_SOURCE = 'Therasse P et al. J Natl Cancer Inst 2000;92:205-16; Henson JW et al. AJNR 2008;29:419-24 (volumetric extrapolated from RECIST)'

/** PR: a decrease of at least 65 % of the baseline volume sum (Therasse 2000), or 66 % (Henson 2008). */
export const PR_DECREASE_OF: Record<'65' | '66', Fraction> = { '65': [65, 100], '66': [66, 100] }
/** PD: an increase of at least 73 % over the smallest volume sum on study (both sources). */
export const PD_INCREASE_FROM_NADIR: Fraction = [73, 100]

export const VolumetricOptionsSchema = z
  .object({
    prDecrease: choice({ "65": '65 % decrease (Therasse 2000)', "66": '66 % decrease (Henson 2008)' })
      .default('65')
      .describe('Therasse P et al. J Natl Cancer Inst 2000;92:205-16; Henson JW et al. AJNR 2008;29:419-24. PR at a volume decrease of at least 65 % (Therasse 2000 table) or 66 % (Henson 2008 table); the sphere value is 65.7 %.'),
    missingVolume: choice({ sum_available: 'Follow the targets that have one (flagged)', not_evaluable: 'Every target response NE' })
      .default('sum_available')
      .describe('A Caliper choice beside the volumetric reading of Therasse P et al. J Natl Cancer Inst 2000;92:205-16. When only some targets have a baseline volume: follow the sum of those (flagged), or make every target response NE.'),
  })
  .strict()
export type VolumetricOptions = z.infer<typeof VolumetricOptionsSchema>

const V = 'volumetric'
const ml = (value: Hundredths) => `${formatValue(value)} mL`

interface VolumeSum {
  sum: Hundredths
  complete: boolean
  missing: string[]
  estimated: string[]
}

function volumeSum(view: CaseView, included: readonly number[], i: number): VolumeSum {
  let sum = 0
  const missing: string[] = []
  const estimated: string[] = []
  for (const k of included) {
    const lesion = view.targets[k]!
    const volume = lesionVolume(view.targetRows[k]![i])
    if (volume === null) missing.push(lesion.id)
    else {
      sum += volume.value
      if (volume.source === 'ellipsoid') estimated.push(lesion.id)
    }
  }
  return { sum, complete: missing.length === 0, missing, estimated }
}

export function evaluateVolumetric(kase: Case, options: VolumetricOptions) {
  const view = viewCase(kase)
  const findings = new FindingList()
  const included: number[] = []
  const without: string[] = []
  view.targets.forEach((lesion, k) => (baselineVolume(view.targetRows[k]![0]) !== null ? included.push(k) : without.push(lesionLabel(lesion))))
  if (included.length === 0)
    return {
      timepoints: [],
      best: explained({ response: null, timepoint: null, date: null, confirmed: null }, () => ['No target lesion has a baseline volume.']),
      findings: [],
      notApplicable: { reason: 'No target lesion has a volume at baseline (volumeMl from segmentation, or long, short and third axes for an ellipsoid estimate).', source: VOLUMETRIC_SOURCE },
    }
  const baselineId = view.baseline.id
  findings.add('volumetric-research-measure', 'info', 'Volumetric thresholds (−65 % / +73 %) are the sphere equivalents of RECIST 1.1, not a validated response criterion: read them beside RECIST 1.1, not instead of it.', VOLUMETRIC_SOURCE, { timepoint: baselineId })
  if (without.length > 0)
    findings.add('volume-partial-targets', 'warning', `Only some targets have a baseline volume: ${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} none, so the volume sum ${options.missingVolume === 'not_evaluable' ? 'is not evaluable (option missingVolume = not_evaluable)' : `follows ${included.length} of ${view.targets.length} targets (option missingVolume = sum_available)`}.`, VOLUMETRIC_SOURCE, { timepoint: baselineId })
  const partialBlocks = without.length > 0 && options.missingVolume === 'not_evaluable'

  const sums = view.timepoints.map((_, i) => volumeSum(view, included, i))
  for (let i = 0; i < sums.length; i++)
    for (const id of sums[i]!.estimated)
      findings.addOncePerLesion('volume-estimated', 'info', `${id}: volume estimated from three axes as an ellipsoid (π/6 × a × b × c) from ${view.timepoints[i]!.id} on; a segmented volume is more accurate for irregular tumours.`, VOLUMETRIC_SOURCE, { lesion: id, timepoint: view.timepoints[i]!.id })

  const baseline = sums[0]!.sum
  const diameterSums = targetSums(view)
  const prFraction = PR_DECREASE_OF[options.prDecrease]
  const newLesions = newLesionsByTimepoint(view)
  let nadir = baseline
  const timepoints: TimepointResult[] = []
  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const s = sums[i]!
    // A sum that grew: with a nadir of 0 (every target gone) any regrowth is an increase.
    const pd = s.sum > nadir && increasedByAtLeast(s.sum, nadir, PD_INCREASE_FROM_NADIR)
    let target: 'CR' | 'PR' | 'SD' | 'PD' | 'NE'
    let rule: string
    if (partialBlocks) [target, rule] = ['NE', 'target.partial-volumes']
    // CR is RECIST 1.1's (§4.3.1): every target gone, nodes under 10 mm short axis; it is not a volume threshold.
    else if (s.complete && targetsMeetCr(view, diameterSums[i]!)) [target, rule] = ['CR', 'target.cr']
    else if (pd) [target, rule] = ['PD', s.complete ? 'target.pd-vs-nadir' : 'target.pd-with-missing-volumes']
    else if (!s.complete) [target, rule] = ['NE', 'target.volume-missing']
    else if (decreasedByAtLeast(s.sum, baseline, prFraction)) [target, rule] = ['PR', 'target.pr-vs-baseline']
    else [target, rule] = ['SD', 'target.sd']
    const nonTarget = nonTargetResponse(view, tp)
    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    const overall = overallResponse(target, nonTarget, newLesion)
    const nadirHere = nadir
    const figures = {
      sumMl: fromHundredths(s.sum),
      baselineMl: fromHundredths(baseline),
      nadirMl: fromHundredths(nadirHere),
      lesions: included.map((k) => view.targets[k]!.id),
      estimated: s.estimated,
    }
    timepoints.push(
      explained(
        {
          timepoint: tp.id,
          date: tp.date,
          response: overall.response,
          targetResponse: target,
          nonTargetResponse: nonTarget,
          newLesion,
          sumMm: null,
          sumComplete: s.complete,
          baselineSumMm: null,
          nadirSumMm: null,
          changeFromBaselinePct: s.complete ? percentChange(s.sum, baseline) : null,
          changeFromNadirPct: s.complete ? percentChange(s.sum, nadirHere) : null,
          volume: figures,
          rule: overall.response === 'PD' && target !== 'PD' ? (newLesion ? `${V}.new-lesion` : `${V}.non-target.pd`) : `${V}.${rule}`,
        },
        () => [
          `Sum of target volumes ${ml(s.sum)}${s.complete ? '' : ` over the measured targets (${s.missing.join(', ')} without a volume)`}${s.estimated.length ? ` (${s.estimated.join(', ')} estimated as ellipsoids)` : ''}; baseline ${ml(baseline)}, nadir ${ml(nadirHere)}: ${formatPercent(percentChange(s.sum, baseline))} from baseline, ${formatPercent(percentChange(s.sum, nadirHere))} from the nadir.`,
          `Target response ${target}: PR needs a decrease of at least ${prFraction[0]} % from baseline, PD an increase of at least 73 % over the nadir${rule === 'target.cr' ? '; every target has disappeared (nodes under 10 mm short axis), CR' : ''}${partialBlocks ? '; not every target has a baseline volume (option missingVolume = not_evaluable)' : ''}.`,
          `Non-target response: ${nonTarget ?? 'none recorded'}.`,
          describeNewLesions(news, tp.id),
          `Overall: ${overall.row}.`,
        ],
      ),
    )
    if (s.complete) nadir = Math.min(nadir, s.sum)
  }
  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}

export default defineCriterion({
  id: 'volumetric',
  name: 'Volumetric (RECIST sphere equivalent)',
  version: 'issue-14',
  reference: {
    citation: 'Therasse P, Arbuck SG, Eisenhauer EA, et al. New guidelines to evaluate the response to treatment in solid tumors. J Natl Cancer Inst 2000;92(3):205-16; Henson JW, Ulmer S, Harris GJ. Brain tumor imaging in clinical trials. AJNR Am J Neuroradiol 2008;29(3):419-24',
    doi: '10.3174/ajnr.A0963',
  },
  // The thresholds are arithmetic on RECIST 1.1; no publication validates them as a response criterion.
  status: 'provisional',
  optionsSchema: VolumetricOptionsSchema,
  evaluate: evaluateVolumetric,
})
