/**
 * An add-on code (NCCI AOC file) billed without one of its primary codes by the same provider for the same patient
 * on the same date (e.g. 96415 or 96417 without 96413; 96367/96375 without 96365/96374/96409/96413).
 * Type 1 edits list every allowed primary (error); type 3 list some and let contractors allow others (warning);
 * type 2 leave the primaries to the contractor (not checked).
 */
import { outOfForceNote } from '../facts.ts';
import { DENIALS, SOURCES, soften, listWords } from '../support.ts';
import type { DayEdit } from '../types.ts';

export const addOnWithoutPrimary: DayEdit = {
  id: 'add-on-without-primary',
  title: 'Add-on code without its primary code',
  severity: 'error',
  scope: 'batch',
  needs: ['reference', 'history'],
  source: SOURCES.aoc,
  denials: [DENIALS.addOnAlone],
  fixes: [],
  checkDay(day, { report }) {
    let codes: Set<string> | undefined;
    for (const b of day) {
      const dos = b.dos;
      if (dos === null) continue;
      const edits = b.facts?.addOnEdits;
      if (!edits || edits.value.length === 0) continue;
      const active = edits.value.filter(
        (e) =>
          (e.effectiveFrom === null || e.effectiveFrom <= dos) &&
          (e.deletedOn === null || dos <= e.deletedOn),
      );
      if (active.length === 0 || active.some((e) => e.editType === 2)) continue;
      const primaries = [
        ...new Set(active.filter((e) => e.primaryCode !== 'CCCCC').map((e) => e.primaryCode)),
      ].sort();
      codes ??= new Set(day.map((x) => x.code));
      const present = codes;
      if (primaries.length === 0 || primaries.some((p) => present.has(p))) continue;
      const strict = active.every((e) => e.editType === 1);
      const note = outOfForceNote(edits);
      const shown =
        primaries.length > 8
          ? `${primaries.slice(0, 8).join(', ')} and ${primaries.length - 8} more`
          : listWords(primaries);
      report(b.claim, {
        line: b,
        severity: soften(strict ? 'error' : 'warning', note === null),
        field: 'procedure code',
        message: `${b.code} on line ${b.line.sequence} is an add-on code, and none of its primary codes (${shown}) is billed for this patient by this provider on ${dos}.`,
        why: `An add-on code describes extra work done with a primary service and is paid only with it (NCCI add-on code edit type ${strict ? '1: only the listed primaries' : '3: the listed primaries, or others the contractor allows'}).${note ?? ''}`,
        source: `${SOURCES.aoc}; ${edits.source.label}`,
        data: { code: b.code, primaries, editTypes: [...new Set(active.map((e) => e.editType))] },
      });
    }
  },
};
