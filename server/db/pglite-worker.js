/**
 * PGlite on its own thread (a node:worker_threads worker started by pglite-thread.ts). PGlite runs
 * PostgreSQL as WebAssembly on whichever thread calls it; on the server's main thread every
 * statement held up the event loop, and with it the accepting of new connections (libuv accepts
 * one per turn). Here the statements run beside the event loop instead of in it.
 *
 * One message = one request, answered with { id, result } or { id, error }:
 *   { op: 'query', sql, params, rowMode, raw, tx? }   one statement (inside transaction tx if given)
 *   { op: 'begin' }                                    opens a transaction; result: its number
 *   { op: 'commit', tx } / { op: 'rollback', tx }      ends it
 *   { op: 'close' }                                    closes PGlite (data flushed); then the thread may end
 * Requests may arrive concurrently: PGlite's own locks order them (a statement outside a
 * transaction waits until the open one ends, a second BEGIN waits its turn), as they did on the
 * main thread.
 *
 * Plain JavaScript, not TypeScript: Node 20 cannot load a .ts file into a worker without a
 * loader, and the worker must start the same way under `npm run serve` (tsx), the tests (vitest)
 * and the built command line (scripts/build-cli.js copies this file beside its bundle).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'

/** @type {{ dataDir: string }} */
const { dataDir } = workerData
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

/**
 * Open transactions by number: PGlite's transaction object, and how to end it (commit resolves
 * the callback PGlite waits on, rollback rejects it; PGlite then sends COMMIT or ROLLBACK).
 * @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, commit: () => void, rollback: (reason: Error) => void, done: Promise<unknown> }>}
 */
const transactions = new Map()
let nextTransaction = 1

/** An error as plain data: its name, message and PostgreSQL's fields (code, detail, constraint…). */
function plain(error) {
  const fields = {}
  if (error && typeof error === 'object')
    for (const [key, value] of Object.entries(error)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value
  return { ...fields, name: error?.name ?? 'Error', message: error?.message ?? String(error) }
}

const identity = (value) => value

/** The transaction a request names, or an error that says it is over. */
function transaction(id) {
  const open = transactions.get(id)
  if (!open) throw new Error(`transaction ${id} is not open`)
  return open
}

let db

async function handle(message) {
  switch (message.op) {
    case 'query': {
      // Types the caller parses itself (it gave a parser of its own) stay as PostgreSQL's text.
      const parsers = Object.fromEntries(message.raw.map((oid) => [oid, identity]))
      const target = message.tx ? transaction(message.tx).tx : db
      const { rows, fields, affectedRows } = await target.query(message.sql, message.params, { rowMode: message.rowMode, parsers })
      return { rows, fields: fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })), affectedRows }
    }
    case 'begin': {
      const id = nextTransaction++
      return new Promise((began, failed) => {
        const done = db.transaction(
          (tx) =>
            new Promise((commit, rollback) => {
              transactions.set(id, { tx, commit, rollback, done })
              began(id)
            }),
        )
        // BEGIN itself failed: nothing was registered.
        done.catch((error) => {
          if (!transactions.has(id)) failed(error)
        })
      })
    }
    case 'commit':
    case 'rollback': {
      const open = transaction(message.tx)
      transactions.delete(message.tx)
      if (message.op === 'commit') open.commit()
      else open.rollback(new Error('rolled back'))
      try {
        await open.done
      } catch (error) {
        if (message.op === 'commit') throw error
      }
      return null
    }
    case 'close':
      await db.close()
      return null
    default:
      throw new Error(`unknown request ${message.op}`)
  }
}

try {
  db = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir)
  await db.waitReady
  port.postMessage({ ready: true })
} catch (error) {
  port.postMessage({ ready: false, error: plain(error) })
}

port.on('message', (message) => {
  handle(message).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error) => port.postMessage({ id: message.id, error: plain(error) }),
  )
})
