import { jsonSchemas } from './json-schema.ts'

process.stdout.write(`${JSON.stringify(jsonSchemas(), null, 2)}\n`)
