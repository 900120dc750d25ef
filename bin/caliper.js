#!/usr/bin/env node
// The command line, as built by `npm ci` (its `prepare` step runs scripts/build-cli.js into
// build/). In a checkout where the build is missing, it falls back to compiling the TypeScript
// on the fly with tsx (slower to start; `npm run build:cli` restores the fast path).
import { existsSync } from 'node:fs'

const built = new URL('../build/cli.js', import.meta.url)
if (existsSync(built)) await import(built.href)
else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/entry.ts')
}
