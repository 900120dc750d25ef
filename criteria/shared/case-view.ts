/**
 * A case seen as a series: timepoints in date order, the baseline, the lesions by role, and
 * the RECIST 1.1 bookkeeping that RECIST, Choi and mChoi share (target values and sums,
 * non-target response, new lesions, the overall response of Tables 1 and 2).
 */
import type { Assessment, Case, Lesion, NewLesion, Timepoint } from '../case-schema.ts'
import type { Response } from '../define-criterion.ts'
import { fromHundredths, percentChange, toHundredths, type Hundredths } from './exact.ts'

export const RECIST_SOURCE = 'Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 (RECIST 1.1)'

/** RECIST 1.1 §4.3.2 / Appendix I: a target too small to measure counts as 5 mm. */
export const TOO_SMALL_VALUE_MM = 5

export interface CaseView {
  kase: Case
  /** All timepoints, earliest (the baseline) first. */
  timepoints: Timepoint[]
  baseline: Timepoint
  targets: Lesion[]
  nonTargets: Lesion[]
  assessment(lesion: Lesion, timepointId: string): Assessment | undefined
  /** Osteosarcoma caveats (spec §9) apply. */
  isOsteosarcoma: boolean
}

/**
 * Osteosarcoma (osteogenic sarcoma) diagnoses, for the caveats of spec §9. Matched loosely on
 * the free-text diagnosis: "Osteosarcoma", "osteogenic sarcoma", "high-grade osteo-sarcoma".
 */
export const isOsteosarcomaDiagnosis = (diagnosis: string | undefined) => /osteo[\s-]*sarcoma|osteogenic\s+sarcoma/i.test(diagnosis ?? '')

/** A case's timepoints by date, the baseline first (valid ISO dates order as strings do; the schema forbids two on one day). */
export const timepointsInOrder = (kase: Case) => [...kase.timepoints].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))

export function viewCase(kase: Case): CaseView {
  const timepoints = timepointsInOrder(kase)
  // Plain loops and one map per lesion: the engine looks assessments up for every lesion at every timepoint.
  const byLesion = new Map<string, Map<string, Assessment>>()
  const targets: Lesion[] = []
  const nonTargets: Lesion[] = []
  for (const lesion of kase.lesions) {
    const byTimepoint = new Map<string, Assessment>()
    for (const a of lesion.assessments) byTimepoint.set(a.timepoint, a)
    byLesion.set(lesion.id, byTimepoint)
    if (lesion.role === 'target') targets.push(lesion)
    else if (lesion.role === 'non-target') nonTargets.push(lesion)
  }
  return {
    kase,
    timepoints,
    baseline: timepoints[0]!,
    targets,
    nonTargets,
    assessment: (lesion, timepointId) => byLesion.get(lesion.id)?.get(timepointId),
    isOsteosarcoma: isOsteosarcomaDiagnosis(kase.patient.diagnosis),
  }
}

export const lesionLabel = (lesion: Lesion) => (lesion.name.trim() ? `${lesion.id} (${lesion.name.trim()})` : lesion.id)

export const sameOrgan = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

export interface TargetValue {
  /** The value entering the sum, or null when the target was not evaluated. */
  value: Hundredths | null
  /** The value with the air cavity subtracted (non-nodal lesions with a cavity only). */
  cavityAdjusted?: Hundredths
}

/**
 * A target's contribution to the sum (RECIST 1.1 §4.3.2): the short axis of a node, otherwise
 * the long axis (the sum of the fragments of a split lesion); 5 mm if too small to measure;
 * 0 mm if absent; null if not evaluated.
 */
export function targetValue(lesion: Lesion, a: Assessment | undefined): TargetValue {
  if (!a || a.status === 'not-evaluated') return { value: null }
  if (a.status === 'absent') return { value: 0 }
  if (a.status === 'too-small') return { value: toHundredths(TOO_SMALL_VALUE_MM) }
  if (lesion.kind === 'lymph-node') return { value: a.shortAxisMm === undefined ? null : toHundredths(a.shortAxisMm) }
  const value = a.fragmentsMm
    ? a.fragmentsMm.reduce((sum, f) => sum + toHundredths(f), 0)
    : a.longAxisMm === undefined
      ? null
      : toHundredths(a.longAxisMm)
  if (value === null || !a.cavityLongAxisMm) return { value }
  return { value, cavityAdjusted: Math.max(0, value - toHundredths(a.cavityLongAxisMm)) }
}

export interface TargetSum {
  /** Sum over the evaluated targets: the full sum when complete, a lower bound otherwise. */
  sum: Hundredths
  complete: boolean
  missing: Lesion[]
  values: Map<string, TargetValue>
  /** Present when at least one target has a cavity (Crabb 2009; spec §9.4). */
  cavityAdjustedSum?: Hundredths
}

export function targetSum(view: CaseView, timepoint: Timepoint, useCavityAdjusted = false): TargetSum {
  let sum = 0
  let adjusted = 0
  let anyCavity = false
  const missing: Lesion[] = []
  const values = new Map<string, TargetValue>()
  for (const lesion of view.targets) {
    const v = targetValue(lesion, view.assessment(lesion, timepoint.id))
    values.set(lesion.id, v)
    if (v.value === null) {
      missing.push(lesion)
      continue
    }
    if (v.cavityAdjusted !== undefined) anyCavity = true
    adjusted += v.cavityAdjusted ?? v.value
    sum += useCavityAdjusted ? (v.cavityAdjusted ?? v.value) : v.value
  }
  return { sum, complete: missing.length === 0, missing, values, ...(anyCavity ? { cavityAdjustedSum: adjusted } : {}) }
}

/**
 * The sum figures of a timepoint result: the sum of diameters, its baseline and nadir, and
 * the changes from them (only for a complete sum; a partial one is a lower bound).
 */
export function sumFigures(view: CaseView, sum: TargetSum, baseline: Hundredths | null, nadir: Hundredths | null) {
  const hasTargets = view.targets.length > 0
  const reference = (value: Hundredths | null) => (hasTargets && value !== null ? value : null)
  const base = reference(baseline)
  const low = reference(nadir)
  return {
    sumMm: hasTargets ? fromHundredths(sum.sum) : null,
    sumComplete: sum.complete,
    baselineSumMm: base === null ? null : fromHundredths(base),
    nadirSumMm: low === null ? null : fromHundredths(low),
    changeFromBaselinePct: base !== null && sum.complete ? percentChange(sum.sum, base) : null,
    changeFromNadirPct: low !== null && sum.complete ? percentChange(sum.sum, low) : null,
    ...(sum.cavityAdjustedSum !== undefined ? { cavityAdjustedSumMm: fromHundredths(sum.cavityAdjustedSum) } : {}),
  }
}

/** RECIST 1.1 §4.3.1: a node is normal (no longer pathological) below 10 mm short axis. */
export const NODE_NORMAL_BELOW_MM = 10

/**
 * RECIST 1.1 §4.3.1 CR for targets: every non-nodal target gone (0 mm) and every nodal target
 * under 10 mm short axis. Not-evaluated targets make CR impossible to claim.
 */
export function targetsMeetCr(view: CaseView, sum: TargetSum): boolean {
  if (!sum.complete) return false
  return view.targets.every((lesion) => {
    const v = sum.values.get(lesion.id)?.value ?? null
    if (v === null) return false
    return lesion.kind === 'lymph-node' ? v < toHundredths(NODE_NORMAL_BELOW_MM) : v === 0
  })
}

/** RECIST 1.1 §4.3.2 / Table 1 footnote: a target has "reappeared" (non-nodal > 0 mm, node ≥ 10 mm). */
export function reappearedTargets(view: CaseView, sum: TargetSum): Lesion[] {
  return view.targets.filter((lesion) => {
    const v = sum.values.get(lesion.id)?.value ?? null
    if (v === null) return false
    return lesion.kind === 'lymph-node' ? v >= toHundredths(NODE_NORMAL_BELOW_MM) : v > 0
  })
}

/**
 * RECIST 1.1 §4.3.3 non-target response: PD on unequivocal progression; NE if any is not
 * evaluated; CR when all are absent (for nodes, absent = back to normal size); otherwise
 * NON-CR/NON-PD. Tumour markers are not modelled: the reader must not record "absent" for all
 * non-targets while markers stay above normal.
 */
export function nonTargetResponse(view: CaseView, timepoint: Timepoint): Response | null {
  if (view.nonTargets.length === 0) return null
  const statuses = view.nonTargets.map((l) => view.assessment(l, timepoint.id)?.status ?? 'not-evaluated')
  if (statuses.includes('unequivocal-progression')) return 'PD'
  if (statuses.includes('not-evaluated')) return 'NE'
  if (statuses.every((s) => s === 'absent')) return 'CR'
  return 'NON-CR/NON-PD'
}

export interface NewLesionsAt {
  /** Unequivocal new lesions recorded at this timepoint: PD (RECIST 1.1 §4.3.3). */
  unequivocal: NewLesion[]
  /** Equivocal ones never confirmed later: not PD. */
  unconfirmedEquivocal: NewLesion[]
  /** Equivocal ones a later timepoint confirmed: PD dated back to here. */
  confirmedLater: { lesion: NewLesion; confirmedAt: string }[]
}

/**
 * New lesions per timepoint. An equivocal entry is confirmed by a later unequivocal entry that
 * names it with `confirms`, or that has the same organ and note (case-format.md); RECIST 1.1
 * §4.3.3 then dates the progression back to the first sighting.
 */
export function newLesionsByTimepoint(view: CaseView): Map<string, NewLesionsAt> {
  const order = new Map(view.timepoints.map((t, i) => [t.id, i]))
  const entries = view.kase.newLesions
  const confirmedBy = new Map<number, NewLesion>()
  entries.forEach((entry, i) => {
    if (entry.equivocal) return
    if (entry.confirms !== undefined) {
      if (!confirmedBy.has(entry.confirms)) confirmedBy.set(entry.confirms, entry)
      return
    }
    entries.forEach((candidate, j) => {
      if (j === i || !candidate.equivocal || confirmedBy.has(j)) return
      const earlier = order.get(candidate.timepoint)! < order.get(entry.timepoint)!
      if (earlier && sameOrgan(candidate.organ, entry.organ) && (candidate.note ?? '') === (entry.note ?? ''))
        confirmedBy.set(j, entry)
    })
  })
  const result = new Map<string, NewLesionsAt>(
    view.timepoints.map((t) => [t.id, { unequivocal: [], unconfirmedEquivocal: [], confirmedLater: [] }]),
  )
  entries.forEach((entry, i) => {
    const at = result.get(entry.timepoint)!
    if (!entry.equivocal) at.unequivocal.push(entry)
    else {
      const confirmation = confirmedBy.get(i)
      if (confirmation) at.confirmedLater.push({ lesion: entry, confirmedAt: confirmation.timepoint })
      else at.unconfirmedEquivocal.push(entry)
    }
  })
  return result
}

/** True when the timepoint counts as having a new lesion (unequivocal, or confirmed later). */
export const hasNewLesion = (n: NewLesionsAt) => n.unequivocal.length > 0 || n.confirmedLater.length > 0

/**
 * Overall timepoint response: RECIST 1.1 Table 1 (target disease) and Table 2 (non-target
 * disease only). `target` null means no target lesions; `nonTarget` null means none recorded.
 */
export function overallResponse(target: Response | null, nonTarget: Response | null, newLesion: boolean): { response: Response; row: string } {
  if (newLesion) return { response: 'PD', row: 'new lesion → PD (Tables 1 and 2)' }
  if (target === 'PD') return { response: 'PD', row: 'target PD → PD (Table 1)' }
  if (nonTarget === 'PD') return { response: 'PD', row: 'unequivocal non-target progression → PD (Tables 1 and 2)' }
  if (target === null) {
    if (nonTarget === null) return { response: 'NE', row: 'no baseline disease recorded → NE' }
    if (nonTarget === 'CR') return { response: 'CR', row: 'non-target CR, no new lesion → CR (Table 2)' }
    if (nonTarget === 'NE') return { response: 'NE', row: 'non-targets not all evaluated → NE (Table 2)' }
    return { response: 'NON-CR/NON-PD', row: 'non-targets persist → NON-CR/NON-PD (Table 2)' }
  }
  if (target === 'NE') return { response: 'NE', row: 'targets not all evaluated → NE (Table 1)' }
  if (target === 'CR') {
    if (nonTarget === null || nonTarget === 'CR') return { response: 'CR', row: 'target CR, non-target CR or none → CR (Table 1)' }
    if (nonTarget === 'NE') return { response: 'PR', row: 'target CR, non-targets not evaluated → PR (Table 1)' }
    return { response: 'PR', row: 'target CR, non-target NON-CR/NON-PD → PR (Table 1)' }
  }
  if (target === 'PR') return { response: 'PR', row: 'target PR, non-targets non-PD or not all evaluated → PR (Table 1)' }
  return { response: 'SD', row: 'target SD, non-targets non-PD or not all evaluated → SD (Table 1)' }
}

/** One sentence on a timepoint's new lesions, for explanations. */
export function describeNewLesions(n: NewLesionsAt, timepointId: string): string {
  const parts: string[] = []
  if (n.unequivocal.length) parts.push(`${n.unequivocal.length} unequivocal new lesion(s) (${n.unequivocal.map((l) => l.organ).join(', ')}): PD`)
  for (const { lesion, confirmedAt } of n.confirmedLater)
    parts.push(`an equivocal new lesion in ${lesion.organ} first seen here was confirmed at ${confirmedAt}: PD dated back to ${timepointId}`)
  if (n.unconfirmedEquivocal.length) parts.push(`${n.unconfirmedEquivocal.length} equivocal new lesion(s), not (yet) confirmed: not PD`)
  return parts.length ? `New lesions: ${parts.join('; ')}.` : 'No new lesion.'
}
