/**
 * `npm start`: drugclaim on its embedded default (the SQLite store at $DRUGCLAIM_DB, default ~/.drugclaim/drugclaim.db).
 *
 * 1. When the store has no reference data, load it: from $DRUGCLAIM_DATA_DIR when set (e.g. ../shared/data), else
 *    `data sync` from the publishers' URLs. If neither works, say exactly how to load it and serve what it can.
 * 2. Build the web app when web/dist is missing or older than its sources (after a `git pull`).
 * 3. Run `drugclaim serve` (port and host from $PORT / $HOST, default 127.0.0.1:8080).
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

const store = openReferenceStore();
try {
  await ensureReferenceData(store, { sync: true });
} catch (err) {
  // The server says again what is wrong with a data folder (it tries it too on start): not twice. A failed
  // download only happens here, so that is said here.
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof NoReferenceDataError) || message.startsWith('data sync failed'))
    process.stderr.write(`drugclaim: ${message}\n`);
  if (err instanceof NoReferenceDataError) {
    process.stderr.write(
      `\nWith the CMS files in a folder (for example ../shared/data beside this checkout):\n` +
        `  DRUGCLAIM_DATA_DIR=../shared/data npm start\n` +
        `or import them once:  npm run drugclaim -- data import --from ../shared/data\n` +
        `Starting anyway: reference lookups answer 503 until data is loaded.\n\n`,
    );
  }
} finally {
  await store.close();
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
