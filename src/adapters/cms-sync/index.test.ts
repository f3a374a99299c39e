/**
 * `data sync` against a local HTTP server on 127.0.0.1 that serves ../shared/data (never the real internet).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { SqliteReferenceStore } from '../store/sqlite-reference-store.ts';
import { loadSyncConfig, syncFromCms, type SyncProgress, type SyncSource } from './index.ts';

type Fault =
  | 'status-500'
  | 'cut-connection'
  | 'truncated-file'
  /** Headers and a first part of the body, then nothing, never closed. */
  | 'stall'
  /** No answer at all. */
  | 'no-response'
  /** The whole file, in 10 parts 80 ms apart: slow but always moving. */
  | 'slow'
  | { serve: string };

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-sync-test-'));
const faults = new Map<string, Fault>();
const requested: string[] = [];
let server: Server;
let baseUrl = '';

before(async () => {
  const root = sharedDataDir();
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    requested.push(path);
    const fault = faults.get(path);
    if (fault === 'status-500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('server error');
      return;
    }
    const file = join(root, typeof fault === 'object' ? fault.serve : path);
    if (path.includes('..') || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    if (fault === 'no-response') return;
    const bytes = readFileSync(file);
    if (fault === 'stall') {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, 1000));
      return;
    }
    if (fault === 'slow') {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      const part = Math.ceil(bytes.length / 10);
      let sent = 0;
      const next = (): void => {
        if (res.destroyed) return;
        res.write(bytes.subarray(sent, sent + part));
        sent += part;
        if (sent >= bytes.length) res.end();
        else setTimeout(next, 80);
      };
      next();
      return;
    }
    if (fault === 'cut-connection') {
      // Announce the full length, send half, then drop the connection.
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, bytes.length >> 1));
      setTimeout(() => res.destroy(), 10);
      return;
    }
    const body = fault === 'truncated-file' ? bytes.subarray(0, bytes.length >> 1) : bytes;
    res
      .writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  // Stalled answers are never finished: drop their connections so that close returns.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
const newStore = (): SqliteReferenceStore => SqliteReferenceStore.open({ path: join(tmp, `sync-${++n}.db`) });
const config = loadSyncConfig();
const source = (id: string): SyncSource => {
  const s = config.sources.find((x) => x.id === id);
  assert.ok(s, id);
  return s;
};

describe('sources.json', () => {
  it('names one source per dataset, each present in a mirror laid out like ../shared/data', () => {
    const datasets = config.sources.map((s) => s.dataset).sort();
    assert.deepEqual(datasets, [
      'asp',
      'carc',
      'hcpcs',
      'icd10cm',
      'mue-dme',
      'mue-outpatient-hospital',
      'mue-practitioner',
      'ncci-aoc',
      'ndc-crosswalk',
      'opps',
      'rarc',
    ]);
    for (const s of config.sources) {
      assert.ok(existsSync(join(sharedDataDir(), s.mirrorPath)), s.mirrorPath);
      if (s.url !== null) assert.match(s.url, /^https:\/\//, s.id);
      if (s.url === null) assert.ok(s.note, `${s.id} says why it has no URL`);
    }
  });

  it('pins of plain files equal the SHA-256 of the mirror file', () => {
    for (const s of config.sources) {
      if (s.sha256 === undefined || s.mirrorPath.endsWith('.zip')) continue;
      const sha = createHash('sha256')
        .update(readFileSync(join(sharedDataDir(), s.mirrorPath)))
        .digest('hex');
      assert.equal(sha, s.sha256, s.id);
    }
  });
});

describe('data sync from a local mirror', () => {
  it('downloads, verifies and imports every dataset; a second sync changes nothing', async () => {
    const store = newStore();
    try {
      const report = await syncFromCms(store, { baseUrl });
      const errors = [
        ...report.problems,
        ...report.downloads.flatMap((d) => d.problems),
        ...(report.import?.rows.flatMap((r) => r.problems) ?? []),
      ].filter((p) => p.severity === 'error');
      assert.equal(report.ok, true, errors.map((p) => p.message).join('\n'));
      assert.deepEqual(
        report.downloads.map((d) => d.status),
        config.sources.map(() => 'downloaded'),
      );
      assert.equal(report.import?.rows.filter((r) => r.status === 'imported').length, 11);
      const releases = await store.listReleases();
      assert.equal(releases.length, 11);
      const ref = await store.loadReferenceData();
      assert.equal(ref.aspLimit('J9173', '2026-01-15')?.value.paymentLimitMills, 86270);

      const again = await syncFromCms(store, { baseUrl });
      const againErrors = [
        ...again.problems,
        ...again.downloads.flatMap((d) => d.problems),
        ...(again.import?.rows.flatMap((r) => r.problems) ?? []),
      ];
      assert.equal(
        again.ok,
        true,
        againErrors
          .filter((p) => p.severity === 'error')
          .map((p) => p.message)
          .join('\n'),
      );
      assert.deepEqual(
        again.import?.rows.map((r) => r.status),
        config.sources.map(() => 'already-imported'),
      );
      assert.deepEqual(await store.listReleases(), releases);
    } finally {
      await store.close();
    }
  });

  const small = ['asp', 'mue-dme'].map(source);
  const cases: [string, string, Fault, RegExp][] = [
    ['HTTP 500', 'asp', 'status-500', /HTTP 500/],
    [
      'connection cut mid-download',
      'mue-dme',
      'cut-connection',
      /received \d+ bytes, the server announced \d+/,
    ],
    [
      'truncated file (consistent length)',
      'asp',
      'truncated-file',
      /SHA-256 .* differs from the pinned|line|truncated/,
    ],
    [
      'wrong content (another dataset at the URL)',
      'asp',
      { serve: source('mue-dme').mirrorPath },
      /expected a asp file, but it reads as mue-dme/,
    ],
    [
      'wrong content (not a CMS file at all)',
      'mue-dme',
      { serve: 'PROVENANCE.md' },
      // Refused as another dataset, or read as MUE because of its name and refused for its header.
      /expected a mue-dme file|no header row/,
    ],
  ];
  for (const [label, id, fault, message] of cases) {
    it(`a broken download changes nothing: ${label}`, async () => {
      const store = newStore();
      try {
        // The store already holds an older state: the CARC list.
        const seeded = await syncFromCms(store, { baseUrl, sources: [source('carc')] });
        assert.equal(seeded.ok, true);
        const before = await store.listReleases();
        faults.set(source(id).mirrorPath, fault);
        const report = await syncFromCms(store, { baseUrl, sources: small });
        faults.clear();
        assert.equal(report.ok, false);
        const all = [...report.problems, ...(report.import?.rows.flatMap((r) => r.problems) ?? [])]
          .map((p) => p.message)
          .join('\n');
        assert.match(all, message);
        assert.deepEqual(await store.listReleases(), before);
      } finally {
        faults.clear();
        await store.close();
      }
    });
  }

  it("without a base URL it uses the publishers' URLs and skips sources that have none (no network in tests)", async () => {
    const store = newStore();
    const urls: string[] = [];
    const fakeFetch: typeof fetch = (input) => {
      urls.push(String(input));
      return Promise.resolve(new Response('unavailable', { status: 503, statusText: 'Service Unavailable' }));
    };
    try {
      const report = await syncFromCms(store, { fetch: fakeFetch });
      assert.equal(report.ok, false);
      const withUrl = config.sources.filter((s) => s.url !== null);
      assert.deepEqual(urls.sort(), withUrl.map((s) => s.url).sort());
      assert.deepEqual(
        report.downloads
          .filter((d) => d.status === 'skipped')
          .map((d) => d.id)
          .sort(),
        config.sources
          .filter((s) => s.url === null)
          .map((s) => s.id)
          .sort(),
      );
      assert.deepEqual(await store.listReleases(), []);
    } finally {
      await store.close();
    }
  });
});

describe('data sync: timeouts, truncation, progress and a bad base URL', () => {
  const dme = source('mue-dme');
  const errorsOf = (r: { problems: { code: string; severity: string }[] }): string[] =>
    r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

  it('reports each download as it starts, moves and ends', async () => {
    const store = newStore();
    const events: SyncProgress[] = [];
    try {
      const report = await syncFromCms(store, { baseUrl, sources: [dme], onProgress: (p) => events.push(p) });
      assert.equal(report.ok, true);
      const size = readFileSync(join(sharedDataDir(), dme.mirrorPath)).length;
      assert.deepEqual(events[0], {
        kind: 'start',
        id: 'mue-dme',
        url: report.downloads[0]?.url,
        attempt: 1,
      });
      assert.deepEqual(events[1], { kind: 'response', id: 'mue-dme', total: size });
      const bytes = events.filter((e) => e.kind === 'bytes');
      assert.ok(bytes.length >= 1);
      assert.deepEqual(bytes.at(-1), { kind: 'bytes', id: 'mue-dme', bytes: size, total: size });
      assert.deepEqual(events.at(-1), { kind: 'done', id: 'mue-dme', bytes: size });
    } finally {
      await store.close();
    }
  });

  it('a body cut short of its Content-Length is sync.truncated, after one retry that it announces', async () => {
    const store = newStore();
    const events: SyncProgress[] = [];
    faults.set(dme.mirrorPath, 'cut-connection');
    try {
      const report = await syncFromCms(store, { baseUrl, sources: [dme], onProgress: (p) => events.push(p) });
      assert.equal(report.ok, false);
      assert.deepEqual(errorsOf(report), ['sync.truncated']);
      assert.match(
        report.problems[0]?.message ?? '',
        /received \d+ bytes, the server announced \d+.*gave up after 2 attempts/,
      );
      assert.deepEqual(
        events
          .filter((e) => e.kind === 'start' || e.kind === 'retry' || e.kind === 'failed')
          .map((e) => e.kind),
        ['start', 'retry', 'start', 'failed'],
      );
      assert.deepEqual(await store.listReleases(), []);
    } finally {
      faults.clear();
      await store.close();
    }
  });

  for (const fault of ['stall', 'no-response'] as const) {
    it(`a request that goes quiet (${fault}) is given up after the idle timeout, retried once`, async () => {
      const store = newStore();
      const events: SyncProgress[] = [];
      faults.set(dme.mirrorPath, fault);
      const t0 = performance.now();
      try {
        const report = await syncFromCms(store, {
          baseUrl,
          sources: [dme],
          timeoutMs: 300,
          onProgress: (p) => events.push(p),
        });
        const elapsed = performance.now() - t0;
        assert.equal(report.ok, false);
        assert.deepEqual(errorsOf(report), ['sync.timeout']);
        assert.match(
          report.problems[0]?.message ?? '',
          fault === 'stall'
            ? /no data for 0\.3 s after 1000 bytes \(the idle timeout\); gave up after 2 attempts/
            : /no response for 0\.3 s \(the idle timeout\); gave up after 2 attempts/,
        );
        const retry = events.find((e) => e.kind === 'retry');
        assert.ok(retry && retry.kind === 'retry' && retry.attempt === 2, 'the retry is announced');
        assert.ok(elapsed < 5000, `two attempts of 0.3 s took ${Math.round(elapsed)} ms`);
        assert.deepEqual(await store.listReleases(), []);
      } finally {
        faults.clear();
        await store.close();
      }
    });
  }

  it('a slow download that keeps moving is not cut by the idle timeout', async () => {
    const store = newStore();
    faults.set(dme.mirrorPath, 'slow');
    try {
      const report = await syncFromCms(store, { baseUrl, sources: [dme], timeoutMs: 300 });
      assert.equal(report.ok, true, report.problems.map((p) => p.message).join('\n'));
      assert.ok((report.downloads[0]?.ms ?? 0) > 500, 'the download took longer than the timeout');
    } finally {
      faults.clear();
      await store.close();
    }
  });

  it('when the import refuses a download, the top-level problems carry its reasons', async () => {
    const store = newStore();
    faults.set(dme.mirrorPath, { serve: 'PROVENANCE.md' });
    try {
      const report = await syncFromCms(store, { baseUrl, sources: [dme] });
      assert.equal(report.ok, false);
      assert.ok(report.import, 'the downloads passed; the import ran');
      const rowErrors = report.import.rows.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
      assert.ok(rowErrors.length > 0, 'the file was refused');
      for (const p of rowErrors) assert.ok(report.problems.includes(p), `top-level problems lack ${p.code}`);
    } finally {
      faults.clear();
      await store.close();
    }
  });

  for (const bad of ['notaurl', 'file:///work/shared/data', 'ftp://127.0.0.1/']) {
    it(`a base URL that is not http(s) is one problem, before any request: ${bad}`, async () => {
      const store = newStore();
      const before = requested.length;
      try {
        const report = await syncFromCms(store, { baseUrl: bad });
        assert.equal(report.ok, false);
        assert.deepEqual(errorsOf(report), ['sync.bad-base-url']);
        assert.deepEqual(report.downloads, []);
        assert.equal(requested.length, before);
      } finally {
        await store.close();
      }
    });
  }
});
