import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import { addDays, chooseRelease, codeStatus, isIsoDate, releaseSpans, uncoveredDatasets } from './as-of.ts';
import type { CodeStatus, DatasetKind, Release } from './model.ts';

function release(
  id: string,
  effectiveFrom: string,
  effectiveTo: string | null,
  dataset: DatasetKind = 'asp',
  releaseDate: string | null = null,
): Release {
  return {
    id,
    dataset,
    fileName: `${id}.csv`,
    sha256: id.padEnd(64, '0'),
    releaseDate,
    effectiveFrom,
    effectiveTo,
    label: id,
    recordCount: 0,
    importedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('codeStatus', () => {
  const cases: [string, { addedDate: string | null; terminationDate: string | null }, string, CodeStatus][] =
    [
      [
        'added 2026-01-01, asked 2025-12-31',
        { addedDate: '2026-01-01', terminationDate: null },
        '2025-12-31',
        'not-yet-valid',
      ],
      [
        'added 2026-01-01, asked on that day',
        { addedDate: '2026-01-01', terminationDate: null },
        '2026-01-01',
        'active',
      ],
      [
        'terminated 2024-12-31, asked on that day (last valid day)',
        { addedDate: '2010-01-01', terminationDate: '2024-12-31' },
        '2024-12-31',
        'active',
      ],
      [
        'terminated 2024-12-31, asked the day after',
        { addedDate: '2010-01-01', terminationDate: '2024-12-31' },
        '2025-01-01',
        'terminated',
      ],
      ['no dates at all', { addedDate: null, terminationDate: null }, '1999-01-01', 'active'],
    ];
  for (const [label, record, date, expected] of cases) {
    it(label, () => assert.equal(codeStatus(record, date), expected));
  }
});

describe('isIsoDate / addDays', () => {
  const cases: [string, boolean][] = [
    ['2026-01-15', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-15', false],
    ['20260115', false],
  ];
  for (const [text, ok] of cases) it(`${text} → ${ok}`, () => assert.equal(isIsoDate(text), ok));
  it('adds and subtracts days across month and year ends', () => {
    assert.equal(addDays('2026-04-01', -1), '2026-03-31');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  });
});

describe('releaseSpans / chooseRelease', () => {
  const janAsp = release('asp-jan', '2026-01-01', '2026-03-31');
  const julAsp = release('asp-jul', '2026-07-01', '2026-09-30');
  const spans = releaseSpans([julAsp, janAsp]); // out of order on purpose; April is missing (a gap)

  it('orders releases oldest first', () => {
    assert.deepEqual(
      spans.map((s) => s.release.id),
      ['asp-jan', 'asp-jul'],
    );
  });

  const cases: [string, string, string | undefined, boolean, RegExp | undefined][] = [
    ['inside the January quarter', '2026-02-10', 'asp-jan', true, undefined],
    ['last day of the January quarter', '2026-03-31', 'asp-jan', true, undefined],
    [
      'in the gap (no April file)',
      '2026-05-01',
      'asp-jan',
      false,
      /No ASP payment limit release in the store covers 2026-05-01; the nearest earlier one ends 2026-03-31/,
    ],
    [
      'after the newest release',
      '2026-11-23',
      'asp-jul',
      false,
      /covers 2026-11-23; the newest one ends 2026-09-30/,
    ],
    ['before every release', '2025-06-01', 'asp-jan', false, /the oldest starts 2026-01-01/],
  ];
  for (const [label, date, id, inForce, note] of cases) {
    it(label, () => {
      const choice = chooseRelease(spans, date);
      assert.equal(choice?.release.id, id);
      assert.equal(choice?.inForce, inForce);
      if (note) assert.match(choice?.note ?? '', note);
      else assert.equal(choice?.note, undefined);
    });
  }

  it('an open-ended release is superseded by a newer one', () => {
    const q1 = release('mue-q1', '2026-01-01', null, 'mue-practitioner');
    const q2 = release('mue-q2', '2026-04-01', null, 'mue-practitioner');
    const s = releaseSpans([q2, q1]);
    assert.deepEqual(
      s.map((x) => [x.release.id, x.coverTo]),
      [
        ['mue-q1', '2026-03-31'],
        ['mue-q2', null],
      ],
    );
    assert.equal(chooseRelease(s, '2026-03-31')?.release.id, 'mue-q1');
    assert.equal(chooseRelease(s, '2026-04-01')?.release.id, 'mue-q2');
    assert.equal(chooseRelease(s, '2030-01-01')?.inForce, true);
  });

  it('a corrected file with the same start replaces the earlier one (newer publisher date wins)', () => {
    const first = release('hcpcs-a', '2026-01-01', null, 'hcpcs', '2025-12-01');
    const corrected = release('hcpcs-b', '2026-01-01', null, 'hcpcs', '2026-01-12');
    assert.equal(chooseRelease(releaseSpans([corrected, first]), '2026-02-01')?.release.id, 'hcpcs-b');
  });

  it('no release at all → undefined', () => assert.equal(chooseRelease([], '2026-01-01'), undefined));

  it('does not mutate its input', () => {
    const input = [julAsp, janAsp];
    const copy = structuredClone(input);
    releaseSpans(input);
    assert.deepEqual(input, copy);
  });
});

describe('uncoveredDatasets on the releases of ../shared/data', () => {
  // ASP, crosswalk and HCPCS (its quarter, until the April update): 2026-01-01..2026-03-31; OPPS 2025-10-01..
  // 2025-12-31; ICD-10-CM FY2026 ends 2026-09-30; MUE and NCCI add-on edits cover 2026 Q2 (2026-04-01..2026-06-30);
  // CARC/RARC take no date.
  const MUE_AOC = ['mue-practitioner', 'mue-outpatient-hospital', 'mue-dme'];
  const ALL_ENDED = [
    'hcpcs:ended',
    'asp:ended',
    'ndc-crosswalk:ended',
    ...MUE_AOC.map((d) => `${d}:ended`),
    'icd10cm:ended',
    'opps:ended',
    'ncci-aoc:ended',
  ];
  const cases: [label: string, date: string, uncovered: string[]][] = [
    ['QA date 2026-11-24: every dated release has ended', '2026-11-24', ALL_ENDED],
    ['2027-06-01 (the QA report): HCPCS, MUE and add-on edits warn as ASP does', '2027-06-01', ALL_ENDED],
    [
      '2026-01-15: OPPS has ended, MUE and add-on edits not started',
      '2026-01-15',
      [...MUE_AOC.map((d) => `${d}:not-yet`), 'opps:ended', 'ncci-aoc:not-yet'],
    ],
    [
      '2026-03-31: only OPPS has ended',
      '2026-03-31',
      [...MUE_AOC.map((d) => `${d}:not-yet`), 'opps:ended', 'ncci-aoc:not-yet'],
    ],
    [
      '2026-04-01: HCPCS, ASP and crosswalk end the day before',
      '2026-04-01',
      ['hcpcs:ended', 'asp:ended', 'ndc-crosswalk:ended', 'opps:ended'],
    ],
    [
      '2026-06-30: MUE and add-on edits still in force',
      '2026-06-30',
      ['hcpcs:ended', 'asp:ended', 'ndc-crosswalk:ended', 'opps:ended'],
    ],
    [
      '2026-09-30: ICD-10-CM still in force, MUE and add-on edits ended',
      '2026-09-30',
      [
        'hcpcs:ended',
        'asp:ended',
        'ndc-crosswalk:ended',
        ...MUE_AOC.map((d) => `${d}:ended`),
        'opps:ended',
        'ncci-aoc:ended',
      ],
    ],
  ];
  for (const [label, date, expected] of cases) {
    it(label, async () => {
      const releases = (await sharedReference()).releases();
      const got = uncoveredDatasets(releases, date);
      assert.deepEqual(
        got.map((u) => `${u.dataset}:${u.why}`),
        expected,
      );
      for (const u of got) assert.match(u.message, new RegExp(`release in the store covers ${date}`));
    });
  }

  it('names the release that answers instead', async () => {
    const asp = uncoveredDatasets((await sharedReference()).releases(), '2026-11-24').find(
      (u) => u.dataset === 'asp',
    );
    assert.equal(asp?.nearest.effectiveTo, '2026-03-31');
    assert.match(
      asp?.message ?? '',
      /^No ASP payment limit release in the store covers 2026-11-24: the newest one ends 2026-03-31\.$/,
    );
  });

  it('HCPCS past its quarter: the January 2026 file answers, named with the day it ends', async () => {
    const hcpcs = uncoveredDatasets((await sharedReference()).releases(), '2027-06-01').find(
      (u) => u.dataset === 'hcpcs',
    );
    assert.equal(hcpcs?.nearest.fileName, 'HCPC2026_JAN_ANWEB_01122026.txt');
    assert.equal(
      hcpcs?.message,
      'No HCPCS release in the store covers 2027-06-01: the newest one ends 2026-03-31.',
    );
  });

  it('an empty store has nothing to flag', () => {
    assert.deepEqual(uncoveredDatasets([], '2026-11-24'), []);
  });
});
