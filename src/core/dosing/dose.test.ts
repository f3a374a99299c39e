import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  amountInUnit,
  bsaDuBois,
  bsaMosteller,
  cockcroftGault,
  parseConcentration,
  parseDose,
  parseHeight,
  parseWeight,
} from './dose.ts';
import { parseQuantity } from './quantity.ts';
import {
  add,
  ceil,
  isqrt,
  parseRational,
  ratio,
  sqrtRounded,
  toDecimalString,
  type Rational,
} from './rational.ts';

const r = (text: string): Rational => parseRational(text) as Rational;
const show = (x: Rational): string => toDecimalString(x, 8);

void describe('parseDose', () => {
  const cases: [string, string][] = [
    ['1500 mg', 'flat 1500 mg'],
    ['200mg', 'flat 200 mg'],
    ['1,500 mg', 'flat 1500 mg'],
    ['0.5 g', 'flat 0.5 g'],
    ['400 mcg', 'flat 400 mcg'],
    ['400 µg', 'flat 400 mcg'],
    ['1.8 mg/kg', 'per-kg 1.8 mg'],
    ['1.8mg/kg', 'per-kg 1.8 mg'],
    ['375 mg/m2', 'per-m2 375 mg'],
    ['375 mg/m²', 'per-m2 375 mg'],
    ['375mg/M2', 'per-m2 375 mg'],
    ['20 mL', 'flat 20 mL'],
    ['40000 units', 'flat 40000 units'],
    ['3000 IU', 'flat 3000 international-units'],
    ['AUC 5', 'auc 5'],
    ['AUC5', 'auc 5'],
    ['auc=6', 'auc 6'],
    ['5 AUC', 'auc 5'],
    // per pound: 1 mg/lb = 1 / 0.45359237 mg/kg
    ['1 mg/lb', 'per-kg 2.20462262 mg'],
  ];
  for (const [text, expected] of cases) {
    void it(`"${text}" → ${expected}`, () => {
      const d = parseDose(text);
      assert.ok(d.ok, text);
      const v = d.value;
      const got = v.basis === 'auc' ? `auc ${show(v.auc)}` : `${v.basis} ${show(v.amount)} ${v.unit}`;
      assert.equal(got, expected);
    });
  }
  for (const bad of ['', 'mg', 'lots', '10', '0 mg', '-5 mg', '10 furlongs']) {
    void it(`"${bad}" is refused with a problem`, () => {
      const d = parseDose(bad);
      assert.equal(d.ok, false);
      if (!d.ok) assert.match(d.problem.code, /^dose\./);
    });
  }
});

void describe('weights and heights', () => {
  const weights: [string, string][] = [
    ['80kg', '80'],
    ['80 kg', '80'],
    ['72.5 kg', '72.5'],
    ['176 lb', '79.83225712'],
    ['176lbs', '79.83225712'],
    ['1 lb', '0.45359237'],
    ['80000 g', '80'],
  ];
  for (const [text, kg] of weights) {
    void it(`weight "${text}" = ${kg} kg`, () => {
      const w = parseWeight(text);
      assert.ok(w.ok);
      assert.equal(show(w.value), kg);
    });
  }
  void it('a bare weight is refused (kg or lb must be said)', () =>
    assert.equal(parseWeight('80').ok, false));
  void it('a zero weight or height is refused as such, not as "not understood"', () => {
    for (const r of [parseWeight('0kg'), parseHeight('0 cm')]) {
      assert.ok(!r.ok);
      assert.match(r.problem.message, /must be more than zero/);
    }
  });
  const heights: [string, string][] = [
    ['180cm', '180'],
    ['1.8 m', '180'],
    ['71in', '180.34'],
    ['71"', '180.34'],
    ['5\'11"', '180.34'],
    ['5 ft 11 in', '180.34'],
    ['6ft', '182.88'],
  ];
  for (const [text, cm] of heights) {
    void it(`height "${text}" = ${cm} cm`, () => {
      const h = parseHeight(text);
      assert.ok(h.ok);
      assert.equal(show(h.value), cm);
    });
  }
});

void describe('BSA, Cockcroft-Gault', () => {
  // Mosteller: √(180·80/3600) = 2; √(170·70/3600) = 1.81811… → 1.82; √(165·60/3600) = √2.75 = 1.658312… → 1.66
  const mosteller: [string, string, string][] = [
    ['180', '80', '2'],
    ['170', '70', '1.82'],
    ['165', '60', '1.66'],
    ['152.4', '45', '1.38'], // √(152.4·45/3600) = √1.905 = 1.38022 → 1.38
  ];
  for (const [h, w, bsa] of mosteller) {
    void it(`Mosteller ${h} cm, ${w} kg → ${bsa} m²`, () =>
      assert.equal(show(bsaMosteller(r(h), r(w))), bsa));
  }
  void it('Du Bois 170 cm, 70 kg → 1.81 m² (0.007184 × 70^0.425 × 170^0.725 = 1.8097)', () =>
    assert.equal(show(bsaDuBois(r('170'), r('70'))), '1.81'));
  void it('exact square-root rounding at a half: √(0.005625·…) rounds half up', () => {
    // √2.1025 = 1.45 exactly; √1.5625 = 1.25 exactly (rounding must not drop a hundredth)
    assert.equal(show(sqrtRounded(r('2.1025'), 2)), '1.45');
    assert.equal(show(sqrtRounded(r('1.5625'), 1)), '1.3'); // 1.25 → 1.3 (half up)
  });
  void it('Cockcroft-Gault: (140 − 64) × 70 / (72 × 0.9) × 0.85 = 69.78 mL/min (female)', () => {
    assert.equal(toDecimalString(cockcroftGault(r('64'), r('70'), r('0.9'), 'F'), 2), '69.78');
  });
});

void describe('exact arithmetic', () => {
  void it('0.1 + 0.2 = 0.3 exactly, so 0.3 mg of a 0.1 mg unit is 3 units, not 4', () => {
    const sum = add(r('0.1'), r('0.2'));
    assert.equal(show(sum), '0.3');
    assert.equal(ceil({ n: sum.n * 10n, d: sum.d }), 3n);
    // the float trap this avoids
    assert.equal(Math.ceil((0.1 + 0.2) / 0.1), 4);
  });
  void it('1.8 × 80 = 144 exactly', () => {
    const p = { n: r('1.8').n * 80n, d: r('1.8').d };
    assert.deepEqual(ratio(p.n, p.d), ratio(144n));
  });
  void it('parses quantities', () => {
    assert.deepEqual(parseQuantity('120mg'), { amount: ratio(120n), unit: 'mg' });
    assert.deepEqual(parseQuantity('2.4 mL'), { amount: ratio(12n, 5n), unit: 'mL' });
    assert.equal(parseQuantity('12 parsecs'), undefined);
  });
});

void describe('amountInUnit', () => {
  const conc = { perMl: { amount: ratio(10n), unit: 'mg' as const }, source: 'test' };
  const ctx = { code: 'J9999', billingUnitText: '1 mL' };
  void it('a mg dose for a code billed per mL converts with the concentration (200 mg ÷ 10 mg/mL = 20 mL)', () => {
    const out = amountInUnit({ amount: ratio(200n), unit: 'mg' }, 'mL', conc, ctx);
    assert.ok(out.ok);
    assert.equal(show(out.value.amount), '20');
  });
  void it('without a concentration it is an error', () => {
    const out = amountInUnit({ amount: ratio(200n), unit: 'mg' }, 'mL', undefined, ctx);
    assert.equal(out.ok, false);
  });
  void it('units never convert to mg', () => {
    const out = amountInUnit({ amount: ratio(1000n), unit: 'units' }, 'mg', conc, {
      code: 'J9999',
      billingUnitText: '10 mg',
    });
    assert.equal(out.ok, false);
    if (!out.ok) assert.equal(out.problems[0]?.code, 'dose.unit-mismatch');
  });
});

void describe('numbers past 2^53 − 1 are refused, not rounded (QA: 99999999999999999999mg)', () => {
  // 9007199254740991 = Number.MAX_SAFE_INTEGER: the largest whole number a JS number holds exactly.
  const cases: {
    name: string;
    parse: () => { ok: boolean; problem?: { code: string; message: string } };
    code?: string;
  }[] = [
    { name: 'dose at the limit is read', parse: () => parseDose('9007199254740991 mg') },
    {
      name: 'dose one past the limit',
      parse: () => parseDose('9007199254740992 mg'),
      code: 'dose.too-large',
    },
    {
      name: 'dose of the QA report',
      parse: () => parseDose('99999999999999999999mg'),
      code: 'dose.too-large',
    },
    { name: 'per-kg dose', parse: () => parseDose('99999999999999999999 mg/kg'), code: 'dose.too-large' },
    { name: 'AUC', parse: () => parseDose('AUC 99999999999999999999'), code: 'dose.too-large' },
    { name: 'weight at the limit is read', parse: () => parseWeight('9007199254740991kg') },
    { name: 'weight', parse: () => parseWeight('99999999999999999999kg'), code: 'measure.unparsed' },
    { name: 'weight in lb', parse: () => parseWeight('99999999999999999999 lb'), code: 'measure.unparsed' },
    { name: 'height', parse: () => parseHeight('99999999999999999999cm'), code: 'measure.unparsed' },
    { name: 'height in feet', parse: () => parseHeight("99999999999999999999'"), code: 'measure.unparsed' },
    {
      name: 'concentration amount',
      parse: () => parseConcentration('99999999999999999999mg/mL'),
      code: 'measure.unparsed',
    },
    {
      name: 'concentration volume',
      parse: () => parseConcentration('1mg/99999999999999999999mL'),
      code: 'measure.unparsed',
    },
  ];
  for (const c of cases) {
    void it(`${c.name} → ${c.code ?? 'ok'}`, () => {
      const r = c.parse();
      if (c.code === undefined) return assert.ok(r.ok);
      assert.equal(r.ok, false);
      assert.equal(r.problem?.code, c.code);
      assert.match(r.problem?.message ?? '', /too large: .*9,007,199,254,740,991 \(2\^53 − 1\)/);
    });
  }
  void it('the message names the value as written', () => {
    const r = parseDose('99999999999999999999mg');
    assert.ok(!r.ok);
    assert.match(r.problem.message, /^the dose "99999999999999999999mg" is too large/);
    assert.equal(r.problem.severity, 'error');
  });
  void it('Mosteller at the limits is worked out exactly (no float start for the square root)', () => {
    // √(9007199254740991 · 9007199254740991 / 3600) = 9007199254740991 / 60 = 150119987579016.516… → .52
    const max = r('9007199254740991');
    assert.equal(show(bsaMosteller(max, max)), '150119987579016.52');
  });
  void it('isqrt past the float range (10^400, once "Infinity cannot be converted to a BigInt")', () => {
    assert.equal(isqrt(10n ** 400n), 10n ** 200n);
    assert.equal(isqrt(10n ** 400n - 1n), 10n ** 200n - 1n);
  });
});
