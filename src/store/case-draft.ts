/**
 * The case as the user is typing it. Its shape is the case file's (so a Problem's path names
 * the same field here), but a number field may hold the text being typed ("12.", "1,5", "abc")
 * until it parses. `draftToInput` turns the draft into what `parseCase` reads.
 */
import { z } from 'zod'
import { MAX_JSON_DEPTH } from '../documentation/file-input.ts'

/** A number, or the text typed for it. */
const Typed = z.union([z.number(), z.string()])

export const DraftAssessmentSchema = z.looseObject({
  timepoint: z.string(),
  status: z.string(),
  longAxisMm: Typed.optional(),
  shortAxisMm: Typed.optional(),
  attenuationHu: Typed.optional(),
  cavityLongAxisMm: Typed.optional(),
  /** A split lesion's fragments: numbers, or the text typed for them ("12 + 8.5"). */
  fragmentsMm: z.union([z.array(Typed), z.string()]).optional(),
  findings: z.array(z.string()).optional(),
  boneFindings: z.array(z.string()).optional(),
  /** A flag, or the text pasted for it (kept for the schema to refuse). */
  furtherIncrease: z.union([z.boolean(), z.string()]).optional(),
  sulPeak: Typed.optional(),
  tlg: Typed.optional(),
  /** Issue #14: volume (segmentation), third axis, DCE-MRI. */
  volumeMl: Typed.optional(),
  thirdAxisMm: Typed.optional(),
  ktrans: Typed.optional(),
  iauc60: Typed.optional(),
})

export const DraftLesionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  organ: z.string(),
  kind: z.string(),
  bone: z.looseObject({ appearance: z.string().optional(), softTissueComponent: z.boolean().optional() }).optional(),
  cystic: z.boolean().optional(),
  previouslyIrradiated: z.boolean().optional(),
  primaryTumour: z.looseObject({ site: z.string().optional(), resectable: z.boolean().optional() }).optional(),
  role: z.string(),
  assessments: z.array(DraftAssessmentSchema),
})

export const DraftTimepointSchema = z.looseObject({
  id: z.string(),
  date: z.string(),
  label: z.string().optional(),
  modality: z.string(),
  contrastPhase: z.string(),
  sliceThicknessMm: Typed.optional(),
  kvp: Typed.optional(),
  /** WHO: the reader's estimated change of the non-measurable disease since baseline, in %, as typed. */
  nonMeasurableChangePct: Typed.optional(),
  /** PERCIST reference regions and acquisition: numbers as typed, and the liverAbnormal flag. */
  pet: z.looseObject({}).optional(),
})

export const DraftNewLesionSchema = z.looseObject({
  timepoint: z.string(),
  organ: z.string(),
  equivocal: z.boolean().optional(),
  note: z.string().optional(),
  confirms: z.number().optional(),
  id: z.string().optional(),
  kind: z.string().optional(),
  longAxisMm: Typed.optional(),
  shortAxisMm: Typed.optional(),
  fdgAvid: z.boolean().optional(),
  sulPeak: Typed.optional(),
  /** The lesion at later timepoints (iRECIST): status and axes, as a lesion's assessments. */
  assessments: z.array(DraftAssessmentSchema).optional(),
})

/**
 * Checks the containers the UI walks (arrays, objects) and leaves the values to `parseCase`:
 * every valid case file passes, and so does a half-typed one.
 */
export const CaseDraftSchema = z.looseObject({
  format: z.string(),
  version: z.number(),
  patient: z.looseObject({ id: z.string(), diagnosis: z.string().optional(), notes: z.string().optional() }),
  therapyStart: z.string().optional(),
  settings: z
    .looseObject({
      confirmation: z.string().optional(),
      confirmationMinDays: Typed.optional(),
      sdMinDays: Typed.optional(),
      maxNeBetween: Typed.optional(),
      acceptSdBetween: z.boolean().optional(),
    })
    .optional(),
  timepoints: z.array(DraftTimepointSchema),
  lesions: z.array(DraftLesionSchema),
  newLesions: z.array(DraftNewLesionSchema).optional(),
  criteriaOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** Issue #14: dated blood biomarker values, each value as typed. */
  biomarkers: z.array(z.looseObject({ date: z.string(), test: z.string(), value: Typed.optional(), unit: z.string().optional() })).optional(),
})

export type CaseDraft = z.infer<typeof CaseDraftSchema>
export type DraftLesion = z.infer<typeof DraftLesionSchema>
export type DraftTimepoint = z.infer<typeof DraftTimepointSchema>
export type DraftAssessment = z.infer<typeof DraftAssessmentSchema>
export type DraftNewLesion = z.infer<typeof DraftNewLesionSchema>
export type DraftBiomarker = NonNullable<CaseDraft['biomarkers']>[number]

/** Fields of the case file that hold numbers; the draft may hold their text. */
const NUMBER_FIELDS = new Set([
  'sliceThicknessMm',
  'kvp',
  'nonMeasurableChangePct',
  'longAxisMm',
  'shortAxisMm',
  'attenuationHu',
  'cavityLongAxisMm',
  'confirmationMinDays',
  'sdMinDays',
  'maxNeBetween',
  'liverSulMean',
  'liverSulSd',
  'bloodPoolSulMean',
  'bloodPoolSulSd',
  'uptakeMinutes',
  'glucoseMgDl',
  'injectedMBq',
  'sulPeak',
  'tlg',
  'volumeMl',
  'thirdAxisMm',
  'ktrans',
  'iauc60',
  // A blood biomarker's value (biomarkers[].value); no other field of the format is called "value".
  'value',
])
/** Optional text fields where an empty box means "not given". */
const OPTIONAL_TEXT_FIELDS = new Set(['therapyStart', 'label', 'diagnosis', 'notes', 'note'])

const NUMBER_TEXT = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/
/** Between the fragments of a split lesion, as typed: "12 + 8.5" or "12; 8.5". */
export const FRAGMENT_SEPARATOR = /[+;]/

/** "12", "12.", "1,5" (spreadsheets in many locales) → a number; anything else stays text for the schema to reject. */
export function typedNumber(text: string): number | string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed.replace(',', '.')) : text
}

function convert(value: unknown, key: string | undefined, inOptions: boolean, depth = 0): unknown {
  // Deeper than any file may nest, the value is left as it is for the schema to refuse: a case saved before
  // import bounded nesting must not overflow the stack here (it once blanked the page).
  if (depth > MAX_JSON_DEPTH) return value
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined, inOptions, depth + 1))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      const converted = convert(v, k, inOptions || k === 'criteriaOptions', depth + 1)
      if (converted !== undefined) out[k] = converted
    }
    return out
  }
  if (typeof value !== 'string' || key === undefined) return value
  // Each fragment is a number as typed; an empty or wrong one stays text for the schema to report at its index.
  if (key === 'fragmentsMm') return value.split(FRAGMENT_SEPARATOR).map((part) => typedNumber(part) ?? part)
  // Criterion options are enums, booleans and numbers: numeric text can only mean a number.
  if (NUMBER_FIELDS.has(key) || (inOptions && NUMBER_TEXT.test(value.trim()))) return typedNumber(value)
  if (OPTIONAL_TEXT_FIELDS.has(key) && value.trim() === '') return undefined
  return value
}

/** The draft as a case file: typed numbers become numbers and empty optional fields are left out. */
export const draftToInput = (draft: CaseDraft): unknown => convert(draft, undefined, false)

/** One of the draft's own fields as `draftToInput` writes it (undefined: left out). */
export const fieldToInput = (key: string, value: unknown): unknown => convert(value, key, key === 'criteriaOptions', 1)

/** One lesion of the draft as `draftToInput` writes it (at its depth in the case). */
export const lesionToInput = (lesion: DraftLesion): unknown => convert(lesion, undefined, false, 2)

/** A new case: one baseline timepoint, no lesions yet. */
export const blankCase = (): CaseDraft => ({
  format: 'tumor-response-case',
  version: 1,
  patient: { id: '', diagnosis: '' },
  therapyStart: '',
  settings: { confirmation: 'required', confirmationMinDays: 28, sdMinDays: 42 },
  timepoints: [{ id: 't0', date: '', label: 'Baseline', modality: 'CT', contrastPhase: 'portal-venous' }],
  lesions: [],
  newLesions: [],
})
