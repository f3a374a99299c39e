/**
 * Property tests (fast-check): for any dose, billing unit and set of package sizes, the engine's units are whole,
 * administered + discarded stay within what was opened, JW appears iff at least one whole unit is discarded, the
 * answer does not depend on the order of the package list, and the package plan is the true least-waste one
 * (checked against brute force).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { leastWaste } from './packages.ts';
import { ceil, div, floor, fromNumber, mul, ratio, sub, toDecimalString, type Rational } from './rational.ts';
import { billingUnits } from './rounding.ts';
import { computeUnits, type PackageInput, type UnitsInput } from './units.ts';

const SEED = 20260215;

const arbSizes = fc.uniqueArray(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 4 });
/** Doses with up to 2 decimals, 0.01–3000 mg. */
const arbDose = fc.integer({ min: 1, max: 300_000 }).map((hundredths) => ratio(BigInt(hundredths), 100n));
const arbUnit = fc.constantFrom(1, 5, 10, 25, 50, 100, 0.1, 0.5);

function inputFor(dose: Rational, sizes: number[], unit: number): UnitsInput {
  const packages: PackageInput[] = sizes.map((s, i) => ({
    amount: { amount: s, unit: 'mg' },
    ndc11: String(10_000_000_000 + i),
    container: 'single-dose',
  }));
  return {
    code: 'J9999',
    date: '2026-02-15',
    billingUnit: { amount: unit, unit: 'mg' },
    dose: { basis: 'flat', amount: dose, unit: 'mg', text: `${toDecimalString(dose)} mg` },
    packages,
    paymentLimitMills: 1000,
    checkLabel: false,
  };
}

void describe('dosing properties', () => {
  void it('units are whole; administered + discarded stay within the amount opened; discarded never exceeds the waste', () => {
    fc.assert(
      fc.property(arbDose, arbSizes, arbUnit, (dose, sizes, unit) => {
        const r = computeUnits(inputFor(dose, sizes, unit));
        assert.ok(r.ok);
        const v = r.value;
        const bu = fromNumber(unit);
        const opened = fromNumber(v.openedAmount?.amount ?? 0);
        assert.ok(Number.isInteger(v.administeredUnits) && v.administeredUnits >= 1);
        assert.ok(Number.isInteger(v.discardedUnits) && v.discardedUnits >= 0);
        for (const l of v.lines) assert.ok(Number.isInteger(l.units) && l.units >= 1);
        // administered = ⌈dose / unit⌉ (at least 1)
        assert.equal(v.administeredUnits, Math.max(1, Number(ceil(div(dose, bu)))));
        // never more units than the amount opened holds (rounded up only for the administered dose itself)
        assert.ok(v.administeredUnits + v.discardedUnits <= Number(ceil(div(opened, bu))));
        if (v.discardedUnits > 0)
          assert.ok(v.administeredUnits + v.discardedUnits <= Number(floor(div(opened, bu))));
        // the billed discarded amount is at most what was really left over
        assert.ok(
          Number(toDecimalString(mul(bu, ratio(BigInt(v.discardedUnits))), 6)) <=
            Number(toDecimalString(sub(opened, dose), 6)) + 1e-9,
        );
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  void it('JW line iff ≥ 1 discarded unit; JZ iff none; never both on a line (single-dose)', () => {
    fc.assert(
      fc.property(arbDose, arbSizes, arbUnit, (dose, sizes, unit) => {
        const r = computeUnits(inputFor(dose, sizes, unit));
        assert.ok(r.ok);
        const v = r.value;
        const jw = v.lines.filter((l) => l.modifiers.includes('JW'));
        const jz = v.lines.filter((l) => l.modifiers.includes('JZ'));
        assert.equal(jw.length === 1, v.discardedUnits >= 1);
        assert.equal(jz.length === 1, v.discardedUnits === 0);
        if (jw.length === 1) assert.equal(jw[0]?.units, v.discardedUnits);
        for (const l of v.lines) assert.ok(!(l.modifiers.includes('JW') && l.modifiers.includes('JZ')));
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  void it('the result does not depend on the order of the package list', () => {
    fc.assert(
      fc.property(arbDose, arbSizes, arbUnit, fc.nat(), (dose, sizes, unit, seed) => {
        const a = computeUnits(inputFor(dose, sizes, unit));
        const input = inputFor(dose, sizes, unit);
        const shuffled = [...(input.packages ?? [])];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as PackageInput, shuffled[i] as PackageInput];
        }
        const b = computeUnits({ ...input, packages: shuffled });
        assert.deepEqual(b, a);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  void it('the chosen plan has the least waste of every combination, ties by fewest packages (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1200 }),
        fc.uniqueArray(fc.integer({ min: 5, max: 400 }), { minLength: 1, maxLength: 3 }),
        (doseMg, sizes) => {
          const dose = ratio(BigInt(doseMg));
          const result = leastWaste(
            dose,
            sizes.map((s) => ({ size: ratio(BigInt(s)), key: String(s) })),
          );
          // brute force: every count vector with total < dose + smallest size
          const smallest = Math.min(...sizes);
          let bestWaste = Infinity;
          let bestCount = Infinity;
          const walk = (i: number, total: number, count: number): void => {
            if (total >= doseMg) {
              const w = total - doseMg;
              if (w < bestWaste || (w === bestWaste && count < bestCount)) {
                bestWaste = w;
                bestCount = count;
              }
              return;
            }
            if (i >= sizes.length) return;
            const s = sizes[i] as number;
            for (let n = 0; total + n * s < doseMg + smallest + s; n++) walk(i + 1, total + n * s, count + n);
          };
          walk(0, 0, 0);
          assert.ok(result.best);
          assert.equal(Number(toDecimalString(result.best.waste)), bestWaste);
          assert.equal(result.best.packageCount, bestCount);
        },
      ),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  void it('billingUnits rounds administered up (min 1) and discarded down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (hundredths, unit) => {
          const amount = ratio(BigInt(hundredths), 100n);
          const bu = ratio(BigInt(unit));
          const up = billingUnits(amount, bu, 'administered');
          const down = billingUnits(amount, bu, 'discarded');
          assert.equal(up, Math.max(1, Math.ceil(hundredths / (unit * 100) - 1e-12)));
          assert.equal(down, Math.floor(hundredths / (unit * 100) + 1e-12));
          assert.ok(down <= up);
        },
      ),
      { seed: SEED + 4, numRuns: 500 },
    );
  });
});
