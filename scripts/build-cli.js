/**
 * Builds the command line (`npm run build:cli`, and `prepare`, so `npm ci` does it): src/cli and
 * the engine bundled by esbuild into build/, one ES module per command (each command's module
 * is loaded only when it runs). No TypeScript compiler at run time: bin/caliper.js runs the
 * built file. Takes well under a second.
 *
 * Packages listed in EXTERNAL stay out of the bundle and load from node_modules when (and only
 * when) a command imports them: the heavy server packages behind `caliper users`, `backup`…
 */
import { build } from 'esbuild'
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const EXTERNAL = ['@electric-sql/pglite', '@node-rs/*', 'drizzle-orm', 'fastify', '@fastify/*', 'pg', 'playwright-core']

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

rmSync(join(root, 'build'), { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/entry.ts' },
  outdir: 'build',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  minifySyntax: true,
  minifyWhitespace: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [withoutZodLocales],
})
// The server's SQL migrations are read at run time beside the module that opens the database
// (server/db/open.ts: new URL('./migrations', import.meta.url)), which is bundled into build/chunks/.
cpSync(join(root, 'server/db/migrations'), join(root, 'build/chunks/migrations'), { recursive: true })
// PGlite's worker thread (server/db/pglite-thread.ts) is started from its own file, found the same way.
cpSync(join(root, 'server/db/pglite-worker.js'), join(root, 'build/chunks/pglite-worker.js'))
