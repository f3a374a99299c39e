/**
 * The dose documented on a line (a note "DOSE 750MG WASTE 90MG", a FHIR extension, a claim CSV/JSON column) as
 * the edits read it, and its billing units through the dosing port. Shared by units-vs-documented-dose and
 * jz-with-documented-waste.
 */
import type { DocumentedDose } from '../claim/model.ts';
import { TwoKeyMemo } from '../memo.ts';
import type { DosingPort } from './types.ts';

/** The documented amount as text: the amount and unit when the reader gave them, else the text as written. */
export function doseText(
  text: string | undefined,
  amount: number | undefined,
  unit: string | undefined,
): string | undefined {
  if (amount !== undefined && unit !== undefined) return amountText(amount, unit);
  const t = text?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** The administered dose documented on the line, as text (undefined when none). */
export const administeredText = (dose: DocumentedDose): string | undefined =>
  doseText(dose.text, dose.amount, dose.unit);

/** The discarded amount documented on the line, as text (undefined when none). */
export const discardedText = (dose: DocumentedDose): string | undefined =>
  doseText(dose.discardedText, dose.discardedAmount, dose.discardedUnit);

/** "1500 MG": one string per amount and unit (doses recur across a batch; the dosing memo then finds it at once). */
const amountTexts = new TwoKeyMemo<string, number, string>((unit, amount) => `${amount} ${unit}`);
const amountText = (amount: number, unit: string): string => amountTexts.get(unit, amount);

/** The dosing port's answer for one documented amount (the patient's weight and height when the claim has them). */
export function dosingUnits(
  dosing: DosingPort,
  code: string,
  date: string,
  text: string,
  kind: 'administered' | 'discarded',
  patient: { weightKg?: number; heightCm?: number },
): ReturnType<DosingPort['unitsFor']> {
  // Each shape written out whole (a line with a documented dose asks this once or twice): adding a property to an
  // object after it is made gives it a second block of storage.
  const { weightKg, heightCm } = patient;
  return dosing.unitsFor(
    weightKg === undefined
      ? heightCm === undefined
        ? { code, date, text, kind }
        : { code, date, text, kind, heightCm }
      : heightCm === undefined
        ? { code, date, text, kind, weightKg }
        : { code, date, text, kind, weightKg, heightCm },
  );
}
