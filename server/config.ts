/**
 * Where the data is and how the server runs, from the environment (the contract: PORT,
 * CALIPER_DATA, DATABASE_URL), shared by `npm run serve` and the command line.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openDatabase, type Database } from './db/open.ts'

export const DEFAULT_PORT = 8787
export const DEFAULT_DATA = './caliper-data'

export interface Environment {
  [name: string]: string | undefined
}

export function databaseOptions(env: Environment) {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, ...(env.CALIPER_MIGRATION_URL ? { migrationUrl: env.CALIPER_MIGRATION_URL } : {}) }
  return { dataDir: resolve(env.CALIPER_DATA || DEFAULT_DATA) }
}

const LOCK_FILE = 'caliper.pid'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Opens the configured database. PGlite's folder serves one process at a time: a pid file in it
 * stops a second server (or `caliper backup` while the server runs) from opening it beside the first.
 */
export async function openConfigured(env: Environment): Promise<Database> {
  const options = databaseOptions(env)
  if (!options.dataDir) return openDatabase(options)
  const lock = join(options.dataDir, LOCK_FILE)
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'))
    if (pid && pid !== process.pid && alive(pid))
      throw new Error(`${options.dataDir} is in use by another Caliper process (pid ${pid}). PGlite serves one process at a time: stop it first, or use PostgreSQL (DATABASE_URL) to run several.`)
  }
  const database = await openDatabase(options)
  writeFileSync(lock, String(process.pid))
  const close = database.close
  return {
    ...database,
    close: async () => {
      await close()
      rmSync(lock, { force: true })
    },
  }
}
