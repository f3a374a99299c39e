import { Command, CommanderError } from 'commander';
import { onStoreUpgrade, setLockPatience } from '../store/database.ts';
import { commandModules } from './commands/index.ts';
import { cliLockPatience, failureMessage } from './output.ts';

// Any command may be the first to open a store after an update, and applies its migrations then: say which, on
// stderr so that `--json` output stays clean.
onStoreUpgrade(({ path, applied }) => {
  process.stderr.write(`drugclaim: upgraded the store at ${path}: ${applied.join(', ')}\n`);
});

// `drugclaim … | head` closes the pipe early: that is the reader's choice, not an error. Any other failure to write
// the output (a full disk) ends the run with a one-line message and exit 2, not a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // Messages nobody reads any more (`2>&1 | head`) must not stop the work: a convert to --out would leave its
    // temporary file behind. Only the output itself ends the run.
    if (stream === process.stderr) return;
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`drugclaim: cannot write the output: ${err.code ?? err.message}\n`);
    process.exit(2);
  });
}

const program = new Command('drugclaim')
  .description(
    'Bill physician-administered drugs right: HCPCS codes as of a date, dose to units, claim edits, denials.',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

for (const register of commandModules) register(program);

// A command waits for another process that writes the store (a cron import beside one started by hand) instead of
// failing after 5 s: up to a minute, saying so after a second. Not `serve`: SQLite waits on the thread, and a server
// that waited a minute there would answer nobody meanwhile; it keeps 5 s and waits on a timer where it can.
program.hook('preAction', (_program, command) => {
  if (command.name() === 'serve' && command.parent === program) return;
  setLockPatience(cliLockPatience());
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    // Unexpected failures are reported without a stack trace by default: the stack may hold claim data.
    process.stderr.write(`drugclaim: ${failureMessage(err)}\n`);
    if (process.env['DRUGCLAIM_DEBUG']) console.error(err);
    process.exitCode = 2;
  }
}
