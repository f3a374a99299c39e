import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bannerDates,
  effectivePeriodFromBanner,
  isoFromJulian,
  isoFromLongDate,
  isoFromMdy,
  isoFromYmd,
  monthNumber,
  quarterEnd,
  quarterStart,
} from './dates.ts';

const table = <I, O>(name: string, fn: (i: I) => O, cases: [I, O][]): void => {
  void describe(name, () => {
    for (const [input, output] of cases)
      void test(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () =>
        assert.deepEqual(fn(input), output));
  });
};

table('isoFromYmd', isoFromYmd, [
  ['20190101', '2019-01-01'],
  ['20241231', '2024-12-31'],
  ['20240229', '2024-02-29'],
  ['20250229', undefined],
  ['20261301', undefined],
  ['2019010', undefined],
  ['2019AB01', undefined],
  ['', undefined],
]);

table('isoFromMdy', isoFromMdy, [
  ['01/01/1995', '1995-01-01'],
  ['11/1/2025', '2025-11-01'],
  ['02/30/2020', undefined],
  ['1995-01-01', undefined],
]);

table('isoFromJulian (CMS YYYYDDD)', isoFromJulian, [
  ['2013091', '2013-04-01'],
  ['2025365', '2025-12-31'],
  ['2024366', '2024-12-31'],
  ['2025366', undefined],
  ['2025000', undefined],
  ['2013-091', undefined],
]);

table('isoFromLongDate', isoFromLongDate, [
  ['January 1, 2026', '2026-01-01'],
  ['March 31, 2026', '2026-03-31'],
  ['Sept. 30 2025', '2025-09-30'],
  ['Janvier 1, 2026', undefined],
  ['February 30, 2026', undefined],
]);

table('monthNumber', monthNumber, [
  ['JAN', 1],
  ['October', 10],
  ['oct', 10],
  ['Sept', 9],
  ['Octopus', undefined],
  ['Ja', undefined],
]);

table('quarterEnd', quarterEnd, [
  ['2025-10-01', '2025-12-31'],
  ['2026-01-01', '2026-03-31'],
  ['2026-05-15', '2026-06-30'],
]);

table('quarterStart', ([y, q]: [number, number]) => quarterStart(y, q), [
  [[2026, 2], '2026-04-01'],
  [[2025, 4], '2025-10-01'],
]);

table('effectivePeriodFromBanner', effectivePeriodFromBanner, [
  ['Effective January 1, 2026 through March 31, 2026', { from: '2026-01-01', to: '2026-03-31' }],
  ['     Effective January 1, 2026 through March 31, 2026', { from: '2026-01-01', to: '2026-03-31' }],
  [
    'Payment Allowance Limits\nEffective April 1, 2026 through June 30, 2026\nNote 1',
    { from: '2026-04-01', to: '2026-06-30' },
  ],
  ['January 2026', undefined],
]);

table('bannerDates', bannerDates, [
  ['Effective January 1, 2026 through March 31, 2026', { kind: 'ok', from: '2026-01-01', to: '2026-03-31' }],
  // Reversed: both dates are given; the reader refuses the order (cms.release.reversed-period).
  ['Effective April 1, 2026 through March 31, 2026', { kind: 'ok', from: '2026-04-01', to: '2026-03-31' }],
  ['Effective February 30, 2026 through March 31, 2026', { kind: 'bad-date', text: 'February 30, 2026' }],
  ['Effective January 1, 2026 through Marsh 31, 2026', { kind: 'bad-date', text: 'Marsh 31, 2026' }],
  ['January 2026', { kind: 'none' }],
]);
