/** The engine's only public entry: schemas, types, the registry and evaluation. */
export * from './case-schema.ts'
export { LEVEL_OF, type AttenuationResult, type BestResponse, type Criterion, type CriterionEvaluation, type Finding, type Response, type ResponseLevel, type Severity, type TimepointResult } from './define-criterion.ts'
export { CRITERIA, DEFAULT_CRITERIA, criterionById } from './registry.ts'
export { evaluateCase, formatPath, MAX_FILE_BYTES, optionsFor, parseCase, parseSeries, type CriterionResult, type Evaluation, type ParseResult, type Problem } from './evaluate.ts'
export { BOR_PRESETS, bestOverallResponse, daysBetween, seriesBorSettings, type BestOverallResponse, type BorPreset } from './shared/best-response.ts'
export { isOsteosarcomaDiagnosis, timepointsInOrder } from './shared/case-view.ts'
export { withExplanation } from './shared/lazy.ts'
/** Guideline thresholds, for reference lines in plots: the rules themselves stay in the modules. */
export { PD_INCREASE_FROM_NADIR as RECIST_PD_INCREASE, PR_DECREASE_FROM_BASELINE as RECIST_PR_DECREASE } from './recist11/index.ts'
export { SIZE_PR_DECREASE as CHOI_SIZE_PR_DECREASE } from './shared/choi-family.ts'
export { DENSITY_PR_DECREASE as CHOI_DENSITY_PR_DECREASE } from './shared/attenuation.ts'
export type { Fraction } from './shared/exact.ts'
