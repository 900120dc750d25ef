/**
 * The attenuation (density) part of Choi-type criteria, with the guards of spec §9: no
 * comparison across contrast phases or tube voltages, and no mineralized, lung, small or
 * non-positive-baseline lesion in the mean. A blocked comparison is "not-comparable", never a guess.
 */
import type { Assessment, ContrastPhaseSchema, Lesion, Timepoint } from '../case-schema.ts'
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
  /** Where the required phase comes from, for the finding (mChoi's, where PR needs density, when absent). @default Nathan 2010 (mChoi) */
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

const GUARD_SOURCE = 'Birnbaum BA et al. Radiology 2007;242:109-19'

/** One target's mean attenuation at baseline and at the current timepoint, in hundredths of HU. */
export interface AttenuationPair {
  lesion: Lesion
  baselineHu: Hundredths
  currentHu: Hundredths
}

export type AttenuationPairs = { ok: true; pairs: AttenuationPair[] } | { ok: false; reason: string }

/** A lesion guard, named by the code of its finding. */
export type LesionGuard = 'mineralized-lesion' | 'lung-lesion-attenuation' | 'lesion-too-small-for-attenuation' | 'non-positive-baseline-hu'

/**
 * The attenuation comparisons of one evaluation, timepoint after timepoint, reporting to one
 * finding list. At each timepoint: the targets whose attenuation may be compared with baseline,
 * after the acquisition guards (modality, phase, kVp) and the lesion guards (mineralized, lung,
 * small, baseline ≤ 0 HU when a percentage is taken), each exclusion reported as a finding; and
 * the comparison of their mean attenuation (Choi 2007). The guards that look at the baseline only are judged once per target,
 * and a lesion guard's finding (reported once per lesion) is written only the first time.
 */
export class AttenuationSeries {
  readonly #view: CaseView
  readonly #guards: AttenuationGuards
  readonly #findings: FindingList
  /** Per target, the lesion guard its baseline fails (null: none), once judged. */
  readonly #baselineGuard: (LesionGuard | null | undefined)[] = []
  /** Per target, the lesion guards already reported. */
  readonly #reported: (LesionGuard[] | undefined)[] = []
  /** The targets last compared and their ids as a reason lists them: mostly the same at every follow-up, so joined once. */
  #lastCompared: { targets: number[]; names: string } | null = null
  /** The baseline is not in the required phase and that was reported: it is, with the same finding, at every follow-up. */
  #baselinePhaseReported = false

  constructor(view: CaseView, guards: AttenuationGuards, findings: FindingList) {
    this.#view = view
    this.#guards = guards
    this.#findings = findings
  }

  /** The eligible targets at the timepoint in position `i` of `view.timepoints`, or why there are none. */
  pairsAt(i: number): AttenuationPairs {
    const eligible = this.#eligibleTargets(i)
    if (typeof eligible === 'string') return { ok: false, reason: eligible }
    const rows = this.#view.targetRows
    const pairs: AttenuationPair[] = []
    for (const k of eligible) pairs.push({ lesion: this.#view.targets[k]!, baselineHu: toHundredths(rows[k]![0]!.attenuationHu!), currentHu: toHundredths(rows[k]![i]!.attenuationHu!) })
    return { ok: true, pairs }
  }

  /**
   * `compareAt(i).decreasedBy15Pct` alone, without the summary for people: whether the mean
   * attenuation fell by 15 % or more (null when not comparable). Choi and mChoi ask it of the
   * reading with the other safeguards, which they make in full only where it differs.
   */
  decreasedAt(i: number): boolean | null {
    const eligible = this.#eligibleTargets(i)
    if (typeof eligible === 'string') return null
    const rows = this.#view.targetRows
    let baseSum = 0
    let currentSum = 0
    for (const k of eligible) {
      baseSum += toHundredths(rows[k]![0]!.attenuationHu!)
      currentSum += toHundredths(rows[k]![i]!.attenuationHu!)
    }
    return decreasedByAtLeast(currentSum, baseSum, DENSITY_PR_DECREASE)
  }

  /** The mean attenuation of the eligible targets at position `i` compared with baseline. */
  compareAt(i: number): AttenuationComparison {
    const eligible = this.#eligibleTargets(i)
    if (typeof eligible === 'string') return { result: notComparable(eligible), decreasedBy15Pct: null }
    // Mean of the lesion means (spec A-C4, the default aggregation): both means divide by the
    // same count, so the 15 % test can compare the sums exactly.
    const rows = this.#view.targetRows
    const lesions: string[] = []
    let baseSum = 0
    let currentSum = 0
    for (const k of eligible) {
      lesions.push(this.#view.targets[k]!.id)
      baseSum += toHundredths(rows[k]![0]!.attenuationHu!)
      currentSum += toHundredths(rows[k]![i]!.attenuationHu!)
    }
    return { result: summaryOfSums(lesions, this.#namesOf(eligible, lesions), baseSum, currentSum), decreasedBy15Pct: decreasedByAtLeast(currentSum, baseSum, DENSITY_PR_DECREASE) }
  }

  /** `lesions.join(', ')`, reusing the last one when the same targets are compared again. */
  #namesOf(targets: number[], lesions: string[]): string {
    const last = this.#lastCompared
    if (last && sameTargets(last.targets, targets)) return last.names
    this.#lastCompared = { targets, names: lesions.join(', ') }
    return this.#lastCompared.names
  }

  /**
   * The positions (in `view.targets`) of the targets whose attenuation is compared at timepoint
   * position `i`, or why none is: the acquisition guards, then each target's lesion guards.
   */
  #eligibleTargets(i: number): number[] | string {
    const view = this.#view
    const current = view.timepoints[i]!
    const blocked = this.#acquisitionMismatch(current)
    if (blocked !== null) return blocked

    const eligible: number[] = []
    for (let k = 0; k < view.targets.length; k++) {
      const row = view.targetRows[k]!
      const a0 = row[0]
      const a1 = row[i]
      if (a0?.attenuationHu === undefined || a1?.attenuationHu === undefined) continue
      const lesion = view.targets[k]!
      // A follow-up flagged as mineralized excludes the lesion too; the other guards look at baseline only.
      const guard = a1.findings?.includes('mineralization') ? 'mineralized-lesion' : this.#baselineGuardOf(k, lesion, a0)
      if (guard === null) eligible.push(k)
      else if (!this.#reported[k]?.includes(guard)) {
        reportLesionGuard(guard, lesion, a0, a1, current, this.#guards, this.#findings)
        ;(this.#reported[k] ??= []).push(guard)
      }
    }
    return eligible.length > 0 ? eligible : 'no target lesion is eligible for attenuation (see findings).'
  }

  /** Why attenuation cannot be compared between the two scans (the acquisition guards), or null when it can. */
  #acquisitionMismatch(current: Timepoint): string | null {
    const base = this.#view.baseline
    const guards = this.#guards
    const findings = this.#findings
    if (!measuresHu(base)) return `${base.id} is ${base.modality}: attenuation in HU needs CT.`
    if (!measuresHu(current)) return `${current.id} is ${current.modality}: attenuation in HU needs CT.`
    const required = guards.requiredPhase
    if (required) {
      const wrong = base.contrastPhase !== required ? base : current.contrastPhase !== required ? current : null
      if (wrong) {
        if (wrong !== base || !this.#baselinePhaseReported)
          findings.add('density-phase-missing', 'warning', `${wrong.id} was acquired in the ${wrong.contrastPhase} phase; this criterion compares attenuation in the ${required} phase only, so its density part is not evaluable${guards.requiredPhaseSource ? '' : ' and PR cannot be reached'}.`, guards.requiredPhaseSource ?? 'Nathan PD et al. Cancer Biol Ther 2010;9:15-9', { timepoint: wrong.id })
        if (wrong === base) this.#baselinePhaseReported = true
        return `density needs the ${required} phase at baseline and follow-up; ${wrong.id} is ${wrong.contrastPhase}.`
      }
    }
    if (base.contrastPhase !== current.contrastPhase) {
      findings.add('acquisition-mismatch', 'warning', `Contrast phase differs between baseline (${base.contrastPhase}) and ${current.id} (${current.contrastPhase}): attenuation is not compared.`, GUARD_SOURCE, { timepoint: current.id })
      return `contrast phase ${current.contrastPhase} differs from baseline ${base.contrastPhase}.`
    }
    if (current.contrastPhase === 'non-contrast') return 'non-contrast CT: the density criterion measures contrast enhancement.'
    if (base.kvp !== undefined && current.kvp !== undefined && base.kvp !== current.kvp) {
      findings.add('acquisition-mismatch', 'warning', `Tube voltage differs between baseline (${base.kvp} kVp) and ${current.id} (${current.kvp} kVp): iodine attenuation changes with kVp, so attenuation is not compared.`, GUARD_SOURCE, { timepoint: current.id })
      return `tube voltage ${current.kvp} kVp differs from baseline ${base.kvp} kVp.`
    }
    if (base.kvp === undefined || current.kvp === undefined) {
      const unrecorded = base.kvp === undefined && current.kvp === undefined ? `${base.id} and ${current.id}` : base.kvp === undefined ? base.id : current.id
      findings.add('kvp-unrecorded', 'info', `Tube voltage is not recorded for ${unrecorded}: attenuation is compared, but like kVp cannot be checked.`, GUARD_SOURCE, { timepoint: current.id })
    }
    if (current.contrastPhase === 'unknown')
      findings.add('contrast-phase-unknown', 'info', `Contrast phase is unknown at baseline and ${current.id}: attenuation is compared, but like phase cannot be checked.`, GUARD_SOURCE, { timepoint: current.id })
    return null
  }

  #baselineGuardOf(k: number, lesion: Lesion, a0: Assessment): LesionGuard | null {
    let guard = this.#baselineGuard[k]
    if (guard === undefined) guard = this.#baselineGuard[k] = baselineGuard(lesion, a0, this.#guards)
    return guard
  }
}

function sameTargets(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false
  return true
}

const measuresHu = (t: Timepoint) => t.modality === 'CT' || t.modality === 'PET-CT'

/** The lesion guard a target's baseline fails, in the order they are checked, or null (`a0` has an attenuation). */
export function baselineGuard(lesion: Lesion, a0: Assessment, guards: Omit<AttenuationGuards, 'requiredPhase' | 'requiredPhaseSource'>): LesionGuard | null {
  if (a0.findings?.includes('mineralization') || a0.attenuationHu! > guards.mineralizedHuThreshold) return 'mineralized-lesion'
  if (guards.excludeLungFromDensity && LUNG_ORGAN.test(lesion.organ)) return 'lung-lesion-attenuation'
  const ld = a0.longAxisMm ?? a0.shortAxisMm
  if (ld === undefined || ld < guards.minLdForDensityMm) return 'lesion-too-small-for-attenuation'
  // A percentage change from 0 HU or less is undefined; an absolute change (SACT, MASS) is not.
  if ((guards.rejectNonPositiveBaseline ?? true) && a0.attenuationHu! <= 0) return 'non-positive-baseline-hu'
  return null
}

/** The finding for a target left out of the attenuation mean (once per lesion). */
function reportLesionGuard(guard: LesionGuard, lesion: Lesion, a0: Assessment, a1: Assessment, current: Timepoint, guards: AttenuationGuards, findings: FindingList) {
  const label = lesionLabel(lesion)
  const at = { lesion: lesion.id, timepoint: current.id }
  const baselineHu = a0.attenuationHu!
  switch (guard) {
    case 'mineralized-lesion': {
      const flagged = a0.findings?.includes('mineralization') || a1.findings?.includes('mineralization')
      findings.addOncePerLesion(guard, 'warning', `Target ${label} is ${flagged ? 'flagged as mineralized' : `over ${guards.mineralizedHuThreshold} HU at baseline (${baselineHu} HU), so probably mineralized`}: mineral, not enhancing tumour, sets its attenuation, and tumour matrix may ossify as it responds. It is left out of the attenuation criteria.`, 'Silva JAM et al. J Bras Pneumol 2023;49:e20220433; Choi 2007', at)
      return
    }
    case 'lung-lesion-attenuation':
      findings.addOncePerLesion(guard, 'info', `Target ${label} is in the lung: its mean attenuation mixes in aerated lung (partial volume), so it is left out of the attenuation criteria.`, 'Choi H et al. J Clin Oncol 2007;25:1753-9; Caliper safeguard against partial volume (non-standard; as SACT leaves lung targets out, Smith AD et al. AJR 2010)', at)
      return
    case 'lesion-too-small-for-attenuation':
      findings.addOncePerLesion(guard, 'info', `Target ${label} is under ${guards.minLdForDensityMm} mm at baseline: too small for a reliable mean attenuation, so it is left out of the attenuation criteria.`, 'Choi H et al. J Clin Oncol 2007;25:1753-9; Caliper safeguard against partial volume (non-standard; Choi 2007 set no minimum size)', at)
      return
    case 'non-positive-baseline-hu':
      findings.addOncePerLesion(guard, 'info', `Target ${label} has a baseline attenuation of ${baselineHu} HU: a percentage change from 0 HU or less is undefined, so it is left out.`, 'Choi H et al. J Clin Oncol 2007;25:1753-9', at)
  }
}

/** The mean of the lesion means at baseline and now, for display (spec A-C4). */
export function attenuationSummary(pairs: readonly AttenuationPair[]): AttenuationResult {
  const lesions: string[] = []
  let baseSum = 0
  let currentSum = 0
  for (const p of pairs) {
    lesions.push(p.lesion.id)
    baseSum += p.baselineHu
    currentSum += p.currentHu
  }
  return summaryOfSums(lesions, lesions.join(', '), baseSum, currentSum)
}

/** `attenuationSummary` from the lesions compared (`names`: their ids joined by ", ") and their summed attenuations. */
function summaryOfSums(lesions: string[], names: string, baseSum: Hundredths, currentSum: Hundredths): AttenuationResult {
  const n = lesions.length
  const baseMean = Math.round(baseSum / n)
  const currentMean = Math.round(currentSum / n)
  return {
    status: 'compared',
    lesions,
    baselineHu: baseMean / 100,
    currentHu: currentMean / 100,
    changePct: percentChange(currentSum, baseSum),
    // Data, not prose: the app shows it beside the figures, so it is written here (formatValue writes from integer digits, cheaply).
    reason: `mean attenuation of ${names}: ${formatValue(baseMean)} → ${formatValue(currentMean)} HU`,
  }
}

const notComparable = (reason: string): AttenuationResult => ({ status: 'not-comparable', lesions: [], baselineHu: null, currentHu: null, changePct: null, reason })
