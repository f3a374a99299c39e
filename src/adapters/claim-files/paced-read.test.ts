/**
 * A server reads uploads paced (`readClaimBytesPaced`): for every format (X12, CSV, claim JSON, a FHIR Bundle of
 * Claims or of ExplanationOfBenefits, NDJSON, one resource) the same claims, remittances, positioned problems and
 * counts as `readClaimBytes`, and a big file pauses as it is read. CSV is parsed 64 KiB at a time: a row cut across
 * two slices (a quoted line break, a CRLF, a character of several bytes) is read whole.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { claimWriter, readClaimBytes, readClaimBytesPaced, writeClaimFile } from './index.ts';

/** Asserts that the paced read gives what the synchronous one gives; the number of pauses it made. */
async function samePaced(name: string, bytes: Uint8Array, maxProblems?: number): Promise<number> {
  let pauses = 0;
  const pace = (): Promise<void> => {
    pauses++;
    return new Promise((resolve) => setImmediate(resolve));
  };
  const options = maxProblems === undefined ? {} : { maxProblems };
  const paced = await readClaimBytesPaced(name, bytes, { ...options, pace });
  assert.deepEqual(paced, readClaimBytes(name, bytes, options), name);
  return pauses;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The drug claim of the LFH sample `n` times, each with its own id and patient. */
function manyClaims(n: number): Claim[] {
  const bytes = readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'));
  const lfh = readClaimBytes('lfh.837', bytes).claims[0] as Claim;
  return Array.from({ length: n }, (_, i) => ({
    ...lfh,
    id: `C${String(i).padStart(5, '0')}`,
    patient: { ...lfh.patient, memberId: `M${i}` },
  }));
}

/** The LFH 835's remittance with its claims repeated to `n`. */
function bigRemittance(n: number): Remittance {
  const bytes = readFileSync(join(x12SamplesDir(), '835_lfh_managed-care.835'));
  const r = readClaimBytes('lfh.835', bytes).remittances[0] as Remittance;
  const claims = Array.from({ length: n }, (_, i) => ({
    ...(r.claims[i % r.claims.length] as Remittance['claims'][number]),
    patientControlNumber: `P${i}`,
  }));
  return { ...r, claims };
}

/** Notes that must be quoted in CSV: a comma, quotes, line breaks of each kind, characters of 2 to 4 bytes. */
const NOTES = ['DOSE 1G WASTE 0G', 'first hour, "chemo"', 'line one\nline two', 'a\r\nb\rc', 'résumé — ✓ 😀'];

void describe('readClaimBytesPaced reads what readClaimBytes reads', () => {
  const samples = [
    ...readdirSync(x12SamplesDir()).map((f) => join(x12SamplesDir(), f)),
    ...readdirSync(fhirSamplesDir()).map((f) => join(fhirSamplesDir(), f)),
  ].filter((f) => !f.endsWith('.md'));
  void it(`every shared sample (${samples.length} files)`, async () => {
    assert.ok(samples.length > 20);
    for (const path of samples) await samePaced(path.split('/').at(-1) as string, readFileSync(path));
  });

  const small: [label: string, name: string, text: string][] = [
    [
      'CSV with quoted values',
      'claims.csv',
      'claimId,procedure,units,charge,note\nA,J9355,30,"1,500.00","first hour, chemo"\nA,96413,1,300,"two\nlines"\n',
    ],
    ['CSV with a quote never closed', 'bad.csv', 'claimId,procedure,units,charge\nA,J9355,1,"10\n'],
    ['CSV with too many fields', 'wide.csv', 'claimId,procedure,units,charge\nA,J9355,1,10,extra\n'],
    ['CSV without its required columns', 'narrow.csv', 'claimId,units\nA,1\n'],
    ['claim JSON cut short', 'cut.json', '{"claims": [ }'],
    ['claim JSON with a claim that does not fit', 'odd.json', '{"claims":[{"id":"A","lines":[]},{"id":5}]}'],
    ['NDJSON with a line that is not JSON', 'x.ndjson', '{"resourceType":"Claim","id":"a"}\n{oops\n'],
    ['FHIR that is not JSON', 'x.fhir.json', '{\n  "resourceType": "Claim",\n  oops\n}'],
    ['an empty file', 'empty.csv', ''],
    ['no known format', 'notes.txt', 'hello'],
  ];
  for (const [label, name, text] of small)
    void it(label, async () => {
      await samePaced(name, utf8(text));
    });

  void it('2,000 claims in each format: the same, with pauses on the way', async () => {
    const claims = manyClaims(2000).map((c, i) => ({
      ...c,
      lines: c.lines.map((l) => ({ ...l, notes: [NOTES[i % NOTES.length] as string] })),
    }));
    const csv = writeClaimFile(claims, 'csv').text;
    // A row with a comma that needed quotes, and one cut short: problems with positions far into the file. Their
    // claims have a note on one line (claim i has note i % 5).
    const rows = csv.split('\n');
    const row = (id: string): number => rows.findIndex((r) => r.startsWith(`${id},`));
    rows[row('C01500')] += ',extra';
    rows[row('C01700')] = 'C01700,J9173';
    const json = JSON.parse(writeClaimFile(claims, 'json').text) as { claims: unknown[] };
    json.claims[1800] = { id: 'broken', lines: 'none' };
    const bundle = writeClaimFile(claims, 'fhir', { created: '2026-03-01' }).text;
    const resources = (JSON.parse(bundle) as { entry: { resource: unknown }[] }).entry.map((e) =>
      JSON.stringify(e.resource),
    );
    const remittance = bigRemittance(2000);
    const remittances = (format: 'json' | 'fhir'): string =>
      [...claimWriter(format).endChunks([remittance])].join('');
    const files: [name: string, text: string, claims: number, remittanceClaims: number][] = [
      ['many.x12', writeClaimFile(claims, 'x12').text, 2000, 0],
      ['many.csv', csv, 2000, 0],
      ['many-crlf.csv', `\uFEFF${rows.join('\r\n')}`, 2000, 0],
      ['many.json', JSON.stringify(json), 1999, 0],
      ['many.fhir.json', bundle, 2000, 0],
      ['many.ndjson', resources.join('\r\n'), 2000, 0],
      ['remits.json', remittances('json'), 0, 2000],
      ['eobs.fhir.json', remittances('fhir'), 0, 2000],
    ];
    for (const [name, text, n, paid] of files) {
      const bytes = utf8(text);
      const read = readClaimBytes(name, bytes);
      assert.equal(read.claims.length, n, name);
      assert.equal(
        read.remittances.reduce((sum, r) => sum + r.claims.length, 0),
        paid,
        name,
      );
      const pauses = await samePaced(name, bytes);
      assert.ok(pauses > 5, `${name}: ${pauses} pauses`);
      // The problem list capped, with the rest counted: the same too.
      if (read.problems.length > 1) await samePaced(name, bytes, 1);
    }
  });
});

void describe('CSV read a slice at a time', () => {
  const SLICE = 1 << 16;
  const header = 'claimId,procedure,units,charge,note\n';
  /** CSV whose row for claim B starts `at` bytes into the file; `tail` is B's note and its row end. */
  function placed(at: number, tail: string): string {
    const lead = `A,J9355,1,1.00,`;
    const pad = at - Buffer.byteLength(header) - lead.length - 1;
    return `${header}${lead}${'x'.repeat(pad)}\nB,J9355,1,1.00,${tail}C,J9355,1,1.00,end\n`;
  }
  // The line of a row is the line it starts on: B's is 3 whatever its note holds; C's is 5 after a note holding a
  // line break, LF or CRLF alike (one line break each).
  const cases: [label: string, tail: string, note: string, lines: [b: number, c: number]][] = [
    ['a quoted line break', '"one\ntwo"\n', 'one\ntwo', [3, 5]],
    ['a quoted CRLF', '"one\r\ntwo"\n', 'one\r\ntwo', [3, 5]],
    ['a doubled quote', '"say ""hi"""\n', 'say "hi"', [3, 4]],
    ['a CRLF row end', 'plain\r\n', 'plain', [3, 4]],
    ['a character of 2 bytes', 'résumé\n', 'résumé', [3, 4]],
    ['a character of 4 bytes', '😀😀\n', '😀😀', [3, 4]],
  ];
  for (const [label, tail, note, [bLine, cLine]] of cases)
    void it(`${label} cut across two slices is read whole`, async () => {
      // B's note starts 15 bytes into its row: the shifts put the cut before each byte of the row up to its end.
      for (let shift = -24; shift <= 0; shift++) {
        const bytes = utf8(placed(SLICE + shift, tail));
        const read = readClaimBytes('cut.csv', bytes);
        assert.deepEqual(read.problems, [], `${label}, shift ${shift}`);
        assert.deepEqual(
          read.claims.map((c) => [c.id, c.position?.line, c.lines[0]?.notes]),
          [
            ['A', 2, [read.claims[0]?.lines[0]?.notes[0]]],
            ['B', bLine, [note]],
            ['C', cLine, ['end']],
          ],
          `${label}, shift ${shift}`,
        );
        await samePaced('cut.csv', bytes);
      }
    });
});
