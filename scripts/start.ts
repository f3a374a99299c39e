/**
 * `npm start`: make sure the reference store ($DRUGCLAIM_DB, default ~/.drugclaim/drugclaim.db) has data, then run
 * the demo (`drugclaim code J9173`).
 *
 * Loading, when the store is empty: from $DRUGCLAIM_DATA_DIR when set (e.g. DRUGCLAIM_DATA_DIR=../shared/data),
 * else `data sync` from the publishers' URLs. If neither works it says exactly what to do and exits 2.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureReferenceData,
  NoReferenceDataError,
  openReferenceStore,
} from '../src/adapters/store/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const store = openReferenceStore();
try {
  await ensureReferenceData(store, { sync: true });
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`drugclaim: ${message}\n`);
  if (err instanceof NoReferenceDataError) {
    process.stderr.write(
      `\nWith the CMS files in a folder (for example ../shared/data beside this checkout):\n` +
        `  DRUGCLAIM_DATA_DIR=../shared/data npm start\n` +
        `or import them once:\n` +
        `  npm run drugclaim -- data import --from ../shared/data\n`,
    );
  }
  process.exitCode = 2;
} finally {
  await store.close();
}

if (process.exitCode === undefined || process.exitCode === 0) {
  // Until the HTTP service exists, a useful demo: what J9173 is today.
  const demo = spawnSync(process.execPath, [join(root, 'bin', 'drugclaim.js'), 'code', 'J9173'], {
    stdio: 'inherit',
  });
  process.exitCode = demo.status ?? 2;
}
