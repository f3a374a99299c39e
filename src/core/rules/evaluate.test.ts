import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claim, line, medicareRules, planRules, PLAN_PAYER } from '../edits/testing.ts';
import { RuleBook, diagnosisMatches, matchStrength } from './evaluate.ts';
import type { PayerRules } from './model.ts';

const fallback: PayerRules = {
  ...medicareRules({ mue: { level: 'warning', source: 'x' } }),
  id: 'default-payer',
  appliesTo: { fallback: true },
  file: 'default.yaml',
};
const medicare = medicareRules();
const plan = planRules([{ codes: ['J9173'], priorAuth: { required: true } }]);
const plan2027: PayerRules = {
  ...planRules([{ codes: ['J9173'], priorAuth: { required: false } }]),
  version: '2027',
  effectiveFrom: '2027-01-01',
};
const book = new RuleBook([fallback, medicare, plan, plan2027]);

const cases: {
  name: string;
  payer: Parameters<RuleBook['forPayer']>[0];
  date: string;
  files: string[];
  program: string | null;
}[] = [
  {
    name: 'Medicare by payer kind',
    payer: { kind: 'medicare', name: 'MEDICARE B' },
    date: '2026-02-01',
    files: ['cms-medicare-part-b'],
    program: 'cms-medicare-part-b',
  },
  {
    name: 'plan by payer id',
    payer: PLAN_PAYER,
    date: '2026-02-01',
    files: ['example-health-plan'],
    program: 'example-health-plan',
  },
  {
    name: 'plan by name words',
    payer: { kind: 'commercial', name: 'The Example Health Plan of Ohio' },
    date: '2026-02-01',
    files: [],
    program: 'default-payer',
  },
  {
    name: 'unknown payer → fallback file',
    payer: { kind: 'commercial', name: 'R&R Health Plan' },
    date: '2026-02-01',
    files: ['default-payer'],
    program: 'default-payer',
  },
  {
    name: 'before the plan file starts → fallback',
    payer: PLAN_PAYER,
    date: '2024-06-01',
    files: ['default-payer'],
    program: 'default-payer',
  },
];

for (const c of cases) {
  test(`RuleBook: ${c.name}`, () => {
    const r = book.forPayer(c.payer, c.date);
    assert.deepEqual(r.programFile?.id ?? null, c.program);
    if (c.files.length > 0)
      assert.deepEqual(
        r.files.map((f) => f.id),
        c.files,
      );
  });
}

test('RuleBook: the newest version of a rule set in force on the date wins', () => {
  assert.equal(
    book.forPayer(PLAN_PAYER, '2026-06-01').drugRules('J9173', '2026-06-01')[0]?.rule.priorAuth?.required,
    true,
  );
  assert.equal(
    book.forPayer(PLAN_PAYER, '2027-06-01').drugRules('J9173', '2027-06-01')[0]?.rule.priorAuth?.required,
    false,
  );
  assert.equal(
    book.forClaim(claim({ payer: PLAN_PAYER, lines: [line({ code: 'J9173' })] }), '2026-02-10').files[0]
      ?.version,
    'test',
  );
});

test('matchStrength: id > name > kind', () => {
  const both: PayerRules = {
    ...plan,
    appliesTo: { payerIds: ['EXHP1'], payerNames: ['example'], payerKinds: ['commercial'] },
  };
  assert.equal(matchStrength(both, PLAN_PAYER), 4);
  assert.equal(matchStrength(both, { kind: 'commercial', name: 'Example plan' }), 3);
  assert.equal(matchStrength(both, { kind: 'commercial' }), 2);
  assert.equal(matchStrength(both, { kind: 'medicare' }), 0);
});

test('diagnosisMatches: exact or prefix*', () => {
  assert.ok(diagnosisMatches('C34*', 'C3490'));
  assert.ok(diagnosisMatches('C34.90', 'C3490'));
  assert.ok(!diagnosisMatches('C34*', 'C4A0'));
  assert.ok(!diagnosisMatches('C3490', 'C349'));
});
