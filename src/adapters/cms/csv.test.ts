import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { parseCsv } from './csv.ts';

void describe('parseCsv agrees with csv-parse on every shared CSV', () => {
  const root = sharedDataDir();
  const files: string[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(root, dir.name))) if (f.endsWith('.csv')) files.push(`${dir.name}/${f}`);
  }
  void test('there are CSVs to compare', () => assert.ok(files.length >= 10));
  for (const f of files) {
    void test(f, () => {
      const text = new TextDecoder('windows-1252').decode(readFileSync(join(root, f)));
      const ours = parseCsv(text, f);
      const oracle = parse(text, { relax_column_count: true }) as string[][];
      assert.deepEqual(ours.problems, []);
      assert.equal(ours.rows.length, oracle.length);
      assert.deepEqual(
        ours.rows.map((r) => r.fields),
        oracle,
      );
    });
  }
});

void describe('parseCsv', () => {
  const cases: { label: string; text: string; fields: string[][]; lines: number[] }[] = [
    {
      label: 'plain LF',
      text: 'a,b\nc,d\n',
      fields: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      lines: [1, 2],
    },
    {
      label: 'CRLF, no final newline',
      text: 'a,b\r\nc,d',
      fields: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      lines: [1, 2],
    },
    { label: 'lone CR', text: 'a\rb\r', fields: [['a'], ['b']], lines: [1, 2] },
    {
      label: 'quoted comma and doubled quote',
      text: '"x, y","say ""hi"""\n',
      fields: [['x, y', 'say "hi"']],
      lines: [1],
    },
    {
      label: 'multi-line quoted cell keeps lines counted',
      text: '"HCPCS/\nCPT Code",v\nJ9173,150\n',
      fields: [
        ['HCPCS/\nCPT Code', 'v'],
        ['J9173', '150'],
      ],
      lines: [1, 3],
    },
    { label: 'empty fields and trailing comma', text: 'a,,\n', fields: [['a', '', '']], lines: [1] },
    {
      label: 'blank line is one empty field',
      text: 'a\n\nb\n',
      fields: [['a'], [''], ['b']],
      lines: [1, 2, 3],
    },
    {
      label: 'quote inside an unquoted field is literal',
      text: 'a"b,c\n',
      fields: [['a"b', 'c']],
      lines: [1],
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const r = parseCsv(c.text, 'f.csv');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.rows.map((x) => x.fields),
        c.fields,
      );
      assert.deepEqual(
        r.rows.map((x) => x.line),
        c.lines,
      );
    });
  }

  void test('maxFields keeps the first N and counts the rest', () => {
    const r = parseCsv('a,b,c,d\n', 'f.csv', { maxFields: 2 });
    assert.deepEqual(r.rows[0], { line: 1, fields: ['a', 'b'], fieldCount: 4 });
  });

  void test('an unterminated quote is an error at the line where it opened', () => {
    const r = parseCsv('a,b\nc,"d\ne\n', 'f.csv');
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.code, 'cms.csv.unterminated-quote');
    assert.equal(r.problems[0]?.severity, 'error');
    assert.equal(r.problems[0]?.at?.line, 2);
    assert.equal(r.problems[0]?.at?.element, 2);
  });

  void test('text after a closing quote is a warning and kept', () => {
    const r = parseCsv('"ab"c,d\n', 'f.csv');
    assert.deepEqual(r.rows[0]?.fields, ['abc', 'd']);
    assert.equal(r.problems[0]?.code, 'cms.csv.text-after-quote');
    assert.equal(r.problems[0]?.severity, 'warning');
  });

  void test('empty input has no rows', () => {
    assert.deepEqual(parseCsv('', 'f.csv').rows, []);
  });
});
