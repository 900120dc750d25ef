/** What src/engine.ts loads apart from the first screen: the engine's parsing and evaluation, which bring every criterion's rules. */
export { caseParser, evaluateCase, parseCase } from '../criteria/index.ts'
