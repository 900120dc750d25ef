import {
  BOR_PRESETS,
  bestOverallResponse,
  daysBetween,
  seriesBorSettings,
  type BestOverallResponse,
  type BorResponse,
  type BorSettings,
  type DatedResponse,
} from '../../criteria/shared/best-response.ts'

/** RECIST 1.1 defaults: confirmation after ≥ 4 weeks, SD after ≥ 6 weeks (a common protocol value). */
const CONFIRMED: BorSettings = { confirmation: 'required', confirmationMinDays: 28, sdMinDays: 42, maxNeBetween: 1, acceptSdBetween: false }
const UNCONFIRMED: BorSettings = { ...CONFIRMED, confirmation: 'not-required' }

const visits = (...rows: [date: string, response: BorResponse][]): DatedResponse[] => rows.map(([date, response]) => ({ date, response }))
const pick = (r: BestOverallResponse) => [r.response, r.date]

describe('daysBetween: exact whole days on ISO dates (UTC)', () => {
  it.each([
    ['2020-01-01', '2020-01-01', 0],
    ['2020-01-01', '2020-01-29', 28],
    ['2020-02-01', '2020-02-29', 28], // leap day
    ['2020-02-28', '2020-03-01', 2], // leap year
    ['2019-02-28', '2019-03-01', 1], // common year
    ['2019-12-31', '2020-01-01', 1],
    ['2020-01-01', '2021-01-01', 366],
    ['2021-03-27', '2021-03-29', 2], // EU daylight-saving change on 2021-03-28
    ['2021-03-13', '2021-03-15', 2], // US daylight-saving change on 2021-03-14
    ['2021-10-30', '2021-11-01', 2], // EU change back on 2021-10-31
    ['2020-03-01', '2020-02-01', -29],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days)
  })

  it.each(['2021-02-29', '2020-13-01', '2020-1-01', '2020-01-01T00:00:00Z', ''])('rejects %j', (bad) => {
    expect(() => daysBetween('2020-01-01', bad)).toThrow(RangeError)
    expect(() => bestOverallResponse(visits([bad, 'PR']), '2020-01-01', CONFIRMED)).toThrow(RangeError)
  })
})

describe('RECIST 1.1 Table 3 (confirmation required): first time point → subsequent time point', () => {
  // therapyStart 2020-01-01, sdMinDays 42 → SD counts on or after 2020-02-12.
  // "met": first time point on day 60, after the SD minimum; "not met": first on day 28, before it.
  // The subsequent time point is 31 or 32 days later, so a CR/PR there can confirm.
  const START = '2020-01-01'
  const MET = ['2020-03-01', '2020-04-01'] as const
  const NOT_MET = ['2020-01-29', '2020-03-01'] as const
  type Expect = [BorResponse, 0 | 1] // response and which time point gives it

  it.each<[BorResponse, BorResponse, Expect, Expect]>([
    ['CR', 'CR', ['CR', 0], ['CR', 0]],
    ['CR', 'PR', ['SD', 0], ['PD', 1]], // footnote: PR after a true CR is PD
    ['CR', 'SD', ['SD', 0], ['PD', 1]],
    ['CR', 'PD', ['SD', 0], ['PD', 1]],
    ['CR', 'NE', ['SD', 0], ['NE', 0]],
    ['PR', 'CR', ['PR', 0], ['PR', 0]],
    ['PR', 'PR', ['PR', 0], ['PR', 0]],
    ['PR', 'SD', ['SD', 0], ['SD', 1]], // not met at the PR, met at the SD (day 60)
    ['PR', 'PD', ['SD', 0], ['PD', 1]],
    ['PR', 'NE', ['SD', 0], ['NE', 0]],
    ['NE', 'NE', ['NE', 0], ['NE', 0]],
  ])('%s → %s: SD minimum met gives %j, not met gives %j', (first, next, met, notMet) => {
    for (const [dates, [response, k]] of [[MET, met], [NOT_MET, notMet]] as const) {
      const r = bestOverallResponse(visits([dates[0], first], [dates[1], next]), START, CONFIRMED)
      expect(pick(r)).toEqual([response, dates[k]])
      expect(r.confirmed).toBe(response === 'CR' || response === 'PR' ? true : null)
    }
  })

  it('PR → SD with both before the SD minimum is NE: Table 3 gives no condition, §4.4 and admiralonco do', () => {
    const r = bestOverallResponse(visits(['2020-01-15', 'PR'], ['2020-02-05', 'SD']), START, CONFIRMED)
    expect(pick(r)).toEqual(['NE', '2020-01-15'])
  })

  it('CR → PR explains the Table 3 footnote and its alternative (the CR was really a PR)', () => {
    const r = bestOverallResponse(visits([MET[0], 'CR'], [MET[1], 'PR']), START, CONFIRMED)
    expect(r.explanation.join(' ')).toMatch(/PR on 2020-04-01 follows CR on 2020-03-01: disease seen after a CR counts as PD/)
    expect(r.explanation.join(' ')).toMatch(/correct it to PR/)
  })
})

/**
 * admiralonco's own tests. Data of tests/testthat/test-derive_param_confirmed_bor.R and
 * test-derive_param_bor.R (pharmaverse/admiralonco): ADSL treatment starts and ADRS overall
 * responses, per subject.
 */
const ADSL: Record<string, string> = {
  '1': '2020-01-01',
  '2': '2019-12-12',
  '3': '2019-11-11',
  '4': '2019-12-30',
  '5': '2020-01-01',
  '6': '2020-02-02',
  '7': '2020-02-02',
  '8': '2020-04-01',
  '9': '2020-02-01',
}
const ADRS: Record<string, DatedResponse[]> = {
  '1': visits(['2020-01-01', 'PR'], ['2020-02-01', 'CR'], ['2020-02-16', 'NE'], ['2020-03-01', 'CR'], ['2020-04-01', 'SD']),
  '2': visits(['2020-01-01', 'SD'], ['2020-02-01', 'PR'], ['2020-03-01', 'SD'], ['2020-03-13', 'CR']),
  '3': visits(['2019-11-12', 'CR'], ['2019-12-02', 'CR'], ['2020-01-01', 'SD']),
  '4': visits(['2020-01-01', 'PR'], ['2020-03-01', 'SD'], ['2020-04-01', 'SD'], ['2020-05-01', 'PR'], ['2020-05-15', 'NON-CR/NON-PD']),
  '5': visits(['2020-01-01', 'PR'], ['2020-01-10', 'SD'], ['2020-01-20', 'PR'], ['2020-05-15', 'NON-CR/NON-PD']),
  '6': visits(['2020-02-06', 'PR'], ['2020-02-16', 'CR'], ['2020-03-30', 'PR']),
  '7': visits(['2020-02-06', 'PR'], ['2020-02-16', 'CR'], ['2020-04-01', 'NE']),
  '8': [],
  '9': visits(['2020-02-16', 'PD'], ['2020-03-06', 'SD']),
}
type Row = [subject: string, response: BorResponse | null, date: string | null, note: string]

describe('admiralonco derive_param_confirmed_bor Test 1 (ref_start_window 28, ref_confirm 28, max_nr_ne 1, accept_sd FALSE, source_pd)', () => {
  const settings: BorSettings = { ...CONFIRMED, sdMinDays: 28 }
  it.each<Row>([
    ['1', 'CR', '2020-02-01', 'CR confirmed 29 days later with one NE in between'],
    ['2', 'SD', '2020-02-01', 'PR not confirmed: SD in between'],
    ['3', 'PD', '2020-01-01', 'differs: admiralonco SD 2020-01-01; SD after CR is PD (RECIST Table 3 CR→SD, footnote)'],
    ['4', 'SD', '2020-03-01', 'PR not confirmed: two SD in between'],
    ['5', 'NON-CR/NON-PD', '2020-05-15', 'nothing long enough but NON-CR/NON-PD'],
    ['6', 'PD', '2020-03-30', 'differs: admiralonco SD 2020-03-30; PR after CR is PD (RECIST Table 3 CR→PR, footnote)'],
    ['7', 'NE', '2020-02-06', 'PR and CR unconfirmed and too early for SD'],
    ['8', null, null, 'no assessment (admiralonco MISSING)'],
    ['9', 'PD', '2020-02-16', 'the SD after the first PD is not considered (source_pd)'],
  ])('subject %s → %s %s (%s)', (subject, response, date) => {
    expect(pick(bestOverallResponse(ADRS[subject]!, ADSL[subject]!, settings))).toEqual([response, date])
  })

  it('Test 4 (no source_pd) gives SD 2020-03-06 for subject 9; RECIST 1.1 §4.4 stops at the first PD, so PD', () => {
    const r = bestOverallResponse(ADRS['9']!, ADSL['9']!, settings)
    expect(pick(r)).toEqual(['PD', '2020-02-16'])
    expect(r.explanation.join(' ')).toMatch(/up to the first PD \(2020-02-16\) count; 1 later assessment is not considered/)
  })
})

describe('admiralonco derive_param_confirmed_bor Test 2 (ref_confirm 14, max_nr_ne 0, accept_sd TRUE, ND handling)', () => {
  const settings: BorSettings = { ...CONFIRMED, sdMinDays: 28, confirmationMinDays: 14, maxNeBetween: 0, acceptSdBetween: true }
  const adrs: Record<string, DatedResponse[]> = { ...ADRS, '7': visits(['2020-04-02', 'ND']) }
  it.each<Row>([
    ['1', 'PR', '2020-01-01', 'PR confirmed by CR; the CR itself has an NE before its confirmation'],
    ['2', 'PR', '2020-02-01', 'one SD accepted between PR and confirming CR'],
    ['3', 'CR', '2019-11-12', 'CR confirmed 20 days later'],
    ['4', 'SD', '2020-03-01', 'two SD in between are too many'],
    ['5', 'PR', '2020-01-01', 'one SD accepted between the PRs, 19 days apart'],
    ['6', 'PD', '2020-03-30', 'differs: admiralonco SD 2020-03-30; PR after CR is PD (RECIST Table 3 footnote)'],
    ['7', 'ND', '2020-04-02', 'only ND'],
    ['8', null, null, 'no assessment (admiralonco NE with missing_as_ne)'],
    ['9', 'PD', '2020-02-16', 'first PD'],
  ])('subject %s → %s %s (%s)', (subject, response, date) => {
    expect(pick(bestOverallResponse(adrs[subject]!, ADSL[subject]!, settings))).toEqual([response, date])
  })
})

describe('admiralonco derive_param_bor (no confirmation, ref_start_window 28)', () => {
  const settings: BorSettings = { ...UNCONFIRMED, sdMinDays: 28 }
  it.each<Row>([
    ['1', 'CR', '2020-02-01', 'first CR'],
    ['2', 'CR', '2020-03-13', 'CR'],
    ['3', 'CR', '2019-11-12', 'CR on day 1 counts: no window for CR'],
    ['4', 'PR', '2020-01-01', 'PR'],
    ['5', 'PR', '2020-01-01', 'first of two PRs'],
    ['6', 'CR', '2020-02-16', 'CR; the later PR does not matter without confirmation'],
    ['7', 'CR', '2020-02-16', 'CR'],
    ['8', null, null, 'no assessment (admiralonco MISSING)'],
  ])('Test 1, subject %s → %s %s (%s)', (subject, response, date) => {
    const r = bestOverallResponse(ADRS[subject]!, ADSL[subject]!, settings)
    expect(pick(r)).toEqual([response, date])
    expect(r.confirmed).toBeNull()
  })

  it('Test 1 (subject 7 only SD, too early) → NE on the first date; adapted: dates moved on or after therapy start', () => {
    const sd = visits(['2020-02-02', 'SD'], ['2020-02-03', 'SD'], ['2020-02-04', 'SD'])
    expect(pick(bestOverallResponse(sd, ADSL['7']!, settings))).toEqual(['NE', '2020-02-02'])
  })

  it('Test 1 (subject 7 dated before TRTSDT): admiralonco CR 2020-01-02; RECIST §4.4 counts from the start of treatment, so none', () => {
    const before = visits(['2020-01-01', 'PR'], ['2020-01-02', 'CR'], ['2020-01-03', 'NE'])
    const r = bestOverallResponse(before, ADSL['7']!, settings)
    expect(pick(r)).toEqual([null, null])
    expect(r.explanation[0]).toMatch(/3 assessments dated before the start of therapy \(2020-02-02\) are not considered/)
  })

  it('Test 2 (source_pd): subject 2 with PD on 2020-03-01 → PR 2020-02-01, the later CR is not considered', () => {
    const adrs = visits(['2020-01-01', 'SD'], ['2020-02-01', 'PR'], ['2020-03-01', 'PD'], ['2020-03-13', 'CR'])
    expect(pick(bestOverallResponse(adrs, ADSL['2']!, settings))).toEqual(['PR', '2020-02-01'])
  })
})

describe('boundaries: exactly N days counts, N − 1 does not', () => {
  const START = '2020-01-01'

  it.each([
    ['CR', '2020-02-29', 'CR'], // 28 days after 2020-02-01, across the leap day
    ['CR', '2020-02-28', 'SD'], // 27 days: unconfirmed CR after the SD minimum counts as SD
    ['PR', '2020-02-29', 'PR'],
    ['PR', '2020-02-28', 'SD'],
  ] as const)('confirmationMinDays 28: %s on 2020-02-01 and again on %s → %s', (response, second, expected) => {
    const settings = { ...CONFIRMED, sdMinDays: 28 }
    const r = bestOverallResponse(visits(['2020-02-01', response], [second, response]), START, settings)
    expect(pick(r)).toEqual([expected, '2020-02-01'])
  })

  it.each([
    ['SD', '2020-02-12', 'SD'], // day 42
    ['SD', '2020-02-11', 'NE'], // day 41
    ['NON-CR/NON-PD', '2020-02-12', 'NON-CR/NON-PD'],
    ['NON-CR/NON-PD', '2020-02-11', 'NE'],
  ] as const)('sdMinDays 42 (no confirmation): %s on %s → %s', (response, date, expected) => {
    expect(pick(bestOverallResponse(visits([date, response]), START, UNCONFIRMED))).toEqual([expected, date])
  })

  it.each([
    ['2020-02-12', 'SD'],
    ['2020-02-11', 'NE'],
  ])('sdMinDays 42 (confirmation required): a lone PR on %s → %s', (date, expected) => {
    expect(pick(bestOverallResponse(visits([date, 'PR']), START, CONFIRMED))).toEqual([expected, date])
  })

  it('sdMinDays 0: SD on the day therapy starts counts; confirmationMinDays 0: the next CR confirms', () => {
    const settings = { ...CONFIRMED, sdMinDays: 0, confirmationMinDays: 0 }
    expect(pick(bestOverallResponse(visits([START, 'SD']), START, settings))).toEqual(['SD', START])
    expect(pick(bestOverallResponse(visits(['2020-01-10', 'CR'], ['2020-01-11', 'CR']), START, settings))).toEqual(['CR', '2020-01-10'])
  })

  it('an assessment on the day therapy starts is considered; one the day before is not', () => {
    expect(pick(bestOverallResponse(visits([START, 'PR']), START, UNCONFIRMED))).toEqual(['PR', START])
    expect(pick(bestOverallResponse(visits(['2019-12-31', 'PR']), START, UNCONFIRMED))).toEqual([null, null])
  })
})

describe('confirmation rules (admiralonco derive_param_confirmed_bor)', () => {
  const START = '2020-01-01'
  const settings = { ...CONFIRMED, sdMinDays: 28 }

  it.each<[string, Partial<BorSettings>, DatedResponse[], BorResponse]>([
    ['max_nr_ne 1: one NE between CRs is accepted', {}, visits(['2020-02-01', 'CR'], ['2020-02-15', 'NE'], ['2020-03-01', 'CR']), 'CR'],
    ['max_nr_ne 1: two NE between CRs are not', {}, visits(['2020-02-01', 'CR'], ['2020-02-10', 'NE'], ['2020-02-20', 'NE'], ['2020-03-01', 'CR']), 'SD'],
    ['max_nr_ne 2: two NE between CRs are accepted', { maxNeBetween: 2 }, visits(['2020-02-01', 'CR'], ['2020-02-10', 'NE'], ['2020-02-20', 'NE'], ['2020-03-01', 'CR']), 'CR'],
    ['max_nr_ne 0: one NE between PRs is not accepted', { maxNeBetween: 0 }, visits(['2020-02-01', 'PR'], ['2020-02-15', 'NE'], ['2020-03-01', 'PR']), 'SD'],
    ['accept_sd FALSE: SD between PRs breaks confirmation', {}, visits(['2020-02-01', 'PR'], ['2020-02-15', 'SD'], ['2020-03-01', 'PR']), 'SD'],
    ['accept_sd TRUE: one SD between PRs is accepted', { acceptSdBetween: true }, visits(['2020-02-01', 'PR'], ['2020-02-15', 'SD'], ['2020-03-01', 'PR']), 'PR'],
    ['accept_sd TRUE: two SD between PRs are not', { acceptSdBetween: true }, visits(['2020-02-01', 'PR'], ['2020-02-10', 'SD'], ['2020-02-20', 'SD'], ['2020-03-01', 'PR']), 'SD'],
    ['an ND between CRs breaks confirmation (only CR or NE may lie in between)', {}, visits(['2020-02-01', 'CR'], ['2020-02-15', 'ND'], ['2020-03-01', 'CR']), 'SD'],
    ['a CR confirms a PR', {}, visits(['2020-02-01', 'PR'], ['2020-03-01', 'CR']), 'PR'],
    ['a PR does not confirm a CR (and is PD after it)', {}, visits(['2020-02-01', 'CR'], ['2020-03-01', 'PR']), 'SD'],
    ['confirmation may come at any later visit, not only the next one', {}, visits(['2020-02-01', 'PR'], ['2020-02-10', 'PR'], ['2020-03-01', 'PR']), 'PR'],
    ['a PD before the confirming visit ends the series', {}, visits(['2020-02-01', 'PR'], ['2020-02-15', 'PD'], ['2020-03-01', 'PR']), 'SD'],
  ])('%s', (_name, overrides, adrs, expected) => {
    const r = bestOverallResponse(adrs, START, { ...settings, ...overrides })
    expect(pick(r)).toEqual([expected, '2020-02-01'])
    expect(r.confirmed).toBe(expected === 'CR' || expected === 'PR' ? true : null)
  })

  it('explains the confirmation with dates and day counts', () => {
    const r = bestOverallResponse(ADRS['1']!, ADSL['1']!, settings)
    expect(r.explanation).toContain('CR on 2020-02-01 is confirmed by CR on 2020-03-01, 29 days later (at least 28 needed), with 1 NE in between (at most 1 allowed).')
    expect(r.explanation).toContain('SD on 2020-04-01 follows CR on 2020-02-01: disease seen after a CR counts as PD (RECIST 1.1 Table 3, footnote). If that CR was not a true CR, correct it to PR and the best response may be PR.')
    expect(r.explanation.at(-1)).toBe('Best overall response CR (confirmed): CR on 2020-02-01, 31 days after the start of therapy.')
  })
})

describe('ranking and the assessments considered', () => {
  const START = '2020-01-01'

  it.each<[string, BorSettings, DatedResponse[], BorResponse, string]>([
    ['CR beats PR (no confirmation)', UNCONFIRMED, visits(['2020-03-01', 'PR'], ['2020-04-01', 'CR']), 'CR', '2020-04-01'],
    ['a PR before the SD minimum still counts (no confirmation)', UNCONFIRMED, visits(['2020-01-10', 'PR'], ['2020-03-01', 'SD']), 'PR', '2020-01-10'],
    ['SD beats NON-CR/NON-PD', UNCONFIRMED, visits(['2020-03-01', 'NON-CR/NON-PD'], ['2020-04-01', 'SD']), 'SD', '2020-04-01'],
    ['NON-CR/NON-PD beats PD', UNCONFIRMED, visits(['2020-03-01', 'NON-CR/NON-PD'], ['2020-04-01', 'PD']), 'NON-CR/NON-PD', '2020-03-01'],
    ['PD beats NE', UNCONFIRMED, visits(['2020-03-01', 'NE'], ['2020-04-01', 'PD']), 'PD', '2020-04-01'],
    ['NE beats ND', UNCONFIRMED, visits(['2020-03-01', 'ND'], ['2020-04-01', 'NE']), 'NE', '2020-04-01'],
    ['only ND gives ND', UNCONFIRMED, visits(['2020-03-01', 'ND'], ['2020-04-01', 'ND']), 'ND', '2020-03-01'],
    ['among equals the earliest wins', UNCONFIRMED, visits(['2020-03-01', 'SD'], ['2020-04-01', 'PR'], ['2020-05-01', 'PR']), 'PR', '2020-04-01'],
    ['SD too short, then PD: PD (RECIST §4.4)', UNCONFIRMED, visits(['2020-01-20', 'SD'], ['2020-03-01', 'PD']), 'PD', '2020-03-01'],
    ['SD too short, then NE: NE (RECIST §4.4)', UNCONFIRMED, visits(['2020-01-20', 'SD'], ['2020-03-01', 'NE']), 'NE', '2020-01-20'],
    ['nothing after the first PD counts (no confirmation)', UNCONFIRMED, visits(['2020-01-20', 'SD'], ['2020-02-01', 'PD'], ['2020-03-01', 'CR']), 'PD', '2020-02-01'],
    ['NON-CR/NON-PD after a CR is PD too (confirmation required)', CONFIRMED, visits(['2020-01-20', 'CR'], ['2020-03-01', 'NON-CR/NON-PD']), 'PD', '2020-03-01'],
    ['an NE after a CR is not disease: CR, NE, CR confirms', CONFIRMED, visits(['2020-01-20', 'CR'], ['2020-02-10', 'NE'], ['2020-03-01', 'CR']), 'CR', '2020-01-20'],
  ])('%s', (_name, settings, adrs, response, date) => {
    expect(pick(bestOverallResponse(adrs, START, settings))).toEqual([response, date])
  })

  it('input order does not matter', () => {
    for (const subject of Object.keys(ADRS)) {
      const adrs = ADRS[subject]!
      const forward = bestOverallResponse(adrs, ADSL[subject]!, CONFIRMED)
      const backward = bestOverallResponse([...adrs].reverse(), ADSL[subject]!, CONFIRMED)
      const shuffled = bestOverallResponse([...adrs.slice(1), ...adrs.slice(0, 1)], ADSL[subject]!, CONFIRMED)
      expect(backward).toEqual(forward)
      expect(shuffled).toEqual(forward)
    }
  })

  it('passes the id of the assessment that gives the BOR through', () => {
    const adrs: DatedResponse[] = [
      { date: '2020-03-01', response: 'PR', id: 't1' },
      { date: '2020-04-01', response: 'PR', id: 't2' },
    ]
    expect(bestOverallResponse(adrs, START, CONFIRMED)).toMatchObject({ response: 'PR', date: '2020-03-01', id: 't1', confirmed: true })
    expect(bestOverallResponse(visits(['2020-03-01', 'PR']), START, CONFIRMED)).toMatchObject({ response: 'SD', id: null, confirmed: null })
  })

  it('confirmed is null when confirmation is not required', () => {
    expect(bestOverallResponse(visits(['2020-03-01', 'CR']), START, UNCONFIRMED)).toMatchObject({ response: 'CR', confirmed: null })
  })

  it('no assessment: response, date, id and confirmed are null, and the explanation says why', () => {
    const r = bestOverallResponse([], START, CONFIRMED)
    // The explanation is written when read (criteria/shared/lazy.ts): JSON shows the whole result.
    expect(JSON.parse(JSON.stringify(r))).toEqual({ response: null, date: null, id: null, confirmed: null, explanation: ['There is no assessment to rank, so there is no best overall response.'] })
  })

  it('explains an SD with its day count and the SD minimum', () => {
    const r = bestOverallResponse(ADRS['2']!, ADSL['2']!, { ...CONFIRMED, sdMinDays: 28 })
    expect(r.explanation).toContain('PR on 2020-02-01 is not confirmed by CR on 2020-03-13: 1 SD in between, none allowed.')
    expect(r.explanation.at(-1)).toBe(
      'Best overall response SD: PR on 2020-02-01 (an unconfirmed PR counts as SD), 51 days after the start of therapy; SD needs at least 28 days, i.e. on or after 2020-01-09.',
    )
  })
})

/**
 * Issue #10 item 8: the same admiralonco tests under the `admiralonco` preset (responses as
 * recorded, assessments before therapyStart and after the first PD kept), which must give
 * admiralonco's own expected values; source_pd is the caller's cut, applied here as admiralonco's
 * filter_pd does (assessments on or before the PD date).
 */
const ADMIRALONCO = BOR_PRESETS.admiralonco
const cutAt = (adrs: readonly DatedResponse[], pdDate: string) => adrs.filter((v) => v.date <= pdDate)

describe('admiralonco preset: derive_param_confirmed_bor Test 1 gives admiralonco\'s expected CBOR', () => {
  const settings: BorSettings = { ...CONFIRMED, sdMinDays: 28, readings: ADMIRALONCO }
  it.each<Row>([
    ['1', 'CR', '2020-02-01', 'CR confirmed'],
    ['2', 'SD', '2020-02-01', 'PR not confirmed'],
    ['3', 'SD', '2020-01-01', 'the SD after the CR is taken as recorded'],
    ['4', 'SD', '2020-03-01', 'PR not confirmed'],
    ['5', 'NON-CR/NON-PD', '2020-05-15', 'NON-CR/NON-PD'],
    ['6', 'SD', '2020-03-30', 'the PR after the CR is taken as recorded (and blocks the first PR\'s confirmation)'],
    ['7', 'NE', '2020-02-06', 'unconfirmed and too early'],
    ['8', null, null, 'MISSING'],
  ])('subject %s → %s %s (%s)', (subject, response, date) => {
    expect(pick(bestOverallResponse(ADRS[subject]!, ADSL[subject]!, settings))).toEqual([response, date])
  })
  it('subject 9 with source_pd (cut at 2020-02-16) → PD 2020-02-16', () => {
    expect(pick(bestOverallResponse(cutAt(ADRS['9']!, '2020-02-16'), ADSL['9']!, settings))).toEqual(['PD', '2020-02-16'])
  })
  it('subject 9 without source_pd: the SD after the PD is kept, SD 2020-03-06, and the explanation says to cut at progression', () => {
    const r = bestOverallResponse(ADRS['9']!, ADSL['9']!, settings)
    expect(pick(r)).toEqual(['SD', '2020-03-06'])
    expect(r.explanation.join(' ')).toMatch(/Assessments after the first PD are kept \(afterFirstPd keep/)
  })
  it('subject 3: the explanation says the SD after the CR was taken as recorded', () => {
    expect(bestOverallResponse(ADRS['3']!, ADSL['3']!, settings).explanation.join(' ')).toMatch(/after a CR is taken as recorded \(responseAfterCr as_recorded/)
  })
})

describe('admiralonco preset: derive_param_confirmed_bor Test 2 gives admiralonco\'s expected CBOR', () => {
  const settings: BorSettings = { ...CONFIRMED, sdMinDays: 28, confirmationMinDays: 14, maxNeBetween: 0, acceptSdBetween: true, readings: ADMIRALONCO }
  const adrs: Record<string, DatedResponse[]> = { ...ADRS, '7': visits(['2020-04-02', 'ND']), '9': cutAt(ADRS['9']!, '2020-02-16') }
  it.each<Row>([
    ['1', 'PR', '2020-01-01', 'PR confirmed by CR'],
    ['2', 'PR', '2020-02-01', 'one SD accepted'],
    ['3', 'CR', '2019-11-12', 'CR confirmed 20 days later'],
    ['4', 'SD', '2020-03-01', 'two SD too many'],
    ['5', 'PR', '2020-01-01', 'one SD accepted'],
    ['6', 'SD', '2020-03-30', 'PR after CR as recorded'],
    ['7', 'ND', '2020-04-02', 'only ND'],
    ['8', null, null, 'no assessment (admiralonco NE with missing_as_ne: a subject-level choice Caliper has no counterpart for)'],
    ['9', 'PD', '2020-02-16', 'cut at source_pd'],
  ])('subject %s → %s %s (%s)', (subject, response, date) => {
    expect(pick(bestOverallResponse(adrs[subject]!, ADSL[subject]!, settings))).toEqual([response, date])
  })
})

describe('admiralonco preset: derive_param_bor Tests 1 and 2 give admiralonco\'s expected BOR', () => {
  const settings: BorSettings = { ...UNCONFIRMED, sdMinDays: 28, readings: ADMIRALONCO }
  it.each<Row>([
    ['1', 'CR', '2020-02-01', ''],
    ['2', 'CR', '2020-03-13', ''],
    ['3', 'CR', '2019-11-12', ''],
    ['4', 'PR', '2020-01-01', ''],
    ['5', 'PR', '2020-01-01', ''],
    ['6', 'CR', '2020-02-16', ''],
    ['7', 'CR', '2020-02-16', ''],
    ['8', null, null, 'MISSING'],
  ])('Test 1, subject %s → %s %s %s', (subject, response, date) => {
    expect(pick(bestOverallResponse(ADRS[subject]!, ADSL[subject]!, settings))).toEqual([response, date])
  })
  it('Test 1 (subject 7 dated before TRTSDT 2020-02-02): assessments before therapy start are kept, CR 2020-01-02', () => {
    const before = visits(['2020-01-01', 'PR'], ['2020-01-02', 'CR'], ['2020-01-03', 'NE'])
    const r = bestOverallResponse(before, ADSL['7']!, settings)
    expect(pick(r)).toEqual(['CR', '2020-01-02'])
    expect(r.explanation[0]).toMatch(/before the start of therapy \(2020-02-02\) are kept/)
  })
  it('Test 1 (subject 7 only SD before TRTSDT): too early for SD, NE 2020-01-01', () => {
    const before = visits(['2020-01-01', 'SD'], ['2020-01-02', 'SD'], ['2020-01-03', 'SD'])
    expect(pick(bestOverallResponse(before, ADSL['7']!, settings))).toEqual(['NE', '2020-01-01'])
  })
  it('Test 2 (source_pd): subject 2 cut at 2020-03-01 → PR 2020-02-01; subject 6 cut at 2020-02-05 → MISSING', () => {
    expect(pick(bestOverallResponse(cutAt(ADRS['2']!, '2020-03-01'), ADSL['2']!, settings))).toEqual(['PR', '2020-02-01'])
    expect(pick(bestOverallResponse(cutAt(ADRS['6']!, '2020-02-05'), ADSL['6']!, settings))).toEqual([null, null])
  })
})

describe('BOR readings one by one (issue #10; RECIST 1.1 default vs admiralonco)', () => {
  const settings = (readings: BorSettings['readings']): BorSettings => ({ ...CONFIRMED, sdMinDays: 28, readings })
  it.each([
    ['responseAfterCr pd (RECIST 1.1 Table 3 footnote): CR, CR 20 days later, SD → PD', { responseAfterCr: 'pd' as const }, 'PD'],
    ['responseAfterCr as_recorded (admiralonco): CR, CR 20 days later, SD → SD', { responseAfterCr: 'as_recorded' as const }, 'SD'],
  ])('%s', (_name, readings, expected) => {
    expect(bestOverallResponse(ADRS['3']!, ADSL['3']!, settings(readings)).response).toBe(expected)
  })
  it.each([
    ['beforeTherapyStart drop (RECIST 1.1 §4.4): a PR the day before therapy start is not considered', { beforeTherapyStart: 'drop' as const }, '2019-12-31', null],
    ['beforeTherapyStart keep (admiralonco): a PR the day before therapy start counts', { beforeTherapyStart: 'keep' as const }, '2019-12-31', 'PR'],
    ['beforeTherapyStart drop: a PR on the day therapy starts counts', { beforeTherapyStart: 'drop' as const }, '2020-01-01', 'PR'],
  ])('%s', (_name, readings, date, expected) => {
    expect(bestOverallResponse(visits([date, 'PR']), '2020-01-01', { ...UNCONFIRMED, readings }).response).toBe(expected)
  })
  it.each([
    ['afterFirstPd drop (RECIST 1.1 §4.4): SD after the PD is not considered → PD', { afterFirstPd: 'drop' as const }, 'PD'],
    ['afterFirstPd keep (admiralonco without source_pd): SD after the PD outranks it → SD', { afterFirstPd: 'keep' as const }, 'SD'],
  ])('%s', (_name, readings, expected) => {
    expect(bestOverallResponse(ADRS['9']!, ADSL['9']!, settings(readings)).response).toBe(expected)
  })
  it('seriesBorSettings: settings.preset admiralonco sets all three; one set by hand wins; --preset replaces the file\'s preset', () => {
    const base = { confirmation: 'required' as const, confirmationMinDays: 28, sdMinDays: 28, maxNeBetween: 1, acceptSdBetween: false }
    expect(seriesBorSettings({ ...base }).readings).toEqual(BOR_PRESETS.recist)
    expect(seriesBorSettings({ ...base, preset: 'admiralonco' }).readings).toEqual(BOR_PRESETS.admiralonco)
    expect(seriesBorSettings({ ...base, preset: 'admiralonco', afterFirstPd: 'drop' }).readings).toEqual({ ...BOR_PRESETS.admiralonco, afterFirstPd: 'drop' })
    expect(seriesBorSettings({ ...base, preset: 'admiralonco' }, 'recist').readings).toEqual(BOR_PRESETS.recist)
    expect(seriesBorSettings({ ...base }, 'admiralonco').readings).toEqual(BOR_PRESETS.admiralonco)
  })
})
