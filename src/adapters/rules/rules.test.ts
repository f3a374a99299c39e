import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDecimal } from '../../core/money.ts';
import { percentMilli } from '../../core/recovery/arith.ts';
import { loadRecoveryRules } from '../store/recovery/rules-files.ts';
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
    message:
      'rules/payers/acme.yaml: policies[0].drugs[1]: unknown key "priorAuthorisation" (did you mean `priorAuth`?) (line 18)',
  },
  {
    name: 'misspelt key: the case only, at the key\'s own line',
    change: (t) => t.replace('          validDays: 180', '          validdays: 180'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[1].priorAuth: unknown key "validdays" (did you mean `validDays`?) (line 20)',
  },
  {
    name: 'misspelt top-level key far below its parent',
    change: (t) => t.replace('policies:', 'policy:'),
    message: 'rules/payers/acme.yaml: (file): unknown key "policy" (did you mean `policies`?) (line 9)',
  },
  {
    name: 'an unknown key with nothing near it',
    change: (t) => t.replace('source: Acme MP-1', 'source: Acme MP-1\n    remarks: none'),
    message: 'rules/payers/acme.yaml: policies[0]: unknown key "remarks" (line 15)',
  },
  {
    name: 'biomarker.diagnoses (ambiguous, replaced) names both new keys',
    change: (t) =>
      t.replace('      - codes: [J9173]', '      - codes: [J9173]\n        biomarker: { name: PD-L1, evidence: [TPS], diagnoses: [C34*] }'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].biomarker: unknown key "diagnoses": `biomarker.diagnoses` is no longer read (it meant "diagnoses that prove the result", and read as the opposite): write `requiredFor: [C34*]` for the diagnoses the result is required for, or `evidenceDiagnoses: [...]` for codes that state the result themselves (line 17)',
  },
  {
    name: 'days with per: service-day contradict',
    change: (t) =>
      t.replace('      - codes: [J9173]', '      - codes: [J9173]\n        quantityLimit: { maxUnits: 1, per: service-day, days: 14 }'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].quantityLimit.days: days is only read with per: days (this limit is per service-day); remove days or write per: days, got number 14 (line 17)',
  },
  {
    name: 'maxUnits and maxAmount both',
    change: (t) =>
      t.replace(
        '      - codes: [J9173]',
        '      - codes: [J9173]\n        quantityLimit: { maxUnits: 1, maxAmount: { amount: 6, unit: mg }, per: line }',
      ),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].quantityLimit: expected exactly one of maxUnits (billing units) and maxAmount (e.g. { amount: 6, unit: mg }), got a mapping (line 17)',
  },
  {
    name: 'a place of service both allowed and denied',
    change: (t) =>
      t.replace('      - codes: [J9173]', '      - codes: [J9173]\n        placeOfService: { allowed: ["11", "12"], denied: ["11"] }'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].placeOfService.denied: place of service 11 is both allowed and denied, got a list (line 17)',
  },
  {
    name: 'an empty place-of-service rule',
    change: (t) => t.replace('      - codes: [J9173]', '      - codes: [J9173]\n        placeOfService: {}'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].placeOfService: expected allowed or denied place-of-service codes (an empty rule checks nothing), got a mapping (line 17)',
  },
  {
    name: 'a tolerance with no interval',
    change: (t) => t.replace('      - codes: [J9173]', '      - codes: [J9173]\n        dose: { intervalToleranceDays: 3 }'),
    message:
      'rules/payers/acme.yaml: policies[0].drugs[0].dose.intervalToleranceDays: intervalToleranceDays is a tolerance on minIntervalDays, which is not set, got number 3 (line 17)',
  },
  {
    name: 'a code listed twice',
    change: (t) => t.replace('codes: [J9173]', 'codes: [J9173, J9173]'),
    message: 'rules/payers/acme.yaml: policies[0].drugs[0].codes[1]: J9173 is listed twice, got string "J9173" (line 16)',
  },
  {
    name: 'an empty effectiveTo is one error, not two',
    change: (t) => t.replace('effectiveFrom: "2026-01-01"\nsource: Acme provider', 'effectiveFrom: "2026-01-01"\neffectiveTo: ""\nsource: Acme provider'),
    message: 'rules/payers/acme.yaml: effectiveTo: expected a date YYYY-MM-DD, got string "" (line 7)',
  },
  {
    name: 'an empty file',
    change: () => '# nothing yet\n',
    message: 'rules/payers/acme.yaml: the file is empty (expected a rules file starting with schema: drugclaim.payer-rules/v1)',
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

const notYaml: { name: string; text: string; message: RegExp }[] = [
  {
    name: 'not YAML at all: the first error, whole, with line and column',
    text: 'a: [1, 2\nb: }',
    message: /^x\.yaml:2:1: not valid YAML: Flow sequence .* \(line 2, column 1: "b: }"\) \(1 more YAML error after it/,
  },
  {
    name: 'a duplicate key names the line of the second one',
    text: 'a: 1\nb: 2\na: 3\n',
    message: /^x\.yaml:3:1: not valid YAML: Map keys must be unique \(line 3, column 1: "a: 3"\)$/,
  },
];
for (const c of notYaml) {
  test(c.name, () => {
    const r = parseRulesText('x.yaml', c.text);
    assert.equal(r.ok, false);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]?.message ?? '', c.message);
  });
}

test('a version written as a number keeps its text (2026.10 is not 2026.1)', () => {
  const r = parseRulesText(
    'acme.yaml',
    valid.replace('version: 1\n', 'version: 2026.10\n').replace('version: "1"', 'version: 2026.10'),
  );
  assert.ok(r.ok);
  assert.equal(r.rules.version, '2026.10');
  assert.equal(r.rules.policies[0]?.version, '2026.10');
});

test('biomarker requiredFor and evidenceDiagnoses are read', () => {
  const r = parseRulesText(
    'acme.yaml',
    valid.replace(
      '      - codes: [J9173]',
      '      - codes: [J9173]\n        biomarker: { name: PD-L1, requiredFor: [C34*], evidence: [TPS], evidenceDiagnoses: [Z1589] }',
    ),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.rules.policies[0]?.drugs[0]?.biomarker, {
    name: 'PD-L1',
    requiredFor: ['C34*'],
    evidence: ['TPS'],
    evidenceDiagnoses: ['Z1589'],
  });
});

test('program settings: only those the file sets are its own (the rest are inherited)', () => {
  const none = parseRulesText('acme.yaml', valid);
  assert.ok(none.ok);
  assert.deepEqual(none.rules.programKeys, []);
  const some = parseRulesText(
    'acme.yaml',
    valid.replace('policies:', 'program:\n  mue: null\n  timelyFiling: { days: 90, source: contract }\npolicies:'),
  );
  assert.ok(some.ok);
  assert.deepEqual(some.rules.programKeys, ['mue', 'timelyFiling']);
  assert.equal(some.rules.program.timelyFilingDays, 90);
});

const warnings: { name: string; appliesTo: string; warning: RegExp | null }[] = [
  { name: 'payer ids only: no warning', appliesTo: '{ payerIds: [ACME1] }', warning: null },
  { name: 'medicare kind: no warning', appliesTo: '{ payerKinds: [medicare] }', warning: null },
  {
    name: 'commercial kind alone: applies to every commercial payer',
    appliesTo: '{ payerKinds: [commercial] }',
    warning: /appliesTo\.payerKinds \[commercial\] applies this file \(Acme Health\) to every commercial payer$/,
  },
  {
    name: 'payer ids and a commercial kind: they are alternatives',
    appliesTo: '{ payerIds: [ACME1], payerKinds: [commercial] }',
    warning: /every commercial payer; payerIds, payerNames and payerKinds are alternatives/,
  },
];
for (const w of warnings) {
  test(`appliesTo warnings: ${w.name}`, () => {
    const r = parseRulesText('acme.yaml', valid.replace('{ payerIds: [ACME1] }', w.appliesTo));
    assert.ok(r.ok);
    if (w.warning === null) assert.deepEqual(r.problems, []);
    else {
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0]?.severity, 'warning');
      assert.match(r.problems[0]?.message ?? '', w.warning);
    }
  });
}

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

test('loadRuleBook warns about the same policy in two rule sets and about a file for every commercial payer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drugclaim-rules-'));
  try {
    writeFileSync(join(dir, 'a.yaml'), valid);
    writeFileSync(
      join(dir, 'b.yaml'),
      valid.replace('id: acme\n', 'id: acme-copy\n').replace('{ payerIds: [ACME1] }', '{ payerKinds: [commercial] }'),
    );
    const loaded = loadRuleBook([dir]);
    assert.deepEqual(loaded.problems, []);
    const messages = (loaded.warnings ?? []).map((w) => w.message).join('\n');
    assert.match(messages, /b\.yaml: appliesTo\.payerKinds \[commercial\] applies this file .* to every commercial payer/);
    assert.match(messages, /b\.yaml: policy pdl1 v1 is also in .*a\.yaml \(rule set acme\)/);
    assert.equal(loaded.user?.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A rules file for the overlap cases: one rule set version with (optionally) one policy version. */
function versionFile(o: {
  id?: string;
  version: string;
  from: string;
  to?: string;
  appliesTo?: string;
  policy?: { version: string; from: string; to?: string; validDays?: number };
}): string {
  const p = o.policy;
  return `schema: drugclaim.payer-rules/v1
id: ${o.id ?? 'acme'}
name: Acme Health
version: "${o.version}"
effectiveFrom: "${o.from}"
${o.to ? `effectiveTo: "${o.to}"\n` : ''}source: Acme provider manual
appliesTo: ${o.appliesTo ?? '{ payerIds: [ACME1] }'}
policies:${
    p
      ? `
  - id: pdl1
    title: PD-L1
    version: "${p.version}"
    effectiveFrom: "${p.from}"
${p.to ? `    effectiveTo: "${p.to}"\n` : ''}    source: Acme MP-1
    drugs:
      - codes: [J9271]
        priorAuth: { required: true, validDays: ${p.validDays ?? 180} }
`
      : ' []\n'
  }`;
}

test('loadRules warns when two files of one rule set, or one policy of one payer in two rule sets, overlap', () => {
  const cases: { name: string; files: Record<string, string>; want: RegExp[] }[] = [
    {
      name: 'versions of one id that meet without overlapping: no warning',
      files: {
        'a.yaml': versionFile({ version: '2025.1', from: '2025-01-01', to: '2025-12-31' }),
        'b.yaml': versionFile({ version: '2026.1', from: '2026-01-01' }),
      },
      want: [],
    },
    {
      name: 'the older version runs on past the newer one’s start: the newer wins on the shared dates',
      files: {
        'a.yaml': versionFile({ version: '2025.1', from: '2025-01-01', to: '2026-06-30' }),
        'b.yaml': versionFile({ version: '2026.1', from: '2026-01-01' }),
      },
      want: [
        /a\.yaml and \S*b\.yaml are both rule set acme, in force 2025-01-01 to 2026-06-30 \(v2025\.1\) and 2026-01-01 onward \(v2026\.1\): on 2026-01-01 to 2026-06-30 \S*b\.yaml v2026\.1 applies and \S*a\.yaml v2025\.1 is ignored \(the later start wins\); \S*a\.yaml applies 2025-01-01 to 2025-12-31 — set effectiveTo: "2025-12-31" in \S*a\.yaml$/,
      ],
    },
    {
      name: 'a newer version inside an open-ended older one: the older applies before and after it',
      files: {
        'a.yaml': versionFile({ version: '1', from: '2025-01-01' }),
        'b.yaml': versionFile({ version: '2', from: '2026-01-01', to: '2026-03-31' }),
      },
      want: [
        /on 2026-01-01 to 2026-03-31 \S*b\.yaml v2 applies .*; \S*a\.yaml applies 2025-01-01 to 2025-12-31 and 2026-04-01 onward — give the versions periods that do not overlap$/,
      ],
    },
    {
      name: 'the same start: the file read first wins, the other is never used',
      files: {
        'a.yaml': versionFile({ version: '1', from: '2026-01-01' }),
        'b.yaml': versionFile({ version: '2', from: '2026-01-01' }),
      },
      want: [/\S*b\.yaml v2 is ignored \(same start: the file read first wins\); \S*b\.yaml applies on no date/],
    },
    {
      name: 'one policy id, two versions, in two rule sets of the same payer: both apply on the shared dates',
      files: {
        'a.yaml': versionFile({ version: '1', from: '2026-01-01', policy: { version: '1', from: '2026-01-01' } }),
        'b.yaml': versionFile({
          id: 'acme-extra',
          version: '1',
          from: '2026-01-01',
          appliesTo: '{ payerIds: [acme1] }',
          policy: { version: '2', from: '2026-03-01', validDays: 90 },
        }),
      },
      want: [
        /b\.yaml: policy pdl1 v2 \(rule set acme-extra, in force 2026-03-01 onward\) and v1 in \S*a\.yaml \(rule set acme, in force 2026-01-01 onward\) both name payer id ACME1: on 2026-03-01 onward neither wins/,
      ],
    },
    {
      name: 'one policy id in two rule sets of different payers: no warning',
      files: {
        'a.yaml': versionFile({ version: '1', from: '2026-01-01', policy: { version: '1', from: '2026-01-01' } }),
        'b.yaml': versionFile({
          id: 'other',
          version: '1',
          from: '2026-01-01',
          appliesTo: '{ payerIds: [OTHER1] }',
          policy: { version: '2', from: '2026-01-01', validDays: 90 },
        }),
      },
      want: [],
    },
    {
      name: 'one policy id in two rule sets of one payer, periods apart: no warning',
      files: {
        'a.yaml': versionFile({
          version: '1',
          from: '2026-01-01',
          policy: { version: '1', from: '2026-01-01', to: '2026-02-28' },
        }),
        'b.yaml': versionFile({
          id: 'acme-extra',
          version: '1',
          from: '2026-01-01',
          policy: { version: '2', from: '2026-03-01', validDays: 90 },
        }),
      },
      want: [],
    },
  ];
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'drugclaim-rules-'));
    try {
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
      for (const loaded of [loadRules([dir]), loadRuleBook([dir])]) {
        assert.deepEqual(loaded.problems, [], c.name);
        const overlaps = (loaded.warnings ?? []).filter((w) => w.code === 'rules-overlap');
        assert.equal(overlaps.length, c.want.length, `${c.name}: ${overlaps.map((w) => w.message).join('\n')}`);
        c.want.forEach((re, i) => assert.match(overlaps[i]?.message ?? '', re, c.name));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('loadRules: the default rules overlap nothing', () => {
  assert.deepEqual(
    (loadRules([DEFAULT_RULES_DIR]).warnings ?? []).filter((w) => w.code === 'rules-overlap'),
    [],
  );
});

test('the example payer rules and the example contract (one fictional payer, EHP01) give the same rates', () => {
  const plan = loadRules([DEFAULT_RULES_DIR]).book.files.find((f) => f.id === 'example-health-plan');
  const recovery = loadRecoveryRules();
  assert.ok(recovery.ok, recovery.problems.map((p) => p.message).join('\n'));
  const contract = recovery.value.contracts.find((c) => c.id === 'example-health-plan-2026');
  assert.ok(plan && contract);
  assert.deepEqual(plan.appliesTo.payerIds, contract.payer.ids);
  const expected = plan.program.expectedPayment;
  // Per code: the contract's rate per unit (mills) and the payer rules' rate; the rest at one percent.
  const ruleRates = Object.fromEntries(
    (expected?.rates ?? []).flatMap((r) => r.codes.map((c) => [c, parseDecimal(r.ratePerUnit, 3)])),
  );
  const contractRates = Object.fromEntries(
    contract.rates.filter((r) => r.ratePerUnitMills !== undefined).map((r) => [r.code, r.ratePerUnitMills]),
  );
  assert.deepEqual(ruleRates, contractRates);
  assert.deepEqual(ruleRates, { J9271: 65_000, J9309: 150_500 });
  const star = contract.rates.find((r) => r.code === '*');
  assert.equal(star?.percentOfAspLimitMilli, percentMilli(expected?.percent ?? 0));
});

const withRates = (rates: string): string =>
  valid.replace(
    'appliesTo: { payerIds: [ACME1] }\n',
    `appliesTo: { payerIds: [ACME1] }\nprogram:\n  expectedPayment:\n    basis: asp-payment-limit\n    percent: 110\n    rates:\n${rates}    source: Acme fee schedule\n`,
  );
const rateCases: [name: string, rates: string, want: RegExp | undefined][] = [
  ['a rate per code as text', '      - { codes: [J9271], ratePerUnit: "65.000" }\n', undefined],
  ['a rate per code as a number', '      - { codes: [J9271, J9309], ratePerUnit: 65.5 }\n', undefined],
  [
    'more than 3 decimals',
    '      - { codes: [J9271], ratePerUnit: "65.0001" }\n',
    /program\.expectedPayment\.rates\[0\]\.ratePerUnit: expected dollars per billing unit with up to 3 decimals/,
  ],
  [
    'one code with two rates',
    '      - { codes: [J9271], ratePerUnit: "65" }\n      - { codes: [J9271], ratePerUnit: "70" }\n',
    /program\.expectedPayment\.rates\[1\]\.codes\[0\]: J9271 has two rates/,
  ],
];
for (const [name, rates, want] of rateCases)
  test(`expectedPayment.rates: ${name}`, () => {
    const r = parseRulesText('acme.yaml', withRates(rates));
    if (want === undefined) assert.deepEqual(r.problems, []);
    else assert.match(r.problems.map((p) => p.message).join('\n'), want);
  });
