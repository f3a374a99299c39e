/**
 * What tells apart products of one molecule that the ingredient key puts together, on both sides of a statement:
 * - the four-letter suffix of a biological product's nonproprietary name ("bevacizumab-bvzr" is Zirabev, Q5118;
 *   "bevacizumab-awwb" is Mvasi, Q5107). @see FDA guidance "Nonproprietary Naming of Biological Products" (2017).
 *   HCPCS writes it in the descriptor ("Injection, bevacizumab-bvzr, biosimilar, (zirabev), 10 mg"); a reference
 *   product licensed before 2017 has none ("Injection, infliximab, excludes biosimilar, 10 mg").
 * - a co-formulation with hyaluronidase, a subcutaneous product with a code of its own ("Injection, daratumumab,
 *   10 mg and hyaluronidase-fihj" J9144 is Darzalex Faspro; "Injection, daratumumab, 10 mg" J9145 is Darzalex IV),
 *   whose hyaluronidase may carry a suffix of its own ("fihj").
 * - a formulation variant: liposomal ("Injection, cytarabine liposome, 10 mg" J9098 is not "Injection, cytarabine,
 *   100 mg" J9100; "doxorubicin hydrochloride, liposomal" Q2050 is not J9000), or "hd" ("Injection, aflibercept hd,
 *   1 mg" J0177, Eylea HD, is not "Injection, aflibercept, 1 mg" J0178, Eylea): a product of its own, with its own
 *   label, dosing and code. Read from the descriptor's words.
 * The ingredient key drops all three (drug-names.ts), so that every code of a molecule is found; the fact checker
 * compares them here. Everything is read from the descriptor and the crosswalk product names, nothing is listed.
 */
import type { CatalogueEntry } from '../guides/catalogue.ts';
import { drugNameParts, normaliseDescriptor } from '../guides/drug-names.ts';

/** The product as a statement names it. */
export interface ClaimedForm {
  /** Suffix written after the molecule ("bvzr" in "bevacizumab-bvzr"); null when written without one. */
  suffix: string | null;
  /** "… and hyaluronidase" is written. */
  hyaluronidase: boolean;
  /** Suffix written after hyaluronidase ("fihj"); null when none is written. */
  hyaluronidaseSuffix: string | null;
  /** The formulation variant written: "liposome"/"liposomal" ("liposomal doxorubicin"), "hd" ("aflibercept hd"). */
  variant: Variant | null;
}

/** The product as the code's descriptor (and the crosswalk) names it. */
export interface CodeForm {
  /** Suffixes of the molecule: the descriptor's, and those of crosswalk product names of the same ingredient. */
  suffixes: ReadonlySet<string>;
  hyaluronidase: boolean;
  hyaluronidaseSuffix: string | null;
  /** The formulation variant the descriptor names. */
  variant: Variant | null;
  /** The product named by the descriptor, without its dose: "daratumumab and hyaluronidase-fihj", "bevacizumab-awwb". */
  name: string;
}

/** "and hyaluronidase", "with hyaluronidase-fihj", "& hyaluronidase human" after a molecule. */
export const HYALURONIDASE_JOIN = String.raw`(?:\s*,)?\s+(?:and|with|plus)\s+|\s*[+&]\s*`;
export const HYALURONIDASE_WORD = String.raw`hyaluronidase(?:-[a-z]{4})?(?:\s+human)?`;
/** Where a written co-formulation starts its hyaluronidase part. */
const HYALURONIDASE_START = new RegExp(`(?:${HYALURONIDASE_JOIN})hyaluronidase\\b`, 'i');
const HYALURONIDASE_SUFFIX = /\bhyaluronidase-([a-z]{4})\b/i;
/** "liposome", "liposomal": the word that marks a liposomal formulation, in a descriptor or a statement. */
export const LIPOSOMAL_WORD = String.raw`liposom(?:e|al)`;

/** Formulation variants that make a product of their own, as descriptors write them. */
export type Variant = 'liposomal' | 'hd';
const VARIANTS: readonly [Variant, RegExp, string][] = [
  ['liposomal', new RegExp(`\\b${LIPOSOMAL_WORD}\\b`, 'i'), 'liposomal'],
  ['hd', /\bhd\b/i, 'HD'],
];

function variantOf(text: string): Variant | null {
  return VARIANTS.find(([, re]) => re.test(text))?.[0] ?? null;
}
/** A dose written inside a descriptor-style name ("daratumumab, 10 mg and hyaluronidase-fihj"). */
const INNER_DOSE = /,?\s*(?:per\s+)?\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|units?)\b/gi;

/** The suffix a name gives its molecule, read the way descriptors are read (so "-free", "-like" are not suffixes). */
function moleculeSuffix(name: string): string | null {
  return drugNameParts(`Injection, ${name}, 1 mg`).biologicSuffix;
}

/** The product a statement names, from the drug name as written ("bevacizumab-bvzr", "daratumumab and hyaluronidase"). */
export function claimedForm(text: string): ClaimedForm {
  const t = normaliseDescriptor(text);
  const start = HYALURONIDASE_START.exec(t);
  const hyaluronidase = start !== null && start.index > 0;
  const molecule = hyaluronidase ? t.slice(0, start.index) : t;
  return {
    suffix: moleculeSuffix(molecule),
    hyaluronidase,
    hyaluronidaseSuffix: hyaluronidase
      ? (HYALURONIDASE_SUFFIX.exec(t.slice(start.index))?.[1] ?? null)
      : null,
    variant: variantOf(molecule),
  };
}

const forms = new WeakMap<CatalogueEntry, CodeForm>();

/** The product a code covers, from its descriptor and crosswalk product names (memoised per catalogue entry). */
export function codeForm(entry: CatalogueEntry): CodeForm {
  const known = forms.get(entry);
  if (known) return known;
  const parts = entry.parts;
  const lower = normaliseDescriptor(entry.record.value.longDescription);
  const hyaluronidase = parts.withHyaluronidase;
  const hyaluronidaseSuffix = hyaluronidase ? (HYALURONIDASE_SUFFIX.exec(lower)?.[1] ?? null) : null;
  const suffixes = new Set<string>();
  // "Injection, daratumumab 10 mg and hyaluronidase-fihj" (C9062) reads "fihj" as the molecule's: it is not.
  if (parts.biologicSuffix !== null && parts.biologicSuffix !== hyaluronidaseSuffix)
    suffixes.add(parts.biologicSuffix);
  // A crosswalk product named by its nonproprietary name ("Ustekinumab-AEKN", Q9998).
  for (const brand of entry.brands) {
    const p = drugNameParts(`Injection, ${brand}, 1 mg`);
    if (p.biologicSuffix !== null && p.key !== null && p.key === parts.key) suffixes.add(p.biologicSuffix);
  }
  let name = parts.name ?? entry.record.value.longDescription;
  if (hyaluronidase) {
    const m = new RegExp(HYALURONIDASE_WORD, 'i').exec(lower);
    if (m) {
      name = lower
        .slice(0, m.index + m[0].length)
        .replace(/^(?:(?:injection|infusion)\s*,\s*)+/, '')
        .replace(INNER_DOSE, '')
        .replace(/\s+/g, ' ')
        .trim();
    }
  }
  const variant = variantOf(lower);
  // "Injection, doxorubicin hydrochloride, liposomal, …": the name segment alone would drop the formulation.
  if (variant !== null && variantOf(name) === null) name = `${name}, ${variant}`;
  const form: CodeForm = { suffixes, hyaluronidase, hyaluronidaseSuffix, variant, name };
  forms.set(entry, form);
  return form;
}

/** Whether the product a statement names is the one a code covers, once the ingredient keys agree. */
export function formFits(claimed: ClaimedForm, code: CodeForm): boolean {
  if (claimed.suffix !== null && !code.suffixes.has(claimed.suffix)) return false;
  if (claimed.hyaluronidase !== code.hyaluronidase) return false;
  if (claimed.variant !== code.variant) return false;
  return claimed.hyaluronidaseSuffix === null || claimed.hyaluronidaseSuffix === code.hyaluronidaseSuffix;
}

/**
 * The words that set the product apart, for "… is Q5118" suggestions: the name as written when it says them
 * ("bevacizumab-bvzr", "daratumumab and hyaluronidase"), else "daratumumab without hyaluronidase", "irinotecan
 * (not liposomal)".
 */
export function describeClaimed(text: string, claimed: ClaimedForm, code: CodeForm | undefined): string {
  if (code?.hyaluronidase === true && !claimed.hyaluronidase) return `${text} without hyaluronidase`;
  const variant = VARIANTS.find(([v]) => v === code?.variant);
  if (variant && claimed.variant === null) return `${text} (not ${variant[2]})`;
  return text;
}
