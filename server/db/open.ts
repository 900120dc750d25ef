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
import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import type { SQL } from 'drizzle-orm'
import { PGliteThread } from './pglite-thread.ts'
import * as schema from './schema.ts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Database {
  db: Db
  kind: 'pglite' | 'postgresql'
  /** Where the data is: the folder, "memory", or the server's URL without its password. */
  location: string
  close(): Promise<void>
  /** Resolves if the database stops on its own (PGlite's thread died): the server cannot go on. Never for PostgreSQL, whose pool reconnects. */
  failed?: Promise<Error>
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
  // PGlite runs in a worker thread (pglite-thread.ts says why); Drizzle's PGlite driver talks to it as to PGlite.
  const client = await PGliteThread.open(dir)
  const db = drizzlePglite(client as unknown as PGlite, { schema })
  try {
    await migratePglite(db, { migrationsFolder: migrationsFolder() })
  } catch (error) {
    await client.close()
    throw error
  }
  return { db: db as unknown as Db, kind: 'pglite', location: dir, close: () => client.close(), failed: client.failed }
}

/** Rows of a raw SQL query (both drivers answer with { rows }). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
