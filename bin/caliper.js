#!/usr/bin/env node
// The command line is TypeScript; tsx (a dependency) compiles it on the fly, so `npx caliper`
// works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
