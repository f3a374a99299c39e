/**
 * Documented doses in free-text line notes (837 2400 NTE02, FHIR item notes). A dose is taken from a note only when
 * the note states it clearly: a keyword, one number, one unit. Anything else leaves the dose unset and the note as
 * it was (the dosing edits then say the dose is undocumented rather than guess).
 *
 * Accepted (case-insensitive; `:`/`=`/`-` after the keyword optional; blanks between number and unit optional):
 *   dose:     DOSE, DOSAGE, DOSE GIVEN, DOSE ADMINISTERED, ADMINISTERED, ADMIN, GIVEN, ADM
 *   discard:  WASTE, WASTED, DISCARD, DISCARDED, JW, AMOUNT WASTED, AMT WASTED
 *   units:    MG, MCG (UG), G (GM, GRAM, GRAMS), ML, L, MEQ, MMOL, UNITS (UNIT, U, IU), MIU, MU,
 *             and per-weight/area forms MG/KG, MCG/KG, UNITS/KG, MG/M2
 * Examples: "DOSE 750MG", "DOSE: 7.5 MG/KG", "ADMINISTERED 1,000 UNITS", "WASTE 50MG", "DOSE 150MG WASTE 50MG".
 * Two different dose statements in one note are ambiguous: neither is taken.
 * When a note documents only a discarded amount, `text` is "" and the discarded fields are set.
 * The list is repeated in docs/claims-io.md ("Documented doses").
 */
import type { DocumentedDose } from '../../core/claim/model.ts';

const unitPattern =
  '(MG\\/KG|MCG\\/KG|UNITS?\\/KG|MG\\/M2|MG|MCG|UG|GRAMS?|GM|G|ML|L|MEQ|MMOL|UNITS?|IU|U|MIU|MU)';
const numberPattern = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)';
const doseRe = new RegExp(
  `(?:^|[^A-Z0-9])(?:DOSE ADMINISTERED|DOSE GIVEN|DOSAGE|DOSE|ADMINISTERED|ADMIN|GIVEN|ADM)\\s*[:=-]?\\s*(${numberPattern}\\s*${unitPattern})(?![A-Z0-9])`,
  'gi',
);
const wasteRe = new RegExp(
  `(?:^|[^A-Z0-9])(?:AMOUNT WASTED|AMT WASTED|WASTED|WASTE|DISCARDED|DISCARD|JW)\\s*[:=-]?\\s*(${numberPattern}\\s*${unitPattern})(?![A-Z0-9])`,
  'gi',
);

const unitNames: Record<string, string> = {
  UG: 'MCG',
  GM: 'G',
  GRAM: 'G',
  GRAMS: 'G',
  UNIT: 'UNITS',
  U: 'UNITS',
  IU: 'UNITS',
  'UNIT/KG': 'UNITS/KG',
};

interface Found {
  text: string;
  amount: number;
  unit: string;
}

function findOne(re: RegExp, note: string): Found | 'ambiguous' | undefined {
  let found: Found | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(note); m !== null; m = re.exec(note)) {
    const text = m[1] ?? '';
    const amount = Number((m[2] ?? '').replace(/,/g, ''));
    const rawUnit = (m[3] ?? '').toUpperCase();
    const unit = unitNames[rawUnit] ?? rawUnit;
    if (!Number.isFinite(amount)) continue;
    if (found && (found.amount !== amount || found.unit !== unit)) return 'ambiguous';
    found ??= { text, amount, unit };
  }
  return found;
}

const noteCache = new Map<string, DocumentedDose | null>();

/** The dose a line note documents, if it documents one clearly. The result is a fresh object. */
export function doseFromNotes(notes: readonly string[]): DocumentedDose | undefined {
  if (notes.length === 1) {
    // Files repeat the same notes ("DOSE 150MG") on many lines: remember recent answers.
    const note = notes[0] as string;
    let known = noteCache.get(note);
    if (known === undefined) {
      known = parseNotes(notes) ?? null;
      if (noteCache.size >= 10000) noteCache.clear();
      noteCache.set(note, known);
    }
    return known === null ? undefined : copyDose(known);
  }
  return parseNotes(notes);
}

/** A copy of a dose that `parseNotes` made (same keys in the same order), without the generic object clone. */
function copyDose(d: DocumentedDose): DocumentedDose {
  const copy: DocumentedDose = { text: d.text };
  if (d.amount !== undefined) copy.amount = d.amount;
  if (d.unit !== undefined) copy.unit = d.unit;
  if (d.discardedText !== undefined) copy.discardedText = d.discardedText;
  if (d.discardedAmount !== undefined) copy.discardedAmount = d.discardedAmount;
  if (d.discardedUnit !== undefined) copy.discardedUnit = d.discardedUnit;
  return copy;
}

function parseNotes(notes: readonly string[]): DocumentedDose | undefined {
  let dose: Found | undefined;
  let waste: Found | undefined;
  for (const note of notes) {
    // Waste statements are removed first so that "DOSE 100MG WASTE 50MG" does not read 50MG as a second dose.
    const w = findOne(wasteRe, note);
    if (w === 'ambiguous') return undefined;
    const d = findOne(doseRe, note.replace(wasteRe, ' '));
    if (d === 'ambiguous') return undefined;
    if (d) {
      if (dose && (dose.amount !== d.amount || dose.unit !== d.unit)) return undefined;
      dose ??= d;
    }
    if (w) {
      if (waste && (waste.amount !== w.amount || waste.unit !== w.unit)) return undefined;
      waste ??= w;
    }
  }
  if (!dose && !waste) return undefined;
  const result: DocumentedDose = { text: dose?.text ?? '' };
  if (dose) {
    result.amount = dose.amount;
    result.unit = dose.unit;
  }
  if (waste) {
    result.discardedText = waste.text;
    result.discardedAmount = waste.amount;
    result.discardedUnit = waste.unit;
  }
  return result;
}
