/**
 * Research measures beside the responses (issue #14): lesion volumes, DCE-MRI (Ktrans, iAUC60)
 * and blood biomarkers (VEGF-A, VEGF-B, PlGF, circulating endothelial cells, neutrophils and
 * lymphocytes with their ratio). No validated response rule exists for them, so they never make
 * a response category: they are series and findings, shown on the same time axis.
 *
 * Also the osteosarcoma caveat of spec §9.7: an unresectable primary bone tumour of the axial
 * skeleton may not be evaluable by size-and-density criteria; every criterion it affects says so.
 */
import { BIOMARKER_UNITS, type BiomarkerTest, type Case, type Lesion } from '../case-schema.ts'
import type { Finding } from '../define-criterion.ts'
import { lesionLabel, RECIST_SOURCE, timepointsInOrder } from './case-view.ts'
import { decreasedByAtLeast, percentChange, type Fraction } from './exact.ts'
import { lesionVolume, type LesionVolume } from './volumes.ts'

/**
 * A fall of at least 40 % from baseline in Ktrans or iAUC60: the threshold for a clinically
 * relevant effect on tumour vessels in Mross K et al. BMC Cancer 2014;14:510 (nintedanib, phase I,
 * DCE-MRI primary endpoint), as in many early-phase anti-angiogenic trials.
 */
export const DCE_EFFECT_FALL: Fraction = [2, 5]
export const DCE_SOURCE = 'Mross K et al. BMC Cancer 2014;14:510 (≥ 40 % fall); Roberts C et al. J Magn Reson Imaging 2006;23:554-63 (reproducibility); Leach MO et al. Br J Cancer 2005;92:1599-610'
/**
 * Roberts 2006 (abstract): in one patient, changes beyond 31 % (Ktrans) and 47 % (iAUC60) are
 * outside the range of normal test–retest variability. A 40 % fall in Ktrans exceeds it; in
 * iAUC60 it does not, and the finding says so.
 */
export const DCE_REPRODUCIBILITY_PCT = { ktrans: 31, iauc60: 47 } as const

export const DCE_PARAMETERS = {
  ktrans: { name: 'Ktrans', unit: 'min⁻¹' },
  iauc60: { name: 'iAUC60', unit: 'mmol·s/L' },
} as const
export type DceParameter = keyof typeof DCE_PARAMETERS

export interface DcePoint {
  timepoint: string
  date: string
  value: number
  /** Change from the baseline value, % (display, 0.1); null without a baseline value or when it is 0. */
  changePct: number | null
  /** The fall from baseline reaches the 40 % threshold (exact comparison). */
  effect: boolean
}
export interface DceSeries {
  lesion: string
  label: string
  parameter: DceParameter
  unit: string
  /** The baseline timepoint's value, null when DCE-MRI was not done at baseline. */
  baseline: number | null
  points: DcePoint[]
}

export interface BiomarkerPoint {
  date: string
  value: number
  /** Change from the first value, % (display only). */
  changePct: number | null
}
export interface BiomarkerSeries {
  test: BiomarkerTest | 'NLR'
  unit: string
  points: BiomarkerPoint[]
}

export interface VolumePoint {
  lesion: string
  timepoint: string
  date: string
  ml: number
  /** True for an ellipsoid estimate from three axes. */
  estimated: boolean
}

export interface ResearchMeasures {
  volumes: VolumePoint[]
  dce: DceSeries[]
  biomarkers: BiomarkerSeries[]
  findings: Finding[]
}

/** Ktrans and iAUC60 in integer ten-thousandths (the schema allows four decimals). */
const tenThousandths = (x: number) => Math.round(x * 10_000)

function dceSeries(kase: Case): { series: DceSeries[]; findings: Finding[] } {
  const order = timepointsInOrder(kase)
  const baseline = order[0]!
  const series: DceSeries[] = []
  const findings: Finding[] = []
  for (const lesion of kase.lesions)
    for (const parameter of ['ktrans', 'iauc60'] as const) {
      const measured = order.flatMap((t) => {
        const value = lesion.assessments.find((a) => a.timepoint === t.id)?.[parameter]
        return value === undefined ? [] : [{ t, value }]
      })
      if (measured.length === 0) continue
      const { name, unit } = DCE_PARAMETERS[parameter]
      const base = measured[0]!.t.id === baseline.id ? measured[0]!.value : null
      const label = lesionLabel(lesion)
      const points = measured.map(({ t, value }): DcePoint => {
        const effect = base !== null && base > 0 && t.id !== baseline.id && decreasedByAtLeast(tenThousandths(value), tenThousandths(base), DCE_EFFECT_FALL)
        return { timepoint: t.id, date: t.date, value, changePct: base === null ? null : percentChange(tenThousandths(value), tenThousandths(base)), effect }
      })
      series.push({ lesion: lesion.id, label, parameter, unit, baseline: base, points })
      if (base === null)
        findings.push({ code: 'dce-no-baseline', severity: 'info', message: `${name} of ${label} was not measured at baseline (${baseline.id}, ${baseline.date}): no change from baseline can be given.`, source: DCE_SOURCE, lesion: lesion.id, timepoint: measured[0]!.t.id })
      for (const p of points) {
        if (!p.effect) continue
        const within = -(p.changePct ?? 0) < DCE_REPRODUCIBILITY_PCT[parameter]
        findings.push({
          code: `${parameter}-fall`,
          severity: 'info',
          message: `${name} of ${label} fell ${Math.abs(p.changePct ?? 0)} % from baseline at ${p.timepoint} (${p.date}): at least the 40 % fall early-phase anti-angiogenic trials take as a pharmacodynamic effect. ${within ? `It is still within the ${DCE_REPRODUCIBILITY_PCT[parameter]} % test–retest variability of ${name} in one patient, so it may be measurement variation.` : `Beyond the ${DCE_REPRODUCIBILITY_PCT[parameter]} % test–retest variability of ${name} in one patient.`} A research measure, not a response category.`,
          source: DCE_SOURCE,
          lesion: lesion.id,
          timepoint: p.timepoint,
        })
      }
    }
  return { series, findings }
}

const withChanges = (points: { date: string; value: number }[]): BiomarkerPoint[] => {
  const first = points[0]?.value
  return points.map((p) => ({ ...p, changePct: first === undefined || first === 0 ? null : Math.round(((p.value - first) / first) * 1000) / 10 }))
}

/** Each biomarker's dated values in date order, and the neutrophil-to-lymphocyte ratio on every date with both counts (lymphocytes above 0). */
export function biomarkerSeries(kase: Case): BiomarkerSeries[] {
  const samples = [...(kase.biomarkers ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const out: BiomarkerSeries[] = []
  for (const test of Object.keys(BIOMARKER_UNITS) as BiomarkerTest[]) {
    const points = samples.filter((s) => s.test === test).map((s) => ({ date: s.date, value: s.value }))
    if (points.length) out.push({ test, unit: BIOMARKER_UNITS[test], points: withChanges(points) })
  }
  const lymphocytes = new Map(samples.filter((s) => s.test === 'lymphocytes').map((s) => [s.date, s.value]))
  const nlr = samples.flatMap((s) => {
    const l = lymphocytes.get(s.date)
    return s.test === 'neutrophils' && l !== undefined && l > 0 ? [{ date: s.date, value: Math.round((s.value / l) * 100) / 100 }] : []
  })
  if (nlr.length) out.push({ test: 'NLR', unit: 'ratio', points: withChanges(nlr) })
  return out
}

/** Every lesion's volume at every assessment that has one (segmented, or estimated from three axes). */
export function volumePoints(kase: Case): VolumePoint[] {
  const order = timepointsInOrder(kase)
  return order.flatMap((t) =>
    kase.lesions.flatMap((lesion) => {
      const a = lesion.assessments.find((x) => x.timepoint === t.id)
      const v: LesionVolume | null = a && (a.volumeMl !== undefined || a.thirdAxisMm !== undefined) ? lesionVolume(a) : null
      return v === null ? [] : [{ lesion: lesion.id, timepoint: t.id, date: t.date, ml: v.value / 100, estimated: v.source === 'ellipsoid' }]
    }),
  )
}

/** Whether a case records any research measure (most do not: evaluation then skips them). */
export const hasResearchData = (kase: Case) =>
  (kase.biomarkers?.length ?? 0) > 0 ||
  kase.lesions.some((l) => l.assessments.some((a) => a.volumeMl !== undefined || a.thirdAxisMm !== undefined || a.ktrans !== undefined || a.iauc60 !== undefined))

/** The research measures of a case, or null when it records none. */
export function researchMeasures(kase: Case): ResearchMeasures | null {
  if (!hasResearchData(kase)) return null
  const dce = dceSeries(kase)
  return { volumes: volumePoints(kase), dce: dce.series, biomarkers: biomarkerSeries(kase), findings: dce.findings }
}

const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[]

/** Criteria that judge size or density: all but PERCIST (FDG uptake). */
const NOT_SIZE_OR_DENSITY = new Set(['percist'])

/**
 * Spec §9.7: an unresectable primary bone tumour of the axial skeleton (with or without a
 * soft-tissue mass) may not be evaluable by size and density: mineralised matrix does not shrink
 * or darken reliably even when the tumour is necrotic. One finding per such lesion, under every
 * size-or-density criterion that evaluated the case.
 */
export function primaryTumourFindings(kase: Case, criterion: { id: string; name: string }): Finding[] {
  if (NOT_SIZE_OR_DENSITY.has(criterion.id)) return NO_FINDINGS
  const isAffected = (l: Lesion) => l.kind === 'bone' && l.primaryTumour?.site === 'axial' && l.primaryTumour.resectable === false
  // Asked for every criterion of every case, and rarely met: no list unless a lesion is affected.
  if (!kase.lesions.some(isAffected)) return NO_FINDINGS
  const affected = kase.lesions.filter(isAffected)
  const baseline = timepointsInOrder(kase)[0]!.id
  return affected.flatMap((lesion) => {
    const mass = lesion.bone?.softTissueComponent ? ' with a soft-tissue mass' : ''
    return [
      {
        code: 'unresectable-axial-primary',
        severity: 'warning' as const,
        message: `${lesionLabel(lesion)} is an unresectable primary bone tumour of the axial skeleton${mass}: ${criterion.name} may not be able to evaluate it, because mineralised matrix and bone neither shrink nor change density reliably when the tumour responds. Read volume, DCE-MRI or PET beside it.`,
        source: `${RECIST_SOURCE} §3.1.2 (bone lesions); Saleh MM et al. Br J Radiol 2020;93:20200257 (MRI beside size in bone sarcoma)`,
        lesion: lesion.id,
        timepoint: baseline,
      },
    ]
  })
}
