/**
 * The not-carried lists against the writers: every sample claim is written as FHIR and as CSV and read back; each
 * field that did not come back must be covered by a NOT_CARRIED entry of that format (so `convert` warns about it).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { claimWriter, readClaimBytes, readClaimFile, writeClaimFile } from './index.ts';
import {
  holds,
  NOT_CARRIED,
  NotCarriedTally,
  REMITTANCE_NOT_CARRIED,
  RemittanceNotCarriedTally,
} from './not-carried.ts';

/** Every path holding a value: "billingProvider.address.city", "lines[].notes[]". */
function leafPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value)) {
    for (const item of value) leafPaths(item, `${prefix}[]`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leafPaths(v, prefix === '' ? k : `${prefix}.${k}`, out);
    return;
  }
  out.add(prefix);
}

// Bookkeeping of the reader, not claim data.
const IGNORED = /^(position|envelope|format)\b|\.position\b/;

const samples = [x12SamplesDir(), fhirSamplesDir()].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => join(dir, f)),
);

for (const format of ['fhir', 'csv'] as const) {
  describe(`what ${format.toUpperCase()} does not carry`, () => {
    it('every field lost in the round trip of every sample claim is listed, and the tally names it', async () => {
      let compared = 0;
      for (const path of samples) {
        const read = await readClaimFile(path);
        if (read.claims.length === 0) continue;
        const back = readClaimBytes(
          `back.${format === 'csv' ? 'csv' : 'json'}`,
          Buffer.from(writeClaimFile(read.claims, format).text),
        );
        // CSV rows join claims by id: compare claims whose id is unique in the file.
        const ids = read.claims.map((c) => c.id);
        read.claims.forEach((claim) => {
          if (ids.indexOf(claim.id) !== ids.lastIndexOf(claim.id)) return;
          const again = back.claims.find((c) => c.id === claim.id);
          assert.ok(again, `${path}: claim ${claim.id} read back`);
          const before = new Set<string>();
          leafPaths(claim, '', before);
          const after = new Set<string>();
          leafPaths(again, '', after);
          const tally = new NotCarriedTally(format);
          tally.add(claim);
          for (const lost of before) {
            if (after.has(lost) || IGNORED.test(lost)) continue;
            // The subscriber's member id is the one FHIR (Coverage.subscriberId) and CSV (memberId) carry: it comes
            // back as the patient's when the patient is the subscriber.
            if (lost === 'subscriber.memberId' && again.patient.memberId === claim.subscriber?.memberId)
              continue;
            const entry = NOT_CARRIED[format].find((e) =>
              e.paths.some((p) => lost === p || lost.startsWith(`${p}.`) || lost.startsWith(`${p}[]`)),
            );
            assert.ok(
              entry,
              `${path} claim ${claim.id}: ${lost} does not come back from ${format} and is not listed`,
            );
            assert.ok(
              (tally.describe() ?? '').includes(entry.label),
              `${lost}: the tally names ${entry.label}`,
            );
          }
          compared++;
        });
      }
      assert.ok(compared >= 15, `${compared} claims compared`);
    });
  });
}

describe('holds', () => {
  const claim = { a: { b: '' }, lines: [{ x: 1 }, { y: 'z' }], notes: [] as string[], c: { d: { e: 'f' } } };
  const cases: [string, boolean][] = [
    ['a.b', false],
    ['a', false],
    ['lines[].y', true],
    ['lines[].q', false],
    ['notes', false],
    ['c', true],
    ['c.d.e', true],
  ];
  for (const [path, want] of cases) it(`${path} → ${want}`, () => assert.equal(holds(claim, path), want));
});

describe('the line rendering provider (837 2420A; no sample has one)', () => {
  it('comes back from FHIR; CSV names it as not carried', async () => {
    const read = await readClaimFile(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'));
    const claim = read.claims[0];
    assert.ok(claim?.lines[1]);
    claim.lines[1].renderingProvider = { lastName: 'LINERENDER', firstName: 'LISA', npi: '1234567893' };
    const back = readClaimBytes('back.json', Buffer.from(writeClaimFile([claim], 'fhir').text)).claims[0];
    assert.deepEqual(back?.lines[1]?.renderingProvider, claim.lines[1].renderingProvider);
    const fhir = new NotCarriedTally('fhir');
    fhir.add(claim);
    assert.doesNotMatch(fhir.describe() ?? '', /rendering/);
    // CSV carries the claim's rendering NPI only: with nothing else of the kind, the line's provider is what it names.
    const csv = new NotCarriedTally('csv');
    csv.add({ ...claim, renderingProvider: { npi: '1122333341' } });
    assert.match(csv.describe() ?? '', /provider names and taxonomies \(billing name parts, rendering/);
  });
});

describe('what the FHIR ExplanationOfBenefit output does not carry', () => {
  it('every remittance field lost in the round trip of every sample is listed, and the tally names it', async () => {
    let compared = 0;
    for (const path of samples) {
      const read = await readClaimFile(path);
      for (const remittance of read.remittances) {
        const back = readClaimBytes('back.json', Buffer.from(claimWriter('fhir').end([remittance])));
        // One EOB per claim: each comes back as a remittance of its own, with the remittance's parties and payment.
        const again = back.remittances[0];
        assert.equal(back.remittances.length, remittance.claims.length, path);
        if (!again) continue;
        const before = new Set<string>();
        leafPaths({ ...remittance, claims: [] }, '', before);
        const after = new Set<string>();
        leafPaths({ ...again, claims: [] }, '', after);
        const tally = new RemittanceNotCarriedTally('fhir');
        tally.add(remittance);
        for (const lost of before) {
          if (after.has(lost) || IGNORED.test(lost)) continue;
          const entry = REMITTANCE_NOT_CARRIED.find((e) =>
            e.paths.some((p) => lost === p || lost.startsWith(`${p}.`) || lost.startsWith(`${p}[]`)),
          );
          assert.ok(entry, `${path}: ${lost} does not come back from the EOBs and is not listed`);
          assert.ok(
            (tally.describe() ?? '').includes(entry.label),
            `${lost}: the tally names ${entry.label}`,
          );
        }
        compared++;
      }
    }
    assert.ok(compared >= 11, `${compared} remittances compared`);
  });

  it('names provider-level adjustments (PLB), which belong to no claim', async () => {
    const read = await readClaimFile(join(x12SamplesDir(), '835_lfh_managed-care.835'));
    const remittance = read.remittances[0];
    assert.ok(remittance);
    const tally = new RemittanceNotCarriedTally('fhir');
    tally.add({
      ...remittance,
      providerAdjustments: [
        { providerId: '1234567893', reasonCode: 'WO', reference: 'R1', amountCents: -5000 },
      ],
    });
    tally.add(remittance);
    assert.match(tally.describe() ?? '', /provider-level adjustments \(PLB\): 1 remittance(;|$)/);
    assert.match(tally.describe() ?? '', /BPR01, BPR03, BPR04\): 2 remittances/);
  });

  it('X12 and CSV carry no remittance: the remittances themselves are named', async () => {
    const read = await readClaimFile(
      join(x12SamplesDir(), '835_stedi_multiple-claims-single-check_dental.edi'),
    );
    for (const format of ['x12', 'csv'] as const) {
      const tally = new RemittanceNotCarriedTally(format);
      for (const r of read.remittances) tally.add(r);
      assert.equal(tally.describe(), 'remittances (835, ExplanationOfBenefit): 1 remittance');
    }
  });
});
