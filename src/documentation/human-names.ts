/**
 * Names as the user sees them, for every message of the app, the audit trail and the report: a
 * timepoint by its label and date ("Week 8 (2026-03-02)"), a lesion by its id and name ("L1 Right
 * lower lobe nodule"), a field in words ("long axis"). JSON paths ("lesions[0].assessments[1].
 * longAxisMm") and internal timepoint ids ("t1") belong to the command line and `--json` output.
 *
 * Pure and loosely typed: it reads a case file, a case being typed (numbers as text) or a file
 * that failed validation, so that the message about a broken field can still name it.
 */
import { parsePath } from './audit-paths.ts'

type Json = Record<string, unknown>
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
const text = (x: unknown) => (typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : '')
const listOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])

/** "Week 8 (2026-03-02)", "2026-03-02" when it has no label, "Timepoint 2" when it has neither. */
export function timepointName(timepoint: unknown, index: number): string {
  const t = isObject(timepoint) ? timepoint : {}
  const label = text(t.label)
  const date = text(t.date)
  if (label && date) return `${label} (${date})`
  return label || date || `Timepoint ${index + 1}`
}

/** "L1 Right lower lobe nodule", "L1" without a name, "Lesion 2" without either. */
export function lesionName(lesion: unknown, index: number): string {
  const l = isObject(lesion) ? lesion : {}
  return [text(l.id), text(l.name)].filter(Boolean).join(' ') || `Lesion ${index + 1}`
}

/** A timepoint named from its id (what assessments and findings refer to); the id itself when no such timepoint exists. */
export function timepointNameById(kase: unknown, id: string): string {
  const timepoints = listOf(isObject(kase) ? kase.timepoints : undefined)
  const i = timepoints.findIndex((t) => isObject(t) && t.id === id)
  return i < 0 ? `timepoint "${id}"` : timepointName(timepoints[i], i)
}

const FIELD_WORDS: Record<string, string> = {
  id: 'ID',
  name: 'name',
  organ: 'organ',
  kind: 'kind',
  role: 'role',
  cystic: 'cystic',
  previouslyIrradiated: 'previously irradiated',
  bone: 'bone',
  appearance: 'bone appearance',
  softTissueComponent: 'soft-tissue component',
  assessments: 'assessments',
  timepoint: 'timepoint',
  status: 'status',
  longAxisMm: 'long axis',
  shortAxisMm: 'short axis',
  attenuationHu: 'attenuation',
  cavityLongAxisMm: 'cavity long axis',
  fragmentsMm: 'fragments',
  findings: 'findings',
  boneFindings: 'bone findings',
  furtherIncrease: 'further increase',
  sulPeak: 'SULpeak',
  tlg: 'TLG',
  date: 'date',
  label: 'label',
  modality: 'modality',
  contrastPhase: 'contrast phase',
  kvp: 'tube voltage (kVp)',
  sliceThicknessMm: 'slice thickness',
  pet: 'PET-CT values',
  liverSulMean: 'liver SULmean',
  liverSulSd: 'liver SUL SD',
  liverAbnormal: 'liver abnormal',
  bloodPoolSulMean: 'blood pool SULmean',
  bloodPoolSulSd: 'blood pool SUL SD',
  uptakeMinutes: 'uptake time',
  glucoseMgDl: 'glucose',
  injectedMBq: 'injected activity',
  equivocal: 'equivocal',
  confirms: 'confirms',
  note: 'note',
  fdgAvid: 'FDG-avid',
  diagnosis: 'diagnosis',
  notes: 'notes',
  therapyStart: 'therapy start',
  confirmation: 'confirmation',
  confirmationMinDays: 'confirmation interval (days)',
  sdMinDays: 'SD minimum duration (days)',
  maxNeBetween: 'NE allowed between (max)',
  acceptSdBetween: 'SD accepted between',
  format: 'format',
  version: 'version',
  who: 'name',
  at: 'date and time',
  meaning: 'meaning',
  reason: 'reason',
  field: 'field',
  old: 'old value',
  new: 'new value',
}
const word = (key: string | number) => (typeof key === 'number' ? `item ${key + 1}` : (FIELD_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))
/** One key of a case file in words ("longAxisMm" → "long axis"). */
export { word as fieldWord }

/** The rest of a path in words, joined by " · " ("bone · bone appearance" reads as "bone appearance"). */
function restInWords(keys: readonly (string | number)[]): string[] {
  const out: string[] = []
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (key === 'bone' && keys[i + 1] !== undefined) continue
    if (key === 'pet' && keys[i + 1] !== undefined) continue
    if (key === 'fragmentsMm' && typeof keys[i + 1] === 'number') {
      out.push(`fragment ${(keys[i + 1] as number) + 1}`)
      i++
      continue
    }
    // A value nested many levels deep reads "item 1 (16 levels)", not "item 1 · item 1 · …".
    let repeats = 1
    while (keys[i + repeats] === key) repeats++
    out.push(repeats > 2 ? `${word(key)} (${repeats} levels)` : word(key))
    if (repeats > 2) i += repeats - 1
  }
  return out
}

/**
 * A field of a case in words, from its keys: "Week 8 (2026-03-02) · L1 Right lower lobe nodule ·
 * long axis", "Week 8 (2026-03-02) · date", "Patient ID", "New lesion 1 (seen at Week 8 (2026-03-02)) · organ".
 */
export function fieldName(kase: unknown, keys: readonly (string | number)[]): string {
  const root = isObject(kase) ? kase : {}
  const [top, i, sub, j, ...rest] = keys
  if (keys.length === 0) return 'the file'
  if (top === 'patient') return i === 'id' ? 'Patient ID' : ['Patient', ...restInWords(keys.slice(1))].join(' · ')
  if (top === 'settings') return ['Study settings', ...restInWords(keys.slice(1))].join(' · ')
  if (top === 'criteriaOptions') return [`Options of ${typeof i === 'string' ? i : 'the criteria'}`, ...restInWords(keys.slice(2))].join(' · ')
  if (top === 'timepoints') {
    if (typeof i !== 'number') return 'Timepoints'
    return [timepointName(listOf(root.timepoints)[i], i), ...restInWords(keys.slice(2))].join(' · ')
  }
  if (top === 'lesions') {
    if (typeof i !== 'number') return 'Lesions'
    const lesion = listOf(root.lesions)[i]
    const name = lesionName(lesion, i)
    if (sub === 'assessments' && typeof j === 'number') {
      const assessment = listOf(isObject(lesion) ? lesion.assessments : undefined)[j]
      const at = isObject(assessment) && typeof assessment.timepoint === 'string' ? timepointNameById(kase, assessment.timepoint) : `assessment ${j + 1}`
      return [at, name, ...restInWords(rest)].join(' · ')
    }
    return [name, ...restInWords(keys.slice(2))].join(' · ')
  }
  if (top === 'newLesions') {
    if (typeof i !== 'number') return 'New lesions'
    const entry = listOf(root.newLesions)[i]
    const seen = isObject(entry) && typeof entry.timepoint === 'string' ? ` (seen at ${timepointNameById(kase, entry.timepoint)})` : ''
    if (sub === 'assessments' && typeof j === 'number') {
      const assessment = listOf(isObject(entry) ? entry.assessments : undefined)[j]
      const at = isObject(assessment) && typeof assessment.timepoint === 'string' ? timepointNameById(kase, assessment.timepoint) : `assessment ${j + 1}`
      return [at, `New lesion ${i + 1}`, ...restInWords(rest)].join(' · ')
    }
    return [`New lesion ${i + 1}${seen}`, ...restInWords(keys.slice(2))].join(' · ')
  }
  if (top === 'signOffs') return typeof i === 'number' ? [`Sign-off ${i + 1}`, ...restInWords(keys.slice(2))].join(' · ') : 'Sign-offs'
  if (top === 'auditLog') return typeof i === 'number' ? [`Audit entry ${i + 1}`, ...restInWords(keys.slice(2))].join(' · ') : 'Audit trail'
  return restInWords(keys).join(' · ')
}

/** A JSON path as the engine writes it ("lesions[0].assessments[1].longAxisMm", "(root)") in words; an unreadable path is returned as it is. */
export function pathName(kase: unknown, path: string): string {
  if (path === '(root)' || path === '') return 'The file'
  const keys = parsePath(path)
  return keys ? fieldName(kase, keys) : path
}

/** "Week 8 (2026-03-02) · L1 Right lower lobe nodule · long axis: must be a number of millimetres"; timepoint ids in the message named too. */
export const problemText = (kase: unknown, problem: { path: string; message: string }) => `${pathName(kase, problem.path)}: ${withTimepointNames(kase, problem.message)}`

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * An engine message (a finding, an explanation line) with every timepoint id replaced by the
 * timepoint's name: "Timepoint t1 (2026-03-02) used MR" → "Week 8 (2026-03-02) used MR". Only
 * whole words that are a timepoint's id are replaced, longest first, and only ids that are not a
 * plain word.
 */
export const withTimepointNames = (kase: unknown, message: string): string => timepointNamer(kase)(message)

/** `withTimepointNames` for many messages of one case: the timepoints are read once. */
export function timepointNamer(kase: unknown): (message: string) => string {
  const timepoints = listOf(isObject(kase) ? kase.timepoints : undefined).filter(isObject)
  // An id that is a plain word ("baseline", "screening") already reads as one, and may be a word of the message too.
  const ids = timepoints.map((t) => text(t.id)).filter((id) => id !== '' && !/^[A-Za-z]+$/.test(id)).sort((a, b) => b.length - a.length)
  if (ids.length === 0) return (message) => message
  const names = new Map(timepoints.map((t, i) => [text(t.id), { name: timepointName(t, i), date: text(t.date) }]))
  const re = new RegExp(`(?:\\b[Tt]imepoint )?(?<![\\w-])(${ids.map(escapeRe).join('|')})(?![\\w-])(?: \\((\\d{4}-\\d{2}-\\d{2})\\))?`, 'g')
  return (message) =>
    message.replace(re, (whole, id: string, date: string | undefined) => {
      const known = names.get(id)
      if (!known) return whole
      // A date the message adds after the id is already in the name.
      return date === undefined || date === known.date ? known.name : `${known.name} (${date})`
    })
}

/**
 * A date-time in the reader's locale with the time zone ("4 Mar 2026, 11:15 CET"); the text as
 * given when it is not a date-time. `locale` and `timeZone` default to the environment's (the
 * browser's, in the app).
 */
export function dateTimeText(iso: string, options: { locale?: string; timeZone?: string } = {}): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return new Intl.DateTimeFormat(options.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: options.timeZone }).format(at)
}

/** What a sign-off means when its signer did not say (files written before `meaning` existed). */
export const DEFAULT_SIGNATURE_MEANING = 'assessment of this timepoint reviewed and approved'

/** Abbreviations that option names write in camelCase. */
const ABBREVIATIONS: Record<string, string> = { pr: 'PR', cr: 'CR', pd: 'PD', sd: 'SD', ne: 'NE', hu: 'HU', ld: 'LD', mm: '(mm)', who: 'WHO', mda: 'MDA', icpd: 'iCPD', iupd: 'iUPD', pmr: 'PMR', pmd: 'PMD', tlg: 'TLG', qc: 'QC', sul: 'SUL' }

/** "cavitationMode" → "Cavitation mode", "minLdForDensityMm" → "Min LD for density (mm)". */
export function humanize(key: string): string {
  const words = key.split(/(?=[A-Z])/).map((w) => w.toLowerCase())
  const text = words.map((w) => ABBREVIATIONS[w] ?? w).join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * An option's value in words: the label its criterion gives the choice when there is one
 * (`optionChoiceLabel` in criteria/registry.ts), else true → "yes", false → "no", a number as written.
 */
export const optionValueText = (value: unknown, choiceLabel?: string) =>
  choiceLabel ?? (value === true ? 'yes' : value === false ? 'no' : typeof value === 'string' ? value.replace(/_/g, ' ') : JSON.stringify(value))

/** A safe file-name stem from free text (a patient id): the app's downloads and the server's exports. */
export const fileStem = (text: string) => text.trim().replace(/[^\w.-]+/g, '_') || 'case'
