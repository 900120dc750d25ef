/**
 * PGlite on its own thread (server/db/pglite-thread.ts): the event loop stays free while a
 * statement runs; PostgreSQL's errors keep their fields; transactions stay serial and atomic;
 * a statement outside a transaction waits for the open one; data survives close and reopen; and
 * when the thread dies, every waiting and later request fails (the server answers 503 JSON)
 * instead of hanging.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import type { Transaction } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { DatabaseUnavailableError, PGliteThread } from '../../server/db/pglite-thread.ts'
import { openDatabase, rowsOf } from '../../server/db/open.ts'
import { startTestServer } from './harness.ts'

/** Every worker the code under test starts (the real Worker, watched so that a test can make one die). */
const workers = vi.hoisted(() => [] as Worker[])
vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof import('node:worker_threads')>()
  class WatchedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args)
      workers.push(this)
    }
  }
  return { ...real, Worker: WatchedWorker }
})

describe('PGlite in a worker thread', () => {
  let db: PGliteThread
  beforeAll(async () => {
    db = await PGliteThread.open('memory')
    await db.query('CREATE TABLE counter (n int NOT NULL)')
    await db.query('INSERT INTO counter VALUES (0)')
  })
  afterAll(() => db.close())

  it('runs a statement while the event loop goes on turning (a timer set after the statement fires before its answer)', async () => {
    const events: string[] = []
    const statement = db.query('SELECT pg_sleep(0.5)').then(() => events.push('statement'))
    setTimeout(() => events.push('timer'), 0)
    await statement
    expect(events).toEqual(['timer', 'statement'])
  })

  it("keeps PostgreSQL's error fields (code, message) and goes on answering after an error", async () => {
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01', message: expect.stringContaining('no_such_table') })
    await expect(db.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] })
  })

  it('fails a statement whose parameter cannot be sent to the thread (a function), and goes on answering', async () => {
    await expect(db.query('SELECT $1::text', [() => 'not data'])).rejects.toThrow(/could not be cloned/)
    await expect(db.query('SELECT 2 AS two')).resolves.toMatchObject({ rows: [{ two: 2 }] })
  })

  it('parses on the main thread the types a caller gives a parser for (Drizzle keeps timestamps as text)', async () => {
    const { rows } = await db.query<[string, number]>("SELECT '2026-01-02 03:04:05+00'::timestamptz, 7::int4", [], { rowMode: 'array', parsers: { 1184: (text: string) => `parsed ${text}` } })
    expect(rows).toEqual([['parsed 2026-01-02 03:04:05+00', 7]])
  })

  it('keeps transactions serial: 20 concurrent read-then-write increments all count', async () => {
    const before = (await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter')
          await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1])
        }),
      ),
    )
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n).toBe(before + 20)
  })

  it('rolls a transaction back when its callback throws, and reports the callback’s error', async () => {
    const before = (await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE counter SET n = n + 100')
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n).toBe(before)
  })

  it('makes a statement outside a transaction wait until the open transaction ends (it sees the committed row)', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let open!: (tx: Transaction) => void
    const began = new Promise<Transaction>((resolve) => (open = resolve))
    const transaction = db.transaction(async (tx) => {
      await tx.query('CREATE TABLE waited (x int)')
      await tx.query('INSERT INTO waited VALUES (1)')
      open(tx)
      await held
    })
    const tx = await began
    let outsideDone = false
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM waited').then((result) => {
      outsideDone = true
      return result
    })
    // Sent after the outside statement, a statement inside the open transaction is answered first.
    expect((await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM waited')).rows).toEqual([{ n: 1 }])
    expect(outsideDone).toBe(false)
    release()
    await transaction
    expect((await outside).rows).toEqual([{ n: 1 }])
  })
})

describe('PGlite in a worker thread: a data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caliper-thread-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps what was committed after close and reopen', async () => {
    const first = await openDatabase({ dataDir: dir })
    await first.db.execute(sql`CREATE TABLE kept (x text)`)
    await first.db.transaction((tx) => tx.execute(sql`INSERT INTO kept VALUES ('written before close')`))
    await first.close()
    const second = await openDatabase({ dataDir: dir })
    expect(await rowsOf(second.db, sql`SELECT x FROM kept`)).toEqual([{ x: 'written before close' }])
    await second.close()
  })
})

describe('PGlite in a worker thread: when the thread dies', () => {
  it('fails the waiting and the later statements with DatabaseUnavailableError, and says so through `failed`', async () => {
    const db = await PGliteThread.open('memory')
    const worker = workers.at(-1)!
    const waiting = db.query('SELECT pg_sleep(30)')
    await worker.terminate()
    await expect(waiting).rejects.toBeInstanceOf(DatabaseUnavailableError)
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError)
    await expect(db.failed).resolves.toBeInstanceOf(DatabaseUnavailableError)
    await db.close()
  })

  it('makes the server answer 503 with a JSON error, not hang', async () => {
    const server = await startTestServer('pglite')
    const coordinator = await server.user('coordinator')
    expect((await coordinator.get('/api/cases')).status).toBe(200)
    await workers.at(-1)!.terminate()
    const reply = await coordinator.get('/api/cases')
    expect(reply.status).toBe(503)
    expect(reply.json).toEqual({ error: expect.stringContaining('The database is not available'), problems: [] })
    await server.close()
  })
})
