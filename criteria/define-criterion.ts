/**
 * The criterion contract. A criterion is a folder in criteria/ whose index.ts default-exports
 * `defineCriterion({...})`, plus one line in criteria/registry.ts.
 */
import type { z } from 'zod'
import type { Case } from './case-schema.ts'

/** The RECIST 1.1 vocabulary (Choi and mChoi reuse it): the common scale criteria are compared on. */
export type ResponseLevel = 'CR' | 'PR' | 'SD' | 'PD' | 'NE' | 'NON-CR/NON-PD'

/**
 * A timepoint or best response in a criterion's own vocabulary: RECIST's, WHO's "NC" (no
 * change), iRECIST's i-prefixed categories, PERCIST's metabolic ones.
 */
export type Response = ResponseLevel | 'NC' | 'iCR' | 'iPR' | 'iSD' | 'iUPD' | 'iCPD' | 'CMR' | 'PMR' | 'SMD' | 'PMD'

/** Each category on the common scale, so the app and exports can say where criteria disagree. */
export const LEVEL_OF: Readonly<Record<Response, ResponseLevel>> = {
  CR: 'CR',
  PR: 'PR',
  SD: 'SD',
  PD: 'PD',
  NE: 'NE',
  'NON-CR/NON-PD': 'NON-CR/NON-PD',
  NC: 'SD',
  iCR: 'CR',
  iPR: 'PR',
  iSD: 'SD',
  // iUPD is what RECIST 1.1 calls PD; iRECIST only waits for its confirmation (iCPD).
  iUPD: 'PD',
  iCPD: 'PD',
  CMR: 'CR',
  PMR: 'PR',
  SMD: 'SD',
  PMD: 'PD',
}

export type Severity = 'info' | 'warning' | 'error'

/** A caveat or data problem the engine found: tests and the UI key on `code`, people read `message`. */
export interface Finding {
  /** Stable kebab-case id, e.g. "target-below-threshold". */
  code: string
  severity: Severity
  /** Names the lesion and timepoint it concerns. */
  message: string
  /** The publication or spec section the finding rests on. */
  source: string
  lesion?: string
  timepoint?: string
}

/** The attenuation (density) part of Choi-type criteria at one timepoint. */
export interface AttenuationResult {
  /** "compared" when a change could be computed; otherwise why not. */
  status: 'compared' | 'not-comparable'
  /** Lesions whose mean attenuation entered the comparison. */
  lesions: string[]
  baselineHu: number | null
  currentHu: number | null
  changePct: number | null
  reason?: string
}

/** iRECIST at one timepoint (spec §7.3–7.4). */
export interface ImmuneDetail {
  /** The iUPD this timepoint confirms, awaits or resets; null when none is pending. */
  iUPDTimepoint: string | null
  iUPDDate: string | null
  /** Target sum at that iUPD: the reference for the further ≥ 5 mm (spec A-I3). */
  iUPDSumMm: number | null
  /** New lesions measured as new-lesion targets (NLT) and followed as non-targets (NLNT), by label (spec §7.3, A-I5). */
  newLesionTargets: string[]
  newLesionNonTargets: string[]
  /** Sum of measures of the NLTs seen so far; never added to the target sum. Null when one is not evaluated. */
  newLesionSumMm: number | null
}

/** PERCIST at one timepoint (spec §8). */
export interface MetabolicDetail {
  /** The hottest lesion now and its SULpeak (spec A-P4: it need not be the baseline's). */
  hottestLesion: string | null
  sulPeak: number | null
  baselineLesion: string | null
  baselineSulPeak: number | null
  /** The reference for PMD (baseline or nadir, option pmdReference) and its lesion. */
  pmdReferenceLesion: string | null
  pmdReferenceSulPeak: number | null
  /** Baseline measurability threshold (1.5 × liver mean + 2 SD, or the blood-pool one). */
  measurabilityThreshold: number | null
  /** Quality checks against baseline: the reasons they failed (empty when passed). */
  qcFailures: string[]
}

/** Choi and mChoi: the attenuation safeguards a result was computed with (issue #10 item 5). */
export type SafeguardProfile = 'published' | 'osteosarcoma' | 'custom'

/**
 * Where the osteosarcoma safeguards change an answer: this result's reading and the other one,
 * so that the app and reports can show the disagreement (Choi and mChoi, issue #10 item 5).
 */
export interface SafeguardComparison {
  /** The safeguards this result was computed with: as published, the osteosarcoma profile, or options set one by one. */
  profile: SafeguardProfile
  /** The reading it is compared with: the osteosarcoma profile when this one is as published, as published otherwise. */
  otherProfile: SafeguardProfile
  otherResponse: Response | null
  /** The other reading's target response (timepoints only). */
  otherTargetResponse?: Response | null
  /** The targets the two readings treat differently, and why: "T1 (Right lung) is a 12 mm lung target". */
  reasons: string[]
  /** One line for people: "PR as published; SD with the osteosarcoma safeguards: T1 (Right lung) is a 12 mm lung target". */
  summary: string
}

export interface TimepointResult {
  timepoint: string
  date: string
  response: Response
  /** null when the patient has no target lesions (RECIST 1.1 Table 2). */
  targetResponse: Response | null
  /** null when the patient has no non-target lesions. */
  nonTargetResponse: Response | null
  newLesion: boolean
  /** Sum of target diameters; when sumComplete is false, a lower bound from the measured targets. */
  sumMm: number | null
  sumComplete: boolean
  baselineSumMm: number | null
  nadirSumMm: number | null
  changeFromBaselinePct: number | null
  changeFromNadirPct: number | null
  /** Sum with each cavitating lesion's cavity subtracted (Crabb 2009), shown beside sumMm. */
  cavityAdjustedSumMm?: number
  attenuation?: AttenuationResult
  /** Bidimensional criteria (WHO, MD Anderson): the sum of products in mm², where sumMm is null. */
  products?: { sumMm2: number | null; baselineMm2: number | null; nadirMm2: number | null }
  /** iRECIST bookkeeping (spec §7): the pending iUPD and the new-lesion targets / non-targets. */
  immune?: ImmuneDetail
  /** PERCIST (spec §8): the hottest lesion, its SULpeak and the quality checks. */
  metabolic?: MetabolicDetail
  /** Choi and mChoi: present only where the osteosarcoma safeguards change this timepoint's response. */
  safeguards?: SafeguardComparison
  /** Id of the rule that decided the response, e.g. "recist11.target.pd-vs-nadir". */
  rule: string
  /** Sentences for people. Usually a getter that writes them when first read (shared/lazy.ts): a spread copy leaves it out. */
  explanation: string[]
}

export interface BestResponse {
  response: Response | null
  timepoint: string | null
  date: string | null
  /** Whether a CR/PR was confirmed; null when confirmation does not apply. */
  confirmed: boolean | null
  explanation: string[]
  /** iRECIST (spec A-I1): the date of the iUPD that stands (confirmed, or never confirmed), and of its iCPD. */
  iUPDDate?: string | null
  iCPDDate?: string | null
  /** Choi and mChoi: present only where the osteosarcoma safeguards change the best response. */
  safeguards?: SafeguardComparison
}

export interface CriterionEvaluation {
  timepoints: TimepointResult[]
  best: BestResponse
  findings: Finding[]
  /** Set when the criterion must not be applied to this case (then timepoints is empty and best.response null). */
  notApplicable?: { reason: string; source: string }
}

export interface Criterion<Options extends Record<string, unknown> = Record<string, unknown>> {
  /** Equals the folder name and the command line's --criteria id. */
  id: string
  name: string
  version: string
  reference: { citation: string; doi?: string }
  /** "provisional" while a rule could not be verified against its primary publication. */
  status: 'established' | 'provisional'
  /** Every documented ambiguity as a named option; defaults live here and nowhere else. */
  optionsSchema: z.ZodType<Options, Record<string, unknown>>
  evaluate(kase: Case, options: Options): CriterionEvaluation
}

/** Infers the options type and freezes the module; adds no behaviour. */
export const defineCriterion = <Options extends Record<string, unknown>>(criterion: Criterion<Options>) =>
  Object.freeze(criterion)
