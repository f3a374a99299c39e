import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WORKLIST_STATUSES, type WorklistStatus } from './model.ts';
import { ageDays, changeStatus, isOpen, WORKLIST_TRANSITIONS } from './worklist.ts';

void describe('worklist state machine', () => {
  const allowed: [WorklistStatus, WorklistStatus][] = [
    ['new', 'in-progress'],
    ['new', 'written-off'],
    ['in-progress', 'appealed'],
    ['appealed', 'appealed'],
    ['appealed', 'recovered'],
    ['resubmitted', 'recovered'],
    ['recovered', 'in-progress'],
    ['written-off', 'in-progress'],
  ];
  for (const [from, to] of allowed) {
    void test(`${from} → ${to} is allowed`, () => {
      const r = changeStatus(from, to, '2026-03-10T10:00:00.000Z', 'called the payer');
      assert.ok(r.ok);
      assert.deepEqual(r.change, { from, to, at: '2026-03-10T10:00:00.000Z', note: 'called the payer' });
    });
  }
  const refused: [WorklistStatus, WorklistStatus][] = [
    ['recovered', 'appealed'],
    ['written-off', 'recovered'],
    ['in-progress', 'new'],
  ];
  for (const [from, to] of refused) {
    void test(`${from} → ${to} is refused`, () => {
      const r = changeStatus(from, to, 'now');
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problem.message, new RegExp(`cannot go from ${from} to ${to}`));
    });
  }
  void test('the same status only with a note', () => {
    assert.equal(changeStatus('in-progress', 'in-progress', 'now').ok, false);
    assert.ok(changeStatus('in-progress', 'in-progress', 'now', 'left a voicemail').ok);
  });
  void test('every status has its transitions; open ones are the four before an outcome', () => {
    for (const s of WORKLIST_STATUSES) assert.ok(Array.isArray(WORKLIST_TRANSITIONS[s]));
    assert.deepEqual(WORKLIST_STATUSES.filter(isOpen), ['new', 'in-progress', 'appealed', 'resubmitted']);
  });
  void test('age in days', () => {
    assert.equal(ageDays('2026-03-02', '2026-03-02'), 0);
    assert.equal(ageDays('2026-03-02', '2026-07-05'), 125);
    assert.equal(ageDays('2025-12-31', '2026-01-01'), 1);
  });
});
