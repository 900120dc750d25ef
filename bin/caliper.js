#!/usr/bin/env node
/**
 * The command line, as built by `npm ci` (its `prepare` step runs scripts/build-cli.js into
 * build/). In a checkout where the build is missing, it falls back to compiling the TypeScript
 * on the fly with tsx (slower to start; `npm run build:cli` restores the fast path).
 *
 * build/cli.cjs is compiled here with V8's code cache, build/cli.cjs.v8-cache: the compiled
 * form of that very file, which saves compiling it again on every start. A cache is used only
 * when its first line names this build/cli.cjs (size and modification time, so a rebuilt or
 * edited bundle never runs stale code) and this Node (version, architecture); V8 itself refuses
 * a cache from another V8 or made with other flags. Whenever the cache is missing or refused,
 * the command runs all the same and a fresh cache is written as it exits (to a temporary file
 * renamed into place, so no reader sees half of one; where build/ cannot be written, nothing is).
 */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Script } from 'node:vm'

const file = join(import.meta.dirname, '..', 'build', 'cli.cjs')
const built = statSync(file, { bigint: true, throwIfNoEntry: false })
if (built) runBuilt(built)
else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/entry.ts')
}

function runBuilt({ size, mtimeNs }) {
  const cacheFile = `${file}.v8-cache`
  const key = `${process.version} ${process.arch} ${size} ${mtimeNs}`
  let cachedData
  try {
    const bytes = readFileSync(cacheFile)
    const newline = bytes.indexOf(10)
    if (newline > 0 && bytes.toString('latin1', 0, newline) === key) cachedData = bytes.subarray(newline + 1)
  } catch {
    // no cache yet: this run writes one
  }
  // The module wrapper of a CommonJS file, plus `importBuilt` for the ES modules beside it (scripts/build-cli.js).
  const script = new Script(`(function (exports, require, module, __filename, __dirname, importBuilt) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData })
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile, key))
  const module = { exports: {} }
  const importBuilt = (specifier) => import(new URL(specifier, pathToFileURL(file)).href)
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importBuilt)
}

function writeCache(script, cacheFile, key) {
  const temporary = `${cacheFile}.${process.pid}`
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`, 'latin1'), script.createCachedData()]))
    renameSync(temporary, cacheFile)
  } catch {
    try {
      unlinkSync(temporary)
    } catch {
      // nothing was written
    }
  }
}
