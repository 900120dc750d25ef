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
 */
class Explained {
  readonly #explain: () => string[]
  #lines: string[] | undefined

  constructor(fields: object, explain: () => string[]) {
    Object.assign(this, fields)
    this.#explain = explain
  }

  get explanation(): string[] {
    return (this.#lines ??= this.#explain())
  }

  toJSON(): object {
    return { ...this, explanation: this.explanation }
  }
}

/** `fields` with an `explanation` written by `explain` when first read. */
export const explained = <T extends object>(fields: T, explain: () => string[]): T & { readonly explanation: string[] } =>
  new Explained(fields, explain) as unknown as T & { readonly explanation: string[] }

/** A plain-object copy of a result that has an explanation (for spreading or comparing). */
export const withExplanation = <T extends { readonly explanation: string[] }>(result: T): T => ({ ...result, explanation: result.explanation })
