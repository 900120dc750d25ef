/**
 * Explanations are prose for people. A cohort of thousands of cases is evaluated for its
 * responses and read one patient at a time, and writing the prose took about half of an
 * evaluation's time. So a criterion decides a response eagerly and passes the explanation as a
 * function, called when the explanation is first read:
 *
 *   explained({ response, rule }, () => [`Sum of diameters ${formatValue(sum)} mm.`])
 *
 * The function must capture only values that do not change afterwards.
 *
 * `explanation` is a getter on the result's class: reading it, JSON.stringify (toJSON) and
 * `withExplanation` give the lines; an object spread (`{ ...result }`) does not copy it.
 * (A getter in an object literal would be copied by a spread, but V8 makes such objects
 * about five times slower to create, which cost more than the prose saved.)
 *
 * The results made most often (RECIST 1.1's timepoints) are built field by field on an empty
 * `Explained` instead: `explained(fields, …)` copies the fields with Object.assign, which grows
 * the new object's property store key by key and cost several times more than the assignments.
 *
 *   const result = explainedBy<TimepointResult>(() => lines)
 *   result.timepoint = tp.id   // …every field, in the order JSON should list them
 *
 * Where a result is made at every timepoint, `explain` may be a module function given the facts
 * it writes from (`arg`), called as explain(arg): one object of facts per result instead of a
 * closure and the scope it keeps, which were a tenth of what RECIST 1.1 allocated.
 */
export class Explained<A = unknown> {
  readonly #explain: (arg: A) => string[]
  readonly #arg: A | undefined
  #lines: string[] | undefined

  constructor(explain: (arg: A) => string[], arg?: A) {
    this.#explain = explain
    this.#arg = arg
  }

  get explanation(): string[] {
    return (this.#lines ??= this.#explain(this.#arg as A))
  }

  toJSON(): object {
    return { ...this, explanation: this.explanation }
  }
}

/** `fields` with an `explanation` written by `explain` when first read. */
export const explained = <T extends object>(fields: T, explain: () => string[]): T & { readonly explanation: string[] } =>
  Object.assign(new Explained(explain), fields) as unknown as T & { readonly explanation: string[] }

/** An empty result whose `explanation` `explain` writes when first read; the caller sets every other field. */
export const explainedBy = <T extends { readonly explanation: string[] }>(explain: () => string[]): Omit<T, 'explanation'> & { readonly explanation: string[] } =>
  new Explained(explain) as unknown as Omit<T, 'explanation'> & { readonly explanation: string[] }

/** A plain-object copy of a result that has an explanation (for spreading or comparing). */
export const withExplanation = <T extends { readonly explanation: string[] }>(result: T): T => ({ ...result, explanation: result.explanation })
