/**
 * The attenuation (density) part of Choi-type criteria, with the guards of spec §9: no
 * comparison across contrast phases or tube voltages, and no mineralized, lung, small or
 * non-positive-baseline lesion in the mean. A blocked comparison is "not-comparable", never a guess.
 */
import type { ContrastPhaseSchema, Lesion, Timepoint } from '../case-schema.ts'
import type { z } from 'zod'
import type { AttenuationResult } from '../define-criterion.ts'
import { decreasedByAtLeast, formatValue, percentChange, toHundredths, type Fraction, type Hundredths } from './exact.ts'
import { lesionLabel, type CaseView } from './case-view.ts'
import { LUNG_ORGAN, type FindingList } from './findings.ts'

type ContrastPhase = z.infer<typeof ContrastPhaseSchema>

export interface AttenuationGuards {
  /** Spec §9.2 (non-standard): a baseline mean above this many HU marks the lesion mineralized. */
  mineralizedHuThreshold: number
  /** Spec §2.4/§9.6 (non-standard): lesions with a shorter baseline long axis are left out. */
  minLdForDensityMm: number
  /** Spec §2.4/§9.6: lung lesions are left out (partial volume with air). */
  excludeLungFromDensity: boolean
  /** The phase the criterion requires at every timepoint, or null for "the same as baseline". */
  requiredPhase: ContrastPhase | null
  /** Where the required phase comes from, for the finding (mChoi's, where PR needs density, when absent). @default 'Spec §3.4 A-M3' */
  requiredPhaseSource?: string
  /** Leave out lesions at 0 HU or less at baseline (a percentage change is undefined). @default true */
  rejectNonPositiveBaseline?: boolean
}

export interface AttenuationComparison {
  result: AttenuationResult
  /** True/false when compared; null when not comparable. */
  decreasedBy15Pct: boolean | null
}

/** Choi 2007: a decrease in mean attenuation of 15 % or more. */
export const DENSITY_PR_DECREASE: Fraction = [15, 100]

const GUARD_SOURCE = 'Spec §9.5; Birnbaum BA et al. Radiology 2007;242:109-19'

/** One target's mean attenuation at baseline and at the current timepoint, in hundredths of HU. */
export interface AttenuationPair {
  lesion: Lesion
  baselineHu: Hundredths
  currentHu: Hundredths
}

export type AttenuationPairs = { ok: true; pairs: AttenuationPair[] } | { ok: false; reason: string }

/**
 * The targets whose attenuation may be compared between baseline and `current`, after the
 * acquisition guards (modality, phase, kVp) and the lesion guards (mineralized, lung, small,
 * baseline ≤ 0 HU when a percentage is taken). Each exclusion is reported as a finding.
 */
export function attenuationPairs(view: CaseView, current: Timepoint, guards: AttenuationGuards, findings: FindingList): AttenuationPairs {
  const base = view.baseline
  const notComparable = (reason: string): AttenuationPairs => ({ ok: false, reason })
  const where = { timepoint: current.id }

  for (const t of [base, current])
    if (t.modality !== 'CT' && t.modality !== 'PET-CT') return notComparable(`${t.id} is ${t.modality}: attenuation in HU needs CT.`)
  if (guards.requiredPhase) {
    const wrong = [base, current].find((t) => t.contrastPhase !== guards.requiredPhase)
    if (wrong) {
      findings.add('density-phase-missing', 'warning', `${wrong.id} was acquired in the ${wrong.contrastPhase} phase; this criterion compares attenuation in the ${guards.requiredPhase} phase only, so its density part is not evaluable${guards.requiredPhaseSource ? '' : ' and PR cannot be reached'}.`, guards.requiredPhaseSource ?? 'Spec §3.4 A-M3', { timepoint: wrong.id })
      return notComparable(`density needs the ${guards.requiredPhase} phase at baseline and follow-up; ${wrong.id} is ${wrong.contrastPhase}.`)
    }
  }
  if (base.contrastPhase !== current.contrastPhase) {
    findings.add('acquisition-mismatch', 'warning', `Contrast phase differs between baseline (${base.contrastPhase}) and ${current.id} (${current.contrastPhase}): attenuation is not compared.`, GUARD_SOURCE, where)
    return notComparable(`contrast phase ${current.contrastPhase} differs from baseline ${base.contrastPhase}.`)
  }
  if (current.contrastPhase === 'non-contrast')
    return notComparable('non-contrast CT: the density criterion measures contrast enhancement.')
  if (base.kvp !== undefined && current.kvp !== undefined && base.kvp !== current.kvp) {
    findings.add('acquisition-mismatch', 'warning', `Tube voltage differs between baseline (${base.kvp} kVp) and ${current.id} (${current.kvp} kVp): iodine attenuation changes with kVp, so attenuation is not compared.`, GUARD_SOURCE, where)
    return notComparable(`tube voltage ${current.kvp} kVp differs from baseline ${base.kvp} kVp.`)
  }
  if (base.kvp === undefined || current.kvp === undefined)
    findings.add('kvp-unrecorded', 'info', `Tube voltage is not recorded for ${[base, current].filter((t) => t.kvp === undefined).map((t) => t.id).join(' and ')}: attenuation is compared, but like kVp cannot be checked.`, GUARD_SOURCE, where)
  if (current.contrastPhase === 'unknown')
    findings.add('contrast-phase-unknown', 'info', `Contrast phase is unknown at baseline and ${current.id}: attenuation is compared, but like phase cannot be checked.`, GUARD_SOURCE, where)

  const pairs: AttenuationPair[] = []
  for (const lesion of view.targets) {
    const label = lesionLabel(lesion)
    const at = { lesion: lesion.id, timepoint: current.id }
    const a0 = view.assessment(lesion, base.id)
    const a1 = view.assessment(lesion, current.id)
    if (a0?.attenuationHu === undefined || a1?.attenuationHu === undefined) continue
    const mineralized = a0.findings?.includes('mineralization') || a1.findings?.includes('mineralization')
    if (mineralized || a0.attenuationHu > guards.mineralizedHuThreshold) {
      findings.addOncePerLesion('mineralized-lesion', 'warning', `Target ${label} is ${mineralized ? 'flagged as mineralized' : `over ${guards.mineralizedHuThreshold} HU at baseline (${a0.attenuationHu} HU), so probably mineralized`}: mineral, not enhancing tumour, sets its attenuation, and tumour matrix may ossify as it responds. It is left out of the attenuation criteria.`, 'Spec §9.2; Choi 2007 (A-C7)', at)
      continue
    }
    if (guards.excludeLungFromDensity && LUNG_ORGAN.test(lesion.organ)) {
      findings.addOncePerLesion('lung-lesion-attenuation', 'info', `Target ${label} is in the lung: its mean attenuation mixes in aerated lung (partial volume), so it is left out of the attenuation criteria.`, 'Spec §2.4, §9.6', at)
      continue
    }
    const ld = a0.longAxisMm ?? a0.shortAxisMm
    if (ld === undefined || ld < guards.minLdForDensityMm) {
      findings.addOncePerLesion('lesion-too-small-for-attenuation', 'info', `Target ${label} is under ${guards.minLdForDensityMm} mm at baseline: too small for a reliable mean attenuation, so it is left out of the attenuation criteria.`, 'Spec §2.4, §9.6 (non-standard safeguard)', at)
      continue
    }
    // A percentage change from 0 HU or less is undefined; an absolute change (SACT, MASS) is not.
    if ((guards.rejectNonPositiveBaseline ?? true) && a0.attenuationHu <= 0) {
      findings.addOncePerLesion('non-positive-baseline-hu', 'info', `Target ${label} has a baseline attenuation of ${a0.attenuationHu} HU: a percentage change from 0 HU or less is undefined, so it is left out.`, 'Spec §2.4, §9.6', at)
      continue
    }
    pairs.push({ lesion, baselineHu: toHundredths(a0.attenuationHu), currentHu: toHundredths(a1.attenuationHu) })
  }
  if (pairs.length === 0) return notComparable('no target lesion is eligible for attenuation (see findings).')
  return { ok: true, pairs }
}

/** The mean of the lesion means at baseline and now, for display (spec A-C4). */
export function attenuationSummary(pairs: readonly AttenuationPair[]): AttenuationResult {
  const n = pairs.length
  const baseSum = pairs.reduce((s, p) => s + p.baselineHu, 0)
  const currentSum = pairs.reduce((s, p) => s + p.currentHu, 0)
  const lesions = pairs.map((p) => p.lesion.id)
  return {
    status: 'compared',
    lesions,
    baselineHu: Math.round(baseSum / n) / 100,
    currentHu: Math.round(currentSum / n) / 100,
    changePct: percentChange(currentSum, baseSum),
    reason: `mean attenuation of ${lesions.join(', ')}: ${formatValue(Math.round(baseSum / n))} → ${formatValue(Math.round(currentSum / n))} HU`,
  }
}

/** Compares the mean attenuation of the eligible targets at `current` with baseline (Choi 2007). */
export function compareAttenuation(view: CaseView, current: Timepoint, guards: AttenuationGuards, findings: FindingList): AttenuationComparison {
  const eligible = attenuationPairs(view, current, guards, findings)
  if (!eligible.ok)
    return {
      result: { status: 'not-comparable', lesions: [], baselineHu: null, currentHu: null, changePct: null, reason: eligible.reason },
      decreasedBy15Pct: null,
    }
  // Mean of the lesion means (spec A-C4, the default aggregation): both means divide by the
  // same count, so the 15 % test can compare the sums exactly.
  const baseSum = eligible.pairs.reduce((s, p) => s + p.baselineHu, 0)
  const currentSum = eligible.pairs.reduce((s, p) => s + p.currentHu, 0)
  return { result: attenuationSummary(eligible.pairs), decreasedBy15Pct: decreasedByAtLeast(currentSum, baseSum, DENSITY_PR_DECREASE) }
}
