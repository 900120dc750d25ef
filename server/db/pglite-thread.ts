/**
 * PGlite in a worker thread (pglite-worker.js), seen from the main thread as the part of PGlite's
 * interface that Drizzle's PGlite driver and migrator call: query(sql, params, options) and
 * transaction(callback) with tx.query and tx.rollback.
 *
 * Why a thread: PGlite is PostgreSQL compiled to WebAssembly and runs on the thread that calls
 * it. On the server's main thread its statements ran between the event loop's turns, a turn lasted
 * as long as every queued request's statements (0.1–1.3 s under load), and since libuv 1.45 a
 * server accepts one connection per turn: 200 users connecting at once waited past their timeout.
 * In a worker the statements run in parallel with the event loop, which stays free to accept,
 * parse, validate and answer.
 *
 * Why not PGlite's own PGliteWorker (@electric-sql/pglite/worker): it is made for browser tabs
 * (Web Worker, BroadcastChannel, navigator.locks for leader election, which Node 20 lacks) and
 * takes three round trips per statement (lock, run, unlock). Here one statement is one message;
 * PGlite's own locks, in the worker, keep transactions serial exactly as they were on the main
 * thread (a statement outside a transaction waits for the open one to end).
 *
 * Errors keep PostgreSQL's fields (code, detail, constraint…). If the thread dies, every waiting
 * and later call fails with DatabaseUnavailableError (503 from the server), never hangs.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite'

const WORKER_FILE = 'pglite-worker.js'

/** The worker's file: beside this module, or (bundled into build/ by the command line's build) beside the bundle's chunks. */
function workerFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, WORKER_FILE), join(dir, 'server', 'db', WORKER_FILE)]) if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) throw new Error(`the database worker (server/db/${WORKER_FILE}) is missing`)
  }
}

/** The database thread has stopped (crashed, or closed): the server answers 503. */
export class DatabaseUnavailableError extends Error {
  readonly statusCode = 503
  constructor(reason: string) {
    super(`The database is not available (${reason})`)
    this.name = 'DatabaseUnavailableError'
  }
}

/** The DatabaseUnavailableError behind an error, if any (Drizzle wraps a failed statement's error as its cause). */
export function databaseUnavailable(error: unknown): DatabaseUnavailableError | null {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof DatabaseUnavailableError) return e
  return null
}

type Request = { op: 'query'; sql: string; params: unknown[]; rowMode: 'array' | 'object'; raw: number[]; tx?: number } | { op: 'begin' } | { op: 'commit' | 'rollback'; tx: number } | { op: 'close' }
type PlainError = Record<string, string | number | boolean | null> & { name: string; message: string }
type Reply = { id: number; result: unknown; error?: undefined } | { id: number; error: PlainError }

/** An error from the worker, rebuilt with PostgreSQL's fields, so callers see what PGlite would have thrown. */
function rebuilt(plain: PlainError): Error {
  return Object.assign(new Error(plain.message), plain)
}

export class PGliteThread {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  #nextId = 1
  #stopped: DatabaseUnavailableError | null = null
  #closing: Promise<void> | null = null
  /** Resolves with the reason if the thread stops without being closed. */
  readonly failed: Promise<Error>
  #fail!: (error: Error) => void

  private constructor(worker: Worker) {
    this.#worker = worker
    this.failed = new Promise((resolve) => (this.#fail = resolve))
    worker.on('message', (reply: Reply) => {
      const call = this.#pending.get(reply.id)
      if (!call) return
      this.#pending.delete(reply.id)
      this.#idle()
      if (reply.error) call.reject(rebuilt(reply.error))
      else call.resolve(reply.result)
    })
    worker.on('error', (error: Error) => this.#stop(new DatabaseUnavailableError(`the database thread failed: ${error.message}`)))
    worker.on('exit', (code) => this.#stop(new DatabaseUnavailableError(`the database thread ended with code ${code}`)))
  }

  /** Starts the thread and opens PGlite in it: a data folder, or "memory". */
  static async open(dataDir: string): Promise<PGliteThread> {
    const worker = new Worker(workerFile(), { workerData: { dataDir } })
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the database thread ended with code ${code} before PGlite opened`))
      worker.once('error', reject)
      worker.once('exit', onExit)
      worker.once('message', (message: { ready: boolean; error?: PlainError }) => {
        worker.off('error', reject)
        worker.off('exit', onExit)
        if (message.ready) resolve()
        else {
          reject(rebuilt(message.error!))
          void worker.terminate()
        }
      })
    })
    const thread = new PGliteThread(worker)
    thread.#idle()
    return thread
  }

  #stop(error: DatabaseUnavailableError) {
    if (this.#stopped) return
    this.#stopped = error
    for (const call of this.#pending.values()) call.reject(error)
    this.#pending.clear()
    if (!this.#closing) this.#fail(error)
  }

  /** Keeps the process alive while a reply is awaited, and only then (an idle thread never holds a command line open). */
  #idle() {
    if (this.#pending.size) this.#worker.ref()
    else this.#worker.unref()
  }

  #call<T>(request: Request): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped)
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      try {
        this.#worker.postMessage({ ...request, id })
      } catch (error) {
        // A parameter that cannot be copied to the thread (a function, say): this call fails, nothing waits for it.
        this.#pending.delete(id)
        reject(error as Error)
      }
      this.#idle()
    })
  }

  async #query<T>(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number): Promise<Results<T>> {
    if (options.serializers || options.blob || options.paramTypes) throw new Error('the database thread takes no serializers, blob or paramTypes')
    // A parser given for a type: the worker keeps that type's text and the parser runs here (functions cannot cross threads).
    const parsers = options.parsers ?? {}
    const raw = Object.keys(parsers).map(Number)
    const result = await this.#call<Results<T>>({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object', raw, ...(tx ? { tx } : {}) })
    if (raw.length)
      result.fields.forEach((field, i) => {
        const parse = parsers[field.dataTypeID]
        if (!parse) return
        const key = options.rowMode === 'array' ? i : field.name
        for (const row of result.rows as Record<string | number, unknown>[]) if (row[key] != null) row[key] = parse(row[key] as string)
      })
    return result
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options)
  }

  /** One transaction at a time (PGlite's lock in the worker); COMMIT if the callback succeeds, ROLLBACK if it throws. */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = await this.#call<number>({ op: 'begin' })
    let closed = false
    const tx = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => this.#query<R>(sql, params, options, id),
      rollback: async () => {
        closed = true
        await this.#call({ op: 'rollback', tx: id })
      },
      get closed() {
        return closed
      },
    } as unknown as Transaction
    let result: T
    try {
      result = await callback(tx)
    } catch (error) {
      if (!closed) {
        closed = true
        await this.#call({ op: 'rollback', tx: id }).catch(() => undefined)
      }
      throw error
    }
    if (!closed) {
      closed = true
      await this.#call({ op: 'commit', tx: id })
    }
    return result
  }

  /** Closes PGlite (its data flushed to the folder) and ends the thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (!this.#stopped) await this.#call({ op: 'close' })
      } finally {
        await this.#worker.terminate()
      }
    })()
    return this.#closing
  }
}
