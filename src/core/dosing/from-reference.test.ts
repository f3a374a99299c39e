/**
 * planUnits on the real CMS data (../shared/data read into memory): billing unit from the HCPCS descriptor,
 * packages from the January 2026 crosswalk, ASP limits, JG/TB records, MUEs.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import type { ReferenceData } from '../reference/port.ts';
import { parsePackageList, planUnits, type UnitsRequest } from './from-reference.ts';
import type { UnitsResult } from './units.ts';

let ref: ReferenceData;
before(async () => {
  ref = await sharedReference();
});

const DATE = '2026-02-15';
const lines = (v: UnitsResult): string[] =>
  v.lines.map((l) => `${l.code}${l.modifiers.map((m) => `-${m}`).join('')} ×${l.units}`);
const codes = (v: UnitsResult): string[] => v.warnings.map((w) => w.code);

function plan(req: Partial<UnitsRequest> & { code: string; dose: string }): UnitsResult {
  const r = planUnits(ref, { date: DATE, ...req });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.value;
}

void describe('planUnits on the January 2026 CMS files', () => {
  void it('J9309 1.8 mg/kg × 80 kg → J9309 × 144 + J9309-JW × 6 from 5 × 30 mg (NDC 50242-0103-01)', () => {
    const v = plan({ code: 'J9309', dose: '1.8mg/kg', weight: '80kg' });
    assert.deepEqual(v.billingUnit, { amount: 1, unit: 'mg', text: v.billingUnit.text });
    assert.deepEqual(lines(v), ['J9309 ×144', 'J9309-JW ×6']);
    assert.deepEqual(
      v.opened.map((o) => [o.size.amount, o.count, o.ndc, o.container]),
      [[30, 5, '50242010301', 'single-dose']],
    );
    // ASP January 2026: $136.772 per mg → 6 × 136.772 = $820.632 → 82063 cents
    assert.equal(v.money.paymentLimitMills, 136772);
    assert.equal(v.money.discardedCents, 82063);
  });

  void it('J9173 750 mg → J9173 × 75 + J9173-JW × 9 from 7 × 120 mg; NDC 00310-4500-12 ML15 / ML1.8', () => {
    const v = plan({ code: 'J9173', dose: '750 mg' });
    assert.deepEqual(lines(v), ['J9173 ×75', 'J9173-JW ×9']);
    assert.deepEqual(
      v.opened.map((o) => `${o.count}×${o.size.amount}`),
      ['7×120'],
    );
    assert.deepEqual(
      v.lines.map((l) => `${l.ndc?.ndc11} ${l.ndc?.unit}${l.ndc?.quantity}`),
      ['00310450012 ML15', '00310450012 ML1.8'],
    );
  });

  void it('J0129 (abatacept): a plan never mixes the 250 mg IV vial with the SC syringes (Orencia ClickJect/prefilled)', () => {
    const iv = plan({ code: 'J0129', dose: '750 mg' });
    assert.deepEqual(lines(iv), ['J0129-JZ ×75']);
    assert.deepEqual(
      iv.opened.map((o) => `${o.count}×${o.size.amount}`),
      ['3×250'],
    );
    const sizesOf = (a: UnitsResult['alternatives'][number]) => new Set(a.packages.map((p) => p.size.amount));
    for (const a of iv.alternatives)
      assert.ok(!(sizesOf(a).has(250) && sizesOf(a).size > 1), JSON.stringify(a.packages.map((p) => p.size)));
    // A subcutaneous dose is planned from the syringes.
    const sc = plan({ code: 'J0129', dose: '125 mg' });
    assert.deepEqual(
      sc.opened.map((o) => `${o.count}×${o.size.amount}`),
      ['1×125'],
    );
  });

  void it('--opened 500mg,3x120mg: billed as opened (JW × 11), 2 units avoidable = $172.54', () => {
    const v = plan({ code: 'J9173', dose: '750 mg', opened: '500mg,3x120mg' });
    assert.deepEqual(lines(v), ['J9173 ×75', 'J9173-JW ×11']);
    assert.equal(v.openedBy, 'caller');
    assert.equal(v.money.avoidableWasteUnits, 2);
    assert.equal(v.money.avoidableWasteCents, 17254);
    assert.ok(codes(v).includes('waste.avoidable'));
  });

  void it('--opened by NDC: 7x00310-4500-12', () => {
    const v = plan({ code: 'J9173', dose: '750 mg', opened: '7x00310-4500-12' });
    assert.deepEqual(lines(v), ['J9173 ×75', 'J9173-JW ×9']);
    assert.equal(v.opened[0]?.ndc, '00310450012');
  });

  void it('--vials narrows the sizes: J9309 144 mg with only 140 mg vials → 2 × 140, JW × 136', () => {
    const v = plan({ code: 'J9309', dose: '144 mg', vials: '140mg' });
    assert.deepEqual(lines(v), ['J9309 ×144', 'J9309-JW ×136']);
  });

  void it('J9309 180 mg → J9309-JZ × 180 (6 × 30 mg)', () => {
    assert.deepEqual(lines(plan({ code: 'J9309', dose: '180 mg' })), ['J9309-JZ ×180']);
  });

  void it('carboplatin from Hospira multiple-dose vials (by NDC): no JW/JZ; the crosswalk PKG SIZE 45 mL of -56 disagrees with its 60 mL label', () => {
    const v = plan({ code: 'J9045', dose: 'AUC 5', gfr: '100', opened: '61703-0339-56,61703-0339-18' });
    // 5 × (100 + 25) = 625 mg → 12.5 → 13 units of 50 mg; 600 + 50 opened
    assert.deepEqual(lines(v), ['J9045 ×13']);
    assert.equal(v.containerType, 'multi-dose');
    assert.ok(codes(v).includes('ndc.package-size-disagrees'));
  });

  void it('carboplatin from the crosswalk alone: several labelers per size → container unknown, said so', () => {
    const v = plan({ code: 'J9045', dose: 'AUC 5', gfr: '100' });
    assert.deepEqual(lines(v), ['J9045 ×13']);
    assert.ok(codes(v).includes('container.unknown'));
  });

  void it('mL dose: J9045 20 mL uses the labelled 10 mg/mL (all labelled products agree) → 4 units', () => {
    const v = plan({ code: 'J9045', dose: '20 mL' });
    assert.equal(v.doseAmount.amount, 200);
    assert.equal(v.administeredUnits, 4);
    assert.ok(v.rulesApplied.some((x) => x.id === 'dose.concentration'));
  });

  void it('mL dose for a powder (J9354) without a concentration is an error naming it', () => {
    const r = planUnits(ref, { code: 'J9354', date: DATE, dose: '20 mL' });
    assert.equal(r.ok, false);
    assert.equal(r.problems.at(-1)?.code, 'dose.needs-concentration');
  });

  void it('--340b JG on a 2026 date: the HCPCS record says JG ended 2024-12-31 → error, TB named', () => {
    const v = plan({ code: 'J9309', dose: '180 mg', modifier340b: 'JG' });
    const p = v.warnings.find((w) => w.code === 'modifier.jg-terminated');
    assert.ok(p);
    assert.equal(p.severity, 'error');
    assert.match(p.message, /2024-12-31/);
    assert.match(p.message, /TB/);
    assert.match(p.message, /HCPCS modifier JG record/);
  });

  void it('--340b TB → TB on each line', () => {
    assert.deepEqual(lines(plan({ code: 'J9173', dose: '750 mg', modifier340b: 'tb' })), [
      'J9173-TB ×75',
      'J9173-JW-TB ×9',
    ]);
  });

  void it('MUE: 300 units of J9309 exceed the practitioner MUE of 280', () => {
    const v = plan({ code: 'J9309', dose: '300 mg' });
    const p = v.warnings.find((w) => w.code === 'mue.exceeded');
    assert.ok(p);
    assert.match(p.message, /280/);
  });

  void it('a date outside the files: answers with the nearest release, marked out of force', () => {
    const v = plan({ code: 'J9173', dose: '750 mg', date: '2026-07-15' });
    assert.ok(codes(v).includes('reference.out-of-force'));
  });

  void it('an unknown code is an error', () => {
    const r = planUnits(ref, { code: 'J0000', date: DATE, dose: '10 mg' });
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'code.unknown');
  });

  void it('a crosswalk row that disagrees with its label is said only when that package is opened', () => {
    const codes = (opened?: string) =>
      planUnits(ref, {
        code: 'J9045',
        date: DATE,
        dose: '400mg',
        ...(opened ? { opened } : {}),
      }).problems.map((p) => p.code);
    assert.ok(!codes().includes('ndc.package-size-disagrees'), 'the 600 mg vial is not in the plan');
    assert.ok(codes('1x61703-0339-56').includes('ndc.package-size-disagrees'));
    // Xgeva 120 mg/1.7 mL: the crosswalk's PKG SIZE 1 counts the vial, which is no disagreement (QA i-11).
    const xgeva = planUnits(ref, { code: 'J0897', date: DATE, dose: '120mg', opened: '1x55513-0730-01' });
    assert.ok(xgeva.ok);
    assert.ok(!xgeva.problems.some((p) => p.code === 'ndc.package-size-disagrees'));
  });

  void it('--opened 1x<carton NDC> counts one item; the error says the NDC is a package of 2 (Faslodex)', () => {
    const r = planUnits(ref, { code: 'J9395', date: DATE, dose: '500mg', opened: '1x00310-0720-10' });
    assert.equal(r.ok, false);
    assert.match(r.problems[0]?.message ?? '', /package of 2 items, so give 2x00310072010/);
    const whole = planUnits(ref, { code: 'J9395', date: DATE, dose: '500mg', opened: '2x00310-0720-10' });
    assert.ok(whole.ok);
    assert.deepEqual(
      whole.value.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} ×${l.units}`),
      ['J9395-JZ ×20'],
    );
  });

  void it('hospital outpatient: a packaged drug (OPPS SI N, J9041) is billed without a JW line or money', () => {
    const r = planUnits(ref, {
      code: 'J9041',
      date: DATE,
      dose: '2.47mg',
      opened: '1x63020-0049-01',
      setting: 'outpatient-hospital',
    });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} ×${l.units}`),
      ['J9041 ×25'],
    );
    assert.equal(r.value.money.administeredCents, null);
    assert.ok(r.value.warnings.some((w) => w.code === 'opps.packaged'));
    // The same dose in the office: Velcade is a single-dose vial, so the waste is billed on a JW line.
    const office = planUnits(ref, { code: 'J9041', date: DATE, dose: '2.47mg', opened: '1x63020-0049-01' });
    assert.ok(office.ok);
    assert.deepEqual(
      office.value.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} ×${l.units}`),
      ['J9041 ×25', 'J9041-JW ×10'],
    );
  });

  void it('--vials with --opened is said: what was opened is billed as it is', () => {
    const r = planUnits(ref, { code: 'J9173', date: DATE, dose: '750mg', opened: '7x120mg', vials: '500mg' });
    assert.ok(r.ok);
    assert.ok(r.problems.some((p) => p.code === 'packages.vials-ignored' && p.severity === 'warning'));
  });

  void it('an opened NDC of another code is an error naming the code the crosswalk maps it to', () => {
    const r = planUnits(ref, { code: 'J9173', date: DATE, dose: '750mg', opened: '3x00006-3026-02' });
    assert.equal(r.ok, false);
    const p = r.problems.at(-1);
    assert.deepEqual([p?.code, p?.severity], ['opened.not-in-crosswalk', 'error']);
    assert.match(
      p?.message ?? '',
      /NDC 00006302602 is not in the crosswalk for J9173 on .*; the crosswalk maps it to J9271/,
    );
  });

  // QA round 2, #11: `units --code J9271 --dose 200mg --weight 80` was refused (exit 2) for a weight it does not use.
  void it('a flat dose does not need the weight or height: one without its unit is set aside with a warning', () => {
    for (const [req, what, text] of [
      [{ weight: '80' }, 'weight', '80'],
      [{ height: '180' }, 'height', '180'],
      [{ weight: ' 80 ' }, 'weight', ' 80 '],
    ] as const) {
      const v = plan({ code: 'J9271', dose: '200mg', ...req });
      assert.deepEqual(lines(v), ['J9271-JZ ×200']);
      assert.equal(v.dose.weightKg, undefined);
      const w = v.warnings.find((p) => p.code === 'measure.not-used');
      assert.deepEqual([w?.severity, w?.data], ['warning', { what, text }]);
      assert.match(
        w?.message ?? '',
        new RegExp(
          `^${what} "${text}" has no unit, so it was not used: the flat dose 200mg does not need it`,
        ),
      );
      assert.equal(v.plausibility?.within, true, 'still compared with the label (Keytruda 200 mg)');
    }
  });

  void it('a dose that needs the weight or height still refuses one without its unit', () => {
    for (const [req, message] of [
      [{ dose: '2mg/kg', weight: '80' }, /^weight "80" not understood: write it with its unit/],
      [{ dose: '500mg/m2', height: '180', weight: '80kg' }, /^height "180" not understood/],
      [{ dose: '500mg/m2', height: '180cm', weight: '80' }, /^weight "80" not understood/],
      [{ dose: 'AUC5', scr: '1', age: '60', sex: 'F', weight: '80' }, /^weight "80" not understood/],
    ] as const) {
      const code = req.dose === 'AUC5' ? 'J9045' : req.dose === '2mg/kg' ? 'J9271' : 'J9305';
      const r = planUnits(ref, { code, date: DATE, ...req });
      assert.equal(r.ok, false, JSON.stringify(req));
      assert.equal(r.problems.at(-1)?.code, 'measure.unparsed');
      assert.match(r.problems.at(-1)?.message ?? '', message);
    }
    // Text that is not a number is not "a weight without its unit": refused whatever the dose.
    const garbled = planUnits(ref, { code: 'J9271', date: DATE, dose: '200mg', weight: '80 stone' });
    assert.equal(garbled.ok, false);
  });

  void it('bad text is an error that says what to write', () => {
    for (const [req, code] of [
      [{ dose: 'lots' }, 'dose.unparsed'],
      [{ dose: '1.8 mg/kg', weight: '80' }, 'measure.unparsed'],
      [{ dose: '10 mg', opened: '3 boxes' }, 'opened.unparsed'],
      [{ dose: '10 mg', modifier340b: 'XX' }, 'modifier.340b-invalid'],
      // Numbers past 2^53 − 1 (JS numbers skip whole numbers there): refused, never rounded.
      [{ dose: '99999999999999999999mg' }, 'dose.too-large'],
      [{ dose: '1.8 mg/kg', weight: '99999999999999999999kg' }, 'measure.unparsed'],
      [{ dose: '375 mg/m2', bsa: '99999999999999999999' }, 'measure.unparsed'],
      [{ dose: '10 mg', vials: '99999999999999999999mg' }, 'opened.unparsed'],
      [{ dose: '10 mg', opened: '99999999999999999999x30mg' }, 'opened.unparsed'],
      [{ dose: '9007199254740991 mg' }, 'dose.too-large'], // its units × $136.772 pass the limit in dollars
    ] as const) {
      const r = planUnits(ref, { code: 'J9309', date: DATE, ...req });
      assert.equal(r.ok, false);
      assert.equal(r.problems.at(-1)?.code, code);
    }
  });
});

void describe('planUnits refuses or flags what a payer would deny (QA 1.1, 1.2, 2.2, 3.5)', () => {
  // Codes not valid on the date of service: the lines are still computed, with an error-severity finding first.
  const invalid: { name: string; req: UnitsRequest; message: string; status: string }[] = [
    {
      name: 'J2505 6 mg on 2026-02-15: terminated 2021-12-31',
      req: { code: 'J2505', dose: '6mg', date: '2026-02-15' },
      // The pegfilgrastim codes valid on the date are named (HCPCS 2026: J2506 and the biosimilar Q-codes).
      message:
        "J2505 is not valid on 2026-02-15: terminated 2021-12-31; a claim line with it is denied (CARC 181); codes of J2505's drug valid on 2026-02-15: J2506, Q5108, Q5111, Q5120, Q5122, Q5127, Q5130",
      status: 'terminated',
    },
    {
      name: 'J9310 700 mg on 2026-02-15: terminated 2018-12-31',
      req: { code: 'J9310', dose: '700mg', date: '2026-02-15' },
      message:
        "J9310 is not valid on 2026-02-15: terminated 2018-12-31; a claim line with it is denied (CARC 181); codes of J9310's drug valid on 2026-02-15: J9312, Q5115, Q5119, Q5123",
      status: 'terminated',
    },
    {
      name: 'J0654 10 mcg on 2024-03-01: added 2026-01-01',
      req: { code: 'J0654', dose: '10mcg', date: '2024-03-01' },
      message:
        'J0654 is not valid on 2024-03-01: added 2026-01-01; a claim line with it is denied (CARC 181)',
      status: 'not-yet-valid',
    },
    {
      name: 'J9010 30 mg on 2026-02-15: terminated 2015-12-31, HCPCS cross-reference J0202 named',
      req: { code: 'J9010', dose: '30mg', date: '2026-02-15' },
      message:
        'J9010 is not valid on 2026-02-15: terminated 2015-12-31; a claim line with it is denied (CARC 181); the HCPCS file cross-references it to J0202',
      status: 'terminated',
    },
  ];
  for (const c of invalid) {
    void it(c.name, () => {
      const r = planUnits(ref, c.req);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
      const p = r.value.warnings.find((w) => w.code === 'code.not-valid-on-date');
      assert.ok(p, codes(r.value).join(', '));
      assert.equal(p.severity, 'error');
      assert.equal(p.message, c.message);
      assert.equal(p.data?.['status'], c.status);
      assert.equal(p.data?.['carc'], '181');
    });
  }
  void it('an active code on the date has no validity finding (J9173 750 mg, J0654 on 2026-02-15)', () => {
    for (const req of [
      { code: 'J9173', dose: '750 mg' },
      { code: 'J0654', dose: '10mcg' },
    ])
      assert.ok(!codes(plan(req)).includes('code.not-valid-on-date'), req.code);
  });

  // Codes refused outright, with the problem code that says why.
  const refused: {
    name: string;
    req: Partial<UnitsRequest> & { code: string; dose: string };
    code: string;
    message: RegExp;
  }[] = [
    {
      name: 'AUC for pembrolizumab (J9271 --auc 5 --gfr 90)',
      req: { code: 'J9271', dose: 'AUC 5', gfr: '90' },
      code: 'dose.auc-not-carboplatin',
      message: /carboplatin only; J9271 is pembrolizumab/,
    },
    {
      name: 'AUC for pembrolizumab (J9271 --dose AUC5 --gfr 90)',
      req: { code: 'J9271', dose: 'AUC5', gfr: '90' },
      code: 'dose.auc-not-carboplatin',
      message: /carboplatin only/,
    },
    {
      name: 'JW is a modifier',
      req: { code: 'JW', dose: '1mg' },
      code: 'code.is-modifier',
      message: /^JW is a modifier, not a drug code/,
    },
    {
      name: 'J3490 is not otherwise classified',
      req: { code: 'J3490', dose: '100mg' },
      code: 'billing-unit.not-otherwise-classified',
      message: /^J3490 is a not-otherwise-classified code: its billing unit is not set by the code.*payer/,
    },
    {
      name: 'J9999 is not otherwise classified',
      req: { code: 'J9999', dose: '100mg' },
      code: 'billing-unit.not-otherwise-classified',
      message: /^J9999 is a not-otherwise-classified code/,
    },
    {
      name: 'C9399 is not otherwise classified',
      req: { code: 'C9399', dose: '100mg' },
      code: 'billing-unit.not-otherwise-classified',
      message: /^C9399 is a not-otherwise-classified code/,
    },
  ];
  for (const c of refused) {
    void it(c.name, () => {
      const r = planUnits(ref, { date: DATE, ...c.req });
      assert.equal(r.ok, false);
      const p = r.problems.at(-1);
      assert.ok(p);
      assert.equal(p.code, c.code);
      assert.equal(p.severity, 'error');
      assert.match(p.message, c.message);
    });
  }
  void it('AUC for carboplatin (J9045, drug named by the descriptor) is still computed', () => {
    assert.equal(plan({ code: 'J9045', dose: 'AUC 5', gfr: '90' }).doseAmount.amount, 575);
  });

  void it('J9045 container unknown: the warning says the labelled products (Hospira, Teva) are multiple-dose', () => {
    const p = plan({ code: 'J9045', dose: '400mg' }).warnings.find((w) => w.code === 'container.unknown');
    assert.ok(p);
    assert.match(
      p.message,
      /label table lists J9045 products from .*Hospira.* and Teva.* only, all multiple-dose/,
    );
    assert.match(p.message, /--container multi-dose/);
  });
});

void describe('planUnits: --vials 0mg is a size of zero, not a size of another kind', () => {
  void it('J9173 750 mg --vials 0mg,120mg: 0 mg ignored as not more than zero, 7 × 120 mg', () => {
    const v = plan({ code: 'J9173', dose: '750mg', vials: '0mg,120mg' });
    const w = v.warnings.find((x) => x.code.startsWith('packages.'));
    assert.deepEqual(
      [w?.code, w?.message],
      ['packages.not-positive', 'package 0 mg holds no drug: a size must be more than zero; ignored'],
    );
    assert.deepEqual(
      v.opened.map((o) => [o.size.amount, o.count]),
      [[120, 7]],
    );
  });
});

void describe('parsePackageList', () => {
  const cases: [string, string][] = [
    ['500mg,120mg,120mg', '1×500mg 1×120mg 1×120mg'],
    ['3x120mg', '3×120mg'],
    ['120mg x3', '3×120mg'],
    ['120 mg*2, 500 mg', '2×120mg 1×500mg'],
    ['7x00310-4500-12', '7×ndc00310450012'],
    ['00310450012', '1×ndc00310450012'],
  ];
  for (const [text, expected] of cases) {
    void it(`"${text}"`, () => {
      const p = parsePackageList(text);
      assert.ok(p.ok);
      assert.equal(
        p.value
          .map(
            (i) =>
              `${i.count}×${i.ndc11 ? `ndc${i.ndc11}` : `${Number(i.size?.amount.n) / Number(i.size?.amount.d)}${i.size?.unit}`}`,
          )
          .join(' '),
        expected,
      );
    });
  }
});

void describe('planUnits rejects a date that is not a real YYYY-MM-DD date, before any lookup', () => {
  for (const date of ['02/01/2026', '2026-2-1', 'yesterday', '2026-13-45', '2026-02-30', ''])
    void it(JSON.stringify(date), () => {
      const r = planUnits(ref, { code: 'J9173', dose: '750 mg', date });
      assert.ok(!r.ok);
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.severity, p.data]),
        [['date.invalid', 'error', { parameter: 'date', value: date }]],
      );
    });
});
