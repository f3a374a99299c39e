import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_RULES_DIR, formatPath, loadRuleBook, loadRules, parseRulesText } from './index.ts';

const valid = `
schema: drugclaim.payer-rules/v1
id: acme
name: Acme Health
version: 1
effectiveFrom: "2026-01-01"
source: Acme provider manual
appliesTo: { payerIds: [ACME1] }
policies:
  - id: pdl1
    title: PD-L1
    version: "1"
    effectiveFrom: "2026-01-01"
    source: Acme MP-1
    drugs:
      - codes: [J9173]
      - codes: [J9271]
        priorAuth:
          required: true
          validDays: 180
`;

test('loads the default rules folder: Medicare, Medicaid, fallback and the example plan', () => {
  const loaded = loadRules([DEFAULT_RULES_DIR]);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.book.files.map((f) => f.id).sort(), [
    'cms-medicare-part-b',
    'default-payer',
    'example-health-plan',
    'medicaid-federal',
  ]);
  const medicare = loaded.book.files.find((f) => f.id === 'cms-medicare-part-b');
  assert.deepEqual(
    medicare?.program.jwJz && [medicare.program.jwJz.requiredFrom, medicare.program.jwJz.returnedFrom],
    ['2023-07-01', '2023-10-01'],
  );
  assert.equal(loaded.book.files.find((f) => f.id === 'medicaid-federal')?.program.ndc?.required, true);
  // Two versions of the PD-L1 policy; the 2026 one lasts 365 days.
  const pdl1 = loaded.book.policiesForCode('J9173').filter((p) => p.policy.id === 'pdl1-inhibitors');
  assert.deepEqual(
    pdl1.map((p) => [p.policy.version, p.rule.priorAuth?.validDays]),
    [
      ['2025.1', 180],
      ['2026.1', 365],
    ],
  );
  assert.deepEqual(loaded.book.policiesForCode('J9309')[0]?.rule.dose, {
    maxPerKg: { amount: 1.8, unit: 'mg' },
    minIntervalDays: 21,
    intervalToleranceDays: 3,
    maxCycles: 6,
  });
});

test('a valid file parses into typed rules', () => {
  const r = parseRulesText('rules/payers/acme.yaml', valid);
  assert.ok(r.ok);
  assert.equal(r.rules.version, '1');
  assert.equal(r.rules.policies[0]?.drugs[1]?.priorAuth?.validDays, 180);
  assert.deepEqual(r.rules.program.jwJz, null);
});

const bad: { name: string; change: (text: string) => string; message: string }[] = [
  {
    name: 'wrong type deep in a policy',
    change: (t) => t.replace('validDays: 180', 'validDays: "180 days"'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[1].priorAuth.validDays: expected number, got string "180 days" (line 20)',
  },
  {
    name: 'misspelt key',
    change: (t) => t.replace('priorAuth:', 'priorAuthorisation:'),
    message: 'rules/payers/acme.yaml: policies[0].drugs[1]: unknown key "priorAuthorisation" (line 17)',
  },
  {
    name: 'bad date',
    change: (t) =>
      t.replace(
        'effectiveFrom: "2026-01-01"\nsource: Acme provider',
        'effectiveFrom: "2026-02-30"\nsource: Acme provider',
      ),
    message:
      'rules/payers/acme.yaml: effectiveFrom: expected a date YYYY-MM-DD, got string "2026-02-30" (line 6)',
  },
  {
    name: 'lower-case code',
    change: (t) => t.replace('codes: [J9173]', 'codes: [j9173]'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].codes[0]: expected a 5-character HCPCS/CPT code in upper case, e.g. J9173, got string "j9173" (line 16)',
  },
  {
    name: 'missing required field',
    change: (t) => t.replace('        priorAuth:\n          required: true\n', '        priorAuth:\n'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[1].priorAuth.required: expected boolean, got nothing (the field is missing) (line 19)',
  },
  {
    name: 'wrong schema id',
    change: (t) => t.replace('payer-rules/v1', 'payer-rules/v9'),
    message:
      'rules/payers/acme.yaml: schema: expected "drugclaim.payer-rules/v1", got string "drugclaim.payer-rules/v9" (line 2)',
  },
];

for (const b of bad) {
  test(`a wrong file is rejected with the path of the bad field: ${b.name}`, () => {
    const r = parseRulesText('rules/payers/acme.yaml', b.change(valid));
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [b.message],
    );
  });
}

test('overlapping versions of one policy are rejected', () => {
  const text =
    valid +
    `  - id: pdl1
    title: PD-L1 v2
    version: "2"
    effectiveFrom: "2026-06-01"
    source: Acme MP-1 rev
    drugs: [{ codes: [J9173] }]
`;
  const r = parseRulesText('acme.yaml', text);
  assert.equal(r.ok, false);
  assert.match(
    r.problems[0]?.message ?? '',
    /policies\[1\]\.effectiveFrom: policy pdl1 version 2 overlaps version 1/,
  );
});

test('not YAML at all', () => {
  const r = parseRulesText('x.yaml', 'a: [1, 2\nb: }');
  assert.equal(r.ok, false);
  assert.match(r.problems[0]?.message ?? '', /^x\.yaml:\d+: not valid YAML/);
});

test('formatPath', () => {
  assert.equal(
    formatPath(['policies', 0, 'drugs', 1, 'priorAuth', 'validDays']),
    'policies[0].drugs[1].priorAuth.validDays',
  );
  assert.equal(formatPath([]), '(file)');
});

test('loadRuleBook: the defaults, plus user files; a user file replaces the default file with the same id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drugclaim-rules-'));
  try {
    assert.deepEqual(
      loadRuleBook().book.files.map((f) => f.id),
      loadRules([DEFAULT_RULES_DIR]).book.files.map((f) => f.id),
    );
    // The example plan with another version: it replaces rules/payers/example-health-plan.yaml as a whole.
    const example = readFileSync(join(DEFAULT_RULES_DIR, 'example-health-plan.yaml'), 'utf8');
    assert.match(example, /^version: "2026\.1"$/m);
    writeFileSync(join(dir, 'ehp.yaml'), example.replace(/^version: "2026\.1"$/m, 'version: "2026.2"'));
    writeFileSync(join(dir, 'acme.yaml'), valid);
    const loaded = loadRuleBook([dir]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.book.files.map((f) => `${f.id}@${f.version}`).sort(), [
      'acme@1',
      'cms-medicare-part-b@2026.1',
      'default-payer@2026.1',
      'example-health-plan@2026.2',
      'medicaid-federal@2026.1',
    ]);
    assert.equal(loaded.files.filter((f) => f.endsWith('example-health-plan.yaml')).length, 0);
    assert.equal(loaded.files.filter((f) => f.endsWith('ehp.yaml') || f.endsWith('acme.yaml')).length, 2);
    // A bad user file is reported with the path of the field; the caller decides (the CLI stops with exit 2).
    writeFileSync(join(dir, 'acme.yaml'), valid.replace('validDays: 180', 'validDays: "180 days"'));
    assert.match(
      loadRuleBook([dir])
        .problems.map((p) => p.message)
        .join('\n'),
      /acme\.yaml: policies\[0\]\.drugs\[1\]\.priorAuth\.validDays: expected number/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
