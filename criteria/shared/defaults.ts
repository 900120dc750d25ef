/** The defaults a schema fills in. */
import type { z } from 'zod'

/**
 * A schema's defaults (its parse of `{}`), taken once per process: so without Zod's compiled
 * fast path, which Zod generates on an object schema's first parse and which pays off only over
 * many parses (the result is the same either way).
 */
export const defaultsOf = <T extends z.ZodType>(schema: T): z.output<T> => schema.parse({}, { jitless: true })
