import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HcpcsRecord } from '../../core/reference/model.ts';
import { hcpcsReader, hcpcsReleaseFromName } from './hcpcs.ts';
import { readDatasetFile, sha256 } from './index.ts';
import {
  codesOf,
  damagedCopies,
  editLine,
  errors,
  FILES,
  readWith,
  sharedBytes,
  sharedFile,
  utf16le,
} from './testing.ts';

const parsed = readWith(hcpcsReader, sharedFile(FILES.hcpcsTxt));
const records = parsed.records as HcpcsRecord[];
const byCode = new Map(records.map((r) => [`${r.kind}:${r.code}`, r]));
const proc = (code: string): HcpcsRecord | undefined => byCode.get(`procedure:${code}`);
const mod = (code: string): HcpcsRecord | undefined => byCode.get(`modifier:${code}`);

void describe('HCPCS January 2026 txt (PROVENANCE §1)', () => {
  void test('reads without errors', () => {
    assert.equal(parsed.dataset, 'hcpcs');
    assert.deepEqual(errors(parsed.problems), []);
  });

  void test('8,623 procedures + 383 modifiers = 9,006 records', () => {
    assert.equal(records.length, 9006);
    assert.equal(records.filter((r) => r.kind === 'procedure').length, 8623);
    assert.equal(records.filter((r) => r.kind === 'modifier').length, 383);
  });

  void test('1,209 J-codes, 1,076 without a termination date; 1,300 terminated procedures', () => {
    const j = records.filter((r) => r.kind === 'procedure' && r.code.startsWith('J'));
    assert.equal(j.length, 1209);
    assert.equal(j.filter((r) => r.terminationDate === null).length, 1076);
    const procedures = records.filter((r) => r.kind === 'procedure');
    assert.equal(procedures.filter((r) => r.terminationDate !== null).length, 1300);
    assert.equal(procedures.filter((r) => r.terminationDate === '2025-12-31').length, 95);
  });

  void test('160 procedure codes added in 2026', () => {
    assert.equal(
      records.filter((r) => r.kind === 'procedure' && (r.addedDate ?? '').startsWith('2026')).length,
      160,
    );
  });

  void test('J9173 record, every field', () => {
    assert.deepEqual(proc('J9173'), {
      code: 'J9173',
      kind: 'procedure',
      longDescription: 'Injection, durvalumab, 10 mg',
      shortDescription: 'Inj., durvalumab, 10 mg',
      pricingIndicators: ['51'],
      multiplePricingIndicator: 'A',
      coverageCode: 'C',
      betos: 'O1E',
      typesOfService: ['1'],
      processingNote: '',
      crossReferences: [],
      addedDate: '2019-01-01',
      actionEffectiveDate: '2019-01-01',
      terminationDate: null,
      actionCode: 'N',
    });
  });

  const facts: [string, string, string | null, string][] = [
    ['J9271', 'Injection, pembrolizumab, 1 mg', null, '2016-01-01'],
    [
      'J9393',
      'Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg',
      null,
      '2023-01-01',
    ],
    ['J9323', 'Injection, pemetrexed ditromethamine, 10 mg', null, '2023-07-01'],
    ['J9357', 'Injection, valrubicin, intravesical, 200 mg', null, '2000-01-01'],
    ['J9285', 'Injection, olaratumab, 10 mg', null, '2018-01-01'],
  ];
  for (const [code, description, term, added] of facts) {
    void test(`${code}: long description, added date, active`, () => {
      const r = proc(code);
      assert.ok(r, `${code} missing`);
      assert.equal(r.longDescription, description);
      assert.equal(r.terminationDate, term);
      assert.equal(r.addedDate, added);
      assert.deepEqual(r.pricingIndicators, ['51']);
    });
  }

  void test('J9393 action effective date 2024-07-01 (long description joined from continuation lines)', () => {
    assert.equal(proc('J9393')?.actionEffectiveDate, '2024-07-01');
    assert.equal(proc('J9357')?.coverageCode, 'D');
  });

  void test('modifiers: JZ and JW exist, JG terminated 2024-12-31 with its two-line description joined', () => {
    assert.equal(mod('JZ')?.longDescription, 'Zero drug amount discarded/not administered to any patient');
    assert.equal(mod('JZ')?.terminationDate, null);
    assert.ok(mod('JW'));
    const jg = mod('JG');
    assert.equal(jg?.terminationDate, '2024-12-31');
    assert.equal(
      jg?.longDescription,
      'Drug or biological acquired with 340b drug pricing program discount, reported for informational purposes',
    );
    for (const m of [
      'TB',
      'JA',
      'JB',
      'JK',
      'JL',
      'KX',
      'GA',
      'GZ',
      'XE',
      'XU',
      'PO',
      'PN',
      'Q0',
      'Q1',
      'SC',
      'TC',
    ])
      assert.ok(mod(m), m);
    assert.equal(mod('59'), undefined, 'CPT modifiers are not in the file');
  });

  void test('release: January 2026 quarter (to 2026-03-31, the next quarterly update), file dated 2026-01-12', () => {
    assert.deepEqual(
      { ...parsed.release },
      {
        dataset: 'hcpcs',
        fileName: 'HCPC2026_JAN_ANWEB_01122026.txt',
        sha256: '1a9ce53ae6546c54e8150fc51b25d2b3e3eeefbca657c2ab2f7f1d7888a2239e',
        releaseDate: '2026-01-12',
        effectiveFrom: '2026-01-01',
        effectiveTo: '2026-03-31',
        label: 'HCPCS Level II January 2026 (file dated 2026-01-12)',
      },
    );
  });
});

void describe('HCPCS release from the file name', () => {
  const cases: [string, string, string | null][] = [
    ['HCPC2026_JAN_ANWEB_01122026.txt', '2026-01-01', '2026-01-12'],
    ['HCPC2026_OCT_ANWEB_v2.txt', '2026-10-01', null],
    ['hcpc2025_apr_anweb.txt', '2025-04-01', null],
    ['some/dir/HCPC2025_JUL_ANWEB_06032025.txt', '2025-07-01', '2025-06-03'],
  ];
  for (const [name, from, releaseDate] of cases) {
    void test(name, () => {
      const r = hcpcsReleaseFromName(name);
      assert.equal(r?.effectiveFrom, from);
      assert.equal(r?.releaseDate, releaseDate);
    });
  }
  void test('a name without the quarter is an error, not a guess', () => {
    const r = readWith(hcpcsReader, { name: 'hcpcs.txt', bytes: sharedBytes(FILES.hcpcsTxt) });
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.release.unknown-period']);
    assert.equal(r.release.effectiveFrom, '');
  });
});

void describe('HCPCS zip (CMS quarterly archive)', () => {
  void test('readDatasetFile reads the txt member: same records and the same release as the txt', () => {
    const fromZip = readDatasetFile(sharedFile(FILES.hcpcsZip));
    assert.equal(fromZip.dataset, 'hcpcs');
    if (fromZip.dataset !== 'hcpcs') return;
    assert.deepEqual(errors(fromZip.problems), []);
    assert.ok(codesOf(fromZip.problems).includes('cms.zip.member'));
    assert.deepEqual(fromZip.release, parsed.release);
    assert.equal(fromZip.records.length, 9006);
    assert.deepEqual(fromZip.records, records);
  });

  void test('a truncated zip is a problem, not an exception', () => {
    const bytes = sharedBytes(FILES.hcpcsZip);
    const r = readDatasetFile({
      name: 'january-2026-alpha-numeric-hcpcs-file.zip',
      bytes: bytes.subarray(0, 1_000_000),
    });
    assert.equal(r.dataset, undefined);
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.zip.damaged']);
  });
});

void describe('HCPCS bad input', () => {
  const { name, original, read } = damagedCopies(hcpcsReader, FILES.hcpcsTxt);
  // Line 10939 is the first line of J9173 (see PROVENANCE fact checks).
  const J9173_LINE = 10939;

  void test('the J9173 line is where the test expects it', () => {
    assert.ok(original.split('\n')[J9173_LINE - 1]?.startsWith('J9173001003'));
  });

  const cases: { label: string; text: () => string; code: string; line?: number; field?: string }[] = [
    {
      label: 'a non-date in the termination date',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 284)}2026AB01${l.slice(292)}`),
      code: 'cms.hcpcs.bad-date',
      line: J9173_LINE,
      field: 'termination date',
    },
    {
      label: 'an impossible date (February 30)',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 268)}20190230${l.slice(276)}`),
      code: 'cms.hcpcs.bad-date',
      line: J9173_LINE,
      field: 'code added date',
    },
    {
      label: 'terminated before it was added (QA: 2010-01-01 < 2019-01-01)',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 284)}20100101${l.slice(292)}`),
      code: 'cms.hcpcs.date-order',
      line: J9173_LINE,
      field: 'termination date',
    },
    {
      label: 'a pricing indicator that is not two digits',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 119)}ZZ${l.slice(121)}`),
      code: 'cms.hcpcs.bad-pricing-indicator',
      line: J9173_LINE,
      field: 'pricing indicator',
    },
    {
      label: 'a short first line (cut at column 200)',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 200)}\r`),
      code: 'cms.hcpcs.short-line',
      line: J9173_LINE,
    },
    {
      label: 'an unknown record id',
      text: () => editLine(original, J9173_LINE, (l) => `${l.slice(0, 10)}5${l.slice(11)}`),
      code: 'cms.hcpcs.bad-record-id',
      line: J9173_LINE,
      field: 'RIC',
    },
    {
      label: 'a continuation line without its first line',
      text: () => editLine(original, 2, (l) => `Z9999001004${l.slice(11)}`),
      code: 'cms.hcpcs.orphan-continuation',
      line: 2,
    },
    {
      label: 'a malformed code',
      text: () => editLine(original, J9173_LINE, (l) => `J91 3${l.slice(5)}`),
      code: 'cms.hcpcs.bad-code',
      line: J9173_LINE,
      field: 'HCPCS code',
    },
    {
      label: 'a continuation of another code',
      text: () => {
        // Line 244 continues JG (line 243); make it claim to continue JZ.
        return editLine(original, 244, (l) => `   JZ${l.slice(5)}`);
      },
      code: 'cms.hcpcs.orphan-continuation',
      line: 244,
    },
    {
      label: 'a duplicated record',
      text: () =>
        editLine(original, J9173_LINE + 1, (l) => `${original.split('\n')[J9173_LINE - 1] ?? ''}\n${l}`),
      code: 'cms.hcpcs.duplicate-code',
      line: J9173_LINE + 1,
    },
    {
      label: 'truncated in the middle of a line',
      text: () => original.slice(0, original.indexOf('J9173001003') + 150),
      code: 'cms.hcpcs.truncated',
      line: J9173_LINE,
    },
    {
      label: 'truncated inside a continuation record',
      text: () => {
        const lines = original.split('\n');
        const index = lines.findIndex((l) => l.charAt(10) === '4');
        return `${lines.slice(0, index).join('\n')}\n${(lines[index] ?? '').slice(0, 60)}`;
      },
      code: 'cms.hcpcs.truncated',
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const r = read(c.text());
      const found = errors(r.problems).filter((p) => p.code === c.code);
      assert.ok(found.length >= 1, `expected ${c.code}, got ${JSON.stringify(codesOf(r.problems))}`);
      const p = found[0];
      if (c.line !== undefined) assert.equal(p?.at?.line, c.line);
      if (c.field !== undefined) assert.equal(p?.at?.field, c.field);
      assert.ok(p?.message.includes(name), 'message names the file');
      if (c.line !== undefined) assert.ok(p?.message.includes(`line ${c.line}`), 'message names the line');
    });
  }

  void test('UTF-16 and binary input are errors with no records', () => {
    for (const bytes of [
      utf16le(original.slice(0, 5000)),
      new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xff, 0x00]),
    ]) {
      const r = hcpcsReader.read({ name, bytes }, sha256(bytes));
      assert.equal(r.records.length, 0);
      assert.ok(
        errors(r.problems).some((p) => p.code.startsWith('cms.encoding.')),
        JSON.stringify(r.problems),
      );
    }
  });

  const nonAscii: [string, string, string, number, string][] = [
    ['Latin-1 bytes E9 FF', '\u00e9\u00ff', '"é" (U+00E9)', 20, 'long description'],
    ['UTF-8 "é" (C3 A9, read as "Ã©")', '\u00c3\u00a9', '"Ã" (U+00C3)', 20, 'long description'],
    ['a tab in the short description', '\t', '"\\t" (U+0009)', 95, 'short description'],
  ];
  for (const [label, bytes, shown, column, field] of nonAscii) {
    void test(`non-ASCII in the ASCII file (${label}): a warning naming line, column and field`, () => {
      const r = read(
        editLine(
          original,
          J9173_LINE,
          (l) => `${l.slice(0, column - 1)}${bytes}${l.slice(column - 1 + bytes.length)}`,
        ),
      );
      assert.deepEqual(errors(r.problems), []);
      const w = r.problems.filter((p) => p.code === 'cms.encoding.non-ascii');
      assert.equal(w.length, 1);
      assert.equal(w[0]?.severity, 'warning');
      assert.deepEqual([w[0]?.at?.line, w[0]?.at?.element, w[0]?.at?.field], [J9173_LINE, column, field]);
      assert.ok(w[0]?.message.includes(`column ${column} holds ${shown}`), w[0]?.message);
      assert.equal(r.records.length, 9006, 'the row is kept');
    });
  }

  void test('the shared file is plain ASCII: no non-ASCII warning', () => {
    assert.equal(codesOf(parsed.problems).includes('cms.encoding.non-ascii'), false);
  });

  void test('one damaged line does not hide the rest of the file', () => {
    const r = read(editLine(original, J9173_LINE, (l) => `${l.slice(0, 284)}XXXXXXXX${l.slice(292)}`));
    assert.equal(r.records.length, 9005);
  });

  void test('the input bytes are not modified', () => {
    const bytes = sharedBytes(FILES.hcpcsTxt);
    const before = sha256(bytes);
    hcpcsReader.read({ name, bytes }, before);
    assert.equal(sha256(bytes), before);
  });
});
