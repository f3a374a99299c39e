/**
 * End-to-end support: builds the web app once (when web/dist is missing or older than its sources), starts the
 * real service on 127.0.0.1 (a browser needs a socket) with the shared reference data in memory, an in-memory
 * store holding a biller and a generated claims + remittances scenario, and launches Debian's Chromium headless.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildApp } from '../../src/adapters/http/app.ts';
import type { App } from '../../src/adapters/http/context.ts';
import { readClaimBytes } from '../../src/adapters/claim-files/index.ts';
import { AccountStore } from '../../src/adapters/store/accounts/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import type { Claim } from '../../src/core/claim/model.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../recovery/fixtures.ts';
import { sharedReference } from '../support/reference.ts';
import { repoRoot } from '../support/shared.ts';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const E2E_USER = { username: 'dana', password: 'infusion center 2026' };
/** The practice's administrator: the Admin page (users, API tokens, audit log). */
export const E2E_ADMIN = { username: 'ari', password: 'revenue cycle admin 2026' };
export const OUTPUT_DIR = join(repoRoot, 'test-output', 'e2e');

/** Builds web/dist with Vite unless it is newer than every file of web/src, web/index.html and the config. */
export async function ensureWebBuilt(): Promise<void> {
  if (webBuildIsStale()) await buildWeb();
}

/** A J9173 claim billed from 500 mg + 3 × 120 mg (waste 110 mg → JW 11) where 7 × 120 mg would waste 90 mg. */
function wasteClaim(): Claim {
  const base = generatedClaims()[0] as Claim;
  const dos = '2026-02-10';
  return {
    ...base,
    id: 'WASTE01',
    totalChargeCents: 940_000,
    lines: [
      {
        sequence: 1,
        serviceDate: dos,
        procedure: { qualifier: 'HC', code: 'J9173', modifiers: [] },
        units: 75,
        unitType: 'UN',
        chargeCents: 800_000,
        diagnosisPointers: [1],
        notes: [],
      },
      {
        sequence: 2,
        serviceDate: dos,
        procedure: { qualifier: 'HC', code: 'J9173', modifiers: ['JW'] },
        units: 11,
        unitType: 'UN',
        chargeCents: 140_000,
        diagnosisPointers: [1],
        notes: [],
      },
    ],
  };
}

export interface E2eServer {
  app: App;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const reference = await sharedReference();
  const db = openDatabase(':memory:');
  const accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  await accounts.createUser({ username: E2E_USER.username, role: 'biller', password: E2E_USER.password });
  await accounts.createUser({ username: E2E_ADMIN.username, role: 'admin', password: E2E_ADMIN.password });
  const opened = RecoverySession.open({ dbPath: ':memory:', reference: async () => reference });
  if (!opened.ok) throw new Error(opened.problems.map((p) => p.message).join('; '));
  const recovery = opened.value;
  const load = (name: string, text: string, kind: 'claims' | 'remittances') => {
    const bytes = new TextEncoder().encode(text);
    const read = readClaimBytes(name, bytes);
    if (kind === 'claims') recovery.store.importClaims({ name, bytes }, read.claims, { format: read.format });
    else recovery.store.importRemittances({ name, bytes }, read.remittances, { format: read.format });
  };
  load('claims.837', write837P([...generatedClaims(), wasteClaim()]), 'claims');
  load('medicare.835', write835(medicareRemittance(), 2), 'remittances');
  load('commercial.835', write835(commercialRemittance(), 3), 'remittances');
  recovery.store.reconcile(await recovery.analysisContext());

  const logs: string[] = [];
  const app = await buildApp({
    reference,
    accounts,
    recovery,
    logger: { level: 'info', stream: { write: (line: string) => logs.push(line) } },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    logs,
    async close() {
      await app.close();
      recovery.close();
      db.close();
    },
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile that is deleted afterwards. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'drugclaim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function outputDir(): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return OUTPUT_DIR;
}
