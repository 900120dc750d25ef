/**
 * CSV import of measurements in the long format of docs/csv-import.md: one row per lesion per
 * timepoint (or per new lesion), any number of patients → one case per patient, each validated
 * by the engine's `parseCase`. Every problem is reported with its row (1-based line number of
 * the file, the header being line 1) and column; if there is any problem, nothing is imported.
 */
import { parseCase, type Case, type CaseInput } from '../../criteria/index.ts'
import { parseCsv } from './csv.ts'

export interface ImportProblem {
  /** 1-based line of the file (the header is line 1); null for a problem of the whole file. */
  row: number | null
  /** The column's name as documented (e.g. "long_axis_mm"); null when no single column is at fault. */
  column: string | null
  message: string
}

export type ImportResult = { ok: true; cases: Case[]; inputs: CaseInput[] } | { ok: false; problems: ImportProblem[] }

/** Every documented column; see docs/csv-import.md. */
export const IMPORT_COLUMNS = [
  'patient',
  'diagnosis',
  'therapy_start',
  'date',
  'timepoint',
  'label',
  'modality',
  'contrast_phase',
  'slice_thickness_mm',
  'kvp',
  // WHO: the reader's estimated change of the non-measurable disease since baseline (timepoints[].nonMeasurableChangePct).
  'non_measurable_change_pct',
  'lesion',
  'lesion_name',
  'role',
  'organ',
  'kind',
  'bone_appearance',
  'soft_tissue',
  'cystic',
  'previously_irradiated',
  'status',
  'long_axis_mm',
  'short_axis_mm',
  'fragments_mm',
  'hu',
  'cavity_mm',
  'findings',
  'equivocal',
  'note',
  // Issue #14, as the CSV export writes them; volume_source says whether volume_ml was segmented
  // or is the export's ellipsoid estimate, which is derived from the axes and so not read back.
  'third_axis_mm',
  'volume_ml',
  'volume_source',
  'ktrans_per_min',
  'iauc60_mmol_s_l',
] as const
type Column = (typeof IMPORT_COLUMNS)[number]

const REQUIRED: readonly Column[] = ['patient', 'date', 'role', 'organ']

/** Header spellings accepted besides the documented names (compared after lower-casing, spaces and hyphens → "_"). */
const ALIASES: Record<string, Column> = {
  patient_id: 'patient',
  timepoint_date: 'date',
  scan_date: 'date',
  long_axis: 'long_axis_mm',
  short_axis: 'short_axis_mm',
  attenuation_hu: 'hu',
  contrast: 'contrast_phase',
  phase: 'contrast_phase',
  cavity_long_axis_mm: 'cavity_mm',
  lesion_id: 'lesion',
  name: 'lesion_name',
}

export const IMPORT_DEFAULTS = { modality: 'CT', contrast_phase: 'unknown', kind: 'non-nodal' } as const

const canonical = (options: readonly string[], value: string) => options.find((o) => o.toLowerCase() === value.toLowerCase()) ?? value
const MODALITIES = ['CT', 'MRI', 'PET-CT', 'X-ray', 'clinical']
const YES = ['yes', 'y', 'true', '1']
const NO = ['no', 'n', 'false', '0']
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

/** Which column a field of the case file comes from (for mapping parseCase's paths back to cells). */
const COLUMN_OF_FIELD: Record<string, Column> = {
  id: 'lesion',
  date: 'date',
  label: 'label',
  modality: 'modality',
  contrastPhase: 'contrast_phase',
  sliceThicknessMm: 'slice_thickness_mm',
  kvp: 'kvp',
  nonMeasurableChangePct: 'non_measurable_change_pct',
  name: 'lesion_name',
  organ: 'organ',
  kind: 'kind',
  bone: 'bone_appearance',
  cystic: 'cystic',
  previouslyIrradiated: 'previously_irradiated',
  role: 'role',
  timepoint: 'date',
  status: 'status',
  longAxisMm: 'long_axis_mm',
  shortAxisMm: 'short_axis_mm',
  attenuationHu: 'hu',
  cavityLongAxisMm: 'cavity_mm',
  fragmentsMm: 'fragments_mm',
  findings: 'findings',
  equivocal: 'equivocal',
  note: 'note',
  therapyStart: 'therapy_start',
  diagnosis: 'diagnosis',
  thirdAxisMm: 'third_axis_mm',
  volumeMl: 'volume_ml',
  ktrans: 'ktrans_per_min',
  iauc60: 'iauc60_mmol_s_l',
}

interface Row {
  line: number
  get(column: Column): string
}

interface Draft {
  input: CaseInput & { lesions: CaseInput['lesions']; newLesions: NonNullable<CaseInput['newLesions']> }
  /** JSON path prefix → the row it came from. */
  origin: Map<string, number>
  /** First row of each patient-level value, for consistency messages. */
  seen: Map<string, { line: number; value: string }>
}

/** Parses the CSV text and builds validated cases; all or nothing. */
export function importMeasurementsCsv(text: string): ImportResult {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, problems: [{ row: parsed.error.line, column: null, message: parsed.error.message }] }
  const [header, ...records] = parsed.records
  if (!header) return { ok: false, problems: [{ row: null, column: null, message: 'the file is empty: it needs a header row and at least one data row' }] }

  const problems: ImportProblem[] = []
  const index = new Map<Column, number>()
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_')
    // Object.hasOwn: a header such as `constructor` or `__proto__` must not find Object.prototype's members.
    const column = (IMPORT_COLUMNS as readonly string[]).includes(name) ? (name as Column) : Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined
    if (!column) problems.push({ row: header.line, column: raw, message: `unknown column "${raw}"; known: ${IMPORT_COLUMNS.join(', ')}` })
    else if (index.has(column)) problems.push({ row: header.line, column, message: `column "${column}" appears twice` })
    else index.set(column, i)
  })
  for (const c of REQUIRED) if (!index.has(c)) problems.push({ row: header.line, column: c, message: `the required column "${c}" is missing` })
  if (records.length === 0) problems.push({ row: null, column: null, message: 'the file has no data row' })
  if (problems.length) return { ok: false, problems }

  const drafts = new Map<string, Draft>()
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      problems.push({ row: record.line, column: null, message: `has ${record.fields.length} field(s); the header has ${header.fields.length}` })
      continue
    }
    const row: Row = { line: record.line, get: (c) => (index.has(c) ? record.fields[index.get(c)!]!.trim() : '') }
    addRow(drafts, row, problems)
  }

  const cases: Case[] = []
  const inputs: CaseInput[] = []
  for (const draft of drafts.values()) {
    finishTimepointIds(draft)
    const result = parseCase(draft.input)
    if (result.ok) {
      cases.push(result.value)
      inputs.push(draft.input)
    } else for (const p of result.problems) problems.push(locate(draft, p.path, p.message))
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  return problems.length ? { ok: false, problems } : { ok: true, cases, inputs }
}

function addRow(drafts: Map<string, Draft>, row: Row, problems: ImportProblem[]) {
  const problem = (column: Column | null, message: string) => problems.push({ row: row.line, column, message })
  const patient = row.get('patient')
  if (!patient) return problem('patient', 'is required')
  let draft = drafts.get(patient)
  if (!draft) {
    draft = {
      input: { format: 'tumor-response-case', version: 1, patient: { id: patient }, timepoints: [], lesions: [], newLesions: [] },
      origin: new Map([['', row.line]]),
      seen: new Map(),
    }
    drafts.set(patient, draft)
  }
  const d = draft

  /** A value that must be the same on every row where it is given (per patient or per key). */
  const consistent = (key: string, column: Column, value: string): boolean => {
    if (!value) return true
    const first = d.seen.get(key)
    if (!first) d.seen.set(key, { line: row.line, value })
    else if (first.value !== value) {
      problem(column, `"${value}" differs from "${first.value}" on row ${first.line}`)
      return false
    }
    return true
  }
  const number = (column: Column): number | undefined => {
    const v = row.get(column)
    if (!v) return undefined
    if (!NUMBER.test(v)) {
      problem(column, /^\d+,\d+$/.test(v) ? `"${v}": write decimals with a point (e.g. 12.5)` : `"${v}" is not a number`)
      return undefined
    }
    return Number(v)
  }
  const flag = (column: Column): boolean | undefined => {
    const v = row.get(column).toLowerCase()
    if (!v) return undefined
    if (YES.includes(v)) return true
    if (NO.includes(v)) return false
    problem(column, `"${row.get(column)}" must be yes or no`)
    return undefined
  }
  const list = (column: Column) => (row.get(column) ? row.get(column).split(';').map((s) => s.trim()).filter(Boolean) : undefined)

  const diagnosis = row.get('diagnosis')
  if (consistent('diagnosis', 'diagnosis', diagnosis) && diagnosis) d.input.patient.diagnosis = diagnosis
  const therapyStart = row.get('therapy_start')
  if (consistent('therapy_start', 'therapy_start', therapyStart) && therapyStart) {
    d.input.therapyStart = therapyStart
    d.origin.set('therapyStart', row.line)
  }

  // The timepoint of this row, by date.
  const date = row.get('date')
  if (!date) return problem('date', 'is required')
  let ti = d.input.timepoints.findIndex((t) => t.date === date)
  if (ti < 0) {
    ti = d.input.timepoints.length
    d.input.timepoints.push({ id: '', date, modality: 'CT', contrastPhase: 'unknown' })
    d.origin.set(`timepoints[${ti}]`, row.line)
  }
  const tp = d.input.timepoints[ti]!
  const tk = `tp:${date}:`
  const id = row.get('timepoint')
  if (consistent(`${tk}id`, 'timepoint', id) && id) tp.id = id
  const label = row.get('label')
  if (consistent(`${tk}label`, 'label', label) && label) tp.label = label
  const modality = row.get('modality')
  if (consistent(`${tk}modality`, 'modality', modality) && modality) tp.modality = canonical(MODALITIES, modality) as typeof tp.modality
  const phase = row.get('contrast_phase').toLowerCase()
  if (consistent(`${tk}phase`, 'contrast_phase', phase) && phase) tp.contrastPhase = phase as typeof tp.contrastPhase
  const slice = number('slice_thickness_mm')
  if (consistent(`${tk}slice`, 'slice_thickness_mm', row.get('slice_thickness_mm')) && slice !== undefined) tp.sliceThicknessMm = slice
  const kvp = number('kvp')
  if (consistent(`${tk}kvp`, 'kvp', row.get('kvp')) && kvp !== undefined) tp.kvp = kvp
  const estimate = number('non_measurable_change_pct')
  if (consistent(`${tk}estimate`, 'non_measurable_change_pct', row.get('non_measurable_change_pct')) && estimate !== undefined) tp.nonMeasurableChangePct = estimate

  const role = row.get('role').toLowerCase()
  const organ = row.get('organ')
  if (role === 'new') {
    for (const c of ['lesion', 'status', 'long_axis_mm', 'short_axis_mm', 'hu'] as const)
      if (row.get(c)) problem(c, 'must be empty on a row of role "new" (a new lesion is recorded by organ and date only)')
    const equivocal = flag('equivocal')
    const note = row.get('note')
    d.origin.set(`newLesions[${d.input.newLesions.length}]`, row.line)
    d.input.newLesions.push({ timepoint: date, organ, equivocal: equivocal ?? false, ...(note ? { note } : {}) })
    return
  }
  if (role !== 'target' && role !== 'non-target') return problem('role', `"${row.get('role')}" must be target, non-target or new`)
  if (row.get('equivocal')) problem('equivocal', 'applies only to rows of role "new"')

  const lesionId = row.get('lesion')
  if (!lesionId) return problem('lesion', 'is required on a row of role target or non-target')
  let li = d.input.lesions.findIndex((l) => l.id === lesionId)
  const lk = `lesion:${lesionId}:`
  const kind = (row.get('kind') || IMPORT_DEFAULTS.kind).toLowerCase()
  const appearance = row.get('bone_appearance').toLowerCase()
  if (li < 0) {
    li = d.input.lesions.length
    d.origin.set(`lesions[${li}]`, row.line)
    d.input.lesions.push({ id: lesionId, name: row.get('lesion_name') || lesionId, organ, kind: kind as 'non-nodal', role, assessments: [] })
  }
  const lesion = d.input.lesions[li]!
  consistent(`${lk}role`, 'role', role)
  consistent(`${lk}organ`, 'organ', organ)
  if (consistent(`${lk}kind`, 'kind', row.get('kind').toLowerCase()) && row.get('kind')) lesion.kind = kind as 'non-nodal'
  consistent(`${lk}name`, 'lesion_name', row.get('lesion_name'))
  if (consistent(`${lk}appearance`, 'bone_appearance', appearance) && appearance) {
    const soft = flag('soft_tissue')
    lesion.bone = { appearance: appearance as 'lytic', softTissueComponent: soft ?? lesion.bone?.softTissueComponent ?? false }
  } else if (row.get('soft_tissue') && !appearance) problem('soft_tissue', 'needs bone_appearance on the same row')
  const cystic = flag('cystic')
  if (consistent(`${lk}cystic`, 'cystic', row.get('cystic').toLowerCase()) && cystic !== undefined) lesion.cystic = cystic
  const irradiated = flag('previously_irradiated')
  if (consistent(`${lk}irradiated`, 'previously_irradiated', row.get('previously_irradiated').toLowerCase()) && irradiated !== undefined)
    lesion.previouslyIrradiated = irradiated

  const status = row.get('status').toLowerCase()
  if (!status) return problem('status', 'is required on a row of role target or non-target')
  const longAxisMm = number('long_axis_mm')
  const shortAxisMm = number('short_axis_mm')
  const attenuationHu = number('hu')
  const cavityLongAxisMm = number('cavity_mm')
  const fragments = list('fragments_mm')
  const fragmentsMm = fragments?.map((f) => (NUMBER.test(f) ? Number(f) : (problem('fragments_mm', `"${f}" is not a number`), 0)))
  const findings = list('findings')
  const thirdAxisMm = number('third_axis_mm')
  const volumeMl = /estimate/i.test(row.get('volume_source')) ? undefined : number('volume_ml')
  const ktrans = number('ktrans_per_min')
  const iauc60 = number('iauc60_mmol_s_l')
  d.origin.set(`lesions[${li}].assessments[${lesion.assessments.length}]`, row.line)
  lesion.assessments.push({
    timepoint: date,
    status: status as 'measured',
    ...(longAxisMm !== undefined ? { longAxisMm } : {}),
    ...(shortAxisMm !== undefined ? { shortAxisMm } : {}),
    ...(attenuationHu !== undefined ? { attenuationHu } : {}),
    ...(cavityLongAxisMm !== undefined ? { cavityLongAxisMm } : {}),
    ...(fragmentsMm ? { fragmentsMm } : {}),
    ...(findings ? { findings: findings as ['cavitation'] } : {}),
    ...(thirdAxisMm !== undefined ? { thirdAxisMm } : {}),
    ...(volumeMl !== undefined ? { volumeMl } : {}),
    ...(ktrans !== undefined ? { ktrans } : {}),
    ...(iauc60 !== undefined ? { iauc60 } : {}),
  })
}

/** Timepoint ids: as given, else t0, t1, … in date order; references (by date so far) are rewritten to ids. */
function finishTimepointIds(d: Draft) {
  const byDate = [...d.input.timepoints].sort((a, b) => a.date.localeCompare(b.date))
  byDate.forEach((t, i) => {
    if (!t.id) t.id = `t${i}`
  })
  const idOf = new Map(d.input.timepoints.map((t) => [t.date, t.id]))
  for (const lesion of d.input.lesions) for (const a of lesion.assessments) a.timepoint = idOf.get(a.timepoint) ?? a.timepoint
  for (const n of d.input.newLesions) n.timepoint = idOf.get(n.timepoint) ?? n.timepoint
}

/** Maps a parseCase problem (a JSON path) back to the row and column it came from. */
function locate(d: Draft, path: string, message: string): ImportProblem {
  let best = ''
  for (const prefix of d.origin.keys()) if ((path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) && prefix.length > best.length) best = prefix
  const rest = best ? path.slice(best.length).replace(/^\./, '') : path
  const field = /^[A-Za-z]+/.exec(rest)?.[0] ?? ''
  let column: Column | null = COLUMN_OF_FIELD[field] ?? null
  if (field === 'id') column = best.startsWith('timepoints') ? 'timepoint' : best.startsWith('lesions') ? 'lesion' : 'patient'
  if (rest === 'bone.softTissueComponent') column = 'soft_tissue'
  if (path.startsWith('patient.')) column = (COLUMN_OF_FIELD[path.slice('patient.'.length)] ?? 'patient') as Column
  return { row: d.origin.get(best) ?? null, column, message: `${message} (patient ${d.input.patient.id}, ${path})` }
}
