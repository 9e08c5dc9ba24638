/**
 * The headless command line (docs/cli.md) over the core: upload, resume, jobs, report, lists.
 * Errors a person can act on are one line on stderr; the key is read from an environment variable only.
 */
import { resolve } from 'node:path';
import { defaultDataDir } from '../core/data-dir.ts';
import { isUserError } from '../core/errors.ts';
import { DataFolderBusyError } from '../core/host/data-folder-lock.ts';
import { redact } from '../core/redact.ts';
import { storageErrorOf } from '../core/store/storage-error.ts';
import { parseCli, USAGE, UsageError } from './args.ts';
import { fixCommand } from './fix.ts';
import { EXIT, progressLine } from './outcome.ts';
import { jobsCommand, listsCommand, reportCommand } from './read-commands.ts';
import { resumeCommand, upload } from './send-commands.ts';
import { type CliSession, type Output, openSession } from './session.ts';

export { EXIT };

const terminal: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
  },
};

export async function main(argv: string[], io: Output = terminal): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    io.err(`noojee-upload: ${(error as Error).message} (see --help)`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (!command) {
    io.err('noojee-upload: no command given (upload, resume, jobs, report, fix, lists; see --help)');
    return EXIT.usage;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // The command's hold on the data folder, released however the command ends; `stored` says whether a
  // job of this run is in the store (a storage failure then exits 3, resumable, rather than 2).
  const run$ = { session: undefined as CliSession | undefined, stored: false };
  const open = async () => {
    run$.session = await openSession(dataDir, values, io, progressLine);
    return run$.session;
  };
  const commands: Record<string, () => Promise<number>> = {
    upload: () => upload(values, rest, open, run$, io),
    resume: () => resumeCommand(values, rest, open, run$, io),
    jobs: () => jobsCommand(values, dataDir, io),
    report: () => reportCommand(values, rest, dataDir, io),
    lists: () => listsCommand(values, rest, io),
    // A correction writes the store, so it holds the data folder like an upload does.
    fix: async () => {
      const ctx = await open();
      await fixCommand({ service: ctx.host.jobs, store: ctx.store }, values, rest[0], io);
      return EXIT.ok;
    },
  };
  const run = commands[command];
  if (!run) {
    io.err(`noojee-upload: unknown command "${command}" (upload, resume, jobs, report, fix, lists; see --help)`);
    return EXIT.usage;
  }
  try {
    return await run();
  } catch (error) {
    const storage = storageErrorOf(error);
    if (storage) {
      io.err(`noojee-upload: ${redact(storage.message)}`);
      return run$.stored ? EXIT.unfinished : EXIT.usage;
    }
    if (error instanceof DataFolderBusyError) {
      io.err(`noojee-upload: ${error.message}: wait for it to finish, or add --wait-for-lock`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.err(`noojee-upload: ${redact(error.message)}`);
      return EXIT.usage;
    }
    if (isUserError(error)) {
      io.err(`noojee-upload: ${redact(error.message)}`);
      return error.code === 'refused' ? EXIT.refused : error.code === 'unreachable' ? EXIT.unfinished : EXIT.usage;
    }
    const detail = error instanceof Error ? error.message : String(error);
    io.err(`noojee-upload: unexpected error: ${redact(detail)}`);
    if (process.env.NOOJEE_DEBUG === '1' && error instanceof Error) io.err(redact(error.stack ?? ''));
    return EXIT.unfinished;
  } finally {
    await closeSession(run$.session, io);
  }
}

async function closeSession(session: CliSession | undefined, io: Output): Promise<void> {
  try {
    await session?.host.close();
  } catch (error) {
    // The result is already told; a store that cannot close (a full disk) loses nothing committed.
    io.err(`noojee-upload: note: the job store did not close cleanly: ${redact((error as Error).message)}`);
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
