/**
 * `drugclaim serve`: opens the store (one SQLite file), loads the reference data into memory (importing
 * $DRUGCLAIM_DATA_DIR first when the store is empty), builds the app and listens.
 *
 * On a store with no reference data and no data folder the service still starts: accounts, the web app and the
 * claim routes work, reference answers are 503 with the commands that load the data.
 */
import type { ReferenceData } from '../../core/reference/port.ts';
import type { ReferenceIndex } from '../../core/reference/reference-index.ts';
import { AccountStore } from '../store/accounts/index.ts';
import { ensureReferenceData, NoReferenceDataError, openReferenceStore } from '../store/index.ts';
import { RecoverySession } from '../store/recovery/session.ts';
import { buildApp, type AppDeps } from './app.ts';
import type { App, AppConfig } from './context.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** Database file (default $DRUGCLAIM_DB or ~/.drugclaim/drugclaim.db). */
  dbPath?: string;
  /** Folder of CMS files to import when the store is empty (default $DRUGCLAIM_DATA_DIR). */
  dataDir?: string;
  config?: Partial<AppConfig>;
  webRoot?: string | null;
  logger?: AppDeps['logger'];
  /** Where start-up messages go (default stderr). */
  say?: (line: string) => void;
}

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = openReferenceStore(options.dbPath === undefined ? {} : { dbPath: options.dbPath });
  let reference: ReferenceIndex | undefined;
  try {
    await ensureReferenceData(store, {
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      log: say,
    });
    reference = await store.loadReferenceData();
    // Build the search index now rather than on the first keystroke in the web app.
    reference.search('durvalumab', { limit: 1 });
    say(`drugclaim: ${reference.releases().length} reference releases loaded from ${store.path}.`);
  } catch (err) {
    if (!(err instanceof NoReferenceDataError)) throw err;
    say(`drugclaim: ${err.message}`);
    say(
      'drugclaim: serving without reference data; code lookups answer 503 until the data is loaded and the server restarted.',
    );
  }

  const accounts = new AccountStore(store.db);
  if (accounts.userCount() === 0) {
    say('drugclaim: no users yet. Create the first admin with: drugclaim user add NAME --admin');
  }
  const purge = setInterval(() => accounts.purgeExpiredSessions(), 15 * 60_000);
  purge.unref();

  const source = (): ReferenceData | undefined => reference;
  const recovery = RecoverySession.open({
    ...(options.dbPath !== undefined ? { dbPath: options.dbPath } : {}),
    reference: async () => {
      if (!reference) throw new NoReferenceDataError(store.path);
      return reference;
    },
  });
  if (!recovery.ok) {
    for (const p of recovery.problems) say(`drugclaim: ${p.message}`);
    say(
      'drugclaim: the recovery rules (rules/denials, rules/appeals, rules/contracts) are invalid; claims, remittances and the worklist answer 503.',
    );
  }
  const app = await buildApp({
    reference: source,
    accounts,
    ...(recovery.ok ? { recovery: recovery.value } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.webRoot !== undefined ? { webRoot: options.webRoot } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  const url = await app.listen({ port: options.port, host: options.host });
  return {
    app,
    url,
    async close() {
      clearInterval(purge);
      await app.close();
      if (recovery.ok) recovery.value.close();
      await store.close();
    },
  };
}
