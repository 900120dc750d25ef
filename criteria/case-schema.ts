/**
 * The case file (`tumor-response-case`) and the response series (`tumor-response-series`),
 * as fixed by shared/case-format.md. These Zod schemas are the single source of the types:
 * everything else uses `z.infer` of them.
 *
 * Structural rules live here and reject a file; clinical rules (too many targets, a target
 * under the measurability threshold…) never reject: criterion modules report them as findings.
 */
import { z } from 'zod'

/** The most lesions a case may list (the format's limit). */
export const MAX_LESIONS = 200
import { defaultsOf } from './shared/defaults.ts'
import { BIOMARKER_UNITS, BONE_APPEARANCES, BONE_FINDINGS, CONTRAST_PHASES, LESION_FINDINGS, LESION_KINDS, LESION_ROLES, MODALITIES, NEW_LESION_STATUSES, NON_TARGET_STATUSES, TARGET_STATUSES } from './vocabulary.ts'

/** ISO calendar date (YYYY-MM-DD); Zod's check also rejects 2026-02-30. */
export const IsoDateSchema = z.iso.date({ error: 'must be a real calendar date written YYYY-MM-DD' })

/**
 * Measurements are compared exactly in integer hundredths (criteria/shared/exact.ts), so a
 * value may carry at most two decimals. CT workstations report 0.1 mm and 0.1 HU. The test is
 * exact: k / 100 is the double nearest the decimal k/100, so a value written with at most two
 * decimals passes and anything else (70.000000001, 1e-9) is refused, never rounded.
 */
const hasAtMostTwoDecimals = (x: number) => Math.round(x * 100) / 100 === x

const millimetres = () =>
  z
    .number({ error: 'must be a non-negative number of millimetres' })
    .nonnegative({ error: 'must be a non-negative number of millimetres' })
    .max(10_000, { error: 'must be at most 10000 mm' })
    .refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals (0.01 mm)' })

export const HU_MIN = -1024
export const HU_MAX = 3071
const hounsfield = () =>
  z
    .number({ error: `must be a number of Hounsfield units in [${HU_MIN}, ${HU_MAX}]` })
    .min(HU_MIN, { error: `must be a number of Hounsfield units in [${HU_MIN}, ${HU_MAX}]` })
    .max(HU_MAX, { error: `must be a number of Hounsfield units in [${HU_MIN}, ${HU_MAX}]` })
    .refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals' })

/** A schema-level message that still says "is required" when the field is missing. */
const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message)

const nonEmptyText = (what: string) => z.string({ error: requiredOr(`must be ${what}`) }).trim().min(1, { error: `must be ${what}` })

export const ModalitySchema = z.enum(MODALITIES)
export const ContrastPhaseSchema = z.enum(CONTRAST_PHASES)
export const LesionKindSchema = z.enum(LESION_KINDS)
export const BoneAppearanceSchema = z.enum(BONE_APPEARANCES)
export const LesionRoleSchema = z.enum(LESION_ROLES)
export const TargetStatusSchema = z.enum(TARGET_STATUSES)
export const NonTargetStatusSchema = z.enum(NON_TARGET_STATUSES)
export const AssessmentStatusSchema = z.enum([...TARGET_STATUSES, ...NON_TARGET_STATUSES])
export const LesionFindingSchema = z.enum(LESION_FINDINGS)
/** The MD Anderson bone criteria's reader-coded findings (vocabulary.ts BONE_FINDINGS). */
export const BoneFindingSchema = z.enum(BONE_FINDINGS)

export const SettingsSchema = z
  .object({
    /** RECIST 1.1 §4.6: confirmation is required only where response is the primary endpoint of a non-randomised trial. @default 'required' */
    confirmation: z.enum(['required', 'not-required']).default('required').describe('Whether a CR or PR must be confirmed by a later assessment (RECIST 1.1 §4.6: required only where response is the primary endpoint of a non-randomised trial).'),
    /** A CR/PR is confirmed by an assessment this many days later or more (RECIST 1.1 §4.6: 4 weeks). @default 28 */
    confirmationMinDays: z.number().int().nonnegative().max(3650).default(28).describe('Days after a CR or PR on or after which a confirming assessment counts (RECIST 1.1 §4.6: no less than 4 weeks).'),
    /** SD counts for the best response only this many days after therapyStart (RECIST 1.1 §4.4: protocol-defined). @default 42 */
    sdMinDays: z.number().int().nonnegative().max(3650).default(42).describe('Days after therapy start (or baseline) before SD can be the best response (RECIST 1.1 §4.4: set by the protocol, usually 6–8 weeks).'),
    /** Added field: NE assessments allowed between a response and its confirmation (admiralonco max_nr_ne). @default 1 */
    maxNeBetween: z.number().int().nonnegative().max(100).default(1).describe('NE assessments allowed between a response and its confirmation (admiralonco max_nr_ne).'),
    /** Added field: PR only, one SD allowed between PR and its confirmation (admiralonco accept_sd). @default false */
    acceptSdBetween: z.boolean().default(false).describe('For PR only: one SD allowed between the PR and its confirmation (admiralonco accept_sd).'),
  })
  .strict()

/** Added: a standardised uptake value normalised to lean body mass (SUL), at most two decimals. */
const sul = () =>
  z
    .number({ error: 'must be a non-negative SUL value' })
    .nonnegative({ error: 'must be a non-negative SUL value' })
    .max(1000, { error: 'must be at most 1000' })
    .refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals' })

const positiveAtMost = (max: number, unit: string) =>
  z
    .number({ error: `must be a positive number of ${unit}` })
    .positive({ error: `must be a positive number of ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` })
    .refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals' })

/**
 * Added field `timepoints[].pet` (PERCIST, spec §8.3): the reference regions and acquisition
 * of a PET-CT scan. Liver: 3 cm sphere in the normal right lobe; blood pool: descending aorta.
 */
export const PetAcquisitionSchema = z
  .object({
    liverSulMean: sul().optional(),
    liverSulSd: sul().optional(),
    /** The reader judges the liver abnormal: the blood pool is the reference instead. @default false */
    liverAbnormal: z.boolean().optional(),
    bloodPoolSulMean: sul().optional(),
    bloodPoolSulSd: sul().optional(),
    /** Minutes from injection to acquisition. */
    uptakeMinutes: positiveAtMost(600, 'minutes').optional(),
    /** Blood glucose before injection, mg/dL. */
    glucoseMgDl: positiveAtMost(2000, 'mg/dL').optional(),
    injectedMBq: positiveAtMost(5000, 'MBq').optional(),
  })
  .strict()

/**
 * Added (issue #14, research measures): values compared exactly in integer ten-thousandths
 * (Ktrans in min⁻¹ is reported to 0.001–0.0001), so at most four decimals.
 */
const hasAtMostFourDecimals = (x: number) => Math.abs(x * 10_000 - Math.round(x * 10_000)) < 1e-6

const nonNegativeAtMost = (max: number, unit: string, decimals: 2 | 4 = 2) =>
  z
    .number({ error: `must be a non-negative number of ${unit}` })
    .nonnegative({ error: `must be a non-negative number of ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` })
    .refine(decimals === 2 ? hasAtMostTwoDecimals : hasAtMostFourDecimals, { error: `must have at most ${decimals} decimals` })

/**
 * Added field `lesions[].primaryTumour` (issue #14, spec §9.7): the lesion is the primary tumour.
 * A primary bone tumour of the axial skeleton (pelvis, spine, sacrum) that cannot be resected
 * may not be evaluable by size-and-density criteria: every criterion it affects says so.
 */
export const PrimaryTumourSchema = z
  .object({
    /** Where in the skeleton a primary bone tumour lies (kind "bone" only). */
    site: z.enum(['axial', 'appendicular']).optional(),
    /** false: judged unresectable. Absent: not stated. */
    resectable: z.boolean().optional(),
  })
  .strict()

export { BIOMARKER_UNITS }
export const BiomarkerTestSchema = z.enum(Object.keys(BIOMARKER_UNITS) as [keyof typeof BIOMARKER_UNITS, ...(keyof typeof BIOMARKER_UNITS)[]])

/** Added field `biomarkers[]` (issue #14): one dated blood value, with its unit written out so a wrong unit is refused. */
export const BiomarkerSampleSchema = z
  .object({
    date: IsoDateSchema,
    test: BiomarkerTestSchema,
    value: nonNegativeAtMost(1_000_000_000, 'units'),
    /** Must be the test's unit (BIOMARKER_UNITS); checked with the test so the message names it. */
    unit: z.string({ error: requiredOr('must be the unit of the test, e.g. "pg/mL"') }),
  })
  .strict()

export const TimepointSchema = z
  .object({
    id: nonEmptyText('a non-empty id'),
    date: IsoDateSchema,
    label: z.string().optional(),
    modality: ModalitySchema,
    contrastPhase: ContrastPhaseSchema,
    /** Reconstructed slice thickness; measurability needs max(10 mm, 2 × this). */
    sliceThicknessMm: millimetres().refine((x) => x > 0, { error: 'must be a positive number of millimetres' }).optional(),
    /** Tube voltage: attenuation is only comparable at like kVp (spec §9.5). */
    kvp: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).max(200, { error: 'must be at most 200 kVp' }).optional(),
    /** Added field: PET reference regions and acquisition of a "PET-CT" timepoint (PERCIST, spec §8.3). */
    pet: PetAcquisitionSchema.optional(),
    /**
     * Added field (WHO, Miller 1981; issue #10): the reader's estimated change in size of the
     * non-measurable disease since baseline, in per cent (−50 or less is WHO's "estimated decrease
     * of 50 %", +25 or more its "estimated increase of 25 %"). Read by WHO only.
     */
    nonMeasurableChangePct: z
      .number({ error: 'must be a percentage from -100 to 1000' })
      .min(-100, { error: 'must be a percentage from -100 to 1000' })
      .max(1000, { error: 'must be a percentage from -100 to 1000' })
      .refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals' })
      .optional()
      .describe("WHO only: the reader's estimated change in size of the non-measurable disease since baseline, in % (−50 or less: PR; +25 or more: PD)."),
  })
  .strict()

export const AssessmentSchema = z
  .object({
    timepoint: nonEmptyText('the id of a timepoint'),
    status: AssessmentStatusSchema,
    longAxisMm: millimetres().optional(),
    shortAxisMm: millimetres().optional(),
    attenuationHu: hounsfield().optional(),
    cavityLongAxisMm: millimetres().optional(),
    /**
     * Added field: the long axes of the fragments of a target that split (RECIST 1.1 §4.3.2:
     * their sum is the lesion's value). When given, their sum is used in place of longAxisMm.
     */
    fragmentsMm: z.array(millimetres()).min(1).max(20).optional(),
    findings: z.array(LesionFindingSchema).max(LesionFindingSchema.options.length).optional(),
    /** Added field (MD Anderson bone criteria, spec §5.3): the reader's coded findings for a bone lesion. */
    boneFindings: z.array(BoneFindingSchema).max(BoneFindingSchema.options.length).optional(),
    /**
     * Added field (iRECIST, spec §7.4), non-target lesions only: the reader sees a further
     * increase since the previous assessment. Needs not be unequivocal; the status keeps its meaning.
     */
    furtherIncrease: z.boolean().optional(),
    /** Added field (PERCIST, spec §8.2): SULpeak of the lesion, ~1 cm³ sphere, at a PET-CT timepoint. */
    sulPeak: sul().optional(),
    /** Added field (PERCIST, spec §8.4): total lesion glycolysis of the lesion (SULmean × metabolic volume, g). */
    tlg: z.number({ error: 'must be a non-negative number' }).nonnegative({ error: 'must be a non-negative number' }).max(1_000_000, { error: 'must be at most 1000000' }).refine(hasAtMostTwoDecimals, { error: 'must have at most two decimals' }).optional(),
    /** Added field (issue #14): lesion volume from segmentation, mL. */
    volumeMl: nonNegativeAtMost(100_000, 'millilitres').optional(),
    /**
     * Added field (issue #14): the third diameter, orthogonal to the long and short axes (usually
     * craniocaudal). With both axes it gives an ellipsoid volume estimate, π/6 × a × b × c.
     */
    thirdAxisMm: millimetres().optional(),
    /** Added field (issue #14, DCE-MRI): volume transfer constant Ktrans of the lesion, min⁻¹, at an MRI timepoint. */
    ktrans: nonNegativeAtMost(100, 'per minute (min⁻¹)', 4).optional(),
    /** Added field (issue #14, DCE-MRI): initial area under the gadolinium concentration curve over 60 s, mmol·s/L. */
    iauc60: nonNegativeAtMost(100_000, 'mmol·s/L', 4).optional(),
  })
  .strict()

export const LesionSchema = z
  .object({
    id: nonEmptyText('a non-empty id'),
    name: z.string(),
    organ: nonEmptyText('an organ name'),
    kind: LesionKindSchema,
    bone: z
      .object({
        appearance: BoneAppearanceSchema,
        softTissueComponent: z.boolean(),
      })
      .strict()
      .optional(),
    cystic: z.boolean().optional(),
    previouslyIrradiated: z.boolean().optional(),
    /** Added field (issue #14): this lesion is the primary tumour (see PrimaryTumourSchema). */
    primaryTumour: PrimaryTumourSchema.optional(),
    role: LesionRoleSchema,
    assessments: z.array(AssessmentSchema).max(500),
  })
  .strict()

/**
 * Added (iRECIST, spec §7.3–7.4): a new lesion at a timepoint after the one where it was first
 * seen. "increased" and "unequivocal-progression" are the reader's call for a new lesion that is
 * not measured (NLNT); a measured one is compared by its measurements.
 */
export const NewLesionStatusSchema = z.enum(NEW_LESION_STATUSES)
export const NewLesionAssessmentSchema = z
  .object({
    timepoint: nonEmptyText('the id of a timepoint'),
    status: NewLesionStatusSchema,
    longAxisMm: millimetres().optional(),
    shortAxisMm: millimetres().optional(),
  })
  .strict()

export const NewLesionSchema = z
  .object({
    timepoint: nonEmptyText('the id of a timepoint'),
    organ: nonEmptyText('an organ name'),
    /** An equivocal lesion is not PD until a later timepoint confirms it (RECIST 1.1 §4.3.3). @default false */
    equivocal: z.boolean().default(false),
    note: z.string().optional(),
    /** The index in newLesions of the equivocal entry that this entry confirms. */
    confirms: z.number().int().nonnegative().optional(),
    /** Added field: an id for the new lesion, unique among new lesions (names it in results). */
    id: nonEmptyText('a non-empty id').optional(),
    /** Added field (iRECIST, spec §7.3): decides which axis measures it (a node's short axis). @default 'non-nodal' */
    kind: LesionKindSchema.optional(),
    /** Added field (iRECIST, spec §7.3, A-I5): its size where first seen. */
    longAxisMm: millimetres().optional(),
    shortAxisMm: millimetres().optional(),
    /** Added field (PERCIST, spec §8.4): false when the lesion is not FDG-avid (it then does not make PMD). */
    fdgAvid: z.boolean().optional(),
    sulPeak: sul().optional(),
    /** Added field (iRECIST, spec §7.4): the new lesion at later timepoints. */
    assessments: z.array(NewLesionAssessmentSchema).max(500).optional(),
  })
  .strict()

export const PatientSchema = z
  .object({
    id: nonEmptyText('a non-empty patient id'),
    diagnosis: z.string().optional(),
    notes: z.string().optional(),
  })
  .strict()

/** Keys no object of the format may have: they alter objects in JavaScript (prototype pollution). */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
/** How deep a free-form value (an audit log's old and new value) may nest: a field's value, not a document. */
export const MAX_FREE_FORM_DEPTH = 16

/** Where a free-form value nests too deep or uses a reserved key, with the problem; null when it is fine. */
function freeFormProblem(value: unknown): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  while (stack.length) {
    const { value: v, path } = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (path.length >= MAX_FREE_FORM_DEPTH) return { path, message: `nests deeper than ${MAX_FREE_FORM_DEPTH} levels` }
    for (const key of Object.keys(v)) {
      if (RESERVED_KEYS.has(key)) return { path: [...path, key], message: `"${key}" is a reserved name and cannot be a key` }
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, Array.isArray(v) ? Number(key) : key] })
    }
  }
  return null
}

/** Any JSON value, bounded in depth and free of reserved keys. */
const freeForm = () =>
  z.unknown().superRefine((value, ctx) => {
    const problem = freeFormProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message })
  })

const notReserved = z.string().refine((key) => !RESERVED_KEYS.has(key), { error: 'is a reserved name and cannot be a key' })

/** Added field (trial documentation): a reader's sign-off of one timepoint's assessment. */
export const SignOffSchema = z
  .object({
    timepoint: nonEmptyText('the id of a timepoint'),
    assessor: nonEmptyText("the assessor's name"),
    /** Free text, e.g. "site radiologist", "independent central reviewer". */
    role: nonEmptyText('a role, e.g. "site radiologist"'),
    date: IsoDateSchema,
    /** Added field: when it was signed, ISO 8601 date-time with Z or an offset (the report prints it in the reader's time zone). */
    at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with Z or an offset, e.g. 2026-03-04T10:15:00Z' }).optional(),
    /** Added field: what the signature means, e.g. "measurements read and verified". */
    meaning: nonEmptyText('what the signature means, e.g. "measurements read and verified"').optional(),
  })
  .strict()

/** Added field (trial documentation): one change made to a case after a timepoint was signed off. */
export const AuditEntrySchema = z
  .object({
    /** ISO 8601 date-time with Z or an offset, e.g. 2026-03-04T10:15:00Z. */
    at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with Z or an offset, e.g. 2026-03-04T10:15:00Z' }),
    who: nonEmptyText('the name of who made the change'),
    /** JSON path of the changed field, e.g. lesions[0].assessments[1].longAxisMm. */
    field: nonEmptyText('a JSON path, e.g. lesions[0].assessments[1].longAxisMm'),
    /** The value before and after (absent: the field did not exist / was removed). */
    old: freeForm().optional(),
    new: freeForm().optional(),
    reason: nonEmptyText('the reason for changing signed-off data'),
  })
  .strict()

/** Each criterion's options, by criterion id; each module validates its own (see criteria/registry.ts). */
export const CriteriaOptionsSchema = z.record(notReserved, z.record(notReserved, freeForm()))

const CaseObjectSchema = z
  .object({
    format: z.literal('tumor-response-case', { error: requiredOr('must be "tumor-response-case"') }),
    version: z.literal(1, { error: requiredOr('must be 1 (the only version so far)') }),
    patient: PatientSchema,
    therapyStart: IsoDateSchema.optional(),
    settings: SettingsSchema.default(defaultsOf(SettingsSchema)),
    timepoints: z.array(TimepointSchema).min(1, { error: 'must list at least the baseline timepoint' }).max(200),
    lesions: z.array(LesionSchema).max(MAX_LESIONS),
    newLesions: z.array(NewLesionSchema).max(500).default([]),
    criteriaOptions: CriteriaOptionsSchema.optional(),
    /** Added field: sign-offs of timepoints (docs/case-format-additions.md). */
    signOffs: z.array(SignOffSchema).max(2000).optional(),
    /** Added field: every change after sign-off, oldest first (docs/case-format-additions.md). */
    auditLog: z.array(AuditEntrySchema).max(100_000).optional(),
    /** Added field (issue #14): dated blood biomarker values (docs/case-format-additions.md). */
    biomarkers: z.array(BiomarkerSampleSchema).max(10_000).optional(),
  })
  .strict()

type CaseObject = z.infer<typeof CaseObjectSchema>

/** The cross-field rules of case-format.md, each reported at the path of the offending field. */
function checkReferences(kase: CaseObject, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })

  const dateOf = new Map<string, string>()
  const idOfDate = new Map<string, string>()
  kase.timepoints.forEach((t, i) => {
    if (dateOf.has(t.id)) issue(['timepoints', i, 'id'], `duplicate timepoint id "${t.id}"`)
    else dateOf.set(t.id, t.date)
    // Timepoints are ordered by date; two on one day would leave the order (and baseline) undefined.
    const sameDay = idOfDate.get(t.date)
    if (sameDay !== undefined) issue(['timepoints', i, 'date'], `timepoint "${t.id}" has the same date as "${sameDay}"`)
    else idOfDate.set(t.date, t.id)
  })
  const baselineDate = [...dateOf.values()].sort()[0]
  const modalityOf = new Map(kase.timepoints.map((t) => [t.id, t.modality]))
  kase.timepoints.forEach((t, i) => checkPet(t, ['timepoints', i, 'pet'], issue))

  const lesionIds = new Set<string>()
  kase.lesions.forEach((lesion, li) => {
    const at = (...rest: (string | number)[]) => ['lesions', li, ...rest]
    if (lesionIds.has(lesion.id)) issue(at('id'), `duplicate lesion id "${lesion.id}"`)
    lesionIds.add(lesion.id)
    if (lesion.kind === 'bone' && !lesion.bone) issue(at('bone'), 'is required for a bone lesion (appearance and soft-tissue component)')
    if (lesion.kind !== 'bone' && lesion.bone) issue(at('bone'), 'is only for lesions of kind "bone"')

    const seen = new Set<string>()
    lesion.assessments.forEach((a, ai) => {
      const here = (...rest: (string | number)[]) => at('assessments', ai, ...rest)
      if (!dateOf.has(a.timepoint)) issue(here('timepoint'), `names no timepoint: "${a.timepoint}"`)
      if (seen.has(a.timepoint)) issue(here('timepoint'), `a second assessment of this lesion at timepoint "${a.timepoint}"`)
      seen.add(a.timepoint)

      const allowed: readonly string[] = lesion.role === 'target' ? TargetStatusSchema.options : NonTargetStatusSchema.options
      if (!allowed.includes(a.status)) issue(here('status'), `must be one of ${allowed.join(', ')} for a ${lesion.role} lesion`)

      if (a.shortAxisMm !== undefined && a.longAxisMm !== undefined && a.shortAxisMm > a.longAxisMm)
        issue(here('shortAxisMm'), 'must not be larger than longAxisMm')
      if (a.cavityLongAxisMm !== undefined && a.longAxisMm !== undefined && a.cavityLongAxisMm > a.longAxisMm)
        issue(here('cavityLongAxisMm'), 'must not be larger than longAxisMm')
      if (a.boneFindings !== undefined && lesion.kind !== 'bone') issue(here('boneFindings'), 'is only for lesions of kind "bone"')
      if (a.furtherIncrease !== undefined && lesion.role !== 'non-target') issue(here('furtherIncrease'), 'is only for non-target lesions (iRECIST)')
      if ((a.sulPeak !== undefined || a.tlg !== undefined) && modalityOf.get(a.timepoint) !== undefined && modalityOf.get(a.timepoint) !== 'PET-CT')
        issue(here(a.sulPeak !== undefined ? 'sulPeak' : 'tlg'), `is only for PET-CT timepoints; "${a.timepoint}" is ${modalityOf.get(a.timepoint)}`)

      if (lesion.role === 'target' && a.status === 'measured') {
        if (lesion.kind === 'lymph-node' && a.shortAxisMm === undefined)
          issue(here('shortAxisMm'), 'is required for a measured lymph-node target (RECIST 1.1 measures nodes by short axis)')
        if (lesion.kind !== 'lymph-node' && a.longAxisMm === undefined && a.fragmentsMm === undefined)
          issue(here('longAxisMm'), 'is required for a measured target')
      }
    })
  })

  const newLesionIds = new Set<string>()
  kase.newLesions.forEach((n, ni) => {
    const at = (...rest: (string | number)[]) => ['newLesions', ni, ...rest]
    const date = dateOf.get(n.timepoint)
    if (date === undefined) issue(at('timepoint'), `names no timepoint: "${n.timepoint}"`)
    else if (date === baselineDate) issue(at('timepoint'), 'a new lesion cannot be recorded at baseline')
    if (n.confirms !== undefined) {
      const target = kase.newLesions[n.confirms]
      if (!target) issue(at('confirms'), `names no new lesion: index ${n.confirms}`)
      else if (!target.equivocal) issue(at('confirms'), `must name an equivocal new lesion; newLesions[${n.confirms}] is not equivocal`)
      else {
        const confirmedDate = dateOf.get(target.timepoint)
        if (date !== undefined && confirmedDate !== undefined && confirmedDate >= date)
          issue(at('confirms'), `must confirm a lesion first seen at an earlier timepoint`)
      }
      if (n.equivocal) issue(at('equivocal'), 'an entry that confirms another must itself be unequivocal')
    }
    checkNewLesionMeasures(n, at, dateOf, newLesionIds, issue)
  })
}

type Issue = (path: (string | number)[], message: string) => void

/** Added fields `timepoints[].pet`: only on PET-CT; means and SDs in pairs; an abnormal liver needs the blood pool. */
function checkPet(t: Timepoint, at: (string | number)[], issue: Issue) {
  const pet = t.pet
  if (!pet) return
  if (t.modality !== 'PET-CT') issue(at, `is only for timepoints of modality "PET-CT"; this one is ${t.modality}`)
  const pairs = [['liverSulMean', 'liverSulSd'], ['bloodPoolSulMean', 'bloodPoolSulSd']] as const
  for (const [mean, sd] of pairs) {
    if (pet[mean] !== undefined && pet[sd] === undefined) issue([...at, sd], `is required with ${mean}`)
    if (pet[sd] !== undefined && pet[mean] === undefined) issue([...at, mean], `is required with ${sd}`)
  }
  if (pet.liverAbnormal && pet.bloodPoolSulMean === undefined) issue([...at, 'bloodPoolSulMean'], 'is required when liverAbnormal is true (the blood pool is then the reference)')
}

/** Added fields of `newLesions[]`: unique ids, sizes that fit, and later assessments of the lesion. */
function checkNewLesionMeasures(n: NewLesion, at: (...rest: (string | number)[]) => (string | number)[], dateOf: Map<string, string>, ids: Set<string>, issue: Issue) {
  if (n.id !== undefined) {
    if (ids.has(n.id)) issue(at('id'), `duplicate new lesion id "${n.id}"`)
    ids.add(n.id)
  }
  if (n.shortAxisMm !== undefined && n.longAxisMm !== undefined && n.shortAxisMm > n.longAxisMm) issue(at('shortAxisMm'), 'must not be larger than longAxisMm')
  const firstDate = dateOf.get(n.timepoint)
  const seen = new Set<string>()
  n.assessments?.forEach((a, ai) => {
    const here = (...rest: (string | number)[]) => at('assessments', ai, ...rest)
    const date = dateOf.get(a.timepoint)
    if (date === undefined) issue(here('timepoint'), `names no timepoint: "${a.timepoint}"`)
    else if (firstDate !== undefined && date <= firstDate) issue(here('timepoint'), `must be a timepoint after "${n.timepoint}", where the new lesion was first seen`)
    if (seen.has(a.timepoint)) issue(here('timepoint'), `a second assessment of this new lesion at timepoint "${a.timepoint}"`)
    seen.add(a.timepoint)
    if (a.shortAxisMm !== undefined && a.longAxisMm !== undefined && a.shortAxisMm > a.longAxisMm) issue(here('shortAxisMm'), 'must not be larger than longAxisMm')
    if (a.status === 'measured') {
      if (n.kind === 'lymph-node' && a.shortAxisMm === undefined) issue(here('shortAxisMm'), 'is required for a measured lymph node (measured by short axis)')
      if (n.kind !== 'lymph-node' && a.longAxisMm === undefined) issue(here('longAxisMm'), 'is required for a measured new lesion')
    }
  })
}

/** Sign-offs name real timepoints, once per assessor, on or after the scan; the audit log is in time order. */
function checkDocumentation(kase: CaseObject, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const dateOf = new Map(kase.timepoints.map((t) => [t.id, t.date]))
  const seen = new Set<string>()
  kase.signOffs?.forEach((s, i) => {
    const date = dateOf.get(s.timepoint)
    if (date === undefined) issue(['signOffs', i, 'timepoint'], `names no timepoint: "${s.timepoint}"`)
    else if (s.date < date) issue(['signOffs', i, 'date'], `must not be before the timepoint's date ${date}`)
    const key = JSON.stringify([s.timepoint, s.assessor])
    if (seen.has(key)) issue(['signOffs', i, 'assessor'], `"${s.assessor}" already signed off timepoint "${s.timepoint}"`)
    seen.add(key)
  })
  kase.auditLog?.forEach((entry, i) => {
    const previous = i > 0 ? kase.auditLog?.[i - 1] : undefined
    if (previous && Date.parse(entry.at) < Date.parse(previous.at)) issue(['auditLog', i, 'at'], `must not be earlier than auditLog[${i - 1}].at (${previous.at}): the log is in time order`)
  })
}

/**
 * Added fields of issue #14: DCE-MRI values only at MRI timepoints, a skeletal site only on a bone
 * lesion, the third axis no longer than the long axis, and each biomarker in its own unit, once a day.
 */
function checkBeyondDiameters(kase: CaseObject, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const modalityOf = new Map(kase.timepoints.map((t) => [t.id, t.modality]))
  kase.lesions.forEach((lesion, li) => {
    if (lesion.primaryTumour?.site !== undefined && lesion.kind !== 'bone') issue(['lesions', li, 'primaryTumour', 'site'], 'is only for lesions of kind "bone" (a primary bone tumour)')
    lesion.assessments.forEach((a, ai) => {
      const modality = modalityOf.get(a.timepoint)
      for (const field of ['ktrans', 'iauc60'] as const)
        if (a[field] !== undefined && modality !== undefined && modality !== 'MRI') issue(['lesions', li, 'assessments', ai, field], `is only for MRI timepoints (DCE-MRI); "${a.timepoint}" is ${modality}`)
      if (a.thirdAxisMm !== undefined && a.longAxisMm !== undefined && a.thirdAxisMm > a.longAxisMm)
        issue(['lesions', li, 'assessments', ai, 'thirdAxisMm'], 'must not be larger than longAxisMm (the long axis is the longest diameter)')
    })
  })
  const seen = new Set<string>()
  kase.biomarkers?.forEach((b, i) => {
    const unit = BIOMARKER_UNITS[b.test]
    if (b.unit !== unit) issue(['biomarkers', i, 'unit'], `must be "${unit}" for ${b.test}`)
    const key = `${b.date}|${b.test}`
    if (seen.has(key)) issue(['biomarkers', i, 'test'], `a second ${b.test} value on ${b.date}`)
    seen.add(key)
  })
}

export const CaseSchema = CaseObjectSchema.superRefine(checkReferences).superRefine(checkDocumentation).superRefine(checkBeyondDiameters)

/**
 * The case without its lesions' contents (each is parsed on its own with LesionSchema), and the
 * cross-field rules run once the whole case is put together: what `caseParser` (evaluate.ts) uses
 * to parse again only the lesions that changed. Together they accept exactly what CaseSchema accepts.
 */
export const CaseShellSchema = CaseObjectSchema.extend({ lesions: z.array(z.unknown()).max(MAX_LESIONS) })
export function caseRuleIssues(kase: CaseObject): number {
  let issues = 0
  const ctx = { addIssue: () => void issues++ } as unknown as z.RefinementCtx
  for (const check of [checkReferences, checkDocumentation, checkBeyondDiameters]) check(kase, ctx)
  return issues
}

/** A parsed, validated case: what the engine receives. */
export type Case = z.infer<typeof CaseSchema>
/** What a form or a file holds before parsing. */
export type CaseInput = z.input<typeof CaseSchema>
export type Timepoint = z.infer<typeof TimepointSchema>
export type Lesion = z.infer<typeof LesionSchema>
export type Assessment = z.infer<typeof AssessmentSchema>
export type NewLesion = z.infer<typeof NewLesionSchema>
export type NewLesionAssessment = z.infer<typeof NewLesionAssessmentSchema>
export type PetAcquisition = z.infer<typeof PetAcquisitionSchema>
export type Settings = z.infer<typeof SettingsSchema>
export type LesionFinding = z.infer<typeof LesionFindingSchema>
export type BoneFinding = z.infer<typeof BoneFindingSchema>
export type SignOff = z.infer<typeof SignOffSchema>
export type AuditEntry = z.infer<typeof AuditEntrySchema>
export type PrimaryTumour = z.infer<typeof PrimaryTumourSchema>
export type BiomarkerSample = z.infer<typeof BiomarkerSampleSchema>
export type BiomarkerTest = z.infer<typeof BiomarkerTestSchema>

/** Per-visit overall responses, as readers report them (case-format.md, response series). */
export const SeriesResponseSchema = z.enum(['CR', 'PR', 'SD', 'NON-CR/NON-PD', 'PD', 'NE', 'ND'])
export type SeriesResponse = z.infer<typeof SeriesResponseSchema>

export const SeriesSettingsSchema = z
  .object({
    confirmation: z.enum(['required', 'not-required']).default('required'),
    confirmationMinDays: z.number().int().nonnegative().max(3650).default(28),
    sdMinDays: z.number().int().nonnegative().max(3650).default(28),
    /** NE visits allowed between a response and its confirmation (admiralonco max_nr_ne). @default 1 */
    maxNeBetween: z.number().int().nonnegative().max(100).default(1),
    /** PR only: one SD allowed between PR and its confirmation (admiralonco accept_sd). @default false */
    acceptSdBetween: z.boolean().default(false),
    /**
     * Added fields (issue #10): how the series is read where RECIST 1.1 and admiralonco differ.
     * `preset` "admiralonco" sets the three below as admiralonco's derive_param_bor /
     * derive_param_confirmed_bor read them; any of the three set here takes precedence.
     * @default "recist"
     */
    preset: z.enum(['recist', 'admiralonco']).optional().describe('How the series is read where RECIST 1.1 and admiralonco differ: "recist" (default) or "admiralonco" (responses as recorded, assessments before therapyStart and after the first PD kept).'),
    responseAfterCr: z.enum(['pd', 'as_recorded']).optional().describe('A PR, SD or NON-CR/NON-PD after a CR: PD (RECIST 1.1 Table 3 footnote; default) or as recorded (admiralonco).'),
    beforeTherapyStart: z.enum(['drop', 'keep']).optional().describe('Assessments before therapyStart: dropped (RECIST 1.1 §4.4; default) or kept (admiralonco).'),
    afterFirstPd: z.enum(['drop', 'keep']).optional().describe('Assessments after the first PD: dropped (RECIST 1.1 §4.4; default) or kept (admiralonco, which leaves cutting at PD to its caller).'),
  })
  .strict()
export type SeriesSettings = z.infer<typeof SeriesSettingsSchema>

export const SeriesSchema = z
  .object({
    format: z.literal('tumor-response-series', { error: requiredOr('must be "tumor-response-series"') }),
    version: z.literal(1, { error: requiredOr('must be 1 (the only version so far)') }),
    therapyStart: IsoDateSchema,
    settings: SeriesSettingsSchema.default(defaultsOf(SeriesSettingsSchema)),
    assessments: z
      .array(z.object({ date: IsoDateSchema, response: SeriesResponseSchema }).strict())
      .max(1000),
  })
  .strict()
  .superRefine((series, ctx) => {
    // One response per visit date (as admiralonco expects): two on one day leave the order undefined.
    const seen = new Set<string>()
    series.assessments.forEach((a, i) => {
      if (seen.has(a.date)) ctx.addIssue({ code: 'custom', path: ['assessments', i, 'date'], message: `a second assessment on ${a.date}` })
      seen.add(a.date)
    })
  })
export type Series = z.infer<typeof SeriesSchema>
export type SeriesInput = z.input<typeof SeriesSchema>
