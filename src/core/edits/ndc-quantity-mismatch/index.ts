/**
 * The NDC quantity (CTP04/CTP05) does not match the HCPCS units billed. Administered units are the dose rounded up
 * to whole billing units, so a line of U units stands for a dose in ((U − 1) × unit, U × unit]; a JW line of U
 * discarded units for [U × unit, (U + 1) × unit). The NDC quantity, converted to billing units (../ndc-quantity.ts),
 * must fall in that range, allowing the 3-decimal rounding of CTP04:
 * - ME (mg) and GR (g) convert directly for mass billing units; F2 (international units) for unit-based codes;
 * - ML converts with the product's labelled concentration (container table), when known;
 * - UN counts items (vials, syringes): UN × billing units per item (crosswalk) must hold the administered units
 *   (rounded up: one 125 mg syringe of 12.5 units holds a 13-unit line), and not a whole item more (nor, with JZ, any
 *   unit more): units that count vials are billed 10× or 100× short.
 * The message says what the mistake most likely is: units that count vials or mg, a quantity in mL sent as UN, an
 * NDC of another package size of the code.
 */
import { SOURCES } from '../support.ts';
import { hasJw, hasJz } from '../jw-jz.ts';
import { billingUnitsPerItem, fmt, hyphenatedNdc, ndcQuantity, type NdcQuantity } from '../ndc-quantity.ts';
import type { LineEdit, LineView, RunEnvironment } from '../types.ts';

const EPS = 1e-9;

interface Range {
  jw: boolean;
  lo: number;
  hi: number;
}

/** Is `x` (billing units) in the range the billed units stand for, give or take `tol`? */
function inRange({ jw, lo, hi }: Range, x: number, tol: number): boolean {
  return jw ? x >= lo - tol && x < hi + tol : x > lo - tol && x <= hi + tol;
}

/** Built only when there is something to report. */
function base(
  n: NdcQuantity,
  units: number,
): { field: string; data: Record<string, unknown>; doubts: 'units' } {
  return {
    field: 'NDC quantity (CTP04)',
    data: { ndc: n.ndc11, quantity: n.quantity, unit: n.unit, units, billingUnit: n.billingUnit.text },
    doubts: 'units',
  };
}

function describeRange({ jw }: Range, units: number, code: string, bu: NdcQuantity['billingUnit']): string {
  const lo = (jw ? units : units - 1) * bu.amount;
  const hi = (jw ? units + 1 : units) * bu.amount;
  return `${units} ${jw ? 'discarded ' : ''}unit(s) of ${code} (${bu.text} each) stand for ${jw ? `at least ${fmt(lo)} and less than ${fmt(hi)} ${bu.unit}` : `more than ${fmt(lo)} and at most ${fmt(hi)} ${bu.unit}`}`;
}

/**
 * The likely mistake, in a sentence (or ''): more drug in the NDC quantity than billed — units that count vials, or
 * with JZ drug neither billed nor on a JW line; less — units that count mg instead of the billing unit.
 */
function hint(n: NdcQuantity, line: LineView, units: number, perItem: number | null): string {
  const bu = n.billingUnit;
  const extra = n.units - n.tolerance - units;
  if (extra >= 1 - EPS) {
    const jz = hasJz(line)
      ? ` With JZ (nothing discarded), ${fmt(n.units - units)} units are neither billed nor on a JW line.`
      : '';
    // Units that count the items: a whole item more than the line bills, or as many units as items.
    const vials =
      perItem !== null && (extra + EPS >= perItem || Math.abs(units - n.units / perItem) < 0.01)
        ? ` Check that the units count billing units of ${bu.text}, not vials: ${fmt(n.amount)} ${bu.unit} is ${Math.ceil(n.units - n.tolerance - EPS)} units.`
        : '';
    return `${jz}${vials}`;
  }
  if (
    n.units + n.tolerance < units &&
    bu.amount !== 1 &&
    Math.abs(units - n.amount) < 0.5 + n.tolerance * bu.amount
  )
    return ` The units look like ${bu.unit}, not billing units of ${bu.text}: ${fmt(n.amount)} ${bu.unit} is ${Math.ceil(n.units - n.tolerance - EPS)} units.`;
  return '';
}

/** Another NDC of the code whose item holds what the line bills per item (Prolia's 60 mg on a line with Xgeva's NDC). */
function otherPackage(
  env: RunEnvironment,
  line: LineView,
  n: NdcQuantity & { kind: 'items' },
  units: number,
) {
  if (line.dos === null || !Number.isInteger(n.quantity)) return undefined;
  const rows = (line.facts?.ndcPackages ?? env.facts.ndcPackagesForCode(line.code, line.dos))?.value ?? [];
  const wanted = units / n.quantity;
  return rows.find(
    (r) =>
      r.code === line.code &&
      r.ndc11 !== n.ndc11 &&
      r.billingUnitsPerItem !== null &&
      Math.ceil(r.billingUnitsPerItem - EPS) === Math.ceil(wanted - EPS) &&
      r.billingUnitsPerItem + EPS >= wanted,
  );
}

/** The UN quantity read as mL, when that is what the line bills (CTP05 UN for a quantity in mL). */
function asMillilitres(
  env: RunEnvironment,
  line: LineView,
  n: NdcQuantity & { kind: 'items' },
  units: number,
) {
  if (line.dos === null) return undefined;
  const entry = env.containers.lookup(line.code, n.ndc11, line.dos).entry;
  const c = entry?.concentrationMgPerMl;
  const perMg = MG_PER[n.billingUnit.unit];
  if (!entry || c === null || c === undefined || perMg === undefined) return undefined;
  const asUnits = (n.quantity * c) / perMg / n.billingUnit.amount;
  const tol = (0.0005 * c) / perMg / n.billingUnit.amount;
  return asUnits > units - 1 - tol && asUnits <= units + tol ? { entry, c, asUnits } : undefined;
}

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001, ng: 0.000001 };

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
    const units = line.line.units;
    if (!Number.isInteger(units) || units <= 0) return;
    const n = ndcQuantity(env, line);
    if (n === null) return;
    const bu = n.billingUnit;
    const jw = hasJw(line);
    // The billed units as a range of billing units.
    const range: Range = { jw, lo: jw ? units : units - 1, hi: jw ? units + 1 : units };
    const seq = line.line.sequence;
    const same = 'The NDC quantity and the HCPCS units describe the same amount of drug.';
    switch (n.kind) {
      case 'mass':
        if (!inRange(range, n.units, n.tolerance))
          report({
            ...base(n, units),
            message: `NDC quantity ${n.quantity} ${n.unit} on line ${seq} is ${fmt(n.amount)} ${bu.unit}, but ${describeRange(range, units, line.code, bu)}.${hint(n, line, units, null)}`,
            why: same,
          });
        return;
      case 'international-units':
        if (!inRange(range, n.units, n.tolerance))
          report({
            ...base(n, units),
            message: `NDC quantity ${n.quantity} F2 (international units) on line ${seq}, but ${describeRange(range, units, line.code, bu)}.${hint(n, line, units, null)}`,
            why: same,
          });
        return;
      case 'volume': {
        if (inRange(range, n.units, n.tolerance)) return;
        const perItem = jw ? null : billingUnitsPerItem(env, line, n.ndc11);
        report({
          ...base(n, units),
          message: `NDC quantity ${n.quantity} ML of ${n.entry.product} (${n.mgPerMl} mg/mL) on line ${seq} is ${fmt(n.amount)} ${bu.unit}, but ${describeRange(range, units, line.code, bu)}.${jw ? '' : hint(n, line, units, perItem)}`,
          why: `${same} The concentration is from ${n.entry.source.label}.${hasJz(line) && !jw && n.units > units ? ' JZ says the drug opened was all given, so the quantity is what the line bills.' : ''}`,
        });
        return;
      }
      case 'items': {
        if (jw) return;
        const held = n.units;
        const items = `${n.quantity} item(s) (vials, syringes) of ${fmt(n.perItem)} unit(s) of ${line.code} = ${fmt(held)} units`;
        const why = `With UN the NDC quantity counts items (vials, syringes); the crosswalk gives ${fmt(n.perItem)} billing units per item for NDC ${n.ndc11}.`;
        // Administered units round up: the items hold the line when, rounded up, they come to its units.
        if (Math.ceil(held + n.tolerance - EPS) < units) {
          report({
            ...base(n, units),
            message: `NDC quantity ${n.quantity} UN on line ${seq} is ${items}, fewer than the ${units} units billed.`,
            why: `${why} The items must hold at least the units administered.`,
          });
          return;
        }
        const extra = held - n.tolerance - units;
        if (extra + EPS >= n.perItem || (hasJz(line) && extra >= 1 - EPS)) {
          // Units that count vials, or a billing unit read 10× too big, leave whole vials (or, with JZ, any drug)
          // unaccounted for: the usual way a J-code line is billed 10× or 100× short. But a quantity in mL sent as
          // UN, or the NDC of another package size, gives the same picture: the message says which fits.
          const ml = asMillilitres(env, line, n, units);
          const other = ml ? undefined : otherPackage(env, line, n, units);
          const jz = hasJz(line) ? ' with JZ (nothing discarded)' : '';
          const likely = ml
            ? mlHint(n, ml, units, line)
            : other
              ? ` The units fit NDC ${hyphenatedNdc(other.ndc11)} (${other.drugName}, ${fmt(other.billingUnitsPerItem ?? 0)} units per item): check that the NDC is the product given.`
              : ` Check that the units count billing units of ${bu.text}, not vials.`;
          report({
            ...base(n, units),
            message: `NDC quantity ${n.quantity} UN on line ${seq} is ${items}, but the line bills ${units} unit(s) (${bu.text} each)${jz}: ${fmt(held - units)} units are neither billed nor on a JW line.${likely}`,
            why: `${why} ${hasJz(line) ? 'JZ says the items opened were used whole, so they hold what the line bills.' : 'Opening a whole item more than the dose needs is not how a dose is drawn; the units are most likely vials or the wrong billing unit.'}`,
          });
        }
        return;
      }
    }
  },
};

function mlHint(
  n: NdcQuantity & { kind: 'items' },
  ml: { entry: { product: string }; c: number; asUnits: number },
  units: number,
  line: LineView,
): string {
  const items = Math.ceil(units / n.perItem - EPS);
  return ` ${n.quantity} looks like mL: ${n.quantity} mL of ${ml.entry.product} (${ml.c} mg/mL) is ${fmt(ml.asUnits)} units of ${line.code}, as billed. Write ML${n.quantity}, or UN${items} (the items opened).`;
}
