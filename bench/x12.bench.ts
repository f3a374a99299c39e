/**
 * `npm run bench x12`: reading a large 837P.
 *
 * Generates a synthetic 837P of about 100 MB (283,000 drug claims, about 4.8 million segments; seeded, so the same
 * file every run) in the temp directory, then measures, each in its own child process so that peak RSS is the
 * subject's own (`peakRssMb`: VmHWM of /proc/self/status, because Linux carries getrusage's maxRSS over exec from
 * the parent, which would report the bench runner's own peak for a small child):
 * - drugclaim: streamClaims, i.e. the full mapping to canonical claims, streaming;
 * - node-x12: X12Parser.parse on the same file (its usual API), with a time and heap cap, reported when exceeded;
 * - byte scan, two ways (the ceiling: reading the file and finding every segment terminator, nothing else):
 *   a JS loop over the bytes, and native `Buffer.indexOf(terminator, from)` (memchr-speed);
 * - naive split: split('~') and split('*') of every segment.
 * Size: DRUGCLAIM_BENCH_X12_CLAIMS (default 283000). node-x12 cap: DRUGCLAIM_BENCH_NODEX12_SECONDS (default 180).
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  statSync,
} from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streamClaims } from '../src/adapters/claim-files/index.ts';
import { mulberry32 } from '../test/support/random.ts';
import type { BenchModule, BenchRow } from './types.ts';

const self = fileURLToPath(import.meta.url);
const GENERATOR_VERSION = 3;

/** Physician-administered drugs with an NDC and a billing unit, for realistic lines. */
const drugs = [
  { code: 'J9355', ndc: '00069008101', mg: 10, unitNdc: 'ME', dose: 150 },
  { code: 'J9271', ndc: '00006302602', mg: 1, unitNdc: 'ML', dose: 200 },
  { code: 'J9299', ndc: '00003373411', mg: 1, unitNdc: 'ML', dose: 240 },
  { code: 'J2505', ndc: '55513019001', mg: 6, unitNdc: 'ML', dose: 6 },
  { code: 'J0897', ndc: '55513073001', mg: 1, unitNdc: 'ML', dose: 120 },
  { code: 'J1745', ndc: '57894003001', mg: 10, unitNdc: 'UN', dose: 400 },
  { code: 'J9312', ndc: '50242005121', mg: 10, unitNdc: 'ML', dose: 700 },
  { code: 'J2354', ndc: '00078033661', mg: 1, unitNdc: 'ML', dose: 20 },
];
const last = [
  'SMITH',
  'JOHNSON',
  'WILLIAMS',
  'BROWN',
  'JONES',
  'GARCIA',
  'MILLER',
  'DAVIS',
  'RODRIGUEZ',
  'MARTINEZ',
];
const first = [
  'MARY',
  'JAMES',
  'PATRICIA',
  'ROBERT',
  'JENNIFER',
  'MICHAEL',
  'LINDA',
  'DAVID',
  'ELIZABETH',
  'WILLIAM',
];
const dx = ['C50911', 'C3490', 'C189', 'C61', 'D631', 'M0579', 'K5090', 'C8338'];

/** Writes the synthetic 837P (one interchange, one transaction set) and returns its path. */
export async function syntheticX12(claims: number): Promise<string> {
  const dir = join(tmpdir(), 'drugclaim-bench');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `synthetic-837p-v${GENERATOR_VERSION}-${claims}.x12`);
  if (existsSync(path)) return path;
  const r = mulberry32(42); // seeded: the same file every run
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out = createWriteStream(`${path}.part`);
  const write = (s: string): Promise<void> =>
    out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', () => res()));
  let segments = 0;
  let buf = '';
  const seg = (s: string): void => {
    buf += `${s}~\n`;
    segments++;
  };
  buf +=
    'ISA*00*          *00*          *ZZ*INFUSIONCTR    *ZZ*CLEARINGHOUSE  *250301*1200*^*00501*000000001*0*P*:~\n';
  seg('GS*HC*INFUSIONCTR*CLEARINGHOUSE*20250301*1200*1*X*005010X222A1');
  segments = 0;
  seg('ST*837*0001*005010X222A1');
  seg('BHT*0019*00*0001*20250301*1200*CH');
  seg('NM1*41*2*METRO INFUSION CENTER*****46*INFUSIONCTR');
  seg('PER*IC*BILLING OFFICE*TE*5555550100');
  seg('NM1*40*2*CLEARINGHOUSE*****46*CLEARINGHOUSE');
  seg('HL*1**20*1');
  seg('PRV*BI*PXC*261QX0203X');
  seg('NM1*85*2*METRO INFUSION CENTER*****XX*1234567893');
  seg('N3*100 MEDICAL PLAZA');
  seg('N4*SPRINGFIELD*IL*627010001');
  seg('REF*EI*371234567');
  for (let i = 0; i < claims; i++) {
    const hl = i + 2;
    const kind = r();
    const filing = kind < 0.55 ? 'MB' : kind < 0.8 ? 'CI' : 'MC';
    const payer =
      filing === 'MB'
        ? 'MEDICARE PART B*****PI*00952'
        : filing === 'MC'
          ? 'STATE MEDICAID*****PI*77001'
          : 'BLUE SHIELD*****PI*94036';
    const drug = pick(drugs);
    const billed = Math.ceil(drug.dose / drug.mg);
    const unitPrice = 25 + Math.floor(r() * 400);
    const drugCharge = billed * unitPrice;
    const waste = r() < 0.15 ? 1 + Math.floor(r() * 5) : 0;
    const adminCharge = r() < 0.6 ? 310 : 0;
    const total = drugCharge + waste * unitPrice + adminCharge;
    const dos = `2025${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    seg(`HL*${hl}*1*22*0`);
    seg(`SBR*P*18*${filing === 'CI' ? `GRP${100000 + Math.floor(r() * 900000)}` : ''}******${filing}`);
    if (r() < 0.3) seg(`PAT*******01*${120 + Math.floor(r() * 120)}`);
    seg(
      `NM1*IL*1*${pick(last)}*${pick(first)}****MI*${(1000000000 + i).toString(36).toUpperCase()}A${hl % 97}`,
    );
    seg(`N3*${1 + Math.floor(r() * 9999)} ${pick(['OAK', 'MAPLE', 'PINE', 'CEDAR', 'ELM'])} ST`);
    seg(`N4*SPRINGFIELD*IL*62${String(700 + Math.floor(r() * 99)).padStart(3, '0')}`);
    seg(
      `DMG*D8*19${40 + Math.floor(r() * 50)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}*${r() < 0.5 ? 'F' : 'M'}`,
    );
    seg(`NM1*PR*2*${payer}`);
    seg(`CLM*PCN${String(i).padStart(8, '0')}*${total}***11:B:1*Y*A*Y*Y`);
    if (r() < 0.5) seg(`REF*G1*PA${Math.floor(r() * 1e8)}`);
    seg(`HI*ABK:${pick(dx)}*ABF:Z5111`);
    let lx = 0;
    seg(`LX*${++lx}`);
    seg(`SV1*HC:${drug.code}${waste > 0 ? ':JZ' : ''}*${drugCharge}*UN*${billed}***1:2`);
    seg(`DTP*472*D8*${dos}`);
    seg(`NTE*ADD*DOSE ${drug.dose}MG`);
    seg(`LIN**N4*${drug.ndc}`);
    seg(`CTP****${billed}*${drug.unitNdc}`);
    if (waste > 0) {
      seg(`LX*${++lx}`);
      seg(`SV1*HC:${drug.code}:JW*${waste * unitPrice}*UN*${waste}***1`);
      seg(`DTP*472*D8*${dos}`);
      seg(`NTE*ADD*WASTE ${waste * drug.mg}MG`);
    }
    if (adminCharge > 0) {
      seg(`LX*${lx + 1}`);
      seg(`SV1*HC:96413*${adminCharge}*UN*1***1`);
      seg(`DTP*472*D8*${dos}`);
    }
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  seg(`SE*${segments + 1}*0001`);
  buf += 'GE*1*1~\nIEA*1*000000001~\n';
  await write(buf);
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  await rename(`${path}.part`, path);
  return path;
}

interface ChildResult {
  ms: number;
  /** CPU time (user + system) of the child while measured: tells a slow run from a busy machine. */
  cpuMs: number;
  claims: number;
  segments: number;
  maxRssMb: number;
  error?: string;
}

/** Runs one subject in a child process; resolves with its own measurement, or why it did not finish. */
function measure(
  subject: string,
  file: string,
  timeoutMs: number,
  nodeArgs: string[] = [],
): Promise<ChildResult | { failed: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, self, '--child', subject, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ failed: `stopped after ${timeoutMs / 1000} s (time cap)` });
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else if (signal !== 'SIGKILL')
        resolve({
          failed: `exited ${code ?? signal}${/heap out of memory|Allocation failed/i.test(err) ? ' (out of memory: heap cap)' : ''}`,
        });
    });
  });
}

async function child(subject: string, file: string): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let claims = 0;
  let segments = 0;
  if (subject === 'drugclaim') {
    const s = await streamClaims(file, () => {
      claims++;
    });
    segments = s.segments;
  } else if (subject === 'node-x12') {
    const require = createRequire(import.meta.url);
    const { X12Parser } = require('node-x12') as {
      X12Parser: new (strict?: boolean) => { parse(edi: string): unknown };
    };
    const text = readFileSync(file, 'utf8');
    const interchange = new X12Parser(true).parse(text) as {
      functionalGroups: { transactions: { segments: { tag: string }[] }[] }[];
    };
    for (const g of interchange.functionalGroups) {
      for (const t of g.transactions) {
        segments += t.segments.length;
        for (const s of t.segments) if (s.tag === 'CLM') claims++;
      }
    }
  } else if (subject === 'byte-scan') {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      for (let i = 0; i < n; i++) if (buf[i] === 126) segments++;
    }
    closeSync(fd);
  } else if (subject === 'byte-scan-indexof') {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      const bytes = n === buf.length ? buf : buf.subarray(0, n);
      for (let i = bytes.indexOf(126); i !== -1; i = bytes.indexOf(126, i + 1)) segments++;
    }
    closeSync(fd);
  } else if (subject === 'split') {
    const text = readFileSync(file, 'latin1');
    for (const seg of text.split('~')) {
      const elements = seg.trim().split('*');
      segments++;
      if (elements[0] === 'CLM') claims++;
    }
  } else throw new Error(`unknown subject ${subject}`);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, claims, segments, maxRssMb: peakRssMb() })}\n`,
  );
}

/** This process's peak resident set: VmHWM where /proc exists (Linux), else getrusage's maxRSS. */
function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m?.[1] !== undefined) return Number(m[1]) / 1024;
  } catch {
    // no /proc: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function run(): Promise<BenchRow[]> {
  const claims = Number(process.env['DRUGCLAIM_BENCH_X12_CLAIMS'] ?? 283000);
  const capSeconds = Number(process.env['DRUGCLAIM_BENCH_NODEX12_SECONDS'] ?? 180);
  process.stderr.write(`  generating a synthetic 837P with ${claims} claims…\n`);
  const file = await syntheticX12(claims);
  const mb = statSync(file).size / 1e6;
  const name = `x12 read 837P ${mb.toFixed(0)} MB`;
  const rows: BenchRow[] = [];
  const subjects: { subject: string; label: string; timeoutMs: number; nodeArgs?: string[] }[] = [
    { subject: 'byte-scan', label: 'byte scan, JS loop (ceiling)', timeoutMs: 120_000 },
    { subject: 'byte-scan-indexof', label: 'byte scan, Buffer.indexOf (ceiling)', timeoutMs: 120_000 },
    { subject: 'drugclaim', label: 'drugclaim', timeoutMs: 600_000 },
    { subject: 'split', label: "naive split('~')", timeoutMs: 300_000 },
    {
      subject: 'node-x12',
      label: 'node-x12',
      timeoutMs: capSeconds * 1000,
      nodeArgs: ['--max-old-space-size=8192'],
    },
  ];
  for (const s of subjects) {
    process.stderr.write(`  ${s.label}…\n`);
    const r = await measure(s.subject, file, s.timeoutMs, s.nodeArgs);
    if ('failed' in r) {
      rows.push({
        benchmark: name,
        subject: s.label,
        metric: 'throughput',
        value: 0,
        unit: 'MB/s',
        note: `did not finish: ${r.failed}`,
      });
      continue;
    }
    const seconds = r.ms / 1000;
    const isUs = s.subject === 'drugclaim';
    rows.push({
      benchmark: name,
      subject: s.label,
      metric: 'throughput',
      value: mb / seconds,
      unit: 'MB/s',
      ...(isUs ? { target: '≥ 150 MB/s', met: mb / seconds >= 150 } : {}),
      note: `${seconds.toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), ${r.segments.toLocaleString('en-US')} segments`,
    });
    if (s.subject === 'drugclaim' || s.subject === 'node-x12')
      rows.push({
        benchmark: name,
        subject: s.label,
        metric: 'claims/s',
        value: r.claims / seconds,
        unit: 'claims/s',
        note: `${r.claims.toLocaleString('en-US')} claims${isUs ? ' mapped to canonical claims' : ' (CLM segments counted)'}`,
      });
    rows.push({
      benchmark: name,
      subject: s.label,
      metric: 'peak RSS',
      value: r.maxRssMb,
      unit: 'MB',
      ...(isUs ? { target: '< 200 MB', met: r.maxRssMb < 200 } : {}),
    });
  }
  return rows;
}

export const benchmark: BenchModule = { name: 'x12', run };

if (process.argv[2] === '--child') {
  await child(process.argv[3] ?? '', process.argv[4] ?? '');
}
