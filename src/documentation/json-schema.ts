/** The JSON Schema of both document types, generated from the Zod schemas (never written by hand): `caliper schema` prints it, the server's OpenAPI description embeds it. */
import { z } from 'zod'
import { CaseSchema, CRITERIA, SeriesSchema } from '../../criteria/index.ts'

export function jsonSchemas() {
  const caseSchema = z.toJSONSchema(CaseSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: Record<string, unknown> }
  // Each criterion validates its own options; show them per criterion id.
  caseSchema.properties.criteriaOptions = {
    type: 'object',
    description: "Each criterion's documented choices, by criterion id; omitted options take their defaults.",
    properties: Object.fromEntries(CRITERIA.map((c) => [c.id, z.toJSONSchema(c.optionsSchema, { io: 'input' })])),
    additionalProperties: false,
  }
  return {
    'tumor-response-case': caseSchema,
    'tumor-response-series': z.toJSONSchema(SeriesSchema, { io: 'input', unrepresentable: 'any' }),
  }
}
