/**
 * Revenue recovery benchmark: import + match + classify 100k remittance lines.
 *
 * Generates (not timed) an 837P with the submitted claims and an 835 answering them — 20k claims × 5 drug lines,
 * a mix of paid, underpaid and denied lines (CO-16/M119, CO-197, CO-151/N362, OA-18, CO-50) — then times, in one
 * SQLite file: reading the 835 and 837P with the X12 reader, importing both into the recovery store, and
 * reconciling (match every remittance claim and line, classify every adjustment, compute expected payments,
 * write the findings). `RECOVERY_BENCH_LINES` changes the size (default 100000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readX12Text } from '../src/adapters/x12/index.ts';
import { openDatabase } from '../src/adapters/store/database.ts';
import { loadRecoveryRules } from '../src/adapters/store/recovery/rules-files.ts';
import { RECOVERY_MIGRATIONS } from '../src/adapters/store/recovery/schema.ts';
import { RecoveryStore } from '../src/adapters/store/recovery/store.ts';
import type {
  Adjustment,
  Claim,
  ClaimLine,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../src/core/claim/model.ts';
import { DEFAULT_TOLERANCE } from '../src/core/recovery/model.ts';
import { sharedReference } from '../test/support/reference.ts';
import { write835, write837P } from '../test/recovery/fixtures.ts';
import type { BenchModule, BenchRow } from './types.ts';
import { mulberry32 } from '../test/support/random.ts';

const LINES_PER_CLAIM = 5;
// code, units, ASP limit in mills (January 2026), charge per unit in cents
const DRUGS: [string, number, number, number][] = [
  ['J9173', 75, 86_270, 10_700],
  ['J9271', 200, 59_726, 7_500],
  ['J9299', 240, 33_573, 4_200],
  ['J9309', 144, 136_772, 17_400],
  ['J9354', 252, 42_193, 4_800],
];

const half = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));

function generate(lines: number): { claims: Claim[]; remittance: Remittance } {
  const random = mulberry32(42);
  const claims: Claim[] = [];
  const remitClaims: RemittanceClaim[] = [];
  const nClaims = Math.ceil(lines / LINES_PER_CLAIM);
  for (let c = 0; c < nClaims; c++) {
    const id = `B${String(c).padStart(7, '0')}`;
    const claimLines: ClaimLine[] = [];
    const svcs: RemittanceServiceLine[] = [];
    for (let l = 1; l <= LINES_PER_CLAIM && claims.length * LINES_PER_CLAIM + l <= lines; l++) {
      const [code, units, mills, perUnit] = DRUGS[Math.floor(random() * DRUGS.length)] as [
        string,
        number,
        number,
        number,
      ];
      const charge = units * perUnit;
      claimLines.push({
        sequence: l,
        serviceDate: '2026-02-10',
        procedure: { qualifier: 'HC', code, modifiers: [] },
        units,
        unitType: 'UN',
        chargeCents: charge,
        diagnosisPointers: [1],
        notes: [],
        lineItemControlNumber: `${id}-${l}`,
      });
      const fee = half(units * mills, 10);
      const coins = half(fee, 5);
      const pay = fee - coins;
      const seq = half(pay * 2, 100);
      const roll = random();
      let adjustments: Adjustment[];
      let paid: number;
      let remarkCodes: string[] = [];
      if (roll < 0.8) {
        paid = pay - seq;
        adjustments = [
          { group: 'CO', carc: '45', amountCents: charge - fee },
          { group: 'PR', carc: '2', amountCents: coins },
          { group: 'CO', carc: '253', amountCents: seq },
        ];
      } else if (roll < 0.85) {
        paid = pay - seq - half(pay, 20); // underpaid by 5%
        adjustments = [
          { group: 'CO', carc: '45', amountCents: charge - fee + half(pay, 20) },
          { group: 'PR', carc: '2', amountCents: coins },
          { group: 'CO', carc: '253', amountCents: seq },
        ];
      } else {
        paid = 0;
        const denial = [
          ['CO', '16', 'M119'],
          ['CO', '197', ''],
          ['CO', '151', 'N362'],
          ['OA', '18', ''],
          ['CO', '50', 'N115'],
        ][Math.floor(random() * 5)] as [string, string, string];
        adjustments = [{ group: denial[0], carc: denial[1], amountCents: charge }];
        remarkCodes = denial[2] ? [denial[2]] : [];
      }
      svcs.push({
        procedure: { qualifier: 'HC', code, modifiers: [] },
        chargeCents: charge,
        paidCents: paid,
        units,
        serviceDate: '2026-02-10',
        adjustments,
        remarkCodes,
        lineItemControlNumber: `${id}-${l}`,
      });
    }
    claims.push({
      id,
      format: '837P',
      billingProvider: { name: 'BENCH ONCOLOGY', npi: '1234567893', tin: '123456789' },
      payer: { name: 'MEDICARE PART B', id: '12345', kind: 'medicare' },
      subscriber: { memberId: `M${c}`, firstName: 'PAT', lastName: 'BENCH', claimFilingIndicator: 'MB' },
      patient: { memberId: `M${c}`, firstName: 'PAT', lastName: 'BENCH', birthDate: '1950-01-01', sex: 'F' },
      placeOfService: '11',
      totalChargeCents: claimLines.reduce((s, x) => s + x.chargeCents, 0),
      diagnoses: [{ code: 'C3490', qualifier: 'ABK', pointer: 1 }],
      notes: [],
      lines: claimLines,
    });
    remitClaims.push({
      patientControlNumber: id,
      status: svcs.every((s) => s.paidCents === 0) ? '4' : '1',
      chargeCents: svcs.reduce((s, x) => s + x.chargeCents, 0),
      paidCents: svcs.reduce((s, x) => s + x.paidCents, 0),
      patientResponsibilityCents: svcs.reduce(
        (s, x) => s + x.adjustments.filter((a) => a.group === 'PR').reduce((t, a) => t + a.amountCents, 0),
        0,
      ),
      claimFilingIndicator: 'MB',
      payerClaimControlNumber: `ICN${c}`,
      patient: { memberId: `M${c}`, firstName: 'PAT', lastName: 'BENCH' },
      adjustments: [],
      remarkCodes: [],
      serviceLines: svcs,
    });
  }
  const remittance: Remittance = {
    format: '835',
    payer: { name: 'MEDICARE PART B', id: '12345' },
    payee: { name: 'BENCH ONCOLOGY', npi: '1234567893' },
    payment: {
      handling: 'I',
      amountCents: remitClaims.reduce((s, c) => s + c.paidCents, 0),
      creditDebit: 'C',
      method: 'ACH',
      date: '2026-03-02',
      traceNumber: 'BENCH1',
    },
    productionDate: '2026-03-02',
    claims: remitClaims,
    providerAdjustments: [],
  };
  return { claims, remittance };
}

export const benchmark: BenchModule = {
  name: 'recovery',
  async run(): Promise<BenchRow[]> {
    const lines = Number(process.env['RECOVERY_BENCH_LINES'] ?? 100_000);
    const rules = loadRecoveryRules();
    if (!rules.ok) throw new Error(rules.problems.map((p) => p.message).join('\n'));
    const reference = await sharedReference();
    const { claims, remittance } = generate(lines);
    const text835 = write835(remittance);
    const text837 = write837P(claims);
    const dir = mkdtempSync(join(tmpdir(), 'drugclaim-recovery-bench-'));
    const store = new RecoveryStore(
      openDatabase(join(dir, 'bench.db'), { migrations: RECOVERY_MIGRATIONS }),
      { ownsDb: true },
    );
    try {
      const enc = new TextEncoder();
      const t0 = performance.now();
      const read835 = readX12Text(text835, { file: 'bench.835' });
      const read837 = readX12Text(text837, { file: 'bench.837' });
      const t1 = performance.now();
      const cpu1 = process.cpuUsage();
      store.importClaims({ name: 'bench.837', bytes: enc.encode(text837) }, read837.claims);
      store.importRemittances({ name: 'bench.835', bytes: enc.encode(text835) }, read835.remittances);
      const t2 = performance.now();
      const summary = store.reconcile({
        mapping: rules.value.mapping,
        reference,
        contracts: rules.value.contracts,
        deadlines: rules.value.deadlines,
        tolerance: DEFAULT_TOLERANCE,
      });
      const t3 = performance.now();
      const cpu = process.cpuUsage(cpu1);
      const storeCpuS = (cpu.user + cpu.system) / 1e6;
      const remitLines = read835.remittances.reduce(
        (s, r) => s + r.claims.reduce((t, c) => t + c.serviceLines.length, 0),
        0,
      );
      const totalS = (t3 - t0) / 1000;
      const storeS = (t3 - t1) / 1000;
      const note = `${remitLines} remit lines, ${summary.matched} claims matched, ${summary.denials} denials, ${summary.underpayments} underpayments; 835 ${(text835.length / 1e6).toFixed(1)} MB`;
      return [
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'read 835 + 837P (X12 reader)',
          value: (t1 - t0) / 1000,
          unit: 's',
        },
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'import claims + remittances (SQLite)',
          value: (t2 - t1) / 1000,
          unit: 's',
        },
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'reconcile: match + classify + expected + findings',
          value: (t3 - t2) / 1000,
          unit: 's',
        },
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'import + match + classify (store)',
          value: remitLines / storeS,
          unit: 'lines/s',
          note,
        },
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'import + match + classify per CPU second',
          value: remitLines / storeCpuS,
          unit: 'lines/cpu-s',
          note: 'process CPU time: independent of other load on the machine',
        },
        {
          benchmark: `recovery ${lines / 1000}k remit lines`,
          subject: 'drugclaim',
          metric: 'total incl. reading the files',
          value: totalS,
          unit: 's',
        },
      ];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
