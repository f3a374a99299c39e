/** CLAIM_FILE_EXTENSION: a file drugclaim writes and names is read back as what it holds. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testClaim } from '../../../test/support/test-claims.ts';
import {
  CLAIM_FILE_EXTENSION,
  readClaimBytes,
  writeClaimFile,
  type ClaimFileFormat,
  type ClaimOutputFormat,
} from './index.ts';

const claim = testClaim(
  'EXT01',
  [
    {
      sequence: 1,
      serviceDate: '2026-01-15',
      procedure: { qualifier: 'HC', code: 'J9173', modifiers: ['JZ'] },
      units: 100,
      unitType: 'UN',
      chargeCents: 750_000,
      diagnosisPointers: [1],
      notes: [],
    },
  ],
  { name: 'EXAMPLE ONCOLOGY', npi: '1234567893', tin: '231234567' },
);

describe('CLAIM_FILE_EXTENSION', () => {
  const cases: [format: ClaimOutputFormat, name: string, readAs: ClaimFileFormat][] = [
    ['x12', 'claims.x12', '837P'],
    ['837P', 'claims.x12', '837P'],
    ['837I', 'claims.x12', '837I'],
    ['fhir', 'claims.fhir.json', 'fhir'],
    ['json', 'claims.json', 'json'],
    ['csv', 'claims.csv', 'csv'],
  ];
  for (const [format, name, readAs] of cases) {
    it(`${format} → ${name}, read back as ${readAs}`, () => {
      assert.equal(`claims.${CLAIM_FILE_EXTENSION[format]}`, name);
      const written = writeClaimFile([claim], format, { created: '2026-01-15' });
      const read = readClaimBytes(name, Buffer.from(written.text));
      assert.equal(read.format, readAs);
      assert.deepEqual(
        read.claims.map((c) => c.lines.map((l) => `${l.procedure.code}-${l.procedure.modifiers.join('-')}`)),
        [['J9173-JZ']],
      );
    });
  }
});
