/**
 * Worked cases for the dose → units engine. Every expected number below was checked by hand (the arithmetic is
 * written next to each case) — not copied from the engine's output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerLookup } from '../reference/container-types.ts';
import type { MeasureUnit } from '../reference/model.ts';
import {
  parseConcentration,
  parseDose,
  parseHeight,
  parseWeight,
  type BsaFormula,
  type PatientMeasures,
} from './dose.ts';
import {
  computeUnits,
  type OpenedInput,
  type PackageInput,
  type UnitsInput,
  type UnitsResult,
} from './units.ts';

const pkg = (mg: number, ndc11: string, container: ContainerLookup, volumeMl?: number): PackageInput => {
  const p: PackageInput = { amount: { amount: mg, unit: 'mg' }, ndc11, container };
  if (volumeMl !== undefined) {
    p.volumeMl = volumeMl;
    p.volumeSource = 'label';
  }
  return p;
};

/** Real NDCs and sizes from the CMS January 2026 ASP NDC-HCPCS crosswalk; container types from the labels. */
const POLIVY = [pkg(30, '50242010301', 'single-dose'), pkg(140, '50242010501', 'single-dose')];
const IMFINZI = [pkg(120, '00310450012', 'single-dose', 2.4), pkg(500, '00310461150', 'single-dose', 10)];
const RITUXAN = [pkg(100, '50242005121', 'single-dose', 10), pkg(500, '50242005306', 'single-dose', 50)];
const CARBOPLATIN_HOSPIRA = [
  pkg(50, '61703033918', 'multi-dose', 5),
  pkg(150, '61703033922', 'multi-dose', 15),
  pkg(450, '61703033950', 'multi-dose', 45),
  pkg(600, '61703033956', 'multi-dose', 60),
];
const PACLITAXEL_HOSPIRA = [
  pkg(30, '61703034209', 'multi-dose', 5),
  pkg(100, '61703034222', 'multi-dose', 16.7),
  pkg(300, '61703034250', 'multi-dose', 50),
];

interface Case {
  name: string;
  code: string;
  bu: { amount: number; unit: MeasureUnit; text?: string };
  dose: string;
  weight?: string;
  height?: string;
  bsaFormula?: BsaFormula;
  gfr?: number;
  packages?: PackageInput[];
  opened?: OpenedInput[];
  mills?: number;
  extra?: Partial<UnitsInput>;
  expect: {
    doseAmount: number;
    administered: number;
    discarded: number;
    lines: string[];
    opened?: string;
    container?: UnitsResult['containerType'];
    ndc?: string[];
    warnings?: string[];
  };
}

function measuresFor(c: Case): PatientMeasures {
  const m: PatientMeasures = {};
  if (c.weight) {
    const w = parseWeight(c.weight);
    assert.ok(w.ok);
    m.weightKg = w.value;
  }
  if (c.height) {
    const h = parseHeight(c.height);
    assert.ok(h.ok);
    m.heightCm = h.value;
  }
  if (c.bsaFormula) m.bsaFormula = c.bsaFormula;
  if (c.gfr !== undefined) m.gfrMlMin = { n: BigInt(c.gfr), d: 1n };
  return m;
}

function inputFor(c: Case): UnitsInput {
  const d = parseDose(c.dose);
  assert.ok(d.ok, `dose ${c.dose} parses`);
  const input: UnitsInput = {
    code: c.code,
    date: '2026-02-15',
    billingUnit: c.bu,
    dose: d.value,
    measures: measuresFor(c),
    packages: c.packages ?? [],
    paymentLimitMills: c.mills ?? null,
    ...c.extra,
  };
  if (c.opened) input.opened = c.opened;
  return input;
}

/** A copy of a case without some optional inputs (exactOptionalPropertyTypes: absent, not undefined). */
function without(c: Case, ...keys: ('weight' | 'height' | 'gfr')[]): Case {
  const copy = { ...c };
  for (const k of keys) delete copy[k];
  return copy;
}

const lineText = (r: UnitsResult): string[] =>
  r.lines.map((l) => `${l.code}${l.modifiers.map((m) => `-${m}`).join('')} ×${l.units}`);
const openedText = (r: UnitsResult): string => r.opened.map((o) => `${o.count}×${o.size.amount}`).join('+');

const cases: Case[] = [
  {
    // 1.8 mg/kg × 80 kg = 144 mg = 144 units of 1 mg. Vials 30/140: 5×30 = 150 (6 over) beats 140+30 = 170 (26 over).
    name: 'J9309 polatuzumab 1.8 mg/kg × 80 kg → 144 units, 5 × 30 mg, JW × 6',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '1.8 mg/kg',
    weight: '80kg',
    packages: POLIVY,
    mills: 136772,
    expect: {
      doseAmount: 144,
      administered: 144,
      discarded: 6,
      lines: ['J9309 ×144', 'J9309-JW ×6'],
      opened: '5×30',
      container: 'single-dose',
      ndc: ['UN4.8', 'UN0.2'],
    },
  },
  {
    // 180 mg: 6×30 = 180 exactly (140+30 = 170 is short, 140+2×30 = 200 wastes 20) → nothing discarded → JZ.
    name: 'J9309 180 mg → 6 × 30 mg, zero waste, J9309-JZ × 180',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '180 mg',
    packages: POLIVY,
    expect: {
      doseAmount: 180,
      administered: 180,
      discarded: 0,
      lines: ['J9309-JZ ×180'],
      opened: '6×30',
      container: 'single-dose',
    },
  },
  {
    // 750 mg of a 10 mg code = 75 units. Totals ≥ 750 from 120/500: 840 (7×120, 90 over), 860 (500+3×120, 110 over),
    // 1000 (2×500). Least waste 7×120 → 90 mg = 9 units JW. NDC 00310-4500-12 is 120 mg/2.4 mL: 750 mg = 15 mL, 90 mg = 1.8 mL.
    name: 'J9173 durvalumab 750 mg → 7 × 120 mg (not 500 + 3 × 120), J9173 × 75 + JW × 9, ML15',
    code: 'J9173',
    bu: { amount: 10, unit: 'mg' },
    dose: '750mg',
    packages: IMFINZI,
    mills: 86270,
    expect: {
      doseAmount: 750,
      administered: 75,
      discarded: 9,
      lines: ['J9173 ×75', 'J9173-JW ×9'],
      opened: '7×120',
      container: 'single-dose',
      ndc: ['ML15', 'ML1.8'],
    },
  },
  {
    // 1500 mg = 3×500 exactly → JZ × 150; 1500 mg / 50 mg/mL = 30 mL.
    name: 'J9173 1500 mg flat → 3 × 500 mg, JZ × 150, ML30',
    code: 'J9173',
    bu: { amount: 10, unit: 'mg' },
    dose: '1500 mg',
    packages: IMFINZI,
    expect: {
      doseAmount: 1500,
      administered: 150,
      discarded: 0,
      lines: ['J9173-JZ ×150'],
      opened: '3×500',
      ndc: ['ML30'],
    },
  },
  {
    // 0.5 g = 500 mg = 50 units; one 500 mg vial, no waste.
    name: 'grams convert to mg: J9173 0.5 g → 50 units',
    code: 'J9173',
    bu: { amount: 10, unit: 'mg' },
    dose: '0.5 g',
    packages: IMFINZI,
    expect: { doseAmount: 500, administered: 50, discarded: 0, lines: ['J9173-JZ ×50'], opened: '1×500' },
  },
  {
    // 5 mg of a 10 mg code: below one unit → 1 unit. From one 120 mg vial: 115 mg left = 11 whole units;
    // 1 + 11 = 12 = the 12 units in the vial.
    name: 'dose below one billing unit bills 1 unit',
    code: 'J9173',
    bu: { amount: 10, unit: 'mg' },
    dose: '5 mg',
    packages: IMFINZI,
    expect: {
      doseAmount: 5,
      administered: 1,
      discarded: 11,
      lines: ['J9173 ×1', 'J9173-JW ×11'],
      opened: '1×120',
    },
  },
  {
    // 5 mg of a 10 mg code from a 15 mg vial: 1 unit administered; 10 mg left would be 1 unit, but 1 + 1 = 2 units
    // > the 1 whole unit in 15 mg opened → discarded capped at 0 → JZ.
    name: 'administered + discarded never exceed the units opened',
    code: 'J9999',
    bu: { amount: 10, unit: 'mg' },
    dose: '5 mg',
    packages: [pkg(15, '00000000001', 'single-dose')],
    expect: { doseAmount: 5, administered: 1, discarded: 0, lines: ['J9999-JZ ×1'], opened: '1×15' },
  },
  {
    // 176 lb × 0.45359237 = 79.83225712 kg; × 1.8 = 143.698062816 mg → 144 units (up); 150 − 143.698… = 6.30… → 6 (down).
    name: 'weight in pounds: J9309 1.8 mg/kg × 176 lb → 144 + JW 6',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '1.8mg/kg',
    weight: '176 lb',
    packages: POLIVY,
    expect: {
      doseAmount: 143.698063,
      administered: 144,
      discarded: 6,
      lines: ['J9309 ×144', 'J9309-JW ×6'],
      opened: '5×30',
    },
  },
  {
    // Mosteller √(180 × 80 / 3600) = √4 = 2.00 m²; 375 × 2 = 750 mg = 75 units of 10 mg. Totals from 100/500 are
    // multiples of 100: 800 = 500 + 3×100 (4 vials) or 8×100 (8 vials) → fewest packages: 500 + 3×100; 50 mg = 5 units JW.
    name: 'BSA (Mosteller): J9312 rituximab 375 mg/m² at 180 cm / 80 kg → 75 + JW 5, ties by fewest vials',
    code: 'J9312',
    bu: { amount: 10, unit: 'mg' },
    dose: '375 mg/m2',
    height: '180cm',
    weight: '80kg',
    packages: RITUXAN,
    expect: {
      doseAmount: 750,
      administered: 75,
      discarded: 5,
      lines: ['J9312 ×75', 'J9312-JW ×5'],
      opened: '1×500+3×100',
      ndc: [],
    },
  },
  {
    // Mosteller √(170 × 70 / 3600) = 1.8181… → 1.82 m²; 175 × 1.82 = 318.5 mg → 319 units. Multiple-dose vials: no JW/JZ.
    // Least leftover from 30/100/300: 320 = 2×100 + 4×30.
    name: 'BSA + multiple-dose container: J9267 paclitaxel 175 mg/m² at 170 cm / 70 kg → 319 units, no JW/JZ',
    code: 'J9267',
    bu: { amount: 1, unit: 'mg' },
    dose: '175 mg/m²',
    height: '170 cm',
    weight: '70 kg',
    packages: PACLITAXEL_HOSPIRA,
    expect: {
      doseAmount: 318.5,
      administered: 319,
      discarded: 0,
      lines: ['J9267 ×319'],
      opened: '2×100+4×30',
      container: 'multi-dose',
    },
  },
  {
    // Du Bois 0.007184 × 70^0.425 × 170^0.725 = 1.8097… → 1.81 m²; 175 × 1.81 = 316.75 mg → 317 units.
    name: 'BSA (Du Bois on request): J9267 175 mg/m² → 316.75 mg → 317 units',
    code: 'J9267',
    bu: { amount: 1, unit: 'mg' },
    dose: '175 mg/m2',
    height: '170cm',
    weight: '70kg',
    bsaFormula: 'dubois',
    packages: PACLITAXEL_HOSPIRA,
    expect: {
      doseAmount: 316.75,
      administered: 317,
      discarded: 0,
      lines: ['J9267 ×317'],
      container: 'multi-dose',
    },
  },
  {
    // Calvert: AUC 5 × (100 + 25) = 625 mg = 12.5 → 13 units of 50 mg. 600 + 50 = 650 (2 vials); multiple-dose: no JW/JZ.
    name: 'carboplatin AUC 5, GFR 100 (Calvert) → 625 mg → 13 units, multiple-dose',
    code: 'J9045',
    bu: { amount: 50, unit: 'mg' },
    dose: 'AUC 5',
    gfr: 100,
    packages: CARBOPLATIN_HOSPIRA,
    expect: {
      doseAmount: 625,
      administered: 13,
      discarded: 0,
      lines: ['J9045 ×13'],
      opened: '1×600+1×50',
      container: 'multi-dose',
      ndc: [],
    },
  },
  {
    // 30 mg of a 50 mg code → 1 unit (below one unit); 50 mg vial, multiple-dose → no JW/JZ; 50 mg = 5 mL → ML5.
    name: 'carboplatin 30 mg → 1 unit (below one billing unit), ML5 from 10 mg/mL',
    code: 'J9045',
    bu: { amount: 50, unit: 'mg' },
    dose: '30 mg',
    packages: CARBOPLATIN_HOSPIRA,
    expect: {
      doseAmount: 30,
      administered: 1,
      discarded: 0,
      lines: ['J9045 ×1'],
      opened: '1×50',
      ndc: ['ML5'],
    },
  },
  {
    // Floating point would say 0.07 × 100 = 7.000000000000001 → 8 units; exact arithmetic says 7.
    name: 'no float traps: 0.07 mg/kg × 100 kg = 7 mg → 7 units (float would give 8)',
    code: 'J9999',
    bu: { amount: 1, unit: 'mg' },
    dose: '0.07 mg/kg',
    weight: '100kg',
    packages: [pkg(7, '00000000007', 'single-dose')],
    extra: { checkLabel: false },
    expect: { doseAmount: 7, administered: 7, discarded: 0, lines: ['J9999-JZ ×7'] },
  },
  {
    // The caller opened 500 + 3×120 = 860 mg for 750 mg: 110 mg = 11 units JW (billing follows what was opened);
    // the least-waste plan (7×120) would discard 9 → 2 avoidable units × $86.270 = $172.54.
    name: '--opened overrides the optimiser and reports avoidable waste',
    code: 'J9173',
    bu: { amount: 10, unit: 'mg' },
    dose: '750 mg',
    packages: IMFINZI,
    opened: [
      { amount: { amount: 500, unit: 'mg' }, count: 1 },
      { amount: { amount: 120, unit: 'mg' }, count: 3 },
    ],
    mills: 86270,
    expect: {
      doseAmount: 750,
      administered: 75,
      discarded: 11,
      lines: ['J9173 ×75', 'J9173-JW ×11'],
      opened: '1×500+3×120',
      warnings: ['waste.avoidable', 'ndc.multiple'],
    },
  },
  {
    // Packages whose container type is not in the label table: no JW/JZ decided, a warning says why.
    name: 'unknown container type → no JW/JZ, warning',
    code: 'J9267',
    bu: { amount: 1, unit: 'mg' },
    dose: '300 mg',
    packages: [pkg(300, '00703321801', 'unknown', 50)],
    expect: {
      doseAmount: 300,
      administered: 300,
      discarded: 0,
      lines: ['J9267 ×300'],
      container: 'unknown',
      warnings: ['container.unknown'],
    },
  },
  {
    // mL dose with the concentration given: 20 mL × 10 mg/mL = 200 mg = 4 units of 50 mg.
    name: 'mL dose with concentration converts',
    code: 'J9045',
    bu: { amount: 50, unit: 'mg' },
    dose: '20 mL',
    packages: CARBOPLATIN_HOSPIRA,
    extra: { concentration: { perMl: { amount: { n: 10n, d: 1n }, unit: 'mg' }, source: 'test' } },
    expect: { doseAmount: 200, administered: 4, discarded: 0, lines: ['J9045 ×4'], opened: '1×150+1×50' },
  },
  {
    // 340B: TB on every line (after JG's termination).
    name: '340B TB on each line',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '144 mg',
    packages: POLIVY,
    extra: { modifier340b: 'TB' },
    expect: { doseAmount: 144, administered: 144, discarded: 6, lines: ['J9309-TB ×144', 'J9309-JW-TB ×6'] },
  },
  {
    // JG after 2024-12-31 is an error-level problem telling to use TB.
    name: '340B JG after its termination → error problem',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '180 mg',
    packages: POLIVY,
    extra: { modifier340b: 'JG' },
    expect: {
      doseAmount: 180,
      administered: 180,
      discarded: 0,
      lines: ['J9309-JZ-JG ×180'],
      warnings: ['modifier.jg-terminated'],
    },
  },
  {
    // Before 2025 JG is valid: no problem.
    name: '340B JG in 2024 is fine',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '180 mg',
    packages: POLIVY,
    extra: { modifier340b: 'JG', date: '2024-06-01' },
    expect: { doseAmount: 180, administered: 180, discarded: 0, lines: ['J9309-JZ-JG ×180'], warnings: [] },
  },
  {
    // Before 2023-07-01 JZ was not required.
    name: 'JZ not added before 2023-07-01',
    code: 'J9309',
    bu: { amount: 1, unit: 'mg' },
    dose: '180 mg',
    packages: POLIVY,
    extra: { date: '2023-03-01' },
    expect: { doseAmount: 180, administered: 180, discarded: 0, lines: ['J9309 ×180'] },
  },
  {
    // 125 mg at 10 mg a unit bills 13 units (rounded up), but the one 125 mg/mL syringe holds 1 item / 1 mL: the NDC
    // quantity reports what was in the package, not the rounded-up units (QA i-7).
    name: 'Orencia 125 mg syringe: 13 units, NDC quantity ML1 (not ML1.04)',
    code: 'J0129',
    bu: { amount: 10, unit: 'mg' },
    dose: '125 mg',
    packages: [pkg(125, '00003218811', 'single-dose', 1)],
    expect: { doseAmount: 125, administered: 13, discarded: 0, lines: ['J0129-JZ ×13'], ndc: ['ML1'] },
  },
  {
    // Caller says single-dose for packages the table does not know: JW decided.
    name: 'container given by the caller wins',
    code: 'J9267',
    bu: { amount: 1, unit: 'mg' },
    dose: '290 mg',
    packages: [pkg(300, '00703321801', 'unknown')],
    extra: { container: 'single-dose' },
    expect: {
      doseAmount: 290,
      administered: 290,
      discarded: 10,
      lines: ['J9267 ×290', 'J9267-JW ×10'],
      container: 'single-dose',
    },
  },
];

void describe('computeUnits — worked cases (checked by hand)', () => {
  for (const c of cases) {
    void it(c.name, () => {
      const r = computeUnits(inputFor(c));
      assert.ok(r.ok, `ok: ${JSON.stringify(!r.ok && r.problems)}`);
      const v = r.value;
      assert.equal(v.doseAmount.amount, c.expect.doseAmount);
      assert.equal(v.administeredUnits, c.expect.administered);
      assert.equal(v.discardedUnits, c.expect.discarded);
      assert.deepEqual(lineText(v), c.expect.lines);
      if (c.expect.opened !== undefined) assert.equal(openedText(v), c.expect.opened);
      if (c.expect.container !== undefined) assert.equal(v.containerType, c.expect.container);
      if (c.expect.ndc !== undefined) {
        assert.deepEqual(
          v.lines.flatMap((l) => (l.ndc ? [`${l.ndc.unit}${l.ndc.quantity}`] : [])),
          c.expect.ndc,
        );
      }
      if (c.expect.warnings !== undefined) {
        const codes = v.warnings.filter((w) => w.severity !== 'info').map((w) => w.code);
        for (const w of c.expect.warnings)
          assert.ok(codes.includes(w), `expected warning ${w}, got ${codes.join(', ')}`);
        if (c.expect.warnings.length === 0) assert.deepEqual(codes, []);
      }
      // JW and JZ never on one line; every line has whole units.
      for (const l of v.lines) {
        assert.ok(!(l.modifiers.includes('JW') && l.modifiers.includes('JZ')));
        assert.ok(Number.isInteger(l.units) && l.units >= 1);
      }
    });
  }
});

void describe('computeUnits — details', () => {
  void it('lists the alternatives considered with their waste, the plausible-looking 500 + 3×120 among them', () => {
    const r = computeUnits(inputFor(cases.find((c) => c.code === 'J9173' && c.dose === '750mg') as Case));
    assert.ok(r.ok);
    const alts = r.value.alternatives.map(
      (a) =>
        `${a.packages.map((p) => `${p.count}×${p.size.amount}`).join('+')}:${a.waste.amount}mg/${a.wasteUnits}u`,
    );
    assert.deepEqual(alts.slice(0, 3), ['7×120:90mg/9u', '1×500+3×120:110mg/11u', '2×500:250mg/25u']);
    assert.equal(r.value.alternatives.filter((a) => a.optimal).length, 1);
    assert.ok(r.value.alternatives[0]?.chosen);
  });

  void it('values waste and avoidable waste at the ASP limit in integer cents', () => {
    const c = cases.find((x) => x.name.startsWith('--opened')) as Case;
    const r = computeUnits(inputFor(c));
    assert.ok(r.ok);
    // 75 × $86.270 = $6,470.25; 11 × $86.270 = $948.97; 2 × $86.270 = $172.54
    assert.deepEqual(r.value.money, {
      paymentLimitMills: 86270,
      administeredCents: 647025,
      discardedCents: 94897,
      avoidableWasteUnits: 2,
      avoidableWasteCents: 17254,
    });
  });

  void it('names each rule it applied with a source', () => {
    const r = computeUnits(inputFor(cases[0] as Case));
    assert.ok(r.ok);
    const ids = r.value.rulesApplied.map((x) => x.id);
    for (const id of [
      'dose.per-kg',
      'units.administered-round-up',
      'packages.least-waste',
      'waste.discarded-round-down',
      'modifier.jw',
      'ndc.quantity',
      'money.waste',
    ]) {
      assert.ok(ids.includes(id as never), `rule ${id} applied`);
    }
    assert.ok(r.value.rulesApplied.every((x) => x.source.length > 10 && x.detail.length > 0));
    assert.match(
      r.value.rulesApplied.find((x) => x.id === 'modifier.jw')?.source ?? '',
      /Pub\. 100-04.*ch\. 17.*§40/,
    );
  });

  void it('a mL dose without a concentration is an error that says what is missing', () => {
    const r = computeUnits(
      inputFor({ ...without(cases[0] as Case, 'weight'), code: 'J9354', dose: '20 mL', packages: [] }),
    );
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.code === 'dose.needs-concentration');
    assert.ok(p);
    assert.equal(p.severity, 'error');
    assert.match(p.message, /concentration/);
    assert.match(p.message, /J9354/);
  });

  void it('a weight-based dose without a weight is an error naming the weight', () => {
    const r = computeUnits(inputFor(without(cases[0] as Case, 'weight')));
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'dose.needs-weight');
  });

  void it('a BSA dose without a height names the height', () => {
    const r = computeUnits(inputFor({ ...without(cases[0] as Case, 'height'), dose: '375 mg/m2' }));
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'dose.needs-height');
    assert.match(r.problems[0]?.message ?? '', /height/);
  });

  void it('an AUC dose without GFR asks for it; Cockcroft-Gault fills it from creatinine, age, sex and weight', () => {
    const base = cases.find((c) => c.dose === 'AUC 5') as Case;
    const missing = computeUnits(inputFor(without(base, 'gfr')));
    assert.equal(missing.ok, false);
    assert.equal(missing.problems[0]?.code, 'dose.needs-gfr');
    const input = inputFor({ ...without(base, 'gfr'), weight: '72kg' });
    // (140 − 60) × 72 / (72 × 1.0) = 80 mL/min (male) → AUC 5 × 105 = 525 mg → 10.5 → 11 units.
    input.measures = {
      ...input.measures,
      serumCreatinineMgDl: { n: 1n, d: 1n },
      ageYears: { n: 60n, d: 1n },
      sex: 'M',
    };
    const r = computeUnits(input);
    assert.ok(r.ok);
    assert.equal(r.value.doseAmount.amount, 525);
    assert.equal(r.value.administeredUnits, 11);
    assert.equal(r.value.dose.gfrMlMin, 80);
    assert.ok(r.value.rulesApplied.some((x) => x.id === 'dose.cockcroft-gault'));
  });

  void it('warns when the GFR in the Calvert formula is above 125 mL/min', () => {
    const base = cases.find((c) => c.dose === 'AUC 5') as Case;
    const r = computeUnits(inputFor({ ...base, gfr: 140 }));
    assert.ok(r.ok);
    assert.ok(r.value.warnings.some((w) => w.code === 'dose.gfr-above-cap'));
    // computed as ordered: 5 × 165 = 825 mg
    assert.equal(r.value.doseAmount.amount, 825);
  });

  void it('an opened amount below the dose is an error', () => {
    const c = {
      ...(cases[2] as Case),
      opened: [
        { amount: { amount: 500, unit: 'mg' as const }, count: 1 },
        { amount: { amount: 120, unit: 'mg' as const }, count: 2 },
      ],
    };
    const r = computeUnits(inputFor(c));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.code === 'opened.insufficient' && p.severity === 'error'));
  });

  void it('without package sizes: administered units only, and a warning', () => {
    const r = computeUnits(inputFor({ ...(cases[0] as Case), packages: [] }));
    assert.ok(r.ok);
    assert.equal(r.value.administeredUnits, 144);
    assert.equal(r.value.openedBy, 'none');
    assert.deepEqual(lineText(r.value), ['J9309 ×144']);
    assert.ok(r.value.warnings.some((w) => w.code === 'packages.none'));
  });

  void it('a dose outside the label range is a warning with the range and the label', () => {
    const r = computeUnits(inputFor({ ...(cases[0] as Case), dose: '2.4 mg/kg' }));
    assert.ok(r.ok);
    const w = r.value.warnings.find((x) => x.code === 'plausibility.out-of-range');
    assert.ok(w);
    assert.match(w.message, /1–1\.8 mg\/kg/);
    assert.match(w.message, /POLIVY/);
    assert.equal(r.value.plausibility?.within, false);
  });

  void it('puts the opened NDC on the line (carboplatin 50 mg/5 mL, Hospira)', () => {
    const c = cases.find((x) => x.dose === '30 mg' && x.code === 'J9045') as Case;
    const r = computeUnits(inputFor(c));
    assert.ok(r.ok);
    assert.equal(r.value.lines[0]?.ndc?.ndc11, '61703033918');
  });

  void it('does not mutate its input', () => {
    for (const c of [cases[0], cases[2], cases[14]] as Case[]) {
      const input = inputFor(c);
      const before = structuredClone(input);
      computeUnits(input);
      assert.deepEqual(input, before);
    }
  });

  void it('parses a concentration with a volume ("120mg/2.4mL" = 50 mg per mL)', () => {
    const c = parseConcentration('120mg/2.4mL');
    assert.ok(c.ok);
    assert.deepEqual(c.value, { amount: { n: 50n, d: 1n }, unit: 'mg' });
  });
});

/** J9173 (10 mg a unit) unless told: a dose, packages and what was opened, nothing else. */
function simpleInput(dose: string, extra: Partial<UnitsInput> = {}): UnitsInput {
  const d = parseDose(dose);
  assert.ok(d.ok, dose);
  return {
    code: 'J9173',
    date: '2026-02-15',
    billingUnit: { amount: 10, unit: 'mg' },
    dose: d.value,
    ...extra,
  };
}
const mg = (amount: number | string, ndc11?: string): PackageInput => ({
  amount: { amount, unit: 'mg' },
  ...(ndc11 === undefined ? {} : { ndc11 }),
  container: 'single-dose',
});

void describe('computeUnits: every count it reports is exact, or it refuses (QA: 833333333333333400 × 120 mg)', () => {
  // 9007199254740991 = Number.MAX_SAFE_INTEGER; past it JS numbers (and JSON) skip whole numbers.
  const cases: { name: string; input: UnitsInput; code?: string; message?: RegExp; cents?: number }[] = [
    {
      name: '9007199254740991 units of 1 mg, no ASP limit: at the limit, billed exactly',
      input: simpleInput('9007199254740991 mg', { billingUnit: { amount: 1, unit: 'mg' } }),
    },
    {
      name: '…and at $0.001 a unit: 9007199254740991 tenths of a cent, still exact',
      input: simpleInput('9007199254740991 mg', {
        billingUnit: { amount: 1, unit: 'mg' },
        paymentLimitMills: 1,
      }),
    },
    {
      name: '…at $0.002 a unit the dollars pass the limit',
      input: simpleInput('9007199254740991 mg', {
        billingUnit: { amount: 1, unit: 'mg' },
        paymentLimitMills: 2,
      }),
      code: 'dose.too-large',
      message:
        /^the dose 9007199254740991 mg cannot be billed exactly: 9007199254740991 billing units of 1 mg × \$0\.002 = \$18,014,398,509,481\.98, which is 18014398509481982 tenths of a cent, above 9,007,199,254,740,991/,
    },
    {
      name: 'a dose in g billed per mcg: 9007199254741 g is 9007199254741000000 units',
      input: simpleInput('9007199254741 g', { billingUnit: { amount: 1, unit: 'mcg' } }),
      code: 'dose.too-large',
      message: /9007199254741000000 billing units of 1 mcg/,
    },
    {
      name: 'J9173 at $86.270: 104407085369 units are 9007199254783630 tenths of a cent, past the limit',
      input: simpleInput('1044070853690 mg', { paymentLimitMills: 86270 }),
      code: 'dose.too-large',
    },
    {
      name: '…104407085368 units are 9007199254697360, below it: $9,007,199,254,697.36 billed exactly',
      input: simpleInput('1044070853680 mg', { paymentLimitMills: 86270 }),
      cents: 900719925469736,
    },
    {
      name: 'a package so small the dose takes more packages than can be counted',
      input: simpleInput('750 mg', { packages: [mg('0.000000000000000001')] }),
      code: 'dose.too-large',
      message: /750000000000000000000 packages of 0\.000000000000000001 mg/,
    },
    {
      name: 'a package so large that what it wastes passes the limit in dollars',
      input: simpleInput('750 mg', { packages: [mg(9e15)], paymentLimitMills: 86270 }),
      code: 'packages.too-large',
      message:
        /^a 9000000000000000 mg package \(with the dose\) cannot be billed exactly: 900000000000075 billing units/,
    },
    {
      name: 'what was opened passes the limit in units',
      input: simpleInput('750 mg', {
        opened: [{ amount: { amount: 120, unit: 'mg' }, count: Number.MAX_SAFE_INTEGER }],
      }),
      code: 'packages.too-large',
      message:
        /^the packages opened \(9007199254740991 × 120 mg\) cannot be billed exactly: 108086391056891892 billing units/,
    },
    {
      name: 'two opened entries of one size whose counts add up past the limit',
      input: simpleInput('750 mg', {
        opened: [
          { amount: { amount: '0.000001', unit: 'mg' }, count: 2 ** 52 },
          { amount: { amount: '0.000001', unit: 'mg' }, count: 2 ** 52 },
        ],
      }),
      code: 'packages.too-large',
      message: /the opened 0\.000001 mg packages cannot be billed exactly: 9007199254740992 of them/,
    },
    {
      name: 'an opened count that is not a safe integer',
      input: simpleInput('750 mg', { opened: [{ amount: { amount: 120, unit: 'mg' }, count: 2 ** 53 }] }),
      code: 'opened.unparsed',
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const r = computeUnits(c.input);
      if (c.code === undefined) {
        assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
        const v = r.value;
        for (const n of [v.administeredUnits, v.money.administeredCents ?? 0, ...v.lines.map((l) => l.units)])
          assert.ok(Number.isSafeInteger(n), `${n} is exact`);
        if (c.cents !== undefined) assert.equal(v.money.administeredCents, c.cents);
        return;
      }
      assert.equal(r.ok, false);
      const p = r.problems.at(-1);
      assert.equal(p?.code, c.code);
      assert.equal(p?.severity, 'error');
      if (c.message) assert.match(p?.message ?? '', c.message);
    });
  }
  void it('at the limit the units are the exact count', () => {
    const r = computeUnits(simpleInput('9007199254740991 mg', { billingUnit: { amount: 1, unit: 'mg' } }));
    assert.ok(r.ok);
    assert.equal(r.value.administeredUnits, 9007199254740991);
  });
});

void describe('computeUnits: a package that cannot be used says why (QA: "0 mg is not in mg")', () => {
  const cases: { name: string; packages: PackageInput[]; warning: string; message: string }[] = [
    {
      name: 'a 0 mg package is not more than zero',
      packages: [mg(0)],
      warning: 'packages.not-positive',
      message: 'package 0 mg holds no drug: a size must be more than zero; ignored',
    },
    {
      name: 'a negative size, named by its NDC',
      packages: [mg(-120, '00310450012')],
      warning: 'packages.not-positive',
      message: 'package NDC 00310450012 (-120 mg) holds no drug: a size must be more than zero; ignored',
    },
    {
      name: 'a package in mL for a code billed in mg is of another kind',
      packages: [{ amount: { amount: 10, unit: 'mL' } }],
      warning: 'packages.unit-mismatch',
      message: "package 10 mL is not in the billing unit's kind (mg): ignored",
    },
    {
      name: 'international units for a code billed in mg',
      packages: [{ amount: { amount: 1000, unit: 'international-units' }, ndc11: '00000000000' }],
      warning: 'packages.unit-mismatch',
      message: "package NDC 00000000000 (1000 IU) is not in the billing unit's kind (mg): ignored",
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const r = computeUnits(simpleInput('750 mg', { packages: [...c.packages, mg(120)] }));
      assert.ok(r.ok);
      const w = r.value.warnings.filter((x) => x.code.startsWith('packages.'));
      assert.deepEqual(
        w.map((x) => [x.code, x.severity, x.message]),
        [[c.warning, 'warning', c.message]],
      );
      // the usable package is still used: 7 × 120 mg
      assert.deepEqual(
        r.value.opened.map((o) => [o.size.amount, o.count]),
        [[120, 7]],
      );
    });
  }
});
