/**
 * The NDC quantity (CTP04/CTP05) does not match the HCPCS units billed. Administered units are the dose rounded up
 * to whole billing units, so a line of U units stands for a dose in ((U − 1) × unit, U × unit]; a JW line of U
 * discarded units for [U × unit, (U + 1) × unit). The NDC quantity, converted to the billing unit's measure, must
 * fall in that range:
 * - ME (mg) and GR (g) convert directly for mass billing units; F2 (international units) for unit-based codes;
 * - ML converts with the product's labelled concentration (container table), when known;
 * - UN counts items (vials, syringes): UN × billing units per item (crosswalk) must hold the administered units, and
 *   not a whole item more (nor, with JZ, any unit more): units that count vials are billed 10× or 100× short.
 */
import { upperTrimmed } from '../lines.ts';
import { SOURCES } from '../support.ts';
import { hasJw, hasJz, lineNdc11 } from '../jw-jz.ts';
import type { LineEdit } from '../types.ts';

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001, ng: 0.000001 };
const EPS = 1e-9;

const fmt = (n: number): string => String(Math.round(n * 1000) / 1000);

interface Range {
  jw: boolean;
  lo: number;
  hi: number;
}

function inRange({ jw, lo, hi }: Range, x: number, tol: number): boolean {
  return jw ? x >= lo - tol && x < hi + tol : x > lo - tol && x <= hi + tol;
}

/** Built only when there is something to report. */
function base(
  ndc11: string,
  q: number,
  unit: string,
  units: number,
  billingUnit: string,
): { field: string; data: Record<string, unknown> } {
  return { field: 'NDC quantity (CTP04)', data: { ndc: ndc11, quantity: q, unit, units, billingUnit } };
}

function describeRange(
  { jw, lo, hi }: Range,
  units: number,
  code: string,
  bu: { text: string; unit: string },
): string {
  return `${units} ${jw ? 'discarded ' : ''}unit(s) of ${code} (${bu.text} each) stand for ${jw ? `at least ${fmt(lo)} and less than ${fmt(hi)} ${bu.unit}` : `more than ${fmt(lo)} and at most ${fmt(hi)} ${bu.unit}`}`;
}

export const ndcQuantityMismatch: LineEdit = {
  id: 'ndc-quantity-mismatch',
  title: 'NDC quantity inconsistent with the HCPCS units',
  severity: 'warning',
  scope: 'line',
  needs: ['reference', 'containers'],
  source: `${SOURCES.ndcX12}; ${SOURCES.crosswalk}`,
  denials: [],
  fixes: [],
  lines: 'ndc',
  check({ env, line, report }) {
    const drug = line.line.drug;
    const ndc11 = lineNdc11(line);
    const q = drug?.quantity;
    const unit = drug?.unit === undefined ? undefined : upperTrimmed(drug.unit);
    const units = line.line.units;
    if (
      !drug ||
      ndc11 === undefined ||
      q === undefined ||
      !(q > 0) ||
      unit === undefined ||
      line.dos === null
    )
      return;
    if (!Number.isInteger(units) || units <= 0) return;
    const descriptor = line.facts?.descriptor;
    if (!descriptor || descriptor.value.kind !== 'parsed') return;
    const bu = descriptor.value.billingUnit;
    const jw = hasJw(line);
    // The billed units as a range of amounts, in the billing unit's measure.
    const lo = jw ? units * bu.amount : (units - 1) * bu.amount;
    const hi = jw ? (units + 1) * bu.amount : units * bu.amount;
    const range: Range = { jw, lo, hi };
    const mgFactor = MG_PER[bu.unit];

    if ((unit === 'ME' || unit === 'GR') && mgFactor !== undefined) {
      const amount = (unit === 'GR' ? q * 1000 : q) / mgFactor;
      if (!inRange(range, amount, 1e-6 * bu.amount)) {
        report({
          ...base(ndc11, q, unit, units, bu.text),
          message: `NDC quantity ${q} ${unit} on line ${line.line.sequence} is ${fmt(amount)} ${bu.unit}, but ${describeRange(range, units, line.code, bu)}.`,
          why: 'The NDC quantity and the HCPCS units describe the same amount of drug.',
        });
      }
      return;
    }
    if (unit === 'F2' && (bu.unit === 'units' || bu.unit === 'international-units')) {
      if (!inRange(range, q, EPS)) {
        report({
          ...base(ndc11, q, unit, units, bu.text),
          message: `NDC quantity ${q} F2 (international units) on line ${line.line.sequence}, but ${describeRange(range, units, line.code, bu)}.`,
          why: 'The NDC quantity and the HCPCS units describe the same amount of drug.',
        });
      }
      return;
    }
    if (unit === 'ML' && mgFactor !== undefined) {
      const entry = env.containers.lookup(line.code, ndc11, line.dos).entry;
      const c = entry?.concentrationMgPerMl;
      if (!entry || c === null || c === undefined) return;
      const amount = (q * c) / mgFactor;
      // mL are written with up to 3 decimals: allow that rounding.
      if (!inRange(range, amount, (0.0005 * c) / mgFactor)) {
        report({
          ...base(ndc11, q, unit, units, bu.text),
          message: `NDC quantity ${q} ML of ${entry.product} (${c} mg/mL) on line ${line.line.sequence} is ${fmt(amount)} ${bu.unit}, but ${describeRange(range, units, line.code, bu)}.`,
          why: `The NDC quantity and the HCPCS units describe the same amount of drug; the concentration is from ${entry.source.label}.`,
        });
      }
      return;
    }
    if (unit === 'UN' && !jw) {
      let perPackage: number | null = null;
      const rows = (
        line.facts !== null ? line.facts.ndcPackagesOf(ndc11) : env.facts.ndcPackages(ndc11, line.dos)
      )?.value;
      if (rows !== undefined) {
        for (const r of rows) {
          if (r.code !== line.code) continue;
          perPackage = r.billingUnitsPerItem;
          break;
        }
      }
      if (perPackage === null || !(perPackage > 0)) return;
      const held = q * perPackage;
      const items = `${q} item(s) (vials, syringes) of ${fmt(perPackage)} unit(s) of ${line.code} = ${fmt(held)} units`;
      const why = `With UN the NDC quantity counts items; the crosswalk gives ${fmt(perPackage)} billing units per item for NDC ${ndc11}.`;
      if (held + EPS < units) {
        report({
          ...base(ndc11, q, unit, units, bu.text),
          message: `NDC quantity ${q} UN on line ${line.line.sequence} is ${items}, fewer than the ${units} units billed.`,
          why: `${why} The items must hold at least the units administered.`,
        });
      } else if (held - units + EPS >= perPackage || (hasJz(line) && held - units >= 1 - EPS)) {
        // Units that count vials, or a billing unit read 10× too big, leave whole vials (or, with JZ, any drug)
        // unaccounted for: the usual way a J-code line is billed 10× or 100× short.
        report({
          ...base(ndc11, q, unit, units, bu.text),
          message: `NDC quantity ${q} UN on line ${line.line.sequence} is ${items}, but the line bills ${units} unit(s) (${bu.text} each)${hasJz(line) ? ' with JZ (nothing discarded)' : ''}: ${fmt(held - units)} units are neither billed nor on a JW line. Check that the units count billing units of ${bu.text}, not vials.`,
          why: `${why} ${hasJz(line) ? 'JZ says the items opened were used whole, so they hold what the line bills.' : 'Opening a whole item more than the dose needs is not how a dose is drawn; the units are most likely vials or the wrong billing unit.'}`,
        });
      }
    }
  },
};
