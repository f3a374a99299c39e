import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claim, line, medicareRules, planRules, PLAN_PAYER } from '../edits/testing.ts';
import {
  RuleBook,
  diagnosisMatches,
  matchStrength,
  nameMatches,
  programSource,
  settingsFrom,
  whyNoMatch,
} from './evaluate.ts';
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

const ids: { name: string; file: string[]; claimId: string; strength: number }[] = [
  { name: 'same id', file: ['ACME1'], claimId: 'ACME1', strength: 4 },
  { name: 'lower case in the file', file: ['acme1'], claimId: 'ACME1', strength: 4 },
  { name: 'spaces around', file: [' ACME1 '], claimId: 'acme1 ', strength: 4 },
  { name: 'another id', file: ['ACME01'], claimId: 'ACME1', strength: 0 },
];
for (const c of ids) {
  test(`matchStrength: payer ids ignore case: ${c.name}`, () => {
    const f: PayerRules = { ...plan, appliesTo: { payerIds: c.file } };
    assert.equal(matchStrength(f, { kind: 'commercial', id: c.claimId }), c.strength);
  });
}

const names: { words: string; name: string; matches: boolean }[] = [
  { words: 'acme', name: 'ACME HEALTH', matches: true },
  { words: 'acme', name: 'Acme', matches: true },
  { words: 'acme health', name: 'Acme  Health, Inc.', matches: true },
  { words: 'acme', name: 'Acme-Health Plan', matches: true },
  { words: 'acme', name: 'Pacmed Insurance', matches: false },
  { words: 'acme', name: 'Acmeville Plan', matches: false },
  { words: 'example health plan', name: 'The Example Health Plan of Ohio', matches: false },
  { words: 'health', name: 'Acme Health', matches: false },
];
for (const c of names) {
  test(`nameMatches: "${c.words}" vs "${c.name}" → ${String(c.matches)}`, () => {
    assert.equal(nameMatches(c.words, c.name), c.matches);
  });
}

test('program settings a payer file leaves out are inherited from the fallback file', () => {
  const acme: PayerRules = {
    ...planRules([], { timelyFilingDays: 90, timelyFilingSource: 'Acme agreement' }),
    programKeys: ['timelyFiling'],
    file: 'acme.yaml',
    version: '2026.1',
  };
  const fallbackWith340b: PayerRules = { ...fallback, program: { ...fallback.program, modifier340b: 'warning' } };
  const r = new RuleBook([fallbackWith340b, acme]).forPayer(PLAN_PAYER, '2026-02-01');
  assert.deepEqual(
    r.files.map((f) => f.id),
    ['example-health-plan'],
  );
  assert.equal(r.programFile?.id, 'example-health-plan');
  assert.equal(r.program.timelyFilingDays, 90);
  assert.deepEqual(r.program.mue, { level: 'warning', source: 'x' });
  assert.equal(r.program.modifier340b, 'warning');
  assert.equal(r.program.origin?.mue?.file, 'default.yaml');
  assert.equal(
    programSource(r.program, 'timelyFiling', r.program.timelyFilingSource),
    'acme.yaml v2026.1 program.timelyFiling (Acme agreement)',
  );
  // A setting the file switches off (null) stays off.
  const off: PayerRules = { ...acme, programKeys: ['timelyFiling', 'mue'] };
  assert.equal(new RuleBook([fallback, off]).forPayer(PLAN_PAYER, '2026-02-01').program.mue, null);
  // A file built in code without programKeys sets every setting itself (as before).
  assert.equal(new RuleBook([fallback, plan]).forPayer(PLAN_PAYER, '2026-02-01').program.mue, null);
});

const unmatched: { name: string; file: PayerRules; why: RegExp }[] = [
  {
    name: 'payer id typo: the ids against the claims’ payers',
    file: { ...plan, appliesTo: { payerIds: ['EXHP01'] } },
    why: /^it names payer ids EXHP01, and the claims' payers are EXHP1 "EXAMPLE HEALTH PLAN" \(commercial\): 2 claims$/,
  },
  {
    name: 'a file starting after the dates of service',
    file: { ...plan, effectiveFrom: '2027-01-01' },
    why: /^it matches the payer of 2 claims, but is in force 2027-01-01 onward, and their first dates of service are 2026-01-05 to 2026-02-01$/,
  },
];
for (const c of unmatched) {
  test(`whyNoMatch: ${c.name}`, () => {
    const claims = [
      { payer: PLAN_PAYER, date: '2026-02-01' },
      { payer: PLAN_PAYER, date: '2026-01-05' },
    ];
    assert.match(whyNoMatch([c.file], claims), c.why);
  });
}

void test('settingsFrom: the settings each program file supplied (the fallback: only those the payer file leaves unset)', () => {
  const partial: PayerRules = { ...plan, programKeys: ['timelyFiling', 'ndc'] };
  const rules = new RuleBook([fallback, partial]);
  const cases: { name: string; payer: Parameters<RuleBook['forPayer']>[0]; want: Record<string, string[]> }[] = [
    {
      name: 'payer file sets two settings; the fallback supplies the rest',
      payer: PLAN_PAYER,
      want: {
        'example-health-plan': ['ndc', 'timelyFiling'],
        'default-payer': ['jwJz', 'mue', 'expectedPayment', 'modifier340b'],
      },
    },
    {
      name: 'no payer file: the fallback supplies every setting',
      payer: { kind: 'unknown', name: 'NOBODY' },
      want: { 'default-payer': ['jwJz', 'mue', 'ndc', 'timelyFiling', 'expectedPayment', 'modifier340b'] },
    },
  ];
  for (const c of cases) {
    const r = rules.forPayer(c.payer, '2026-02-01');
    const got = Object.fromEntries(r.programFiles.map((f) => [f.id, settingsFrom(r.program, f)]));
    assert.deepEqual(got, c.want, c.name);
  }
});
