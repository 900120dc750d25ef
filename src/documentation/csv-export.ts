/**
 * The CSV export of one case: every measurement (one row per lesion × timepoint) and every
 * response (one row per timepoint × criterion, with the figures behind it). Quoting and
 * formula neutralisation follow src/documentation/csv.ts (text cells only; numbers stay numbers).
 */
import { biomarkerSeries, lesionVolume, LEVEL_OF, timepointsInOrder, type Case, type Evaluation } from '../../criteria/index.ts'
import { toCsv, type Cell } from './csv.ts'

export const MEASUREMENT_COLUMNS = [
  'patient',
  'timepoint',
  'date',
  'label',
  'modality',
  'contrast_phase',
  'slice_thickness_mm',
  'kvp',
  'non_measurable_change_pct',
  'lesion',
  'lesion_name',
  'organ',
  'kind',
  'role',
  'status',
  'long_axis_mm',
  'short_axis_mm',
  'fragments_mm',
  'hu',
  'cavity_mm',
  'findings',
  'third_axis_mm',
  'volume_ml',
  'volume_source',
  'ktrans_per_min',
  'iauc60_mmol_s_l',
] as const

/** One row per lesion × timepoint, in date order then lesion order; status is empty where nothing was recorded. */
export function measurementRows(kase: Case): Record<(typeof MEASUREMENT_COLUMNS)[number], Cell>[] {
  return timepointsInOrder(kase).flatMap((t) =>
    kase.lesions.map((lesion) => {
      const a = lesion.assessments.find((x) => x.timepoint === t.id)
      return {
        patient: kase.patient.id,
        timepoint: t.id,
        date: t.date,
        label: t.label,
        modality: t.modality,
        contrast_phase: t.contrastPhase,
        slice_thickness_mm: t.sliceThicknessMm,
        kvp: t.kvp,
        non_measurable_change_pct: t.nonMeasurableChangePct,
        lesion: lesion.id,
        lesion_name: lesion.name,
        organ: lesion.organ,
        kind: lesion.kind,
        role: lesion.role,
        status: a?.status,
        long_axis_mm: a?.longAxisMm,
        short_axis_mm: a?.shortAxisMm,
        fragments_mm: a?.fragmentsMm?.join(';'),
        hu: a?.attenuationHu,
        cavity_mm: a?.cavityLongAxisMm,
        findings: a?.findings?.join(';'),
        ...volumeCells(a),
        ktrans_per_min: a?.ktrans,
        iauc60_mmol_s_l: a?.iauc60,
      }
    }),
  )
}

/** Issue #14: the lesion's volume, segmented or estimated from three axes (marked), where one is recorded. */
function volumeCells(a: Case['lesions'][number]['assessments'][number] | undefined) {
  const v = a && (a.volumeMl !== undefined || a.thirdAxisMm !== undefined) ? lesionVolume(a) : null
  return { third_axis_mm: a?.thirdAxisMm, volume_ml: v ? v.value / 100 : undefined, volume_source: v ? (v.source === 'ellipsoid' ? 'ellipsoid estimate' : v.source) : undefined }
}

export const RESPONSE_COLUMNS = [
  'patient',
  'criterion',
  'criterion_name',
  'timepoint',
  'date',
  'response',
  'common_scale',
  'target_response',
  'non_target_response',
  'new_lesion',
  'sum_mm',
  'sum_complete',
  'baseline_sum_mm',
  'nadir_sum_mm',
  'change_from_baseline_pct',
  'change_from_nadir_pct',
  'cavity_adjusted_sum_mm',
  'attenuation',
  'baseline_hu',
  'current_hu',
  'attenuation_change_pct',
  'sum_volume_ml',
  'baseline_volume_ml',
  'nadir_volume_ml',
  'rule',
] as const

/** One row per follow-up timepoint × criterion, in the evaluation's criterion order. */
export function responseRows(evaluation: Evaluation): Record<(typeof RESPONSE_COLUMNS)[number], Cell>[] {
  return evaluation.results.flatMap((r) =>
    r.timepoints.map((t) => ({
      patient: evaluation.patient,
      criterion: r.criterion,
      criterion_name: r.name,
      timepoint: t.timepoint,
      date: t.date,
      response: t.response,
      common_scale: LEVEL_OF[t.response],
      target_response: t.targetResponse,
      non_target_response: t.nonTargetResponse,
      new_lesion: t.newLesion,
      sum_mm: t.sumMm,
      sum_complete: t.sumComplete,
      baseline_sum_mm: t.baselineSumMm,
      nadir_sum_mm: t.nadirSumMm,
      change_from_baseline_pct: t.changeFromBaselinePct,
      change_from_nadir_pct: t.changeFromNadirPct,
      cavity_adjusted_sum_mm: t.cavityAdjustedSumMm,
      attenuation: t.attenuation?.status,
      baseline_hu: t.attenuation?.baselineHu,
      current_hu: t.attenuation?.currentHu,
      attenuation_change_pct: t.attenuation?.changePct,
      sum_volume_ml: t.volume?.sumMl,
      baseline_volume_ml: t.volume?.baselineMl,
      nadir_volume_ml: t.volume?.nadirMl,
      rule: t.rule,
    })),
  )
}

/** Issue #14: one row per blood biomarker value (and derived NLR), in date order. */
export const BIOMARKER_COLUMNS = ['patient', 'date', 'test', 'value', 'unit', 'change_from_first_pct'] as const
export function biomarkerRows(kase: Case): Record<(typeof BIOMARKER_COLUMNS)[number], Cell>[] {
  return biomarkerSeries(kase)
    .flatMap((s) => s.points.map((p) => ({ patient: kase.patient.id, date: p.date, test: s.test, value: p.value, unit: s.unit, change_from_first_pct: p.changePct })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

export const BEST_COLUMNS = ['patient', 'criterion', 'criterion_name', 'timepoint', 'date', 'response', 'common_scale', 'confirmed', 'not_applicable'] as const

/** One row per criterion: its best overall response, where it was reached, whether it was confirmed (empty: not asked), and why the criterion did not apply. */
export function bestRows(evaluation: Evaluation): Record<(typeof BEST_COLUMNS)[number], Cell>[] {
  return evaluation.results.map((r) => ({
    patient: evaluation.patient,
    criterion: r.criterion,
    criterion_name: r.name,
    timepoint: r.best.timepoint,
    date: r.best.date,
    response: r.best.response,
    common_scale: r.best.response ? LEVEL_OF[r.best.response] : null,
    confirmed: r.best.confirmed,
    not_applicable: r.notApplicable?.reason ?? null,
  }))
}

export const measurementsCsv = (kase: Case) => toCsv(MEASUREMENT_COLUMNS, measurementRows(kase))
export const responsesCsv = (evaluation: Evaluation) => toCsv(RESPONSE_COLUMNS, responseRows(evaluation))

/**
 * The tables in one CSV file (what `caliper export --format csv` writes): a first column
 * `record` ("measurement", "response", "best" for the best overall response per criterion, and
 * "biomarker" for blood values), then the union of the column sets, so that a spreadsheet filter
 * on `record` recovers each table.
 */
export function caseCsv(kase: Case, evaluation: Evaluation): string {
  const biomarkers = biomarkerRows(kase)
  // A case without blood biomarkers keeps the columns it always had.
  const columns = ['record', ...new Set<string>([...MEASUREMENT_COLUMNS, ...RESPONSE_COLUMNS, ...BEST_COLUMNS, ...(biomarkers.length ? BIOMARKER_COLUMNS : [])])]
  const rows = [
    ...measurementRows(kase).map((row) => ({ record: 'measurement', ...row })),
    ...responseRows(evaluation).map((row) => ({ record: 'response', ...row })),
    ...bestRows(evaluation).map((row) => ({ record: 'best', ...row })),
    ...biomarkers.map((row) => ({ record: 'biomarker', ...row })),
  ]
  return toCsv(columns, rows)
}
