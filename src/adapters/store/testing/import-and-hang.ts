/**
 * Test helper run as a child process: imports a folder and, inside the transaction after the first new release is
 * written, prints "IN-TRANSACTION" and hangs so the test can kill -9 it mid-import.
 * Usage: node import-and-hang.ts DB_PATH DATA_DIR
 */
import { writeSync } from 'node:fs';
import { importFolder } from '../import.ts';
import { SqliteReferenceStore } from '../sqlite-reference-store.ts';

const [dbPath, dataDir] = process.argv.slice(2);
if (dbPath === undefined || dataDir === undefined)
  throw new Error('usage: import-and-hang.ts DB_PATH DATA_DIR');
const store = SqliteReferenceStore.open({ path: dbPath });
await importFolder(store, dataDir, {
  onProgress: () => {
    writeSync(1, 'IN-TRANSACTION\n');
    // Block inside the open transaction until killed.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  },
});
writeSync(1, 'FINISHED\n');
