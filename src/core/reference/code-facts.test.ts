import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import { codeFacts } from './code-facts.ts';
import type { CodeStatus } from './model.ts';
import type { ReferenceIndex } from './reference-index.ts';

let ref: ReferenceIndex;
before(async () => {
  ref = await sharedReference();
});

describe('codeFacts status on the real HCPCS release (January 2026, open-ended)', () => {
  const cases: [label: string, code: string, date: string, status: CodeStatus, text: RegExp][] = [
    ['in force: active', 'J9173', '2026-01-15', 'active', /^active on 2026-01-15$/],
    [
      'before the oldest release: "active" is unknown, read from the nearest release',
      'J9173',
      '2024-03-01',
      'active',
      /^unknown on 2024-03-01: no HCPCS release in the store covers that date \(the oldest starts 2026-01-01\); the nearest release, HCPCS Level II January 2026 \(file dated 2026-01-12\), says added 2019-01-01, no termination date, which would make it active$/,
    ],
    [
      'before the oldest release, before the added date: certainly not yet valid',
      'J0654',
      '2025-12-31',
      'not-yet-valid',
      /^not yet valid on 2025-12-31: added 2026-01-01$/,
    ],
    [
      'before the oldest release, after the termination date: certainly terminated',
      'JG',
      '2025-06-01',
      'terminated',
      /^terminated on 2025-06-01: last valid day was 2024-12-31$/,
    ],
  ];
  for (const [label, code, date, status, text] of cases) {
    it(`${code} on ${date}: ${label}`, () => {
      const f = codeFacts(ref, code, date);
      assert.ok(f);
      assert.equal(f.status, status);
      assert.match(f.statusText, text);
      if (date < '2026-01-01') {
        assert.equal(f.hcpcs?.inForce, false);
        assert.ok(f.notes.some((n) => n.startsWith(`No HCPCS release in the store covers ${date}`)));
      }
    });
  }
});

describe('codeFacts throws a TypeError for a date that is not a real YYYY-MM-DD date (its answer has no room for a problem)', () => {
  for (const date of ['02/01/2026', '2026-2-1', 'yesterday', '2026-13-45'])
    it(JSON.stringify(date), () => {
      assert.throws(() => codeFacts(ref, 'J9173', date), {
        name: 'TypeError',
        code: 'date.invalid',
        message: `codeFacts: date must be a real date written YYYY-MM-DD, not ${JSON.stringify(date)}`,
      });
    });
});
