/**
 * The dosing port the edits use, over the dosing engine in src/core/dosing (pure): a documented dose → billing
 * units of the line's code on its date of service.
 * - Administered amounts go through the engine's `computeUnits` (dose forms, unit conversion, round up, at least
 *   one unit, and the label dosing plausibility check).
 * - Discarded amounts are converted the same way and rounded down with the engine's `billingUnits`.
 * The billing unit comes from the HCPCS descriptor (ReferenceData `descriptor`); a volume is converted with the
 * labelled concentration when every product of the code in the container table has the same one.
 */
import { amountInUnit, parseDose, resolveDose, type PatientMeasures } from '../dosing/dose.ts';
import { computeUnits } from '../dosing/index.ts';
import type { PlausibilityCheck } from '../dosing/label-dosing.ts';
import { formatQuantity, type Quantity } from '../dosing/quantity.ts';
import { fromNumber, toDecimalString } from '../dosing/rational.ts';
import { billingUnits } from '../dosing/rounding.ts';
import { containerEntriesForCode } from '../reference/container-types.ts';
import type { Facts } from './facts.ts';
import type { DoseNote, DosingPort } from './types.ts';

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001 };

/**
 * What the label check says, in plain words: above the label's dose cap (a warning: the units above it are likely
 * denied or recouped; the cap is the label's, or its largest BSA × the rate), and outside the label range (an info:
 * often a typo). A dose inside the range but above the cap (Adcetris 1.8 mg/kg at 110 kg = 198 mg, cap 180 mg) is
 * only the first.
 */
function labelNotes(
  p: PlausibilityCheck,
  code: string,
  bu: { amount: number; unit: string; text: string },
): DoseNote[] {
  const notes: DoseNote[] = [];
  const cap = p.aboveMaxDose;
  const tier = p.weightTier;
  const outside =
    cap === undefined && tier === undefined ? !p.within : p.value < p.range.min || p.value > p.range.max;
  if (tier !== undefined)
    notes.push({
      severity: 'warning',
      message: `${tier.doseMg} mg is not the ${p.brand} dose for the patient's weight: the label gives ${tier.labelDoseMg} mg ${tier.range} (${p.source})`,
    });
  if (cap !== undefined) {
    const perMg = MG_PER[bu.unit];
    // Administered units round up: a dose of the cap itself bills ceil(cap ÷ billing unit).
    const maxUnits = perMg === undefined ? undefined : Math.ceil(cap.maxDoseMg / (bu.amount * perMg) - 1e-9);
    const documented = p.basis === 'flat' ? '' : ` (the documented ${p.value} ${p.range.unit})`;
    notes.push({
      severity: 'warning',
      message: `${cap.doseMg} mg${documented} is above the ${p.brand} label cap of ${cap.maxDoseMg} mg${maxUnits === undefined ? '' : `: at most ${maxUnits} units of ${code} (${bu.text} each) are supported by the label`} (${p.source})`,
    });
  }
  if (outside)
    notes.push({
      severity: 'info',
      message: `the documented dose (${p.value} ${p.range.unit}) is outside the label range for ${p.drug} (${p.range.min}–${p.range.max} ${p.range.unit}; ${p.source})`,
    });
  return notes;
}

function concentrationFor(code: string): { perMl: Quantity; source: string } | undefined {
  // Every product of the code must agree: a powder's concentration depends on how it was reconstituted (J0129:
  // Orencia's 250 mg vial next to its 125 mg/mL syringes), so a volume is not converted then.
  const entries = containerEntriesForCode(code);
  const first = entries[0];
  if (!first || first.concentrationMgPerMl === null) return undefined;
  if (entries.some((e) => e.concentrationMgPerMl !== first.concentrationMgPerMl)) return undefined;
  return {
    perMl: { amount: fromNumber(first.concentrationMgPerMl), unit: 'mg' },
    source: first.source.label,
  };
}

interface MemoEntry {
  kind: 'administered' | 'discarded';
  weightKg: number | undefined;
  heightCm: number | undefined;
  result: ReturnType<DosingPort['unitsFor']>;
}

export function defaultDosingPort(facts: Facts): DosingPort {
  return new MemoDosingPort(facts);
}

/**
 * The same documented dose recurs across a batch (flat doses, the same patient): each is computed once. Keyed by
 * code → date → text, then a short list of (kind, weight, height): no key string to build per line. A class, so
 * every run calls the same `unitsFor` (callers optimised in one run stay optimised in the next).
 */
class MemoDosingPort implements DosingPort {
  private readonly memo = new Map<string, Map<string, Map<string, MemoEntry[]>>>();
  private size = 0;
  private readonly compute: (
    input: Parameters<DosingPort['unitsFor']>[0],
  ) => ReturnType<DosingPort['unitsFor']>;

  constructor(facts: Facts) {
    this.compute = computeWith(facts);
  }

  unitsFor(input: Parameters<DosingPort['unitsFor']>[0]): ReturnType<DosingPort['unitsFor']> {
    let byDate = this.memo.get(input.code);
    if (byDate === undefined) {
      byDate = new Map();
      this.memo.set(input.code, byDate);
    }
    let byText = byDate.get(input.date);
    if (byText === undefined) {
      byText = new Map();
      byDate.set(input.date, byText);
    }
    let entries = byText.get(input.text);
    if (entries === undefined) {
      entries = [];
      byText.set(input.text, entries);
    }
    for (const e of entries)
      if (e.kind === input.kind && e.weightKg === input.weightKg && e.heightCm === input.heightCm)
        return e.result;
    const result = this.compute(input);
    if (this.size < 100_000) {
      entries.push({ kind: input.kind, weightKg: input.weightKg, heightCm: input.heightCm, result });
      this.size++;
    }
    return result;
  }
}

function computeWith(
  facts: Facts,
): (input: Parameters<DosingPort['unitsFor']>[0]) => ReturnType<DosingPort['unitsFor']> {
  const compute = ({
    code,
    date,
    text,
    kind,
    weightKg,
    heightCm,
  }: Parameters<DosingPort['unitsFor']>[0]): ReturnType<DosingPort['unitsFor']> => {
    const descriptor = facts.descriptor(code, date);
    if (!descriptor)
      return { ok: false, message: `${code} is not in the HCPCS file, so its billing unit is not known` };
    if (descriptor.value.kind !== 'parsed') {
      return {
        ok: false,
        message: `the billing unit of ${code} cannot be read from its descriptor (${descriptor.value.reason})`,
      };
    }
    const bu = descriptor.value.billingUnit;
    const parsed = parseDose(text);
    if (!parsed.ok) return { ok: false, message: parsed.problem.message };
    const measures: PatientMeasures = {};
    if (weightKg !== undefined) measures.weightKg = fromNumber(weightKg);
    if (heightCm !== undefined) measures.heightCm = fromNumber(heightCm);
    const concentration = concentrationFor(code);

    if (kind === 'administered') {
      const result = computeUnits({
        code,
        date,
        billingUnit: { amount: bu.amount, unit: bu.unit, text: bu.text },
        dose: parsed.value,
        measures,
        ...(concentration ? { concentration } : {}),
        checkLabel: true,
      });
      if (!result.ok)
        return {
          ok: false,
          message:
            result.problems
              .filter((p) => p.severity === 'error')
              .map((p) => p.message)
              .join('; ') || 'the dose could not be converted',
        };
      const v = result.value;
      const steps = v.rulesApplied
        .filter((r) => r.id.startsWith('dose.') || r.id.startsWith('units.'))
        .map((r) => r.detail);
      const warnings = v.plausibility ? labelNotes(v.plausibility, code, bu) : [];
      return { ok: true, value: { units: v.administeredUnits, explanation: steps.join('; '), warnings } };
    }

    const resolved = resolveDose(parsed.value, measures);
    if (!resolved.ok) return { ok: false, message: resolved.problems.map((p) => p.message).join('; ') };
    const inUnit = amountInUnit(resolved.value.amount, bu.unit, concentration, {
      code,
      billingUnitText: bu.text,
    });
    if (!inUnit.ok) return { ok: false, message: inUnit.problems.map((p) => p.message).join('; ') };
    const units = billingUnits(inUnit.value.amount, fromNumber(bu.amount), 'discarded');
    const explanation = `${formatQuantity(inUnit.value)} ÷ ${toDecimalString(fromNumber(bu.amount))} ${bu.unit} = ${units} unit(s) (discarded units round down to whole units)`;
    return { ok: true, value: { units, explanation, warnings: [] } };
  };
  return compute;
}
