/**
 * The tokenizer on the X12 pitfalls: delimiters from the ISA (counted, not at fixed offsets), ISA11 only from 00402,
 * BOM, CR/LF/CRLF as or after terminators, blanks before terminators, several interchanges with different
 * delimiters, no envelope, UTF-16, non-text input, missing terminators, wrapped lines, and chunk boundaries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffEncoding } from './decode.ts';
import { readX12Bytes } from './index.ts';
import type { Segment } from './segment.ts';
import { scanSegments } from '../../../test/support/x12-scan.ts';
import type { ScanResult } from '../../../test/support/x12-scan.ts';

const isa = (
  opts: { e?: string; c?: string; r?: string; version?: string; t?: string; control?: string } = {},
): string => {
  const e = opts.e ?? '*';
  const fields = [
    'ISA',
    '00',
    '          ',
    '00',
    '          ',
    'ZZ',
    'SENDER         ',
    'ZZ',
    'RECEIVER       ',
    '250301',
    '1200',
    opts.r ?? '^',
    opts.version ?? '00501',
    opts.control ?? '000000001',
    '0',
    'T',
    opts.c ?? ':',
  ];
  return fields.join(e) + (opts.t ?? '~');
};

/**
 * Scans text fed in pieces of `step` characters (0 = all at once) and returns the segments as plain values. Every
 * test scans twice, with the WebAssembly structural index and with the JavaScript byte loop, and the two must agree.
 */
function scan(text: string | Uint8Array, step = 0): ScanResult {
  const indexed = scanSegments(text, { step, file: 't.x12' });
  const looped = scanSegments(text, { step, file: 't.x12', structuralIndex: false });
  assert.deepEqual(looped, indexed, 'byte loop and structural index disagree');
  return indexed;
}

const ids = (r: { segments: Segment[] }): string => r.segments.map((s) => s.id).join(' ');

describe('X12 tokenizer', () => {
  const body =
    'GS*HC*S*R*20250301*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20250301*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~';
  const cases: { label: string; text: string; ids: string; check?: (r: ReturnType<typeof scan>) => void }[] =
    [
      { label: 'single line, ~ terminator', text: isa() + body, ids: 'ISA GS ST BHT SE GE IEA' },
      {
        label: 'LF after each terminator',
        text: (isa() + body).replace(/~/g, '~\n'),
        ids: 'ISA GS ST BHT SE GE IEA',
        check: (r) =>
          assert.deepEqual(
            r.segments.map((s) => s.line),
            [1, 2, 3, 4, 5, 6, 7],
          ),
      },
      {
        label: 'CRLF after each terminator',
        text: (isa() + body).replace(/~/g, '~\r\n'),
        ids: 'ISA GS ST BHT SE GE IEA',
        check: (r) => assert.equal(r.segments[6]?.element(2), '000000001'),
      },
      {
        label: 'CR as the terminator (CRLF line ends, no ~)',
        text: isa({ t: '\r' }) + '\n' + body.replace(/~/g, '\r\n'),
        ids: 'ISA GS ST BHT SE GE IEA',
        check: (r) => assert.deepEqual(r.problems, []),
      },
      {
        label: 'LF as the terminator',
        text: isa({ t: '\n' }) + body.replace(/~/g, '\n'),
        ids: 'ISA GS ST BHT SE GE IEA',
        check: (r) => assert.equal(r.segments[3]?.element(6), 'CH'),
      },
      { label: 'UTF-8 BOM before ISA', text: `\uFEFF${isa()}${body}`, ids: 'ISA GS ST BHT SE GE IEA' },
      {
        label: 'blanks before terminators and after them',
        text: (isa() + body).replace(/~/g, '   ~ \t'),
        ids: 'ISA GS ST BHT SE GE IEA',
        check: (r) => assert.equal(r.segments[3]?.element(6), 'CH'),
      },
      {
        label: 'indented lines',
        text: (isa() + body).replace(/~/g, '~\r\n    '),
        ids: 'ISA GS ST BHT SE GE IEA',
      },
      {
        label: 'other delimiters: | element, > component, ! terminator',
        text: isa({ e: '|', c: '>', t: '!' }) + 'ST|837|0001!SV1|HC>J9355>JW|10|UN|1!SE|3|0001!',
        ids: 'ISA ST SV1 SE',
        check: (r) => {
          const sv1 = r.segments[2];
          assert.deepEqual(
            [sv1?.component(1, 1), sv1?.component(1, 2), sv1?.component(1, 3), sv1?.element(4)],
            ['HC', 'J9355', 'JW', '1'],
          );
        },
      },
      {
        label: 'repetition separator from ISA11 in 00501',
        text: `${isa({ r: '^' })}ST*837*0001~REF*X*A^B^C~SE*3*0001~`,
        ids: 'ISA ST REF SE',
        check: (r) => assert.deepEqual(r.segments[2]?.repetitions(2), ['A', 'B', 'C']),
      },
      {
        label: 'ISA11 "U" in 00401 is the standards id, not a separator',
        text: `${isa({ r: 'U', version: '00401' })}ST*837*0001~REF*X*A^B~SE*3*0001~`,
        ids: 'ISA ST REF SE',
        check: (r) => {
          assert.deepEqual(r.segments[2]?.repetitions(2), ['A^B']);
          assert.deepEqual(r.problems, []);
        },
      },
      {
        label: 'ISA11 "U" in 00501 is reported and repetitions are not split',
        text: `${isa({ r: 'U' })}ST*837*0001~REF*X*A^B~SE*3*0001~`,
        ids: 'ISA ST REF SE',
        check: (r) => {
          assert.deepEqual(r.segments[2]?.repetitions(2), ['A^B']);
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.element]),
            [['x12.isa.repetition-separator', 11]],
          );
        },
      },
      {
        label: 'unpadded ISA: delimiters found by counting separators, length reported',
        text: 'ISA*00**00**ZZ*S*ZZ*R*250301*1200*^*00501*000000001*0*T*:~ST*837*0001~SE*2*0001~',
        ids: 'ISA ST SE',
        check: (r) =>
          assert.deepEqual(
            r.problems.map((p) => p.code),
            ['x12.isa.length'],
          ),
      },
      {
        label: 'two interchanges with different delimiters',
        text: `${isa()}ST*837*1~SE*2*1~IEA*1*000000001~\n${isa({ e: '|', c: '>', t: '\n' })}ST|835|2\nSVC|HC>99213|10|5\nSE|3|2\nIEA|1|000000001\n`,
        ids: 'ISA ST SE IEA ISA ST SVC SE IEA',
        check: (r) => assert.equal(r.segments[6]?.component(1, 2), '99213'),
      },
      {
        label: 'no envelope: delimiters inferred from ST',
        text: 'ST*835*1234~BPR*I*100*C*CHK************20110108~SVC*HC:59430*1210*1057.86~SE*4*1234~',
        ids: 'ST BPR SVC SE',
        check: (r) => {
          assert.equal(r.segments[2]?.component(1, 2), '59430');
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.severity]),
            [['x12.envelope.missing-isa', 'warning']],
          );
        },
      },
      {
        label: 'a missing terminator before a line break',
        text: `${isa()}\nST*837*0001~\nNM1*85*2*A\nN3*1 MAIN ST~\nSE*4*0001~`,
        ids: 'ISA ST NM1 N3 SE',
        check: (r) => {
          assert.equal(r.segments[2]?.element(3), 'A');
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.line, p.at?.segmentId]),
            [['x12.segment.missing-terminator', 3, 'NM1']],
          );
        },
      },
      {
        label: 'a wrapped line inside a segment',
        text: `${isa()}\nST*837*0001~NM1*85*2*LONG ORGANIS\nATION NAME~SE*3*0001~`,
        ids: 'ISA ST NM1 SE',
        check: (r) => {
          assert.equal(r.segments[2]?.element(3), 'LONG ORGANISATION NAME');
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.segmentId]),
            [['x12.segment.line-break', 'NM1']],
          );
        },
      },
      {
        // Two lines of one width (over 40) are not a fold: the lines around them differ.
        label: 'missing terminators on two lines of the same width',
        text: `${isa()}\nST*837*0001~\nNM1*85*2*BILLING CLINIC NUMBER ONE*****XX*1234567893\nNM1*87*2*BILLING CLINIC NUMBER TWO*****XX*1234567893\nN3*1 MAIN ST~\nSE*5*0001~`,
        ids: 'ISA ST NM1 NM1 N3 SE',
        check: (r) => {
          assert.equal(r.segments[3]?.element(3), 'BILLING CLINIC NUMBER TWO');
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.segmentId]),
            [
              ['x12.segment.missing-terminator', 'NM1'],
              ['x12.segment.missing-terminator', 'NM1'],
            ],
          );
        },
      },
      {
        // "MI*" looks like a segment start, but no 837 or 835 has an MI segment: the line wraps N4.
        label: 'a wrap before text shaped like an unknown segment id',
        text: `${isa()}\nST*837*0001~\nN4*MIA\nMI*FL*33102~\nSE*3*0001~`,
        ids: 'ISA ST N4 SE',
        check: (r) => {
          assert.deepEqual(r.segments[2]?.elements, ['MIAMI', 'FL', '33102']);
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.segmentId]),
            [['x12.segment.line-break', 'N4']],
          );
        },
      },
      {
        label: 'ISA11 the same as ISA16: repetitions are not split, the rest reads as declared',
        text: `${isa({ r: ':' })}ST*837*0001~NM1*85*2*A*****XX*1234567893~REF*X*A^B~SE*4*0001~`,
        ids: 'ISA ST NM1 REF SE',
        check: (r) => {
          assert.equal(r.segments[2]?.element(9), '1234567893');
          assert.deepEqual(r.segments[3]?.repetitions(2), ['A^B']);
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.severity, p.at?.segmentId, p.at?.element]),
            [['x12.isa.repetition-separator', 'warning', 'ISA', 11]],
          );
        },
      },
      {
        label: 'ISA delimiters that cannot be told apart: a positioned error, and nothing is read',
        text: `${isa({ c: '~' })}ST*837*0001~SE*2*0001~`,
        ids: '',
        check: (r) =>
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.severity, p.at?.segmentIndex, p.at?.segmentId, p.at?.element]),
            [['x12.isa.delimiters', 'error', 0, 'ISA', 16]],
          ),
      },
      {
        label: 'a bad segment id',
        text: `${isa()}ST*837*0001~n m*1~SE*3*0001~`,
        ids: 'ISA ST n m SE',
        check: (r) =>
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.segmentIndex]),
            [['x12.segment.invalid-id', 2]],
          ),
      },
      {
        label: 'the last segment without a terminator',
        text: `${isa()}ST*837*0001~SE*2*0001`,
        ids: 'ISA ST SE',
        check: (r) =>
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.at?.segmentId]),
            [['x12.segment.unterminated', 'SE']],
          ),
      },
      {
        label: 'not X12 at all',
        text: 'Hello, this is a letter.\nNot a claim.',
        ids: '',
        check: (r) =>
          assert.deepEqual(
            r.problems.map((p) => p.code),
            ['x12.not-x12'],
          ),
      },
      {
        label: 'an ISA with too few elements',
        text: 'ISA*00*00~ST*837*1~',
        ids: 'ISA ST',
        check: (r) => assert.ok(r.problems.some((p) => p.code === 'x12.isa.malformed')),
      },
      {
        label: 'UTF-8 names (multi-byte characters)',
        text: `${isa()}ST*837*0001~NM1*IL*1*MUÑOZ*JOSÉ~SE*3*0001~`,
        ids: 'ISA ST NM1 SE',
        check: (r) =>
          assert.deepEqual([r.segments[2]?.element(3), r.segments[2]?.element(4)], ['MUÑOZ', 'JOSÉ']),
      },
    ];

  for (const c of cases) {
    it(c.label, () => {
      const r = scan(c.text);
      assert.equal(ids(r), c.ids);
      c.check?.(r);
      // The same text fed one byte at a time gives the same segments (chunk boundaries anywhere).
      const bytewise = scan(c.text, 1);
      assert.deepEqual(
        bytewise.segments.map((s) => [s.id, [...s.elements], s.index, s.line]),
        r.segments.map((s) => [s.id, [...s.elements], s.index, s.line]),
      );
      assert.deepEqual(
        bytewise.problems.map((p) => p.code),
        r.problems.map((p) => p.code),
      );
    });
  }

  /** `text` folded into lines of `width` characters, as mainframe and fixed-record systems write files. */
  const fold = (text: string, width: number, eol = '\n'): string => {
    let out = '';
    for (let i = 0; i < text.length; i += width) out += text.substring(i, i + width) + eol;
    return out;
  };
  const interchange = (control: string): string =>
    `${isa({ control })}GS*HC*SENDER*RECEIVER*20250301*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~` +
    'NM1*85*2*BILLING CLINIC*****XX*1234567893~N3*PO BOX 1~N4*MIAMI*FL*33102~REF*EI*123456789~' +
    `SE*6*0001~GE*1*1~IEA*1*${control}~`;
  const flat = interchange('000000001') + interchange('000000002');
  const unfolded = scan(flat).segments.map((s) => [s.id, [...s.elements]]);
  const folds: { width: number; eol: string }[] = [40, 64, 80, 100, 105, 106, 107, 120].flatMap((width) => [
    { width, eol: '\n' },
    { width, eol: '\r\n' },
  ]);
  for (const { width, eol } of folds) {
    it(`a file folded at ${width} columns (${eol === '\n' ? 'LF' : 'CRLF'}): the same segments as unfolded`, () => {
      // Folds cut the ISAs, "ISA" itself, ids, and elements before text shaped like a segment ("N4*MIA" / "MI*").
      const r = scan(fold(flat, width, eol));
      assert.deepEqual(
        r.segments.map((s) => [s.id, [...s.elements]]),
        unfolded,
      );
      assert.ok(r.problems.length > 0);
      for (const p of r.problems) {
        assert.equal(p.code, 'x12.segment.line-break');
        assert.ok(p.at?.segmentId, 'the warning names the segment');
      }
      // Fed a few bytes at a time (windows cut between the lines), the fold is still recognised.
      const chunked = scan(fold(flat, width, eol), 7);
      assert.deepEqual(
        chunked.segments.map((s) => [s.id, [...s.elements]]),
        unfolded,
      );
    });
  }

  it('reads UTF-16 only when it can be told for sure (BOM or zero bytes)', () => {
    const text = isa() + body;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const leNoBom = Buffer.from(text, 'utf16le');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const [label, bytes] of [
      ['UTF-16LE with BOM', le],
      ['UTF-16LE without BOM', leNoBom],
      ['UTF-16BE with BOM', be],
    ] as const) {
      const r = readX12Bytes(bytes, { file: label });
      assert.deepEqual(r.problems, [], label);
      assert.equal(r.segments, 7, label);
    }
  });

  it('gives a clear error for EBCDIC, UTF-32 and binary input', () => {
    const cases: [string, Uint8Array][] = [
      ['EBCDIC', Uint8Array.from([0xc9, 0xe2, 0xc1, 0x5c, 0xf0, 0xf0])],
      ['UTF-32LE', Uint8Array.from([0xff, 0xfe, 0x00, 0x00, 0x49, 0, 0, 0])],
      ['binary', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ];
    for (const [label, bytes] of cases) {
      const sniffed = sniffEncoding(bytes);
      assert.equal(sniffed.ok, false, label);
      const r = readX12Bytes(bytes, { file: label });
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.severity]),
        [['x12.encoding.unsupported', 'error']],
        label,
      );
    }
  });

  it('keeps raw values: leading zeros, trailing empty elements, composites split only on request', () => {
    const r = scan(`${isa()}ST*837*0001~HI*BK:1739**~CLM*A1*500***11:B:1~SE*4*0001~`);
    const hi = r.segments[2];
    assert.ok(hi);
    assert.equal(hi.elementCount(), 3);
    assert.deepEqual(hi.components(1), ['BK', '1739']);
    assert.equal(r.segments[0]?.element(13), '000000001');
    assert.equal(r.segments[1]?.element(2), '0001');
    assert.deepEqual(r.segments[3]?.components(5), ['11', 'B', '1']);
    assert.equal(r.segments[3]?.component(5, 4), '');
    assert.equal(r.segments[3]?.element(99), '');
  });
});
