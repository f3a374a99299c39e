/**
 * Every drug code of the HCPCS release in force on a date, with its parsed name, billing unit and crosswalk
 * product names: what "similar codes" and the fact checker search. Built once per (reference, date) and
 * memoised, so generating guides for all J-codes costs one pass over the code set.
 */
import { codeStatus } from '../reference/as-of.ts';
import type { BillingUnit, CodeStatus, HcpcsRecord, IsoDate, Sourced } from '../reference/model.ts';
import { memoByReferenceAndDate } from '../reference/memo.ts';
import type { ReferenceData } from '../reference/port.ts';
import { drugNameParts, type DrugNameParts } from './drug-names.ts';

export interface CatalogueEntry {
  code: string;
  record: Sourced<HcpcsRecord>;
  parts: DrugNameParts;
  status: CodeStatus;
  unit: BillingUnit | null;
  /** Product names the ASP NDC-HCPCS crosswalk gives for the code (as written there, de-duplicated). */
  brands: string[];
  /** Words of the long descriptor (lower case, no stop words, no numbers): for look-alike descriptors. */
  words: ReadonlySet<string>;
}

export interface Catalogue {
  date: IsoDate;
  entries: readonly CatalogueEntry[];
  byCode: ReadonlyMap<string, CatalogueEntry>;
  /** Ingredient key → entries. */
  byKey: ReadonlyMap<string, readonly CatalogueEntry[]>;
  /** Significant name token → entries. */
  byToken: ReadonlyMap<string, readonly CatalogueEntry[]>;
  /** Lower-case crosswalk product name → entries. */
  byBrand: ReadonlyMap<string, readonly CatalogueEntry[]>;
}

const STOP_WORDS = new Set([
  'injection',
  'infusion',
  'per',
  'and',
  'the',
  'of',
  'for',
  'not',
  'otherwise',
  'specified',
  'to',
  'or',
  'with',
  'a',
  'an',
  'in',
  'by',
  'up',
  'be',
  'may',
  'code',
  'used',
  'medicare',
  'when',
  'drug',
  'administered',
  'under',
  'direct',
  'supervision',
  'physician',
  'self',
  'use',
  'is',
  'mg',
  'mcg',
  'g',
  'gm',
  'ml',
  'units',
  'unit',
  'iu',
  'i.u.',
  'microgram',
  'micrograms',
  'milligrams',
  'therapeutically',
  'equivalent',
  'excludes',
  'biosimilar',
  'each',
]);

export function descriptorWords(longDescription: string): Set<string> {
  const out = new Set<string>();
  for (const w of longDescription.toLowerCase().split(/[^a-z0-9-]+/)) {
    if (w.length < 3 || STOP_WORDS.has(w) || /^\d/.test(w) || /^[a-v]\d{4}$/.test(w)) continue;
    out.add(w);
  }
  return out;
}

/**
 * A code the guides and the fact checker treat as a drug: J-codes, any code priced as a drug (51), biosimilars
 * (Q5xxx), and C- or Q-codes whose descriptor is an injection ("Injection, bevacizumab, 0.25 mg" C9257, Q4081
 * epoetin for ESRD): those are priced otherwise (53, 57) but billed, and confused, as drugs. "Injectable …" supplies
 * (L8603 bulking agent) are not.
 */
export function isDrugRecord(r: HcpcsRecord): boolean {
  if (r.kind !== 'procedure') return false;
  if (r.code.startsWith('J') || r.pricingIndicators.includes('51') || /^q5\d{3}$/i.test(r.code)) return true;
  return /^[CQ]/.test(r.code) && /^(injection\b|inj[.,])/i.test(r.longDescription.trim());
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Every drug code of the HCPCS release in force on `date`, memoised per reference data and date. */
export const catalogue = memoByReferenceAndDate(buildCatalogue);

/**
 * A code read the way the catalogue reads its drug codes: name parts, status and billing unit on `date`, and the
 * crosswalk's product names. Also for a code the catalogue leaves out, when a statement names one (the fact checker).
 */
export function catalogueEntry(ref: ReferenceData, rec: Sourced<HcpcsRecord>, date: IsoDate): CatalogueEntry {
  const r = rec.value;
  const d = ref.descriptor(r.code, date)?.value;
  const brands: string[] = [];
  const seen = new Set<string>();
  for (const p of ref.ndcPackagesForCode(r.code, date)?.value ?? []) {
    const name = p.drugName.trim().replace(/\s+/g, ' ');
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    brands.push(name);
  }
  return {
    code: r.code,
    record: rec,
    parts: drugNameParts(r.longDescription),
    status: codeStatus(r, date),
    unit: d?.kind === 'parsed' ? d.billingUnit : null,
    brands,
    words: descriptorWords(r.longDescription),
  };
}

function buildCatalogue(ref: ReferenceData, date: IsoDate): Catalogue {
  const entries: CatalogueEntry[] = [];
  const byCode = new Map<string, CatalogueEntry>();
  const byKey = new Map<string, CatalogueEntry[]>();
  const byToken = new Map<string, CatalogueEntry[]>();
  const byBrand = new Map<string, CatalogueEntry[]>();
  for (const rec of ref.allHcpcs(date)) {
    const r = rec.value;
    if (!isDrugRecord(r)) continue;
    const entry = catalogueEntry(ref, rec, date);
    const parts = entry.parts;
    entries.push(entry);
    byCode.set(r.code, entry);
    if (parts.key !== null) push(byKey, parts.key, entry);
    for (const t of parts.tokens) push(byToken, t, entry);
    for (const b of entry.brands) push(byBrand, b.toLowerCase(), entry);
  }
  entries.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { date, entries, byCode, byKey, byToken, byBrand };
}
