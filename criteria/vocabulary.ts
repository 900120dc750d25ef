/**
 * The words a case file uses for each choice, as plain lists: case-schema.ts builds its enums
 * from them, and the app's entry grid offers them without building the case schema (whose Zod
 * schemas take a noticeable part of the app's start-up to construct).
 */
import { z } from 'zod'

export const MODALITIES = ['CT', 'MRI', 'PET-CT', 'X-ray', 'clinical'] as const
export const CONTRAST_PHASES = ['portal-venous', 'arterial', 'delayed', 'non-contrast', 'unknown'] as const
export const LESION_KINDS = ['non-nodal', 'lymph-node', 'bone'] as const
export const BONE_APPEARANCES = ['lytic', 'blastic', 'mixed'] as const
export const LESION_ROLES = ['target', 'non-target'] as const
export const TARGET_STATUSES = ['measured', 'too-small', 'absent', 'not-evaluated'] as const
export const NON_TARGET_STATUSES = ['present', 'absent', 'unequivocal-progression', 'not-evaluated'] as const
export const LESION_FINDINGS = [
  'new-intratumoral-nodule',
  'enlarging-intratumoral-nodule',
  'marked-central-necrosis',
  'central-fill-in',
  'new-enhancement',
  'cavitation',
  'mineralization',
] as const

/**
 * Added field values: the MD Anderson bone criteria's reader-coded findings for one bone lesion
 * at one assessment (Hamaoka 2004, as tabulated by Hayashi 2013 Table 1; spec §5.3, A-B1–A-B4).
 */
export const BONE_FINDINGS = [
  'complete-fill-in', // CR: complete fill-in or sclerosis of a lytic lesion (XR/CT)
  'normalized', // CR: hot spot or tumour signal gone (SS/CT/MRI), or an osteoblastic lesion normalized (XR/CT)
  'sclerotic-rim', // PR: sclerotic rim around an initially lytic lesion, or sclerosis of a previously undetected lesion
  'partial-fill-in', // PR: partial fill-in or sclerosis of a lytic lesion
  'regression', // PR: regression of a measurable lesion (XR/CT/MRI), or a subjective decrease of 50 % or more of an ill-defined one
  'blastic-decrease', // PR: decrease of a blastic lesion (XR/CT)
  'scintigraphy-regression', // PR on skeletal scintigraphy, only when CT/XR show no progression (A-B3)
  'no-change', // SD: no change in the measurable, blastic or lytic lesion
  'increase', // PD: increase in size, or of a blastic/lytic lesion (subjectively 25 % or more for ill-defined ones)
  'scintigraphy-increase', // PD: increased activity on scintigraphy, flare excluded
  'possible-flare', // not PD: increased activity or a new focus that may be a flare; repeat imaging (A-B4)
] as const

/**
 * A new lesion's status at a timepoint: a measured one's statuses, and "present", "increased"
 * and "unequivocal-progression" for one that is not measured (NLNT).
 */
export const NEW_LESION_STATUSES = ['measured', 'too-small', 'absent', 'not-evaluated', 'present', 'increased', 'unequivocal-progression'] as const

/** Added (issue #14): the blood biomarkers Caliper records, each with the one unit it accepts. */
export const BIOMARKER_UNITS = {
  'VEGF-A': 'pg/mL',
  'VEGF-B': 'pg/mL',
  PlGF: 'pg/mL',
  /** Circulating endothelial cells. */
  CEC: 'cells/mL',
  neutrophils: '10^9/L',
  lymphocytes: '10^9/L',
} as const

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not): the check of case-schema.ts's IsoDateSchema. */
export const isIsoDate = (text: string) => z.regexes.date.test(text)
