/**
 * `npm start`: drugclaim on its embedded default (the SQLite store at $DRUGCLAIM_DB, default ~/.drugclaim/drugclaim.db).
 *
 * 1. When the store has no reference data, load it: from $DRUGCLAIM_DATA_DIR when set (e.g. ../shared/data), else
 *    `data sync` from the publishers' URLs. If neither works, say exactly how to load it and serve what it can.
 * 2. Build the web app when web/dist is missing or older than its sources (after a `git pull`).
 * 3. Run `drugclaim serve` (port and host from $PORT / $HOST, default 127.0.0.1:8080; `drugclaim serve` itself reads
 *    neither: it takes --port and --host).
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureReferenceData,
  NoReferenceDataError,
  openReferenceStore,
} from '../src/adapters/store/index.ts';
import { webBuildIsStale } from './web-build.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What `serve` will not say itself: why the download failed. Its error message goes on with the "has no reference
 * data. Load it with…" block, which `serve` prints when it finds the store empty: that part is left to it.
 */
function syncFailure(err: NoReferenceDataError): string {
  return (err.detail ?? err.message).trimEnd();
}

try {
  const store = openReferenceStore();
  try {
    await ensureReferenceData(store, { sync: true });
  } finally {
    await store.close();
  }
} catch (err) {
  if (err instanceof NoReferenceDataError) {
    // A data folder that is missing or rejected is said by `serve`, which tries it too on start; a failed download
    // only happens here, so it is said here. The commands that load the data are said once, by `serve`.
    if (err.reason === 'sync-failed') process.stderr.write(`drugclaim: ${syncFailure(err)}\n`);
    process.stderr.write(
      `\nWith the CMS files in a folder (for example ../shared/data beside this checkout):\n` +
        `  DRUGCLAIM_DATA_DIR=../shared/data npm start\n\n`,
    );
  } else if (!(err instanceof Error && 'dbPath' in err)) {
    // An error about the store file itself (it names its path) is said by `serve`, which opens the same file and does
    // not start; anything else is said here.
    process.stderr.write(`drugclaim: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

if (webBuildIsStale()) {
  process.stderr.write('drugclaim: building the web app (first start, or its sources changed)…\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.stderr.write('drugclaim: the web app did not build; the API still runs.\n');
}

const args = [join(root, 'bin', 'drugclaim.js'), 'serve', '--port', process.env['PORT'] ?? '8080'];
if (process.env['HOST']) args.push('--host', process.env['HOST']);
const server = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => {
  process.exitCode = code ?? 0;
});
