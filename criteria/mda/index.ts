/**
 * MD Anderson (MDA) bone response criteria — Hamaoka T, Madewell JE, Podoloff DA, Hortobagyi GN,
 * Ueno NT. Bone imaging in metastatic breast cancer. J Clin Oncol 2004;22(14):2942-53; in the
 * quantitative form reviewed by Costelloe CM, Chuang HH, Madewell JE, Ueno NT. Cancer response
 * criteria and bone metastases: RECIST 1.1, MDA and PERCIST. J Cancer 2010;1:80-92.
 * doi:10.7150/jca.1.80. Spec §5.
 *
 * The qualitative categories were checked against Hayashi N et al. Clin Breast Cancer
 * 2013;13:24-30, Table 1 (PMC3863546) and the medicalalgorithms.com transcription of Hamaoka
 * 2004 (secondary). The quantitative thresholds (PR ≥ 50 %, PD ≥ 25 % of bidimensional products)
 * could not be checked against Costelloe 2010 (Hayashi's MDA column gives no numbers): status
 * provisional (docs/verification.md).
 *
 * Osteosarcoma and other matrix-producing bone sarcomas: not applicable (spec §5.5). The tumour
 * makes the mineral, so "sclerosis = healing" has no defined direction; no category is given.
 */
import { z } from 'zod'
import { choice } from '../shared/choice.ts'
import type { Assessment, BoneFinding, Case, Lesion } from '../case-schema.ts'
import { defineCriterion, type CriterionEvaluation, type Response, type TimepointResult } from '../define-criterion.ts'
import { classifyBidimensional, setProductFigures } from '../shared/bidimensional.ts'
import { bestOfCase } from '../shared/case-best.ts'
import { describeNewLesions, hasNewLesion, lesionLabel, newLesionsByTimepoint, timepointResult, viewCase, type CaseView } from '../shared/case-view.ts'
import { FindingList, techniqueFindings } from '../shared/findings.ts'

const SOURCE = 'Hamaoka T et al. J Clin Oncol 2004;22:2942-53 (MDA); Hayashi N et al. Clin Breast Cancer 2013;13:24-30, Table 1'
const QUANTITATIVE_SOURCE = 'Costelloe CM et al. J Cancer 2010;1:80-92 (MDA, quantitative form; Hamaoka T et al. J Clin Oncol 2004;22:2942-53)'

/**
 * Spec §5.5: the MDA criteria assume sclerosis means healing, which fails where the tumour itself
 * makes mineralized matrix: osteosarcoma (any subtype, osteogenic sarcoma), chondrosarcoma, and
 * an unspecified "bone sarcoma" (which may be either). Ewing sarcoma is not matrix-producing and
 * is not refused (it gets the out-of-validation-domain finding).
 */
export const MATRIX_PRODUCING_BONE_SARCOMA = /osteo\s*-?\s*sarcoma|osteogenic|chondro\s*-?\s*sarcoma|bone\s+sarcoma/i

/** Hayashi 2013 Table 1 (WHO bone, carried over to MDA, spec §5.4): no "no change" before 8 weeks of therapy. */
export const BONE_NO_CHANGE_MIN_DAYS = 56

/** Hamaoka 2004 / Hayashi 2013 Table 1: the category each coded finding supports ('possible-flare' supports none). */
const CATEGORY_OF: Readonly<Record<BoneFinding, Response | null>> = {
  'complete-fill-in': 'CR',
  normalized: 'CR',
  'sclerotic-rim': 'PR',
  'partial-fill-in': 'PR',
  regression: 'PR',
  'blastic-decrease': 'PR',
  'scintigraphy-regression': 'PR',
  'no-change': 'SD',
  increase: 'PD',
  'scintigraphy-increase': 'PD',
  'possible-flare': null,
}

/** Worst first: a lesion with findings of several categories takes the worst. */
const WORST_FIRST: readonly Response[] = ['PD', 'NE', 'SD', 'PR', 'CR']

export const MdaOptionsSchema = z
  .object({
    mdaVariant: choice({ quantitative: 'Quantitative (Costelloe 2010)', qualitative2004: 'Qualitative (Hamaoka 2004)' })
      .default('quantitative')
      .describe('Hamaoka T et al. J Clin Oncol 2004;22:2942-53 (qualitative); Costelloe CM et al. J Cancer 2010;1:80-92 (quantitative form). "quantitative": measured bone targets are classified on their bidimensional products (PR ≥ 50 % decrease, PD ≥ 25 % increase), beside the reader-coded findings; "qualitative2004": only the reader-coded findings and statuses (Hamaoka 2004).'),
    pdReference: choice({ nadir: 'Nadir (smallest earlier measurement)', baseline: 'Baseline' })
      .default('nadir')
      .describe('Hamaoka T et al. J Clin Oncol 2004;22:2942-53 (quantitative form; the reference is not stated, as in WHO: Miller AB et al. Cancer 1981;47:207-14). The 25 % increase is measured from the smallest earlier measurement (nadir) or from baseline.'),
    pdMode: choice({ per_lesion: 'Any one lesion grows by 25 % or more', sum: 'The sum of products grows by 25 % or more' })
      .default('per_lesion')
      .describe('Hamaoka T et al. J Clin Oncol 2004;22:2942-53, read as the per-lesion rule of WHO (Miller AB et al. Cancer 1981;47:207-14). PD when any measured bone lesion grows by 25 % or more (Hamaoka: "increase in size of any existing measurable lesion"), or only when the sum of products does.'),
  })
  .strict()
export type MdaOptions = z.infer<typeof MdaOptionsSchema>

/** The worst category that coded findings support; null when none supports one (only 'possible-flare', or none coded). */
function codedFindingsCategory(codes: readonly BoneFinding[] | undefined): Response | null {
  let worst = WORST_FIRST.length
  if (codes)
    for (const code of codes) {
      const category = CATEGORY_OF[code]
      if (category !== null) worst = Math.min(worst, WORST_FIRST.indexOf(category))
    }
  return WORST_FIRST[worst] ?? null
}

/** The category of a lesion the reader codes: its status first (absent, not evaluated, progression), then its coded findings. */
const statusCategory = (a: Assessment | undefined): Response | null =>
  !a || a.status === 'not-evaluated' ? 'NE' : a.status === 'absent' ? 'CR' : a.status === 'unequivocal-progression' ? 'PD' : null

// A present lesion with no coded change counts as no change (SD), as a RECIST non-target that persists.
const codedCategory = (a: Assessment | undefined): Response => statusCategory(a) ?? codedFindingsCategory(a?.boneFindings) ?? 'SD'

/** The explanation's line for each bone lesion with a category of its own at timepoint position `i`: measured targets with coded findings, then coded lesions. */
function codedLines(view: CaseView, measuredTargets: readonly Lesion[], coded: readonly Lesion[], i: number): string[] {
  const lines: string[] = []
  for (const lesion of measuredTargets) {
    const codes = view.at(lesion, i)?.boneFindings
    const category = codedFindingsCategory(codes)
    if (category !== null) lines.push(`${lesionLabel(lesion)} (measured) also coded ${codes!.join(', ')} → ${category}.`)
  }
  for (const lesion of coded) {
    const a = view.at(lesion, i)
    const codes = a?.boneFindings ?? []
    lines.push(`${lesionLabel(lesion)}: ${statusCategory(a) ? `status ${a?.status ?? 'not recorded'}` : codes.length ? codes.join(', ') : 'no coded change'} → ${codedCategory(a)}.`)
  }
  return lines
}

/** Spec A-B2 (implementation choice): PD if any part shows PD; NE if any is not evaluable; CR only if all are CR; PR if any is PR or CR. */
function combine(parts: readonly Response[]): Response {
  if (parts.includes('PD')) return 'PD'
  if (parts.includes('NE')) return 'NE'
  if (parts.every((p) => p === 'CR')) return 'CR'
  if (parts.some((p) => p === 'PR' || p === 'CR')) return 'PR'
  return 'SD'
}

export function evaluateMda(kase: Case, options: MdaOptions): CriterionEvaluation {
  const diagnosis = kase.patient.diagnosis?.trim() ?? ''
  if (MATRIX_PRODUCING_BONE_SARCOMA.test(diagnosis)) {
    const reason = `The MD Anderson bone criteria do not apply to "${diagnosis}": in osteosarcoma and other matrix-producing bone sarcomas the tumour itself lays down mineral, so new sclerosis or fill-in may be tumour, not healing, and bone-scan uptake may be tumour osteoid; the criteria were built and validated in breast cancer bone metastases. No category is given: use RECIST 1.1 (RECIST 1.1 as in osteosarcoma trials (Grignani G et al. Ann Oncol 2012;23:508-16; Davis LE et al. J Clin Oncol 2019;37:1424-31)).`
    return {
      timepoints: [],
      best: { response: null, timepoint: null, date: null, confirmed: null, explanation: [reason] },
      findings: [],
      notApplicable: { reason, source: 'Costelloe CM et al. J Cancer 2010;1:80-92; Hamaoka T et al. J Clin Oncol 2004;22:2942-53 (breast cancer)' },
    }
  }

  const view = viewCase(kase)
  const findings = new FindingList()
  techniqueFindings(view, findings)
  if (!/breast/i.test(diagnosis))
    findings.add('out-of-validation-domain', 'info', `The MD Anderson bone criteria were developed and validated in metastatic breast cancer; ${diagnosis ? `this patient's diagnosis is "${diagnosis}"` : 'no diagnosis is recorded'}.`, `${SOURCE}; Costelloe CM et al. J Cancer 2010;1:80-92`)
  if (kase.settings.sdMinDays < BONE_NO_CHANGE_MIN_DAYS)
    findings.add('bone-sd-before-8-weeks', 'info', `Bone lesions respond slowly: "no change" should not be assigned before 8 weeks (${BONE_NO_CHANGE_MIN_DAYS} days) of therapy, but the study's sdMinDays is ${kase.settings.sdMinDays}.`, 'Hayashi N et al. Clin Breast Cancer 2013;13:24-30, Table 1 (WHO bone); Hamaoka T et al. J Clin Oncol 2004;22:2942-53')

  const bone = kase.lesions.filter((l) => l.kind === 'bone')
  const others = kase.lesions.filter((l) => l.kind !== 'bone')
  if (others.length)
    findings.add('non-bone-lesions-ignored', 'info', `The MD Anderson criteria assess bone lesions only; ${others.map(lesionLabel).join(', ')} ${others.length === 1 ? 'is' : 'are'} left to another criterion (e.g. RECIST 1.1).`, SOURCE)
  if (!bone.length) findings.add('no-bone-lesions', 'warning', 'No lesion of kind "bone" is recorded: the MD Anderson bone criteria have nothing to assess (every timepoint NE unless a new lesion appears).', SOURCE)

  const quantitative = options.mdaVariant === 'quantitative'
  const measuredTargets = quantitative ? bone.filter((l) => l.role === 'target') : []
  const measured = classifyBidimensional(view, measuredTargets, { pdReference: options.pdReference, pdMode: options.pdMode }, { id: 'mda', name: 'The quantitative MD Anderson form', source: QUANTITATIVE_SOURCE, findings })
  // Lesions whose category comes from the reader: non-targets, and targets in the qualitative variant.
  const coded = bone.filter((l) => !measuredTargets.includes(l))
  const newLesions = newLesionsByTimepoint(view)
  const timepoints: TimepointResult[] = []

  for (let i = 1; i < view.timepoints.length; i++) {
    const tp = view.timepoints[i]!
    const m = measured[i]!
    const parts: Response[] = m.response === null ? [] : [m.response]
    // Measured targets may carry coded findings too (a sclerotic rim, say): they count beside the numbers.
    for (const lesion of measuredTargets) {
      const codes = view.at(lesion, i)?.boneFindings
      const category = codedFindingsCategory(codes)
      if (category !== null) parts.push(category)
      if (codes?.includes('possible-flare'))
        findings.add('possible-flare', 'warning', `${lesionLabel(lesion)} at ${tp.id}: possible flare; not progression until repeat imaging excludes a flare.`, SOURCE, { lesion: lesion.id, timepoint: tp.id })
    }
    const codedParts: Response[] = []
    for (const lesion of coded) {
      const a = view.at(lesion, i)
      if (a?.boneFindings?.includes('possible-flare'))
        findings.add('possible-flare', 'warning', `${lesionLabel(lesion)} at ${tp.id}: possible flare (increased activity or a new focus while other lesions heal); not progression until repeat imaging excludes a flare.`, SOURCE, { lesion: lesion.id, timepoint: tp.id })
      codedParts.push(codedCategory(a))
    }
    parts.push(...codedParts)

    const news = newLesions.get(tp.id)
    const newLesion = hasNewLesion(news)
    for (const n of news.unconfirmedEquivocal)
      findings.add('possible-flare', 'warning', `Equivocal new lesion in ${n.organ} at ${tp.id}: on a bone scan a new focus may be a flare reaction; not progression until repeat imaging confirms it (then progression dates back to ${tp.id}).`, SOURCE, { timepoint: tp.id })

    let response: Response
    let rule: string
    if (newLesion) [response, rule] = ['PD', 'mda.new-lesion']
    else if (!parts.length) [response, rule] = ['NE', 'mda.no-bone-lesions']
    else {
      response = combine(parts)
      rule = m.response !== null && parts.length === 1 ? m.rule : m.response === null ? `mda.qualitative.${response.toLowerCase()}` : `mda.combined.${response.toLowerCase()}`
    }
    const result = timepointResult(
      () => [
        ...(quantitative ? (measuredTargets.length ? m.explain() : ['No measured bone targets: the quantitative part is empty.']) : ['Qualitative variant (Hamaoka 2004): measurements are not classified, only coded findings and statuses.']),
        ...codedLines(view, measuredTargets, coded, i),
        describeNewLesions(news, tp.id),
        `Combined (a Caliper choice, as Hamaoka 2004 does not say how modalities combine: PD if any part shows PD, NE if any is not evaluable, CR only if all are CR, PR if any responds): ${response}.`,
      ],
      tp,
      response,
      m.response,
      codedParts.length ? combine(codedParts) : null,
      newLesion,
    )
    setProductFigures(result, m, measuredTargets.length > 0)
    result.rule = rule
    timepoints.push(result as TimepointResult)
  }
  return { timepoints, best: bestOfCase(view, timepoints), findings: findings.toArray() }
}

export default defineCriterion({
  id: 'mda',
  name: 'MD Anderson bone',
  version: '2004/2010',
  reference: {
    citation: 'Hamaoka T, Madewell JE, Podoloff DA, Hortobagyi GN, Ueno NT. Bone imaging in metastatic breast cancer. J Clin Oncol 2004;22(14):2942-53; Costelloe CM, Chuang HH, Madewell JE, Ueno NT. Cancer response criteria and bone metastases: RECIST 1.1, MDA and PERCIST. J Cancer 2010;1:80-92',
    doi: '10.7150/jca.1.80',
  },
  // The quantitative thresholds could not be checked against Costelloe 2010 (docs/verification.md).
  status: 'provisional',
  optionsSchema: MdaOptionsSchema,
  evaluate: evaluateMda,
})
