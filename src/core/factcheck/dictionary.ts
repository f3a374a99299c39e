/**
 * Drug names the fact checker recognises next to a code, built from the data on the date: every ingredient key
 * and descriptor name of the HCPCS drug codes, their leading words ("polatuzumab" → polatuzumab vedotin), and
 * the product names of the ASP NDC-HCPCS crosswalk ("Keytruda"). Built once per (reference, date). A name with a
 * biological suffix ("bevacizumab-bvzr") keeps the keys of the molecule; formulation.ts reads the suffix.
 */
import { catalogue, type Catalogue } from '../guides/catalogue.ts';
import { drugNameParts } from '../guides/drug-names.ts';
import type { IsoDate } from '../reference/model.ts';
import { memoByReferenceAndDate } from '../reference/memo.ts';
import type { ReferenceData } from '../reference/port.ts';
import { codeForm } from './formulation.ts';

export interface NameEntry {
  /** Ingredient keys the phrase names (several for an ambiguous leading word such as "epoetin"). */
  keys: ReadonlySet<string>;
  /** Set when the phrase is a product (brand) name from the crosswalk, lower case. */
  brand: string | null;
  /** The phrase is exactly an ingredient key or a descriptor name (not only a leading word). */
  exact: boolean;
}

export interface Dictionary {
  cat: Catalogue;
  phrases: ReadonlyMap<string, NameEntry>;
  maxWords: number;
  /**
   * Ingredient keys with a product named with a four-letter suffix (bevacizumab: bevacizumab-awwb, -bvzr, …): a
   * suffix written after such a name is read with it even when no code carries that suffix ("bevacizumab-tnjn").
   */
  suffixed: ReadonlySet<string>;
}

/** Words that never start a drug-name phrase on their own. */
const NOT_A_NAME = new Set([
  'the',
  'and',
  'for',
  'with',
  'unit',
  'units',
  'code',
  'codes',
  'drug',
  'drugs',
  'dose',
  'injection',
  'infusion',
  'sodium',
  'calcium',
  'potassium',
  'magnesium',
  'water',
  'sterile',
  'normal',
  'saline',
  'dextrose',
  'human',
  'factor',
  'immune',
  'hepatitis',
  'vaccine',
  'solution',
  'oral',
  'generic',
  'brand',
  'biosimilar',
  'product',
  'products',
  'medication',
  'placebo',
  'iron',
  'plasma',
  'protein',
  'albumin',
  'other',
  'each',
  'none',
]);

/** Lower case, trademark signs and edge punctuation removed, inner spaces collapsed. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[®™©]/g, '')
    .replace(/[’]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[^a-z0-9]+|[^a-z0-9)]+$/g, '')
    .trim();
}

/** The phrase dictionary of the drug catalogue on `date`, memoised per reference data and date. */
export const dictionary = memoByReferenceAndDate(buildDictionary);

function buildDictionary(ref: ReferenceData, date: IsoDate): Dictionary {
  const cat = catalogue(ref, date);
  const phrases = new Map<string, { keys: Set<string>; brand: string | null; exact: boolean }>();
  const addExact = (phrase: string, key: string): void => {
    const p = normalisePhrase(phrase);
    if (p.length < 4 || NOT_A_NAME.has(p)) return;
    const e = phrases.get(p);
    if (e && e.exact) e.keys.add(key);
    else phrases.set(p, { keys: new Set([key]), brand: null, exact: true });
  };
  for (const e of cat.entries) {
    const key = e.parts.key;
    if (key === null) continue;
    addExact(key, key);
    if (e.parts.name) addExact(e.parts.name, key);
  }
  // Leading words of multi-word keys ("polatuzumab" → "polatuzumab vedotin"), unless a key of their own.
  for (const key of cat.byKey.keys()) {
    const words = key.split(' ');
    for (let n = 1; n < words.length; n++) {
      const p = normalisePhrase(words.slice(0, n).join(' '));
      const first = words[0] ?? '';
      // Not "nivolumab and" (of "nivolumab and relatlimab"): it would swallow "nivolumab and hyaluronidase".
      const last = words[n - 1] ?? '';
      if (first.length < 5 || NOT_A_NAME.has(first) || NOT_A_NAME.has(p) || NOT_A_NAME.has(last)) continue;
      const e = phrases.get(p);
      if (e?.exact) continue;
      if (e) e.keys.add(key);
      else phrases.set(p, { keys: new Set([key]), brand: null, exact: false });
    }
  }
  // Product names of the crosswalk: a generic name (its key is a known ingredient) or a brand.
  for (const [brandLower, entries] of cat.byBrand) {
    const p = normalisePhrase(brandLower);
    if (p.length < 4 || NOT_A_NAME.has(p)) continue;
    const asKey = drugNameParts(`Injection, ${p}, 1 mg`).key;
    if (asKey !== null && cat.byKey.has(asKey)) {
      addExact(p, asKey);
      continue;
    }
    if (phrases.get(p)?.exact) continue;
    const keys = new Set(entries.map((x) => x.parts.key).filter((k): k is string => k !== null));
    phrases.set(p, { keys, brand: p, exact: true });
  }
  let maxWords = 1;
  for (const p of phrases.keys()) maxWords = Math.max(maxWords, p.split(' ').length);
  const suffixed = new Set<string>();
  for (const e of cat.entries)
    if (e.parts.key !== null && codeForm(e).suffixes.size > 0) suffixed.add(e.parts.key);
  return { cat, phrases, maxWords: Math.min(maxWords, 6), suffixed };
}
