/**
 * A real PostgreSQL server for the server's tests: Debian's binaries (/usr/lib/postgresql/N/bin,
 * installed by .ci/run), a temporary data folder, a free port on loopback. Run as user postgres
 * when we are root (PostgreSQL refuses to run as root). Missing binaries fail loudly: the suite
 * never quietly tests PGlite alone.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export function postgresBin(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : []
  if (!versions.length) throw new Error(`PostgreSQL binaries not found in ${root}/*/bin: install Debian's postgresql package (apt-get install postgresql; .ci/run does it). The server's tests run against PGlite AND PostgreSQL, never PGlite alone.`)
  return join(root, versions[0]!, 'bin')
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

export interface Postgres {
  url: string
  stop(): void
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin()
  const root = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'caliper-pg-'))
  let uid: number | undefined
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
    chownSync(dir, uid, Number(execFileSync('id', ['-g', 'postgres']).toString()))
  }
  const run = (tool: string, args: string[]) => execFileSync(root ? 'runuser' : join(bin, tool), root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, { stdio: 'pipe' })
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'])
  const port = await freePort()
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '300', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`, 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** A new empty database on the server at adminUrl; its URL. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `caliper_${randomUUID().replaceAll('-', '')}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}
