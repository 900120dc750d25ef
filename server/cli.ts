/**
 * The server's commands, dispatched from src/cli/main.ts:
 *   caliper users add NAME --role ROLE [--name "Display Name"]   (password: CALIPER_PASSWORD or a prompt)
 *   caliper audit verify
 *   caliper backup FILE        caliper restore FILE
 * They act on the configured database (DATABASE_URL, else CALIPER_DATA or ./caliper-data).
 * Exit status: 0 success; 1 refused (a problem is named); 2 usage error.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { getTableColumns, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { NewUserBody, ROLES } from './api-schemas.ts'
import { appendAudit, verifyAudit } from './audit-trail.ts'
import { ARGON2_DEFAULT, createUser, findUser } from './auth.ts'
import { openConfigured } from './config.ts'
import { rowsOf, type Db } from './db/open.ts'
import { TABLES } from './db/schema.ts'

export interface Streams {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export const USAGE = `Server commands (database: DATABASE_URL, else CALIPER_DATA or ./caliper-data):
  caliper users add NAME --role ${ROLES.join('|')} [--name "Display Name"]   password from CALIPER_PASSWORD or a prompt
  caliper audit verify
  caliper backup FILE
  caliper restore FILE      (into an empty database)`

class Refused extends Error {}
class Usage extends Error {}

/** Reads a password without echoing it. */
async function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Refused('set CALIPER_PASSWORD (no terminal to ask for the password)')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const muted = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stdout.write(question)
  muted._writeToOutput = () => undefined
  const answer = await new Promise<string>((done) => rl.question('', done))
  rl.close()
  process.stdout.write('\n')
  return answer
}

async function usersAdd(db: Db, args: string[], env: NodeJS.ProcessEnv, out: Streams['stdout']) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' } } })
  if (positionals.length !== 1) throw new Usage('users add takes one NAME')
  let password = env.CALIPER_PASSWORD
  if (!password) {
    password = await prompt(`Password for ${positionals[0]}: `)
    if ((await prompt('Again: ')) !== password) throw new Refused('the two passwords differ')
  }
  const input = NewUserBody.safeParse({ username: positionals[0], role: values.role, password, ...(values.name ? { displayName: values.name } : {}) })
  if (!input.success) throw new Refused(input.error.issues.map((i) => `${i.path.join('.') === 'username' ? 'NAME' : `--${String(i.path[0])}`}: ${i.message}`).join('\n'))
  if (password.length < 8) throw new Refused('the password must have at least 8 characters')
  if (await findUser(db, input.data.username)) throw new Refused(`there is already an account "${input.data.username.toLowerCase()}"`)
  const user = await createUser(db, input.data, ARGON2_DEFAULT)
  await db.transaction((tx) => appendAudit(tx as unknown as Db, { userId: null, username: '(command line)', action: 'user.create', caseId: null, detail: { user: user.username, role: user.role } }))
  out.write(`Created ${user.role} "${user.username}"\n`)
}

async function auditVerify(db: Db, out: Streams['stdout']) {
  const result = await verifyAudit(db)
  if (!result.ok) throw new Refused(`the audit trail has been altered (${result.entries} entries):\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`)
  out.write(`The audit trail is intact: ${result.entries} entries, each chained to the one before.\n`)
}

/** Tables a backup carries: everything but sessions and rate-limit counters, which are transient. */
const BACKED_UP = Object.entries(TABLES).filter(([name]) => name !== 'sessions' && name !== 'rateLimits') as [string, PgTable][]

/**
 * A logical backup: every row as JSON, so that a PGlite folder can be restored into a PostgreSQL
 * server and back. The audit trail keeps its hashes (its payloads are stored as text).
 */
async function backup(db: Db, file: string, out: Streams['stdout']) {
  const tables: Record<string, unknown[]> = {}
  await db.transaction(async (tx) => {
    // One consistent snapshot of every table.
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`)
    for (const [name, table] of BACKED_UP) tables[name] = await tx.select().from(table)
  })
  const verified = await verifyAudit(db)
  await writeFile(file, JSON.stringify({ format: 'caliper-backup', version: 1, createdAt: new Date().toISOString(), auditOk: verified.ok, tables }))
  out.write(`Backed up ${Object.entries(tables).map(([n, rows]) => `${rows.length} ${n}`).join(', ')} to ${file}\n`)
}

async function restore(db: Db, file: string, out: Streams['stdout']) {
  let data: { format?: string; version?: number; tables?: Record<string, Record<string, unknown>[]> }
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new Refused(`cannot read ${file}: ${(error as Error).message}`)
  }
  if (data.format !== 'caliper-backup' || data.version !== 1 || !data.tables) throw new Refused(`${file} is not a Caliper backup (format "caliper-backup", version 1)`)
  for (const [name] of BACKED_UP) {
    const [row] = await rowsOf<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM ${TABLES[name as keyof typeof TABLES]}`)
    if (Number(row?.n) > 0) throw new Refused(`the database is not empty (table ${name} has rows): restore into a new CALIPER_DATA folder or an empty PostgreSQL database`)
  }
  await db.transaction(async (tx) => {
    for (const [name, table] of BACKED_UP) {
      const columns = Object.entries(getTableColumns(table))
      const rows = (data.tables![name] ?? []).map((row) =>
        Object.fromEntries(columns.map(([key, column]) => [key, column.columnType === 'PgTimestamp' && row[key] != null ? new Date(row[key] as string) : row[key]])),
      )
      for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500))
    }
  })
  const verified = await verifyAudit(db)
  out.write(`Restored ${BACKED_UP.map(([n]) => `${data.tables![n]?.length ?? 0} ${n}`).join(', ')} from ${file}; audit trail ${verified.ok ? 'intact' : 'NOT intact'} (${verified.entries} entries)\n`)
  if (!verified.ok) throw new Refused('the restored audit trail does not verify: run `caliper audit verify` for the details')
}

/** Runs one server command; returns the exit status. */
export async function main(argv: string[], streams: Streams, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, sub, ...rest] = argv
  let database: Awaited<ReturnType<typeof openConfigured>> | null = null
  try {
    const open = async () => (database = await openConfigured(env)).db
    if (command === 'users' && sub === 'add') await usersAdd(await open(), rest, env, streams.stdout)
    else if (command === 'audit' && sub === 'verify' && rest.length === 0) await auditVerify(await open(), streams.stdout)
    else if ((command === 'backup' || command === 'restore') && sub && rest.length === 0) await (command === 'backup' ? backup : restore)(await open(), sub, streams.stdout)
    else throw new Usage(`unknown command "${argv.join(' ')}"`)
    return 0
  } catch (error) {
    if (error instanceof Usage || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      streams.stderr.write(`caliper: ${(error as Error).message}\n${USAGE}\n`)
      return 2
    }
    streams.stderr.write(`caliper: ${(error as Error).message}\n`)
    return 1
  } finally {
    await (database as Awaited<ReturnType<typeof openConfigured>> | null)?.close()
  }
}
