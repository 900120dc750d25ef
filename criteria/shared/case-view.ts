/**
 * A case seen as a series: timepoints in date order, the baseline, the lesions by role, and
 * the RECIST 1.1 bookkeeping that RECIST, Choi and mChoi share (target values and sums,
 * non-target response, new lesions, the overall response of Tables 1 and 2).
 */
import type { Assessment, Case, Lesion, NewLesion, Timepoint } from '../case-schema.ts'
import type { Response, TimepointResult } from '../define-criterion.ts'
import { fromHundredths, percentChange, toHundredths, type Hundredths } from './exact.ts'
import { Explained } from './lazy.ts'

export const RECIST_SOURCE = 'Eisenhauer EA et al. Eur J Cancer 2009;45:228-47 (RECIST 1.1)'

/** RECIST 1.1 §4.3.2 / Appendix I: a target too small to measure counts as 5 mm. */
export const TOO_SMALL_VALUE_MM = 5

/** A lesion's assessments by timepoint position (undefined where it was not assessed). */
type Row = readonly (Assessment | undefined)[]

/**
 * One case prepared for evaluation. Built once per evaluation and shared by every criterion
 * evaluated with it (see `withSharedView`), so the bookkeeping they have in common (timepoint
 * order, assessment lookup, target sums, new lesions) is done once. A case is not changed while
 * it is being evaluated; nothing here outlives the evaluation.
 */
export class CaseView {
  readonly kase: Case
  /** All timepoints, earliest (the baseline) first. */
  readonly timepoints: readonly Timepoint[]
  readonly baseline: Timepoint
  readonly targets: Lesion[] = []
  readonly nonTargets: Lesion[] = []
  /** Each target's assessments by timepoint position, in the order of `targets` (for the loops that run most). */
  readonly targetRows: Row[] = []
  /** Position of each timepoint id in `timepoints`, made on first use (most evaluations never look a timepoint up by id). */
  #positionById: Map<string, number> | undefined
  /** Each lesion's assessments by timepoint position by lesion id, made on first use (the hot loops use `targetRows`). */
  #rowsById: Map<string, Row> | undefined
  readonly #memo = new Map<string, unknown>()
  #isOsteosarcoma: boolean | undefined

  constructor(kase: Case) {
    this.kase = kase
    // Most cases list their timepoints in date order: the view then reads the case's own list (never changed).
    this.timepoints = inDateOrder(kase.timepoints) ? kase.timepoints : timepointsInOrder(kase)
    this.baseline = this.timepoints[0]!
    for (const lesion of kase.lesions)
      if (lesion.role === 'target') {
        this.targets.push(lesion)
        this.targetRows.push(this.#rowOf(lesion))
      } else if (lesion.role === 'non-target') this.nonTargets.push(lesion)
  }

  /** A lesion's assessments by timepoint position. */
  #rowOf(lesion: Lesion): Row {
    const { assessments } = lesion
    const count = this.timepoints.length
    // Most lesions list one assessment per timepoint in timepoint order: that list is the row.
    let inOrder = assessments.length === count
    for (let i = 0; inOrder && i < count; i++) inOrder = assessments[i]!.timepoint === this.timepoints[i]!.id
    if (inOrder) return assessments
    const filled = new Array<Assessment | undefined>(count).fill(undefined)
    for (const a of assessments) {
      const i = this.#positions().get(a.timepoint)
      if (i !== undefined) filled[i] = a
    }
    return filled
  }

  /** Osteosarcoma caveats (spec §9) apply (asked by few criteria, and only about some cases: worked out on first use). */
  get isOsteosarcoma(): boolean {
    return (this.#isOsteosarcoma ??= isOsteosarcomaDiagnosis(this.kase.patient.diagnosis))
  }

  /** The position of a timepoint in `timepoints` (0 is the baseline). */
  position(timepointId: string): number {
    const i = this.#positions().get(timepointId)
    if (i === undefined) throw new Error(`No timepoint "${timepointId}" in case ${this.kase.patient.id}`)
    return i
  }

  #positions(): Map<string, number> {
    return (this.#positionById ??= new Map(this.timepoints.map((t, i) => [t.id, i])))
  }

  assessment(lesion: Lesion, timepointId: string): Assessment | undefined {
    const i = this.#positions().get(timepointId)
    return i === undefined ? undefined : this.at(lesion, i)
  }

  /** The lesion's assessment at the timepoint in position `i`. */
  at(lesion: Lesion, i: number): Assessment | undefined {
    this.#rowsById ??= new Map(this.kase.lesions.map((l) => [l.id, this.#rowOf(l)]))
    return this.#rowsById.get(lesion.id)?.[i]
  }

  /** Computes a value derived from the case once per view; `key` names it and its parameters. */
  memo<T>(key: string, compute: () => T): T {
    const known = this.#memo.get(key)
    if (known !== undefined || this.#memo.has(key)) return known as T
    const value = compute()
    this.#memo.set(key, value)
    return value
  }
}

/**
 * Osteosarcoma (osteogenic sarcoma) diagnoses, for the caveats of spec §9. Matched loosely on
 * the free-text diagnosis: "Osteosarcoma", "osteogenic sarcoma", "high-grade osteo-sarcoma".
 */
export const isOsteosarcomaDiagnosis = (diagnosis: string | undefined) => /osteo[\s-]*sarcoma|osteogenic\s+sarcoma/i.test(diagnosis ?? '')

/** A case's timepoints by date, the baseline first (valid ISO dates order as strings do; the schema forbids two on one day). */
export function timepointsInOrder(kase: Case): Timepoint[] {
  const timepoints = kase.timepoints.slice()
  // Most cases list their timepoints in date order already.
  return inDateOrder(timepoints) ? timepoints : timepoints.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

const inDateOrder = (timepoints: readonly Timepoint[]) => {
  for (let i = 1; i < timepoints.length; i++) if (timepoints[i - 1]!.date > timepoints[i]!.date) return false
  return true
}

/** The view `withSharedView` is sharing, if any. */
let shared: CaseView | null = null

/**
 * Runs `work` with one view of `kase` that every `viewCase(kase)` inside it returns: the
 * criteria of one evaluation share their bookkeeping. Outside it, each call builds its own view.
 */
export function withSharedView<T>(kase: Case, work: () => T): T {
  const outer = shared
  shared = new CaseView(kase)
  try {
    return work()
  } finally {
    shared = outer
  }
}

export const viewCase = (kase: Case): CaseView => (shared !== null && shared.kase === kase ? shared : new CaseView(kase))

/** `text` with its first letter in capitals, for a phrase that starts a sentence. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export const lesionLabel = (lesion: Lesion) => (lesion.name.trim() ? `${lesion.id} (${lesion.name.trim()})` : lesion.id)

export const sameOrgan = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * What a sum of target diameters adds up (issue #10 item 3): `recist` is RECIST 1.1 §4.3.2 (long
 * axes of non-nodal targets, short axes of nodes), `long-axis` the long axis of every target,
 * nodes too (SACT, Smith AJR 2010;194:157: "tumor long-axis measurements").
 */
export type SumMeasure = 'recist' | 'long-axis'

/**
 * A target's contribution to the sum: under `recist` the short axis of a node, otherwise the
 * long axis (the sum of the fragments of a split lesion); 5 mm if too small to measure; 0 mm if
 * absent; null if not evaluated or the axis the measure needs was not recorded.
 */
export function targetValue(lesion: Lesion, a: Assessment | undefined, measure: SumMeasure = 'recist'): Hundredths | null {
  if (!a || a.status === 'not-evaluated') return null
  if (a.status === 'absent') return 0
  if (a.status === 'too-small') return TOO_SMALL_VALUE
  if (lesion.kind === 'lymph-node' && measure === 'recist') return a.shortAxisMm === undefined ? null : toHundredths(a.shortAxisMm)
  if (a.fragmentsMm) {
    let sum = 0
    for (const f of a.fragmentsMm) sum += toHundredths(f)
    return sum
  }
  return a.longAxisMm === undefined ? null : toHundredths(a.longAxisMm)
}

/** The memo keys of `sumName` and `targetSums` (written out: a key made on every call cost more than the lookup). */
const SUM_NAME_KEY: Record<SumMeasure, string> = { recist: 'sum-name:recist', 'long-axis': 'sum-name:long-axis' }
const TARGET_SUMS_KEY: Record<SumMeasure, readonly [string, string]> = {
  recist: ['target-sums:outer:recist', 'target-sums:cavity-adjusted:recist'],
  'long-axis': ['target-sums:outer:long-axis', 'target-sums:cavity-adjusted:long-axis'],
}

/**
 * The words for what a sum adds up, for explanations: "sum of long axes" when every target is
 * summed by its long axis, otherwise naming the nodes summed by their short axis.
 */
export function sumName(view: CaseView, measure: SumMeasure = 'recist'): string {
  return view.memo(SUM_NAME_KEY[measure], () => {
    const nodes = view.targets.filter((l) => l.kind === 'lymph-node').map((l) => l.id)
    const split = view.targets.some((_, k) => view.targetRows[k]!.some((a) => a?.fragmentsMm !== undefined))
    const fragments = split ? ', split lesions by the sum of their fragments' : ''
    if (nodes.length === 0) return `sum of long axes${fragments}`
    if (measure === 'long-axis') return `sum of long axes (nodes ${nodes.join(', ')} by their long axis too${fragments})`
    return `sum of diameters (long axes; short axes of the nodes ${nodes.join(', ')}${fragments})`
  })
}

const TOO_SMALL_VALUE = toHundredths(TOO_SMALL_VALUE_MM)
const NO_LESIONS: Lesion[] = Object.freeze([]) as unknown as Lesion[]

/**
 * The sum of the targets at one timepoint. The targets' values are not kept with it (a list per
 * timepoint was a tenth of what RECIST 1.1 allocates): `summedValue` reads them again from the
 * view, where the few rules that need them one by one (CR, reappearance) ask.
 */
export interface TargetSum {
  /** Sum over the evaluated targets: the full sum when complete, a lower bound otherwise. */
  sum: Hundredths
  complete: boolean
  missing: Lesion[]
  /** The timepoint's position in `view.timepoints`, and what was summed: where `summedValue` reads the values. */
  at: number
  measure: SumMeasure
  /** Present when at least one target has a cavity (Crabb 2009; spec §9.4). */
  cavityAdjustedSum?: Hundredths
}

/** Each target's value in `sum`, in the order of `view.targets` (null when not evaluated), as it was summed. */
export function summedValue(view: CaseView, sum: TargetSum, k: number): Hundredths | null {
  return targetValue(view.targets[k]!, view.targetRows[k]![sum.at], sum.measure)
}

function sumAt(view: CaseView, i: number, useCavityAdjusted: boolean, measure: SumMeasure): TargetSum {
  let sum = 0
  let adjusted = 0
  let anyCavity = false
  // Most sums miss no target: they share one empty list.
  let missing: Lesion[] = NO_LESIONS
  for (let k = 0; k < view.targets.length; k++) {
    const lesion = view.targets[k]!
    const a = view.targetRows[k]![i]
    const value = targetValue(lesion, a, measure)
    if (value === null) {
      if (missing === NO_LESIONS) missing = []
      missing.push(lesion)
      continue
    }
    // The air cavity is subtracted from measured non-nodal lesions only (not from 0 or 5 mm).
    const measuredLesion = (lesion.kind !== 'lymph-node' || measure === 'long-axis') && a!.status !== 'absent' && a!.status !== 'too-small'
    const cavity = measuredLesion && a!.cavityLongAxisMm ? Math.max(0, value - toHundredths(a!.cavityLongAxisMm)) : null
    if (cavity !== null) anyCavity = true
    adjusted += cavity ?? value
    sum += useCavityAdjusted ? (cavity ?? value) : value
  }
  const result: TargetSum = { sum, complete: missing.length === 0, missing, at: i, measure }
  if (anyCavity) result.cavityAdjustedSum = adjusted
  return result
}


/** The target sums at every timepoint (as `view.timepoints`), computed once per view. */
export const targetSums = (view: CaseView, useCavityAdjusted = false, measure: SumMeasure = 'recist'): readonly TargetSum[] =>
  view.memo(TARGET_SUMS_KEY[measure][useCavityAdjusted ? 1 : 0], () => view.timepoints.map((_, i) => sumAt(view, i, useCavityAdjusted, measure)))

/**
 * Every target was measured at baseline (or is too small to measure, 5 mm): the baseline sum is
 * complete and target responses can be given (RECIST 1.1 §4.3.2).
 */
export function baselineComplete(view: CaseView): boolean {
  // A look at each target's baseline status: asked again costs less than a memo entry would.
  for (const row of view.targetRows) {
    const status = row[0]?.status
    if (status !== 'measured' && status !== 'too-small') return false
  }
  return true
}

/** The sum figures of a timepoint result (see `setSumFigures`). */
export type SumFigures = Pick<TimepointResult, 'sumMm' | 'sumComplete' | 'baselineSumMm' | 'nadirSumMm' | 'changeFromBaselinePct' | 'changeFromNadirPct' | 'cavityAdjustedSumMm'>

/**
 * Sets the sum figures of a timepoint result, in this order: the sum of diameters, its baseline
 * and nadir, and the changes from them (only for a complete sum; a partial one is a lower
 * bound), and the cavity-adjusted sum when a target has a cavity. Set on the result itself
 * rather than spread into it: a spread copies every field again (shared/lazy.ts).
 */
export function setSumFigures<T extends object>(result: T, view: CaseView, sum: TargetSum, baseline: Hundredths | null, nadir: Hundredths | null): T & SumFigures {
  const hasTargets = view.targets.length > 0
  const base = hasTargets ? baseline : null
  const low = hasTargets ? nadir : null
  const figures = result as T & SumFigures
  figures.sumMm = hasTargets ? fromHundredths(sum.sum) : null
  figures.sumComplete = sum.complete
  figures.baselineSumMm = base === null ? null : fromHundredths(base)
  figures.nadirSumMm = low === null ? null : fromHundredths(low)
  figures.changeFromBaselinePct = base !== null && sum.complete ? percentChange(sum.sum, base) : null
  figures.changeFromNadirPct = low !== null && sum.complete ? percentChange(sum.sum, low) : null
  if (sum.cavityAdjustedSum !== undefined) figures.cavityAdjustedSumMm = fromHundredths(sum.cavityAdjustedSum)
  return figures
}

/**
 * A timepoint result, the object the engine makes most often. Its constructor sets the responses
 * in the order JSON lists them; the caller sets the rest (its figures, then the rule and any
 * detail). Set in a constructor rather than one by one on an empty object, because V8 gives an
 * object room in itself for about eight fields more than its constructor sets: built from an
 * empty object, the later fields went to a separate store that was copied each time it grew.
 */
class ExplainedTimepoint extends Explained {
  declare timepoint: string
  declare date: string
  declare response: Response
  declare targetResponse: Response | null
  declare nonTargetResponse: Response | null
  declare newLesion: boolean

  constructor(explain: (arg: never) => string[], tp: Timepoint, response: Response, targetResponse: Response | null, nonTargetResponse: Response | null, newLesion: boolean, arg: unknown) {
    super(explain as (arg: unknown) => string[], arg)
    this.timepoint = tp.id
    this.date = tp.date
    this.response = response
    this.targetResponse = targetResponse
    this.nonTargetResponse = nonTargetResponse
    this.newLesion = newLesion
  }
}

/**
 * A timepoint result with its responses (see ExplainedTimepoint), whose explanation `explain`
 * writes when first read, from `arg` if given (shared/lazy.ts).
 */
export const timepointResult = <A>(explain: (arg: A) => string[], tp: Timepoint, response: Response, targetResponse: Response | null, nonTargetResponse: Response | null, newLesion: boolean, arg?: A) =>
  new ExplainedTimepoint(explain, tp, response, targetResponse, nonTargetResponse, newLesion, arg) as unknown as Omit<TimepointResult, 'explanation'> & { readonly explanation: string[] }

/** Copies the sum figures of one timepoint result onto another, in the same order, the cavity-adjusted sum only where it is set (iRECIST restates RECIST 1.1's). */
export function copySumFigures<T extends object>(result: T, from: SumFigures): T & SumFigures {
  const figures = result as T & SumFigures
  figures.sumMm = from.sumMm
  figures.sumComplete = from.sumComplete
  figures.baselineSumMm = from.baselineSumMm
  figures.nadirSumMm = from.nadirSumMm
  figures.changeFromBaselinePct = from.changeFromBaselinePct
  figures.changeFromNadirPct = from.changeFromNadirPct
  if (from.cavityAdjustedSumMm !== undefined) figures.cavityAdjustedSumMm = from.cavityAdjustedSumMm
  return figures
}

/** The sum figures as an object of their own (see `setSumFigures`). */
export const sumFigures = (view: CaseView, sum: TargetSum, baseline: Hundredths | null, nadir: Hundredths | null): SumFigures => setSumFigures({}, view, sum, baseline, nadir)

/** RECIST 1.1 §4.3.1: a node is normal (no longer pathological) below 10 mm short axis. */
export const NODE_NORMAL_BELOW_MM = 10
const NODE_NORMAL_BELOW = toHundredths(NODE_NORMAL_BELOW_MM)

/**
 * RECIST 1.1 §4.3.1 CR for targets: every non-nodal target gone (0 mm) and every nodal target
 * under 10 mm short axis (under `long-axis`, RECIST 1.0's reading, every target gone). Not-evaluated
 * targets make CR impossible to claim.
 */
export function targetsMeetCr(view: CaseView, sum: TargetSum, measure: SumMeasure = 'recist'): boolean {
  if (!sum.complete) return false
  return view.targets.every((lesion, i) => {
    const v = summedValue(view, sum, i)
    if (v === null) return false
    // A node summed by its long axis (RECIST 1.0) has no normal size: it must disappear, as any target.
    return lesion.kind === 'lymph-node' && measure === 'recist' ? v < NODE_NORMAL_BELOW : v === 0
  })
}

/** RECIST 1.1 §4.3.2 / Table 1 footnote: a target has "reappeared" (non-nodal > 0 mm, node ≥ 10 mm). */
export function reappearedTargets(view: CaseView, sum: TargetSum): Lesion[] {
  return view.targets.filter((lesion, i) => {
    const v = summedValue(view, sum, i)
    if (v === null) return false
    return lesion.kind === 'lymph-node' ? v >= NODE_NORMAL_BELOW : v > 0
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
  readonly unequivocal: readonly NewLesion[]
  /** Equivocal ones never confirmed later: not PD. */
  readonly unconfirmedEquivocal: readonly NewLesion[]
  /** Equivocal ones a later timepoint confirmed: PD dated back to here. */
  readonly confirmedLater: readonly { lesion: NewLesion; confirmedAt: string }[]
}

/**
 * New lesions per timepoint. An equivocal entry is confirmed by a later unequivocal entry that
 * names it with `confirms`, or that has the same organ and note (case-format.md); RECIST 1.1
 * §4.3.3 then dates the progression back to the first sighting.
 */
export const newLesionsByTimepoint = (view: CaseView): NewLesionsByTimepoint => view.memo('new-lesions', () => newLesionsOf(view))

/** A case's new lesions by timepoint id: every timepoint has an entry (most the shared empty one). */
export interface NewLesionsByTimepoint {
  get(timepointId: string): NewLesionsAt
}

/** A timepoint's entry while it is being filled in. */
type NewLesionsFilling = { [K in keyof NewLesionsAt]: NewLesionsAt[K][number][] }

function newLesionsOf(view: CaseView): NewLesionsByTimepoint {
  const entries = view.kase.newLesions
  if (entries.length === 0) return NONE_AT_ANY_TIMEPOINT
  const confirmedBy = new Map<number, NewLesion>()
  entries.forEach((entry, i) => {
    if (entry.equivocal) return
    if (entry.confirms !== undefined) {
      if (!confirmedBy.has(entry.confirms)) confirmedBy.set(entry.confirms, entry)
      return
    }
    entries.forEach((candidate, j) => {
      if (j === i || !candidate.equivocal || confirmedBy.has(j)) return
      const earlier = view.position(candidate.timepoint) < view.position(entry.timepoint)
      if (earlier && sameOrgan(candidate.organ, entry.organ) && (candidate.note ?? '') === (entry.note ?? ''))
        confirmedBy.set(j, entry)
    })
  })
  const filling = new Map<string, NewLesionsFilling>()
  entries.forEach((entry, i) => {
    let at = filling.get(entry.timepoint)
    if (!at) {
      at = { unequivocal: [], unconfirmedEquivocal: [], confirmedLater: [] }
      filling.set(entry.timepoint, at)
    }
    if (!entry.equivocal) at.unequivocal.push(entry)
    else {
      const confirmation = confirmedBy.get(i)
      if (confirmation) at.confirmedLater.push({ lesion: entry, confirmedAt: confirmation.timepoint })
      else at.unconfirmedEquivocal.push(entry)
    }
  })
  // Most timepoints have no new lesion: they share one empty, frozen entry.
  return { get: (timepointId) => filling.get(timepointId) ?? NO_NEW_LESIONS }
}

const NO_NEW_LESIONS: NewLesionsAt = Object.freeze({ unequivocal: [], unconfirmedEquivocal: [], confirmedLater: [] })
/** Most cases record no new lesion: they share one answer. */
const NONE_AT_ANY_TIMEPOINT: NewLesionsByTimepoint = Object.freeze({ get: () => NO_NEW_LESIONS })

/** True when the timepoint counts as having a new lesion (unequivocal, or confirmed later). */
export const hasNewLesion = (n: NewLesionsAt) => n.unequivocal.length > 0 || n.confirmedLater.length > 0

/** A row of RECIST 1.1 Table 1 or 2: the overall response and the words that name the row. */
export interface TableRow {
  readonly response: Response
  readonly row: string
}

const tableRow = (response: Response, row: string): TableRow => Object.freeze({ response, row })

/** The rows of Tables 1 and 2, made once: every timepoint of every criterion asks for one. */
const ROWS = {
  newLesion: tableRow('PD', 'new lesion → PD (Tables 1 and 2)'),
  targetPd: tableRow('PD', 'target PD → PD (Table 1)'),
  nonTargetPd: tableRow('PD', 'unequivocal non-target progression → PD (Tables 1 and 2)'),
  noDisease: tableRow('NE', 'no baseline disease recorded → NE'),
  nonTargetCr: tableRow('CR', 'non-target CR, no new lesion → CR (Table 2)'),
  nonTargetNe: tableRow('NE', 'non-targets not all evaluated → NE (Table 2)'),
  nonTargetPersist: tableRow('NON-CR/NON-PD', 'non-targets persist → NON-CR/NON-PD (Table 2)'),
  targetNe: tableRow('NE', 'targets not all evaluated → NE (Table 1)'),
  cr: tableRow('CR', 'target CR, non-target CR or none → CR (Table 1)'),
  crNonTargetNe: tableRow('PR', 'target CR, non-targets not evaluated → PR (Table 1)'),
  crNonTargetPersist: tableRow('PR', 'target CR, non-target NON-CR/NON-PD → PR (Table 1)'),
  pr: tableRow('PR', 'target PR, non-targets non-PD or not all evaluated → PR (Table 1)'),
  sd: tableRow('SD', 'target SD, non-targets non-PD or not all evaluated → SD (Table 1)'),
}

/**
 * Overall timepoint response: RECIST 1.1 Table 1 (target disease) and Table 2 (non-target
 * disease only). `target` null means no target lesions; `nonTarget` null means none recorded.
 */
export function overallResponse(target: Response | null, nonTarget: Response | null, newLesion: boolean): TableRow {
  if (newLesion) return ROWS.newLesion
  if (target === 'PD') return ROWS.targetPd
  if (nonTarget === 'PD') return ROWS.nonTargetPd
  if (target === null) {
    if (nonTarget === null) return ROWS.noDisease
    if (nonTarget === 'CR') return ROWS.nonTargetCr
    if (nonTarget === 'NE') return ROWS.nonTargetNe
    return ROWS.nonTargetPersist
  }
  if (target === 'NE') return ROWS.targetNe
  if (target === 'CR') {
    if (nonTarget === null || nonTarget === 'CR') return ROWS.cr
    if (nonTarget === 'NE') return ROWS.crNonTargetNe
    return ROWS.crNonTargetPersist
  }
  if (target === 'PR') return ROWS.pr
  return ROWS.sd
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
