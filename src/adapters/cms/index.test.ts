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

/**
 * The real files import as before every new check (field counts, value ranges, CRC-32, dates, encodings): no
 * error, the record counts of PROVENANCE.md, and only the two warnings CMS's own data has earned.
 */
void describe('every shared dataset file reads cleanly with all checks on', () => {
  const counts: Record<string, number> = {
    [FILES.hcpcsTxt]: 9006,
    [FILES.hcpcsZip]: 9006,
    [FILES.asp]: 877,
    [FILES.crosswalk]: 7125,
    [FILES.muePractitioner]: 15095,
    [FILES.mueOutpatient]: 15045,
    [FILES.mueDme]: 3083,
    [FILES.icd10]: 74719,
    [FILES.carc]: 407,
    [FILES.rarc]: 1197,
    [FILES.opps]: 18798,
    [FILES.aoc]: 9000,
  };
  const knownWarnings: Record<string, string[]> = {
    [FILES.crosswalk]: ['cms.ndc.bad-ndc'], // J7331 "888867413689", kept as published
    [FILES.opps]: ['cms.opps.code-cleaned'], // "A4341" + 0xFF, line 11609
  };
  for (const [f, records] of Object.entries(counts)) {
    void test(`${f}: ${records} records, no error, known warnings only`, () => {
      const r = readDatasetFile(sharedFile(f));
      assert.equal(r.dataset, EXPECTED[f]);
      assert.deepEqual(errors(r.problems), []);
      assert.deepEqual(codesOf(r.problems.filter((p) => p.severity === 'warning')), knownWarnings[f] ?? []);
      if (r.dataset !== undefined) assert.equal(r.records.length, records);
    });
  }

  void test('the periods are those of PROVENANCE.md (banner, names, code-list dates)', () => {
    const periods = Object.keys(counts).map((f) => {
      const r = readDatasetFile(sharedFile(f));
      return r.dataset === undefined ? [f] : [r.dataset, r.release.effectiveFrom, r.release.effectiveTo];
    });
    assert.deepEqual(periods, [
      ['hcpcs', '2026-01-01', '2026-03-31'],
      ['hcpcs', '2026-01-01', '2026-03-31'],
      ['asp', '2026-01-01', '2026-03-31'],
      ['ndc-crosswalk', '2026-01-01', '2026-03-31'],
      ['mue-practitioner', '2026-04-01', '2026-06-30'],
      ['mue-outpatient-hospital', '2026-04-01', '2026-06-30'],
      ['mue-dme', '2026-04-01', '2026-06-30'],
      ['icd10cm', '2025-10-01', '2026-09-30'],
      ['carc', '2025-11-01', null],
      ['rarc', '2026-03-01', null],
      ['opps', '2025-10-01', '2025-12-31'],
      ['ncci-aoc', '2026-04-01', '2026-06-30'],
    ]);
  });
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

  void test('a CMS name with the wrong content is read as that dataset, to say what differs', () => {
    const r = readDatasetFile({
      name: 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
      bytes: bytesOf('a,b,c\n'),
    });
    assert.equal(r.dataset, 'mue-practitioner');
    assert.deepEqual(codesOf(r.problems), ['cms.read-by-name', 'cms.csv.no-header']);
    assert.equal(r.problems[0]?.severity, 'info');
    assert.equal(r.problems[0]?.data?.['nameSuggests'], 'mue-practitioner');
    assert.match(r.problems[1]?.message ?? '', /line 1 reads "a,b,c"/);
  });

  const aspName = sharedFile(FILES.asp).name;
  const aspText = textOf(sharedBytes(FILES.asp));
  const utf16be = (text: string): Uint8Array => {
    const le = utf16le(text);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    return be;
  };
  const unreadable: {
    label: string;
    name: string;
    bytes: () => Uint8Array;
    code: string;
    message: RegExp;
  }[] = [
    {
      label: 'an empty file named like a dataset',
      name: 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
      bytes: () => new Uint8Array(0),
      code: 'cms.file.empty',
      message: /: the file is empty \(0 bytes\)$/,
    },
    {
      label: 'an empty file with any name',
      name: 'empty.csv',
      bytes: () => new Uint8Array(0),
      code: 'cms.file.empty',
      message: /^empty\.csv: the file is empty/,
    },
    {
      label: 'UTF-16LE with a byte-order mark',
      name: aspName,
      bytes: () => utf16le(aspText),
      code: 'cms.encoding.utf16',
      message: /is UTF-16LE text \(byte-order mark\)/,
    },
    {
      label: 'UTF-16BE with a byte-order mark',
      name: aspName,
      bytes: () => utf16be(aspText),
      code: 'cms.encoding.utf16',
      message: /is UTF-16BE text \(byte-order mark\)/,
    },
    {
      label: 'UTF-16LE without a byte-order mark (NUL in every other byte)',
      name: 'upload.csv',
      bytes: () => utf16le(aspText).subarray(2),
      code: 'cms.encoding.utf16',
      message: /is UTF-16LE text \(NUL in every other byte\)/,
    },
  ];
  for (const c of unreadable) {
    void test(`${c.label}: ${c.code}, not "unknown file"`, () => {
      const r = readDatasetFile({ name: c.name, bytes: c.bytes() });
      assert.equal(r.dataset, undefined);
      assert.deepEqual(codesOf(r.problems), [c.code]);
      assert.equal(r.problems[0]?.severity, 'error');
      assert.match(r.problems[0]?.message ?? '', c.message);
    });
  }

  const renamed: {
    label: string;
    file: string;
    name?: string;
    from: string;
    to: string;
    missing: string[];
  }[] = [
    {
      label: 'ASP "Payment Limit" misspelt',
      file: FILES.asp,
      from: 'Payment Limit,',
      to: 'Payment Limt,',
      missing: ['Payment Limit'],
    },
    {
      label: 'crosswalk NDC2 → NDC',
      file: FILES.crosswalk,
      from: ',NDC2,',
      to: ',NDC,',
      missing: ['NDC2'],
    },
    {
      label: 'MUE "MUE Adjudication Indicator" renamed',
      file: FILES.muePractitioner,
      from: 'MUE Adjudication Indicator',
      to: 'MUE Adj Indicator',
      missing: ['MUE Adjudication Indicator'],
    },
    {
      label: 'RARC start_date renamed',
      file: FILES.rarc,
      from: 'start_date',
      to: 'start',
      missing: ['start_date'],
    },
    {
      label: 'ASP header damaged, file renamed but in the asp/ folder (the folder names the dataset)',
      file: FILES.asp,
      name: 'asp/upload.csv',
      from: 'Payment Limit,',
      to: 'Payment Limt,',
      missing: ['Payment Limit'],
    },
  ];
  for (const c of renamed) {
    void test(`${c.label}: the missing column and the header found, at its line`, () => {
      const original = textOf(sharedBytes(c.file));
      assert.ok(original.includes(c.from));
      const r = readDatasetFile({
        name: c.name ?? sharedFile(c.file).name,
        bytes: bytesOf(original.replace(c.from, c.to)),
      });
      const e = errors(r.problems).filter((p) => p.code !== 'cms.release.unknown-period');
      assert.deepEqual(codesOf(e), ['cms.csv.missing-column']);
      assert.deepEqual(e[0]?.data?.['missing'], c.missing);
      assert.ok(e[0]?.at?.line !== undefined && e[0].at.line >= 1);
      assert.match(e[0]?.message ?? '', new RegExp(`it has .*"${c.to.replace(/,/g, '')}"`));
      assert.equal(r.problems[0]?.code, 'cms.read-by-name');
      assert.match(r.problems[0]?.message ?? '', c.name ? /the folder says so/ : /the name says so/);
    });
  }

  void test('a name that says nothing is still an unknown file', () => {
    const r = readDatasetFile({
      name: 'upload.csv',
      bytes: bytesOf(textOf(sharedBytes(FILES.asp)).replace('Payment Limit,', 'Payment Limt,')),
    });
    assert.equal(r.dataset, undefined);
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
