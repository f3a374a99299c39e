import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { parseDose } from './dose.ts';
import { checkDosePlausibility, LABEL_DOSING, labelDosingForCode, labelRangeText } from './label-dosing.ts';
import { parseRational, type Rational } from './rational.ts';

const r = (t: string): Rational => parseRational(t) as Rational;

void describe('label dosing table', () => {
  const required = [
    'durvalumab',
    'pembrolizumab',
    'nivolumab',
    'atezolizumab',
    'polatuzumab-vedotin',
    'trastuzumab',
    'ado-trastuzumab-emtansine',
    'bevacizumab',
    'rituximab',
    'pemetrexed',
    'carboplatin',
    'paclitaxel',
  ];
  void it('has every drug the issue asks for, each once', () => {
    const ids = LABEL_DOSING.map((d) => d.id);
    for (const id of required) assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length);
  });

  // Codes must be real, active HCPCS codes in the January 2026 file.
  const hcpcsCsv = readFileSync(
    join(sharedDataDir(), 'hcpcs', 'HCPC2026_JAN_ANWEB_01122026.from-xlsx.csv'),
    'latin1',
  );
  const active = new Map<string, string>();
  for (const line of hcpcsCsv.split(/\r?\n/)) {
    const code = line.slice(0, 5);
    if (/^[JQ]\d{4}$/.test(code)) active.set(code, line);
  }
  for (const drug of LABEL_DOSING) {
    void it(`${drug.drug}: codes are in the HCPCS file and name the drug; forms are consistent`, () => {
      assert.ok(drug.hcpcs.length > 0 && drug.indications.length > 0 && drug.forms.length > 0);
      for (const h of drug.hcpcs) {
        const line = active.get(h.code);
        assert.ok(line, `${h.code} in the HCPCS file`);
        const ingredient = drug.drug.split(/[\s-]/)[0] as string;
        assert.match(
          line.toLowerCase(),
          new RegExp(ingredient === 'ado' ? 'ado-trastuzumab' : ingredient),
          `${h.code} descriptor names ${drug.drug}`,
        );
        assert.equal(labelDosingForCode(h.code)?.id, drug.id);
      }
      for (const f of drug.forms) {
        assert.ok(Number(f.min) <= Number(f.max), `${drug.id} ${f.unit} min ≤ max`);
        for (const d of f.doses)
          assert.ok(
            Number(d) >= Number(f.min) && Number(d) <= Number(f.max),
            `${drug.id} dose ${d} inside ${f.min}–${f.max}`,
          );
        assert.ok(f.schedule.length > 5);
      }
      assert.match(drug.source.label, /prescribing information/i);
      assert.match(drug.source.section, /DOSAGE AND ADMINISTRATION/);
    });
  }
});

void describe('checkDosePlausibility', () => {
  const spec = (t: string) => {
    const d = parseDose(t);
    assert.ok(d.ok);
    return d.value;
  };
  void it('a biosimilar is compared with its reference label, and the message says so', () => {
    const { check } = checkDosePlausibility({
      code: 'Q5107',
      spec: spec('15 mg/kg'),
      doseMg: r('1050'),
      weightKg: r('70'),
    });
    assert.equal(check?.brand, 'Avastin (reference product of Mvasi (bevacizumab-awwb))');
    assert.equal(
      checkDosePlausibility({ code: 'J9035', spec: spec('15 mg/kg'), doseMg: r('1050'), weightKg: r('70') })
        .check?.brand,
      'Avastin',
    );
  });
  const cases: {
    name: string;
    code: string;
    dose: string;
    doseMg?: string;
    weightKg?: string;
    bsaM2?: string;
    within: boolean | undefined;
    problem?: string;
    aboveMaxDose?: { doseMg: number; maxDoseMg: number };
  }[] = [
    { name: 'Imfinzi 1500 mg', code: 'J9173', dose: '1500 mg', doseMg: '1500', within: true },
    {
      name: 'Imfinzi 10 mg/kg',
      code: 'J9173',
      dose: '10 mg/kg',
      doseMg: '800',
      weightKg: '80',
      within: true,
    },
    {
      name: 'Imfinzi flat 750 mg at 75 kg is 10 mg/kg: within',
      code: 'J9173',
      dose: '750 mg',
      doseMg: '750',
      weightKg: '75',
      within: true,
    },
    {
      // The label also doses 10–20 mg/kg: without the weight the dose cannot be judged, so not "outside" (QA 13).
      name: 'Imfinzi flat 750 mg without a weight: not compared (the weight decides)',
      code: 'J9173',
      dose: '750 mg',
      doseMg: '750',
      within: undefined,
      problem: 'plausibility.not-compared',
    },
    {
      name: 'Imfinzi 3000 mg without a weight: not compared either',
      code: 'J9173',
      dose: '3000 mg',
      doseMg: '3000',
      within: undefined,
      problem: 'plausibility.not-compared',
    },
    {
      name: 'Imfinzi 3000 mg at 75 kg is 40 mg/kg: outside',
      code: 'J9173',
      dose: '3000 mg',
      doseMg: '3000',
      weightKg: '75',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    {
      // The label doses pembrolizumab flat or per kg, never per m²: 364 mg in the flat range is chance (QA 13).
      name: 'Keytruda 200 mg/m² is a basis the label does not use: not compared',
      code: 'J9271',
      dose: '200 mg/m2',
      doseMg: '364',
      bsaM2: '1.82',
      weightKg: '70',
      within: undefined,
      problem: 'plausibility.not-compared',
    },
    {
      name: 'Imfinzi 800 mg/m² at 1.8 m²: not compared (no per-m² dosing on the label)',
      code: 'J9173',
      dose: '800 mg/m2',
      doseMg: '1440',
      bsaM2: '1.8',
      within: undefined,
      problem: 'plausibility.not-compared',
    },
    { name: 'Keytruda 200 mg', code: 'J9271', dose: '200mg', doseMg: '200', within: true },
    {
      name: 'Remicade 5 mg/kg (biosimilar code Q5103 shares it)',
      code: 'Q5103',
      dose: '5 mg/kg',
      doseMg: '350',
      weightKg: '70',
      within: true,
    },
    {
      name: 'Remicade 15 mg/kg is outside 3–10 mg/kg',
      code: 'J1745',
      dose: '15 mg/kg',
      doseMg: '1050',
      weightKg: '70',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    { name: 'Prolia 60 mg', code: 'J0897', dose: '60 mg', doseMg: '60', within: true },
    {
      name: 'Kyprolis 56 mg/m² at BSA 2.5 m² = 140 mg: a BSA over 2.2 m² is dosed as 2.2 m² (123.2 mg)',
      code: 'J9047',
      dose: '56 mg/m2',
      doseMg: '140',
      bsaM2: '2.5',
      within: false,
      problem: 'plausibility.above-max-dose',
      aboveMaxDose: { doseMg: 140, maxDoseMg: 123.2 },
    },
    {
      name: 'Kyprolis 56 mg/m² at BSA 2.0 m² = 112 mg: within',
      code: 'J9047',
      dose: '56 mg/m2',
      doseMg: '112',
      bsaM2: '2',
      within: true,
    },
    {
      name: 'Adcetris 1.8 mg/kg at 110 kg = 198 mg is above the 180 mg cap',
      code: 'J9042',
      dose: '1.8 mg/kg',
      doseMg: '198',
      weightKg: '110',
      within: false,
      problem: 'plausibility.above-max-dose',
      aboveMaxDose: { doseMg: 198, maxDoseMg: 180 },
    },
    {
      name: 'Orencia 750 mg intravenous (no weight: inside 500–1000 mg)',
      code: 'J0129',
      dose: '750 mg',
      doseMg: '750',
      within: true,
    },
    {
      name: 'Orencia 750 mg at 70 kg: the 60–100 kg tier',
      code: 'J0129',
      dose: '750 mg',
      doseMg: '750',
      weightKg: '70',
      within: true,
    },
    {
      name: 'Orencia 750 mg at 100 kg: still the 60–100 kg tier',
      code: 'J0129',
      dose: '750 mg',
      doseMg: '750',
      weightKg: '100',
      within: true,
    },
    {
      name: 'Orencia 750 mg at 55 kg: the label gives 500 mg under 60 kg',
      code: 'J0129',
      dose: '750 mg',
      doseMg: '750',
      weightKg: '55',
      within: false,
      problem: 'plausibility.weight-tier',
    },
    {
      name: 'Orencia 1000 mg at 70 kg: the label gives 750 mg',
      code: 'J0129',
      dose: '1000 mg',
      doseMg: '1000',
      weightKg: '70',
      within: false,
      problem: 'plausibility.weight-tier',
    },
    {
      name: 'Orencia 125 mg subcutaneous at 70 kg: the SC form, no tier',
      code: 'J0129',
      dose: '125 mg',
      doseMg: '125',
      weightKg: '70',
      within: true,
    },
    {
      name: 'Abraxane 125 mg/m² (pancreas)',
      code: 'J9264',
      dose: '125 mg/m2',
      doseMg: '225',
      bsaM2: '1.8',
      within: true,
    },
    {
      // Not "within": the summary must agree with the cap warning (QA 2.3).
      name: 'Keytruda 2 mg/kg at 120 kg = 240 mg is above the 200 mg cap',
      code: 'J9271',
      dose: '2 mg/kg',
      doseMg: '240',
      weightKg: '120',
      within: false,
      problem: 'plausibility.above-max-dose',
      aboveMaxDose: { doseMg: 240, maxDoseMg: 200 },
    },
    {
      name: 'Keytruda 2 mg/kg at 800 kg = 1600 mg is above the 200 mg cap, not within',
      code: 'J9271',
      dose: '2mg/kg',
      doseMg: '1600',
      weightKg: '800',
      within: false,
      problem: 'plausibility.above-max-dose',
      aboveMaxDose: { doseMg: 1600, maxDoseMg: 200 },
    },
    {
      name: 'Keytruda 2 mg/kg at 100 kg = 200 mg is at the cap: within',
      code: 'J9271',
      dose: '2 mg/kg',
      doseMg: '200',
      weightKg: '100',
      within: true,
    },
    {
      name: 'Polivy 1.8 mg/kg',
      code: 'J9309',
      dose: '1.8 mg/kg',
      doseMg: '144',
      weightKg: '80',
      within: true,
    },
    {
      name: 'Polivy flat 144 mg at 80 kg is compared as 1.8 mg/kg',
      code: 'J9309',
      dose: '144 mg',
      doseMg: '144',
      weightKg: '80',
      within: true,
    },
    {
      name: 'Polivy 2.4 mg/kg is outside',
      code: 'J9309',
      dose: '2.4 mg/kg',
      doseMg: '192',
      weightKg: '80',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    {
      name: 'Polivy flat dose without weight cannot be compared',
      code: 'J9309',
      dose: '144 mg',
      doseMg: '144',
      within: undefined,
      problem: 'plausibility.not-compared',
    },
    { name: 'carboplatin AUC 5', code: 'J9045', dose: 'AUC 5', within: true },
    {
      name: 'carboplatin AUC 9 is outside 4–7',
      code: 'J9045',
      dose: 'AUC 9',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    {
      name: 'rituximab biosimilar Q5115 375 mg/m²',
      code: 'Q5115',
      dose: '375 mg/m2',
      doseMg: '750',
      bsaM2: '2',
      within: true,
    },
    {
      name: 'paclitaxel 175 mg/m²',
      code: 'J9267',
      dose: '175 mg/m2',
      doseMg: '318.5',
      bsaM2: '1.82',
      within: true,
    },
    {
      name: 'paclitaxel 250 mg/m² is outside',
      code: 'J9267',
      dose: '250 mg/m2',
      doseMg: '455',
      bsaM2: '1.82',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    // Alimta: the label dose is 500 mg/m² for every indication; lower doses are its reductions after toxicity (75% or
    // 50% of the previous dose, at most 2 reductions): 250 mg/m² is one 50% reduction, 125 mg/m² two (QA round 2, #11).
    {
      name: 'Alimta 500 mg/m² (the label dose)',
      code: 'J9305',
      dose: '500 mg/m2',
      doseMg: '900',
      bsaM2: '1.8',
      within: true,
    },
    {
      name: 'Alimta 250 mg/m² (one 50% reduction) is within',
      code: 'J9305',
      dose: '250 mg/m2',
      doseMg: '450',
      bsaM2: '1.8',
      within: true,
    },
    {
      name: 'Alimta 125 mg/m² (two 50% reductions) is within',
      code: 'J9305',
      dose: '125 mg/m2',
      doseMg: '225',
      bsaM2: '1.8',
      within: true,
    },
    {
      name: 'Alimta 100 mg/m² is below two reductions: outside',
      code: 'J9305',
      dose: '100 mg/m2',
      doseMg: '180',
      bsaM2: '1.8',
      within: false,
      problem: 'plausibility.out-of-range',
    },
    {
      name: 'a code not in the table: nothing said',
      code: 'J1234',
      dose: '10 mg',
      doseMg: '10',
      within: undefined,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const input: Parameters<typeof checkDosePlausibility>[0] = { code: c.code, spec: spec(c.dose) };
      if (c.doseMg) input.doseMg = r(c.doseMg);
      if (c.weightKg) input.weightKg = r(c.weightKg);
      if (c.bsaM2) input.bsaM2 = r(c.bsaM2);
      const out = checkDosePlausibility(input);
      assert.equal(out.check?.within, c.within);
      assert.deepEqual(out.check?.aboveMaxDose, c.aboveMaxDose);
      if (c.problem) {
        const p = out.problems.find((x) => x.code === c.problem);
        assert.ok(p, `${c.problem} in ${out.problems.map((x) => x.code).join(', ')}`);
        if (c.problem === 'plausibility.out-of-range')
          assert.match(p.message, /label range .* — .*prescribing information/);
      } else {
        assert.deepEqual(out.problems, []);
      }
    });
  }
});

void describe('labelRangeText: the range, and which end is a dosage modification rather than a recommended dose', () => {
  const cases: { name: string; range: Parameters<typeof labelRangeText>[0]; text: string }[] = [
    {
      name: 'one dose',
      range: { min: 2, max: 2, unit: 'mg/kg', doses: [2] },
      text: '2 mg/kg',
    },
    {
      name: 'recommended doses at both ends: the span alone',
      range: { min: 200, max: 400, unit: 'mg', doses: [200, 400] },
      text: '200–400 mg',
    },
    {
      name: 'pemetrexed: 500 recommended, 125 from two reductions',
      range: { min: 125, max: 500, unit: 'mg/m2', doses: [500] },
      text: '125–500 mg/m2 (recommended 500 mg/m2; the lower end from its dosage modifications)',
    },
    {
      name: 'carboplatin per m²: 75%–125% of the prior dose widens both ends',
      range: { min: 225, max: 450, unit: 'mg/m2', doses: [300, 360] },
      text: '225–450 mg/m2 (recommended 300 or 360 mg/m2; both ends from its dosage modifications)',
    },
  ];
  for (const c of cases)
    void it(c.name, () => {
      const before = JSON.stringify(c.range);
      assert.equal(labelRangeText(c.range), c.text);
      assert.equal(JSON.stringify(c.range), before, 'input not mutated');
    });

  void it('the out-of-range warning and the rule applied for Alimta name the recommended dose', () => {
    const d = parseDose('100 mg/m2');
    assert.ok(d.ok);
    const out = checkDosePlausibility({ code: 'J9305', spec: d.value, doseMg: r('180'), bsaM2: r('1.8') });
    assert.deepEqual(out.check?.range, { min: 125, max: 500, unit: 'mg/m2', doses: [500] });
    assert.match(
      out.problems[0]?.message ?? '',
      /^dose 100 mg\/m2 is outside the Alimta label range 125–500 mg\/m2 \(recommended 500 mg\/m2; the lower end from its dosage modifications\)/,
    );
    assert.match(out.rules[0]?.detail ?? '', /vs label 125–500 mg\/m2 \(recommended 500 mg\/m2;/);
  });
});
