/**
 * CDISC SDTM tumour domains of one case, as CSV: TU (tumour/lesion identification), TR (tumour/
 * lesion results) and RS (disease response).
 *
 * Variable names and order: SDTMIG v3.3, domain specification tables TU, TR and RS (order as
 * listed in CDISC's SDTMIG 3.3 specifications, cross-checked against the SDTMIG 3.2/3.3 tables
 * reproduced at clinedc.com and mycsg.in, and against the TU/TR/RS datasets of the pharmaverse
 * package pharmaversesdtm: tu_onco, tr_onco, rs_onco). Only the variables Caliper can fill are
 * written (Required and Expected ones always, Permissible ones when used), in the IG's relative
 * order: SDTM lets permissible variables be left out, never reordered.
 *
 * Controlled terminology used (CDISC CT): TUTESTCD TUMIDENT; TUORRES TARGET / NON-TARGET / NEW;
 * TRTESTCD LDIAM (Longest Diameter), SAXIS (Short Axis), SUMDIAM (Sum of Diameters), TUMSTATE
 * (Tumor State); RSTESTCD TRGRESP, NTRGRESP, NEWLIND, OVRLRESP, BESTRESP; units mm. Sponsor
 * extensions (the codelists are extensible): TRTESTCD ATTEN (Attenuation, HU) for the CT
 * attenuation Choi-type criteria use, and the TUMSTATE result EQUIVOCAL for an equivocal new lesion.
 *
 * Research measures (issue #14; test codes to check with CDISC are listed in
 * docs/case-format-additions.md): TR VOLUME (mL, segmented), THIRDAX (third axis, mm), KTRANS
 * (/min), IAUC60 (mmol.s/L) per lesion and SUMVOL per volumetric timepoint; an LB dataset, only
 * when the case has blood biomarkers: VEGFA, VEGFB, PLGF (pg/mL), CEC (/mL), NEUT and LYM
 * (10^9/L) as collected, and NEUTLYM (the ratio) derived (LBDRVFL Y).
 */
import { biomarkerSeries, daysBetween, timepointsInOrder, type BiomarkerTest, type Case, type CriterionResult, type Evaluation, type Lesion, type Timepoint } from '../../criteria/index.ts'
import { toCsv, type Cell } from './csv.ts'

/** The full SDTMIG v3.3 variable order of each domain (the excerpt Caliper needs to order its subset). */
export const SDTMIG_ORDER = {
  TU: ['STUDYID', 'DOMAIN', 'USUBJID', 'TUSEQ', 'TUGRPID', 'TUREFID', 'TUSPID', 'TULNKID', 'TULNKGRP', 'TUTESTCD', 'TUTEST', 'TUORRES', 'TUSTRESC', 'TUNAM', 'TULOC', 'TULAT', 'TUDIR', 'TUPORTOT', 'TUMETHOD', 'TUEVAL', 'TUEVALID', 'TUACPTFL', 'VISITNUM', 'VISIT', 'VISITDY', 'TAETORD', 'EPOCH', 'TUDTC', 'TUDY'],
  TR: ['STUDYID', 'DOMAIN', 'USUBJID', 'TRSEQ', 'TRGRPID', 'TRREFID', 'TRSPID', 'TRLNKID', 'TRLNKGRP', 'TRTESTCD', 'TRTEST', 'TRORRES', 'TRORRESU', 'TRSTRESC', 'TRSTRESN', 'TRSTRESU', 'TRSTAT', 'TRREASND', 'TRNAM', 'TRMETHOD', 'TREVAL', 'TREVALID', 'TRACPTFL', 'VISITNUM', 'VISIT', 'VISITDY', 'TAETORD', 'EPOCH', 'TRDTC', 'TRDY'],
  RS: ['STUDYID', 'DOMAIN', 'USUBJID', 'RSSEQ', 'RSGRPID', 'RSREFID', 'RSSPID', 'RSLNKID', 'RSLNKGRP', 'RSTESTCD', 'RSTEST', 'RSCAT', 'RSORRES', 'RSSTRESC', 'RSSTAT', 'RSREASND', 'RSNAM', 'RSEVAL', 'RSEVALID', 'RSACPTFL', 'VISITNUM', 'VISIT', 'VISITDY', 'TAETORD', 'EPOCH', 'RSDTC', 'RSDY'],
} as const

/** The variables Caliper writes, in SDTMIG order. */
export const TU_VARIABLES = ['STUDYID', 'DOMAIN', 'USUBJID', 'TUSEQ', 'TULNKID', 'TUTESTCD', 'TUTEST', 'TUORRES', 'TUSTRESC', 'TULOC', 'TUMETHOD', 'TUEVAL', 'VISITNUM', 'VISIT', 'TUDTC', 'TUDY'] as const
export const TR_VARIABLES = ['STUDYID', 'DOMAIN', 'USUBJID', 'TRSEQ', 'TRGRPID', 'TRSPID', 'TRLNKID', 'TRLNKGRP', 'TRTESTCD', 'TRTEST', 'TRORRES', 'TRORRESU', 'TRSTRESC', 'TRSTRESN', 'TRSTRESU', 'TRSTAT', 'TRREASND', 'TRMETHOD', 'TREVAL', 'VISITNUM', 'VISIT', 'TRDTC', 'TRDY'] as const
/** LB (Laboratory Test Results), SDTMIG v3.3 order, the variables Caliper fills. */
export const LB_VARIABLES = ['STUDYID', 'DOMAIN', 'USUBJID', 'LBSEQ', 'LBTESTCD', 'LBTEST', 'LBCAT', 'LBORRES', 'LBORRESU', 'LBSTRESC', 'LBSTRESN', 'LBSTRESU', 'LBSPEC', 'LBDRVFL', 'VISITNUM', 'VISIT', 'LBDTC', 'LBDY'] as const
export const RS_VARIABLES = ['STUDYID', 'DOMAIN', 'USUBJID', 'RSSEQ', 'RSLNKGRP', 'RSTESTCD', 'RSTEST', 'RSCAT', 'RSORRES', 'RSSTRESC', 'RSSTAT', 'RSREASND', 'RSEVAL', 'VISITNUM', 'VISIT', 'RSDTC', 'RSDY'] as const

export interface Dataset {
  domain: 'TU' | 'TR' | 'RS' | 'LB'
  variables: readonly string[]
  records: Record<string, Cell>[]
}

/** STUDYID when the user names none: the app's Documents and Export screens, `caliper export` and the server's export. */
export const DEFAULT_STUDY_ID = 'CALIPER'

export interface SdtmOptions {
  /** STUDYID. */
  studyId: string
  /** USUBJID; @default `${studyId}-${patient id}` */
  usubjid?: string
}

/** CDISC "Method of Test or Evaluation" terms for the case format's modalities. */
export const METHOD_OF: Record<Timepoint['modality'], string> = {
  CT: 'CT SCAN',
  MRI: 'MRI',
  'PET-CT': 'PET/CT SCAN',
  'X-ray': 'X-RAY',
  clinical: 'PHYSICAL EXAMINATION',
}

/** RSCAT: the criterion, as CDISC's response-criteria category terms write it; others: the name, upper case, without attributions in parentheses. */
export const RSCAT_OF: Readonly<Record<string, string>> = { recist11: 'RECIST 1.1', irecist: 'IRECIST', choi: 'CHOI', mchoi: 'MODIFIED CHOI', who: 'WHO', percist: 'PERCIST' }
export const rsCategory = (r: Pick<CriterionResult, 'criterion' | 'name'>) => RSCAT_OF[r.criterion] ?? r.name.replace(/\s*\([^)]*\)/g, '').trim().toUpperCase()

const TUMSTATE_OF = { present: 'PRESENT', absent: 'ABSENT', 'unequivocal-progression': 'UNEQUIVOCAL PROGRESSION' } as const

/** SDTM study day: date − reference (+1 on or after it: there is no day 0); null without a reference. */
export function studyDay(date: string, reference: string | undefined): number | null {
  if (!reference) return null
  const diff = daysBetween(reference, date)
  return diff >= 0 ? diff + 1 : diff
}

/** LBTESTCD, LBTEST and CDISC unit of each blood biomarker (issue #14). */
export const LB_TEST_OF: Record<BiomarkerTest | 'NLR', { testcd: string; test: string; unit: string }> = {
  'VEGF-A': { testcd: 'VEGFA', test: 'Vascular Endothelial Growth Factor A', unit: 'pg/mL' },
  'VEGF-B': { testcd: 'VEGFB', test: 'Vascular Endothelial Growth Factor B', unit: 'pg/mL' },
  PlGF: { testcd: 'PLGF', test: 'Placental Growth Factor', unit: 'pg/mL' },
  CEC: { testcd: 'CEC', test: 'Circulating Endothelial Cells', unit: '/mL' },
  neutrophils: { testcd: 'NEUT', test: 'Neutrophils', unit: '10^9/L' },
  lymphocytes: { testcd: 'LYM', test: 'Lymphocytes', unit: '10^9/L' },
  NLR: { testcd: 'NEUTLYM', test: 'Neutrophils/Lymphocytes', unit: 'RATIO' },
}

/** TU, TR and RS for one case and its evaluation (and LB when it has blood biomarkers). RFSTDTC (for --DY) is the case's therapyStart. */
export function sdtmDatasets(kase: Case, evaluation: Evaluation, options: SdtmOptions): { TU: Dataset; TR: Dataset; RS: Dataset; LB?: Dataset } {
  const usubjid = options.usubjid ?? `${options.studyId}-${kase.patient.id}`
  const ordered = timepointsInOrder(kase)
  const visit = new Map(ordered.map((t, i) => [t.id, { t, num: i + 1 }]))
  const evaluator = (timepointId: string) => kase.signOffs?.find((s) => s.timepoint === timepointId)?.role.toUpperCase() ?? null
  const timing = (prefix: 'TU' | 'TR' | 'RS', timepointId: string) => {
    const v = visit.get(timepointId)!
    return { VISITNUM: v.num, VISIT: v.t.label ?? v.t.id, [`${prefix}DTC`]: v.t.date, [`${prefix}DY`]: studyDay(v.t.date, kase.therapyStart) }
  }
  const id = (domain: string) => ({ STUDYID: options.studyId, DOMAIN: domain, USUBJID: usubjid })

  // TU: each lesion where it was first assessed (baseline for targets and non-targets), then each new lesion.
  const tu: Record<string, Cell>[] = []
  const firstSeen = (lesion: Lesion) =>
    [...lesion.assessments].sort((a, b) => visit.get(a.timepoint)!.num - visit.get(b.timepoint)!.num)[0]?.timepoint ?? ordered[0]!.id
  for (const lesion of kase.lesions) {
    const at = firstSeen(lesion)
    const result = lesion.role === 'target' ? 'TARGET' : 'NON-TARGET'
    tu.push({ ...id('TU'), TULNKID: lesion.id, TUTESTCD: 'TUMIDENT', TUTEST: 'Tumor Identification', TUORRES: result, TUSTRESC: result, TULOC: lesion.organ.toUpperCase(), TUMETHOD: METHOD_OF[visit.get(at)!.t.modality], TUEVAL: evaluator(at), ...timing('TU', at) })
  }
  const newLinkId = (i: number) => `NEW${String(i + 1).padStart(2, '0')}`
  kase.newLesions.forEach((n, i) => {
    tu.push({ ...id('TU'), TULNKID: newLinkId(i), TUTESTCD: 'TUMIDENT', TUTEST: 'Tumor Identification', TUORRES: 'NEW', TUSTRESC: 'NEW', TULOC: n.organ.toUpperCase(), TUMETHOD: METHOD_OF[visit.get(n.timepoint)!.t.modality], TUEVAL: evaluator(n.timepoint), ...timing('TU', n.timepoint) })
  })

  // TR: each lesion's measurements at each visit, new-lesion states, and each criterion's sum of diameters.
  const tr: Record<string, Cell>[] = []
  const measure = (base: Record<string, Cell>, testcd: string, test: string, value: number | string, unit: string | null, standard?: number) =>
    tr.push({
      ...base,
      TRTESTCD: testcd,
      TRTEST: test,
      // Numbers stay numbers (a -50 HU attenuation is written -50, never formula-neutralised).
      TRORRES: value,
      TRORRESU: unit,
      TRSTRESC: standard ?? value,
      TRSTRESN: standard ?? (typeof value === 'number' ? value : null),
      TRSTRESU: unit,
    })
  const notDone = (base: Record<string, Cell>, testcd: string, test: string, reason: string) =>
    tr.push({ ...base, TRTESTCD: testcd, TRTEST: test, TRSTAT: 'NOT DONE', TRREASND: reason })
  for (const t of ordered) {
    for (const lesion of kase.lesions) {
      const a = lesion.assessments.find((x) => x.timepoint === t.id)
      if (!a) continue
      const base = { ...id('TR'), TRGRPID: lesion.role === 'target' ? 'TARGET' : 'NON-TARGET', TRLNKID: lesion.id, TRLNKGRP: t.id, TRMETHOD: METHOD_OF[t.modality], TREVAL: evaluator(t.id), ...timing('TR', t.id) }
      // Research measures (issue #14): collected values only; the ellipsoid estimate is derived and stays out.
      if (a.volumeMl !== undefined) measure(base, 'VOLUME', 'Volume', a.volumeMl, 'mL')
      if (a.thirdAxisMm !== undefined) measure(base, 'THIRDAX', 'Third Axis', a.thirdAxisMm, 'mm')
      if (a.ktrans !== undefined) measure(base, 'KTRANS', 'Volume Transfer Constant', a.ktrans, '/min')
      if (a.iauc60 !== undefined) measure(base, 'IAUC60', 'Initial Area Under Gadolinium Curve 60s', a.iauc60, 'mmol.s/L')
      if (lesion.role === 'non-target') {
        if (a.status === 'not-evaluated') notDone(base, 'TUMSTATE', 'Tumor State', 'NOT EVALUATED')
        else {
          const state = TUMSTATE_OF[a.status as keyof typeof TUMSTATE_OF]
          tr.push({ ...base, TRTESTCD: 'TUMSTATE', TRTEST: 'Tumor State', TRORRES: state, TRSTRESC: state })
        }
        continue
      }
      // RECIST 1.1 measures nodes by short axis, everything else by longest diameter.
      const node = lesion.kind === 'lymph-node'
      const [primaryCd, primaryTest] = node ? ['SAXIS', 'Short Axis'] : ['LDIAM', 'Longest Diameter']
      if (a.status === 'not-evaluated') notDone(base, primaryCd, primaryTest, 'NOT EVALUATED')
      else if (a.status === 'too-small') measure(base, primaryCd, primaryTest, 'TOO SMALL TO MEASURE', 'mm', 5) // RECIST 1.1 §4.3.2: counts as 5 mm
      else if (a.status === 'absent') {
        measure(base, primaryCd, primaryTest, 0, 'mm')
        tr.push({ ...base, TRTESTCD: 'TUMSTATE', TRTEST: 'Tumor State', TRORRES: 'ABSENT', TRSTRESC: 'ABSENT' })
      } else {
        const ld = a.fragmentsMm ? a.fragmentsMm.reduce((s, x) => s + x, 0) : a.longAxisMm
        if (ld !== undefined) measure(base, 'LDIAM', 'Longest Diameter', Math.round(ld * 100) / 100, 'mm')
        if (a.shortAxisMm !== undefined) measure(base, 'SAXIS', 'Short Axis', a.shortAxisMm, 'mm')
      }
      if (a.attenuationHu !== undefined) measure(base, 'ATTEN', 'Attenuation', a.attenuationHu, 'HU')
    }
    kase.newLesions.forEach((n, i) => {
      if (n.timepoint !== t.id) return
      const state = n.equivocal ? 'EQUIVOCAL' : 'PRESENT'
      tr.push({ ...id('TR'), TRGRPID: 'NEW', TRLNKID: newLinkId(i), TRLNKGRP: t.id, TRTESTCD: 'TUMSTATE', TRTEST: 'Tumor State', TRORRES: state, TRSTRESC: state, TRMETHOD: METHOD_OF[t.modality], TREVAL: evaluator(t.id), ...timing('TR', t.id) })
    })
    for (const r of evaluation.results) sumRecord(r, t, ordered[0]!.id)
  }
  function sumRecord(r: CriterionResult, t: Timepoint, baselineId: string) {
    const base = { ...id('TR'), TRGRPID: 'TARGET', TRSPID: r.criterion, TRLNKGRP: t.id, TRMETHOD: METHOD_OF[t.modality], TREVAL: evaluator(t.id), ...timing('TR', t.id) }
    const result = r.timepoints.find((x) => x.timepoint === t.id)
    // The volumetric criterion sums volumes (issue #14), not diameters.
    if (r.criterion === 'volumetric') {
      const volume = t.id === baselineId ? r.timepoints[0]?.volume?.baselineMl : result?.volume && (result.sumComplete ? result.volume.sumMl : null)
      if (volume === null) notDone(base, 'SUMVOL', 'Sum of Volumes', 'NOT ALL TARGET LESIONS EVALUATED')
      else if (volume !== undefined) measure(base, 'SUMVOL', 'Sum of Volumes', volume, 'mL')
      return
    }
    const sum = t.id === baselineId ? (r.timepoints[0]?.baselineSumMm ?? null) : result ? (result.sumComplete ? result.sumMm : null) : undefined
    if (sum === undefined) return
    if (sum === null) notDone(base, 'SUMDIAM', 'Sum of Diameters', 'NOT ALL TARGET LESIONS EVALUATED')
    else measure(base, 'SUMDIAM', 'Sum of Diameters', sum, 'mm')
  }

  // RS: per criterion, each follow-up's target, non-target, new-lesion and overall response, then the best overall response.
  const rs: Record<string, Cell>[] = []
  for (const r of evaluation.results) {
    const category = rsCategory(r)
    for (const t of r.timepoints) {
      const base = { ...id('RS'), RSLNKGRP: t.timepoint, RSCAT: category, RSEVAL: evaluator(t.timepoint), ...timing('RS', t.timepoint) }
      const result = (testcd: string, test: string, value: string) => rs.push({ ...base, RSTESTCD: testcd, RSTEST: test, RSORRES: value, RSSTRESC: value })
      if (t.targetResponse !== null) result('TRGRESP', 'Target Response', t.targetResponse)
      if (t.nonTargetResponse !== null) result('NTRGRESP', 'Non-target Response', t.nonTargetResponse)
      result('NEWLIND', 'New Lesion Indicator', t.newLesion ? 'Y' : 'N')
      result('OVRLRESP', 'Overall Response', t.response)
    }
    const best = r.best
    const bestBase = { ...id('RS'), RSTESTCD: 'BESTRESP', RSTEST: 'Best Overall Response', RSCAT: category, RSDTC: best.date, RSDY: best.date ? studyDay(best.date, kase.therapyStart) : null }
    if (best.response === null) rs.push({ ...bestBase, RSSTAT: 'NOT DONE', RSREASND: r.notApplicable ? 'CRITERION NOT APPLICABLE' : 'NO ASSESSMENT TO RANK' })
    else rs.push({ ...bestBase, RSORRES: best.response, RSSTRESC: best.response })
  }

  // LB: each blood biomarker value as collected, then the neutrophil-to-lymphocyte ratio (derived), in date order.
  const visitOnDate = new Map(ordered.map((t) => [t.date, visit.get(t.id)!]))
  const lb = biomarkerSeries(kase).flatMap((series) =>
    series.points.map((p) => {
      const { testcd, test, unit } = LB_TEST_OF[series.test]
      const v = visitOnDate.get(p.date)
      // Numbers stay numbers, as in TR.
      return { ...id('LB'), LBTESTCD: testcd, LBTEST: test, LBCAT: 'BIOMARKERS', LBORRES: p.value, LBORRESU: unit, LBSTRESC: p.value, LBSTRESN: p.value, LBSTRESU: unit, LBSPEC: series.test === 'neutrophils' || series.test === 'lymphocytes' || series.test === 'NLR' || series.test === 'CEC' ? 'BLOOD' : 'PLASMA', LBDRVFL: series.test === 'NLR' ? 'Y' : null, VISITNUM: v?.num ?? null, VISIT: v ? (v.t.label ?? v.t.id) : null, LBDTC: p.date, LBDY: studyDay(p.date, kase.therapyStart) }
    }),
  ).sort((a, b) => (a.LBDTC < b.LBDTC ? -1 : a.LBDTC > b.LBDTC ? 1 : 0))

  const numbered = (prefix: string, records: Record<string, Cell>[]) => records.map((rec, i) => ({ ...rec, [`${prefix}SEQ`]: i + 1 }))
  return {
    TU: { domain: 'TU', variables: TU_VARIABLES, records: numbered('TU', tu) },
    TR: { domain: 'TR', variables: TR_VARIABLES, records: numbered('TR', tr) },
    RS: { domain: 'RS', variables: RS_VARIABLES, records: numbered('RS', rs) },
    ...(lb.length ? { LB: { domain: 'LB' as const, variables: LB_VARIABLES, records: numbered('LB', lb) } } : {}),
  }
}

/** The datasets to write, in order: TU, TR, RS, and LB when there is one. */
export const sdtmDatasetList = (sets: ReturnType<typeof sdtmDatasets>): Dataset[] => [sets.TU, sets.TR, sets.RS, ...(sets.LB ? [sets.LB] : [])]

/** A dataset as CSV (RFC 4180, text cells formula-neutralised; see csv.ts). */
export const datasetCsv = (dataset: Dataset) => toCsv(dataset.variables, dataset.records)
