/**
 * Findings about the data that several criteria share: target selection and measurability at
 * baseline (RECIST 1.1 §3), technique changes, and the osteosarcoma caveats of spec §9.
 * Clinical findings never reject a case; they are reported beside the result.
 */
import type { Finding, Severity } from '../define-criterion.ts'
import { formatValue, toHundredths } from './exact.ts'
import { lesionLabel, RECIST_SOURCE, type CaseView } from './case-view.ts'
import type { Lesion } from '../case-schema.ts'

/**
 * Collects findings once each (a caveat about a lesion is reported at its first sighting): one
 * finding per code, lesion and timepoint.
 *
 * Most lists hold a handful of findings, and an evaluation adds many (each criterion copies the
 * shared measurement findings): a duplicate is found by scanning them, which costs less than
 * building a key to look up. A long list keys them in a set instead.
 */
export class FindingList {
  /** In the order added; made on the first finding (most lists of an evaluation stay empty). */
  #findings: Finding[] | undefined
  /** `keyOf` each finding, once the list is longer than SCAN_UP_TO. */
  #keys: Set<string> | undefined

  add(code: string, severity: Severity, message: string, source: string, where: { lesion?: string; timepoint?: string } = {}) {
    if (!this.#has(code, where.lesion, where.timepoint)) this.#push({ code, severity, message, source, ...where })
  }
  /** Adds a finding made elsewhere (see measurementFindings). */
  addFinding(finding: Finding) {
    if (!this.#has(finding.code, finding.lesion, finding.timepoint)) this.#push(finding)
  }
  /** Adds a finding unless one with this code and lesion was already reported at any timepoint. */
  addOncePerLesion(code: string, severity: Severity, message: string, source: string, where: { lesion: string; timepoint?: string }) {
    for (const f of this.#findings ?? []) if (f.code === code && f.lesion === where.lesion) return
    this.add(code, severity, message, source, where)
  }
  toArray(): Finding[] {
    return this.#findings ? this.#findings.slice() : []
  }

  #has(code: string, lesion: string | undefined, timepoint: string | undefined): boolean {
    if (this.#keys) return this.#keys.has(keyOf(code, lesion, timepoint))
    for (const f of this.#findings ?? []) if (f.code === code && (f.lesion ?? '') === (lesion ?? '') && (f.timepoint ?? '') === (timepoint ?? '')) return true
    return false
  }

  #push(finding: Finding) {
    // Most lists that are made hold one finding: a list of one (a first push would reserve room for 17).
    if (!this.#findings) {
      this.#findings = [finding]
      return
    }
    const findings = this.#findings
    findings.push(finding)
    if (this.#keys) this.#keys.add(keyOf(finding.code, finding.lesion, finding.timepoint))
    else if (findings.length > SCAN_UP_TO) this.#keys = new Set(findings.map((f) => keyOf(f.code, f.lesion, f.timepoint)))
  }
}

/** The longest list a duplicate is looked for by scanning (see FindingList). */
const SCAN_UP_TO = 16
const keyOf = (code: string, lesion: string | undefined, timepoint: string | undefined) => `${code}|${lesion ?? ''}|${timepoint ?? ''}`

/**
 * The findings about the measurements that RECIST 1.1, Choi, mChoi, SACT and MASS share: target
 * selection and measurability (§3.1, §4.2), technique changes (§3.2), cavitation (spec §9.4) and
 * new lung lesions in osteosarcoma (§9.3). Made once per case view and target rules.
 */
export function measurementFindings(view: CaseView, rules: TargetRules, out: FindingList) {
  const findings = view.memo(memoKey(rules), () => {
    const list = new FindingList()
    baselineTargetFindings(view, rules, list)
    techniqueFindings(view, list)
    cavitationFindings(view, list)
    osteosarcomaNewLesionFindings(view, list)
    return list.toArray()
  })
  for (const finding of findings) out.addFinding(finding)
}

/** The memo key of a set of target rules, kept with the rules (a key written on every call cost more than the lookup). */
const memoKeys = new WeakMap<TargetRules, string>()
function memoKey(rules: TargetRules): string {
  let key = memoKeys.get(rules)
  if (key === undefined) memoKeys.set(rules, (key = `measurement-findings:${rules.ruleName}:${rules.applySliceRuleToNodes}`))
  return key
}

/** RECIST 1.1 §3.1.1: the minimum long axis on CT/MRI, 10 mm or twice the slice thickness. */
export const MIN_MEASURABLE_MM = 10
/** RECIST 1.1 §3.1.1: chest X-ray lesions must be at least 20 mm. */
export const MIN_MEASURABLE_XRAY_MM = 20
/** RECIST 1.1 §3.1.1: a node is measurable (may be a target) at 15 mm short axis or more. */
export const MIN_MEASURABLE_NODE_MM = 15

export interface TargetRules {
  maxTargets: number
  maxPerOrgan: number
  /** Spec A-R4 (unverified): apply max(15 mm, 2 × slice thickness) to nodes too. */
  applySliceRuleToNodes: boolean
  /** Names the selection rules in messages, e.g. "RECIST 1.1". */
  ruleName: string
  /** RECIST 1.0 has no short-axis rule: nodes are measured by their longest diameter, as any lesion. @default false */
  nodesByLongAxis?: boolean
  source: string
}

export const RECIST11_TARGET_RULES: Omit<TargetRules, 'applySliceRuleToNodes'> = {
  maxTargets: 5,
  maxPerOrgan: 2,
  ruleName: 'RECIST 1.1',
  source: `${RECIST_SOURCE} §4.2`,
}

/** Therasse P et al. J Natl Cancer Inst 2000;92:205-16 (RECIST 1.0): 10 targets, 5 per organ. */
export const RECIST10_TARGET_RULES: Omit<TargetRules, 'applySliceRuleToNodes'> = {
  maxTargets: 10,
  maxPerOrgan: 5,
  ruleName: 'RECIST 1.0',
  source: 'Therasse P et al. J Natl Cancer Inst 2000;92:205-16 (RECIST 1.0)',
  nodesByLongAxis: true,
}

/** All lymph nodes together count as one organ (RECIST 1.1 §4.2; EORTC FAQ "Paired organs"). */
const organKey = (lesion: Lesion) => (lesion.kind === 'lymph-node' ? 'lymph nodes' : organName(lesion.organ))

/**
 * Organ names already normalised (trimmed, lower case). A cohort names the same few organs over
 * and over; taken from here, equal names are one string, which compares at once, where a name
 * normalised afresh for every lesion was compared letter by letter (about a tenth of RECIST 1.1).
 */
const ORGAN_NAMES = new Map<string, string>()
const ORGAN_NAMES_MAX = 10_000

function organName(organ: string): string {
  let name = ORGAN_NAMES.get(organ)
  if (name === undefined) {
    if (ORGAN_NAMES.size >= ORGAN_NAMES_MAX) ORGAN_NAMES.clear()
    ORGAN_NAMES.set(organ, (name = organ.trim().toLowerCase()))
  }
  return name
}

const SELECTION_SOURCE = `${RECIST_SOURCE} §3.1`
/** §3.1.2: bone, cystic and previously irradiated lesions. */
const SPECIAL_LESIONS_SOURCE = `${RECIST_SOURCE} §3.1.2`

/** Where a baseline finding about a lesion is (made only for a finding: most targets have none). */
const atBaseline = (lesion: Lesion, timepoint: string) => ({ lesion: lesion.id, timepoint })

/** Target selection and baseline measurability (RECIST 1.1 §3.1, §4.2), as findings. */
export function baselineTargetFindings(view: CaseView, rules: TargetRules, out: FindingList) {
  const { baseline, targets } = view
  const tp = baseline.id
  const src = SELECTION_SOURCE

  if (targets.length > rules.maxTargets)
    out.add('too-many-targets', 'warning', `${targets.length} target lesions: ${rules.ruleName} allows at most ${rules.maxTargets}.`, rules.source, { timepoint: tp })
  // Each organ in the order of its first target. A case has a handful of targets: counting them
  // by comparing organ keys cost less than a map of lists, and the list is made only for a finding.
  const organs = targets.map(organKey)
  organs.forEach((organ, k) => {
    if (organs.indexOf(organ) !== k) return
    let count = 0
    for (const other of organs) if (other === organ) count++
    if (count > rules.maxPerOrgan) {
      const ids = targets.filter((_, j) => organs[j] === organ).map((l) => l.id)
      out.add('too-many-targets-in-organ', 'warning', `${count} targets in ${organ} (${ids.join(', ')}): ${rules.ruleName} allows at most ${rules.maxPerOrgan} per organ.`, rules.source, { timepoint: tp })
    }
  })

  for (let k = 0; k < targets.length; k++) {
    const lesion = targets[k]!
    const a = view.targetRows[k]![0]
    if (!a || a.status === 'absent' || a.status === 'not-evaluated') {
      out.add('target-missing-at-baseline', 'error', `Target ${lesionLabel(lesion)} has no baseline measurement: the baseline sum is incomplete, so no target response can be given.`, src, atBaseline(lesion, tp))
      continue
    }
    if (lesion.kind === 'bone') {
      const bone = lesion.bone
      if (bone?.appearance === 'blastic')
        out.add('blastic-bone-target', 'warning', `Target ${lesionLabel(lesion)} is a blastic bone lesion: blastic bone lesions are not measurable and should be followed as non-targets.`, SPECIAL_LESIONS_SOURCE, atBaseline(lesion, tp))
      else if (bone && !bone.softTissueComponent)
        out.add('bone-target-without-soft-tissue', 'warning', `Target ${lesionLabel(lesion)} is a ${bone.appearance} bone lesion without an identifiable soft-tissue component: only the soft-tissue component of a lytic or mixed lesion is measurable.`, SPECIAL_LESIONS_SOURCE, atBaseline(lesion, tp))
    }
    if (lesion.cystic)
      out.add('cystic-target', 'info', `Target ${lesionLabel(lesion)} is cystic: a cystic metastasis may be measured, but non-cystic lesions are preferred as targets.`, SPECIAL_LESIONS_SOURCE, atBaseline(lesion, tp))
    if (lesion.previouslyIrradiated)
      out.add('irradiated-target', 'warning', `Target ${lesionLabel(lesion)} was previously irradiated: such lesions are usually not measurable unless they have progressed since.`, SPECIAL_LESIONS_SOURCE, atBaseline(lesion, tp))

    if (a.status === 'too-small') {
      out.add('target-below-threshold', 'warning', `Target ${lesionLabel(lesion)} is too small to measure at baseline: it is not measurable.`, src, atBaseline(lesion, tp))
      continue
    }
    const slice = baseline.sliceThicknessMm
    if (lesion.kind === 'lymph-node' && !rules.nodesByLongAxis) {
      const sa = a.shortAxisMm ?? 0
      const min = rules.applySliceRuleToNodes && slice ? Math.max(MIN_MEASURABLE_NODE_MM, 2 * slice) : MIN_MEASURABLE_NODE_MM
      if (toHundredths(sa) < toHundredths(min))
        out.add('node-target-below-15mm', 'warning', `Node target ${lesionLabel(lesion)} has a short axis of ${formatValue(toHundredths(sa))} mm at baseline: a node needs ${formatValue(toHundredths(min))} mm or more to be a target${sa < 10 ? ' (under 10 mm it is normal)' : ' (10 to under 15 mm: pathological but non-target)'}.`, `${RECIST_SOURCE} §3.1.1; Schwartz LH et al. Eur J Cancer 2009;45:261-7`, atBaseline(lesion, tp))
      continue
    }
    const ld = a.fragmentsMm ? a.fragmentsMm.reduce((s, f) => s + f, 0) : (a.longAxisMm ?? 0)
    const min =
      baseline.modality === 'X-ray'
        ? MIN_MEASURABLE_XRAY_MM
        : baseline.modality === 'clinical' || !slice
          ? MIN_MEASURABLE_MM
          : Math.max(MIN_MEASURABLE_MM, 2 * slice)
    if (toHundredths(ld) < toHundredths(min))
      out.add('target-below-threshold', 'warning', `Target ${lesionLabel(lesion)} measures ${formatValue(toHundredths(ld))} mm${lesion.kind === 'lymph-node' ? ' long axis' : ''} at baseline, under the measurability threshold of ${formatValue(toHundredths(min))} mm${min > MIN_MEASURABLE_MM && baseline.modality !== 'X-ray' ? ` (2 × ${slice} mm slices)` : ''}.`, rules.nodesByLongAxis ? rules.source : src, atBaseline(lesion, tp))
  }
}

/** RECIST 1.1 §3.2: the same technique at baseline and follow-up. */
export function techniqueFindings(view: CaseView, out: FindingList) {
  for (let i = 1; i < view.timepoints.length; i++) {
    const t = view.timepoints[i]!
    if (t.modality !== view.baseline.modality)
      out.add('modality-changed', 'warning', `Timepoint ${t.id} (${t.date}) used ${t.modality}, baseline used ${view.baseline.modality}: RECIST 1.1 asks for the same technique at every assessment.`, `${RECIST_SOURCE} §3.2`, { timepoint: t.id })
  }
}

/** Free-text organs that are lung for the attenuation guards (spec §9.6): "lung", "Right lower lobe lung", "pulmonary". */
export const LUNG_ORGAN = /lung|pulmon/i

/** Cavitating targets: the outer diameter is measured, the cavity-adjusted value shown beside it (spec §9.4). */
export function cavitationFindings(view: CaseView, out: FindingList) {
  for (let i = 0; i < view.timepoints.length; i++)
    for (let k = 0; k < view.targets.length; k++) {
      const a = view.targetRows[k]![i]
      if (!a || (!a.cavityLongAxisMm && !a.findings?.includes('cavitation'))) continue
      const t = view.timepoints[i]!
      const lesion = view.targets[k]!
      const outer = a.longAxisMm
      const adjusted = outer !== undefined && a.cavityLongAxisMm ? ` (cavity-adjusted ${formatValue(Math.max(0, toHundredths(outer) - toHundredths(a.cavityLongAxisMm)))} mm)` : ''
      out.addOncePerLesion('cavitation', 'info', `Target ${lesionLabel(lesion)} cavitates at ${t.id}${outer !== undefined ? `: outer diameter ${outer} mm is used${adjusted}` : ''}. RECIST 1.1 has no cavitation rule; anti-angiogenic drugs hollow lung metastases out, so the outer diameter can hide a response. A pneumothorax is not a new lesion; lung targets compressed by one should be marked not evaluated.`, 'Crabb SJ et al. J Clin Oncol 2009;27:404-10', { lesion: lesion.id, timepoint: t.id })
    }
}

/** In osteosarcoma a calcified new lung nodule favours metastasis, not a granuloma (spec §9.3). */
export function osteosarcomaNewLesionFindings(view: CaseView, out: FindingList) {
  // Most cases have no new lesion: the diagnosis is then not looked at.
  if (view.kase.newLesions.length === 0 || !view.isOsteosarcoma) return
  for (const n of view.kase.newLesions)
    if (LUNG_ORGAN.test(n.organ))
      out.add('new-lung-lesion-osteosarcoma', 'warning', `New lung lesion at ${n.timepoint}${n.equivocal ? ' (equivocal)' : ''}: in osteosarcoma, calcification does not mean a nodule is benign; small nodules follow the equivocal path (re-image, then date progression back).`, 'Duczkowski M et al. 2024 (PMC11145898)', { timepoint: n.timepoint })
}
