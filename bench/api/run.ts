/**
 * `npm run bench:api`: load test of the HTTP service on 127.0.0.1 with autocannon, bounded in time.
 *  - code lookup: GET /api/codes/:code?date=… over 20 drug codes, 50 connections (target ≥ 5,000 req/s, p99 < 10 ms);
 *  - check: POST /api/check of a generated 100-claim 837P (200 drug lines), 10 connections.
 * Both must finish with 0 errors, 0 timeouts and 0 non-2xx answers. Prints a table; writes bench-output/api.json.
 *
 * Options (env): BENCH_API_SECONDS (default 10 per scenario).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { Claim } from '../../src/core/claim/model.ts';
import { writeClaims } from '../../src/adapters/claim-files/index.ts';

const root = resolve(import.meta.dirname, '..', '..');
const seconds = Number(process.env['BENCH_API_SECONDS'] ?? 10);

const CODES = [
  'J9173',
  'J9309',
  'J9271',
  'J9299',
  'J9312',
  'J9305',
  'J9035',
  'J9306',
  'J9355',
  'J9022',
  'J9145',
  'J9228',
  'J9041',
  'J9264',
  'J9045',
  'J9267',
  'J1745',
  'J2505',
  'J0897',
  'J9393',
];

/** 100 claims, each a J9173 line (75 units, Imfinzi NDC) and an administration line, dates of service in Feb 2026. */
function hundredClaims(): string {
  const claims: Claim[] = [];
  for (let i = 0; i < 100; i++) {
    const dos = `2026-02-${String(1 + (i % 27)).padStart(2, '0')}`;
    const id = `BENCH${String(i).padStart(4, '0')}`;
    claims.push({
      id,
      format: '837P',
      billingProvider: { name: 'EXAMPLE ONCOLOGY PC', npi: '1234567893', tin: '123456789' },
      payer: { name: 'MEDICARE PART B', id: '12345', kind: 'medicare' },
      subscriber: {
        memberId: `BENCHMBR${i}`,
        lastName: 'PATIENT',
        firstName: 'TEST',
        claimFilingIndicator: 'MB',
      },
      patient: {
        memberId: `BENCHMBR${i}`,
        lastName: 'PATIENT',
        firstName: 'TEST',
        birthDate: '1950-01-01',
        sex: 'F',
      },
      placeOfService: '11',
      frequencyCode: '1',
      totalChargeCents: 830_000,
      diagnoses: [{ code: 'C3490', qualifier: 'ABK', pointer: 1 }],
      notes: [],
      lines: [
        {
          sequence: 1,
          serviceDate: dos,
          procedure: { qualifier: 'HC', code: 'J9173', modifiers: i % 2 === 0 ? ['JZ'] : [] },
          units: 75,
          unitType: 'UN',
          chargeCents: 800_000,
          diagnosisPointers: [1],
          notes: [],
          drug: { ndc: '00310450012', ndcQualifier: 'N4', quantity: 15, unit: 'ML' },
        },
        {
          sequence: 2,
          serviceDate: dos,
          procedure: { qualifier: 'HC', code: '96413', modifiers: [] },
          units: 1,
          unitType: 'UN',
          chargeCents: 30_000,
          diagnosisPointers: [1],
          notes: [],
        },
      ],
    });
  }
  return writeClaims(claims, 'x12');
}

async function startChild(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'server.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr });
  return new Promise((resolveStart, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) {
        const { url, token } = JSON.parse(line) as { url: string; token: string };
        resolveStart({ url, token, stop: () => child.kill('SIGTERM') });
      } else {
        process.stderr.write(`  server: ${line}\n`);
      }
    });
  });
}

interface Row {
  scenario: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  target: string;
  met: boolean;
}

const server = await startChild();
const rows: Row[] = [];
try {
  // Warm-up (JIT, search index, caches) before measuring.
  await autocannon({ url: `${server.url}/api/codes/J9173?date=2026-02-01`, connections: 10, duration: 2 });

  const lookup = await autocannon({
    url: server.url,
    connections: 50,
    duration: seconds,
    requests: CODES.map((c) => ({ method: 'GET', path: `/api/codes/${c}?date=2026-02-01` })),
  });
  rows.push({
    scenario: 'code lookup GET /api/codes/:code',
    connections: 50,
    seconds,
    requests: lookup.requests.total,
    reqPerSec: lookup.requests.average,
    p50Ms: lookup.latency.p50,
    p99Ms: lookup.latency.p99,
    maxMs: lookup.latency.max,
    errors: lookup.errors,
    timeouts: lookup.timeouts,
    non2xx: lookup.non2xx,
    target: '>= 5000 req/s, p99 < 10 ms, 0 errors',
    met:
      lookup.requests.average >= 5000 &&
      lookup.latency.p99 < 10 &&
      lookup.errors + lookup.timeouts + lookup.non2xx === 0,
  });

  const file = hundredClaims();
  const check = await autocannon({
    url: `${server.url}/api/check?fileName=bench-100.837&dateOfRun=2026-03-01`,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/edi-x12' },
    body: file,
  });
  rows.push({
    scenario: `check POST /api/check (100 claims, ${Math.round(file.length / 1024)} KB)`,
    connections: 10,
    seconds,
    requests: check.requests.total,
    reqPerSec: check.requests.average,
    p50Ms: check.latency.p50,
    p99Ms: check.latency.p99,
    maxMs: check.latency.max,
    errors: check.errors,
    timeouts: check.timeouts,
    non2xx: check.non2xx,
    target: '0 errors',
    met: check.errors + check.timeouts + check.non2xx === 0,
  });
} finally {
  server.stop();
}

const header = [
  'scenario',
  'conn',
  's',
  'requests',
  'req/s',
  'p50 ms',
  'p99 ms',
  'max ms',
  'errors',
  'timeouts',
  'non-2xx',
  'target',
  'met',
];
const table = rows.map((r) => [
  r.scenario,
  String(r.connections),
  String(r.seconds),
  String(r.requests),
  r.reqPerSec.toFixed(0),
  String(r.p50Ms),
  String(r.p99Ms),
  String(r.maxMs),
  String(r.errors),
  String(r.timeouts),
  String(r.non2xx),
  r.target,
  r.met ? 'yes' : 'NO',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table) console.log(line(r));
mkdirSync(join(root, 'bench-output'), { recursive: true });
writeFileSync(
  join(root, 'bench-output', 'api.json'),
  `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
);
if (rows.some((r) => r.errors + r.timeouts + r.non2xx > 0)) process.exitCode = 1;
