import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sharedDataDir } from '../../../test/support/shared.ts';
import type { DatasetKind } from '../../core/reference/model.ts';
import {
  decodeHead,
  identify,
  knownCompanionFile,
  readDatasetFile,
  readerFor,
  readers,
  sha256,
} from './index.ts';
import { bytesOf, codesOf, errors, FILES, sharedBytes, sharedFile, textOf, utf16le } from './testing.ts';

/** Every file in shared/data and what it must be recognised as. */
const EXPECTED: Record<string, DatasetKind | 'companion'> = {
  [FILES.hcpcsTxt]: 'hcpcs',
  [FILES.hcpcsZip]: 'hcpcs',
  [FILES.asp]: 'asp',
  [FILES.crosswalk]: 'ndc-crosswalk',
  [FILES.muePractitioner]: 'mue-practitioner',
  [FILES.mueOutpatient]: 'mue-outpatient-hospital',
  [FILES.mueDme]: 'mue-dme',
  [FILES.icd10]: 'icd10cm',
  [FILES.carc]: 'carc',
  [FILES.rarc]: 'rarc',
  [FILES.opps]: 'opps',
  [FILES.aoc]: 'ncci-aoc',
};

function allSharedFiles(): string[] {
  const root = sharedDataDir();
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory())
      for (const f of readdirSync(join(root, entry.name))) out.push(`${entry.name}/${f}`);
    else out.push(entry.name);
  }
  return out.sort();
}

void describe('every shared data file is either a dataset or a known companion', () => {
  const files = allSharedFiles();

  void test('the shared folder holds the files this suite expects', () => {
    for (const f of Object.keys(EXPECTED)) assert.ok(files.includes(f), f);
  });

  for (const f of files) {
    const expected = EXPECTED[f] ?? 'companion';
    void test(`${f} → ${expected}`, () => {
      const bytes = new Uint8Array(readFileSync(join(sharedDataDir(), f)));
      const name = f.slice(f.lastIndexOf('/') + 1);
      if (expected === 'companion') {
        assert.ok(knownCompanionFile(name), `${name} should be a known companion`);
        const r = readDatasetFile({ name, bytes });
        assert.equal(r.dataset, undefined);
        assert.deepEqual(codesOf(r.problems), ['cms.companion-file']);
        assert.equal(r.problems[0]?.severity, 'info');
        return;
      }
      assert.equal(knownCompanionFile(name), undefined);
      if (!name.endsWith('.zip')) assert.equal(identify(name, decodeHead(bytes))?.dataset, expected);
    });
  }
});

void describe('recognition is by content', () => {
  void test('a renamed data file is still recognised (its name-derived dates then fail loudly)', () => {
    const bytes = sharedBytes(FILES.muePractitioner);
    assert.equal(identify('upload-1.csv', decodeHead(bytes))?.dataset, 'mue-practitioner');
    const r = readDatasetFile({ name: 'upload-1.csv', bytes });
    assert.equal(r.dataset, 'mue-practitioner');
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.release.unknown-period']);
  });

  void test('a renamed ASP file keeps its period (it is in the banner)', () => {
    const r = readDatasetFile({ name: 'asp.csv', bytes: sharedBytes(FILES.asp) });
    assert.equal(r.dataset, 'asp');
    assert.deepEqual(errors(r.problems), []);
    if (r.dataset === 'asp') {
      assert.equal(r.release.effectiveFrom, '2026-01-01');
      assert.equal(r.release.releaseDate, null);
    }
  });

  void test('no two readers claim the same shared file', () => {
    for (const [f, kind] of Object.entries(EXPECTED)) {
      if (f.endsWith('.zip')) continue;
      const head = decodeHead(sharedBytes(f));
      const claims = readers.filter((r) => r.recognise('x', head)).map((r) => r.dataset);
      assert.deepEqual(claims, [kind], f);
    }
  });

  void test('one reader per dataset kind', () => {
    assert.equal(new Set(readers.map((r) => r.dataset)).size, readers.length);
    assert.equal(readers.length, 11);
    assert.equal(readerFor('opps')?.dataset, 'opps');
  });
});

void describe('unknown and damaged files', () => {
  void test('an unknown CSV is an error cms.unknown-file', () => {
    const r = readDatasetFile({ name: 'claims.csv', bytes: bytesOf('member,amount\r\n1,2\r\n') });
    assert.equal(r.dataset, undefined);
    assert.deepEqual(codesOf(r.problems), ['cms.unknown-file']);
    assert.equal(r.problems[0]?.severity, 'error');
    assert.match(r.problems[0]?.message ?? '', /^claims\.csv: no reader recognises/);
  });

  void test('a CMS name with the wrong content says what the name suggested', () => {
    const r = readDatasetFile({
      name: 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
      bytes: bytesOf('a,b,c\n'),
    });
    assert.deepEqual(codesOf(r.problems), ['cms.unknown-file']);
    assert.equal(r.problems[0]?.data?.['nameSuggests'], 'mue-practitioner');
  });

  void test('a UTF-16 copy of a CMS CSV is not recognised, and says so', () => {
    const r = readDatasetFile({
      name: 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
      bytes: utf16le(textOf(sharedBytes(FILES.muePractitioner))),
    });
    assert.equal(r.dataset, undefined);
    assert.deepEqual(codesOf(r.problems), ['cms.unknown-file']);
  });

  void test('an empty file is an unknown file', () => {
    const r = readDatasetFile({ name: 'empty.csv', bytes: new Uint8Array(0) });
    assert.deepEqual(codesOf(r.problems), ['cms.unknown-file']);
  });

  void test('random binary is an unknown file, never an exception', () => {
    let seed = 7;
    const bytes = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff);
    const r = readDatasetFile({ name: 'x.bin', bytes });
    assert.deepEqual(codesOf(r.problems), ['cms.unknown-file']);
  });

  void test('every reader survives truncation at 12 points of its own file without throwing', () => {
    for (const [f] of Object.entries(EXPECTED)) {
      if (f.endsWith('.zip')) continue;
      const file = sharedFile(f);
      const reader = identify(file.name, decodeHead(file.bytes));
      assert.ok(reader);
      for (let k = 1; k <= 12; k++) {
        const cut = Math.floor((file.bytes.length * k) / 13);
        const r = reader.read({ name: file.name, bytes: file.bytes.subarray(0, cut) }, 'x');
        assert.ok(Array.isArray(r.records));
      }
    }
  });
});

void describe('sha256', () => {
  void test('matches PROVENANCE.md for the ASP file', () => {
    assert.equal(
      sha256(sharedBytes(FILES.asp)),
      '2374d6114fea3c8d02c6da7f153118d46ac2b9ebc64e608f9ce13b1b71c5817a',
    );
  });
});
