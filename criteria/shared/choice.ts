/**
 * Options with named choices. Each value is written once, beside the words a user reads for it,
 * so the app's option form, the explanation panel, the report and `caliper schema` (as
 * `valueLabels`) all say "PR holds until PD (EORTC FAQ)" where the case file says
 * `eortc_faq_continuing`. The stored value never changes: the words are for people only.
 */
import { z } from 'zod'

/** `choice({ nadir: 'Nadir (smallest sum so far)', baseline: 'Baseline' })`: an enum of the keys, labelled. */
export function choice<const Labels extends Record<string, string>>(labels: Labels) {
  const values = Object.keys(labels) as [keyof Labels & string, ...(keyof Labels & string)[]]
  return z.enum(values).meta({ valueLabels: labels })
}

/** The words for an option's value, or undefined when the option has no named choices (booleans, numbers). */
export function choiceLabel(optionsSchema: z.ZodType, key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !(optionsSchema instanceof z.ZodObject)) return undefined
  let field: z.ZodType | undefined = optionsSchema.shape[key]
  // Options carry a default (and sometimes a description) around the enum that holds the labels.
  while (field instanceof z.ZodDefault) field = field.unwrap() as z.ZodType
  const labels = field?.meta()?.valueLabels as Record<string, string> | undefined
  return labels && Object.hasOwn(labels, value) ? labels[value] : undefined
}
