/**
 * Builds the command line (`npm run build:cli`, and `prepare`, so `npm ci` does it): src/cli and
 * the engine bundled by esbuild into build/. No TypeScript compiler at run time: bin/caliper.js
 * runs the built file. Takes about a second.
 *
 * - build/cli.cjs: every command but the server's, one script. bin/caliper.js compiles it with
 *   V8's code cache (build/cli.cjs.v8-cache), which this build writes by running the command line
 *   once on a sample case: compiling the bundle was a third of `caliper evaluate`'s start-up, and
 *   the cache also holds the functions that run, compiled. A script, not ES modules, because
 *   Node 20 takes a code cache only for a script (vm.Script); each command's module is still
 *   evaluated only when that command runs (esbuild wraps it in a lazy initialiser).
 * - build/server-cli.js: the server's commands (`caliper users`, `audit`, `backup`, `restore`),
 *   an ES module imported only when one of them runs. Packages listed in SERVER_PACKAGES stay
 *   out of it and load from node_modules (as ES modules, as the server itself loads them).
 */
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const SERVER_PACKAGES = ['@electric-sql/pglite', '@node-rs/*', 'drizzle-orm', 'fastify', '@fastify/*', 'pg', 'playwright-core']

/**
 * Zod's namespace export carries every translation of its error messages (~340 kB of source,
 * a third of the bundle's load time); Caliper writes its own English messages, so the
 * translations are left out (Zod's English default is imported on its own and stays).
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'empty' } : undefined))
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }))
  },
}

/**
 * In build/cli.cjs, src/cli/main.ts's `import('../../server/cli.ts')` becomes an import of
 * build/server-cli.js through `importBuilt`, which bin/caliper.js hands to the script: code
 * compiled by vm.Script cannot call import() itself on Node 20 (not without
 * --experimental-vm-modules).
 */
const serverCliApart = {
  name: 'server-cli-apart',
  setup(b) {
    b.onResolve({ filter: /\/server\/cli\.ts$/ }, () => ({ path: 'server-cli', namespace: 'server-cli' }))
    b.onLoad({ filter: /.*/, namespace: 'server-cli' }, () => ({ contents: "export const main = async (...args) => (await importBuilt('./server-cli.js')).main(...args)", loader: 'js' }))
  },
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
}

rmSync(join(root, 'build'), { recursive: true, force: true })
await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli/entry.ts' }, outExtension: { '.js': '.cjs' }, outdir: 'build', format: 'cjs', plugins: [withoutZodLocales, serverCliApart] }),
  build({ ...common, entryPoints: { 'server-cli': 'server/cli.ts' }, outdir: 'build', format: 'esm', external: SERVER_PACKAGES, plugins: [withoutZodLocales] }),
])
// The server's SQL migrations are read at run time beside the module that opens the database
// (server/db/open.ts: new URL('./migrations', import.meta.url)), which is bundled into build/server-cli.js.
cpSync(join(root, 'server/db/migrations'), join(root, 'build/migrations'), { recursive: true })
// PGlite's worker thread (server/db/pglite-thread.ts) is started from its own file, found the same way.
cpSync(join(root, 'server/db/pglite-worker.js'), join(root, 'build/pglite-worker.js'))
// One run writes the code cache (bin/caliper.js writes it whenever it is missing or does not fit).
execFileSync(process.execPath, [join(root, 'bin', 'caliper.js'), 'evaluate', join(root, 'src', 'samples', 'sorafenib-lung-metastases.json')], { stdio: 'ignore' })
