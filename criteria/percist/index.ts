/**
 * PERCIST 1.0 — Wahl RL, Jacene H, Kasamon Y, Lodge MA. From RECIST to PERCIST: evolving
 * considerations for PET response criteria in solid tumors. J Nucl Med 2009;50(Suppl 1):122S-50S.
 * doi:10.2967/jnumed.108.057307. With O JH, Lodge MA, Wahl RL. Practical PERCIST: a simplified
 * guide to PET response criteria in solid tumors 1.0. Radiology 2016;280(2):576-84.
 * doi:10.1148/radiol.2016142043. Spec §8.
 *
 * SUL values have at most two decimals (the schema checks it), so every threshold is tested on
 * integer hundredths by cross-multiplication (spec §0.2.3).
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, Lesion, Timepoint } from '../case-schema.ts'
import { defineCriterion, type Response, type TimepointResult } from '../define-criterion.ts'
import { daysBetween } from '../shared/best-response.ts'
import { bestOfCase } from '../shared/case-best.ts'
import { defaultsOf } from '../shared/defaults.ts'
import { lesionLabel, newLesionsByTimepoint, nonTargetResponse, targetValue, viewCase, type CaseView } from '../shared/case-view.ts'
import { decreasedByAtLeast, formatValue, fromHundredths, increasedByAtLeast, percentChange, formatPercent, toHundredths, type Fraction, type Hundredths } from '../shared/exact.ts'
import { FindingList } from '../shared/findings.ts'
import { evaluateRecist11, Recist11OptionsSchema } from '../recist11/index.ts'

export const PERCIST_SOURCE = 'Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S (PERCIST 1.0)'
const PRACTICAL = 'O JH et al. Radiology 2016;280:576-84 (Practical PERCIST)'

/** Wahl 2009 PERCIST 1.0, PMR: SULpeak down by a minimum of 30 %… */
export const PMR_DECREASE: Fraction = [3, 10]
/** …and by at least 0.8 SUL units. */
export const PMR_MIN_DECREASE_SUL = 0.8
/** Wahl 2009, PMD: SULpeak up by more than 30 %… */
export const PMD_INCREASE: Fraction = [3, 10]
/** …and by more than 0.8 SUL units, from the baseline scan. */
export const PMD_MIN_INCREASE_SUL = 0.8
/** Wahl 2009, PMD by extent: total lesion glycolysis up 75 % with no decline in SUL (spec A-P3). */
export const TLG_INCREASE: Fraction = [3, 4]
/** Wahl 2009, measurability: SULpeak ≥ 1.5 × liver SULmean + 2 SD of the liver (3 cm sphere, right lobe). */
export const LIVER_FACTOR: Fraction = [3, 2]
/** Wahl 2009, measurability when the liver is abnormal: ≥ 2.0 × blood-pool SULmean + 2 SD (descending aorta). */
export const BLOOD_POOL_FACTOR = 2
/** The "+ 2 SD" of both measurability thresholds. */
export const REFERENCE_SD_MULTIPLE = 2
/** Wahl 2009 (as reproduced in secondary sources [S]): follow-up liver SULmean within 20 %… */
export const LIVER_QC_MAX_CHANGE: Fraction = [1, 5]
/** …and "< 0.3 SUL" from baseline (strict by default since issue #10; option liverQcAbsInclusive). */
export const LIVER_QC_MAX_ABS_SUL = 0.3
/** Wahl 2009 [S]: follow-up uptake time "< 15 min" from the baseline uptake time (strict by default since issue #10; option uptakeTimeQcInclusive). */
export const UPTAKE_MAX_DIFF_MIN = 15
/** Wahl 2009 [M]: blood glucose below 200 mg/dL (11.1 mmol/L). */
export const GLUCOSE_MAX_MG_DL = 200
/** Wahl 2009 PMR: "no increase > 30 % of SUL or size in all other lesions" (strict: exactly 30 % does not block). */
export const OTHER_LESION_MAX_INCREASE: Fraction = [3, 10]
/** Third-party implementation citing PERCIST [S]: injected activity within 20 % of baseline (a warning only). */
export const INJECTED_ACTIVITY_MAX_CHANGE: Fraction = [1, 5]

export const PercistOptionsSchema = z
  .object({
    pmrInclusive: z.boolean().default(true).describe(`${PERCIST_SOURCE}, table of response criteria. PMR on a decrease of at least 30 % and 0.8 SUL (≥, the 2009 wording "a minimum of 30 %", "at least 0.8"), or, when false, of more than both.`),
    pmdInclusive: z.boolean().default(false).describe(`${PERCIST_SOURCE}, table of response criteria. PMD on an increase of more than 30 % and 0.8 SUL (>, the 2009 wording), or, when true, of at least both.`),
    pmdReference: choice({ baseline: 'Baseline scan (2009 wording)', nadir: 'Lowest SULpeak so far' }).default('baseline').describe(`${PERCIST_SOURCE}, table of response criteria. PMD is measured from the baseline scan (2009 wording) or from the lowest hottest-lesion SULpeak so far; both are shown.`),
    tlgInclusive: z.boolean().default(true).describe(`${PERCIST_SOURCE}, table of response criteria. PMD by total lesion glycolysis on an increase of at least 75 % (default) or of more than 75 %.`),
    bloodPoolAdd2SD: z.boolean().default(true).describe(`${PERCIST_SOURCE}, measurability. The blood-pool measurability threshold includes + 2 SD (PERCIST 1.0 text and table disagree; flagged).`),
    liverQcDenominator: choice({ baseline: 'Baseline liver SULmean', larger: 'The larger of the two liver SULmeans' }).default('baseline').describe(`${PERCIST_SOURCE}, quality control (secondary sources differ on the denominator). The 20 % liver stability check divides by the baseline liver SULmean, or by the larger of the two.`),
    liverQcAbsInclusive: z.boolean().default(false).describe(`${PERCIST_SOURCE}, quality control. The liver check reads "< 0.3 SUL" in the tables available: a change of exactly 0.3 SUL fails (default), or, when true, passes.`),
    uptakeTimeQcInclusive: z.boolean().default(false).describe(`${PERCIST_SOURCE}, quality control. The uptake-time check reads "< 15 min" in the tables available: a difference of exactly 15 min fails (default), or, when true, passes.`),
    cmrBloodPoolLimit: choice({ mean: 'At or below the blood-pool SULmean', mean_plus_2sd: 'At or below the blood-pool SULmean + 2 SD' })
      .default('mean')
      .describe(`${PERCIST_SOURCE}, table of response criteria, CMR: uptake "less than mean liver activity and indistinguishable from surrounding background blood pool". A lesion counts as indistinguishable at or below the blood-pool SULmean (default), or at or below its mean + 2 SD; without a blood-pool SULmean no CMR is given.`),
    qcFailure: choice({ not_evaluable: 'Timepoint not evaluable (NE)', classify_with_warning: 'Classified, with a blocking finding' }).default('not_evaluable').describe(`${PERCIST_SOURCE}, quality control (what a failed check does is a Caliper choice). A timepoint failing the quality checks is NE, or is classified with a blocking (error) finding.`),
    partialVolumeMinMm: z.number().nonnegative().max(100).default(15).describe(`Non-standard safeguard beside ${PERCIST_SOURCE} (SULpeak over a 1.2 cm sphere). Warn when the hottest lesion measures less than this on CT (about twice the PET spatial resolution): its SULpeak is biased low.`),
  })
  .strict()
export type PercistOptions = z.infer<typeof PercistOptionsSchema>

const P = 'percist'
const PMR_MIN = toHundredths(PMR_MIN_DECREASE_SUL)
const PMD_MIN = toHundredths(PMD_MIN_INCREASE_SUL)

/** Hundredths comparisons with a switchable comparator. */
const atLeast = (inclusive: boolean, a: number, b: number) => (inclusive ? a >= b : a > b)

interface Hottest {
  lesion: Lesion
  sulPeak: Hundredths
}

function hottestAt(view: CaseView, tp: Timepoint): Hottest | null {
  let best: Hottest | null = null
  for (const lesion of view.kase.lesions) {
    const a = view.assessment(lesion, tp.id)
    if (!a || a.sulPeak === undefined || a.status === 'absent' || a.status === 'not-evaluated') continue
    const v = toHundredths(a.sulPeak)
    // Ties go to the lesion listed first by id, so the answer does not depend on input order.
    if (!best || v > best.sulPeak || (v === best.sulPeak && lesion.id < best.lesion.id)) best = { lesion, sulPeak: v }
  }
  return best
}

interface Reference {
  kind: 'liver' | 'blood pool'
  mean: Hundredths
  sd: Hundredths
}

/** The reference region of a timepoint: the liver, unless the reader marks it abnormal or it was not recorded. */
function referenceAt(tp: Timepoint): Reference | null {
  const pet = tp.pet
  if (!pet) return null
  if (!pet.liverAbnormal && pet.liverSulMean !== undefined && pet.liverSulSd !== undefined)
    return { kind: 'liver', mean: toHundredths(pet.liverSulMean), sd: toHundredths(pet.liverSulSd) }
  if (pet.bloodPoolSulMean !== undefined && pet.bloodPoolSulSd !== undefined)
    return { kind: 'blood pool', mean: toHundredths(pet.bloodPoolSulMean), sd: toHundredths(pet.bloodPoolSulSd) }
  return null
}

/** Measurability threshold in hundredths (spec §8.3), rounded up so that "≥ threshold" stays exact: 2·peak ≥ 3·mean + 4·SD for the liver. */
function measurable(peak: Hundredths, ref: Reference, options: PercistOptions): boolean {
  if (ref.kind === 'liver') return LIVER_FACTOR[1] * peak >= LIVER_FACTOR[0] * ref.mean + LIVER_FACTOR[1] * REFERENCE_SD_MULTIPLE * ref.sd
  return peak >= BLOOD_POOL_FACTOR * ref.mean + (options.bloodPoolAdd2SD ? REFERENCE_SD_MULTIPLE * ref.sd : 0)
}
function thresholdOf(ref: Reference, options: PercistOptions): number {
  if (ref.kind === 'liver') return fromHundredths((LIVER_FACTOR[0] * ref.mean) / LIVER_FACTOR[1] + REFERENCE_SD_MULTIPLE * ref.sd)
  return fromHundredths(BLOOD_POOL_FACTOR * ref.mean + (options.bloodPoolAdd2SD ? REFERENCE_SD_MULTIPLE * ref.sd : 0))
}

/** Quality checks of a follow-up against baseline (spec §8.3): the reasons they fail. Non-blocking ones go to findings. */
function qualityChecks(base: Timepoint, tp: Timepoint, options: PercistOptions, findings: FindingList): string[] {
  const failures: string[] = []
  const where = { timepoint: tp.id }
  const b = base.pet
  const c = tp.pet
  const refB = referenceAt(base)
  const refC = referenceAt(tp)
  if (!refC) {
    failures.push('no liver or blood-pool reference recorded')
    findings.add('pet-reference-missing', 'error', `PET-CT timepoint ${tp.id} has no liver (or blood-pool) SULmean and SD: its quality cannot be checked.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, where)
  }
  if (refB?.kind === 'liver' && refC?.kind === 'liver') {
    const diff = Math.abs(refC.mean - refB.mean)
    const denominator = options.liverQcDenominator === 'larger' ? Math.max(refB.mean, refC.mean) : refB.mean
    const pctOk = LIVER_QC_MAX_CHANGE[1] * diff <= LIVER_QC_MAX_CHANGE[0] * denominator
    const absOk = atLeast(options.liverQcAbsInclusive, toHundredths(LIVER_QC_MAX_ABS_SUL), diff)
    if (!pctOk || !absOk) {
      const why = `liver SULmean ${formatValue(refB.mean)} → ${formatValue(refC.mean)} (${formatPercent(percentChange(refC.mean, refB.mean))}, ${formatValue(refC.mean - refB.mean)} SUL): not within 20 % and ${options.liverQcAbsInclusive ? '' : 'under '}0.3 SUL of baseline`
      failures.push(why)
      findings.add('liver-reference-unstable', 'warning', `${tp.id}: ${why}; the scans are not comparable.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, where)
    }
  }
  if (b?.uptakeMinutes !== undefined && c?.uptakeMinutes !== undefined) {
    const diff = Math.abs(toHundredths(c.uptakeMinutes) - toHundredths(b.uptakeMinutes))
    if (!atLeast(options.uptakeTimeQcInclusive, toHundredths(UPTAKE_MAX_DIFF_MIN), diff)) {
      const why = `uptake time ${c.uptakeMinutes} min vs ${b.uptakeMinutes} min at baseline: ${options.uptakeTimeQcInclusive ? 'more than' : 'not less than'} ${UPTAKE_MAX_DIFF_MIN} min apart`
      failures.push(why)
      findings.add('uptake-time-mismatch', 'warning', `${tp.id}: ${why}.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, where)
    }
  } else findings.add('uptake-time-unrecorded', 'info', `${tp.id}: the uptake time is not recorded here or at baseline, so the ${UPTAKE_MAX_DIFF_MIN}-minute check could not be made.`, 'Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84', where)
  for (const t of [base, tp]) {
    const g = t.pet?.glucoseMgDl
    if (g !== undefined && toHundredths(g) >= toHundredths(GLUCOSE_MAX_MG_DL)) {
      const why = `blood glucose ${g} mg/dL at ${t.id}: PERCIST asks for less than ${GLUCOSE_MAX_MG_DL}`
      failures.push(why)
      findings.add('blood-glucose-high', 'warning', `${why}.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, { timepoint: t.id })
    }
  }
  if (b?.injectedMBq !== undefined && c?.injectedMBq !== undefined) {
    const diff = Math.abs(toHundredths(c.injectedMBq) - toHundredths(b.injectedMBq))
    if (INJECTED_ACTIVITY_MAX_CHANGE[1] * diff > INJECTED_ACTIVITY_MAX_CHANGE[0] * toHundredths(b.injectedMBq))
      findings.add('injected-activity-differs', 'warning', `${tp.id}: injected activity ${c.injectedMBq} MBq vs ${b.injectedMBq} MBq at baseline, more than 20 % apart.`, 'Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84', where)
  }
  return failures
}

/** Lesion diameter on CT for the partial-volume check: the long axis, or a node's short axis when that is all there is. */
function diameterMm(view: CaseView, lesion: Lesion, tp: Timepoint): number | undefined {
  const a = view.assessment(lesion, tp.id)
  return a?.longAxisMm ?? a?.shortAxisMm
}

/** An increase of more than 30 % (Wahl 2009 PMR: "no increase > 30 %"), on integer hundredths. */
const grewOver30 = (current: Hundredths, reference: Hundredths) => OTHER_LESION_MAX_INCREASE[1] * (current - reference) > OTHER_LESION_MAX_INCREASE[0] * reference

const sizeChange = (view: CaseView, lesion: Lesion, base: Timepoint, tp: Timepoint) => {
  const b = targetValue(lesion, view.assessment(lesion, base.id))!
  const c = targetValue(lesion, view.assessment(lesion, tp.id))!
  return `${formatValue(b)} → ${formatValue(c)} mm, ${formatPercent(percentChange(c, b))}`
}

/**
 * Wahl 2009 CMR on the recorded values: every lesion absent, or with a SULpeak below the liver
 * SULmean (unless the liver is marked abnormal) and not above the blood-pool SULmean (+ 2 SD with
 * option cmrBloodPoolLimit). `text` says what was compared; empty when a lesion has no value.
 */
function cmrAt(view: CaseView, tp: Timepoint, options: PercistOptions): { met: boolean; text: string; bloodPoolMissing: boolean } {
  const pet = tp.pet
  const liver = pet && !pet.liverAbnormal && pet.liverSulMean !== undefined ? toHundredths(pet.liverSulMean) : null
  const pool =
    pet?.bloodPoolSulMean !== undefined ? toHundredths(pet.bloodPoolSulMean) + (options.cmrBloodPoolLimit === 'mean_plus_2sd' && pet.bloodPoolSulSd !== undefined ? REFERENCE_SD_MULTIPLE * toHundredths(pet.bloodPoolSulSd) : 0) : null
  let maxPeak: Hundredths | null = null
  for (const lesion of view.kase.lesions) {
    const a = view.assessment(lesion, tp.id)
    if (!a || a.status === 'not-evaluated' || a.status === 'unequivocal-progression') return { met: false, text: '', bloodPoolMissing: false }
    if (a.status === 'absent') continue
    if (a.sulPeak === undefined) return { met: false, text: '', bloodPoolMissing: false }
    maxPeak = Math.max(maxPeak ?? 0, toHundredths(a.sulPeak))
  }
  if (maxPeak === null) return { met: true, text: 'every lesion is gone', bloodPoolMissing: false }
  if (liver === null && pool === null) return { met: false, text: '', bloodPoolMissing: false }
  const belowLiver = liver === null || maxPeak < liver
  const atPool = pool !== null && maxPeak <= pool
  const poolName = options.cmrBloodPoolLimit === 'mean' ? 'blood-pool SULmean' : 'blood-pool SULmean + 2 SD'
  const parts = [
    `highest lesion SULpeak ${formatValue(maxPeak)}`,
    ...(liver !== null ? [`${belowLiver ? 'below' : 'not below'} the liver SULmean ${formatValue(liver)}`] : []),
    ...(pool !== null ? [`${atPool ? 'not above' : 'above'} the ${poolName} ${formatValue(pool)}`] : []),
  ]
  return { met: belowLiver && atPool, text: parts.join(', '), bloodPoolMissing: belowLiver && pool === null }
}

const METABOLIC: Partial<Record<Response, Response>> = { CR: 'CMR', PR: 'PMR', SD: 'SMD', PD: 'PMD' }

/** PERCIST takes new lesions from RECIST 1.1 as published (its defaults). */
const RECIST_DEFAULTS = defaultsOf(Recist11OptionsSchema)

export function evaluatePercist(kase: Case, options: PercistOptions) {
  const view = viewCase(kase)
  const findings = new FindingList()
  const base = view.baseline
  if (base.modality !== 'PET-CT') {
    const reason = view.timepoints.some((t) => t.modality === 'PET-CT')
      ? `the baseline (${base.id}) is ${base.modality}, not PET-CT: PERCIST compares each PET-CT with a baseline PET-CT`
      : 'no timepoint is PET-CT: PERCIST applies to FDG PET-CT only'
    findings.add('not-pet-timepoint', 'info', `PERCIST not applied: ${reason}.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S`, { timepoint: base.id })
    return { timepoints: [], best: { response: null, timepoint: null, date: null, confirmed: null, explanation: [`PERCIST not applied: ${reason}.`] }, findings: findings.toArray(), notApplicable: { reason, source: PERCIST_SOURCE } }
  }

  // RECIST 1.1 supplies new lesions and, where it shows PD beside a metabolic response, the recist-percist-disagree finding.
  const recist = evaluateRecist11(kase, RECIST_DEFAULTS)
  const newLesions = newLesionsByTimepoint(view)
  const baseRef = referenceAt(base)
  const baseHot = hottestAt(view, base)
  const threshold = baseRef ? thresholdOf(baseRef, options) : null
  if (!baseRef) findings.add('pet-reference-missing', 'error', `Baseline ${base.id} has no liver (or blood-pool) SULmean and SD: measurability cannot be decided.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, { timepoint: base.id })
  else if (baseRef.kind === 'blood pool')
    findings.add('blood-pool-reference', 'info', `The blood pool is the reference (liver abnormal or not recorded): threshold 2.0 × mean${options.bloodPoolAdd2SD ? ' + 2 SD' : ''} = ${threshold} SUL (PERCIST 1.0 text and table disagree on + 2 SD; option bloodPoolAdd2SD).`, 'Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84', { timepoint: base.id })
  if (baseRef)
    for (const lesion of view.kase.lesions) {
      const a = view.assessment(lesion, base.id)
      if (a?.sulPeak !== undefined && !measurable(toHundredths(a.sulPeak), baseRef, options))
        findings.add('pet-lesion-below-threshold', 'info', `${lesionLabel(lesion)}: SULpeak ${a.sulPeak} at baseline is under the measurability threshold ${threshold} (${baseRef.kind === 'liver' ? '1.5 × liver mean + 2 SD' : 'blood pool'}).`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, { lesion: lesion.id, timepoint: base.id })
    }
  const baseMeasurable = baseRef !== null && baseHot !== null && measurable(baseHot.sulPeak, baseRef, options)
  if (baseRef && !baseMeasurable)
    findings.add('no-measurable-pet-lesion', 'warning', `No lesion at baseline reaches the measurability threshold ${threshold} SUL${baseHot ? ` (hottest: ${lesionLabel(baseHot.lesion)}, SULpeak ${formatValue(baseHot.sulPeak)})` : ''}: SULpeak changes cannot be classified.`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S; O JH et al. Radiology 2016;280:576-84`, { timepoint: base.id })
  const partialVolume = (hot: Hottest, tp: Timepoint) => {
    const d = diameterMm(view, hot.lesion, tp)
    if (d !== undefined && toHundredths(d) < toHundredths(options.partialVolumeMinMm))
      findings.add('partial-volume', 'warning', `The hottest lesion at ${tp.id}, ${lesionLabel(hot.lesion)}, measures ${d} mm on CT, under ${options.partialVolumeMinMm} mm: partial volume biases its SULpeak low.`, `Non-standard safeguard beside ${PERCIST_SOURCE}`, { lesion: hot.lesion.id, timepoint: tp.id })
  }
  if (baseHot) partialVolume(baseHot, base)

  const timepoints: TimepointResult[] = []
  let nadir: Hottest | null = baseMeasurable ? baseHot : null
  for (const [i, tp] of view.timepoints.slice(1).entries()) {
    const r = recist.timepoints[i]!
    const lines: string[] = []
    const news = newLesions.get(tp.id)
    const avid = [...news.unequivocal, ...news.confirmedLater.map((c) => c.lesion)].filter((n) => n.fdgAvid !== false)
    const nt = nonTargetResponse(view, tp)
    const hot = tp.modality === 'PET-CT' ? hottestAt(view, tp) : null
    const reference = options.pmdReference === 'nadir' ? nadir : baseMeasurable ? baseHot : null
    const result = (response: Response, rule: string, qcFailures: string[] = [], sulResponse: Response | null = null): TimepointResult => ({
      timepoint: tp.id,
      date: tp.date,
      response,
      targetResponse: sulResponse,
      nonTargetResponse: nt === null ? null : (METABOLIC[nt] ?? nt),
      newLesion: avid.length > 0,
      sumMm: null,
      sumComplete: true,
      baselineSumMm: null,
      nadirSumMm: null,
      changeFromBaselinePct: hot && baseMeasurable && baseHot ? percentChange(hot.sulPeak, baseHot.sulPeak) : null,
      changeFromNadirPct: hot && nadir ? percentChange(hot.sulPeak, nadir.sulPeak) : null,
      metabolic: {
        hottestLesion: hot?.lesion.id ?? null,
        sulPeak: hot ? fromHundredths(hot.sulPeak) : null,
        baselineLesion: baseHot?.lesion.id ?? null,
        baselineSulPeak: baseHot ? fromHundredths(baseHot.sulPeak) : null,
        pmdReferenceLesion: reference?.lesion.id ?? null,
        pmdReferenceSulPeak: reference ? fromHundredths(reference.sulPeak) : null,
        measurabilityThreshold: threshold,
        qcFailures,
      },
      rule,
      explanation: lines,
    })

    // Issue #10: where RECIST 1.1 shows progression and PERCIST a metabolic response, neither vetoes the other: a finding says so.
    const disagreement = (metabolic: 'CMR' | 'PMR') => {
      if (r.response !== 'PD') return
      lines.push(`RECIST 1.1 shows PD at ${tp.id} (${r.rule}) while PERCIST shows ${metabolic}: verify with a follow-up scan (Wahl 2009).`)
      findings.add('recist-percist-disagree', 'warning', `At ${tp.id} RECIST 1.1 shows progression (${r.rule}) while PERCIST shows ${metabolic}: the anatomic and metabolic readings disagree; PERCIST asks for verification with follow-up. Neither overrides the other here.`, `${PERCIST_SOURCE} (CMR, PMR: "if progression by RECIST, must verify with follow-up")`, { timepoint: tp.id })
    }
    if (tp.modality !== 'PET-CT') {
      lines.push(`${tp.id} is ${tp.modality}: PERCIST reads FDG PET-CT only.`)
      findings.add('not-pet-timepoint', 'info', `Timepoint ${tp.id} is ${tp.modality}, not PET-CT: PERCIST does not classify it (NE).`, `${PERCIST_SOURCE}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S`, { timepoint: tp.id })
      timepoints.push(result('NE', `${P}.not-pet-ct`))
      continue
    }
    const qc = qualityChecks(base, tp, options, findings)
    if (hot) partialVolume(hot, tp)
    if (hot && baseHot && hot.lesion.id !== baseHot.lesion.id)
      findings.add('hottest-lesion-changed', 'info', `The hottest lesion at ${tp.id} is ${lesionLabel(hot.lesion)} (SULpeak ${formatValue(hot.sulPeak)}); at baseline it was ${lesionLabel(baseHot.lesion)} (${formatValue(baseHot.sulPeak)}). PERCIST compares the hottest lesion of each scan, which need not be the same lesion.`, PERCIST_SOURCE, { timepoint: tp.id })
    if (hot) lines.push(`Hottest lesion ${lesionLabel(hot.lesion)}: SULpeak ${formatValue(hot.sulPeak)}${baseHot ? `; at baseline ${lesionLabel(baseHot.lesion)}, ${formatValue(baseHot.sulPeak)} (threshold ${threshold ?? 'unknown'})` : ''}.`)

    // Qualitative progression stands whatever the quantitative checks: new FDG-avid lesions, unequivocal non-target progression.
    if (avid.length > 0) {
      lines.push(`${avid.length} new FDG-avid lesion(s) (${avid.map((n) => n.organ).join(', ')}): PMD.`)
      timepoints.push(result('PMD', `${P}.new-lesion`, qc))
      continue
    }
    if (nt === 'PD') {
      lines.push('Unequivocal progression of non-target disease: PMD.')
      timepoints.push(result('PMD', `${P}.non-target.pd`, qc))
      continue
    }
    if (qc.length > 0) {
      lines.push(`Quality checks failed: ${qc.join('; ')}.`)
      if (options.qcFailure === 'not_evaluable') {
        lines.push('The scans are not comparable: NE (option qcFailure).')
        timepoints.push(result('NE', `${P}.qc-failed`, qc))
        continue
      }
      findings.add('qc-failed-classified', 'error', `${tp.id} fails the PERCIST quality checks (${qc.join('; ')}) yet is classified (option qcFailure = classify_with_warning): do not report it without review.`, 'Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S', { timepoint: tp.id })
    }

    // CMR (Wahl 2009): every lesion gone, or its uptake below the mean liver activity AND indistinguishable from the blood pool.
    const cmr = cmrAt(view, tp, options)
    if (cmr.met) {
      lines.push(`${cmr.text}, no new lesion: CMR.`)
      findings.add('cmr-visual-check', 'info', `CMR at ${tp.id} on the recorded SULpeaks (${cmr.text}); confirm on the images that uptake is indistinguishable from the surrounding blood-pool background.`, PERCIST_SOURCE, { timepoint: tp.id })
      disagreement('CMR')
      timepoints.push(result('CMR', `${P}.cmr`, qc, 'CMR'))
      continue
    }
    if (cmr.text) lines.push(`Not CMR: ${cmr.text}.`)
    if (cmr.bloodPoolMissing)
      findings.add('cmr-blood-pool-missing', 'warning', `${tp.id}: every lesion is gone or below the liver mean, but no blood-pool SULmean is recorded, so "indistinguishable from background blood pool" cannot be checked: not CMR. Record the blood-pool SULmean and SD.`, PERCIST_SOURCE, { timepoint: tp.id })
    if (!baseMeasurable || !baseHot || !hot) {
      lines.push(!baseMeasurable ? 'No measurable lesion at baseline: SULpeak changes are not classified, NE.' : 'No SULpeak recorded at this timepoint: NE.')
      timepoints.push(result('NE', baseMeasurable ? `${P}.no-sulpeak` : `${P}.baseline-not-measurable`, qc))
      continue
    }

    // PMD by SULpeak: > 30 % and > 0.8 SUL over the reference (baseline by default; spec A-P1, A-P2).
    const ref = reference ?? baseHot
    const up = hot.sulPeak - ref.sulPeak
    const pmdPct = options.pmdInclusive ? increasedByAtLeast(hot.sulPeak, ref.sulPeak, PMD_INCREASE) : PMD_INCREASE[1] * up > PMD_INCREASE[0] * ref.sulPeak
    const pmdSul = pmdPct && atLeast(options.pmdInclusive, up, PMD_MIN)
    const cmp = options.pmdInclusive ? 'at least' : 'more than'
    lines.push(`SULpeak ${formatValue(hot.sulPeak)} vs ${options.pmdReference} ${formatValue(ref.sulPeak)}: ${formatPercent(percentChange(hot.sulPeak, ref.sulPeak))}, ${up >= 0 ? '+' : ''}${formatValue(up)} SUL (PMD needs ${cmp} 30 % and ${cmp} 0.8 SUL).`)
    // PMD by extent: TLG over the lesions measured at both scans, with no decline in SULpeak.
    let tlgBase = 0
    let tlgNow = 0
    let tlgLesions = 0
    for (const lesion of view.kase.lesions) {
      const b = view.assessment(lesion, base.id)?.tlg
      const c = view.assessment(lesion, tp.id)?.tlg
      if (b === undefined || c === undefined) continue
      tlgBase += toHundredths(b)
      tlgNow += toHundredths(c)
      tlgLesions++
    }
    const tlgUp = tlgLesions > 0 && tlgBase > 0 && atLeast(options.tlgInclusive, TLG_INCREASE[1] * (tlgNow - tlgBase), TLG_INCREASE[0] * tlgBase) && hot.sulPeak >= baseHot.sulPeak
    if (tlgLesions > 0) lines.push(`TLG ${formatValue(tlgNow)} vs ${formatValue(tlgBase)} at baseline over ${tlgLesions} lesion(s): ${formatPercent(percentChange(tlgNow, tlgBase))} (PMD needs ${options.tlgInclusive ? 'at least' : 'more than'} +75 % with no decline in SULpeak).`)
    if (pmdSul || tlgUp) {
      if (r.targetResponse !== 'PD')
        findings.add('pmd-needs-confirmation', 'info', `PMD at ${tp.id} rests on uptake, not on RECIST 1.1 progression: confirm within about a month.`, `${PERCIST_SOURCE}; ${PRACTICAL}; Wahl RL et al. J Nucl Med 2009;50 Suppl 1:122S-50S`, { timepoint: tp.id })
      timepoints.push(result('PMD', pmdSul ? `${P}.pmd-sulpeak` : `${P}.pmd-tlg`, qc, 'PMD'))
      nadir = nadir && qc.length === 0 ? (hot.sulPeak < nadir.sulPeak ? hot : nadir) : nadir
      continue
    }

    // PMR: ≥ 30 % and ≥ 0.8 SUL below baseline (spec A-P1), no lesion up > 30 %, no RECIST 1.1 PD.
    const down = baseHot.sulPeak - hot.sulPeak
    const pmr = options.pmrInclusive
      ? decreasedByAtLeast(hot.sulPeak, baseHot.sulPeak, PMR_DECREASE) && down >= PMR_MIN
      : PMR_DECREASE[1] * down > PMR_DECREASE[0] * baseHot.sulPeak && down > PMR_MIN
    let response: Response = 'SMD'
    let rule = `${P}.smd`
    if (pmr) {
      // Wahl 2009 PMR: "no increase > 30 % of SUL or size in all other lesions".
      const rising = view.kase.lesions.filter((lesion) => {
        const b = view.assessment(lesion, base.id)?.sulPeak
        const c = view.assessment(lesion, tp.id)?.sulPeak
        return b !== undefined && c !== undefined && grewOver30(toHundredths(c), toHundredths(b))
      })
      const growing = view.kase.lesions.filter((lesion) => {
        if (lesion === hot.lesion) return false
        const b = targetValue(lesion, view.assessment(lesion, base.id))
        const c = targetValue(lesion, view.assessment(lesion, tp.id))
        return b !== null && c !== null && b > 0 && grewOver30(c, b)
      })
      const blockers = [
        ...(rising.length ? [`${rising.map(lesionLabel).join(', ')} rose more than 30 % in SULpeak`] : []),
        ...(growing.length ? [`${growing.map((l) => `${lesionLabel(l)} (${sizeChange(view, l, base, tp)})`).join(', ')} grew more than 30 % in size`] : []),
      ]
      if (blockers.length) {
        lines.push(`The hottest lesion meets PMR, but ${blockers.join(' and ')}: SMD ("no increase > 30 % of SUL or size in all other lesions", Wahl 2009).`)
        findings.add('pmr-blocked', 'info', `${tp.id}: PMR by the hottest lesion, but ${blockers.join(' and ')}; PERCIST PMR requires no increase over 30 % of SUL or size in all other lesions.`, PERCIST_SOURCE, { timepoint: tp.id })
      } else {
        response = 'PMR'
        rule = `${P}.pmr`
        lines.push(`${formatPercent(percentChange(hot.sulPeak, baseHot.sulPeak))} and −${formatValue(down)} SUL from baseline: ${options.pmrInclusive ? 'at least' : 'more than'} 30 % and 0.8 SUL, and no other lesion up more than 30 % in SULpeak or size: PMR.`)
        disagreement('PMR')
      }
    } else lines.push(`Not PMR: ${formatPercent(percentChange(hot.sulPeak, baseHot.sulPeak))} and ${down > 0 ? '−' : '+'}${formatValue(Math.abs(down))} SUL from baseline (PMR needs ${options.pmrInclusive ? 'at least' : 'more than'} −30 % and −0.8 SUL). SMD.`)
    timepoints.push(result(response, rule, qc, response))
    if (nadir && qc.length === 0 && hot.sulPeak < nadir.sulPeak) nadir = hot
  }

  const best = bestOfCase(view, timepoints)
  const bestResponse = best.response === null ? null : (METABOLIC[best.response] ?? best.response)
  const at = timepoints.find((t) => t.timepoint === best.timepoint)
  // Spec §8.5: report the change and the weeks since the start of treatment with the category, e.g. "PMR −40 (4)".
  if (bestResponse && at)
    best.explanation.push(`${bestResponse} ${at.changeFromBaselinePct ?? '—'} (${Math.floor(daysBetween(kase.therapyStart ?? base.date, at.date) / 7)}): ${bestResponse}, SULpeak change from baseline in %, weeks since the start of treatment.`)
  return { timepoints, best: { ...best, response: bestResponse }, findings: [...findings.toArray(), ...recist.findings.filter((f) => f.code === 'equivocal-new-lesion' || f.code === 'new-lesion-confirmed-later')] }
}

export default defineCriterion({
  id: 'percist',
  name: 'PERCIST 1.0',
  version: '1.0',
  reference: {
    citation:
      'Wahl RL, Jacene H, Kasamon Y, Lodge MA. From RECIST to PERCIST: evolving considerations for PET response criteria in solid tumors. J Nucl Med 2009;50(Suppl 1):122S-50S',
    doi: '10.2967/jnumed.108.057307',
  },
  status: 'provisional',
  optionsSchema: PercistOptionsSchema,
  evaluate: evaluatePercist,
})
