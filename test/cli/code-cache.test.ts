/**
 * The built command line's V8 code cache (bin/caliper.js, scripts/build-cli.js): a cache that
 * does not belong to the bundle beside it (stale, damaged, or made by another Node) is never
 * used, and the output is the same with a cache, without one, and with a bad one. Each test
 * runs a copy of bin/ and build/ in a fresh folder, so no other test's build is touched.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, ROOT, SAMPLE } from './run-caliper.ts'

/** A copy of the built command line: bin/caliper.js and build/, without a cache unless `withCache`. */
function copyOfBuild(withCache: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'caliper-code-cache-'))
  mkdirSync(join(dir, 'bin'))
  copyFileSync(BIN, join(dir, 'bin', 'caliper.js'))
  cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true, filter: (src) => withCache || !src.endsWith('.v8-cache') })
  const bundle = join(dir, 'build', 'cli.cjs')
  const cache = `${bundle}.v8-cache`
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'caliper.js'), ...args], { encoding: 'utf8' })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  /** The cache's first line: what it was made for. */
  const cacheKey = () => readFileSync(cache, 'latin1').split('\n', 1)[0] ?? ''
  return { bundle, cache, run, cacheKey }
}

const reference = spawnSync(process.execPath, [BIN, 'evaluate', SAMPLE], { encoding: 'utf8' })

describe('the code cache of the built command line', () => {
  it('the build writes one, made for this Node and this bundle', () => {
    const cache = join(ROOT, 'build', 'cli.cjs.v8-cache')
    expect(existsSync(cache)).toBe(true)
    const { size, mtimeNs } = statSync(join(ROOT, 'build', 'cli.cjs'), { bigint: true })
    expect(readFileSync(cache, 'latin1').split('\n', 1)[0]).toBe(`${process.version} ${process.arch} ${size} ${mtimeNs}`)
  })

  it('without a cache the command runs all the same and writes one; the next run uses it and leaves it be', () => {
    const build = copyOfBuild(false)
    expect(existsSync(build.cache)).toBe(false)
    expect(build.run('evaluate', SAMPLE)).toEqual({ status: 0, stdout: reference.stdout, stderr: '' })
    const { size, mtimeNs } = statSync(build.bundle, { bigint: true })
    expect(build.cacheKey()).toBe(`${process.version} ${process.arch} ${size} ${mtimeNs}`)
    const written = readFileSync(build.cache)
    const writtenAt = statSync(build.cache, { bigint: true }).mtimeNs
    expect(build.run('evaluate', SAMPLE)).toEqual({ status: 0, stdout: reference.stdout, stderr: '' })
    expect(statSync(build.cache, { bigint: true }).mtimeNs).toBe(writtenAt)
    expect(readFileSync(build.cache).equals(written)).toBe(true)
  })

  it('a cache of an earlier bundle of the same length is not used: the changed bundle runs as written', () => {
    const build = copyOfBuild(false)
    build.run('evaluate', SAMPLE) // a cache of the bundle as built
    // The same bundle with one word of the table's heading changed, same length (V8 itself checks only the length).
    const source = readFileSync(build.bundle, 'latin1')
    expect(source).toContain('Timepoint')
    writeFileSync(build.bundle, source.replaceAll('Timepoint', 'TIMEPOINT'), 'latin1')
    const later = new Date(Date.now() + 5_000)
    utimesSync(build.bundle, later, later)
    const changed = build.run('evaluate', SAMPLE)
    expect(changed).toEqual({ status: 0, stdout: reference.stdout.replaceAll('Timepoint', 'TIMEPOINT'), stderr: '' })
    const { size, mtimeNs } = statSync(build.bundle, { bigint: true })
    expect(build.cacheKey()).toBe(`${process.version} ${process.arch} ${size} ${mtimeNs}`)
  })

  it.each([
    ['made by another Node', (key: string) => `${key.replace(process.version, 'v0.0.0')}\n`, 'cache bytes'],
    ['damaged (its key right, its bytes not V8 code)', (key: string) => `${key}\n`, 'not a V8 code cache at all'],
    ['truncated to its key', (key: string) => key, ''],
  ])('a cache %s is not used, and a good one replaces it', (_, keyLine, body) => {
    const build = copyOfBuild(true)
    writeFileSync(build.cache, `${keyLine(build.cacheKey())}${body}`)
    expect(build.run('evaluate', SAMPLE)).toEqual({ status: 0, stdout: reference.stdout, stderr: '' })
    expect(build.run('evaluate', SAMPLE, '--json').stdout).toBe(spawnSync(process.execPath, [BIN, 'evaluate', SAMPLE, '--json'], { encoding: 'utf8' }).stdout)
    const { size, mtimeNs } = statSync(build.bundle, { bigint: true })
    expect(build.cacheKey()).toBe(`${process.version} ${process.arch} ${size} ${mtimeNs}`)
    expect(statSync(build.cache).size).toBeGreaterThan(100_000)
  })
})
