/**
 * Best overall response (BOR) from dated per-visit overall responses.
 *
 * Sources, cited at each rule below:
 * - RECIST 1.1 (Eisenhauer et al., EJC 2009) §4.4 and Table 3 (criteria-spec.md §1.12).
 * - Where RECIST is silent, the pharmaverse R package admiralonco:
 *   `derive_param_bor()` (no confirmation) and `derive_param_confirmed_bor()` (confirmation),
 *   whose arguments map onto BorSettings: ref_start_window = sdMinDays,
 *   ref_confirm = confirmationMinDays, max_nr_ne = maxNeBetween, accept_sd = acceptSdBetween.
 *
 * Where the two differ, RECIST wins where it speaks; each such place says so.
 */

import { explained, explainedBy } from './lazy.ts'

export type BorResponse = 'CR' | 'PR' | 'SD' | 'NON-CR/NON-PD' | 'PD' | 'NE' | 'ND'

/** One visit's overall response; `id` (a timepoint id) is passed through to the result. */
export interface DatedResponse {
  date: string /* YYYY-MM-DD */
  response: BorResponse
  id?: string /* timepoint id, passed through */
}

/** The study-design parameters of the BOR derivation (case-format.md, "The response series"). */
export interface BorSettings {
  confirmation: 'required' | 'not-required'
  confirmationMinDays: number
  sdMinDays: number
  maxNeBetween: number
  acceptSdBetween: boolean
  /** Where Caliper's reading and admiralonco's differ by design (issue #10): absent means Caliper's default. */
  readings?: Partial<BorReadings>
}

/**
 * The three places where RECIST 1.1 (Caliper's default) and admiralonco's derive_param_bor /
 * derive_param_confirmed_bor read a series differently. The `admiralonco` preset takes all three
 * from admiralonco, so a statistician can check Caliper against an ADaM derivation.
 */
export interface BorReadings {
  /** A PR, SD or NON-CR/NON-PD after a CR (confirmation required): PD by RECIST 1.1 Table 3's footnote (`pd`), or `as_recorded` (admiralonco). */
  responseAfterCr: 'pd' | 'as_recorded'
  /** Assessments dated before therapyStart: dropped (RECIST 1.1 §4.4, "from the start of the study treatment"), or `keep` (admiralonco leaves the filter to its caller). */
  beforeTherapyStart: 'drop' | 'keep'
  /** Assessments after the first PD: dropped (RECIST 1.1 §4.4, "until disease progression"), or `keep` (admiralonco cuts only at its caller's source_pd). */
  afterFirstPd: 'drop' | 'keep'
}

export type BorPreset = 'recist' | 'admiralonco'

export const BOR_PRESETS: Readonly<Record<BorPreset, BorReadings>> = {
  recist: { responseAfterCr: 'pd', beforeTherapyStart: 'drop', afterFirstPd: 'drop' },
  admiralonco: { responseAfterCr: 'as_recorded', beforeTherapyStart: 'keep', afterFirstPd: 'keep' },
}

/** The readings a preset gives, with any set one by one taking precedence. */
export const readingsOf = (preset: BorPreset | undefined, set: Partial<BorReadings> = {}): BorReadings => {
  const readings = { ...BOR_PRESETS[preset ?? 'recist'] }
  for (const key of Object.keys(readings) as (keyof BorReadings)[]) if (set[key] !== undefined) Object.assign(readings, { [key]: set[key] })
  return readings
}

/** A response series' settings (case-format.md) as BorSettings; `preset` (the command line's --preset) replaces the file's. */
export function seriesBorSettings(
  settings: Omit<BorSettings, 'readings'> & { preset?: BorPreset | undefined } & Partial<Record<keyof BorReadings, string | undefined>>,
  preset?: BorPreset,
): BorSettings {
  const { confirmation, confirmationMinDays, sdMinDays, maxNeBetween, acceptSdBetween } = settings
  const set = { responseAfterCr: settings.responseAfterCr, beforeTherapyStart: settings.beforeTherapyStart, afterFirstPd: settings.afterFirstPd } as Partial<BorReadings>
  return { confirmation, confirmationMinDays, sdMinDays, maxNeBetween, acceptSdBetween, readings: readingsOf(preset ?? settings.preset, set) }
}

/** The derived BOR, the assessment that gives it, and the rules that fired. */
export interface BestOverallResponse {
  response: BorResponse | null // null when there is no assessment to rank
  date: string | null // date of the assessment that gives the BOR
  id: string | null // its id, if given
  confirmed: boolean | null // true/false when confirmation is required and response is CR/PR; null otherwise
  explanation: string[] // human-readable sentences saying which rule fired and why
}

/** Best first: CR > PR > SD > NON-CR/NON-PD > PD > NE > ND (admiralonco `aval_resp` / tmp_order). */
const RESPONSE_RANK: Readonly<Record<BorResponse, number>> = {
  CR: 1,
  PR: 2,
  SD: 3,
  'NON-CR/NON-PD': 4,
  PD: 5,
  NE: 6,
  ND: 7,
}

const MS_PER_DAY = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Responses that show disease after a CR: RECIST 1.1 Table 3 footnote makes them PD. */
const DISEASE_AFTER_CR: ReadonlySet<BorResponse> = new Set(['PR', 'SD', 'NON-CR/NON-PD'])

/** Days since 1970-01-01 of an ISO calendar date, computed in UTC (no time zone, no DST). */
/** Day numbers already computed: the same few dates are compared over and over. */
const DAY_NUMBERS = new Map<string, number>()
const DAY_NUMBERS_MAX = 10_000

function dayNumber(iso: string): number {
  const known = DAY_NUMBERS.get(iso)
  if (known !== undefined) return known
  if (DAY_NUMBERS.size >= DAY_NUMBERS_MAX) DAY_NUMBERS.clear()
  const day = parseDayNumber(iso)
  DAY_NUMBERS.set(iso, day)
  return day
}

function parseDayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso)
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN
  // Date.UTC rolls 2021-02-30 over to March: a round trip rejects it.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso)
    throw new RangeError(`not a calendar date written YYYY-MM-DD: "${iso}"`)
  return ms / MS_PER_DAY
}

/** Whole days from `from` to `to` (ISO dates, exact, UTC): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

/** The ISO date `days` days after `iso`. */
function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * MS_PER_DAY).toISOString().slice(0, 10)
}

const NONE: readonly DatedResponse[] = Object.freeze([])

/** An assessment on or after the day SD may count from (therapyStart + sdMinDays, RECIST 1.1 §4.4). */
const longEnough = (v: DatedResponse, sdFromDay: number) => dayNumber(v.date) >= sdFromDay

/** The sentences of an explanation, written (shared/lazy.ts). */
const writeLines = (lines: readonly (() => string)[] | undefined) => (lines ? lines.map((line) => line()) : [])

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const at = (v: DatedResponse) => `${v.response} on ${v.date}`

/** What confirms a CR, and a PR (admiralonco filter_confirmation first_cond). */
const CONFIRMS_CR: readonly BorResponse[] = ['CR']
const CONFIRMS_PR: readonly BorResponse[] = ['CR', 'PR']
/** What may lie between a CR, or a PR, and its confirmation (admiralonco filter_confirmation filter). */
const BETWEEN_CR: readonly BorResponse[] = ['CR', 'NE']
const BETWEEN_PR: readonly BorResponse[] = ['CR', 'PR', 'SD', 'NE']

/**
 * Is the CR or PR at series[i] confirmed? admiralonco `derive_param_confirmed_bor()`, which
 * calls `filter_confirmation()` (first_cond / filter): the confirming assessment is the first
 * later one that is CR (for a CR) or CR/PR (for a PR) on or after date + confirmationMinDays
 * (RECIST 1.1 §4.6: "no less than 4 weeks"); the assessments between must pass the checks below.
 */
function confirmation(series: readonly DatedResponse[], i: number, s: BorSettings): { ok: boolean; why: () => string } {
  const first = series[i]!
  const isCr = first.response === 'CR'
  const confirmers = isCr ? CONFIRMS_CR : CONFIRMS_PR
  const earliest = dayNumber(first.date) + s.confirmationMinDays
  // Asked for every CR and PR of every case: the series is scanned in place, with no list or
  // callback made for the assessments in between.
  let j = i + 1
  while (j < series.length && !(confirmers.includes(series[j]!.response) && dayNumber(series[j]!.date) >= earliest)) j++
  if (j === series.length)
    return { ok: false, why: () => `${at(first)} is not confirmed: no ${confirmers.join(' or ')} on or after ${addDays(first.date, s.confirmationMinDays)} (${plural(s.confirmationMinDays, 'day')} later).` }
  const confirmer = series[j]!
  const fail = (reason: string) => ({ ok: false, why: () => `${at(first)} is not confirmed by ${at(confirmer)}: ${reason}.` })

  // The assessments in between (i + 1 … j − 1): the first that may not be there, and the NEs and SDs.
  const allowed = isCr ? BETWEEN_CR : BETWEEN_PR
  let intruder: DatedResponse | undefined
  let nNe = 0
  let nSd = 0
  for (let k = i + 1; k < j; k++) {
    const v = series[k]!
    if (intruder === undefined && !allowed.includes(v.response)) intruder = v
    if (v.response === 'NE') nNe++
    else if (v.response === 'SD') nSd++
  }
  // admiralonco: only CR/NE (for CR), or CR/PR/SD/NE (for PR), may lie in between. An ND breaks it too.
  if (intruder) return fail(`${at(intruder)} lies in between`)
  // admiralonco max_nr_ne: at most maxNeBetween NE in between.
  if (nNe > s.maxNeBetween) return fail(`${plural(nNe, 'NE')} in between, at most ${s.maxNeBetween} allowed`)
  // admiralonco accept_sd: PR only, at most one SD in between (none unless acceptSdBetween).
  if (nSd > (s.acceptSdBetween ? 1 : 0)) return fail(`${plural(nSd, 'SD')} in between, ${s.acceptSdBetween ? 'at most 1' : 'none'} allowed`)
  // admiralonco: no PR after a CR within the confirmation period (i + 1 … j). (Unreachable here,
  // since a PR after a CR has already been recoded as PD, but kept so the rule stands on its own.)
  let crSeen = false
  for (let k = i + 1; k <= j; k++) {
    const r = series[k]!.response
    if (r === 'CR') crSeen = true
    else if (r === 'PR' && crSeen) return fail('a PR follows a CR in between')
  }

  return {
    ok: true,
    why: () =>
      `${at(first)} is confirmed by ${at(confirmer)}, ${plural(daysBetween(first.date, confirmer.date), 'day')} later (at least ${s.confirmationMinDays} needed), with ${plural(nNe, 'NE')} in between (at most ${s.maxNeBetween} allowed).`,
  }
}

/** The explanation's last sentence: the best response, where it comes from, and the SD rule where it mattered. */
function bestSentence(response: BorResponse, source: DatedResponse, series: readonly DatedResponse[], therapyStart: string, settings: BorSettings, sdFromDay: number): string {
  const required = settings.confirmation === 'required'
  const sinceStart = `${plural(daysBetween(therapyStart, source.date), 'day')} after the start of therapy`
  const sdRule = `SD needs at least ${plural(settings.sdMinDays, 'day')}, i.e. on or after ${addDays(therapyStart, settings.sdMinDays)}`
  if (response === 'SD' || response === 'NON-CR/NON-PD') {
    const as = source.response === response ? '' : ` (an unconfirmed ${source.response} counts as SD)`
    return `Best overall response ${response}: ${at(source)}${as}, ${sinceStart}; ${sdRule}.`
  }
  if (response === 'PD' || response === 'NE') {
    const tooEarly = series.filter((v) => v.response !== 'PD' && v.response !== 'NE' && v.response !== 'ND' && !longEnough(v, sdFromDay))
    const why = tooEarly.length > 0 ? ` ${tooEarly.map(at).join(', ')} ${tooEarly.length === 1 ? 'comes' : 'come'} too early to count as SD (${sdRule}).` : ''
    // RECIST 1.1 §4.4: SD not lasting the minimum gives PD if a PD follows, otherwise NE.
    return `Best overall response ${response}: ${at(source)}, ${sinceStart}.${why}`
  }
  if (response === 'ND') return `Best overall response ND: every assessment considered is ND (not done); the first is on ${source.date}.`
  return `Best overall response ${response} (${required ? 'confirmed' : 'no confirmation required'}): ${at(source)}, ${sinceStart}.`
}

/** The best overall response of a series of dated overall responses (RECIST 1.1 Table 3 / admiralonco). */
/**
 * `datesChecked`: the caller vouches that every date is a real calendar date written YYYY-MM-DD
 * (a parsed case's, which the schema has checked): the up-front check of each is then skipped,
 * a tenth of RECIST 1.1's time per case. Any other caller (a reader's response series) is checked.
 */
export function bestOverallResponse(assessments: readonly DatedResponse[], therapyStart: string, settings: BorSettings, datesChecked = false): BestOverallResponse {
  // The explanation's sentences before the last, written when it is read (shared/lazy.ts); most series need none.
  let lines: (() => string)[] | undefined
  const required = settings.confirmation === 'required'
  // Most callers set no reading: the preset is then read as it is, not copied.
  const readings = settings.readings ? readingsOf(undefined, settings.readings) : BOR_PRESETS.recist
  if (!datesChecked) {
    dayNumber(therapyStart) // throws on a malformed date
    for (const a of assessments) dayNumber(a.date)
  }

  // Input order does not matter: sort by date (Array.prototype.sort is stable since ES2019).
  // Valid ISO dates order as strings do.
  let inOrder = true
  for (let i = 1; inOrder && i < assessments.length; i++) inOrder = assessments[i - 1]!.date <= assessments[i]!.date
  const sorted = inOrder ? assessments : [...assessments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))

  // RECIST 1.1 §4.4: BOR is "the best response recorded from the start of the study treatment".
  // admiralonco leaves this to the caller (its input "should include only post-baseline
  // assessments"); here assessments dated before therapyStart are left out and said so.
  // With beforeTherapyStart 'keep' (admiralonco), they count; an SD among them is too early (NE).
  // Sorted by date, the early ones come first: most series have none, and no list is made for them.
  const early = readings.beforeTherapyStart === 'drop' && sorted.length > 0 && sorted[0]!.date < therapyStart ? sorted.filter((a) => a.date < therapyStart) : NONE
  if (early.length > 0)
    (lines ??= []).push(() => `${plural(early.length, 'assessment')} dated before the start of therapy (${therapyStart}) ${early.length === 1 ? 'is' : 'are'} not considered: ${early.map(at).join(', ')}.`)
  else if (readings.beforeTherapyStart === 'keep' && sorted.some((a) => a.date < therapyStart))
    (lines ??= []).push(() => `Assessments dated before the start of therapy (${therapyStart}) are kept (beforeTherapyStart keep, as admiralonco: its caller filters).`)

  // RECIST 1.1 §4.4: "... until disease progression"; admiralonco source_pd keeps assessments
  // up to and including the first PD. Assessments after it are not considered. The series ranked
  // is sorted[start … end − 1], a list of its own only when a response is recoded below.
  const start = early.length
  let end = start
  let recoded: DatedResponse[] | undefined
  let firstCr: DatedResponse | undefined
  while (end < sorted.length) {
    const a = sorted[end]!
    let v = a
    // RECIST 1.1 Table 3 footnote: if CR was truly met, any disease seen later, even disease
    // meeting PR criteria, is PD (rows CR→PR, CR→SD: "SD if minimum SD duration met, otherwise
    // PD"). admiralonco calls CR followed by PR or SD a data issue and recommends changing the
    // PR to PD in the source data (vignette "Creating a Basic ADRS"); left as is, it would rank
    // that PR as SD. We follow RECIST. Only matters when confirmation is required: otherwise
    // the CR itself is the best response.
    if (required && firstCr && DISEASE_AFTER_CR.has(a.response) && readings.responseAfterCr === 'pd') {
      v = { ...a, response: 'PD' }
      recoded ??= sorted.slice(start, end)
      const cr = firstCr
      ;(lines ??= []).push(
        () => `${at(a)} follows ${at(cr)}: disease seen after a CR counts as PD (RECIST 1.1 Table 3, footnote). If that CR was not a true CR, correct it to PR and the best response may be PR.`,
      )
    }
    recoded?.push(v)
    end++
    firstCr ??= v.response === 'CR' ? v : undefined
    if (v.response === 'PD' && readings.afterFirstPd === 'drop') {
      const after = sorted.length - end
      if (after > 0) (lines ??= []).push(() => `Only assessments up to the first PD (${v.date}) count; ${plural(after, 'later assessment')} ${after === 1 ? 'is' : 'are'} not considered.`)
      break
    }
  }
  // Most series are ranked as given, without a copy (the input must not change while the result is read).
  const series: readonly DatedResponse[] = recoded ?? (start === 0 && end === sorted.length ? sorted : sorted.slice(start, end))
  if (series.length === 0) return explained({ response: null, date: null, id: null, confirmed: null }, () => [...writeLines(lines), 'There is no assessment to rank, so there is no best overall response.'])

  // SD and NON-CR/NON-PD count only on or after therapyStart + sdMinDays (RECIST 1.1 §4.4:
  // protocol-defined minimum interval; admiralonco ref_start_window: ADT >= reference_date + window).
  // RECIST Table 3 lists PR→SD as "SD" with no duration condition; we read it under §4.4 (as
  // admiralonco does), so a PR and an SD both before sdFrom give NE, not SD.
  const sdFromDay = dayNumber(therapyStart) + settings.sdMinDays
  // The series is in date order: the assessments long enough are those from a position on.
  let firstLongEnough = 0
  while (firstLongEnough < series.length && !longEnough(series[firstLongEnough]!, sdFromDay)) firstLongEnough++

  // Each assessment's contribution to the BOR, as in admiralonco: with confirmation, a CR or PR
  // counts as such only if confirmed; an unconfirmed CR/PR, like an SD, counts as SD when long
  // enough, else NE (derive_param_confirmed_bor sd_data / ne_data). Without confirmation, CR and
  // PR count at any date; SD and NON-CR/NON-PD before sdFrom count as NE (derive_param_bor).
  // The best category wins; among equals the earliest assessment (admiralonco filter_extreme
  // order = vars(tmp_order, ADT), mode = "first").
  let notes: (() => string)[] | undefined
  let best = 0
  let response: BorResponse = 'ND'
  for (let i = 0; i < series.length; i++) {
    const v = series[i]!
    let counts: BorResponse = v.response
    if (v.response === 'CR' || v.response === 'PR') {
      if (required) {
        const c = confirmation(series, i, settings)
        ;(notes ??= []).push(c.why)
        if (!c.ok) counts = i >= firstLongEnough ? 'SD' : 'NE'
      }
    } else if (v.response === 'SD' || v.response === 'NON-CR/NON-PD') counts = i >= firstLongEnough ? v.response : 'NE'
    if (i === 0 || RESPONSE_RANK[counts] < RESPONSE_RANK[response]) {
      best = i
      response = counts
    }
  }
  const source = series[best]!
  if (required && readings.responseAfterCr === 'as_recorded' && series.some((v, i) => DISEASE_AFTER_CR.has(v.response) && series.slice(0, i).some((w) => w.response === 'CR')))
    (lines ??= []).push(() => 'A PR, SD or NON-CR/NON-PD after a CR is taken as recorded (responseAfterCr as_recorded, as admiralonco); RECIST 1.1 Table 3 would make it PD.')
  if (readings.afterFirstPd === 'keep' && series.some((v, i) => v.response === 'PD' && i < series.length - 1))
    (lines ??= []).push(() => 'Assessments after the first PD are kept (afterFirstPd keep, as admiralonco without source_pd): cut the series at progression before deriving, or a later SD can outrank the PD.')
  if (notes) (lines ??= []).push(...notes)
  // Made for every criterion of every case: built field by field, not copied (shared/lazy.ts).
  const result = explainedBy<BestOverallResponse>(() => [...writeLines(lines), bestSentence(response, source, series, therapyStart, settings, sdFromDay)])

  result.response = response
  result.date = source.date
  result.id = source.id ?? null
  result.confirmed = required && (response === 'CR' || response === 'PR') ? true : null
  return result as BestOverallResponse
}
