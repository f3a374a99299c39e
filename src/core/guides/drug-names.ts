/**
 * Reads the drug name out of a HCPCS long descriptor and reduces it to an ingredient key, so codes for the
 * same ingredient (other manufacturers, salts, biosimilars) can be found, and what tells them apart can be
 * said from the descriptor words themselves. Nothing is guessed: a descriptor with no drug name (NOC codes)
 * has no key.
 *
 * Shapes handled (all seen in the HCPCS 2026 file):
 *   "Injection, pemetrexed (hospira), not therapeutically equivalent to j9305, 10 mg"   → pemetrexed
 *   "Injection, rituximab-abbs, biosimilar, (truxima), 10 mg"                          → rituximab
 *   "Injection, pemetrexed ditromethamine, 10 mg"                                      → pemetrexed (salt)
 *   "Injection, rituximab 10 mg and hyaluronidase"                                     → rituximab (+ hyaluronidase)
 *   "Leuprolide injectable, camcevi, 1 mg"                                             → leuprolide
 *   "Injection, acetaminophen 10 mg and ibuprofen 3 mg"                                → acetaminophen and ibuprofen
 *   "Dermacell, dermacell awm or dermacell awm porous, per square centimeter (add-on, …)" → products dermacell, …
 */
import { BIOSIMILAR_IN_NAME } from '../reference/descriptor.ts';

export interface DrugNameParts {
  /** Ingredient key: lower case, no salt, no biologic suffix, no manufacturer; null for NOC/unclassified codes. */
  key: string | null;
  /** Significant words of the key (used for "similar name" matches). */
  tokens: string[];
  /** The descriptor's drug-name segment, lower case, as written (e.g. "rituximab-abbs"). */
  name: string | null;
  /** Parenthesised words: manufacturer or brand ("hospira", "truxima"). */
  parentheticals: string[];
  /** The FDA four-letter suffix of a biological product ("abbs" in rituximab-abbs). */
  biologicSuffix: string | null;
  biosimilar: boolean;
  excludesBiosimilar: boolean;
  /** Salt or ester words removed from the key ("ditromethamine", "hydrochloride"). */
  salts: string[];
  /** Other descriptor segments that are not the name or the dose ("liposomal", "not otherwise specified"). */
  qualifiers: string[];
  withHyaluronidase: boolean;
  /** The descriptor is a not-otherwise-classified or unclassified drug code. */
  notOtherwiseClassified: boolean;
  /** "Not therapeutically equivalent to jNNNN": the code it must not be confused with. */
  notEquivalentTo: string[];
  /**
   * The product names a skin substitute's descriptor lists, lower case as written ("dermacell", "dermacell awm",
   * "dermacell awm porous"); empty for any other descriptor (see readProducts).
   */
  products: string[];
}

/** Salt and ester words dropped from the ingredient key (kept in `salts`). Never the first word of a name. */
const SALTS = new Set([
  'hcl',
  'hydrochloride',
  'hydrobromide',
  'sulfate',
  'sodium',
  'disodium',
  'potassium',
  'dipotassium',
  'calcium',
  'ditromethamine',
  'tromethamine',
  'mesylate',
  'maleate',
  'lactate',
  'acetate',
  'citrate',
  'tartrate',
  'bitartrate',
  'phosphate',
  'succinate',
  'besylate',
  'bromide',
  'chloride',
  'fumarate',
  'gluconate',
  'acetonide',
  'dipropionate',
  'palmitate',
  'decanoate',
  'enanthate',
  'cypionate',
  'lauroxil',
  'mononitrate',
  'pamoate',
  'valerate',
  'sucrose',
  'trihydrate',
  'anhydrous',
  'monohydrate',
  'dihydrate',
  'lactobionate',
  'edisylate',
  'tosylate',
  'nitrate',
]);

/** Hyphen tails that are words, not FDA biologic suffixes. */
const NOT_SUFFIX = new Set([
  'life',
  'free',
  'dose',
  'base',
  'like',
  'load',
  'acid',
  'form',
  'cell',
  'bound',
  'type',
  'time',
  'only',
]);

/** Words too common in drug names to mean two names are alike. */
const WEAK_TOKENS = new Set([
  'alfa',
  'beta',
  'gamma',
  'delta',
  'human',
  'recombinant',
  'acid',
  'complex',
  'concentrate',
  'with',
  'and',
  'injection',
  'injectable',
  'extended',
  'release',
  'long',
  'acting',
  'depot',
  'liposomal',
  'liposome',
  'pegylated',
  'solution',
  'protein',
  'particles',
  'bound',
  'free',
  'plasma',
  'derived',
  'lyophilized',
  'intravenous',
  'subcutaneous',
  'intramuscular',
  'oral',
  'vaccine',
  'antigen',
  'toxin',
  'type',
  'units',
  'unit',
]);

const PER_UNIT =
  /\s*\bper\s+(?:i\.u\.?|iu|units?|vial|dose|ml|mg|mcg|instillation|kit|study dose)(?![a-z]).*$/;
const DOSE =
  /(?:\b(?:per|up to|each)\s+)?\d+(?:[.,]\d+)?\s*(?:mg|mcg|gm?|grams?|milligrams?|micrograms?|units?|iu|i\.u\.|ml|cc|meq|mci|millicuries?|mmol|kg|%)(?:\s*\/\s*\d*(?:[.,]\d+)?\s*(?:mg|mcg|ml|units?|kg))?\b/g;

/** DOSE without the global flag, for `test` (a global regex's `test` moves its lastIndex). */
const HAS_DOSE = new RegExp(DOSE.source);

function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Removes " (…)" groups (nested allowed) preceded by a space or at the start; returns the text and the groups. */
function takeParentheticals(text: string): { text: string; groups: string[] } {
  const groups: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '(' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      groups.push(text.slice(i + 1, j).trim());
      i = j + 1;
      continue;
    }
    out += ch;
    i++;
  }
  // "factor viia (antihemophilic factor, recombinant)-jncw": the suffix belongs to the name before the group.
  return {
    text: out
      .replace(/\s+/g, ' ')
      .replace(/ -(?=[a-z]{4}\b)/g, '-')
      .trim(),
    groups,
  };
}

/** A parenthesised product or manufacturer name ("hospira", "truxima"), not a unit note or a use restriction. */
const isProductName = (group: string): boolean =>
  !/\d|=|\bfor\b|\buse\b|\besrd\b|\be\.g\.|\bi\.e\.|\bcode\b|\bnot\b|\bnon-|\bhuman\b|\brecombinant\b|\bderived\b|\bporcine\b|\bbovine\b|\badd-on\b|\blist (?:separately )?in addition\b/.test(
    group,
  );

/**
 * The skin substitutes' descriptor since HCPCS January 2026 (A2001–A2039 and Q4101–Q4420 in
 * HCPC2026_JAN_ANWEB_01122026.txt, 297 codes): product names, the area (or volume) one unit covers, and the add-on
 * note, "Apligraf, per square centimeter (add-on, list separately in addition to primary procedure)". "cenitmeter"
 * is so spelled in Q4208 and Q4314; A2025 and A2029 are "per cubic centimeter".
 */
const PER_AREA_ADD_ON =
  /^(.+?),\s*per (?:square|cubic) (?:centimeters?|cenitmeters?) \((?:add-on, )?list separately in addition to (?:code for )?primary procedure\)$/;
/** A segment of such a descriptor that describes the product rather than names it: "for topical use only" (Q4249). */
const DESCRIBES_PRODUCT = /^(?:for|includes?|including|any|with)\b/;

/**
 * The products a skin substitute descriptor names, read as written: these are brand names, so nothing is taken off
 * as a drug name's suffix, salt or formulation word would be ("ez-derm", "flex hd", "xcm biologic tissue matrix").
 * The names are listed with commas and "or" ("Memoderm, dermaspan, tranzgraft or integuply"); after the item joined
 * by "or" the list is closed and a further segment describes ("Architect, architect px, or architect fx,
 * extracellular matrix" Q4147). "And" is split only after commas: "Amnio burgeon membrane and hydromembrane" (Q4363)
 * is one product's two forms, not a product named "hydromembrane". Undefined for any other descriptor.
 */
function readProducts(lower: string): DrugNameParts | undefined {
  const m = PER_AREA_ADD_ON.exec(lower);
  if (!m) return undefined;
  const note = lower.slice(lower.lastIndexOf('(') + 1, -1);
  const products: string[] = [];
  const named: string[] = [];
  const parentheticals: string[] = [];
  const qualifiers: string[] = [];
  let closed = false;
  for (const segment of splitTopLevel(m[1] as string, ',')) {
    const written = takeParentheticals(segment);
    parentheticals.push(...written.groups);
    const text = written.text.replace(/^(?:or|and)\s+/, '');
    if (closed || DESCRIBES_PRODUCT.test(text) || text === '') {
      if (text !== '') qualifiers.push(text);
      continue;
    }
    // "Grafix prime, grafixpl prime, stravix and stravixpl" (Q4133): after commas, "and" ends the list as "or" does.
    const items = text.split(named.length > 0 ? /\s+(?:or|and)\s+/ : /\s+or\s+/).filter((x) => x !== '');
    products.push(...items);
    named.push(written.text);
    closed = items.length > 1 || text !== written.text;
  }
  if (products.length === 0) return undefined;
  const key = named.join(', ');
  return {
    key,
    tokens: [...new Set(key.split(/[\s,/-]+/).filter((t) => t.length >= 4 && !WEAK_TOKENS.has(t)))],
    name: key,
    parentheticals,
    biologicSuffix: null,
    biosimilar: false,
    excludesBiosimilar: false,
    salts: [],
    qualifiers: [...qualifiers, note],
    withHyaluronidase: false,
    notOtherwiseClassified: false,
    notEquivalentTo: [],
    products,
  };
}

/** A descriptor as the readers here take it: lower case, blanks collapsed, trimmed. */
export function normaliseDescriptor(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The products a skin substitute's descriptor lists (DrugNameParts.products), without reading anything else. */
export function productNames(longDescription: string): string[] {
  return readProducts(normaliseDescriptor(longDescription))?.products ?? [];
}

const isDoseSegment = (s: string): boolean => /^(?:per\s+|up to\s+|each\s+)?\d/.test(s) || /^per\b/.test(s);
const NOC_NAME = /\b(?:unclassified|not otherwise classified|drugs?|biologics?|nos)\b/;
const LEADING_ROUTE = /^(?:injection|infusion|injections|instillation)(?:\s+|$)/;
/**
 * Formulation words: kept as qualifiers, not part of the ingredient. "hd" names a product of its own ("Injection,
 * aflibercept hd, 1 mg" J0177 beside "Injection, aflibercept, 1 mg" J0178): the same drug, another product.
 */
const FORMULATION =
  /\s+(?:hd|extended[- ]release|long[- ]acting|depot form|depot|implant|liposomal|liposome|intravesical|intravenous|subcutaneous|intramuscular|intrathecal|intravitreal|ophthalmic|otic|pyelocalyceal|urethral|inhalation|oral|topical|nasal|vaginal|rectal|enteral|instillation|suspension|solution|suppository|irrigation)\b/g;
const NOT_EQUIVALENT = /\s*,?\s*not the[a-z]*ically equivalent to ([a-v]\d{4})/g;

export function drugNameParts(longDescription: string): DrugNameParts {
  const lower = normaliseDescriptor(longDescription);
  const product = readProducts(lower);
  if (product) return product;
  const segments = splitTopLevel(lower, ',');
  let nameIndex = 0;
  while (
    nameIndex < segments.length &&
    /^(?:injection|infusion|injections|instillation)$/.test(segments[nameIndex] as string)
  )
    nameIndex++;
  // "Injection, iv, urokinase, …" (J3365): a route abbreviation between the form word and the drug.
  if (nameIndex > 0 && segments[nameIndex] === 'iv') nameIndex++;
  let rawName = segments[nameIndex] ?? '';
  // "Injection, adalimumab-ryvk biosimilar, 1 mg" (Q5142): the word other descriptors give a segment of its own.
  const biosimilarInName = BIOSIMILAR_IN_NAME.exec(rawName);
  if (biosimilarInName)
    rawName =
      rawName.slice(0, biosimilarInName.index) +
      rawName.slice(biosimilarInName.index + biosimilarInName[0].length);
  let restFrom = nameIndex + 1;
  // "Injection, interferon, alfa-2a, recombinant, …": the type after the comma is part of the name.
  const next = segments[restFrom];
  if (next !== undefined && /^(?:alfa|beta|gamma)\b/.test(next)) {
    rawName = `${rawName} ${next}`;
    restFrom++;
  }
  // A combination whose drugs run past a comma, each with its dose: "imipenem 4 mg, cilastatin 4 mg and relebactam
  // 2 mg" (J0742), "albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg" (J7620). The next segment joins
  // the name when, doses removed, it carries another drug after "and" (co-formulated hyaluronidase is read below).
  const continued = segments[restFrom];
  if (
    continued !== undefined &&
    HAS_DOSE.test(continued) &&
    (HAS_DOSE.test(rawName) || isDoseSegment(continued)) &&
    /\band (?!hyaluronidase)[a-z]{3}/.test(continued.replace(DOSE, ' '))
  ) {
    rawName = `${rawName}, ${continued}`;
    restFrom++;
  }
  // "Injection, liposomal, 1 mg daunorubicin and 2.27 mg cytarabine" (J9153): the formulation word comes first and
  // the drugs follow, each after its dose; the name is those drugs, the formulation a qualifier.
  const leadQualifiers: string[] = [];
  const doses = segments[restFrom];
  if (/^(?:liposomal|liposome)$/.test(rawName) && doses !== undefined && /^\d/.test(doses)) {
    const drugs = doses.replace(DOSE, ' ').replace(/\s+/g, ' ').trim();
    if (/[a-z]{4}/.test(drugs)) {
      leadQualifiers.push(rawName);
      rawName = drugs;
      restFrom++;
    }
  }
  const rest = segments.slice(restFrom);

  const parentheticals: string[] = [];
  const qualifiers: string[] = [...leadQualifiers];
  let biosimilar = biosimilarInName !== null;
  let excludesBiosimilar = false;
  for (const seg of rest) {
    const p = takeParentheticals(seg);
    for (const g of p.groups) (isProductName(g) ? parentheticals : qualifiers).push(g);
    if (p.text === '') continue;
    if (p.text === 'biosimilar') biosimilar = true;
    else if (/^excludes biosimilars?$/.test(p.text)) excludesBiosimilar = true;
    else if (!isDoseSegment(p.text) && !new RegExp(NOT_EQUIVALENT.source).test(p.text))
      qualifiers.push(p.text);
  }
  const notEquivalentTo = [...lower.matchAll(NOT_EQUIVALENT)].map((m) => (m[1] as string).toUpperCase());
  const withHyaluronidase =
    /\bhyaluronidase\b/.test(lower) && !/^hyaluronidase\b/.test(rawName.replace(LEADING_ROUTE, ''));

  const np = takeParentheticals(rawName);
  const nameGroups = np.groups.filter(isProductName);
  parentheticals.unshift(...nameGroups);
  qualifiers.unshift(...np.groups.filter((g) => !isProductName(g)));
  let name = np.text
    .replace(LEADING_ROUTE, '')
    .replace(/\s+(?:injectable|injection)$/, '')
    .trim();
  const notOtherwiseClassified = name === '' || NOC_NAME.test(name);
  if (notOtherwiseClassified) {
    return {
      key: null,
      tokens: [],
      name: name || null,
      parentheticals,
      biologicSuffix: null,
      biosimilar,
      excludesBiosimilar,
      salts: [],
      qualifiers,
      withHyaluronidase,
      notOtherwiseClassified: true,
      notEquivalentTo,
      products: [],
    };
  }
  // Dose amounts inside the name ("acetaminophen 10 mg and ibuprofen 3 mg") are not part of it, nor is what
  // follows " for " / " in " ("leuprolide acetate for depot suspension", "epinephrine in sodium chloride").
  // "Injection, cilastatin sodium; imipenem, …" (J0743), "Busulfan; oral, 2 mg" (J8510): in the key, a semicolon
  // joins two drugs, or the drug and its route (dropped below as a formulation word, with its "and").
  name = name
    .replace(/\s*;\s*/g, ' and ')
    .replace(NOT_EQUIVALENT, '')
    .replace(PER_UNIT, '')
    .replace(DOSE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?, (?:, )*/g, ', ')
    .replace(/^, |,? and\b|, $/g, (m) => (m.includes('and') ? ' and' : ''))
    .trim();
  const cut = /\s+(?:for|in|administered)\s+.*$/.exec(name);
  if (cut && cut.index > 0) {
    qualifiers.push(cut[0].trim());
    name = name.slice(0, cut.index);
  }
  for (const m of name.matchAll(FORMULATION)) qualifiers.push(m[0].trim());
  name = name.replace(FORMULATION, '');

  let biologicSuffix: string | null = null;
  const salts: string[] = [];
  const words = name.split(' ').map((w, i) => {
    const m = /^(.+)-([a-z]{4})$/.exec(w);
    if (m && !NOT_SUFFIX.has(m[2] as string)) {
      biologicSuffix ??= m[2] as string;
      return m[1] as string;
    }
    if (i > 0 && SALTS.has(w)) {
      salts.push(w);
      return '';
    }
    return w;
  });
  let key = words.filter((w) => w !== '').join(' ');
  key = key
    .replace(/\s+and hyaluronidase$/, '')
    .replace(/\s+(?:and|with)$/, '')
    .trim();
  // "betamethasone acetate … and betamethasone sodium phosphate …" names one ingredient twice.
  const parts = key.split(' and ');
  if (parts.length > 1 && parts.every((p) => p === parts[0])) key = parts[0] as string;
  const tokens = [
    ...new Set(key.split(/[\s/-]+/).filter((t) => t.length >= 4 && !WEAK_TOKENS.has(t) && !/^\d/.test(t))),
  ];
  return {
    key: key || null,
    tokens,
    name: np.text.replace(LEADING_ROUTE, '') || null,
    parentheticals,
    biologicSuffix,
    biosimilar,
    excludesBiosimilar,
    salts,
    qualifiers,
    withHyaluronidase,
    notOtherwiseClassified: false,
    notEquivalentTo,
    products: [],
  };
}

/** The ingredient key of a free-text drug name ("Pemetrexed disodium" → "pemetrexed"), for matching claims. */
export function ingredientKeyOf(drugName: string): string | null {
  return drugNameParts(`Injection, ${drugName}, 1 mg`).key;
}
