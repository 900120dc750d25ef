/**
 * Opens Caliper's database: a PostgreSQL server through `pg` when a URL is given (DATABASE_URL),
 * otherwise PGlite (PostgreSQL compiled to WebAssembly) with its data in a folder. Both speak the
 * same SQL, so there is one set of migrations, applied here at every start.
 *
 * Why Drizzle: it has first-party drivers for both `pg` and PGlite (drizzle-orm/node-postgres,
 * drizzle-orm/pglite) and a migrator for each, so the same typed queries run on both; Kysely
 * needs a third-party dialect for PGlite.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import type { SQL } from 'drizzle-orm'
import * as schema from './schema.ts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Database {
  db: Db
  kind: 'pglite' | 'postgresql'
  /** Where the data is: the folder, "memory", or the server's URL without its password. */
  location: string
  close(): Promise<void>
}

/** The SQL migrations: beside this file, or (bundled into build/ by the command line's build) under the package root. */
function migrationsFolder(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'migrations'), join(dir, 'server', 'db', 'migrations')]) if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    if (dirname(dir) === dir) throw new Error('the database migrations (server/db/migrations) are missing')
  }
}
/** Serialises migrations when several servers start at once on one PostgreSQL. */
const MIGRATION_LOCK = 7_140_312

export interface DatabaseOptions {
  /** postgres://… : a PostgreSQL server. */
  url?: string
  /**
   * The tables' owner, to apply migrations with, when `url` names a restricted role that may not
   * change the schema (or the audit trail): see docs/server.md. Default: `url`.
   */
  migrationUrl?: string
  /** A folder for PGlite's data, or "memory" (tests). */
  dataDir?: string
  /** Connections per process (PostgreSQL only). */
  poolSize?: number
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(a DATABASE_URL that is not a URL)'
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const owner = new pg.Client({ connectionString: options.migrationUrl ?? options.url })
    await owner.connect()
    try {
      await owner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      await migratePg(drizzlePg(owner, { schema }), { migrationsFolder: migrationsFolder() })
    } finally {
      await owner.end()
    }
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 })
    const db = drizzlePg(pool, { schema }) as unknown as Db
    return { db, kind: 'postgresql', location: redactUrl(options.url), close: () => pool.end() }
  }
  const dir = options.dataDir ?? './caliper-data'
  if (dir !== 'memory') mkdirSync(dir, { recursive: true })
  const client = dir === 'memory' ? new PGlite() : new PGlite(dir)
  const db = drizzlePglite({ client: oneStatementPerTurn(client), schema })
  await migratePglite(db, { migrationsFolder: migrationsFolder() })
  return { db: db as unknown as Db, kind: 'pglite', location: dir, close: () => client.close() }
}

/**
 * PGlite runs PostgreSQL inside this process, on the thread that also accepts connections and
 * reads requests. Since libuv 1.45 (Node 20) a server accepts ONE new connection per turn of the
 * event loop (libuv/libuv#3696), and a turn lasted as long as every request already read took to
 * run all its queries (each one synchronous WebAssembly, handed on through promises without
 * returning to the loop). Under load a turn took 0.1–1 s, so when 200 users connected at once
 * the last waited more than 10 s to be let in at all (the load test's errors). Here each
 * statement, or each transaction as a whole, runs in a turn of its own: between two of them
 * the loop accepts a connection and reads what has arrived, so a turn lasts one statement.
 * (With PostgreSQL the work is in the database server and the loop is never held.)
 */
export function oneStatementPerTurn(client: PGlite): PGlite {
  let queue: Promise<unknown> = Promise.resolve()
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work)
    queue = run.catch(() => undefined)
    return run
  }
  return new Proxy(client, {
    get(target, key) {
      if (key === 'query') return ((...args: Parameters<PGlite['query']>) => inTurn(() => target.query(...args))) as PGlite['query']
      if (key === 'transaction') return ((callback: Parameters<PGlite['transaction']>[0]) => inTurn(() => target.transaction(callback))) as PGlite['transaction']
      const value = Reflect.get(target, key, target) as unknown
      // PGlite's methods use private fields: call them on PGlite itself, not on the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** Rows of a raw SQL query (both drivers answer with { rows }). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
