/** The engine's only public entry: schemas, types, the registry and evaluation. */
export * from './case-schema.ts'
export { LEVEL_OF, type AttenuationResult, type BestResponse, type Criterion, type CriterionEvaluation, type Finding, type Response, type ResponseLevel, type Severity, type TimepointResult } from './define-criterion.ts'
export { CRITERIA, DEFAULT_CRITERIA, criterionById } from './registry.ts'
export { evaluateCase, formatPath, MAX_FILE_BYTES, optionsFor, parseCase, parseSeries, type CriterionResult, type Evaluation, type ParseResult, type Problem } from './evaluate.ts'
export { bestOverallResponse, type BestOverallResponse } from './shared/best-response.ts'
export { isOsteosarcomaDiagnosis } from './shared/case-view.ts'
