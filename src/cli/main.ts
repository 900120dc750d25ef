/**
 * The command line's front door: the command table and the exit status. Each command lives in
 * its own module, loaded only when that command runs (dynamic import), so `caliper evaluate`
 * never loads the report writer and a command that needs server code (PGlite, Fastify) costs
 * nothing to the others. To add a command, add one row to COMMANDS.
 *
 * Exit status (shared/case-format.md): 0 success; 1 invalid input (or output that could not be
 * written), one line per problem on stderr naming its JSON path; 2 usage error. Never a stack trace.
 */
import { InputError, problemLine, UsageError, type Streams } from './io.ts'

export type { Streams } from './io.ts'

/** A command module: runs with the arguments after the command's name; returns the exit status. */
export interface Command {
  run(args: string[], io: Streams): Promise<number>
}

interface CommandEntry {
  /** The usage lines shown by --help and on a usage error. */
  usage: string
  load: () => Promise<Command>
}

/** Every command, in the order --help lists them. */
export const COMMANDS: Record<string, CommandEntry> = {
  evaluate: {
    usage: 'caliper evaluate FILE|DIR ... [--criteria ID,...] [--json [--explain]]   responses of each case (folders: every *.json inside)',
    load: () => import('./evaluate.ts'),
  },
  cohort: {
    usage: 'caliper cohort FILE|DIR ... [--criteria ID,...] [--reference ID] [--json]   ORR, DCR and agreement of criteria over case files or a measurements CSV',
    load: () => import('./cohort.ts'),
  },
  best: {
    usage: 'caliper best SERIES.json [--preset recist|admiralonco] [--json]   best overall response of a response series',
    load: () => import('./best.ts'),
  },
  export: {
    usage: 'caliper export FILE|DIR ... --format csv|sdtm|report [--out FILE|DIR] [--pdf] [--study ID] [--criteria ID,...]',
    load: () => import('./export.ts'),
  },
  schema: {
    usage: 'caliper schema   the JSON Schema of the case file and the response series',
    load: () => import('./schema.ts'),
  },
  // The server's commands live with the server (server/cli.ts, docs/server.md): PGlite and argon2 load only for them.
  users: { usage: 'caliper users add NAME --role ROLE [--name "Display Name"]   an account on the server (password: CALIPER_PASSWORD or a prompt)', load: () => serverCommand('users') },
  audit: { usage: "caliper audit verify   check the server's audit trail (hash chain)", load: () => serverCommand('audit') },
  backup: { usage: "caliper backup FILE   the server's database to a file", load: () => serverCommand('backup') },
  restore: { usage: 'caliper restore FILE   a backup into an empty server database', load: () => serverCommand('restore') },
}

/** A server command: server/cli.ts reads the command's name with its arguments. */
async function serverCommand(name: string): Promise<Command> {
  const { main: serverMain } = await import('../../server/cli.ts')
  return { run: (args, io) => serverMain([name, ...args], io) }
}

export const USAGE = `Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}
Criterion ids: recist11, choi, mchoi, who, sact, mass, mda, irecist, percist (all by default).
Exit status: 0 success, 1 invalid input (or the output could not be written), 2 usage error.`

/** Runs the command line; returns the exit status. */
export async function main(argv: string[], streams: Streams): Promise<number> {
  try {
    const [name, ...args] = argv
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === undefined) throw new UsageError('no command given')
      streams.stdout.write(`${USAGE}\n`)
      return 0
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    if (!entry) throw new UsageError(name.startsWith('-') ? `the command comes first, e.g. caliper evaluate CASE.json ${name}` : `unknown command "${name}"`)
    if (args.includes('--help') || args.includes('-h')) {
      streams.stdout.write(`Usage: ${entry.usage}\n`)
      return 0
    }
    const command = await entry.load()
    return await command.run(args, streams)
  } catch (error) {
    if (error instanceof InputError) {
      for (const p of error.problems) streams.stderr.write(problemLine(p))
      return 1
    }
    if (error instanceof UsageError) {
      streams.stderr.write(`caliper: ${error.message}\n${USAGE}\n`)
      return 2
    }
    // A bug of ours: say so plainly, without a stack trace.
    streams.stderr.write(`caliper: internal error: ${(error as Error)?.message ?? String(error)}\n`)
    return 70
  }
}
