/**
 * The process around main(): what bin/caliper.js runs (built into build/cli.cjs by
 * scripts/build-cli.js: a script, hence no top-level await). A closed standard output
 * (`caliper … | head`) ends the run quietly; any other failure to write it (a full disk,
 * `>/dev/full`) ends it with one line and status 1.
 */
import { main } from './main.ts'

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  process.stderr.write(`caliper: cannot write the output: ${error.code ?? error.message}\n`)
  process.exit(1)
})
// Nothing more can be said when standard error itself is closed.
process.stderr.on('error', () => process.exit(process.exitCode ?? 1))

void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((status) => {
  process.exitCode = status
})
