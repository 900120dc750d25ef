/** `caliper schema`: the JSON Schema of both document types. */
import { jsonSchemas } from '../documentation/json-schema.ts'
import { parseOptions, UsageError, write, type Streams } from './io.ts'

export async function run(args: string[], io: Streams): Promise<number> {
  const { positionals } = parseOptions(args, {})
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  await write(io.stdout, `${JSON.stringify(jsonSchemas(), null, 2)}\n`)
  return 0
}
