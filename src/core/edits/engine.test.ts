import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deepFreeze } from '../../../test/support/edit-cases.ts';
import { runEdits } from './engine.ts';
import { EDITS } from './registry.ts';
import type { Claim } from '../claim/model.ts';
import type { PayerRules, Policy } from '../rules/model.ts';
import { PLAN_PAYER, check, claim, line, medicareRules, planRules, testReference } from './testing.ts';
import type { BatchEdit, ClaimEdit, Edit, LineEdit, RulesApplied } from './types.ts';

const meta = { severity: 'warning' as const, needs: [], source: 'test', denials: [], fixes: [] };
const calls: string[] = [];
const lineEdit: LineEdit = {
  ...meta,
  id: 'probe-line',
  title: 'probe',
  scope: 'line',
  lines: 'drug',
  check: ({ line: l, report }) => {
    calls.push(`line ${l.code}`);
    report({ field: 'f', message: `line ${l.code}`, why: 'w' });
  },
};
const claimEdit: ClaimEdit = {
  ...meta,
  id: 'probe-claim',
  title: 'probe',
  scope: 'claim',
  check: ({ claim: c }) => {
    calls.push(`claim ${c.claim.id}`);
  },
};
const batchEdit: BatchEdit = {
  ...meta,
  id: 'probe-batch',
  title: 'probe',
  scope: 'batch',
  needs: ['history'],
  check: ({ claims, report }) => {
    calls.push(`batch ${claims.length}`);
    const c = claims[1];
    if (c) report(c, { field: 'f', message: 'batch', why: 'w' });
  },
};
const needsDosing: LineEdit = {
  ...meta,
  id: 'probe-dosing',
  title: 'probe',
  scope: 'line',
  needs: ['dosing'],
  check: () => {
    throw new Error('must not run');
  },
};

test('engine: line edits per (drug) line, claim edits per claim, batch edits once; findings carry the edit id, claim and line', () => {
  calls.length = 0;
  const claims = deepFreeze([
    claim({ id: 'A', lines: [line({ code: '99213' }), line({ code: 'J9173' })] }),
    claim({ id: 'B', lines: [line({ code: 'J9309' })] }),
  ]);
  const r = runEdits(claims, {
    reference: testReference(),
    dateOfRun: '2026-03-01',
    edits: [lineEdit, claimEdit, batchEdit],
  });
  assert.deepEqual(calls, ['line J9173', 'claim A', 'line J9309', 'claim B', 'batch 2']);
  assert.deepEqual(
    r.findings.map((f) => [f.editId, f.claimId, f.claimIndex, f.line, f.severity]),
    [
      ['probe-line', 'A', 0, 2, 'warning'],
      ['probe-batch', 'B', 1, null, 'warning'],
      ['probe-line', 'B', 1, 1, 'warning'],
    ],
  );
  assert.deepEqual(r.summary, {
    claims: 2,
    lines: 3,
    drugLines: 2,
    errors: 0,
    warnings: 3,
    infos: 0,
    claimsWithErrors: 0,
    fixable: 0,
  });
});

test('engine: one number and one key per patient, also for patients sharing a member id', () => {
  const seen: [string, number, string][] = [];
  const probe: BatchEdit = {
    ...meta,
    id: 'probe-patients',
    title: 'probe',
    scope: 'batch',
    check: ({ claims }) => {
      for (const c of claims) seen.push([c.claim.id, c.patientId, c.patientKey]);
    },
  };
  const who = (memberId: string, lastName: string, firstName = 'JANE') => ({
    memberId,
    lastName,
    firstName,
    birthDate: '1950-01-01',
  });
  const claims = [
    claim({ id: 'A', patient: who('M1', 'DOE'), lines: [line({ code: 'J9173' })] }),
    claim({ id: 'B', patient: who('M2', 'ROE'), lines: [line({ code: 'J9173' })] }),
    // Same member id, another person: a patient of its own.
    claim({ id: 'C', patient: who('M1', 'POE'), lines: [line({ code: 'J9173' })] }),
    // The first patient again, its names written in lower case: the same patient, with the same key.
    claim({ id: 'D', patient: who('M1', 'doe', 'jane'), lines: [line({ code: 'J9173' })] }),
    claim({ id: 'E', patient: who('M1', 'DOE'), lines: [line({ code: 'J9173' })] }),
    claim({ id: 'F', patient: who('M1', 'POE'), lines: [line({ code: 'J9173' })] }),
  ];
  runEdits(claims, { reference: testReference(), dateOfRun: '2026-03-01', edits: [probe] });
  const ids = new Map(seen.map(([id, n]) => [id, n]));
  const keys = new Map(seen.map(([id, , k]) => [id, k]));
  assert.deepEqual([...ids.values()], [0, 1, 2, 0, 0, 2]);
  for (const [a, b] of [
    ['A', 'D'],
    ['A', 'E'],
    ['C', 'F'],
  ] as const)
    assert.equal(keys.get(a), keys.get(b), `${a} and ${b} are one patient`);
  assert.equal(new Set([keys.get('A'), keys.get('B'), keys.get('C')]).size, 3, 'three patients, three keys');
});

test('engine: an edit whose need is not provided is listed as skipped, never run', () => {
  const r = runEdits([claim({ lines: [line({ code: 'J9173' })] })], {
    reference: testReference(),
    dateOfRun: '2026-03-01',
    edits: [needsDosing],
    dosing: null,
  });
  assert.deepEqual(r.skipped, [
    { editId: 'probe-dosing', reason: 'needs dosing, which this run does not provide' },
  ]);
  assert.deepEqual(r.findings, []);
});

test('engine: without payer rules, every edit that needs them is listed as skipped (JW/JZ, MUE, timely filing…)', () => {
  const claims = [claim({ lines: [line({ code: 'J9173', units: 150 })] })];
  const without = runEdits(claims, { reference: testReference(), dateOfRun: '2026-03-01' });
  const needRules = EDITS.filter((e) => e.needs.includes('rules')).map((e) => e.id);
  for (const id of ['jw-jz-missing', 'mue-line', 'mue-date-of-service', 'ndc-missing', 'timely-filing'])
    assert.ok(needRules.includes(id), id);
  assert.deepEqual(
    without.skipped,
    needRules.map((editId) => ({ editId, reason: 'needs rules, which this run does not provide' })),
  );
  assert.ok(!without.findings.some((f) => needRules.includes(f.editId)));
  // With rules they run, and nothing is skipped.
  const withRules = check(EDITS, claims);
  assert.deepEqual(withRules.skipped, []);
  assert.ok(withRules.findings.some((f) => f.editId === 'jw-jz-missing'));
});

test('engine: a failing edit is reported by id, not swallowed', () => {
  const boom: LineEdit = {
    ...meta,
    id: 'probe-boom',
    title: 'boom',
    scope: 'line',
    check: () => {
      throw new Error('bad');
    },
  };
  assert.throws(
    () => check(boom, [claim({ lines: [line({ code: 'J9173' })] })]),
    /edit probe-boom failed on claim #1: bad/,
  );
});

test('engine: never branches on an edit id', () => {
  const source = readFileSync(new URL('./engine.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /\.id\s*[!=]==?\s*['"]/);
  for (const e of EDITS) assert.ok(!source.includes(`'${e.id}'`), `engine mentions ${e.id}`);
});

test('registry: ids are unique kebab-case, each edit folder is registered once, metadata complete', () => {
  const ids = EDITS.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const e of EDITS as readonly Edit[]) {
    assert.match(e.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(e.title.length > 5 && e.source.length > 5, e.id);
    assert.ok(['line', 'claim', 'batch'].includes(e.scope));
    for (const d of e.denials) assert.match(`${d.group}-${d.carc}`, /^(CO|OA|PR|PI|CR)-[A-Z0-9]{1,3}$/);
    const folder = new URL(`./${e.id}/index.ts`, import.meta.url);
    assert.ok(readFileSync(folder, 'utf8').includes(`id: '${e.id}'`), `${e.id}/index.ts declares the id`);
  }
});

test('all edits together on a clean claim: no errors', () => {
  const r = check(EDITS, [
    claim({
      lines: [
        line({ code: '96413', chargeCents: 30_000 }),
        line({
          code: 'J9173',
          units: 150,
          chargeCents: 1_400_000,
          modifiers: ['JZ'],
          drug: { ndc: '00310461150', ndcQualifier: 'N4', quantity: 30, unit: 'ML' },
          dose: { text: '1500 MG' },
        }),
      ],
    }),
  ]);
  assert.deepEqual(
    r.findings.map((f) => `${f.editId} ${f.severity}`),
    [],
  );
});

void test('engine: rulesApplied lists each file version with the policy versions used and the settings it supplied', () => {
  const fallback: PayerRules = {
    ...medicareRules({ timelyFilingDays: 180, timelyFilingSource: 'default' }),
    id: 'default-payer',
    version: '2026.1',
    appliesTo: { fallback: true },
    file: 'rules/payers/default.yaml',
  };
  // The plan sets only timely filing and has two versions of one policy (J9173) and a second policy (J9271).
  const base = planRules([{ codes: ['J9173'], priorAuth: { required: true } }], { timelyFilingDays: 90 });
  const pd1 = base.policies[0] as Policy;
  const plan: PayerRules = {
    ...base,
    programKeys: ['timelyFiling'],
    policies: [
      { ...pd1, version: '1', effectiveTo: '2026-01-31' },
      { ...pd1, version: '2', effectiveFrom: '2026-02-01' },
      { ...pd1, id: 'pembro', version: '7', drugs: [{ codes: ['J9271'], priorAuth: { required: true } }] },
    ],
  };
  const rules = [fallback, medicareRules(), plan];
  const cases: {
    name: string;
    claims: Claim[];
    want: Partial<RulesApplied>[];
  }[] = [
    {
      name: 'no file matches: the fallback applies as a whole (not inherited)',
      claims: [claim({ payer: { kind: 'unknown', name: 'SOMEONE' }, lines: [line({ code: 'J9173' })] })],
      want: [
        {
          file: 'rules/payers/default.yaml',
          claims: 1,
          inheritedClaims: 0,
          program: ['jwJz', 'mue', 'ndc', 'timelyFiling', 'expectedPayment', 'modifier340b'],
          policies: [],
        },
      ],
    },
    {
      name: 'a payer file that leaves settings unset: the fallback is listed for the inherited ones',
      claims: [
        claim({ id: 'A', payer: PLAN_PAYER, lines: [line({ code: 'J9173', serviceDate: '2026-01-15' })] }),
        claim({ id: 'B', payer: PLAN_PAYER, lines: [line({ code: 'J9173' }), line({ code: 'J9271' })] }),
        claim({ id: 'C', payer: PLAN_PAYER, lines: [line({ code: 'J9173' })] }),
        claim({ id: 'D', lines: [line({ code: 'J9173' })] }),
      ],
      want: [
        {
          file: 'rules/payers/default.yaml',
          claims: 3,
          inheritedClaims: 3,
          program: ['jwJz', 'mue', 'ndc', 'expectedPayment', 'modifier340b'],
          policies: [],
        },
        {
          file: 'rules/payers/example-health-plan.yaml',
          claims: 3,
          inheritedClaims: 0,
          program: ['timelyFiling'],
          policies: [
            {
              id: 'pembro',
              title: 'Test policy',
              version: '7',
              effectiveFrom: '2025-01-01',
              effectiveTo: null,
              claims: 1,
            },
            {
              id: 'test-policy',
              title: 'Test policy',
              version: '1',
              effectiveFrom: '2025-01-01',
              effectiveTo: '2026-01-31',
              claims: 1,
            },
            {
              id: 'test-policy',
              title: 'Test policy',
              version: '2',
              effectiveFrom: '2026-02-01',
              effectiveTo: null,
              claims: 2,
            },
          ],
        },
        {
          file: 'rules/payers/medicare.yaml',
          claims: 1,
          inheritedClaims: 0,
          program: ['jwJz', 'mue', 'ndc', 'timelyFiling', 'expectedPayment', 'modifier340b'],
          policies: [],
        },
      ],
    },
  ];
  for (const c of cases) {
    const got = check([], c.claims, { rules }).rulesApplied;
    assert.deepEqual(
      got.map((r) => ({
        file: r.file,
        claims: r.claims,
        inheritedClaims: r.inheritedClaims,
        program: r.program,
        policies: r.policies,
      })),
      c.want,
      c.name,
    );
  }
});

test('engine: a dateOfRun that is not a real YYYY-MM-DD date throws a TypeError before any edit runs, even with no claims', () => {
  for (const dateOfRun of ['not-a-date', '02/15/2026', '2026-2-15']) {
    for (const claims of [[], [claim({ lines: [line({ code: 'J9173' })] })]])
      assert.throws(() => runEdits(claims, { reference: testReference(), dateOfRun, edits: [needsDosing] }), {
        name: 'TypeError',
        code: 'date.invalid',
        message: `runEdits: options.dateOfRun must be a real date written YYYY-MM-DD, not ${JSON.stringify(dateOfRun)}`,
      });
  }
});
