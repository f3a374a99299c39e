/**
 * `drugclaim icd10 CODE [--date YYYY-MM-DD] [--json]`: is an ICD-10-CM diagnosis code valid (billable) on a date
 * of service, what it means, and which fiscal-year release says so. A command of its own rather than part of
 * `code`: a diagnosis code can have a HCPCS code's shape (C3490, J9173), so one command for both would have to
 * guess which code set is meant.
 * @see shared/data/PROVENANCE.md §6 (the CDC/NCHS FY code file lists billable codes only)
 */
import type { Command } from 'commander';
import type { IsoDate, Release, SourceRef } from '../../../core/reference/model.ts';
import type { ReferenceIndex } from '../../../core/reference/reference-index.ts';
import {
  describeSource,
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';
import { defaultDatabasePath } from '../../store/index.ts';
import { TABLES } from '../../store/reference-schema.ts';
import { openStoreAt, referenceForLookup } from './store-access.ts';

/** A letter, two more characters, then up to four after an optional dot (C34, C34.90, C3490, T36.0X1A). */
export const ICD10_SHAPE = /^[A-Z][0-9A-Z]{2}(?:\.?[0-9A-Z]{1,4})?$/;

/** "C3490" → "C34.90" (the dot goes after the category's three characters). */
export function formatIcd10(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

export interface Icd10Answer {
  /** Without the dot, as the code file writes it. */
  code: string;
  /** With the dot, as it is usually written. */
  formatted: string;
  date: IsoDate;
  /** true: billable on the date; false: not a billable code on the date; null: no release covers the date. */
  valid: boolean | null;
  description: string | null;
  /** Billable codes under this one, when it is a category or subcategory (the first 10, in code order). */
  moreSpecific: string[];
  /** How many billable codes are under this one. */
  moreSpecificCount: number;
  source: SourceRef | null;
  inForce: boolean | null;
  note?: string;
  message: string;
}

const MAX_SHOWN = 10;

/** Billable codes of one release that start with `prefix` (a category or subcategory), from the store. */
export type MoreSpecific = (releaseId: string, prefix: string) => { count: number; first: string[] };

/**
 * The store's answer to "which codes extend this one": one indexed range query on (release_id, code). The in-memory
 * index has no prefix lookup, and guessing the 1-4 missing characters would take up to 36^4 lookups.
 */
export function moreSpecificFromStore(path: string): MoreSpecific {
  return (releaseId, prefix) => {
    const store = openStoreAt(path);
    try {
      const { table } = TABLES.icd10cm;
      // "~" sorts after every letter and digit: [prefix, prefix~) is every code that starts with prefix.
      const where = `FROM ${table} WHERE release_id = ? AND code > ? AND code < ?`;
      const args = [releaseId, prefix, `${prefix}~`];
      const count = Number(
        (store.db.prepare(`SELECT count(*) AS n ${where}`).get(...args) as { n: number }).n,
      );
      const first = (
        store.db.prepare(`SELECT code ${where} ORDER BY code LIMIT ${MAX_SHOWN}`).all(...args) as {
          code: string;
        }[]
      ).map((r) => r.code);
      return { count, first };
    } finally {
      void store.close();
    }
  };
}

function sourceRef(r: Release): SourceRef {
  return {
    releaseId: r.id,
    dataset: r.dataset,
    fileName: r.fileName,
    releaseDate: r.releaseDate,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    label: r.label,
  };
}

const span = (s: SourceRef): string => `${s.effectiveFrom} to ${s.effectiveTo ?? '(open)'}`;

export function icd10Answer(
  ref: ReferenceIndex,
  code: string,
  date: IsoDate,
  moreSpecific: MoreSpecific,
): Icd10Answer | undefined {
  const release = ref.releaseOn('icd10cm', date);
  if (!release) return undefined;
  const formatted = formatIcd10(code);
  const found = ref.icd10(code, date);
  if (found) {
    const base = {
      code,
      formatted,
      date,
      description: found.value.description,
      moreSpecific: [],
      moreSpecificCount: 0,
      source: found.source,
      inForce: found.inForce,
    };
    if (found.inForce)
      return {
        ...base,
        valid: true,
        message: `${formatted} is a valid, billable ICD-10-CM code on ${date}: ${found.source.label} (${span(found.source)}) lists it.`,
      };
    return {
      ...base,
      valid: null,
      ...(found.note === undefined ? {} : { note: found.note }),
      message:
        `${formatted} is in ${found.source.label}, but that release does not cover ${date}: its validity on that date is unknown. ${found.note ?? ''}`.trim(),
    };
  }
  const source = sourceRef(release.release);
  const children = moreSpecific(release.release.id, code);
  const valid = release.inForce ? false : null;
  const onDate = release.inForce
    ? `on ${date}`
    : `in ${source.label}, the nearest release (none covers ${date})`;
  let message: string;
  if (children.count > 0) {
    const shown = children.first.map(formatIcd10).join(', ');
    message =
      `${formatted} is not billable ${onDate}: it is a category or subcategory in ${source.label}; ` +
      `a claim needs one of its ${children.count} more specific code(s)${children.count > children.first.length ? ', e.g.' : ':'} ${shown}.`;
  } else {
    const hcpcs = ref.hcpcs(code, date);
    const hint = hcpcs ? ` ${code} is a HCPCS code; run \`drugclaim code ${code}\`.` : '';
    message =
      `${formatted} is not a valid ICD-10-CM code ${onDate}: ${source.label} (${span(source)}) lists every billable code, ` +
      `and not this one.${hint}`;
  }
  return {
    code,
    formatted,
    date,
    valid,
    description: null,
    moreSpecific: children.first,
    moreSpecificCount: children.count,
    source,
    inForce: release.inForce,
    ...(release.note === undefined ? {} : { note: release.note }),
    message,
  };
}

export function register(program: Command): void {
  program
    .command('icd10')
    .description(
      'Whether an ICD-10-CM diagnosis code is valid (billable) on a date, its description and release',
    )
    .argument('<code>', 'ICD-10-CM code, with or without the dot: C34.90 or C3490')
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (text: string, opts: { date?: string; json?: boolean }) => {
      const input = text.trim().toUpperCase();
      if (!ICD10_SHAPE.test(input)) {
        eprintln(
          `drugclaim: not an ICD-10-CM code: "${text.trim()}"; expected a letter, two more letters or digits, then up to four after an optional dot (C34.90, C3490, S72.001A).`,
        );
        process.exitCode = EXIT_ERROR;
        return;
      }
      const code = input.replace('.', '');
      const ref = await referenceForLookup();
      if (!ref) return;
      const date = opts.date ?? today();
      const answer = icd10Answer(ref, code, date, moreSpecificFromStore(defaultDatabasePath()));
      if (!answer) {
        eprintln(
          'drugclaim: the store has no ICD-10-CM release. Import the CDC code file (icd10cm-codes-YYYY.txt) with `drugclaim data import --from DIR`, or run `drugclaim data sync`.',
        );
        process.exitCode = EXIT_ERROR;
        return;
      }
      if (opts.json) printJson(answer);
      else {
        const what =
          answer.description ??
          (answer.moreSpecificCount > 0 ? '(a category: not billable)' : '(not in the ICD-10-CM code file)');
        println(`${answer.formatted}  ${what}`);
        println(`  ${answer.message}`);
        if (answer.note !== undefined && answer.valid !== null) println(`  note: ${answer.note}`);
        if (answer.source) println(`Source: ${describeSource(answer.source)}`);
      }
      if (answer.description === null) process.exitCode = EXIT_NO;
    });
}
