/**
 * The entry grid as data: rows (timepoint fields, then each lesion's fields) × timepoint
 * columns. Rendering, keyboard movement and spreadsheet paste all read this one model, so a
 * pasted block lands exactly where the arrow keys would go.
 */
import { BIOMARKER_UNITS, BONE_FINDINGS, CONTRAST_PHASES, ellipsoidHundredthsMl, formatPath, LESION_FINDINGS, MODALITIES, NEW_LESION_STATUSES, NON_TARGET_STATUSES, TARGET_STATUSES, type PetAcquisition } from '../../../criteria/index.ts'
import { FRAGMENT_SEPARATOR, typedNumber, type CaseDraft, type DraftAssessment, type DraftLesion, type DraftTimepoint } from '../../store/case-draft.ts'
import { setBiomarker, setAssessmentField, setAssessmentStatus, setIn, setLongAxis, setNewLesionAssessment, setTimepointPet, toggleFinding, type Path } from './draft-edits.ts'

export interface Option {
  value: string
  label: string
}

export interface GridCell {
  /** Unique in the grid; also the undo-coalescing key. */
  key: string
  /** Accessible name: lesion, field and timepoint. */
  label: string
  kind: 'text' | 'select' | 'findings'
  options?: readonly Option[]
  value: string
  /** Selected findings (kind "findings"), from `options`. */
  findings?: readonly string[]
  /** Ticks or unticks one finding (kind "findings"). */
  toggle?: (draft: CaseDraft, finding: string, on: boolean) => CaseDraft
  /** Where the schema reports problems with this cell; null when nothing is recorded yet. */
  path: Path | null
  /** More places whose problems show on this cell, each message after its name (if any). */
  also?: readonly { path: Path; name?: string }[]
  /** Why nothing belongs here (a PET field of a timepoint that is not PET-CT): the cell is read-only and paste skips it. */
  disabled?: string
  numeric?: boolean
  placeholder?: string
  /** Shown on hover (the input's title). */
  hint?: string
  /** The text typed is written when the cell is left (or on Enter), not per keystroke: a half-typed date means nothing. */
  commitOnLeave?: boolean
  write: (draft: CaseDraft, text: string) => CaseDraft
}

export interface GridRow {
  key: string
  /** Row header, e.g. "Long axis (mm)". */
  field: string
  /** The lesion this row belongs to, or null for a timepoint row. */
  lesionIndex: number | null
  cells: GridCell[]
}

/**
 * A lesion's row whose cells are made when first read. Opening a 200 × 200 case builds every
 * lesion's rows (their number places each row of the grid), but only the few lesions in view are
 * rendered (grid-window.ts): their 280,000 cells need not all be made.
 */
function lazyRow(key: string, field: string, lesionIndex: number, makeCells: () => GridCell[]): GridRow {
  let cells: GridCell[] | undefined
  return {
    key,
    field,
    lesionIndex,
    get cells() {
      return (cells ??= makeCells())
    },
  }
}

const human = (value: string) => value.replace(/-/g, ' ')
const optionsOf = (values: readonly string[], blank?: string): Option[] => [
  ...(blank === undefined ? [] : [{ value: '', label: blank }]),
  ...values.map((v) => ({ value: v, label: human(v) })),
]

export const MODALITY_OPTIONS = optionsOf(MODALITIES)
export const PHASE_OPTIONS = optionsOf(CONTRAST_PHASES)
export const TARGET_STATUS_OPTIONS = optionsOf(TARGET_STATUSES, '— not recorded')
export const NON_TARGET_STATUS_OPTIONS = optionsOf(NON_TARGET_STATUSES, '— not recorded')
export const NEW_LESION_STATUS_OPTIONS = optionsOf(NEW_LESION_STATUSES, '— not recorded')
export const FINDING_OPTIONS = optionsOf(LESION_FINDINGS)
export const BONE_FINDING_OPTIONS = optionsOf(BONE_FINDINGS)
/** Short names that fit a grid cell. */
export const FINDING_SHORT: Record<string, string> = {
  'new-intratumoral-nodule': 'new nodule',
  'enlarging-intratumoral-nodule': 'enlarging nodule',
  'marked-central-necrosis': 'necrosis',
  'central-fill-in': 'fill-in',
  'new-enhancement': 'new enhancement',
  cavitation: 'cavitation',
  mineralization: 'mineralization',
}

/** A yes/no flag: absent reads "no", and "no" removes the key (both flags default to false). */
export const YES_NO_OPTIONS: readonly Option[] = [
  { value: 'false', label: 'no' },
  { value: 'true', label: 'yes' },
]
const yesNoValue = (v: unknown) => (v === true ? 'true' : v === undefined || v === false ? 'false' : String(v))
const yesNoWrite = (text: string): unknown => {
  const v = matchOption(YES_NO_OPTIONS, text)
  return v === 'true' ? true : v === 'false' || v === '' ? undefined : v
}

/** Text for an input: a typed number stays as typed, absent is empty. */
export const asText = (value: unknown) => (value === undefined || value === null ? '' : String(value))

export const timepointTitle = (t: DraftTimepoint, index: number) => t.label?.trim() || t.date || `Timepoint ${index + 1}`
export const lesionTitle = (l: DraftLesion, index: number) => l.id.trim() || `Lesion ${index + 1}`

type TimepointField = 'date' | 'label' | 'modality' | 'contrastPhase' | 'kvp' | 'sliceThicknessMm' | 'nonMeasurableChangePct'
interface TimepointRow {
  field: TimepointField
  title: string
  options?: Option[]
  numeric?: boolean
  placeholder?: string
  hint?: string
}
const TIMEPOINT_ROWS: TimepointRow[] = [
  { field: 'date', title: 'Date', placeholder: 'YYYY-MM-DD' },
  { field: 'label', title: 'Label' },
  { field: 'modality', title: 'Modality', options: MODALITY_OPTIONS },
  { field: 'contrastPhase', title: 'Contrast phase', options: PHASE_OPTIONS },
  { field: 'kvp', title: 'Tube voltage (kVp)', numeric: true },
  { field: 'sliceThicknessMm', title: 'Slice thickness (mm)', numeric: true },
]
/**
 * WHO (Miller 1981) judges non-measurable disease by the reader's estimate: a decrease of 50 % or
 * more is PR, an increase of 25 % or more PD. One number per timepoint for all non-target lesions,
 * so it sits with the timepoint rows; shown once the case has a non-target lesion or an estimate.
 */
const NON_MEASURABLE_ROW: TimepointRow = {
  field: 'nonMeasurableChangePct',
  title: 'Non-measurable disease, estimated change (%)',
  numeric: true,
  placeholder: '%',
  hint: 'WHO only: your estimate of the change in size of all non-measurable (non-target) disease since baseline, in %: −50 or less is PR, +25 or more is PD',
}
export const showsNonMeasurable = (draft: CaseDraft) => draft.lesions.some((l) => l.role === 'non-target') || draft.timepoints.some((t) => given(t.nonMeasurableChangePct))

type MeasureField = 'longAxisMm' | 'shortAxisMm' | 'attenuationHu' | 'cavityLongAxisMm' | 'sulPeak' | 'tlg' | 'thirdAxisMm' | 'volumeMl' | 'ktrans' | 'iauc60'
interface MeasureRow {
  field: MeasureField
  title: string
  /** In the cell's accessible name; default: the title in lower case. */
  name?: string
}
const MEASURE_ROWS: MeasureRow[] = [
  { field: 'longAxisMm', title: 'Long axis (mm)' },
  { field: 'shortAxisMm', title: 'Short axis (mm)' },
  { field: 'attenuationHu', title: 'Attenuation (HU)', name: 'attenuation (HU)' },
  { field: 'cavityLongAxisMm', title: 'Cavity (mm)' },
]

/** PERCIST (spec §8): each timepoint's reference regions and acquisition, then each lesion's uptake. */
const PET_TITLES: Record<keyof PetAcquisition, string> = {
  liverSulMean: 'Liver SULmean',
  liverSulSd: 'Liver SUL SD',
  liverAbnormal: 'Liver abnormal',
  bloodPoolSulMean: 'Blood pool SULmean',
  bloodPoolSulSd: 'Blood pool SUL SD',
  uptakeMinutes: 'Uptake time (min)',
  glucoseMgDl: 'Glucose (mg/dL)',
  injectedMBq: 'Injected activity (MBq)',
}
const PET_LESION_ROWS: MeasureRow[] = [
  { field: 'sulPeak', title: 'SULpeak', name: 'SULpeak' },
  { field: 'tlg', title: 'TLG', name: 'TLG' },
]
const isPet = (t: DraftTimepoint) => t.modality === 'PET-CT'
const PET_ONLY = 'Only for PET-CT timepoints'
const given = (v: unknown) => v !== undefined && v !== ''
/** PET rows show when a timepoint is PET-CT, or when PET values are recorded (so that their problems reach a field). */
export const showsPet = (draft: CaseDraft) =>
  draft.timepoints.some((t) => isPet(t) || t.pet !== undefined) || draft.lesions.some((l) => l.assessments.some((a) => given(a.sulPeak) || given(a.tlg)))

/**
 * Issue #14: volume rows (third axis, segmented volume) on target lesions that are bone or a
 * primary tumour, or on every target once a case records a volume; DCE-MRI rows (Ktrans, iAUC60)
 * on every lesion once a timepoint is MRI, read-only elsewhere (as the PET rows).
 */
const VOLUME_ROWS: MeasureRow[] = [
  { field: 'thirdAxisMm', title: 'Third axis (mm)' },
  { field: 'volumeMl', title: 'Volume (mL)', name: 'volume' },
]
const DCE_ROWS: MeasureRow[] = [
  { field: 'ktrans', title: 'Ktrans (min⁻¹)', name: 'Ktrans' },
  { field: 'iauc60', title: 'iAUC60 (mmol·s/L)', name: 'iAUC60' },
]
const isMri = (t: DraftTimepoint) => t.modality === 'MRI'
const MRI_ONLY = 'Only for MRI timepoints (DCE-MRI)'
export const showsDce = (draft: CaseDraft) => draft.timepoints.some(isMri) || draft.lesions.some((l) => l.assessments.some((a) => given(a.ktrans) || given(a.iauc60)))
const recordsVolume = (draft: CaseDraft) => draft.lesions.some((l) => l.assessments.some((a) => given(a.volumeMl) || given(a.thirdAxisMm)))
/** Where a column's cells are read-only (PET rows off PET-CT, DCE rows off MRI). */
interface Gate {
  open: (t: DraftTimepoint) => boolean
  reason: string
}
const PET_GATE: Gate = { open: isPet, reason: PET_ONLY }
const MRI_GATE: Gate = { open: isMri, reason: MRI_ONLY }

/** The ellipsoid estimate π/6 × a × b × c shown in an empty volume cell, when the three axes are numbers. */
function volumeEstimate(a: DraftAssessment | undefined): string | undefined {
  const axes = [a?.longAxisMm, a?.shortAxisMm, a?.thirdAxisMm].map((v) => (typeof v === 'number' ? v : typeof v === 'string' ? typedNumber(v) : undefined))
  if (!axes.every((v): v is number => typeof v === 'number')) return undefined
  return `≈ ${ellipsoidHundredthsMl(axes[0]!, axes[1]!, axes[2]!) / 100} (estimate)`
}

/** Which optional row groups the draft shows: they depend on the whole case, so they are part of each cached part's key. */
interface Shows {
  pet: boolean
  dce: boolean
  volume: boolean
}

/**
 * The long-axis cell also holds a split lesion's fragments (RECIST 1.1 §4.3.2), shown and typed
 * as "12 + 8.5"; a problem with the fragments or one of them shows on the cell, named.
 */
function withFragments(cell: GridCell, fragments: DraftAssessment['fragmentsMm'], li: number, timepointId: string): GridCell {
  const write = (d: CaseDraft, text: string) => setLongAxis(d, li, timepointId, text)
  const hint = 'Long axis in mm; the fragments of a split lesion as 12 + 8.5'
  if (fragments === undefined || cell.path === null) return { ...cell, hint, write }
  const at = cell.path.slice(0, -1).concat('fragmentsMm')
  const count = typeof fragments === 'string' ? fragments.split(FRAGMENT_SEPARATOR).length : fragments.length
  return {
    ...cell,
    hint,
    write,
    value: typeof fragments === 'string' ? fragments : fragments.join(' + '),
    also: [{ path: at, name: 'fragments' }, ...Array.from({ length: count }, (_, i) => ({ path: [...at, i], name: `fragment ${i + 1}` }))],
  }
}

/** Matches pasted or typed text to an option by value or label; unknown text is kept as typed. */
export function matchOption(options: readonly Option[], text: string): string {
  const t = text.trim().toLowerCase()
  return options.find((o) => o.value.toLowerCase() === t || o.label.toLowerCase() === t)?.value ?? text.trim()
}

/**
 * The grid's rows. Built from parts cached by the objects they come from: an edit replaces only
 * the objects on its path (draft-edits.ts), so a keystroke in a 200 × 200 case rebuilds one
 * lesion's rows, not the 280,000 cells of all of them.
 */
export function buildGrid(draft: CaseDraft): GridRow[] {
  const pet = showsPet(draft)
  const rows = timepointRows(draft.timepoints, pet, showsNonMeasurable(draft))
  const out = rows.slice()
  const shows: Shows = { pet, dce: showsDce(draft), volume: recordsVolume(draft) }
  draft.lesions.forEach((lesion, li) => out.push(...lesionRows(lesion, li, draft.timepoints, shows)))
  return out
}

/** Rows of one part of the grid, with what they were built from besides the key object. */
interface Built {
  li: number
  timepoints: readonly DraftTimepoint[]
  shows: string
  rows: GridRow[]
}
const timepointCache = new WeakMap<readonly DraftTimepoint[], Built>()
const lesionCache = new WeakMap<DraftLesion, Built>()
function cached<K extends object>(cache: WeakMap<K, Built>, key: K, li: number, timepoints: readonly DraftTimepoint[], shows: string, build: () => GridRow[]): GridRow[] {
  const hit = cache.get(key)
  if (hit && hit.li === li && hit.timepoints === timepoints && hit.shows === shows) return hit.rows
  const rows = build()
  cache.set(key, { li, timepoints, shows, rows })
  return rows
}

const timepointRows = (timepoints: readonly DraftTimepoint[], pet: boolean, nonMeasurable: boolean) =>
  cached(timepointCache, timepoints, -1, timepoints, `${pet}|${nonMeasurable}`, () => buildTimepointRows(timepoints, pet, nonMeasurable))
const lesionRows = (lesion: DraftLesion, li: number, timepoints: readonly DraftTimepoint[], shows: Shows) =>
  cached(lesionCache, lesion, li, timepoints, `${shows.pet}|${shows.dce}|${shows.volume}`, () => buildLesionRows(lesion, li, timepoints, shows))

function buildTimepointRows(timepoints: readonly DraftTimepoint[], pet: boolean, nonMeasurable: boolean): GridRow[] {
  const rows: GridRow[] = (nonMeasurable ? [...TIMEPOINT_ROWS, NON_MEASURABLE_ROW] : TIMEPOINT_ROWS).map((def) => ({
    key: `tp-${def.field}`,
    field: def.title,
    lesionIndex: null,
    cells: timepoints.map((t, ti): GridCell => {
      const path = ['timepoints', ti, def.field]
      return {
        key: `tp-${t.id}-${def.field}`,
        label: `${def.title} of ${timepointTitle(t, ti)}`,
        kind: def.options ? 'select' : 'text',
        options: def.options,
        value: asText(t[def.field]),
        path,
        numeric: def.numeric,
        placeholder: def.placeholder,
        hint: def.hint,
        commitOnLeave: def.field === 'date' || undefined,
        write: (d, text) => setIn(d, path, def.options ? matchOption(def.options, text) : text),
      }
    }),
  }))
  if (pet)
    for (const field of Object.keys(PET_TITLES) as (keyof PetAcquisition)[]) {
      const title = PET_TITLES[field]
      const yesNo = field === 'liverAbnormal'
      rows.push({
        key: `tp-pet-${field}`,
        field: title,
        lesionIndex: null,
        cells: timepoints.map((t, ti): GridCell => {
          const raw = t.pet?.[field]
          const off = !isPet(t) && !given(raw)
          return {
            key: `tp-${t.id}-pet-${field}`,
            label: `${title} of ${timepointTitle(t, ti)}`,
            kind: yesNo ? 'select' : 'text',
            options: yesNo ? YES_NO_OPTIONS : undefined,
            value: yesNo ? yesNoValue(raw) : asText(raw),
            path: ['timepoints', ti, 'pet', field],
            // "pet is only for PET-CT timepoints" is reported on the whole object: every value there shows it.
            also: off ? undefined : [{ path: ['timepoints', ti, 'pet'] }],
            disabled: off ? PET_ONLY : undefined,
            numeric: !yesNo,
            write: (d, text) => setTimepointPet(d, ti, field, yesNo ? yesNoWrite(text) : text),
          }
        }),
      })
    }

  return rows
}

function buildLesionRows(lesion: DraftLesion, li: number, timepoints: readonly DraftTimepoint[], shows: Shows): GridRow[] {
  const name = lesionTitle(lesion, li)
  // Each timepoint's assessment, found once (the first, as assessmentIndex finds it) rather than once per cell, when the first cell is made.
  let positions: Map<string, number> | undefined
  const positionOf = (id: string) => {
    if (!positions) {
      const found = (positions = new Map<string, number>())
      lesion.assessments.forEach((a, i) => found.has(a.timepoint) || found.set(a.timepoint, i))
    }
    return positions.get(id) ?? -1
  }
  const cellBase = (t: DraftTimepoint, ti: number, field: string) => {
    const ai = positionOf(t.id)
    return { key: `lesion-${li}-${t.id}-${field}`, path: ai >= 0 ? ['lesions', li, 'assessments', ai, field] : null, at: timepointTitle(t, ti), assessment: lesion.assessments[ai] }
  }
  const isTarget = lesion.role !== 'non-target'
  const statusOptions = isTarget ? TARGET_STATUS_OPTIONS : NON_TARGET_STATUS_OPTIONS
  const statusRow = lazyRow(`lesion-${li}-status`, 'Status', li, () =>
    timepoints.map((t, ti): GridCell => {
      const c = cellBase(t, ti, 'status')
      return {
        key: c.key,
        label: `${name} status at ${c.at}`,
        kind: 'select',
        options: statusOptions,
        value: asText(c.assessment?.status),
        path: c.path,
        write: (d, text) => setAssessmentStatus(d, li, t.id, matchOption(statusOptions, text)),
      }
    }),
  )
  const measureRow = (def: MeasureRow, gate?: Gate): GridRow =>
    lazyRow(`lesion-${li}-${def.field}`, def.title, li, () =>
      timepoints.map((t, ti): GridCell => {
        const c = cellBase(t, ti, def.field)
        const raw = c.assessment?.[def.field]
        const cell: GridCell = {
          key: c.key,
          label: `${name} ${def.name ?? def.title.toLowerCase()} at ${c.at}`,
          kind: 'text',
          value: asText(raw),
          path: c.path,
          disabled: gate && !gate.open(t) && !given(raw) ? gate.reason : undefined,
          numeric: true,
          placeholder: def.field === 'volumeMl' && !given(raw) ? volumeEstimate(c.assessment) : undefined,
          write: (d, text) => setAssessmentField(d, li, t.id, def.field, text),
        }
        return def.field === 'longAxisMm' ? withFragments(cell, c.assessment?.fragmentsMm, li, t.id) : cell
      }),
    )
  const findingsRow = (field: 'findings' | 'boneFindings', title: string, options: readonly Option[]): GridRow =>
    lazyRow(`lesion-${li}-${field}`, title, li, () =>
      timepoints.map((t, ti): GridCell => {
        const c = cellBase(t, ti, field)
        const findings = c.assessment?.[field] ?? []
        return {
          key: c.key,
          label: `${name} ${title.toLowerCase()} at ${c.at}`,
          kind: 'findings',
          options,
          value: findings.join(', '),
          findings,
          path: c.path,
          // Pasted findings: comma- or semicolon-separated names.
          write: (d, text) => {
            const list = text.split(/[,;]/).map((s) => matchOption(options, s)).filter(Boolean)
            return setAssessmentField(d, li, t.id, field, list.length ? list : undefined)
          },
          toggle: (d, finding, on) => toggleFinding(d, li, t.id, finding, on, field),
        }
      }),
    )
  // MD Anderson's coded findings belong to bone lesions; recorded ones stay in view so that their problem reaches a field.
  const boneRows = () => (lesion.kind === 'bone' || lesion.assessments.some((a) => a.boneFindings?.length) ? [findingsRow('boneFindings', 'Bone findings', BONE_FINDING_OPTIONS)] : [])
  const petRows = () => (shows.pet ? PET_LESION_ROWS.map((def) => measureRow(def, PET_GATE)) : [])
  const dceRows = () => (shows.dce ? DCE_ROWS.map((def) => measureRow(def, MRI_GATE)) : [])
  const volumeRows = () => (lesion.kind === 'bone' || lesion.primaryTumour !== undefined || shows.volume ? VOLUME_ROWS.map((def) => measureRow(def)) : [])
  // iRECIST: a non-target's further increase confirms an iUPD; on a target it is refused, so it shows only if recorded.
  const furtherRow = (): GridRow[] => {
    if (isTarget && !lesion.assessments.some((a) => a.furtherIncrease !== undefined)) return []
    const cells = () => timepoints.map((t, ti): GridCell => {
      const c = cellBase(t, ti, 'furtherIncrease')
      return {
        key: c.key,
        label: `${name} further increase at ${c.at}`,
        kind: 'select',
        options: YES_NO_OPTIONS,
        value: yesNoValue(c.assessment?.furtherIncrease),
        path: c.path,
        write: (d, text) => setAssessmentField(d, li, t.id, 'furtherIncrease', yesNoWrite(text)),
      }
    })
    return [lazyRow(`lesion-${li}-furtherIncrease`, 'Further increase (iRECIST)', li, cells)]
  }
  if (!isTarget) return [statusRow, ...furtherRow(), ...boneRows(), ...petRows(), ...dceRows()]
  return [...MEASURE_ROWS.map((def) => measureRow(def)), ...volumeRows(), statusRow, findingsRow('findings', 'Findings', FINDING_OPTIONS), ...furtherRow(), ...boneRows(), ...petRows(), ...dceRows()]
}

/**
 * A new lesion at the timepoints after the one where it was first seen (iRECIST §7.4): status,
 * long and short axis, one column per timepoint (and per earlier one with a recorded assessment,
 * so that the schema's message reaches it).
 */
export function buildNewLesionGrid(draft: CaseDraft, index: number): { columns: string[]; rows: GridRow[] } {
  const entry = draft.newLesions?.[index]
  const list = entry?.assessments ?? []
  const first = draft.timepoints.findIndex((t) => t.id === entry?.timepoint)
  const columns = draft.timepoints.map((t, ti) => ({ t, ti })).filter(({ t, ti }) => ti > first || list.some((a) => a.timepoint === t.id))
  const name = `New lesion ${index + 1}`
  const row = (field: 'status' | 'longAxisMm' | 'shortAxisMm', title: string): GridRow => ({
    key: `nl-${index}-${field}`,
    field: title,
    lesionIndex: null,
    cells: columns.map(({ t, ti }): GridCell => {
      const ai = list.findIndex((a) => a.timepoint === t.id)
      const at = ['newLesions', index, 'assessments', ai]
      return {
        key: `nl-${index}-${t.id}-${field}`,
        label: `${name} ${title.toLowerCase()} at ${timepointTitle(t, ti)}`,
        kind: field === 'status' ? 'select' : 'text',
        options: field === 'status' ? NEW_LESION_STATUS_OPTIONS : undefined,
        value: asText(list[ai]?.[field]),
        path: ai >= 0 ? [...at, field] : null,
        also: ai >= 0 && field === 'status' ? [{ path: [...at, 'timepoint'] }] : undefined,
        numeric: field !== 'status',
        write: (d, text) => setNewLesionAssessment(d, index, t.id, field, field === 'status' ? matchOption(NEW_LESION_STATUS_OPTIONS, text) : text),
      }
    }),
  })
  return { columns: columns.map(({ t, ti }) => timepointTitle(t, ti)), rows: columns.length ? [row('status', 'Status'), row('longAxisMm', 'Long axis (mm)'), row('shortAxisMm', 'Short axis (mm)')] : [] }
}

/** Issue #14: the blood biomarkers, in the order of the format, with their units. */
export const BIOMARKER_TESTS = Object.keys(BIOMARKER_UNITS) as (keyof typeof BIOMARKER_UNITS)[]
const BIOMARKER_TITLES: Record<keyof typeof BIOMARKER_UNITS, string> = {
  'VEGF-A': 'VEGF-A',
  'VEGF-B': 'VEGF-B',
  PlGF: 'PlGF',
  CEC: 'Circulating endothelial cells',
  neutrophils: 'Neutrophils',
  lymphocytes: 'Lymphocytes',
}

/** The dates of the biomarker grid: the scan dates, those already recorded and any the user added, in order. */
export function biomarkerDates(draft: CaseDraft, extra: readonly string[] = []): string[] {
  const dates = [...draft.timepoints.map((t) => t.date), ...(draft.biomarkers ?? []).map((b) => b.date), ...extra].filter((d) => d.trim() !== '')
  return [...new Set(dates)].sort()
}

/**
 * Blood biomarkers as a grid: one row per test (its unit in the title), one column per date;
 * the same cells, keys and paste as the entry grid. A cell writes the value with the test's unit;
 * an empty cell removes the value. A recorded value's unit, test or date problem shows on its cell.
 */
export function buildBiomarkerGrid(draft: CaseDraft, dates: readonly string[]): GridRow[] {
  const list = draft.biomarkers ?? []
  return BIOMARKER_TESTS.map((test) => ({
    key: `bio-${test}`,
    field: `${BIOMARKER_TITLES[test]} (${BIOMARKER_UNITS[test]})`,
    lesionIndex: null,
    cells: dates.map((date): GridCell => {
      const i = list.findIndex((b) => b.date === date && b.test === test)
      const at = ['biomarkers', i]
      return {
        key: `bio-${test}-${date}`,
        label: `${BIOMARKER_TITLES[test]} on ${date}`,
        kind: 'text',
        value: asText(list[i]?.value),
        path: i >= 0 ? [...at, 'value'] : null,
        also: i >= 0 ? [{ path: [...at, 'unit'] }, { path: [...at, 'test'] }, { path: [...at, 'date'] }] : undefined,
        numeric: true,
        write: (d, text) => setBiomarker(d, date, test, text),
      }
    }),
  }))
}

/** NLR by date, where both counts are numbers and lymphocytes are above 0 (shown, never entered). */
export function nlrByDate(draft: CaseDraft): Map<string, number> {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? typedNumber(v) : undefined)
  const list = draft.biomarkers ?? []
  const out = new Map<string, number>()
  for (const n of list) {
    if (n.test !== 'neutrophils') continue
    const l = list.find((b) => b.test === 'lymphocytes' && b.date === n.date)
    const nv = num(n.value)
    const lv = num(l?.value)
    if (typeof nv === 'number' && typeof lv === 'number' && lv > 0) out.set(n.date, Math.round((nv / lv) * 100) / 100)
  }
  return out
}

/** Shared by every cell without problems, so that a memoised cell sees no change. */
export const NO_PROBLEMS: readonly string[] = []

/** The messages shown on a cell: its own path's, then those of `also` (named). */
export function cellProblems(byPath: ReadonlyMap<string, readonly string[]>, cell: GridCell): readonly string[] {
  if (byPath.size === 0) return NO_PROBLEMS
  const own = (cell.path && byPath.get(formatPath(cell.path))) || NO_PROBLEMS
  const more = (cell.also ?? []).flatMap((a) => (byPath.get(formatPath(a.path)) ?? []).map((m) => (a.name ? `${a.name}: ${m}` : m)))
  return more.length ? [...own, ...more] : own
}

/** Splits a spreadsheet clipboard block (tab-separated, one line per row). */
export function parseTsv(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'))
}

/** Writes a pasted block into the grid from (row, col) on; cells past the grid's edge are dropped. */
export function pasteBlock(draft: CaseDraft, rows: readonly GridRow[], row: number, col: number, block: readonly string[][]): CaseDraft {
  let out = draft
  block.forEach((line, i) =>
    line.forEach((text, j) => {
      const cell = rows[row + i]?.cells[col + j]
      if (cell && !cell.disabled) out = cell.write(out, text)
    }),
  )
  return out
}
