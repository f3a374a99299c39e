/**
 * The same service billed twice: same patient, provider, date, code, modifiers, units and charge, on one claim or
 * across claims of the batch. The copy would be denied as an exact duplicate (OA-18). A truly repeated service
 * is told apart with a modifier (76/77 repeat procedure, 59/X{EPSU}) on the second line.
 */
import { DENIALS, inOtherFile, SOURCES } from '../support.ts';
import type { BatchLine, DayEdit } from '../types.ts';

export const duplicateLine: DayEdit = {
  id: 'duplicate-line',
  title: 'Duplicate line',
  severity: 'error',
  scope: 'batch',
  needs: ['history'],
  source: SOURCES.duplicate,
  denials: [DENIALS.duplicate],
  fixes: [],
  checkDay(day, { report }) {
    if (day.length < 2) return;
    // Days hold a handful of lines: compare pairwise, no keys to build. A day of thousands (one patient's whole
    // batch) looks lines up by what makes them identical, so it is not compared with the square of its lines.
    const firsts = day.length > PAIRWISE ? new Map<string, BatchLine>() : undefined;
    if (firsts) firsts.set(signature(day[0] as BatchLine), day[0] as BatchLine);
    for (let j = 1; j < day.length; j++) {
      const b = day[j] as BatchLine;
      let original: BatchLine | undefined;
      if (firsts) {
        const key = signature(b);
        original = firsts.get(key);
        if (original === undefined) firsts.set(key, b);
      } else
        for (let i = 0; i < j && original === undefined; i++) {
          const a = day[i] as BatchLine;
          if (identical(a, b)) original = a;
        }
      if (!original) continue;
      const where =
        original.claim === b.claim
          ? `line ${original.line.sequence} of this claim`
          : `line ${original.line.sequence} of claim ${original.claim.claim.id}${inOtherFile(original.claim, b.claim)}`;
      report(b.claim, {
        line: b,
        field: 'procedure code',
        message: `Line ${b.line.sequence} (${b.code}, ${b.line.units} unit(s), ${b.dos ?? ''}) repeats ${where} exactly.`,
        why: 'An exact repeat of a service for the same patient, provider and date is denied as a duplicate. If the service really was given twice, say so with a modifier (e.g. 76, 59 or XE/XS/XU) or bill the units on one line.',
        data: {
          code: b.code,
          duplicateOfClaim: original.claim.claim.id,
          duplicateOfLine: original.line.sequence,
        },
      });
    }
  },
};

/** Lines of a day compared pair by pair; past it, by signature. */
const PAIRWISE = 32;

/** What `identical` compares, as one key (modifiers sorted: any order is the same line). */
function signature(b: BatchLine): string {
  const mods = b.modifiers.length < 2 ? b.modifiers : [...b.modifiers].sort();
  return `${b.code}\u0000${b.line.units}\u0000${b.line.chargeCents}\u0000${b.line.revenueCode ?? ''}\u0000${mods.join(',')}`;
}

/** Same code, modifiers (any order), units, charge and revenue code. */
function identical(a: BatchLine, b: BatchLine): boolean {
  const x = a;
  const y = b;
  if (x.code !== y.code || x.line.units !== y.line.units || x.line.chargeCents !== y.line.chargeCents)
    return false;
  if ((x.line.revenueCode ?? '') !== (y.line.revenueCode ?? '') || x.modifiers.length !== y.modifiers.length)
    return false;
  return x.modifiers.every((m) => y.modifiers.includes(m));
}
