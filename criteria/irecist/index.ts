/**
 * iRECIST — Seymour L, Bogaerts J, Perrone A, et al. iRECIST: guidelines for response criteria
 * for use in trials testing immunotherapeutics. Lancet Oncol 2017;18(3):e143-52.
 * doi:10.1016/S1470-2045(17)30074-8. With the EORTC iRECIST FAQ (recist.eortc.org). Spec §7.
 *
 * RECIST 1.1 does the measuring (criteria/recist11): iRECIST renames its categories, keeps new
 * lesions out of the target sum, and turns RECIST PD into an unconfirmed iUPD that the next
 * assessment confirms (iCPD) or resets.
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Case, NewLesion, NewLesionAssessment, Timepoint } from '../case-schema.ts'
import { defineCriterion, type BestResponse, type Response, type TimepointResult } from '../define-criterion.ts'
import { daysBetween } from '../shared/best-response.ts'
import { bestOfCase } from '../shared/case-best.ts'
import { explained } from '../shared/lazy.ts'
import { copySumFigures, newLesionsByTimepoint, overallResponse, timepointResult, TOO_SMALL_VALUE_MM, viewCase, type CaseView } from '../shared/case-view.ts'
import { formatValue, fromHundredths, toHundredths, type Hundredths } from '../shared/exact.ts'
import { grew } from '../shared/growth.ts'
import { FindingList, MIN_MEASURABLE_MM, MIN_MEASURABLE_NODE_MM, MIN_MEASURABLE_XRAY_MM } from '../shared/findings.ts'
import { evaluateRecist11, Recist11OptionsSchema, RECIST_PD, type Recist11Options } from '../recist11/index.ts'

export const IRECIST_SOURCE = 'Seymour L et al. Lancet Oncol 2017;18:e143-52 (iRECIST)'
const FAQ = 'EORTC iRECIST FAQ'

/** Seymour 2017 Table 2; EORTC FAQ "How do new lesions define progression?": iCPD needs a further 5 mm in the target sum or the NLT sum of measures. */
export const ICPD_FURTHER_INCREASE_MM = 5
/** EORTC FAQ "Can imaging be used to confirm progression… LESS than four weeks…": no confirmation from a scan under 4 weeks after iUPD… */
export const CONFIRMATION_MIN_DAYS = 28
/** …and the confirming scan is due by 8 weeks (Seymour 2017; spec §7.4). Later ones are accepted with a warning (spec A-I4). */
export const CONFIRMATION_MAX_DAYS = 56
/** Seymour 2017, new lesions: at most 5 new-lesion targets (NLT) in total… */
export const MAX_NEW_LESION_TARGETS = 5
/** …and at most 2 per organ (all lymph nodes one organ, as in RECIST 1.1 §4.2). */
export const MAX_NEW_LESION_TARGETS_PER_ORGAN = 2

export const IrecistOptionsSchema = Recist11OptionsSchema.extend({
  icpdTargetIncreaseInclusive: z
    .boolean()
    .default(true)
    .describe(
      'Seymour L et al. Lancet Oncol 2017;18:e143-52, Table 2; EORTC iRECIST FAQ. iCPD on a further increase of at least 5 mm (EORTC iRECIST FAQ "5 mm or more"; most rows of Seymour 2017 Table 2) or, when false, of more than 5 mm (the one Table 2 row that says "> 5 mm"). Applies to the target sum and to the NLT sum of measures.',
    ),
  confirmationToleranceDays: z
    .number()
    .int()
    .min(0)
    .max(7)
    .default(0)
    .describe('Seymour L et al. Lancet Oncol 2017;18:e143-52 (confirmation 4 to 8 weeks after the iUPD). Protocol-defined variance on the 4–8 week confirmation window (the EORTC iRECIST FAQ recommends ±2 days); 0 applies 28 and 56 days exactly.'),
  newLesionReset: choice({ target_shrinkage: 'When the targets shrink (EORTC iRECIST FAQ)', resolution_only: 'Only once every new lesion has resolved' })
    .default('target_shrinkage')
    .describe(
      'Seymour L et al. Lancet Oncol 2017;18:e143-52 (reset of the bar). After an iUPD from new lesions that persist without growing: reset when the target sum has shrunk below its iUPD value and RECIST Table 1 gives iSD/iPR/iCR (EORTC iRECIST FAQ "Assigning response after the appearance of new lesions", scenarios B and F), or only once every new lesion has resolved.',
    ),
}).strict()
export type IrecistOptions = z.infer<typeof IrecistOptionsSchema>

const R = 'irecist'
/** Every RECIST 1.1 rule id starts so; iRECIST names the same rule under its own prefix. */
const RECIST_RULE_PREFIX = 'recist11.'
const FURTHER_INCREASE = toHundredths(ICPD_FURTHER_INCREASE_MM)

/** RECIST 1.1 categories with iRECIST's prefix; NE and NON-CR/NON-PD keep their names. */
const I_OF: Partial<Record<Response, Response>> = { CR: 'iCR', PR: 'iPR', SD: 'iSD', PD: 'iUPD' }
const iResponse = (r: Response | null): Response | null => (r === null ? null : (I_OF[r] ?? r))

type Category = 'targets' | 'non-targets' | 'new lesions'

/** A new lesion as iRECIST follows it: measured as an NLT, or followed as an NLNT (spec §7.3). */
interface TrackedNewLesion {
  entry: NewLesion
  label: string
  /** Index (in date order) of the timepoint where it was first seen. */
  first: number
  nlt: boolean
  later: Map<string, NewLesionAssessment>
}

const organKey = (n: NewLesion) => (n.kind === 'lymph-node' ? 'lymph nodes' : n.organ.trim().toLowerCase())
const axisOf = (kind: NewLesion['kind'], a: { longAxisMm?: number | undefined; shortAxisMm?: number | undefined }) => (kind === 'lymph-node' ? a.shortAxisMm : a.longAxisMm)

/** RECIST 1.1 §3.1.1 measurability, applied to a new lesion where it was first seen (spec A-I5). Bone lesions carry no appearance here: NLNT. */
function measurableSize(n: NewLesion, tp: Timepoint): boolean {
  const size = axisOf(n.kind, n)
  if (size === undefined || n.kind === 'bone') return false
  if (n.kind === 'lymph-node') return toHundredths(size) >= toHundredths(MIN_MEASURABLE_NODE_MM)
  const min = tp.modality === 'X-ray' ? MIN_MEASURABLE_XRAY_MM : tp.modality === 'clinical' || !tp.sliceThicknessMm ? MIN_MEASURABLE_MM : Math.max(MIN_MEASURABLE_MM, 2 * tp.sliceThicknessMm)
  return toHundredths(size) >= toHundredths(min)
}

/** The new lesions that count (unequivocal, or equivocal and confirmed later), with NLTs chosen within 5 / 2 per organ. */
function trackNewLesions(view: CaseView, findings: FindingList): TrackedNewLesion[] {
  const byTp = newLesionsByTimepoint(view)
  const tracked: TrackedNewLesion[] = []
  view.timepoints.forEach((tp, k) => {
    const at = byTp.get(tp.id)
    for (const entry of [...at.unequivocal, ...at.confirmedLater.map((c) => c.lesion)])
      tracked.push({ entry, label: entry.id ?? `new ${entry.organ} lesion (${tp.id})`, first: k, nlt: false, later: new Map((entry.assessments ?? []).map((a) => [a.timepoint, a])) })
  })
  // RECIST 1.1 §4.2 chooses targets by size: earliest sighting first, then largest; the label breaks ties.
  const candidates = tracked
    .filter((n) => measurableSize(n.entry, view.timepoints[n.first]!))
    .sort((a, b) => a.first - b.first || (axisOf(b.entry.kind, b.entry) ?? 0) - (axisOf(a.entry.kind, a.entry) ?? 0) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
  const perOrgan = new Map<string, number>()
  let count = 0
  for (const n of candidates) {
    const organ = organKey(n.entry)
    if (count < MAX_NEW_LESION_TARGETS && (perOrgan.get(organ) ?? 0) < MAX_NEW_LESION_TARGETS_PER_ORGAN) {
      n.nlt = true
      count++
      perOrgan.set(organ, (perOrgan.get(organ) ?? 0) + 1)
    } else
      findings.add('new-lesion-target-limit', 'info', `${n.label} is measurable but ${count >= MAX_NEW_LESION_TARGETS ? `${MAX_NEW_LESION_TARGETS} new-lesion targets are already chosen` : `${organ} already has ${MAX_NEW_LESION_TARGETS_PER_ORGAN} new-lesion targets`}: it is followed as a new-lesion non-target (NLNT).`, `${IRECIST_SOURCE}, new lesions`, { timepoint: view.timepoints[n.first]!.id, ...(n.entry.id ? { lesion: n.entry.id } : {}) })
  }
  return tracked
}

/** A new lesion's measure at timepoint index k: 5 mm too small, 0 absent, null not evaluated (RECIST 1.1 §4.3.2 rules). */
function newLesionValue(view: CaseView, n: TrackedNewLesion, k: number): Hundredths | null {
  if (k === n.first) {
    const size = axisOf(n.entry.kind, n.entry)
    return size === undefined ? null : toHundredths(size)
  }
  const a = n.later.get(view.timepoints[k]!.id)
  if (!a) return null
  if (a.status === 'absent') return 0
  if (a.status === 'too-small') return toHundredths(TOO_SMALL_VALUE_MM)
  if (a.status !== 'measured') return null
  const size = axisOf(n.entry.kind, a)
  return size === undefined ? null : toHundredths(size)
}

/** Sum of measures over `set` at k: the sum of the known values, and whether every value is known. */
function sumOfMeasures(view: CaseView, set: readonly TrackedNewLesion[], k: number): { sum: Hundredths; complete: boolean } {
  let sum = 0
  let complete = true
  for (const n of set) {
    const v = newLesionValue(view, n, k)
    if (v === null) complete = false
    else sum += v
  }
  return { sum, complete }
}

/** An NLNT grew at k: the reader says so, or its measure exceeds its last known one (EORTC FAQ: any increase). */
function nonTargetNewLesionGrew(view: CaseView, n: TrackedNewLesion, k: number): boolean {
  const a = n.later.get(view.timepoints[k]!.id)
  if (a?.status === 'increased' || a?.status === 'unequivocal-progression') return true
  const now = newLesionValue(view, n, k)
  if (now === null) return false
  for (let j = k - 1; j >= n.first; j--) {
    const before = newLesionValue(view, n, j)
    if (before !== null) return now > before
  }
  return false
}

const isPresent = (view: CaseView, n: TrackedNewLesion, k: number) => k === n.first || n.later.get(view.timepoints[k]!.id)?.status !== 'absent'

interface Episode {
  tp: Timepoint
  k: number
  /** Target sum at iUPD (a lower bound when targets were missing): the bar for the further 5 mm (A-I3). */
  sum: Hundredths | null
  categories: Set<Category>
  lateWarned: boolean
  confirmedAt?: Timepoint
}

const joinCategories = (c: Iterable<Category>) => [...c].join(' and ')

/**
 * The RECIST 1.1 options within a set of iRECIST options, kept with the options object: most
 * cases share the frozen defaults, so they also share one RECIST 1.1 options object, whose memo
 * key RECIST 1.1 then writes once (a new object per case cost a key and a WeakMap entry each).
 */
const recistOptionsOf = new WeakMap<IrecistOptions, Recist11Options>()
function recistPart(options: IrecistOptions): Recist11Options {
  let part = recistOptionsOf.get(options)
  if (part === undefined) {
    const { icpdTargetIncreaseInclusive: _inclusive, confirmationToleranceDays: _tolerance, newLesionReset: _reset, ...recistOptions } = options
    recistOptionsOf.set(options, (part = recistOptions))
  }
  return part
}

export function evaluateIrecist(kase: Case, options: IrecistOptions) {
  const { icpdTargetIncreaseInclusive, confirmationToleranceDays, newLesionReset } = options
  const recist = evaluateRecist11(kase, recistPart(options))
  const view = viewCase(kase)
  const findings = new FindingList()
  const tracked = trackNewLesions(view, findings)
  const meetsFurther = (increase: Hundredths) => (icpdTargetIncreaseInclusive ? increase >= FURTHER_INCREASE : increase > FURTHER_INCREASE)
  const minDays = CONFIRMATION_MIN_DAYS - confirmationToleranceDays
  const maxDays = CONFIRMATION_MAX_DAYS + confirmationToleranceDays

  const timepoints: TimepointResult[] = []
  const episodes: Episode[] = []
  let episode = null as Episode | null
  let confirmed = null as Episode | null

  for (let k = 1; k < view.timepoints.length; k++) {
    const tp = view.timepoints[k]!
    const r = recist.timepoints[k - 1]!
    const sum = r.sumMm === null ? null : toHundredths(r.sumMm)
    const targetPd = r.targetResponse === 'PD'
    const nonTargetPd = r.nonTargetResponse === 'PD'
    const newHere = r.newLesion
    const earlier = tracked.filter((n) => n.first < k)
    const nlts = tracked.filter((n) => n.nlt && n.first <= k)
    const table = overallResponse(r.targetResponse, r.nonTargetResponse, false)
    // Sentences of the explanation, written when it is read (shared/lazy.ts).
    const lines: (() => string)[] = []
    let response: Response
    let rule: string
    const pendingBefore: Episode | null = episode

    // Persisting new lesions are still disease: without them Table 1 may say CR, with them it is PR at best.
    const persisting = earlier.filter((n) => isPresent(view, n, k))
    const fallBack = (): Response => {
      const base = iResponse(table.response)!
      return base === 'iCR' && persisting.length > 0 ? 'iPR' : base
    }

    if (confirmed) {
      response = 'iCPD'
      rule = `${R}.after-icpd`
      const at = confirmed.confirmedAt!
      lines.push(() => `Progression was confirmed (iCPD) at ${at.id}; iRECIST does not reset after iCPD.`)
    } else if (!episode) {
      // Most timepoints trigger nothing: the set is made for the first trigger.
      let triggers: Set<Category> | undefined
      const trigger = (category: Category) => (triggers ??= new Set()).add(category)
      if (targetPd) trigger('targets')
      if (nonTargetPd) trigger('non-targets')
      if (newHere) trigger('new lesions')
      // EORTC FAQ "How do new lesions define progression?": after a reset, known new lesions make a
      // new iUPD only by RECIST 1.1 PD of the NLTs (≥ 20 % and ≥ 5 mm over their nadir) or unequivocal NLNT progression.
      const known = earlier.filter((n) => n.nlt)
      if (known.length > 0) {
        const now = sumOfMeasures(view, known, k).sum
        const from = Math.max(...known.map((n) => n.first))
        let nadir: Hundredths | null = null
        for (let j = from; j < k; j++) {
          const s = sumOfMeasures(view, known, j)
          if (s.complete) nadir = nadir === null ? s.sum : Math.min(nadir, s.sum)
        }
        if (nadir !== null && grew(now, nadir, RECIST_PD)) {
          trigger('new lesions')
          lines.push(() => `New-lesion targets: sum of measures ${formatValue(now)} mm is at least 20 % and 5 mm over its nadir ${formatValue(nadir)} mm (RECIST 1.1 PD).`)
        }
      }
      if (earlier.some((n) => !n.nlt && n.later.get(tp.id)?.status === 'unequivocal-progression')) {
        trigger('new lesions')
        lines.push(() => 'A new-lesion non-target progressed unequivocally.')
      }
      if (triggers) {
        const categories = triggers
        response = 'iUPD'
        rule = `${R}.iupd.${[...categories][0]!.replace(' ', '-')}`
        episode = { tp, k, sum, categories, lateWarned: false }
        episodes.push(episode)
        lines.push(() => `RECIST 1.1 progression by ${joinCategories(categories)}: unconfirmed progression (iUPD). It needs confirmation at the next assessment, ${CONFIRMATION_MIN_DAYS} to ${CONFIRMATION_MAX_DAYS} days later.`)
        findings.add('iupd', 'warning', `iUPD at ${tp.id} (${tp.date}) by ${joinCategories(categories)}${sum !== null && categories.has('targets') ? `, target sum ${formatValue(sum)} mm` : ''}: confirm at the next assessment 4 to 8 weeks later; treatment may continue only if the patient is clinically stable.`, `${IRECIST_SOURCE} §iUPD`, { timepoint: tp.id })
      } else {
        response = fallBack()
        rule = `${R}.${r.rule.slice(RECIST_RULE_PREFIX.length)}`
        lines.push(() => `No progression: RECIST 1.1 ${table.row}${response !== iResponse(table.response) ? '; new lesions persist, so not iCR' : ''}.`)
      }
    } else {
      const e: Episode = episode
      const days = daysBetween(e.tp.date, tp.date)
      const early = days < minDays
      const reasons: string[] = []
      if (newHere) {
        reasons.push('further new lesion(s)')
        if (early)
          findings.add('early-scan-new-lesion', 'warning', `${tp.id} is ${days} days after the iUPD at ${e.tp.id}, under 4 weeks: it confirms progression only because it shows an additional new lesion, and only if the scan was done for a new clinical sign or symptom.`, `${FAQ} "Can imaging be used to confirm progression… less than four weeks…"`, { timepoint: tp.id })
      }
      if (!early) {
        if (e.categories.has('targets') && sum !== null && e.sum !== null) {
          const iupdSum = e.sum
          const increase = sum - iupdSum
          lines.push(() => `Target sum ${formatValue(sum)} mm${r.sumComplete ? '' : ' (measured targets only)'} is ${formatValue(increase)} mm from ${formatValue(iupdSum)} mm at the iUPD (${e.tp.id}); iCPD needs ${icpdTargetIncreaseInclusive ? 'at least' : 'more than'} ${ICPD_FURTHER_INCREASE_MM} mm more.`)
          if (meetsFurther(increase)) reasons.push(`a further ${formatValue(increase)} mm in the target sum since the iUPD`)
          if (increase === FURTHER_INCREASE)
            findings.add('icpd-exactly-5mm', 'info', `At ${tp.id} the target sum rose exactly ${ICPD_FURTHER_INCREASE_MM} mm since the iUPD: iCPD with ≥ 5 mm (default), not with > 5 mm (option icpdTargetIncreaseInclusive; Seymour 2017 Table 2 says both).`, `${IRECIST_SOURCE}, Table 2; ${FAQ}`, { timepoint: tp.id })
        }
        if (e.categories.has('non-targets') && view.nonTargets.some((l) => view.assessment(l, tp.id)?.furtherIncrease))
          reasons.push('a further increase in non-target disease (need not be unequivocal)')
        // New lesions seen at or before the iUPD: ≥ 5 mm in the NLT sum of measures, or any NLNT increase (Table 2).
        const knownNlts = nlts.filter((n) => n.first <= e.k)
        if (knownNlts.length > 0) {
          const ref = sumOfMeasures(view, knownNlts, e.k)
          const now = sumOfMeasures(view, knownNlts, k)
          lines.push(() => `New-lesion targets: sum of measures ${formatValue(now.sum)} mm${now.complete ? '' : ' (some not evaluated)'}, ${formatValue(ref.sum)} mm at the iUPD.`)
          if (ref.complete && meetsFurther(now.sum - ref.sum)) reasons.push(`a further ${formatValue(now.sum - ref.sum)} mm in the new-lesion target sum of measures`)
        }
        const grown = earlier.filter((n) => !n.nlt && nonTargetNewLesionGrew(view, n, k))
        if (grown.length > 0) reasons.push(`growth of new-lesion non-target(s) ${grown.map((n) => n.label).join(', ')}`)
        // EORTC FAQ "If iUPD is driven by non-target disease…": new progression in another category also confirms.
        if (!e.categories.has('targets') && targetPd) reasons.push('the targets now meet RECIST 1.1 PD')
        if (!e.categories.has('non-targets') && nonTargetPd) reasons.push('unequivocal non-target progression')
        if (days > maxDays && !e.lateWarned) {
          e.lateWarned = true
          findings.add('confirmation-scan-late', 'warning', `The assessment after the iUPD at ${e.tp.id} comes ${days} days later (${tp.id}), beyond 8 weeks: accepted for confirmation, but later than iRECIST asks.`, FAQ, { timepoint: tp.id })
        }
      }

      if (reasons.length > 0) {
        response = 'iCPD'
        rule = `${R}.icpd`
        e.confirmedAt = tp
        confirmed = e
        episode = null
        lines.push(() => `Progression confirmed (iCPD): ${reasons.join('; ')}. It confirms the iUPD of ${e.tp.id} (${e.tp.date}).`)
        findings.add('icpd', 'warning', `iCPD at ${tp.id} (${tp.date}) confirms the iUPD of ${e.tp.id} (${e.tp.date}): ${reasons.join('; ')}. iUPD date ${e.tp.date}, iCPD date ${tp.date} (the protocol says which dates iPFS).`, `${IRECIST_SOURCE} Table 2`, { timepoint: tp.id })
      } else if (early) {
        response = 'iUPD'
        rule = `${R}.iupd.early-scan`
        lines.push(() => `${tp.id} is ${days} days after the iUPD at ${e.tp.id}: under 4 weeks, so it cannot confirm progression (except by an additional new lesion) and is disregarded; the iUPD stands.`)
        findings.add('confirmation-scan-too-early', 'warning', `${tp.id} is ${days} days after the iUPD at ${e.tp.id}: scans under 4 weeks after iUPD do not confirm it (growth of known lesions does not count); repeat 4 to 8 weeks after the iUPD.`, `${FAQ} "Can imaging be used to confirm progression… less than four weeks…"`, { timepoint: tp.id })
      } else {
        const shrunk = view.targets.length > 0 && r.sumComplete && sum !== null && e.sum !== null && sum < e.sum
        const newLesionsHold = persisting.length > 0 && !(newLesionReset === 'target_shrinkage' && shrunk)
        const still = targetPd || nonTargetPd || newLesionsHold
        if (still) {
          response = 'iUPD'
          rule = `${R}.iupd.not-confirmed`
          lines.push(() => {
            const holding = [targetPd && 'the targets still meet RECIST 1.1 PD', nonTargetPd && 'non-target progression persists', newLesionsHold && 'the new lesions persist without growing'].filter(Boolean)
            return `No further increase: ${holding.join('; ')}. The response stays iUPD and the next assessment tests again.`
          })
        } else if (table.response === 'NE') {
          response = 'NE'
          rule = `${R}.ne-after-iupd`
          lines.push(() => `Not evaluable; the iUPD of ${e.tp.id} is still unconfirmed.`)
        } else {
          response = fallBack()
          rule = `${R}.reset`
          episode = null
          lines.push(() => `Disease has fallen back to ${response} (RECIST 1.1 ${table.row}): the bar is reset; later progression must again meet RECIST 1.1 PD to be a new iUPD.`)
          findings.add('iupd-reset', 'info', `${tp.id} is ${response} after the iUPD of ${e.tp.id}: the bar is reset, and a new iUPD needs RECIST 1.1 PD again.`, `${IRECIST_SOURCE}; ${FAQ} "How do new lesions define progression?"`, { timepoint: tp.id })
        }
      }
    }

    const shown = confirmed && confirmed.confirmedAt === tp ? confirmed : (pendingBefore ?? episode)
    const som = nlts.length ? sumOfMeasures(view, nlts, k) : null
    const decided = response
    // RECIST 1.1's result with the iRECIST categories, field by field rather than spread (shared/lazy.ts).
    const result = timepointResult(
      () => [...r.explanation.filter((l) => !l.startsWith('Overall:')), ...lines.map((line) => line()), `Overall: ${decided}.`],
      tp,
      response,
      iResponse(r.targetResponse),
      iResponse(r.nonTargetResponse),
      r.newLesion,
    )
    copySumFigures(result, r)
    result.rule = rule
    result.immune = {
      iUPDTimepoint: shown?.tp.id ?? null,
      iUPDDate: shown?.tp.date ?? null,
      iUPDSumMm: shown?.sum == null ? null : fromHundredths(shown.sum),
      newLesionTargets: nlts.map((n) => n.label),
      newLesionNonTargets: tracked.filter((n) => !n.nlt && n.first <= k).map((n) => n.label),
      newLesionSumMm: som && som.complete ? fromHundredths(som.sum) : null,
    }
    timepoints.push(result as TimepointResult)
  }

  if (episode) {
    const e: Episode = episode
    findings.add('iupd-unconfirmed', 'warning', `The iUPD of ${e.tp.id} (${e.tp.date}) is not confirmed by the last assessment: it stays iUPD and is never converted to iCPD automatically; record why no confirmation scan was done.`, IRECIST_SOURCE, { timepoint: e.tp.id })
  }
  const standing = confirmed ?? episode
  const ibor = immuneBest(view, timepoints)
  const confirmedAt = confirmed?.confirmedAt
  const best: BestResponse = explained(
    {
      response: ibor.response,
      timepoint: ibor.timepoint,
      date: ibor.date,
      confirmed: ibor.confirmed,
      iUPDDate: standing ? standing.tp.date : null,
      iCPDDate: confirmedAt?.date ?? null,
    },
    () => (standing ? [...ibor.explanation, `iUPD date ${standing.tp.date} (${standing.tp.id}); iCPD date ${confirmedAt ? `${confirmedAt.date} (${confirmedAt.id})` : 'none (not confirmed)'}.`] : ibor.explanation),
  )
  return { timepoints, best, findings: [...recist.findings, ...findings.toArray()] }
}

/** iBOR rank (spec §7.6): iCR > iPR > iSD > NON-CR/NON-PD > iUPD > iCPD; NE does not count. */
const RANK: Partial<Record<Response, number>> = { iCR: 1, iPR: 2, iSD: 3, 'NON-CR/NON-PD': 4, iUPD: 5, iCPD: 6 }
const FROM_LEVEL: Partial<Record<Response, Response>> = { CR: 'iCR', PR: 'iPR', SD: 'iSD', PD: 'iUPD', 'NON-CR/NON-PD': 'NON-CR/NON-PD' }

/**
 * Best overall response (iBOR, Seymour 2017 Table 3): assessments up to the first iCPD. Between
 * iUPDs, iCR/iPR confirmation and the SD minimum duration follow the case settings through the
 * RECIST 1.1 machinery (an iUPD breaks a confirmation); an iUPD or iCPD ranks below any iSD.
 */
function immuneBest(view: CaseView, timepoints: readonly TimepointResult[]): BestResponse {
  const end = timepoints.findIndex((t) => t.response === 'iCPD')
  const series = end < 0 ? timepoints : timepoints.slice(0, end + 1)
  const candidates: { response: Response; timepoint: string | null; date: string | null; confirmed: boolean | null }[] = []
  // The segments' best responses, whose explanations are read with this one's (shared/lazy.ts).
  const segmentBests: BestResponse[] = []
  let segment: TimepointResult[] = []
  const closeSegment = () => {
    if (segment.length === 0) return
    const b = bestOfCase(view, segment)
    segmentBests.push(b)
    const response = b.response === null ? undefined : FROM_LEVEL[b.response]
    if (response) candidates.push({ response, timepoint: b.timepoint, date: b.date, confirmed: b.confirmed })
    segment = []
  }
  for (const t of series) {
    if (t.response === 'iUPD' || t.response === 'iCPD') {
      closeSegment()
      // Table 3: an iUPD that a later iCPD confirms counts as iCPD (an iUPD that was reset is outranked anyway).
      if (t.response === 'iCPD' || end < 0) candidates.push({ response: t.response, timepoint: t.timepoint, date: t.date, confirmed: null })
    } else segment.push(t)
  }
  closeSegment()
  const segmentLines = () => segmentBests.flatMap((b) => b.explanation)
  let best: (typeof candidates)[number] | undefined
  for (const c of candidates) if (!best || RANK[c.response]! < RANK[best.response]!) best = c
  if (!best) {
    const ne = series.find((t) => t.response === 'NE')
    return explained({ response: ne ? 'NE' : null, timepoint: ne?.timepoint ?? null, date: ne?.date ?? null, confirmed: null }, () => [
      ...segmentLines(),
      ne ? 'Every assessment is NE: iBOR NE.' : 'No follow-up assessment: no iBOR.',
    ])
  }
  const chosen = best
  return explained({ ...chosen }, () => [
    ...segmentLines(),
    `iBOR ${chosen.response} (${chosen.timepoint}, ${chosen.date}): the best of ${candidates.map((c) => c.response).join(', ')} in the order iCR > iPR > iSD > iUPD > iCPD; NE does not count${end >= 0 ? `; assessments after the iCPD at ${series.at(-1)!.timepoint} are not considered` : ''}.`,
  ])
}

export default defineCriterion({
  id: 'irecist',
  name: 'iRECIST',
  version: '2017',
  reference: {
    citation:
      'Seymour L, Bogaerts J, Perrone A, et al. iRECIST: guidelines for response criteria for use in trials testing immunotherapeutics. Lancet Oncol 2017;18(3):e143-52',
    doi: '10.1016/S1470-2045(17)30074-8',
  },
  status: 'provisional',
  optionsSchema: IrecistOptionsSchema,
  evaluate: evaluateIrecist,
})
