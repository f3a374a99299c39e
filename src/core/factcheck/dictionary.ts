/**
 * Drug names the fact checker recognises next to a code, built from the data on the date: every ingredient key
 * and descriptor name of the HCPCS drug codes, their leading words ("polatuzumab" → polatuzumab vedotin), the
 * product names of the ASP NDC-HCPCS crosswalk ("Keytruda"), the product names a descriptor gives in parentheses
 * ("Injection, infliximab-qbtx, biosimilar, (ixifi), 10 mg": codes the crosswalk no longer lists), the
 * presentations of a brand the curated container table names from the label ("Neulasta Onpro"), and the spelling a
 * code's short descriptor gives a name its long descriptor misspells ("bupivacaine" for J0665), and the product
 * names of the skin substitutes, which the catalogue leaves out ("Apligraf" Q4101, "Symphony" A2009). Built once per
 * (reference, date). A name with a biological suffix ("bevacizumab-bvzr") keeps the keys of the molecule;
 * formulation.ts reads the suffix.
 */
import { catalogue, catalogueEntry, type Catalogue, type CatalogueEntry } from '../guides/catalogue.ts';
import { labelSource } from '../guides/context.ts';
import { drugNameParts, productNames } from '../guides/drug-names.ts';
import type { FactSource } from '../guides/model.ts';
import { CONTAINER_TYPES } from '../reference/container-types.ts';
import { codeStatus } from '../reference/as-of.ts';
import type { HcpcsRecord, IsoDate, Sourced } from '../reference/model.ts';
import { memoByReferenceAndDate } from '../reference/memo.ts';
import type { ReferenceData } from '../reference/port.ts';
import { allowedEdits, editDistanceAtMost } from '../reference/spelling.ts';
import { codeForm } from './formulation.ts';

export interface NameEntry {
  /** Ingredient keys the phrase names (several for an ambiguous leading word such as "epoetin"). */
  keys: ReadonlySet<string>;
  /** Set when the phrase is a product (brand) name from the crosswalk, lower case. */
  brand: string | null;
  /** The phrase is exactly an ingredient key or a descriptor name (not only a leading word). */
  exact: boolean;
  /**
   * A skin substitute's product name: read only as a name is written (text.ts readsAsName). Among them are words
   * ("Symphony", "Affinity", "Total", "Guardian") and phrases ("Membrane graft") that a sentence may use as words.
   */
  proper?: true;
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
  /** Lower-case product name → the codes that carry it (crosswalk, descriptor parentheses, container table). */
  brandCodes: ReadonlyMap<string, readonly CatalogueEntry[]>;
  /** Where a product name that is not in the crosswalk was read, for the verdict's sources. */
  brandSources: ReadonlyMap<string, FactSource>;
}

/** Parenthesised descriptor words that describe, not name, a product ("any type", "ovine", "nos"). */
const NOT_A_PRODUCT = /^(?:any type|ovine|equine|porcine|bovine|nos|pfu)$|\bor\b|\b(?:solution|flush)$/;
/** Words after a brand in the container table that name the package, not the product ("kit", "vial"). */
const PACKAGE_WORDS = /\s+(?:kit|vials?|prefilled|syringes?|autoinjector|pen)\b.*$/i;

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
  // A formulation, not a drug ("Injection, liposomal, 1 mg daunorubicin and 2.27 mg cytarabine").
  'liposomal',
  'liposome',
  // A manufacturer's name in one descriptor ("sodium thiosulfate (hope)") that is also a common word.
  'hope',
  // The kind of product, not one ("Skin substitute, not otherwise specified" Q4100): "Q4101 is a skin substitute".
  'skin substitute',
  'skin substitutes',
]);

/** Lower case, trademark signs and edge punctuation removed, inner spaces collapsed. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[®™©]/g, '')
    .replace(/[’]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[^a-z0-9]+|(?<![^a-z0-9)])[^a-z0-9)]+$/g, '')
    .trim();
}

/** The phrase dictionary of the drug catalogue on `date`, memoised per reference data and date. */
export const dictionary = memoByReferenceAndDate(buildDictionary);

function buildDictionary(ref: ReferenceData, date: IsoDate): Dictionary {
  const cat = catalogue(ref, date);
  const phrases = new Map<
    string,
    { keys: Set<string>; brand: string | null; exact: boolean; proper?: true }
  >();
  const internationalNames: [string, string][] = [];
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
    // Two drugs in either order: "imipenem and cilastatin" is J0743's "cilastatin sodium; imipenem".
    const pair = key.split(' and ');
    if (pair.length === 2) addExact(`${pair[1] ?? ''} and ${pair[0] ?? ''}`, key);
  }
  // The international name of a product whose US name adds a distinguishing USAN prefix and a biological
  // suffix ("trastuzumab emtansine" for "ado-trastuzumab emtansine" J9354, "trastuzumab deruxtecan" for
  // "fam-trastuzumab deruxtecan-nxki" J9358): the same product. Not when the rest is another product's name:
  // "aflibercept" is J0178 (Eylea), not "ziv-aflibercept" J9400; "filgrastim" is not "tbo-filgrastim".
  for (const e of cat.entries) {
    const key = e.parts.key;
    if (key === null) continue;
    for (const name of [key, e.parts.name ?? key]) {
      const international = internationalName(name);
      if (
        international !== null &&
        !phrases.has(normalisePhrase(international)) &&
        !cat.byKey.has(international)
      )
        internationalNames.push([international, key]);
    }
  }
  for (const [international, key] of internationalNames) addExact(international, key);
  // A code whose short descriptor spells its drug as other codes' descriptors do: "Injection, bupivicaine, …" J0665
  // is "Inj, bupivacaine, nos, 0.5mg", the spelling of C9144 and J0666. The name written either way is that code's.
  // Only a spelling that is another code's key counts: short descriptors also cut words short ("cyclophosphamd").
  for (const e of cat.entries) {
    const key = e.parts.key;
    if (key === null) continue;
    for (const spelled of shortDescriptorSpellings(key, e.record.value.shortDescription))
      if (cat.byKey.has(spelled)) addExact(spelled, key);
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
  const brandCodes = new Map<string, CatalogueEntry[]>();
  const brandSources = new Map<string, FactSource>();
  for (const [brandLower, entries] of cat.byBrand) brandCodes.set(normalisePhrase(brandLower), [...entries]);
  const addBrand = (name: string, entry: CatalogueEntry, source?: FactSource, proper = false): void => {
    const p = normalisePhrase(name);
    if (p.length < 4 || NOT_A_NAME.has(p)) return;
    const known = phrases.get(p);
    if (known && known.brand === null) return; // an ingredient or descriptor name already
    const list = brandCodes.get(p) ?? [];
    if (!list.includes(entry)) list.push(entry);
    brandCodes.set(p, list);
    if (source && !brandSources.has(p)) brandSources.set(p, source);
    const keys = new Set(list.map((x) => x.parts.key).filter((k): k is string => k !== null));
    // A name the crosswalk or a drug descriptor gives as well is read as those are.
    phrases.set(p, {
      keys,
      brand: p,
      exact: true,
      ...(proper && (!known || known.proper) ? { proper: true } : {}),
    });
  };
  // Product names in a descriptor's parentheses. A code the crosswalk lists keeps only those its product names
  // confirm ("brixadi" of "Brixadi (weekly dosing)", not "g-csf" of Neupogen); for a code it does not list (most
  // terminated codes), any such name that is not a labeler's ("hospira", "fresenius kabi" make, not name, a drug).
  // A name in the parentheses of several drugs' descriptors is a manufacturer's too ("(auromedics)", "(maia)").
  const labelers = labelerNames(ref, cat, date);
  const groupKeys = new Map<string, Set<string | null>>();
  for (const e of cat.entries)
    for (const group of e.parts.parentheticals) {
      const keys = groupKeys.get(group) ?? new Set<string | null>();
      keys.add(e.parts.key);
      groupKeys.set(group, keys);
    }
  for (const e of cat.entries) {
    const brands = e.brands.map((b) => normalisePhrase(b));
    for (const group of e.parts.parentheticals) {
      if (!namesTheProduct(e, group)) continue;
      const manufacturer = (groupKeys.get(group)?.size ?? 0) > 1;
      for (const name of group.split('/').map((x) => normalisePhrase(x))) {
        if (NOT_A_PRODUCT.test(name) || ingredientOf(name, cat) !== null) continue;
        const confirmed =
          brands.length > 0
            ? brands.some((b) => b.startsWith(name))
            : !manufacturer && !labelers.some((l) => l.startsWith(labelerForm(name)));
        if (confirmed) addBrand(name, e);
      }
    }
  }
  // A presentation the label names after the brand ("Neulasta Onpro kit"): the same product under the same code.
  for (const c of CONTAINER_TYPES) {
    const name = normalisePhrase(
      c.product
        .replace(/\s*\([^)]*\)/g, '')
        .replace(/\s+\d.*$/, '')
        .replace(PACKAGE_WORDS, ''),
    );
    const entry = cat.byCode.get(c.hcpcs);
    const brand = name.split(' ').slice(0, -1).join(' ');
    if (!entry || !name.includes(' ') || !(brandCodes.get(brand) ?? []).includes(entry)) continue;
    if (!brandCodes.has(name)) addBrand(name, entry, labelSource(c.product, c.source));
  }
  // The skin substitutes' product names ("Dermacell, dermacell awm or dermacell awm porous, per square centimeter
  // (add-on, …)" Q4122: three). Billed as supplies since January 2026, they are not in the drug catalogue, but
  // statements name them as they name drugs. A name a drug code already has stays that code's ("Dermagraft" Q4106).
  const others: Sourced<HcpcsRecord>[] = [];
  for (const record of ref.allHcpcs(date)) {
    if (record.value.kind !== 'procedure') continue;
    const catalogued = cat.byCode.get(record.value.code);
    const products = catalogued?.parts.products ?? productNames(record.value.longDescription);
    if (products.length === 0) {
      if (!catalogued) others.push(record);
      continue;
    }
    const entry = catalogued ?? catalogueEntry(ref, record, date);
    // Not a name that would be read without a sign of its own: "amniocore pro+" (Q4299) as "amniocore pro" (Q4298).
    for (const product of products)
      if (normalisePhrase(product) === product) addBrand(product, entry, undefined, true);
  }
  // The same product in another form has a code of its own, by its name alone: "Amnioband, 1 mg" Q4168 beside Q4151.
  // Only a descriptor that starts with such a name is read whole.
  for (const record of others) {
    const head = normalisePhrase(record.value.longDescription.split(',')[0] ?? '');
    if (phrases.get(head)?.proper && drugNameParts(record.value.longDescription).key === head)
      addBrand(head, catalogueEntry(ref, record, date), undefined, true);
  }
  let maxWords = 1;
  for (const p of phrases.keys()) maxWords = Math.max(maxWords, p.split(' ').length);
  const suffixed = new Set<string>();
  for (const e of cat.entries)
    if (e.parts.key !== null && codeForm(e).suffixes.size > 0) suffixed.add(e.parts.key);
  return { cat, phrases, maxWords: Math.min(maxWords, 6), suffixed, brandCodes, brandSources };
}

/**
 * The distinguishing prefixes the USAN council gave biologics in the HCPCS drug descriptors (January 2026 file):
 * "ado-trastuzumab emtansine", "fam-trastuzumab deruxtecan-nxki", "ziv-aflibercept", "tbo-filgrastim". Only these:
 * "non-radioactive", "non-sterile", "off-the-shelf" are words, not prefixes of a name.
 */
const USAN_PREFIX = /^(?:ado|fam|ziv|tbo)-([a-z].*)$/;

/**
 * A US nonproprietary name without its distinguishing prefix (USAN_PREFIX) and without its four-letter biological
 * suffix (FDA guidance "Nonproprietary Naming of Biological Products", 2017): the international (INN) name, as
 * pages outside the US write it. Null for a name without such a prefix.
 */
export function internationalName(name: string): string | null {
  const m = USAN_PREFIX.exec(name);
  if (!m) return null;
  const rest = (m[1] as string).replace(/-[a-z]{4}$/, '');
  // A prefix on a one-word rest ("ziv-aflibercept") is read as is; the collision check above decides.
  return rest.length >= 4 ? rest : null;
}

/**
 * The parentheses stand for the product: a segment of their own ("…, biosimilar, (ixifi), 10 mg") or right after
 * the drug name ("asparaginase (erwinaze)"); not an abbreviation inside a clause ("… oxygenation (ecmo) only").
 */
function namesTheProduct(e: CatalogueEntry, group: string): boolean {
  const lower = e.record.value.longDescription.toLowerCase().replace(/\s+/g, ' ');
  const at = lower.indexOf(`(${group})`);
  if (at < 0) return false;
  const start = lower.lastIndexOf(',', at) + 1;
  const next = lower.indexOf(',', at);
  const segment = lower
    .slice(start, next < 0 ? lower.length : next)
    .replace(`(${group})`, '')
    .trim();
  return segment === '' || segment.replace(/^(?:injection|infusion)\s+/, '') === (e.parts.name ?? '');
}

/** Lower case without punctuation, as labeler names are compared ("dr. reddy's" → "dr reddy's"). */
const labelerForm = (name: string): string => name.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();

/** A name that reads as a known ingredient ("acetaminophen"), so not a product name. */
function ingredientOf(name: string, cat: Catalogue): string | null {
  const key = drugNameParts(`Injection, ${name}, 1 mg`).key;
  return key !== null && cat.byKey.has(key) ? key : null;
}

/** Labeler names of the crosswalk on the date, lower case without punctuation ("b braun medical inc"). */
function labelerNames(ref: ReferenceData, cat: Catalogue, date: IsoDate): string[] {
  const out = new Set<string>();
  for (const e of cat.entries)
    for (const p of ref.ndcPackagesForCode(e.code, date)?.value ?? [])
      out.add(labelerForm(normalisePhrase(p.labelerName)));
  return [...out];
}

/**
 * The key written with one word of the short descriptor in place of the key word it is a misspelling of (within
 * the edits search allows, spelling.ts): "bupivicaine" with "Inj, bupivacaine, nos, 0.5mg" → "bupivacaine".
 */
function shortDescriptorSpellings(key: string, shortDescription: string): string[] {
  const keyWords = key.split(' ');
  const out: string[] = [];
  for (const word of new Set(shortDescription.toLowerCase().split(/[^a-z-]+/))) {
    keyWords.forEach((k, i) => {
      const max = allowedEdits(k.length);
      if (word === k || max === 0 || editDistanceAtMost(word, k, max) > max) return;
      out.push([...keyWords.slice(0, i), word, ...keyWords.slice(i + 1)].join(' '));
    });
  }
  return out;
}

/**
 * The active codes the drug catalogue leaves out, by the names their descriptors give (ingredient key, product
 * names in parentheses, the products a skin substitute's descriptor lists): where else a name is billed when no
 * drug code carries it ("Corplex" is Q4232, a skin substitute). Built once per (reference, date), on the first
 * statement that needs it.
 */
export const uncataloguedByName = memoByReferenceAndDate(
  (ref: ReferenceData, date: IsoDate): ReadonlyMap<string, readonly Sourced<HcpcsRecord>[]> => {
    const cat = catalogue(ref, date);
    const byName = new Map<string, Sourced<HcpcsRecord>[]>();
    const add = (name: string, record: Sourced<HcpcsRecord>): void => {
      const list = byName.get(name);
      if (!list) byName.set(name, [record]);
      else if (!list.includes(record)) list.push(record);
    };
    for (const record of ref.allHcpcs(date)) {
      if (cat.byCode.has(record.value.code) || codeStatus(record.value, date) !== 'active') continue;
      const parts = drugNameParts(record.value.longDescription);
      if (parts.key !== null) add(parts.key, record);
      for (const p of parts.parentheticals) add(normalisePhrase(p), record);
      for (const p of parts.products) if (normalisePhrase(p) === p) add(p, record);
    }
    return byName;
  },
);
