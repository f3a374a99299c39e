/**
 * The service under load, in its own process (so the load generator does not share its event loop): a fresh
 * store in a temporary folder loaded from $DRUGCLAIM_DATA_DIR (default ../shared/data), a biller with an API
 * token, the default logger (one JSON line per request to stdout). Prints one JSON line { url, token } when ready.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../../src/adapters/http/server.ts';
import { AccountStore } from '../../src/adapters/store/accounts/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'drugclaim-bench-api-'));
const dbPath = join(dir, 'drugclaim.db');
const dataDir =
  process.env['DRUGCLAIM_DATA_DIR'] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

const db = openDatabase(dbPath);
const accounts = new AccountStore(db);
const user = await accounts.createUser({ username: 'bench', role: 'biller' });
const { token } = accounts.createToken(user.id, 'bench');
db.close();

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dbPath,
  dataDir,
  webRoot: null,
  // One client address and one token generate all the load: the per-token limit is lifted for the benchmark.
  config: { rateLimit: { max: 100_000_000, timeWindowMs: 60_000 } },
  say: (line) => process.stderr.write(`${line}\n`),
});
process.stderr.write(`${JSON.stringify({ url: server.url, token })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
