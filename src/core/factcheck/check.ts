/**
 * factCheck: finds the statements in free text that tie a HCPCS code to a drug, a billing unit or a modifier
 * meaning, and checks each against the reference data on a date.
 *
 * Recognised statement shapes (precision first: a statement the patterns do not recognise is not reported, so a
 * true statement is never flagged by a loose guess):
 * - code then drug:  "J9312 is pemetrexed", "J9047 (carfilzomib)", "code J9047, carfilzomib, 1 mg", "J9312 is not …",
 *                    a line "J9045 carboplatin 50 mg", a table row "| J9312 | pemetrexed | 10 mg |"
 * - tables:          a header naming a code column and a drug or unit column, in any order ("| Drug | HCPCS | Unit |",
 *                    "| Code | Drug |", "| Old code | New code | Description |", also without outer borders or
 *                    tab-separated): each row read by column (tableDrafts), the drug cell as a name in prose ("Injection,
 *                    pembrolizumab, 10 mg" states the unit), a cell holding a sentence as a sentence; without such a
 *                    header, "| rituximab | J9312 |" is read as the name of the code
 * - drug then code:  "pemetrexed (J9305)", "bill Keytruda with J9271", "the code for pemetrexed is J9305",
 *                    "pemetrexed is billed under J9305, J9304 or J9294" (the name carries over a list of codes),
 *                    "Neulasta is billed per 6 mg with J2506", "for Opdivo, use code J9298", "Avastin and its
 *                    biosimilars (Mvasi, Zirabev) are billed under J9035", "Imfinzi is durvalumab and is billed under
 *                    J9173" (the subject; subjectBeforeAnd)
 * - lists:           "Neither J9271 nor J9299 is rituximab" (each negated), "J9312 or J9271 is rituximab" (one of
 *                    them is); an "or" that may mean each or one of them gets a verdict only when both readings agree
 *                    (joinGroups, settleDisjunctions); the same over names of one code ("Neither Keytruda nor Opdivo
 *                    is J9312", "Rituxan or Keytruda is J9312": joinNames); "and/or" reads as "or"
 * - units for a dose: "Pembrolizumab 200 mg = 20 units of J9271", "bill 200 units of J9271 for a 200 mg dose of
 *                    Keytruda": the count must be the dose over the billing unit, rounded up (doseUnitsClaim)
 * - billing unit:    "J9173 is billed per 10 mg", "one unit of J9173 = 10 mg", "the billing unit of J9173 is 10 mg",
 *                    "J9173, billed per 10 mg", "J9173 (per 10 mg)", "J9173 (unit: 10 mg)", "J9173, per 10 mg." (a bare
 *                    "per" only when the clause ends: "J9271, per 200 mg infusion" is a dose), and a unit written after
 *                    the drug ("carfilzomib, 1 mg", "rituximab, 10 mg per unit", "pembrolizumab, billed in 1 mg
 *                    units", "pembrolizumab; 1 unit = 1 mg", "J9173 is Imfinzi and is billed per 10 mg", "J9045
 *                    carboplatin is billed per 50 mg"). An amount alone in brackets ("J9173 (10 mg)",
 *                    "pembrolizumab (200 mg)") or after a colon ("J9173: 10 mg") may be a dose or a number of units
 *                    given: it is not read as the unit.
 * - biosimilars:     "J1745 is infliximab, including biosimilars" (false when biosimilars have codes of their own)
 * - products:        "Q5107 is bevacizumab-bvzr", "J9145 is daratumumab and hyaluronidase", "J9144 is daratumumab":
 *                    the biosimilar suffix and the hyaluronidase written must be the code's own (formulation.ts)
 * - modifier meaning: "modifier JW indicates no waste", "the JZ modifier means …", "use JZ when drug is discarded"
 * - modifier use:    modifier 25 on a drug line, JW and JZ on one line, JW/JZ for multiple-dose vials (also when
 *                    the waste meaning is right: "use JW when drug is discarded from a multi-dose vial"), JG in use
 *                    after its termination.
 * A statement true as written about a code or modifier not valid on the date gets the verdict `outdated`. A sentence
 * that names a code or modifier but yields no statement about it is returned in `notChecked`, so a reader of the
 * summary knows what was not verified.
 */
import { toRational } from '../dosing/rational.ts';
import { billingUnits } from '../dosing/rounding.ts';
import { groupThousands } from '../money.ts';
import { catalogue, catalogueEntry, type CatalogueEntry } from '../guides/catalogue.ts';
import { drugNameParts, ingredientKeyOf } from '../guides/drug-names.ts';
import type { FactSource } from '../guides/model.ts';
import { PUB, releaseSource } from '../guides/sources.ts';
import { assertIsoDate, codeStatus } from '../reference/as-of.ts';
import type { BillingUnit, HcpcsRecord, IsoDate, Sourced } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { dictionary, normalisePhrase, uncataloguedByName, type Dictionary } from './dictionary.ts';
import {
  claimedForm,
  codeForm,
  describeClaimed,
  formFits,
  HYALURONIDASE_JOIN,
  HYALURONIDASE_WORD,
  LIPOSOMAL_WORD,
} from './formulation.ts';
import type {
  CheckedClaim,
  ClaimKind,
  FactCheckResult,
  SuggestedCode,
  UncheckedSentence,
  Verdict,
} from './model.ts';
import {
  phraseAt,
  phraseEndingAt,
  splitSentences,
  type PhraseMatch,
  type Sentence,
  type TableRow,
} from './text.ts';

/** A code, also as some pages write it with a hyphen ("J-9271"). */
const CODE_RE = /\b([A-Va-v])-?(\d{4})\b/g;
// Amounts may carry thousands separators as CMS writes them ("10,000 units", descriptor.ts AMOUNT reads the same).
const UNIT_SRC = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(mg|mcg|µg|ug|micrograms?|milligrams?|grams?|gm|g|units?|iu|i\.u\.|ml|milliliters?|millilitres?|cc)(?![a-z/µ])(?!\s*/\s*(?:kg|m2|m²))`;
const UNIT_AT = new RegExp(`^${UNIT_SRC}`, 'i');
const UNIT_IN = new RegExp(`\\b${UNIT_SRC}`, 'i');

interface Mention {
  code: string;
  start: number;
  end: number;
}

interface ClaimDraft {
  mention: Mention;
  drug?: PhraseMatch;
  unit?: { amount: number; unit: string; text: string };
  negated: boolean;
  /** The clause says the code also covers biosimilars ("J1745 is infliximab, including biosimilars"). */
  includesBiosimilars?: boolean;
  /** How the drug was tied to the code: a name before the code (B), after it (A), or carried over a list. */
  via: 'before' | 'after' | 'list' | 'unit';
  /** One of several codes paired in order with as many names (pairLists); shared by the drafts of one list. */
  pairing?: Pairing;
  /**
   * One of several codes joined by "or" (joinGroups), or one of several names of one code (joinNames); shared by the
   * drafts of one list.
   */
  disjunction?: Disjunction;
  /** "either" or "neither" written before the name after the code ("J9312 is neither Keytruda nor Opdivo"). */
  lead?: 'either' | 'neither';
  /**
   * "Imfinzi is pembrolizumab and is billed under J9173": the name the subject is said to be, of another ingredient;
   * the sentence ties it to the code as well (subjectBeforeAnd).
   */
  apposition?: PhraseMatch;
  /**
   * A number of units said to make a dose: "200 mg = 20 units of J9271", "bill 200 units of J9271 for a 200 mg dose"
   * (doseUnitsClaim). `negated`: "do not bill 20 units of J9271 for a 200 mg dose" (the drug, if any, is not).
   */
  doseUnits?: DoseUnits;
}

interface DoseUnits {
  dose: { amount: number; unit: string; text: string };
  count: number;
  /** As written, for `claimed.unit`: "200 mg = 20 units". */
  text: string;
  negated: boolean;
}

/**
 * "J9312 or J9271 is rituximab": `any` when the sentence says that one of the codes is the drug (true when at least
 * one is); `uncertain` when it may as well say that each is ("Rituximab is billed with J9312 or J9271"): then a
 * verdict is given only when both readings agree (settleDisjunctions).
 */
interface Disjunction {
  reading: 'any' | 'uncertain';
}

interface Pairing {
  names: PhraseMatch[];
  /** "respectively" is written: the order is the pairing. */
  respectively: boolean;
}

/**
 * The drafts of a sentence, and the codes left without a statement because their pairing with names, or the reading
 * of the "or" or "neither … nor" joining them (or their names), is not certain.
 */
interface Drafts {
  drafts: ClaimDraft[];
  /** Several codes with several names, and which goes with which is not certain (pairLists). */
  pairing: Set<string>;
  /** Codes or names joined by "or" or "nor" whose reading is not certain (joinGroups, joinNames). */
  reading: Set<string>;
}

// ---------------------------------------------------------------------------------------------------------
// Units

type UnitKind = 'mass' | 'units' | 'mL' | 'other';

function normaliseUnit(word: string): { kind: UnitKind; factorToBase: number; symbol: string } {
  const w = word.toLowerCase();
  if (/^(mg|milligrams?)$/.test(w)) return { kind: 'mass', factorToBase: 1, symbol: 'mg' };
  if (/^(mcg|µg|ug|micrograms?)$/.test(w)) return { kind: 'mass', factorToBase: 0.001, symbol: 'mcg' };
  if (/^(g|gm|grams?)$/.test(w)) return { kind: 'mass', factorToBase: 1000, symbol: 'g' };
  if (/^(units?|iu|i\.u\.)$/.test(w)) return { kind: 'units', factorToBase: 1, symbol: 'units' };
  if (/^(ml|milliliters?|millilitres?|cc)$/.test(w)) return { kind: 'mL', factorToBase: 1, symbol: 'mL' };
  return { kind: 'other', factorToBase: 1, symbol: w };
}

function billingUnitKind(u: BillingUnit): { kind: UnitKind; factorToBase: number } {
  switch (u.unit) {
    case 'mg':
      return { kind: 'mass', factorToBase: 1 };
    case 'mcg':
      return { kind: 'mass', factorToBase: 0.001 };
    case 'g':
      return { kind: 'mass', factorToBase: 1000 };
    case 'ng':
      return { kind: 'mass', factorToBase: 0.000001 };
    case 'units':
    case 'international-units':
      return { kind: 'units', factorToBase: 1 };
    case 'mL':
      return { kind: 'mL', factorToBase: 1 };
    case 'L':
      return { kind: 'mL', factorToBase: 1000 };
    case 'meq':
    case 'mmol':
    case 'mci':
    case 'vial':
    case 'each':
    case 'dose':
    case 'kit':
    case 'sq-cm':
    case 'other':
      return { kind: 'other', factorToBase: 1 };
  }
}

/**
 * The units a dose makes: `exact` (dose ÷ billing unit) and `billed`, rounded up as administered units are
 * (dosing/rounding.ts billingUnits, @see SOURCES.macUnits there); undefined when the dose cannot be put in the billing
 * unit's terms (another kind: mg against units, or a unit such as "vial").
 */
function unitsForDose(
  dose: { amount: number; unit: string },
  actual: BillingUnit,
): { exact: number; billed: number } | undefined {
  const c = normaliseUnit(dose.unit);
  const a = billingUnitKind(actual);
  if (a.kind === 'other' || c.kind !== a.kind || actual.amount <= 0) return undefined;
  // Decimal text, not the float product: 0.2 mcg is 0.0002 mg exactly.
  const doseBase = toRational(Number((dose.amount * c.factorToBase).toPrecision(12)));
  const unitBase = toRational(Number((actual.amount * a.factorToBase).toPrecision(12)));
  return {
    exact: (dose.amount * c.factorToBase) / (actual.amount * a.factorToBase),
    billed: billingUnits(doseBase, unitBase, 'administered'),
  };
}

/** Same quantity? Mass units convert (1 g = 1000 mg); amounts compared to 1e-9. */
function sameQuantity(claimed: { amount: number; unit: string }, actual: BillingUnit): boolean | undefined {
  const c = normaliseUnit(claimed.unit);
  const a = billingUnitKind(actual);
  if (a.kind === 'other') return undefined;
  if (c.kind !== a.kind) return false;
  return Math.abs(claimed.amount * c.factorToBase - actual.amount * a.factorToBase) < 1e-9;
}

function readUnit(text: string): { amount: number; unit: string; text: string; length: number } | undefined {
  const m = UNIT_AT.exec(text);
  if (!m) return undefined;
  return {
    amount: Number((m[1] as string).replace(/,/g, '')),
    unit: m[2] as string,
    text: m[0],
    length: m[0].length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Code mentions and their drug / unit

function mentions(ref: ReferenceData, s: Sentence, date: IsoDate): Mention[] {
  const out: Mention[] = [];
  for (const m of s.raw.matchAll(CODE_RE)) {
    const code = `${m[1] as string}${m[2] as string}`.toUpperCase();
    const rec = ref.hcpcs(code, date);
    if ((rec && rec.value.kind === 'procedure') || /^[JQ]/.test(code))
      out.push({ code, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const AFTER_CONNECTOR =
  /^\s*(?:codes?\s+(?=is\b|are\b))?(?:(?<neg>(?:is|are)\s+not|isn['’]t|aren['’]t|is\s+no\s+longer)\s+(?:(?:the\s+)?(?:(?:correct|right|hcpcs|level\s+ii|j-?)\s+)*code\s+for\s+|for\s+|used\s+for\s+)?|(?<strong>(?:is|are)\s+(?:the\s+)?(?:(?:correct|right|hcpcs|level\s+ii|j-?)\s+)*codes?\s+for|(?:is|are)\s+used\s+(?:for|to\s+(?:bill|report))|(?:is|are)\s+for|is|are|=|represents|describes|covers|refers\s+to|stands\s+for|means|bills|reports)\s+|(?<weak>\(|,|:|[–—]|-(?=\s))\s*)/i;
const FILLER = /^(?:(?:the|a|an)\s+)?(?:(?:drug|product|generic|brand|injection(?:\s+of)?|inj\.?)[\s,]+)*/i;
/** After a name tied by a weak connector ("(", ",", ":", "-"), the clause must end or a unit follow. */
const WEAK_FOLLOW = /^\s*(?:$|[),;.:\]]|[–—]|-\s|\(|,\s*(?:per\s+)?\d|\s(?:per\s+)?\d)/i;
/** A name's clause goes on with a verb that states the billing unit: "… is billed per 10 mg", "… billed in 1 mg units". */
const BILLED_PER_AFTER_NAME = /^\s+(?:(?:is|are)\s+)?(?:billed|reported|coded)\s+(?:per|in)\s/i;
/** Only bullets, numbering or table borders before the code: "J9045 carboplatin 50 mg" is a descriptor-style line. */
const AT_STATEMENT_START = /^[^\p{L}\p{N}]*(?:\d+[.)]\s*)?$/u;
/**
 * What may come between a name and its billing unit: "rituximab 10 mg", "rituximab, per 10 mg", "(rituximab
 * 10 mg)", "pembrolizumab, billed in 10 mg units", "pembrolizumab; 1 unit = 10 mg", "Imfinzi and is billed per
 * 10 mg". `explicit` marks the words that make it a unit (a bare amount after ";" may be a dose).
 */
const UNIT_LEAD =
  /^(?<sep>\s*[,;(])?\s*(?<explicit>(?:and\s+)?(?:(?:is|are)\s+)?(?:billed|reported|coded)\s+(?:per|in(?:\s+(?:units|increments)\s+of)?)\s+|(?:1|one)\s+(?:billing\s+)?unit\s*(?:=|equals|is(?:\s+equal\s+to)?|represents|covers|:)\s*|per\s+)?/i;
/** After an amount, words that say it is the unit: "10 mg per unit", "10 mg = 1 unit", "10 mg units", "1 mg unit". */
const UNIT_WORDS_SRC = String.raw`(?:\s*(?:per|\/|a|an|each|for\s+(?:one|1|each))\s*(?:billing\s+)?unit\b|\s*=\s*(?:1|one)\s+(?:billing\s+)?unit\b|\s+(?:billing\s+)?(?:units?|increments)\b)`;
const UNIT_WORDS_AFTER = new RegExp(`^${UNIT_WORDS_SRC}`, 'i');
/**
 * After the unit, the clause ends, maybe after "per unit", "units", "= 1 unit"; not a list of strengths
 * ("0.015mg, 0.12mg per 24 hours").
 */
const UNIT_TAIL = new RegExp(`^${UNIT_WORDS_SRC}?\\s*(?:$|[);.:]|,(?!\\s*\\d)|[–—-]\\s)`, 'i');
/** Words that make an amount a dose, not the billing unit; DOSE_AFTER and DOSE_WORD each add their own "q3w" form. */
const DOSE_WORDS_SRC = String.raw`doses?|vials?|infusions?|injections?|every|once|twice|daily|weekly`;
/** "per kg", "/m2", "per dose", "per day": the amount is a dose. */
const PER_DOSE_SRC = String.raw`(?:per|\/)\s*(?:kg|m2|m²|dose|infusion|vial|day|week)(?![a-z])`;
/**
 * After an amount, words that make it a dose, not the billing unit: "200 mg dose", "100 mg vial", "200 mg infusion",
 * "200 mg every 3 weeks", "2 mg per kg".
 */
const DOSE_AFTER = new RegExp(
  String.raw`^\s*(?:-\s*)?(?:${DOSE_WORDS_SRC}|q\d|${PER_DOSE_SRC})(?![a-z])`,
  'i',
);
/** A dose word anywhere in a clause: "…, per 200 mg, every 3 weeks", "…, 200 mg, once every 21 days". */
const DOSE_WORD = new RegExp(String.raw`\b(?:${DOSE_WORDS_SRC}|q\d+\w*)\b|${PER_DOSE_SRC}`, 'i');
/**
 * The text after an amount makes it a dose: a dose word right after it ("200 mg infusion"), or anywhere in the rest
 * of its clause (up to "." or ";"), after a comma or a dash too ("per 200 mg, every 3 weeks").
 */
const doseFollows = (rest: string): boolean =>
  DOSE_AFTER.test(rest) || DOSE_WORD.test(rest.split(/[.;](?=\s|$)/)[0] ?? '');
/**
 * "including biosimilars", "and its biosimilars." (ending the clause: "and biosimilars have their own codes" says
 * the opposite), "biosimilars included"; not "excluding" or "not including".
 */
const INCLUDES_BIOSIMILARS =
  /(?<!\bnot\s)\b(?:(?:including|includes?|incl\.?|covers?|as\s+well\s+as)\s+(?:(?:its|their|all|any|the|a)\s+)?biosimilars?\b|(?:and|or|plus)\s+(?:(?:its|their|all|any|the|a)\s+)?biosimilars?\s*(?:$|[),.;]))|\bbiosimilars?\s+(?:included|too|as\s+well)\b/i;

/*
 * Searches that must end at the end of a text ("…\s*$") but may start anywhere begin with a guard such as "(?<!\s)":
 * a match cannot start inside a run of blanks (or of digits) where one starting at the run's first character
 * matches too, the leading "\s+" or "\d+" taking the rest. The first match is the same, but the regular expression
 * engine no longer tries every offset of a long run, each time reading to its end: that took quadratic time
 * (20,000 blanks in a statement ~1 s, 50,000 ~13 s). long-runs.test.ts has such statements.
 */

/** A dose inside a descriptor-style name: "daratumumab, 10 mg and hyaluronidase-fihj". */
const NAME_DOSE_AMOUNT = String.raw`\s*(?:per\s+)?\d+(?:\.\d+)?\s*(?:mg|mcg)\b`;
const NAME_DOSE_AT = new RegExp(`^,?${NAME_DOSE_AMOUNT}`, 'i');
// ",?" as a guard: a comma, or no blank before and not inside a number.
const NAME_DOSE_END = new RegExp(`(?:,|(?<!\\s)(?!(?<=\\d)\\d))${NAME_DOSE_AMOUNT}$`, 'i');
const HYALURONIDASE_AT = new RegExp(`^(?:${HYALURONIDASE_JOIN})${HYALURONIDASE_WORD}\\b`, 'i');
const HYALURONIDASE_END = new RegExp(`(?<!\\s)(?:${HYALURONIDASE_JOIN})${HYALURONIDASE_WORD}$`, 'i');

/**
 * A molecule written as a co-formulation with hyaluronidase names that product, not the molecule alone:
 * "daratumumab and hyaluronidase-fihj", descriptor style "daratumumab, 10 mg and hyaluronidase-fihj", and with one
 * more molecule "pertuzumab, trastuzumab, and hyaluronidase-zzxf" (J9316). The phrase grows over the whole product;
 * its entry stays the first molecule's, which is the ingredient key of such a code (drug-names.ts).
 */
function withHyaluronidaseAfter(dict: Dictionary, text: string, drug: PhraseMatch): PhraseMatch {
  if (drug.entry.brand !== null) return drug;
  let pos = drug.end;
  const dose = NAME_DOSE_AT.exec(text.slice(pos));
  if (dose) pos += dose[0].length;
  const comma = /^\s*,\s*/.exec(text.slice(pos));
  const other = comma ? phraseAt(dict, text, pos + comma[0].length) : undefined;
  if (other && other.entry.brand === null) pos = other.end;
  const h = HYALURONIDASE_AT.exec(text.slice(pos));
  if (!h) return drug;
  const end = pos + h[0].length;
  return { ...drug, text: text.slice(drug.start, end), end };
}

/** "liposomal" before a name ("liposomal doxorubicin"), or after it ending the clause ("doxorubicin, liposomal"). */
const LIPOSOMAL_LEAD = new RegExp(`^${LIPOSOMAL_WORD}\\s+`, 'i');
const LIPOSOMAL_BEFORE = new RegExp(`\\b${LIPOSOMAL_WORD}\\s+$`, 'i');
const LIPOSOMAL_AFTER = new RegExp(
  `^(?:\\s*,)?\\s+${LIPOSOMAL_WORD}(?:\\s+formulation)?(?=\\s*(?:$|[,;.:)\\]]|\\d|per\\b|[–—-]\\s))`,
  'i',
);

/**
 * A name written with its liposomal formulation names that product (formulation.ts): the phrase grows over the word,
 * before or after the name, so "J9100 is cytarabine liposome" and "J9000 is liposomal doxorubicin" are checked as
 * the liposomal product, not as the molecule.
 */
function withLiposomal(text: string, drug: PhraseMatch, from: number): PhraseMatch {
  if (drug.entry.brand !== null) return drug;
  let { start, end } = drug;
  const before = LIPOSOMAL_BEFORE.exec(text.slice(from, start));
  if (before) start = from + before.index;
  const after = new RegExp(LIPOSOMAL_WORD, 'i').test(drug.text)
    ? null
    : LIPOSOMAL_AFTER.exec(text.slice(end));
  if (after) end += after[0].length;
  return start === drug.start && end === drug.end
    ? drug
    : { ...drug, text: text.slice(start, end), start, end };
}

/** The same co-formulation written before a code: "daratumumab and hyaluronidase-fihj (J9144)". */
function withHyaluronidaseBefore(
  dict: Dictionary,
  raw: string,
  end: number,
  from: number,
): PhraseMatch | undefined {
  const h = HYALURONIDASE_END.exec(raw.slice(from, end));
  if (!h) return undefined;
  let pos = from + h.index;
  const dose = NAME_DOSE_END.exec(raw.slice(from, pos));
  if (dose) pos = from + dose.index;
  let first = phraseEndingAt(dict, raw, pos);
  if (!first || first.entry.brand !== null || first.start < from) return undefined;
  const comma = /(?<!\s)\s*,\s*$/.exec(raw.slice(from, first.start));
  const before = comma ? phraseEndingAt(dict, raw, from + comma.index) : undefined;
  if (before && before.entry.brand === null && before.start >= from) first = before;
  return { text: raw.slice(first.start, end), entry: first.entry, start: first.start, end };
}

const DOSE_IN_NAME = String.raw`(?:up to\s+)?\d+(?:\.\d+)?\s*[a-zµ]+(?:\/[a-z]+)?`;
/**
 * After a combination's first drug: doses and drugs past commas, then "and" and the last drug (group 1: its further
 * words). "(?:\s*,)?\s*and", not "\s*,?\s*and": two runs of blanks around an optional comma backtrack in quadratic time.
 */
const COMBINATION_CHAIN = new RegExp(
  String.raw`^(?:\s+${DOSE_IN_NAME})?(?:\s*,\s*(?:${DOSE_IN_NAME}|[a-z][a-z-]+(?:\s+${DOSE_IN_NAME})?))*(?:\s*,)?\s*and\s+[a-z][a-z-]+((?:\s+[a-z][a-z-]+){0,2})`,
  'i',
);

/**
 * The drug or product name written at `pos` (after filler words such as "the drug", "injection,"), grown over its
 * formulation: a combination written out ("acetaminophen 10 mg and ibuprofen 3 mg" names one product, not its first
 * part), a co-formulation with hyaluronidase, "liposomal". Nothing past `limit` is read.
 */
function nameAt(dict: Dictionary, raw: string, start: number, limit: number): PhraseMatch | undefined {
  let pos = start;
  const filler = FILLER.exec(raw.slice(pos, limit));
  if (filler) pos += filler[0].length;
  // "liposomal doxorubicin": the formulation word first, then the name.
  const lead = LIPOSOMAL_LEAD.exec(raw.slice(pos, limit));
  let drug =
    (lead ? phraseAt(dict, raw.slice(0, limit), pos + lead[0].length) : undefined) ??
    phraseAt(dict, raw.slice(0, limit), pos);
  if (!drug) return undefined;
  const combo = /^\s*(?:\d+(?:\.\d+)?\s*[a-zµ]+(?:\/[a-z]+)?\s+)?and\s+/i.exec(raw.slice(drug.end, limit));
  const second = combo ? phraseAt(dict, raw.slice(0, limit), drug.end + combo[0].length) : undefined;
  if (second) {
    const keys = new Set<string>();
    for (const a of drug.entry.keys)
      for (const b of second.entry.keys) if (dict.cat.byKey.has(`${a} and ${b}`)) keys.add(`${a} and ${b}`);
    if (keys.size > 0)
      drug = {
        text: raw.slice(drug.start, second.end),
        entry: { keys, brand: null, exact: true },
        start: drug.start,
        end: second.end,
      };
  }
  // A combination written as its descriptor writes it, drugs and doses past commas: "imipenem 4 mg, cilastatin 4 mg
  // and relebactam" (J0742), "albuterol, up to 2.5 mg and ipratropium bromide" (J7620). Read with the descriptors'
  // own name reader, it must give a catalogue key.
  const chain = COMBINATION_CHAIN.exec(raw.slice(drug.end, limit));
  if (chain) {
    // The last drug's name may run on ("tenofovir disoproxil fumarate"): the longest reading that is a key wins.
    const full = drug.end + chain[0].length;
    const tail = chain[1] ?? '';
    const ends = [
      full,
      ...[...tail.matchAll(/\s+[a-z][a-z-]+/gi)].reverse().map((m) => full - tail.length + m.index),
    ];
    for (const end of ends) {
      // Words the name reader sets aside ("in adults", "intravenous") are not part of the drug's name.
      const parts = drugNameParts(`Injection, ${raw.slice(drug.start, end)}, 1 mg`);
      const key = parts.key;
      if (key === null || parts.qualifiers.length > 0 || !key.includes(' and ') || !dict.cat.byKey.has(key))
        continue;
      drug = {
        text: raw.slice(drug.start, end),
        entry: { keys: new Set([key]), brand: null, exact: true },
        start: drug.start,
        end,
      };
      break;
    }
  }
  drug = withHyaluronidaseAfter(dict, raw.slice(0, limit), drug);
  return withLiposomal(raw.slice(0, limit), drug, pos);
}

function afterClaim(dict: Dictionary, raw: string, m: Mention, limit: number): ClaimDraft | undefined {
  const after = raw.slice(m.end, limit);
  // A code at the start of a line followed by a name with no verb ("J9045 carboplatin 50 mg") is tied like a
  // weak connector: the name must end the clause or be followed by a unit.
  const c =
    AFTER_CONNECTOR.exec(after) ??
    (AT_STATEMENT_START.test(raw.slice(0, m.start)) ? /^\s+(?<weak>)/.exec(after) : null);
  if (!c) return undefined;
  const negated = c.groups?.['neg'] !== undefined;
  // No name: an amount alone after the code ("J9173 (10 mg)", "J9173: 10 mg") may be a dose as well as the unit, so
  // it is not read here; unitClaim reads the forms that say the amount is the unit ("J9173 (per 10 mg)").
  // "J9312 is neither Keytruda nor Opdivo", "… is either rituximab or …": joinNames reads the names that follow.
  const lead = /^(n?either)\s+/i.exec(raw.slice(m.end + c[0].length, limit));
  const drug = nameAt(dict, raw, m.end + c[0].length + (lead?.[0].length ?? 0), limit);
  if (!drug) return undefined;
  const rest = raw.slice(drug.end, limit);
  // "J9045 carboplatin is billed per 10 mg", "J9045: carboplatin is billed per 10 mg": after a weak tie the clause may
  // also go on with a verb that states the billing unit (read by unitAfterName below).
  if (
    c.groups?.['weak'] !== undefined &&
    !WEAK_FOLLOW.test(rest) &&
    !(c.groups['weak'] !== '(' && BILLED_PER_AFTER_NAME.test(rest))
  )
    return undefined;
  // A unit written after the name, descriptor style: "carfilzomib, 1 mg", "(rituximab 10 mg)", "rituximab, per 10 mg",
  // "rituximab, 100 mg per unit". The clause must end after the unit, else the amount is a dose ("… 200 mg every 3
  // weeks"); after ";" or in brackets of its own only an explicit unit statement counts ("; 1 unit = 10 mg",
  // "rituximab (per 10 mg)"): "pembrolizumab (200 mg)" is as likely the dose, as "J9271 (200 mg)" is (unitClaim).
  // "J9271 (Keytruda) is billed per 10 mg": past the closing parenthesis only an explicit unit statement counts
  // (what follows may be anything: "J9173 (Imfinzi) 1500 mg every 4 weeks" is a dose).
  const draft: ClaimDraft = { mention: m, drug, negated, via: 'after' };
  if (lead) draft.lead = (lead[1] as string).toLowerCase() === 'neither' ? 'neither' : 'either';
  const u = unitAfterName(drug, rest, c.groups?.['weak'] === '(');
  if (u) draft.unit = u.unit;
  if (INCLUDES_BIOSIMILARS.test(rest.split(/[.;]\s/)[0] ?? '')) draft.includesBiosimilars = true;
  return draft;
}

/**
 * The billing unit written after a name (`rest` is the text after it), as afterClaim and a table's drug cell read it:
 * "carfilzomib, 1 mg", "rituximab 10 mg", "rituximab, per 10 mg", "rituximab, 100 mg per unit", "pembrolizumab,
 * billed in 1 mg units", "pembrolizumab; 1 unit = 1 mg". The clause must end after the unit, else the amount is a
 * dose ("200 mg every 3 weeks"); after ";" or in brackets only an explicit unit statement counts. `inBrackets`: the
 * name was written in brackets of its own ("J9271 (Keytruda) …"): past the closing one only an explicit statement
 * counts. `bare`: the amount follows the name with nothing between ("rituximab 10 mg"), not after a comma or words that
 * say it is the unit. `stated`: words say it is the unit ("per 10 mg", "billed in", "1 unit =", "10 mg per unit",
 * "1 mg unit"), not a comma alone. A dose word in the rest of the clause makes the amount a dose, unless a verb or
 * "unit" says it is the unit.
 */
function unitAfterName(
  drug: PhraseMatch,
  rest: string,
  inBrackets: boolean,
): { unit: NonNullable<ClaimDraft['unit']>; bare: boolean; stated: boolean } | undefined {
  const closed = inBrackets ? /^\s*\)/.exec(rest) : null;
  const tail = closed ? rest.slice(closed[0].length) : rest;
  const um = UNIT_LEAD.exec(tail);
  const explicit = um?.groups?.['explicit'] !== undefined;
  const u =
    um && (explicit || (!closed && !/[;(]/.test(um.groups?.['sep'] ?? '')))
      ? readUnit(tail.slice(um[0].length))
      : undefined;
  // After a combination written with its amounts ("acetaminophen 10 mg and ibuprofen 3 mg") the amount belongs to
  // the last ingredient, not to the billing unit.
  const combination = UNIT_IN.test(drug.text);
  const after = u && um ? tail.slice(um[0].length + u.length) : '';
  if (!u || !um || combination || !UNIT_TAIL.test(after)) return undefined;
  // "pembrolizumab, 200 mg, every 3 weeks", "…, per 200 mg, every 3 weeks": a dose word in the rest of the clause
  // makes the amount a dose, unless a verb or "unit" says it is the unit ("billed per 10 mg", "1 unit = 10 mg").
  const verbal = /\b(?:billed|reported|coded|unit)\b/i.test(um.groups?.['explicit'] ?? '');
  if (!verbal && doseFollows(after)) return undefined;
  const wordsAfter = UNIT_WORDS_AFTER.test(after);
  return {
    unit: { amount: u.amount, unit: u.unit, text: u.text },
    bare: !explicit && um.groups?.['sep'] === undefined && !wordsAfter,
    stated: explicit || wordsAfter,
  };
}

// Guarded (see above), and not after a filler word: the first filler word of a run of them starts the match.
const BEFORE_FILLER =
  /(?<!\s)(?<!\s(?:the|hcpcs|level\s+ii|code|codes|j-?codes?))(?:\s+(?:the|hcpcs|level\s+ii|code|codes|j-?codes?))+\s*$/i;
/** A billing unit as a connector may carry it, without capture groups of its own. */
const UNIT_PHRASE = UNIT_SRC.replace(/\((?!\?)/g, '(?:');
/**
 * UNIT_PHRASE where no earlier start matches as well, for searches not anchored at a start: the amount does not start
 * inside a run of digits or a run of ",ddd" groups that an earlier start reads too. Same matches as UNIT_PHRASE at
 * the leftmost start, but a search over a long run of digits ("7777…", "1,000,000,…") is linear, not quadratic.
 */
const UNIT_PHRASE_START = UNIT_PHRASE.replace(
  String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`,
  String.raw`(?:(?!(?<=\d)\d{1,2},)(?!(?<=\d,)\d{3},)\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<!\d)\d+(?:\.\d+)?)`,
);
const BEFORE_CONNECTORS: readonly RegExp[] = [
  /(?<!\s)\s*(?<neg>\bis\s+not\s+|\bisn['’]t\s+)?(?:\(|:|=|[–—])\s*$/i,
  // "… is billed with", "… are all billed under", "… is billed per 6 mg with", "… is billed in 10 mg units under".
  new RegExp(
    String.raw`(?<!\s)\s+(?<neg>(?:is|are)\s+not\s+|isn['’]t\s+|aren['’]t\s+|(?:should|must)\s+not\s+be\s+|never\s+)?(?:(?:is|are|be)\s+)?(?:(?:all|both|also|usually|typically|always)\s+)?(?:billed|reported|coded|submitted|covered)(?:\s+(?:per\s+|in\s+(?:(?:units|increments)\s+of\s+)?)(?<unit>${UNIT_PHRASE})(?:\s+(?:billing\s+)?(?:units|increments))?)?\s+(?:with|under|as|using|by)\s*$`,
    'i',
  ),
  /(?<!\s)\s+(?<neg>(?:is|are)\s+not\s+|isn['’]t\s+)?(?:with|under|using)\s*$/i,
  /(?<!\s)\s+(?<neg>(?:is|are)\s+not|isn['’]t|aren['’]t)\s*$/i,
  /(?<!\s)\s+(?:is|are|uses?|=)\s*$/i,
  // "For Opdivo (nivolumab), use HCPCS code J9298": only after "for" + the name (checked below).
  /(?<!\s)\s*,\s*(?<use>use|bill(?:\s+(?:it|them))?(?:\s+(?:with|under|as))?|report|code)\s*$/i,
];
/** "Avastin and its biosimilars (Mvasi, Zirabev) are billed under J9035": the name is Avastin, said to cover them. */
const AND_BIOSIMILARS =
  /(?<!\s)\s+(?:and|or|plus|with)\s+(?:(?:its|their|all|any|the)\s+)?biosimilars?(?:\s*\([^()]*\))?\s*$/i;

/**
 * A list of codes goes on after this one: "J9271 nor J9299", "J9312, J9271 or J9299". Not "^\s*(?:,…|\s+or…)": two
 * runs of blanks side by side backtrack in quadratic time.
 */
const LIST_GOES_ON = /^(?:\s*,\s*(?:n?or\s+|and\/or\s+)?|\s+(?:n?or|and\/or)\s+)[A-Va-v]-?\d{4}\b/;

function beforeClaim(dict: Dictionary, raw: string, m: Mention, from: number): ClaimDraft | undefined {
  let before = raw.slice(from, m.start);
  before = before.replace(BEFORE_FILLER, '');
  // "Rituximab is neither J9271 nor J9299", "… is billed with either J9312 or J9271": the name is tied to the list
  // as to one code; joinGroups reads the "neither" (each negated) or the "or" (see Disjunction).
  if (LIST_GOES_ON.test(raw.slice(m.end)))
    before = before.replace(/(?<!\s)\s+n?either\s*$/i, ' ').replace(BEFORE_FILLER, '');
  for (const re of BEFORE_CONNECTORS) {
    const c = re.exec(before);
    if (!c) continue;
    let nameEnd = from + c.index;
    const biosimilars = AND_BIOSIMILARS.exec(raw.slice(from, nameEnd));
    if (biosimilars) nameEnd = from + biosimilars.index;
    let drug = withHyaluronidaseBefore(dict, raw, nameEnd, from) ?? phraseEndingAt(dict, raw, nameEnd);
    // "Keytruda (pembrolizumab) is billed as J9271": the name before the parenthesis, else the one inside it.
    if (!drug && raw[nameEnd - 1] === ')') {
      const open = raw.lastIndexOf('(', nameEnd);
      if (open > from)
        drug =
          phraseEndingAt(dict, raw, raw.slice(0, open).trimEnd().length) ??
          phraseEndingAt(dict, raw, nameEnd - 1);
    }
    // "Imfinzi is durvalumab and is billed under J9271": the statement's subject, past "is … and".
    let apposition: PhraseMatch | undefined;
    if (!drug && c.groups?.['use'] === undefined && /[a-z]/i.test(c[0])) {
      const a = subjectBeforeAnd(dict, raw, from, nameEnd);
      if (a) ({ drug, apposition } = a);
    }
    if (!drug || drug.start < from) continue;
    // "…, use J9298" ties a name to the code only as "for NAME, use …" (not "after rituximab, use …").
    if (c.groups?.['use'] !== undefined && !/\bfor\s+(?:the\s+)?$/i.test(raw.slice(from, drug.start)))
      continue;
    drug = withLiposomal(raw.slice(0, nameEnd), drug, from);
    const draft: ClaimDraft = { mention: m, drug, negated: c.groups?.['neg'] !== undefined, via: 'before' };
    const unit = c.groups?.['unit'] !== undefined ? readUnit(c.groups['unit']) : undefined;
    if (unit) draft.unit = unit;
    if (!apposition && (biosimilars || INCLUDES_BIOSIMILARS.test(raw.slice(drug.end, from + c.index))))
      draft.includesBiosimilars = true;
    if (apposition) draft.apposition = apposition;
    return draft;
  }
  return undefined;
}

/** Only punctuation, bullets or an article before a statement's subject. */
const SUBJECT_LEAD = /^[^\p{L}\p{N}]*(?:the\s+)?$/iu;

/**
 * "Imfinzi is durvalumab and is billed under J9271", "Keytruda is a PD-1 inhibitor and is billed with J9271": the
 * name at the start of the statement, before "is … and", is what the verb after "and" is said of (`end` is where
 * that verb starts). What it is said to be is returned as `apposition` when it is a name of another ingredient
 * ("Imfinzi is pembrolizumab and is billed under J9173"): the sentence says that of the code too. Only a short
 * predicate with no amount, code, bracket or clause break is read past. Blanks are trimmed, not matched by regular
 * expressions that could backtrack over a long run of them.
 */
function subjectBeforeAnd(
  dict: Dictionary,
  raw: string,
  from: number,
  end: number,
): { drug: PhraseMatch; apposition?: PhraseMatch } | undefined {
  const text = raw.slice(from, end).trimEnd();
  // "… and", "…, and": not "… brand".
  if (!/(?:^|[\s,])and$/i.test(text.slice(-4))) return undefined;
  let head = text.slice(0, -3).trimEnd();
  if (head.endsWith(',')) head = head.slice(0, -1).trimEnd();
  const headEnd = head.length;
  const is = /(?<=\s)(?:is|are)(?=\s)/i.exec(head);
  if (!is) return undefined;
  const subjectEnd = from + head.slice(0, is.index).trimEnd().length;
  const rest = head.slice(is.index + is[0].length);
  const predicate = rest.trimStart();
  const predStart = from + is.index + is[0].length + (rest.length - predicate.length);
  if (!/^[\p{L}\s'’-]{1,80}$/u.test(predicate) || predicate.trim().split(/\s+/).length > 8) return undefined;
  if (/\b(?:is|are|was|were)\b/i.test(predicate)) return undefined;
  const drug = phraseEndingAt(dict, raw, subjectEnd);
  if (!drug || drug.start < from || !SUBJECT_LEAD.test(raw.slice(from, drug.start))) return undefined;
  if (/^(?:not|never)\b/i.test(predicate)) return { drug };
  const other = nameAt(dict, raw, predStart, from + headEnd);
  if (!other || other.end !== from + headEnd || [...other.entry.keys].some((k) => drug.entry.keys.has(k)))
    return { drug };
  return { drug, apposition: other };
}

/** A billing unit's label: "unit:", "billing unit =", "HCPCS unit is". */
const UNIT_LABEL_SRC = String.raw`(?:(?:hcpcs|billing)\s+)?unit\s*(?::|=|is\b)`;
/** "1 unit =", "one billing unit equals", "1 unit is". */
const ONE_UNIT_IS_SRC = String.raw`(?:1|one)\s+(?:billing\s+)?unit\s*(?:=|equals|is)\s*`;
/** After an amount, it is the billing unit: "per unit", "/ billing unit", "a unit", "= 1 unit". */
const PER_UNIT_SRC = String.raw`^\s*(?:(?:per|\/|an?|each)\s*(?:billing\s+)?unit|=\s*(?:1|one)\s+(?:billing\s+)?unit)\s*`;
const PER_UNIT_PAREN = new RegExp(String.raw`${PER_UNIT_SRC}\)`, 'i');
const PER_UNIT_CELL = new RegExp(`${PER_UNIT_SRC}$`, 'i');
/** After a code: "is billed per", "in units of", "= 1 unit per", "per", ", unit:" (unitClaim). */
const UNIT_CLAIM_PER = new RegExp(
  String.raw`^\s*(?:(?:,|:|;|[–—]|-(?=\s))\s*)?(?<verb>(?:(?:is|are)\s+)?(?:billed|reported|coded)\s+|(?:is|are)\s+)?(?:per|(?<units>in\s+(?:units|increments)\s+of|=\s*1\s+unit\s+per))\s+|^\s*(?:,|:|;|[–—]|-(?=\s))\s*(?<label>${UNIT_LABEL_SRC})\s*`,
  'i',
);
/** Parentheses after a code: "(per", "(billed per", "(1 unit =", "(unit:", "(" (unitClaim). */
const UNIT_CLAIM_PAREN = new RegExp(
  String.raw`^\s*\(\s*(?:(?<per>(?:billed\s+)?per\s+)|(?<one>${ONE_UNIT_IS_SRC})|(?<label>${UNIT_LABEL_SRC}\s*))?`,
  'i',
);

/** Unit-only statements about a code: "J9173 is billed per 10 mg", "one unit of J9173 = 10 mg", "billing unit of J9173 is 10 mg". */
function unitClaim(raw: string, m: Mention, from: number, limit: number): ClaimDraft | undefined {
  let after = raw.slice(m.end, limit);
  // "Keytruda (J9271) is billed per 10 mg": the code in parentheses after the name, the unit after them.
  const closing = /^\s*\)/.exec(after);
  if (closing && raw.slice(0, m.start).trimEnd().endsWith('(')) after = after.slice(closing[0].length);
  // "J9173 is billed per 10 mg", "J9173, billed per 10 mg", "J9173 – per 10 mg", "J9173, unit: 10 mg". A bare "per"
  // (no verb, no "unit") may as well give a dose ("Keytruda (J9271), per 200 mg infusion every 3 weeks", "J9271: per
  // 100 mg vial"): as after a name (afterClaim), the clause must end after the amount. No form is read when a dose
  // word follows the amount ("billed per 200 mg dose", "per 2 mg per kg").
  const per = UNIT_CLAIM_PER.exec(after);
  if (per) {
    const u = readUnit(after.slice(per[0].length));
    const rest = u ? after.slice(per[0].length + u.length) : '';
    const bare =
      per.groups?.['verb'] === undefined &&
      per.groups?.['units'] === undefined &&
      per.groups?.['label'] === undefined;
    if (u && !DOSE_AFTER.test(rest) && (!bare || (UNIT_TAIL.test(rest) && !doseFollows(rest))))
      return { mention: m, unit: u, negated: false, via: 'unit' };
  }
  // "Pembrolizumab: J9271 (per 1 mg)", "(10 mg per unit)", "(10 mg = 1 unit)", "(1 unit = 10 mg)", "(unit: 10 mg)":
  // parentheses right after the code that say the amount is the billing unit. An amount alone ("Pembrolizumab: J9271
  // (200 mg)", "J9173 (10 mg)") is as likely a dose: not read.
  const paren = UNIT_CLAIM_PAREN.exec(after);
  if (paren) {
    const u = readUnit(after.slice(paren[0].length));
    const stated =
      paren.groups?.['per'] !== undefined ||
      paren.groups?.['one'] !== undefined ||
      paren.groups?.['label'] !== undefined;
    const rest = u ? after.slice(paren[0].length + u.length) : '';
    if (u && ((stated && /^\s*\)/.test(rest)) || (!stated && PER_UNIT_PAREN.test(rest))))
      return { mention: m, unit: u, negated: false, via: 'unit' };
  }
  const at = /^\s*(?:at|=)\s+/.exec(after);
  if (at) {
    const u = readUnit(after.slice(at[0].length));
    if (u && /^\s+per\s+(?:billing\s+)?unit\b/i.test(after.slice(at[0].length + u.length)))
      return { mention: m, unit: u, negated: false, via: 'unit' };
  }
  const before = raw.slice(from, m.start);
  if (
    /\b(?:1|one)\s+(?:billing\s+)?unit\s+of\s*$/i.test(before) ||
    /\bbilling\s+unit\s+(?:for|of)\s*$/i.test(before)
  ) {
    const eq = /^\s*(?:=|equals|is(?:\s+equal\s+to)?|represents|covers|:)\s*/i.exec(after);
    if (eq) {
      const u = readUnit(after.slice(eq[0].length));
      if (u) return { mention: m, unit: u, negated: false, via: 'unit' };
    }
  }
  return undefined;
}

/** A number of units: "20", "1,500", "2.5". */
const COUNT_SRC = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
/** Right before a code: "20 units of", "200 billing units of HCPCS code". */
const COUNT_OF = new RegExp(
  String.raw`(?<count>${COUNT_SRC})\s+(?:(?:billing|hcpcs)\s+)?units?\s+(?:of|under)\s+(?:(?:the|hcpcs|code)\s+)*$`,
  'i',
);
/** Between a dose and "N units of CODE": "=", "is", "equals", "is not" … (a blank or "=" before it). */
const DOSE_IS = new RegExp(
  String.raw`(?:(?<=\s)|(?=[=≠!]))(?:(?<neg>is\s+not|isn['’]t|does\s+not\s+equal|doesn['’]t\s+equal|≠|!=)|=|equals|is(?:\s+equal\s+to)?|are|equates\s+to|translates\s+to|converts\s+to|makes)\s*$`,
  'i',
);
/** A dose before DOSE_IS, with "dose" and "of NAME" after it; the name is read apart. */
const DOSE_BEFORE = new RegExp(String.raw`(?<amount>${UNIT_PHRASE})(?:\s+doses?)?\s*$`, 'i');
/** After "N units of CODE": "for a 200 mg dose", "= 200 mg", "to cover a 200 mg dose of Keytruda". */
const DOSE_AFTER_CODE = new RegExp(
  String.raw`^\s*(?:=|equals|is|are|for|covers?|make|makes|to\s+(?:cover|bill))\s+(?:(?:a|an|one|each|the|your)\s+)?(?<amount>${UNIT_PHRASE})(?:\s+(?:doses?|infusions?|administrations?))?(?<of>\s+of\s+)?`,
  'i',
);
const NEGATED_ADVICE = /\b(?:do\s+not|don['’]t|never|cannot|can['’]t|should\s+not|must\s+not|not)\b/i;
/**
 * A condition before the advice, up to its comma: "If the full vial is not used, bill …". A "not" in it negates the
 * condition, not the advice, so it is left out before NEGATED_ADVICE reads the clause.
 */
const LEADING_CONDITION =
  /^\s*(?:if|when|whenever|unless|where|although|though|because|since|while|once|after|before|even\s+(?:if|when|though))\b[^,]*,/i;

/**
 * Units said to make a dose: "Pembrolizumab 200 mg = 20 units of J9271", "A 200 mg dose of Keytruda is 200 units of
 * J9271", "Bill 200 units of J9271 for a 200 mg dose of Keytruda", "20 units of J9173 = 200 mg". The count must be
 * the dose over the billing unit (evaluateCode). The name beside the dose, if any, is tied to the code. "1 unit of
 * J9173 = 10 mg" is the billing unit itself, read by unitClaim first.
 */
function doseUnitsClaim(
  dict: Dictionary,
  raw: string,
  m: Mention,
  from: number,
  limit: number,
): ClaimDraft | undefined {
  // The last words before the code only: no expression runs over a long text (or a long run of blanks) before it.
  const tailFrom = Math.max(from, m.start - 60);
  const co = COUNT_OF.exec(raw.slice(tailFrom, m.start));
  if (!co) return undefined;
  const count = Number((co.groups?.['count'] as string).replace(/,/g, ''));
  const countStart = tailFrom + co.index;
  const countText = `${co.groups?.['count'] as string} unit${count === 1 ? '' : 's'}`;
  const draft = (
    dose: NonNullable<ClaimDraft['unit']>,
    text: string,
    negated: boolean,
    drug: PhraseMatch | undefined,
  ): ClaimDraft => ({
    mention: m,
    ...(drug ? { drug } : {}),
    // A negated count says nothing against the name: "Do not bill 20 units of J9271 for 200 mg of Keytruda".
    negated: false,
    via: 'unit',
    doseUnits: { dose, count, text, negated },
  });
  // "Pembrolizumab 200 mg = 20 units of J9271", "A 200 mg dose of Keytruda is 200 units of J9271".
  // Blanks are trimmed, and only the last words matched, so that no expression backtracks over a long run of them.
  const is = DOSE_IS.exec(raw.slice(Math.max(from, countStart - 40), countStart));
  if (is) {
    let end = from + raw.slice(from, countStart - is[0].length).trimEnd().length;
    let drug: PhraseMatch | undefined;
    const named = phraseEndingAt(dict, raw, end);
    const beforeName = named ? raw.slice(from, named.start).trimEnd() : '';
    if (named && named.start >= from && /(?:^|\s)of$/i.test(beforeName.slice(-3))) {
      drug = named;
      end = from + beforeName.slice(0, -2).trimEnd().length;
    }
    const d = DOSE_BEFORE.exec(raw.slice(Math.max(from, end - 60), end));
    const u = d ? readUnit(d.groups?.['amount'] as string) : undefined;
    if (d && u) {
      if (!drug) {
        // "Pembrolizumab 200 mg", "Keytruda: 200 mg", "Carboplatin, a 450 mg dose": the name right before.
        let pre = raw.slice(from, end - d[0].length).trimEnd();
        if (/(?:^|\s)an?$/i.test(pre.slice(-3))) pre = pre.replace(/an?$/i, '').trimEnd();
        if (/[,:]$/.test(pre)) pre = pre.slice(0, -1).trimEnd();
        const n = phraseEndingAt(dict, raw, from + pre.length);
        if (n && n.start >= from) drug = n;
      }
      return draft(u, `${u.text} = ${countText}`, is.groups?.['neg'] !== undefined, drug);
    }
  }
  // "Bill 200 units of J9271 for a 200 mg dose of Keytruda", "20 units of J9173 = 200 mg".
  const after = DOSE_AFTER_CODE.exec(raw.slice(m.end, limit));
  const u = after ? readUnit(after.groups?.['amount'] as string) : undefined;
  if (!after || !u) return undefined;
  const restAt = m.end + after[0].length;
  if (after.groups?.['of'] === undefined && /^\s*(?:per|\/)\s*(?:kg|m2|m²)\b/i.test(raw.slice(restAt, limit)))
    return undefined;
  const drug = after.groups?.['of'] !== undefined ? nameAt(dict, raw, restAt, limit) : undefined;
  let clause =
    raw
      .slice(from, countStart)
      .split(/[.;:](?=\s|$)/)
      .pop() ?? '';
  for (let c = LEADING_CONDITION.exec(clause); c; c = LEADING_CONDITION.exec(clause))
    clause = clause.slice(c[0].length);
  return draft(u, `${countText} for ${u.text}`, NEGATED_ADVICE.test(clause), drug);
}

/** Between two codes of a list: ",", "/", ";", "and", "or", "nor", "and/or" (read as "or"), ", and", ", or". */
const LIST_SEPARATOR = /^\s*(?:,|\/|;|and\/or|and|n?or|,\s*(?:and\/or|and|n?or))\s*$/i;
/** "and/or" says "or": one of them, maybe more (joinGroups, nameList). */
const asOr = (sep: string): string => sep.replace(/\band\s*\/\s*or\b/gi, 'or');

/**
 * Runs of codes joined by list separators ("J9305, J9304 or J9294"), as indexes into `ms`; in a table row, only codes
 * of one cell (a cell border reads as a comma).
 */
function listGroups(raw: string, ms: readonly Mention[], row: TableRow | undefined): number[][] {
  const cellOf = (m: Mention): number => row?.cells.findIndex((c) => inCell(m, c)) ?? -1;
  const out: number[][] = [];
  let i = 0;
  while (i < ms.length) {
    let j = i;
    while (
      j + 1 < ms.length &&
      LIST_SEPARATOR.test(raw.slice((ms[j] as Mention).end, (ms[j + 1] as Mention).start)) &&
      cellOf(ms[j] as Mention) === cellOf(ms[j + 1] as Mention)
    )
      j++;
    out.push(ms.slice(i, j + 1).map((_, k) => i + k));
    i = j + 1;
  }
  return out;
}

/** Before the first code of a list: "neither (the codes) …", "either …". */
const NEITHER_BEFORE = /\bneither\s+(?:(?:the\s+)?(?:hcpcs\s+)?codes?\s+)?$/i;
const EITHER_BEFORE = /\beither\s+(?:(?:the\s+)?(?:hcpcs\s+)?codes?\s+)?$/i;
/** After the last code of a list, a verb in the singular: "J9312 or J9271 is rituximab" says one of them is. */
const SINGULAR_AFTER =
  /^\s*(?:is|=|represents|describes|covers|refers\s+to|stands\s+for|means|bills|reports)(?![a-z])/i;

/**
 * Codes joined by "neither … nor" or by "or", when one statement reads over them all (a name carried over the list):
 * "Neither J9271 nor J9299 is rituximab" negates the statement for each code; "J9312 or J9271 is rituximab" is one
 * statement about the list (see Disjunction). Anything else joined this way (a "nor" without "neither", "or" mixed
 * with "and" under "neither", a name paired per code, a unit statement alone, a negated "neither") has no reading
 * certain enough for a verdict: its codes get no statement and are returned as uncertain.
 */
function joinGroups(
  raw: string,
  ms: readonly Mention[],
  drafts: (ClaimDraft | undefined)[],
  groups: readonly (readonly number[])[],
): Set<string> {
  const uncertain = new Set<string>();
  /** No statement for the group's codes: they are uncertain. */
  const drop = (group: readonly number[]): void => {
    for (const g of group) {
      drafts[g] = undefined;
      uncertain.add((ms[g] as Mention).code);
    }
  };
  for (const group of groups) {
    const seps = group
      .slice(1)
      .map((g, k) => asOr(raw.slice((ms[group[k] as number] as Mention).end, (ms[g] as Mention).start)));
    const nor = seps.some((x) => /\bnor\b/i.test(x));
    const or = seps.some((x) => /\bor\b/i.test(x));
    const firstIndex = group[0] as number;
    const last = ms[group[group.length - 1] as number] as Mention;
    const head = raw.slice(
      firstIndex > 0 ? (ms[firstIndex - 1] as Mention).end : 0,
      (ms[firstIndex] as Mention).start,
    );
    const members = group.map((g) => drafts[g]);
    // "Neither J9271 is …", "neither J9271, J9299 …": a "neither" with no "nor" has no certain reading either.
    if (!nor && !or) {
      if (NEITHER_BEFORE.test(head) && members.some((d) => d !== undefined)) drop(group);
      continue;
    }
    const and = seps.some((x) => /\band\b/i.test(x));
    const source = members.find((d) => d !== undefined && d.via !== 'list');
    const drug = source?.drug;
    const uniform =
      drug !== undefined &&
      members.every(
        (d) =>
          d?.drug !== undefined &&
          d.drug.start === drug.start &&
          d.drug.end === drug.end &&
          d.pairing === undefined,
      );
    if (!uniform || source === undefined) {
      if (members.some((d) => d !== undefined)) drop(group);
      continue;
    }
    if (nor) {
      if (!NEITHER_BEFORE.test(head) || or || and || source.negated || source.unit !== undefined) {
        drop(group);
        continue;
      }
      for (const g of group) drafts[g] = { ...(drafts[g] as ClaimDraft), negated: true };
      continue;
    }
    const any =
      !and &&
      !source.negated &&
      source.via === 'after' &&
      (EITHER_BEFORE.test(head) || SINGULAR_AFTER.test(raw.slice(last.end)));
    const disjunction: Disjunction = { reading: any ? 'any' : 'uncertain' };
    for (const g of group) {
      const d: ClaimDraft = { ...(drafts[g] as ClaimDraft), disjunction };
      // "J9312 or J9271 is rituximab, 10 mg": the unit is said of the list as the name is.
      if (source.unit !== undefined) d.unit = source.unit;
      if (source.includesBiosimilars === true) d.includesBiosimilars = true;
      drafts[g] = d;
    }
  }
  return uncertain;
}

function codeDrafts(dict: Dictionary, s: Sentence, ms: readonly Mention[]): Drafts {
  const drafts: (ClaimDraft | undefined)[] = [];
  /** More statements on a code than one name: "Neither Keytruda nor Opdivo is J9312" (joinNames), a table row's. */
  const extra: ClaimDraft[] = [];
  const usedSpans: [number, number][] = [];
  // Names before a code first: they bind tighter ("pemetrexed is J9305, rituximab is J9312").
  ms.forEach((m, i) => {
    const from = i > 0 ? (ms[i - 1] as Mention).end : 0;
    const b = beforeClaim(dict, s.raw, m, from);
    drafts[i] = b;
    if (b?.drug) usedSpans.push([b.drug.start, b.drug.end]);
    if (b?.apposition) {
      usedSpans.push([b.apposition.start, b.apposition.end]);
      extra.push({ mention: m, drug: b.apposition, negated: b.negated, via: 'before' });
    }
  });
  ms.forEach((m, i) => {
    const limit0 = i + 1 < ms.length ? (ms[i + 1] as Mention).start : s.raw.length;
    const b = drafts[i];
    if (b) {
      // "Keytruda is billed as J9271 at 1 mg per unit": a unit statement after a name-before claim.
      const u = unitClaim(s.raw, m, m.end, limit0);
      if (u?.unit) b.unit = u.unit;
      return;
    }
    const limit = i + 1 < ms.length ? (ms[i + 1] as Mention).start : s.raw.length;
    const from = i > 0 ? (ms[i - 1] as Mention).end : 0;
    const a = afterClaim(dict, s.raw, m, limit);
    if (a?.drug && usedSpans.some(([x, y]) => a.drug!.start < y && a.drug!.end > x)) return;
    const d = a ?? unitClaim(s.raw, m, from, limit);
    // "Keytruda 200 mg = 200 units of J9271 (1 unit = 1 mg)": the count is read beside a unit stated after the code.
    const du = doseUnitsClaim(dict, s.raw, m, from, limit);
    // "1 unit of J9173 = 10 mg" states the billing unit itself (unitClaim), not a count for a dose.
    if (d && du?.doseUnits && !(d.unit && du.doseUnits.count === 1)) {
      d.doseUnits = du.doseUnits;
      if (!d.drug && du.drug) d.drug = du.drug;
    }
    drafts[i] = d ?? du;
  });
  // A table row without a header naming its columns: "| rituximab | J9312 |" (a code first is read above), also
  // when only a unit was read after the code ("| durvalumab | J9173 | per 10 mg |").
  const row = s.row;
  if (row)
    ms.forEach((m, i) => {
      const prose = drafts[i];
      if (prose?.drug) return;
      const r = rowDraft(dict, s.raw, row, ms, m);
      if (!r) return;
      if (prose?.unit && !r.draft.unit) r.draft.unit = prose.unit;
      drafts[i] = r.draft;
      if (r.unit) extra.push(r.unit);
    });
  // A name carries over a list of codes: "pemetrexed is J9305, J9304 or J9294"; "J9305, J9304 and J9294 are pemetrexed".
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < ms.length; i++) {
      if (drafts[i]) continue;
      const m = ms[i] as Mention;
      for (const j of [i - 1, i + 1]) {
        const other = drafts[j];
        const n = ms[j];
        if (!other?.drug || !n || other.via === 'unit') continue;
        const between = j < i ? s.raw.slice(n.end, m.start) : s.raw.slice(m.end, n.start);
        if (!LIST_SEPARATOR.test(between)) continue;
        if ((j < i && other.via === 'after') || (j > i && other.via === 'before')) continue;
        drafts[i] = { mention: m, drug: other.drug, negated: other.negated, via: 'list' };
        break;
      }
    }
  }
  const groups = listGroups(s.raw, ms, s.row);
  const pairing = pairLists(dict, s.raw, ms, drafts, groups);
  const reading = joinGroups(s.raw, ms, drafts, groups);
  for (const code of joinNames(dict, s.raw, ms, drafts, extra, groups)) reading.add(code);
  return { drafts: [...drafts.filter((d): d is ClaimDraft => d !== undefined), ...extra], pairing, reading };
}

// ---------------------------------------------------------------------------------------------------------
// Table rows

type ColumnRole = 'code' | 'drug' | 'unit';

/**
 * What a header cell names, by its head word (the last word, before "of" or "per"): "HCPCS", "Code", "HCPCS code",
 * "J-code" a code; "Drug", "Drug name", "Generic", "Brand name", "Product", "Description" a drug; "Unit", "Billing
 * unit", "Unit of measure" the billing unit. Not "Units" or "Units billed" (a number of units), nor a column about
 * NDCs, diagnoses, modifiers or biosimilars (other codes, other products).
 */
function headerRole(cell: string): ColumnRole | undefined {
  const words = headerWords(cell);
  const cut = words.findIndex((w, i) => i > 0 && (w === 'of' || w === 'per'));
  const head = (cut > 0 ? words.slice(0, cut) : words).at(-1);
  if (head === undefined) return undefined;
  if (words.some((w) => /^(?:ndcs?|icd(?:-10)?|diagnos[ie]s|revenue|modifiers?|biosimilars?|pos)$/.test(w)))
    return undefined;
  if (/^(?:hcpcs|codes?|j-?codes?|cpt|hcpcs\/cpt)$/.test(head)) return 'code';
  if (
    /^(?:drugs?|names?|products?|medications?|medicines?|generic|brand|agents?|descriptions?|descriptors?|molecules?|ingredients?|substances?)$/.test(
      head,
    )
  )
    return 'drug';
  return head === 'unit' ? 'unit' : undefined;
}

/** The words of a header cell, lower case, without what it says in brackets. */
function headerWords(cell: string): string[] {
  return cell
    .toLowerCase()
    .replace(/\([^()]*\)/g, ' ')
    .split(/[^a-z0-9/-]+/)
    .filter((w) => w !== '');
}

/**
 * A header naming what was replaced: "Old code", "Deleted HCPCS", "Previous unit"; not "Replaced by", which names
 * what replaces it.
 */
function replacedHeader(cell: string | undefined): boolean {
  const words = headerWords(cell ?? '');
  return words.some(
    (w, i) =>
      /^(?:old|previous|prior|former|deleted|discontinued|terminated|retired|expired)$/.test(w) ||
      (w === 'replaced' && words[i + 1] !== 'by'),
  );
}

/** A header naming what replaces other codes: "New code", "Current HCPCS", "Replacement", "Replaced by". */
function replacingHeader(cell: string | undefined): boolean {
  const words = headerWords(cell ?? '');
  return words.some(
    (w, i) => /^(?:new|current|replacement)$/.test(w) || (w === 'replaced' && words[i + 1] === 'by'),
  );
}

interface ColumnRoles {
  /** Every column the header calls a code column ("| Old code | New code | Drug |" has two). */
  codes: number[];
  /** Code columns of the codes others replaced, when another code column is not one ("Old code"). */
  replacedCodes: number[];
  drugs: number[];
  /** The unit column: of the codes billed now when the header also has one of the replaced codes. */
  unit?: number;
  /** "Previous unit" beside "Old code": the unit of the replaced codes. */
  replacedUnit?: number;
}

/** The columns of a header that names a code column and a drug or unit column; undefined for any other header. */
function columnRoles(header: readonly string[]): ColumnRoles | undefined {
  const roles = header.map(headerRole);
  const codes = roles.flatMap((r, k) => (r === 'code' ? [k] : []));
  const drugs = roles.flatMap((r, k) => (r === 'drug' ? [k] : []));
  const units = roles.flatMap((r, k) => (r === 'unit' ? [k] : []));
  if (codes.length === 0 || (drugs.length === 0 && units.length === 0)) return undefined;
  // The replaced codes: their column says so ("Old code"), or another says it holds what replaces them ("New code",
  // "Replaced by").
  let replaced = codes.filter((k) => replacedHeader(header[k]));
  if (replaced.length === 0 && codes.some((k) => replacingHeader(header[k])))
    replaced = codes.filter((k) => !replacingHeader(header[k]));
  const replacedCodes = replaced.length < codes.length ? replaced : [];
  const out: ColumnRoles = { codes, replacedCodes, drugs };
  const unit = units.find((k) => !replacedHeader(header[k])) ?? units[0];
  if (unit !== undefined) out.unit = unit;
  const replacedUnit = units.find((k) => k !== unit && replacedHeader(header[k]));
  if (replacedUnit !== undefined && replacedCodes.length > 0) out.replacedUnit = replacedUnit;
  return out;
}

type Cell = TableRow['cells'][number];

const inCell = (m: Mention, cell: Cell | undefined): boolean =>
  cell !== undefined && m.start >= cell.start && m.end <= cell.end;

/** The cell holds codes and nothing else but list separators ("J9305", "J9305, J9304", "J9305 or J9304"). */
function onlyCodes(raw: string, cell: Cell, ms: readonly Mention[]): boolean {
  let text = raw.slice(cell.start, cell.end);
  const own = ms.filter((m) => inCell(m, cell));
  for (const m of own)
    text = text.slice(0, m.start - cell.start) + ' '.repeat(m.end - m.start) + text.slice(m.end - cell.start);
  return own.length > 0 && /^(?:[\s,;/&]|\band\/or\b|\band\b|\bn?or\b)*$/i.test(text);
}

/**
 * What a drug column holds: a descriptor ("Description", "Descriptor": "Injection, pembrolizumab, 10 mg", whose
 * amount is the billing unit) or a name ("Drug", "Name", "Product", "Brand", "Generic", a row without a header:
 * "carboplatin, 450 mg" may give a vial's strength or a dose).
 */
type CellKind = 'descriptor' | 'name';

/**
 * A cell that is a drug name, maybe with a parenthesis or an amount after it ("rituximab (Rituxan)", "rituximab
 * 10 mg", "Injection, pembrolizumab, 10 mg"). What follows the name is read as after a name in prose (unitAfterName);
 * an amount followed by a dose word ("pembrolizumab 200 mg every 3 weeks", "…, 200 mg, every 3 weeks") or alone in
 * brackets ("pembrolizumab (200 mg)") is no unit. In a descriptor cell an amount ending the cell after a comma is the
 * billing unit ("Injection, rituximab, 10 mg"); in a name cell only when the cell says so ("rituximab, per 10 mg",
 * "rituximab 10 mg per unit"). An amount that may be the unit as well as a dose or a strength ("pembrolizumab 200 mg",
 * "carboplatin, 450 mg" in a Drug column) is `amount`: the caller does not read it as the unit.
 */
function cellName(
  dict: Dictionary,
  raw: string,
  cell: Cell | undefined,
  kind: CellKind,
): { drug: PhraseMatch; unit?: ClaimDraft['unit']; amount?: true } | undefined {
  if (!cell) return undefined;
  const drug = nameAt(dict, raw, cell.start, cell.end);
  if (!drug) return undefined;
  const rest = raw.slice(drug.end, cell.end);
  if (!WEAK_FOLLOW.test(rest)) return undefined;
  const u = unitAfterName(drug, rest, false);
  if (!u) return { drug };
  return u.bare || (kind === 'name' && !u.stated) ? { drug, amount: true } : { drug, unit: u.unit };
}

/** Header words of a column of descriptors, whose amount is the billing unit. */
const DESCRIPTOR_HEADER = /\bdescript(?:ions?|ors?)\b/i;

/** Before a cell's amount: "per", "1 unit =", "unit:" (as in parentheses after a code, UNIT_CLAIM_PAREN). */
const CELL_UNIT_LEAD = new RegExp(
  String.raw`^(?<stated>per\s+|${ONE_UNIT_IS_SRC}|${UNIT_LABEL_SRC}\s*)?`,
  'i',
);

/**
 * A cell that is a billing unit: "10 mg", "per 10 mg", "10 mg per unit", "1 unit = 10 mg", "unit: 10 mg". With
 * `explicitOnly` (a column no header calls the unit) the cell must say it is the unit: an amount alone may be a dose.
 */
function cellUnit(raw: string, cell: Cell | undefined, explicitOnly: boolean): ClaimDraft['unit'] {
  if (!cell) return undefined;
  const text = raw.slice(cell.start, cell.end);
  const lead = CELL_UNIT_LEAD.exec(text);
  const u = readUnit(text.slice(lead?.[0].length ?? 0));
  if (!u) return undefined;
  const rest = text.slice((lead?.[0].length ?? 0) + u.length);
  const stated = lead?.groups?.['stated'] !== undefined || PER_UNIT_CELL.test(rest);
  if (!(stated || /^\s*$/.test(rest)) || (explicitOnly && !stated)) return undefined;
  return { amount: u.amount, unit: u.unit, text: u.text };
}

const sameUnit = (a: NonNullable<ClaimDraft['unit']>, b: NonNullable<ClaimDraft['unit']>): boolean => {
  const x = normaliseUnit(a.unit);
  const y = normaliseUnit(b.unit);
  return (
    x.kind === y.kind &&
    x.kind !== 'other' &&
    Math.abs(a.amount * x.factorToBase - b.amount * y.factorToBase) < 1e-9
  );
};

/** A verb of a statement: a cell that holds one, with a code and a name, is a sentence ("Notes: J9271 is nivolumab"). */
const SENTENCE_VERB =
  /\b(?:is|are|was|were|isn['’]t|aren['’]t|billed|reported|coded|represents|describes|covers|means|refers\s+to|stands\s+for|uses?|bills?|reports?)\b/i;

/**
 * Which drug column goes with which code column. One drug column, or one code column: each code column gets every
 * drug column ("| Old code | New code | Drug |", "| Generic | Brand | HCPCS |"). Several of both: each code column
 * gets a drug column next to it: the nearest on its left, else on its right ("| Product | HCPCS | Reference product |
 * Reference HCPCS |"), or the other way round ("| Code | Drug | Code | Drug |"), or the closest ("| Drug | Code |
 * Code | Drug |"). The ways that give each drug column one code column of its own must agree; when none does, or two
 * do differently, the pairing is not known: undefined.
 */
function pairColumns(roles: ColumnRoles): Map<number, number[]> | undefined {
  if (roles.drugs.length <= 1 || roles.codes.length <= 1) {
    const out = new Map<number, number[]>();
    for (const k of roles.codes) out.set(k, roles.drugs);
    return out;
  }
  if (roles.drugs.length !== roles.codes.length) return undefined;
  const pairings = (['left', 'right', 'closest'] as const)
    .map((side) => pairBySide(roles, side))
    .filter((p) => p !== undefined);
  const first = pairings[0];
  const same = (a: Map<number, number[]>, b: Map<number, number[]>): boolean =>
    [...a].every(([k, d]) => b.get(k)?.[0] === d[0]);
  return first && pairings.every((p) => same(p, first)) ? first : undefined;
}

/**
 * Each code column with the nearest drug column on `side` (else the other side), or the closest one (a tie is no
 * answer); undefined when two code columns take the same drug column.
 */
function pairBySide(
  roles: ColumnRoles,
  side: 'left' | 'right' | 'closest',
): Map<number, number[]> | undefined {
  const out = new Map<number, number[]>();
  const used = new Set<number>();
  for (const k of roles.codes) {
    const left = roles.drugs.filter((c) => c < k).at(-1);
    const right = roles.drugs.find((c) => c > k);
    let d: number | undefined;
    if (side === 'left') d = left ?? right;
    else if (side === 'right') d = right ?? left;
    else if (left === undefined || right === undefined) d = left ?? right;
    else if (k - left !== right - k) d = k - left < right - k ? left : right;
    if (d === undefined || used.has(d)) return undefined;
    used.add(d);
    out.set(k, [d]);
  }
  return out;
}

/**
 * A row of a table whose header names its columns ("| Drug | HCPCS | Unit |", "| Code | Drug |", "| Old code | New
 * code | Drug |"): each code of a code column is said to be the drug of its drug columns (pairColumns; codes whose
 * pairing is not known are not checked, pairingUncertain), billed per the unit column's amount, or without a unit
 * column per the unit a descriptor cell or a drug cell that says so gives ("Injection, pembrolizumab, 10 mg",
 * "rituximab, per 10 mg"). With a unit column the drug cell's amount is not read: the unit column says the unit. An
 * amount in a drug cell that may be a dose or a strength ("| J9045 | carboplatin, 450 mg |") leaves the row not
 * checked unless a unit column gives the unit. A code column's cell with more than codes in it, and the other
 * columns, are read as prose when the cell holds a sentence ("Notes: J9271 is nivolumab"); other codes get no
 * statement.
 */
function tableDrafts(dict: Dictionary, s: Sentence, ms: readonly Mention[], roles: ColumnRoles): Drafts {
  const row = s.row as TableRow;
  const out: Drafts = { drafts: [], pairing: new Set(), reading: new Set() };
  const codeColumns = roles.codes.filter((k) => {
    const cell = row.cells[k];
    return cell !== undefined && onlyCodes(s.raw, cell, ms);
  });
  const columnOf = (m: Mention): number | undefined => codeColumns.find((k) => inCell(m, row.cells[k]));
  const pairs = pairColumns(roles);
  if (!pairs) {
    for (const m of ms) if (columnOf(m) !== undefined) out.pairing.add(m.code);
  }
  const single = roles.drugs.length <= 1 || roles.codes.length <= 1;
  // With several pairs of drug and code columns, which pair the unit column is about is not known: not read.
  const unit = roles.unit !== undefined && single ? cellUnit(s.raw, row.cells[roles.unit], false) : undefined;
  const replacedUnit =
    roles.replacedUnit !== undefined && single
      ? cellUnit(s.raw, row.cells[roles.replacedUnit], false)
      : undefined;
  const columns = roles.drugs.length > 0 ? roles.drugs : [undefined];
  const groups = listGroups(s.raw, ms, row);
  const add = (drafts: (ClaimDraft | undefined)[]): void => {
    for (const code of joinGroups(s.raw, ms, drafts, groups)) out.reading.add(code);
    out.drafts.push(...drafts.filter((d): d is ClaimDraft => d !== undefined));
  };
  if (codeColumns.length > 0 && pairs)
    columns.forEach((column, n) => {
      const kind: CellKind =
        column !== undefined && DESCRIPTOR_HEADER.test(row.header?.[column] ?? '') ? 'descriptor' : 'name';
      const name = column !== undefined ? cellName(dict, s.raw, row.cells[column], kind) : undefined;
      const columnUnit = n === 0 ? unit : undefined;
      // With a unit column that gives the unit, the drug cell's amount is not read.
      const u = columnUnit ?? name?.unit;
      if (!name && !u) return;
      // "| pembrolizumab 200 mg | J9271 |", "| J9045 | carboplatin, 450 mg |": a dose, a strength or the unit? Only a
      // unit column says; without one the name is not judged while an amount next to it is left unread (the code is
      // listed as not checked).
      if (name?.amount && !columnUnit) return;
      add(
        ms.map((m): ClaimDraft | undefined => {
          const k = columnOf(m);
          if (k === undefined) return undefined;
          if (column !== undefined && !(pairs.get(k) ?? []).includes(column)) return undefined;
          // "| Old code | New code | Drug | Unit |": the unit column is the new code's; the old one's may differ
          // (J2505 was billed per 6 mg, J2506 is per 0.5 mg), unless a column gives it ("Previous unit").
          const unitHere =
            columnUnit && roles.replacedCodes.includes(k) ? (n === 0 ? replacedUnit : undefined) : u;
          if (!name && !unitHere) return undefined;
          const via: ClaimDraft['via'] = !name ? 'unit' : (column as number) < k ? 'before' : 'after';
          const d: ClaimDraft = { mention: m, negated: false, via };
          if (name) d.drug = name.drug;
          if (unitHere) d.unit = unitHere;
          return d;
        }),
      );
    });
  // Any other cell with codes in it: a sentence of its own, read as prose (each cell apart from the others).
  row.cells.forEach((cell, k) => {
    if (codeColumns.includes(k)) return;
    const own = ms.filter((m) => inCell(m, cell));
    if (own.length === 0 || !SENTENCE_VERB.test(s.raw.slice(cell.start, cell.end))) return;
    const raw =
      ' '.repeat(cell.start) + s.raw.slice(cell.start, cell.end) + ' '.repeat(s.raw.length - cell.end);
    const prose = codeDrafts(dict, { text: s.text, raw, start: s.start, line: s.line }, own);
    out.drafts.push(...prose.drafts);
    for (const code of prose.pairing) out.pairing.add(code);
    for (const code of prose.reading) out.reading.add(code);
  });
  return out;
}

/**
 * A table row without a header naming its columns, drug first: "| rituximab | J9312 |". The cell before the code's
 * must be a drug name and the code's cell only codes; the cell after it is read as the unit only when it says so
 * ("per 10 mg", "10 mg per unit"): an amount alone may be a dose.
 */
function rowDraft(
  dict: Dictionary,
  raw: string,
  row: TableRow,
  ms: readonly Mention[],
  m: Mention,
): { draft: ClaimDraft; unit?: ClaimDraft } | undefined {
  const k = row.cells.findIndex((c) => inCell(m, c));
  const cell = row.cells[k];
  if (k < 1 || !cell || !onlyCodes(raw, cell, ms)) return undefined;
  const name = cellName(dict, raw, row.cells[k - 1], 'name');
  if (!name) return undefined;
  const draft: ClaimDraft = { mention: m, drug: name.drug, negated: false, via: 'before' };
  const stated = cellUnit(raw, row.cells[k + 1], true);
  // "| pembrolizumab 200 mg | J9271 |": a dose or the unit? Not judged on a guess (see cellName).
  if (name.amount && !stated) return undefined;
  const unit = name.unit ?? stated;
  if (unit) draft.unit = unit;
  // "| rituximab, 10 mg | J9312 | per 1 mg |": both amounts are statements.
  return name.unit && stated && !sameUnit(name.unit, stated)
    ? { draft, unit: { mention: m, unit: stated, negated: false, via: 'unit' } }
    : { draft };
}

/** Between two names of a list: ",", "and", ", and", "&", "/", "or", "nor", "and/or". */
const NAME_SEP_SRC = String.raw`(?:\s*\([^()]*\))?(?<sep>\s*,\s*(?:(?:and\/or|and|n?or)\s+)?|\s+(?:and\/or|and|n?or)\s+|\s*[&/]\s*)`;
const NAME_LIST_SEPARATOR = new RegExp(`^${NAME_SEP_SRC}$`, 'i');
const NAME_LIST_SEPARATOR_AT = new RegExp(`^${NAME_SEP_SRC}`, 'i');
const NAME_LIST_SEPARATOR_END = new RegExp(`(?<!\\s)${NAME_SEP_SRC}$`, 'i');

/** After a name: the verb of a clause of its own ("rituximab is J9312", "… are billed", "… with J9312"). */
const NAME_STARTS_CLAUSE = /^\s*(?:\([^()]*\)\s*)?(?:is|are|was|were|with|=|:)(?![a-z])/i;

/**
 * The names of a list the draft's name belongs to, in text order: "rituximab and pembrolizumab" after the codes
 * ("J9312 and J9271 are rituximab and pembrolizumab"), "Keytruda and Opdivo" before them ("Keytruda and Opdivo are
 * billed with J9271 and J9299"); a name may carry its other name in parentheses ("Keytruda (pembrolizumab) and
 * Opdivo (nivolumab)"). `or`, `nor` and `and` tell how the names are joined ("and/or" is "or"): a list joined by
 * "or" or "nor" does not pair (joinNames reads it over one code).
 */
function nameList(
  dict: Dictionary,
  raw: string,
  draft: ClaimDraft,
  from: number,
  limit: number,
  taken: readonly PhraseMatch[],
): NameList {
  const first = draft.drug as PhraseMatch;
  const names = [first];
  const joins: string[] = [];
  if (draft.via === 'after') {
    let pos = first.end;
    for (;;) {
      const sep = NAME_LIST_SEPARATOR_AT.exec(raw.slice(pos, limit));
      const next = sep ? phraseAt(dict, raw.slice(0, limit), pos + sep[0].length) : undefined;
      if (!sep || !next) break;
      // "J9305 and J9304 are pemetrexed and rituximab is J9312": a name that starts a clause of its own, or that
      // another code's statement already reads, ends the list.
      if (NAME_STARTS_CLAUSE.test(raw.slice(next.end, limit))) break;
      if (taken.some((t) => next.start < t.end && next.end > t.start)) break;
      joins.push(sep.groups?.['sep'] ?? '');
      names.push(next);
      pos = next.end;
    }
  } else {
    let end = first.start;
    for (;;) {
      const head = raw.slice(from, end);
      const sep = NAME_LIST_SEPARATOR_END.exec(head);
      if (!sep || sep[0].length === 0) break;
      const prev = phraseEndingAt(dict, raw, from + sep.index);
      if (!prev || prev.start < from || !NAME_LIST_SEPARATOR.test(raw.slice(prev.end, end))) break;
      joins.unshift(sep.groups?.['sep'] ?? '');
      names.unshift(prev);
      end = prev.start;
    }
  }
  const words = joins.map(asOr);
  return {
    names,
    or: words.some((x) => /\bor\b/i.test(x)),
    nor: words.some((x) => /\bnor\b/i.test(x)),
    and: words.some((x) => /\band\b|&/i.test(x)),
  };
}

interface NameList {
  names: PhraseMatch[];
  or: boolean;
  nor: boolean;
  and: boolean;
}

/**
 * A sentence that pairs several codes with several names ("J9312 and J9271 are rituximab and pembrolizumab,
 * respectively"; "Keytruda and Opdivo are billed with J9271 and J9299"): the name read next to the codes is one of
 * a list, not the name of every code. As many names as codes (joined by "and" or commas) pair in order, as
 * "respectively" and parallel order mean; any other count, or names joined by "or", leaves the pairing uncertain,
 * so the list's codes get no statement (they are listed as not checked) rather than a verdict on a guess.
 */
function pairLists(
  dict: Dictionary,
  raw: string,
  ms: readonly Mention[],
  drafts: (ClaimDraft | undefined)[],
  groups: readonly (readonly number[])[],
): Set<string> {
  const uncertain = new Set<string>();
  for (const group of groups) {
    if (group.length < 2) continue;
    const firstIndex = group[0] as number;
    const lastIndex = group[group.length - 1] as number;
    // The name carried over the list comes from the last code's name after it or the first code's name before it.
    const source =
      drafts[lastIndex]?.via === 'after' && drafts[lastIndex]?.drug
        ? (drafts[lastIndex] as ClaimDraft)
        : drafts[firstIndex]?.via === 'before' && drafts[firstIndex]?.drug
          ? (drafts[firstIndex] as ClaimDraft)
          : undefined;
    if (!source) continue;
    const carried = group.filter((g) => drafts[g] === source || drafts[g]?.drug === source.drug);
    if (carried.length !== group.length) continue;
    const from = firstIndex > 0 ? (ms[firstIndex - 1] as Mention).end : 0;
    const limit = lastIndex + 1 < ms.length ? (ms[lastIndex + 1] as Mention).start : raw.length;
    // Names that another code's statement reads are not this list's ("… pemetrexed, rituximab is J9312").
    const taken = drafts.flatMap((d, k) =>
      d?.drug && !group.includes(k) && d.drug !== source.drug ? [d.drug] : [],
    );
    const { names, or, nor } = nameList(dict, raw, source, from, limit, taken);
    if (names.length < 2) continue;
    // "respectively" of this list: within it or after its last member, before the next code or clause ("; …").
    const start = Math.min((ms[firstIndex] as Mention).start, (names[0] as PhraseMatch).start);
    const end = Math.max((ms[lastIndex] as Mention).end, (names[names.length - 1] as PhraseMatch).end);
    const next = ms.find((n) => n.start >= end);
    const tail = raw.slice(end, next ? next.start : raw.length);
    const clause = tail.search(/[;]/);
    const own = raw.slice(start, end) + (clause >= 0 ? tail.slice(0, clause) : tail);
    const pairing: Pairing = { names, respectively: /\brespectively\b/i.test(own) };
    group.forEach((g, k) => {
      const name = names[k];
      const m = ms[g] as Mention;
      if (names.length === group.length && !or && !nor && name)
        drafts[g] = {
          mention: m,
          drug: name,
          negated: source.negated,
          via: drafts[g] === source ? source.via : 'list',
          pairing,
        };
      else {
        drafts[g] = undefined;
        uncertain.add(m.code);
      }
    });
  }
  return uncertain;
}

/** Between the last of names joined by "or" and their code, a verb in the singular: "Rituxan or Keytruda is J9312". */
const SINGULAR_BEFORE = /^\s*(?:\([^()]*\)\s*)?(?:is|=)\s+(?:(?:the|hcpcs|level\s+ii|code|j-?code)\s+)*$/i;

/**
 * One code and names joined by "neither … nor" or by "or". "Neither Keytruda nor Opdivo is J9312", "J9312 is neither
 * rituximab nor pembrolizumab": the statement negated for each name (a statement each, in `extra`). "Rituxan or
 * Keytruda is J9312", "J9312 is rituximab or pembrolizumab": the code is one of the names (a Disjunction over them:
 * true when one is, false when none is); where the "or" may as well mean each ("Keytruda or Opdivo is billed with
 * J9271", or negated), a verdict only when both readings agree. A "nor" without "neither" (or the reverse), or
 * "or"/"nor" mixed with "and": no reading certain enough, the code gets no statement and is returned. Lists of codes
 * are pairLists' and joinGroups'.
 */
function joinNames(
  dict: Dictionary,
  raw: string,
  ms: readonly Mention[],
  drafts: (ClaimDraft | undefined)[],
  extra: ClaimDraft[],
  groups: readonly (readonly number[])[],
): Set<string> {
  const uncertain = new Set<string>();
  for (const group of groups) {
    const i = group[0] as number;
    const d = drafts[i];
    if (group.length !== 1 || !d?.drug || d.pairing || d.disjunction) continue;
    if (d.via !== 'before' && d.via !== 'after') continue;
    const m = ms[i] as Mention;
    const from = i > 0 ? (ms[i - 1] as Mention).end : 0;
    const limit = i + 1 < ms.length ? (ms[i + 1] as Mention).start : raw.length;
    const taken = drafts.flatMap((o, k) => (o?.drug && k !== i ? [o.drug] : []));
    const list = nameList(dict, raw, d, from, limit, taken);
    const first = list.names[0] as PhraseMatch;
    const last = list.names[list.names.length - 1] as PhraseMatch;
    // "Avastin or Mvasi (Q5107)", "pemetrexed or rituximab: J9312": a code in brackets or after a colon is the last
    // name's only; a verb between the names and the code says it of them all ("… or Opdivo is J9312").
    if (d.via === 'before' && !/[a-z=]/i.test(raw.slice(last.end, m.start).replace(/\([^()]*\)/g, '')))
      continue;
    const lead =
      d.via === 'after'
        ? d.lead
        : (/\b(n?either)\s+$/i.exec(raw.slice(from, first.start))?.[1]?.toLowerCase() as
            'either' | 'neither' | undefined);
    const drop = (): void => {
      drafts[i] = undefined;
      uncertain.add(m.code);
    };
    if (list.nor) {
      if (lead !== 'neither' || list.or || list.and || d.negated || d.unit !== undefined) drop();
      else {
        drafts[i] = undefined;
        for (const name of list.names) extra.push({ ...d, drug: name, negated: true });
      }
      continue;
    }
    if (lead === 'neither') {
      drop();
      continue;
    }
    if (!list.or) continue;
    if (list.and) {
      drop();
      continue;
    }
    const any =
      !d.negated &&
      (lead === 'either' || d.via === 'after' || SINGULAR_BEFORE.test(raw.slice(last.end, m.start)));
    const disjunction: Disjunction = { reading: any ? 'any' : 'uncertain' };
    drafts[i] = undefined;
    for (const name of list.names) extra.push({ ...d, drug: name, disjunction });
  }
  return uncertain;
}

/**
 * Codes and names in parallel order without "respectively" ("Opdivo and Keytruda are J9271 and J9299") may be
 * meant as two sets: when the order gives a false verdict but another order makes every statement true, the
 * pairing is a guess, and the list gets no verdict (its codes are returned as uncertain). Lists of more than five
 * are not re-ordered. Codes joined by "or" are settled as one statement (settleDisjunctions); `settled` are the codes
 * whose statement was settled that way without a claim of their own.
 */
function settleLists(
  evaluate: (d: ClaimDraft) => CheckedClaim,
  drafts: readonly ClaimDraft[],
): { claims: CheckedClaim[]; pairing: Set<string>; reading: Set<string>; settled: Set<string> } {
  const claims = drafts.map(evaluate);
  const uncertain = new Set<string>();
  // The list's own drafts, by index: another statement on the same code ("…; J9271 is rituximab") is still judged.
  const dropped = new Set<number>();
  const lists = new Set(drafts.map((d) => d.pairing).filter((p): p is Pairing => p !== undefined));
  for (const pairing of lists) {
    const members = drafts.flatMap((d, k) => (d.pairing === pairing ? [k] : []));
    if (pairing.respectively || members.length > 5) continue;
    if (!members.some((k) => claims[k]?.verdict === 'false')) continue;
    const holds = (k: number, name: PhraseMatch): boolean => {
      const v = evaluate({ ...(drafts[k] as ClaimDraft), drug: name }).verdict;
      return v === 'true' || v === 'outdated';
    };
    const matches = (rest: readonly number[], names: readonly PhraseMatch[]): boolean =>
      rest.length === 0 ||
      names.some(
        (n, x) =>
          holds(rest[0] as number, n) &&
          matches(
            rest.slice(1),
            names.filter((_, y) => y !== x),
          ),
      );
    if (!matches(members, pairing.names)) continue;
    for (const k of members) {
      dropped.add(k);
      uncertain.add((drafts[k] as ClaimDraft).mention.code);
    }
  }
  const settled = settleDisjunctions(drafts, claims, dropped);
  return {
    claims: claims.filter((_, k) => !dropped.has(k)),
    pairing: uncertain,
    reading: settled.uncertain,
    settled: settled.settled,
  };
}

/**
 * Codes joined by "or" (see Disjunction). Read as "each code is" and as "one of them is", the list is true when
 * every code is, false when none is: that verdict is given on each code. When only some are, the readings differ:
 * with the reading `any` the statement is true, and the claims of the codes that are stand for it (the others are
 * settled, not listed as unchecked); with an uncertain reading no verdict is given (the codes are uncertain).
 * Outdated counts as true here only when no code is true.
 */
function settleDisjunctions(
  drafts: readonly ClaimDraft[],
  claims: readonly CheckedClaim[],
  dropped: Set<number>,
): { uncertain: Set<string>; settled: Set<string> } {
  const uncertain = new Set<string>();
  const settled = new Set<string>();
  const lists = new Set(drafts.map((d) => d.disjunction).filter((d): d is Disjunction => d !== undefined));
  for (const disjunction of lists) {
    const members = drafts.flatMap((d, k) => (d.disjunction === disjunction && !dropped.has(k) ? [k] : []));
    const verdicts = members.map((k) => (claims[k] as CheckedClaim).verdict);
    const all = (v: Verdict): boolean => verdicts.every((x) => x === v);
    if (all('true') || all('false') || all('outdated') || all('unknown')) continue;
    const holding = verdicts.includes('true')
      ? 'true'
      : verdicts.includes('outdated')
        ? 'outdated'
        : undefined;
    const keep = (k: number): boolean =>
      disjunction.reading === 'any' && holding !== undefined
        ? (claims[k] as CheckedClaim).verdict === holding
        : disjunction.reading === 'uncertain' && !verdicts.includes('false') && !verdicts.includes('unknown');
    for (const k of members) {
      if (keep(k)) continue;
      dropped.add(k);
      const code = (drafts[k] as ClaimDraft).mention.code;
      if (disjunction.reading === 'any' && holding !== undefined) settled.add(code);
      else uncertain.add(code);
    }
  }
  return { uncertain, settled };
}

// ---------------------------------------------------------------------------------------------------------
// Verdicts on code claims

function combine(vs: readonly Verdict[]): Verdict {
  if (vs.includes('false')) return 'false';
  if (vs.includes('unknown')) return 'unknown';
  return 'true';
}

const invert = (v: Verdict): Verdict => (v === 'true' ? 'false' : v === 'false' ? 'true' : 'unknown');

function sortCodes(list: readonly CatalogueEntry[]): CatalogueEntry[] {
  const rank = (c: string): number => (c.startsWith('J') ? 0 : c.startsWith('Q') ? 1 : 2);
  return [...list].sort((a, b) => rank(a.code) - rank(b.code) || (a.code < b.code ? -1 : 1));
}

/**
 * The active codes of the product a name stands for: a brand's codes, else the codes of the ingredient whose
 * descriptor names the same product (formulation.ts): "bevacizumab-bvzr" → Q5118 only, "daratumumab and
 * hyaluronidase" → J9144, "daratumumab" → J9145 (not the hyaluronidase product), "rituximab" → J9312 and its
 * biosimilars.
 */
function codesForDrug(dict: Dictionary, drug: PhraseMatch): CatalogueEntry[] {
  const cat = dict.cat;
  if (drug.entry.brand !== null)
    return sortCodes((dict.brandCodes.get(drug.entry.brand) ?? []).filter((e) => e.status === 'active'));
  const form = claimedForm(drug.text);
  const list = [...drug.entry.keys].flatMap((k) => cat.byKey.get(k) ?? []);
  return sortCodes(list.filter((e) => e.status === 'active' && formFits(form, codeForm(e))));
}

/**
 * Codes offered for a name, at most 12: "J9312, Q5115, …". A code that combines the named drug with other drugs says
 * so, with its name ("imipenem is J0742 (imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg)"), so the suggestion
 * does not pass a combination off as the drug alone. Judged by the ingredient key: "busulfan; oral" (J8510) is one
 * drug, and co-formulated hyaluronidase is the product's own (see codeForm).
 */
function codeList(codes: readonly CatalogueEntry[], named: string): string {
  const claimed = named.toLowerCase();
  const shown = codes.slice(0, 12).map((e) => {
    const key = e.parts.key ?? '';
    const combination =
      /, | and |[a-z]\/[a-z]/.test(key) && !/hyaluronidase/.test(key) && !/ and |\//.test(claimed);
    return combination ? `${e.code} (${codeForm(e).name})` : e.code;
  });
  return `${shown.join(', ')}${codes.length > 12 ? ', …' : ''}`;
}

/** Active codes outside the drug catalogue whose descriptor gives the name claimed (its key or a product name). */
function uncataloguedCodesFor(
  ref: ReferenceData,
  date: IsoDate,
  drug: PhraseMatch,
  code: string,
): CatalogueEntry[] {
  const byName = uncataloguedByName(ref, date);
  // The name as written too: "Corplex" reads as the leading word of a catalogued "corplex p", but is Q4232's own.
  const names = [
    ...(drug.entry.brand !== null ? [drug.entry.brand] : drug.entry.keys),
    normalisePhrase(drug.text),
  ];
  const found = new Set(names.flatMap((n) => byName.get(n) ?? []));
  return sortCodes([...found].filter((r) => r.value.code !== code).map((r) => catalogueEntry(ref, r, date)));
}

/**
 * The molecule named without its variant ("liposomal", "hd") for a variant's code misleads only when a product
 * without it has a code ("J9205 is irinotecan": irinotecan is J9206; "J0177 is aflibercept": Eylea is J0178);
 * "daunorubicin and cytarabine" is only ever liposomal (J9153).
 */
function onlyVariantProduct(
  sameKey: readonly CatalogueEntry[],
  claimed: ReturnType<typeof claimedForm>,
  form: ReturnType<typeof codeForm>,
): boolean {
  return (
    form.variant !== null &&
    claimed.variant === null &&
    formFits({ ...claimed, variant: form.variant }, form) &&
    sameKey.every((e) => codeForm(e).variant === form.variant)
  );
}

/** "ondansetron, 1 mg"; the name alone when it ends with the dose already (Q0162 "Ondansetron 1 mg, oral, …"). */
function withDose(name: string, dose: string | null): string {
  return dose === null || name.toLowerCase().endsWith(dose.toLowerCase()) ? name : `${name}, ${dose}`;
}

/** The billing unit as an amount ("1 mg"; the descriptor may write "per 1 mg"). */
function unitText(u: BillingUnit): string {
  return u.text.replace(/^per\s+/i, '');
}

/**
 * The descriptor's own dose words when no single billing unit can be read from them ("3 mg/1 mg" of J9298,
 * nivolumab and relatlimab): quoted as written rather than called unreadable.
 */
function descriptorDose(longDescription: string): string | null {
  // Not at a thousands separator: "250,000 i.u. vial" is one dose, not "000 i.u. vial".
  const segments = longDescription.split(/,(?!\d{3}(?!\d))/).map((x) => x.trim());
  const last = segments[segments.length - 1];
  return segments.length > 1 && last !== undefined && /^(?:per\s+)?\d/i.test(last) ? last : null;
}

function evaluateCode(
  ref: ReferenceData,
  dict: Dictionary,
  date: IsoDate,
  s: Sentence,
  d: ClaimDraft,
): CheckedClaim {
  const code = d.mention.code;
  const rec: Sourced<HcpcsRecord> | undefined = ref.hcpcs(code, date);
  const claimed: CheckedClaim['claimed'] = {};
  if (d.drug) claimed.drug = d.drug.text;
  if (d.unit) claimed.unit = d.unit.text;
  else if (d.doseUnits) claimed.unit = d.doseUnits.text;
  if (d.includesBiosimilars) claimed.includesBiosimilars = true;
  const kind: ClaimKind = d.drug ? 'code-drug' : 'code-unit';
  const base = {
    text: s.text,
    line: s.line,
    start: s.start + Math.min(d.mention.start, d.drug?.start ?? Infinity),
    end: s.start + Math.max(d.mention.end, d.drug?.end ?? 0),
    kind,
    code,
    claimed,
    negated: d.negated,
  };
  if (!rec) {
    const hcpcsRelease = ref
      .releases()
      .some(
        (r) =>
          r.dataset === 'hcpcs' &&
          r.effectiveFrom <= date &&
          (r.effectiveTo === null || r.effectiveTo >= date),
      );
    const alternatives = d.drug ? codesForDrug(dict, d.drug) : [];
    return {
      ...base,
      verdict: hcpcsRelease ? (d.negated ? 'true' : 'false') : 'unknown',
      actual: hcpcsRelease
        ? `${code} is not a HCPCS code in the release in force on ${date}.`
        : `No HCPCS release in the store covers ${date}.`,
      suggestion:
        alternatives.length > 0 && d.drug
          ? `${d.drug.text} is ${codeList(alternatives, d.drug.text)}.`
          : null,
      suggestedCodes: alternatives.map((e) => ({
        code: e.code,
        longDescription: e.record.value.longDescription,
      })),
      sources: [],
    };
  }
  const cat = dict.cat;
  const catalogued = cat.byCode.get(code);
  // A code the drug catalogue leaves out (a skin substitute priced as a biological, Q4186 "Epifix, per square
  // centimeter"; a device, Q9984 "… contraceptive system (kyleena)") is judged by its own descriptor, read alike.
  const entry = catalogued ?? catalogueEntry(ref, rec, date);
  const desc = ref.descriptor(code, date);
  const unit = desc?.value.kind === 'parsed' ? desc.value.billingUnit : entry.unit;
  const key = entry.parts.key;
  const status = codeStatus(rec.value, date);
  const sources: FactSource[] = [releaseSource(rec)];
  if (desc && desc.source.releaseId !== rec.source.releaseId) sources.push(releaseSource(desc));

  const verdicts: Verdict[] = [];
  const wrong: string[] = [];
  const suggestedCodes: SuggestedCode[] = [];
  if (d.drug) {
    let v: Verdict;
    if (d.drug.entry.brand !== null) {
      // The codes that carry the name: the crosswalk's, a descriptor's own "(ixifi)", a label's "Neulasta Onpro".
      const carriers = dict.brandCodes.get(d.drug.entry.brand) ?? [];
      const packages = ref.ndcPackagesForCode(code, date);
      if (packages) sources.push(releaseSource(packages));
      const named = dict.brandSources.get(d.drug.entry.brand);
      if (named) sources.push(named);
      // The dictionary reads descriptor parentheses of catalogued codes only; another code's own are read here.
      const ownName =
        !catalogued && entry.parts.parentheticals.some((p) => normalisePhrase(p) === d.drug?.entry.brand);
      // By code: a code outside the catalogue is read afresh here (catalogueEntry), not the dictionary's object.
      v =
        carriers.some((c) => c.code === code) || ownName ? 'true' : carriers.length > 0 ? 'false' : 'unknown';
    } else {
      // Same ingredient is not enough: the suffix and the hyaluronidase written must be the code's own
      // ("Q5107 is bevacizumab-bvzr", "J9145 is daratumumab and hyaluronidase" and "J9144 is daratumumab" are
      // false). A name without a suffix stays true for every product of the molecule ("Q5115 is rituximab").
      // The dictionary holds the names of catalogued codes: the name of any other code is its own key as written.
      const namesKey =
        key !== null && (d.drug.entry.keys.has(key) || (!catalogued && ingredientKeyOf(d.drug.text) === key));
      v =
        namesKey &&
        (formFits(claimedForm(d.drug.text), codeForm(entry)) ||
          onlyVariantProduct(cat.byKey.get(key) ?? [], claimedForm(d.drug.text), codeForm(entry)))
          ? 'true'
          : 'false';
    }
    if (d.negated) v = invert(v);
    verdicts.push(v);
    if (v === 'false' && !d.negated) {
      let alternatives = codesForDrug(dict, d.drug).filter((e) => e.code !== code);
      // No drug code carries the name: a code outside the drug catalogue may (a skin substitute, a device).
      if (alternatives.length === 0) alternatives = uncataloguedCodesFor(ref, date, d.drug, code);
      for (const e of alternatives)
        suggestedCodes.push({ code: e.code, longDescription: e.record.value.longDescription });
      const named =
        d.drug.entry.brand !== null
          ? d.drug.text
          : describeClaimed(d.drug.text, claimedForm(d.drug.text), codeForm(entry));
      // "J1745 is infliximab-axxq": a reference product's descriptor says so (once, with "including biosimilars").
      if (
        entry.parts.excludesBiosimilar &&
        !d.includesBiosimilars &&
        d.drug.entry.brand === null &&
        claimedForm(d.drug.text).suffix !== null
      )
        wrong.push(`${code} excludes biosimilars`);
      wrong.push(
        alternatives.length > 0
          ? `${named} is ${codeList(alternatives, named)}`
          : `${named} has no active code on ${date}`,
      );
    } else if (v === 'false') {
      wrong.push(`${code} is ${codeForm(entry).name}`);
    }
  }
  if (d.unit) {
    const same = unit ? sameQuantity(d.unit, unit) : undefined;
    const v: Verdict = same === undefined ? 'unknown' : same ? 'true' : 'false';
    verdicts.push(v);
    if (v === 'false' && unit) wrong.push(`1 unit of ${code} = ${unitText(unit)}, not ${d.unit.text}`);
  }
  if (d.doseUnits) {
    const du = d.doseUnits;
    const n = unit ? unitsForDose(du.dose, unit) : undefined;
    let v: Verdict =
      n === undefined
        ? 'unknown'
        : Math.abs(du.count - n.exact) < 1e-9 || du.count === n.billed
          ? 'true'
          : 'false';
    if (du.negated) v = invert(v);
    verdicts.push(v);
    if (v === 'false' && unit && n) {
      const units = `${groupThousands(String(n.billed))} unit${n.billed === 1 ? '' : 's'}`;
      const rounded =
        Math.abs(n.billed - n.exact) < 1e-9 ? '' : `, ${Number(n.exact.toPrecision(12))} rounded up`;
      wrong.push(
        `${du.dose.text} of ${code} = ${units} (1 unit = ${unitText(unit)}${rounded})${du.negated ? '' : `, not ${groupThousands(String(du.count))}`}`,
      );
    }
  }
  if (d.includesBiosimilars && !d.negated && catalogued && !catalogued.parts.biosimilar) {
    // Biosimilars have codes of their own: a descriptor that "excludes biosimilar" says so, and otherwise the
    // release's biosimilar codes for the same ingredient show it.
    const biosimilars = sortCodes(
      (cat.byKey.get(key ?? '') ?? []).filter((e) => e.parts.biosimilar && e.status === 'active'),
    );
    const v: Verdict = entry.parts.excludesBiosimilar || biosimilars.length > 0 ? 'false' : 'unknown';
    verdicts.push(v);
    if (v === 'false') {
      for (const e of biosimilars)
        suggestedCodes.push({ code: e.code, longDescription: e.record.value.longDescription });
      wrong.push(
        `${code} ${entry.parts.excludesBiosimilar ? 'excludes biosimilars' : 'does not cover biosimilars'}${
          biosimilars.length > 0
            ? `; ${key ?? ''} biosimilars have their own codes: ${biosimilars
                .map((e) => `${e.code}${e.parts.parentheticals[0] ? ` (${e.parts.parentheticals[0]})` : ''}`)
                .join(', ')}`
            : ''
        }`,
      );
    }
  }
  let verdict = combine(verdicts);
  // True as written, but the code cannot be billed on the date: a distinct verdict, so the reader is warned.
  if (verdict === 'true' && status !== 'active' && !d.negated) verdict = 'outdated';
  const statusText =
    status === 'active'
      ? ''
      : status === 'terminated'
        ? ` It was terminated on ${rec.value.terminationDate ?? '?'}.`
        : ` It is not valid until ${rec.value.addedDate ?? '?'}.`;
  const dose = unit ? unitText(unit) : descriptorDose(rec.value.longDescription);
  const unitNote = unit
    ? `1 unit = ${unitText(unit)}`
    : dose
      ? `dose written "${dose}": no single billing unit`
      : 'no billing unit in the descriptor';
  const actual = `${code} is "${rec.value.longDescription}" (${unitNote}) in ${rec.source.label}.${statusText}`;
  let suggestion: string | null = null;
  if (verdict === 'false')
    // An uncatalogued code is shown by its whole descriptor, which holds the dose already.
    suggestion = `${code} is ${catalogued ? withDose(codeForm(entry).name, dose) : rec.value.longDescription}; ${wrong.join('; ')}.`;
  else if (verdict === 'outdated') {
    let current = d.drug ? codesForDrug(dict, d.drug).filter((e) => e.code !== code) : [];
    if (d.drug && current.length === 0) current = uncataloguedCodesFor(ref, date, d.drug, code);
    for (const e of current)
      suggestedCodes.push({ code: e.code, longDescription: e.record.value.longDescription });
    suggestion = `${code} cannot be billed on ${date}${
      d.drug && current.length > 0
        ? `; ${d.drug.text} is ${codeList(current, d.drug.text)} on that date`
        : d.drug
          ? `; ${d.drug.text} has no active code on that date`
          : ''
    }.`;
  }
  return {
    ...base,
    verdict,
    actual,
    suggestion,
    suggestedCodes: verdict === 'false' || verdict === 'outdated' ? suggestedCodes : [],
    sources,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Modifiers

type Meaning = 'em' | 'no-waste' | 'waste' | '340b' | 'iv' | 'sc';

const MEANING_WORDS: Readonly<Record<Meaning, string>> = {
  em: 'a significant, separately identifiable E/M service on the same day',
  'no-waste': 'no drug discarded',
  waste: 'drug discarded / not administered',
  '340b': 'drug acquired through the 340B program',
  iv: 'administered intravenously',
  sc: 'administered subcutaneously',
};

/** The meaning a phrase gives a modifier, by its words; undefined when none is recognised. */
export function classifyMeaning(text: string): Meaning | undefined {
  const t = text.toLowerCase();
  if (/\b(?:e\/m|e&m|evaluation\s+and\s+management|separately\s+identifiable|office\s+visit)\b/.test(t))
    return 'em';
  if (
    /\b(?:no|zero|none|nothing|not\s+any|without)\b[^.;]{0,25}\b(?:waste|wasted|wastage|discard(?:ed)?|unused|left\s*over)\b/.test(
      t,
    ) ||
    /\b(?:fully|entirely|completely)\s+(?:administered|used|given)\b|\bentire\b[^.;]{0,30}\b(?:administered|used|given)\b|\bnot\s+(?:discarded|wasted)\b|\bnothing\s+(?:was\s+)?(?:wasted|discarded)\b/.test(
      t,
    )
  ) {
    return 'no-waste';
  }
  if (/\b340\s*-?b\b/.test(t)) return '340b';
  if (/\bintravenous(?:ly)?\b|\bi\.?v\.?\b/.test(t)) return 'iv';
  if (/\bsubcutaneous(?:ly)?\b|\bsub-?q\b/.test(t)) return 'sc';
  if (
    /\b(?:waste|wasted|wastage|discard(?:ed|s|ing)?|unused\s+(?:portion|amount|drug)|not\s+administered|thrown\s+away|left\s*over)\b/.test(
      t,
    )
  )
    return 'waste';
  return undefined;
}

/**
 * The sentence says a modifier is valid now: "still", "currently", or a year after its termination ("since 2025
 * the JG modifier is required"). Said of a terminated modifier that is false, not merely outdated.
 */
function assertsCurrent(raw: string, terminationDate: IsoDate | null): boolean {
  if (/\b(?:still|now|currently|continues?\s+to|remains?|today|going\s+forward)\b/i.test(raw)) return true;
  if (terminationDate === null) return false;
  for (const y of raw.matchAll(/\b((?:19|20)\d\d)\b/g))
    if (`${y[1] as string}-01-01` > terminationDate) return true;
  return false;
}

interface ModifierFacts {
  code: string;
  meaning: Meaning | undefined;
  description: string;
  record: Sourced<HcpcsRecord> | undefined;
  sources: FactSource[];
}

function modifierFacts(ref: ReferenceData, mod: string, date: IsoDate): ModifierFacts | undefined {
  if (mod === '25') {
    return {
      code: '25',
      meaning: 'em',
      description:
        'Significant, separately identifiable evaluation and management service by the same physician on the same day (CPT modifier)',
      record: undefined,
      sources: [PUB.modifier25],
    };
  }
  const r = ref.hcpcs(mod, date);
  if (!r || r.value.kind !== 'modifier') return undefined;
  return {
    code: mod,
    meaning: classifyMeaning(r.value.longDescription),
    description: r.value.longDescription,
    record: r,
    sources: [releaseSource(r)],
  };
}

const MOD_MENTION =
  /\bmodifiers?\s*[-–:]?\s*([A-Z0-9]{2})\b|\b([A-Z]{2}|\d{2})\s*modifiers?\b|\b[A-V]\d{4}-([A-Z0-9]{2})\b|\b(JW|JZ|JG|TB|JA|JB)\b|(?<=\s|^)-(25)\b/gi;
const NEGATION =
  /\b(?:never|not|no\s+longer|cannot|can['’]t|don['’]t|doesn['’]t|isn['’]t|aren['’]t|avoid|mutually\s+exclusive)\b|n['’]t\b/i;
const MEANING_VERB =
  /^\s*(?:modifiers?\s*)?(?:\)\s*)?(?:,\s*)?(?:(?:which|that)\s+)?(?<neg>does\s+not\s+|doesn['’]t\s+|is\s+not\s+|isn['’]t\s+)?(?<verb>indicates?|means?|signif(?:y|ies)|signals?|denotes?|reports?|shows?|identifies|stands\s+for|represents|(?:is\s+|are\s+|(?:must|should|may)\s+be\s+)?(?:(?:still|now|also|always|currently)\s+)?(?:used|required|needed|reported|appended)\s+(?:to\s+(?:report|indicate|show|identify|signal)|for|when|if)|is\s+for|applies\s+(?:to|when|if)|=|:|[–—]|\()\s*(?<meaning>[^.;]*)/i;
const USE_BEFORE =
  /(?:\b(?:use|append|add|report|bill|attach|put)|\bwith|\busing)\s+(?:the\s+)?(?:modifiers?\s+)?$/i;
const USE_AFTER =
  /^\s*(?:modifiers?\s+)?(?:to\s+(?:report|indicate|show|identify)|for|when|if)\s+(?<meaning>[^.;]*)/i;

interface ModMention {
  mod: string;
  start: number;
  end: number;
  /** Attached to a code with a hyphen ("J9173-25"). */
  attachedTo?: string;
  /** Written as a modifier ("modifier 59", "JW modifier", "J9173-JW"), not a bare two-letter word. */
  explicit: boolean;
}

function modifierMentions(raw: string): ModMention[] {
  const out: ModMention[] = [];
  const starts = new Set<number>();
  for (const m of raw.matchAll(MOD_MENTION)) {
    const mod = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').toUpperCase();
    if (mod === '') continue;
    // Bare two-letter words are modifiers only in upper case (avoid "an", "tb" in prose).
    if (m[4] !== undefined && m[4] !== m[4].toUpperCase()) continue;
    if (m[2] !== undefined && /^[a-z]/.test(m[2])) continue;
    const mm: ModMention = {
      mod,
      start: m.index,
      end: m.index + m[0].length,
      explicit: m[4] === undefined,
    };
    if (m[3] !== undefined) mm.attachedTo = m[0].slice(0, 5).toUpperCase();
    if (starts.has(mm.start)) continue;
    starts.add(mm.start);
    out.push(mm);
  }
  return out;
}

const DESCRIBES_ERROR =
  /\b(?:denials?|denied|denies|deny|carc|rarc|co-\d+|inconsistent|errors?|mistakes?|wrong|incorrect(?:ly)?|invalid)\b/i;
const PLACEMENT_VERB =
  /\b(?:append(?:ed|s)?|add(?:ed|s)?|attach(?:ed|es)?|use[ds]?|bill(?:ed|s)?|report(?:ed|s)?|put|place[ds]?|code[ds]?|requires?|required|needs?|needed|should|must|always|goes|go|belongs?)\b/i;
const DRUG_TARGET =
  /\b(?:j-?codes?|drug\s+(?:line|code|administration(?:\s+line)?)|[JQ]\d{4}|infusion\s+(?:line|code)|chemotherapy\s+(?:line|code|drug)|injection\s+(?:line|code)|96[34]\d\d)\b/gi;
const EM_TARGET = /\b(?:e\/m|e&m|evaluation\s+and\s+management|office\s+visit|visit|99[2-4]\d\d)\b/gi;

/** A multiple-dose container: "multi-dose vial", "multiple-dose containers", "multidose". */
const MULTI_DOSE = /\bmulti(?:ple)?[-\s]?dose\b/i;
const SINGLE_DOSE = /\bsingle[-\s]?(?:dose|use)\b/i;
/** Words that set multiple-dose containers apart from single-dose ones in a clause naming both. */
const CONTRAST = /\b(?:rather\s+than|instead\s+of|unlike|exempt(?:ed)?|excluded|except)\b/i;
/**
 * Negations that describe the drug, not the statement: "not administered", "not wasted" (JW's and JZ's own descriptor
 * words), so "Use JZ when the drug from a multi-dose vial is not wasted" is not read as "JZ is not for multi-dose".
 */
const WASTE_NEGATION = /\b(?:not|never)\s+(?:been\s+)?(?:administered|wasted|discarded|given)\b/gi;

/**
 * The text denies JW/JZ for multiple-dose containers: a negation that is not one of the drug's ("Do not use JW for
 * multi-dose vials", "single-dose vial, not a multi-dose vial"), or "only for single-dose …", "… to the single-dose
 * ones only" (the guides' own wording).
 */
function deniesMultiDose(text: string): boolean {
  return (
    NEGATION.test(text.replace(WASTE_NEGATION, '')) ||
    /\bonly\s+(?:to|for|with|on|from)\s+(?:the\s+|an?\s+)?single[-\s]?dose\b|\bsingle[-\s]?dose\b[^.;,]{0,30}\bonly\b/i.test(
      text,
    )
  );
}

function nearest(raw: string, re: RegExp, at: number): number {
  let best = Infinity;
  for (const m of raw.matchAll(re)) best = Math.min(best, Math.abs(m.index - at));
  return best;
}

function modifierClaims(ref: ReferenceData, date: IsoDate, s: Sentence): CheckedClaim[] {
  const out: CheckedClaim[] = [];
  const raw = s.raw;
  const ms = modifierMentions(raw);
  if (ms.length === 0) return out;
  // What the whole sentence says, read once (not once per modifier: "JW JW JW …" would take quadratic time).
  const negatedSentence = NEGATION.test(raw);
  const describesError = DESCRIBES_ERROR.test(raw);
  const placementVerb = PLACEMENT_VERB.test(raw);
  const jwAndJzOnOneLine =
    /\bJW\b/.test(raw) &&
    /\bJZ\b/.test(raw) &&
    /\bsame\s+(?:claim\s+)?line\b|\bon\s+one\s+line\b|\btogether\s+on\b/i.test(raw);
  const multiDoseUse =
    MULTI_DOSE.test(raw) &&
    /\b(?:use|used|apply|applies|append|report|reported|bill|billed|required|requires)\b/i.test(raw);
  let deniesInSentence: boolean | undefined;
  const done = new Set<string>();
  const claim = (
    mm: ModMention,
    kind: ClaimKind,
    verdict: Verdict,
    claimedMeaning: string | undefined,
    actual: string,
    suggestion: string | null,
    facts: ModifierFacts | undefined,
    negated: boolean,
    extra: FactSource[] = [],
  ): void => {
    const key = `${mm.mod}:${kind}`;
    if (done.has(key)) return;
    done.add(key);
    out.push({
      text: s.text,
      line: s.line,
      start: s.start + mm.start,
      end: s.start + mm.end,
      kind,
      code: mm.mod,
      claimed: { modifier: mm.mod, ...(claimedMeaning !== undefined ? { meaning: claimedMeaning } : {}) },
      negated,
      verdict,
      actual,
      suggestion,
      suggestedCodes: [],
      sources: [...(facts?.sources ?? []), ...extra],
    });
  };

  /**
   * JW/JZ said of a multiple-dose container: false unless denied. JW and JZ apply only to drugs from single-dose
   * containers, whatever the waste (@see PUB.jwjzFaq, CMS JW/JZ policy FAQ; the same rule as the edit
   * jw-jz-not-applicable).
   */
  const multiDose = (mm: ModMention, facts: ModifierFacts, negated: boolean): void =>
    claim(
      mm,
      'modifier-use',
      negated ? 'true' : 'false',
      negated ? `${mm.mod} not for multiple-dose containers` : `${mm.mod} for multiple-dose containers`,
      'JW and JZ apply only to drugs from single-dose containers (CMS JW/JZ policy); never to multiple-dose containers.',
      negated
        ? null
        : `Do not report ${mm.mod} for a multiple-dose container; ${mm.mod} is reported only for drugs from single-dose containers.`,
      facts,
      negated,
      [PUB.jwjzFaq],
    );

  for (const mm of ms) {
    const facts = modifierFacts(ref, mm.mod, date);
    if (!facts) continue;
    const actualMeaning = `${facts.code}: ${facts.description}.`;

    // 25 placed on a drug line. A sentence that describes the error (a denial, a mistake) recommends nothing.
    if (mm.mod === '25') {
      if (describesError) continue;
      const target = mm.attachedTo;
      let onDrug: boolean | undefined;
      if (target !== undefined) onDrug = /^[A-V]/.test(target) || /^96[34]/.test(target);
      else if (placementVerb) {
        const dDrug = nearest(raw, DRUG_TARGET, mm.start);
        const dEm = nearest(raw, EM_TARGET, mm.start);
        if (dDrug !== Infinity || dEm !== Infinity) onDrug = dDrug < dEm;
      }
      if (onDrug !== undefined) {
        const negated = negatedSentence;
        const verdict: Verdict = onDrug ? (negated ? 'true' : 'false') : 'true';
        claim(
          mm,
          'modifier-use',
          verdict,
          onDrug ? (negated ? 'not on the drug line' : 'on the drug line') : 'on the E/M line',
          'Modifier 25 marks a significant, separately identifiable E/M service on the same day; it goes on the E/M line, never on a drug or drug administration line.',
          verdict === 'false'
            ? 'Put modifier 25 on the E/M line (e.g. 99213-25) only; bill the drug line without it.'
            : null,
          facts,
          negated,
        );
        continue;
      }
    }

    const after = raw.slice(mm.end);
    const before = raw.slice(0, mm.start);

    // Meaning statements: "JW indicates …", "use JZ when …".
    const mv = MEANING_VERB.exec(after);
    const ua = USE_BEFORE.test(before) ? USE_AFTER.exec(after) : null;
    const meaningText = (mv?.groups?.['meaning'] ?? ua?.groups?.['meaning'])?.trim();
    // "Use JW when drug is discarded from a multi-dose vial", "JZ is required when no drug is wasted from a
    // multiple-dose vial": the meaning is right, the container is not. The clause's own words decide ("Do not use JW
    // when …", "… from a single-dose vial, not a multi-dose vial"); a later clause does not ("…; for multi-dose
    // vials, no modifier is needed").
    // A clause that names both and sets them apart ("from a single-dose vial rather than a multi-dose vial", "(multi-
    // dose vials are exempt)") is read as the meaning it states, as before; "single-dose or multi-dose" is not.
    if (
      (mm.mod === 'JW' || mm.mod === 'JZ') &&
      meaningText !== undefined &&
      MULTI_DOSE.test(meaningText) &&
      !(SINGLE_DOSE.test(meaningText) && CONTRAST.test(meaningText))
    ) {
      const clauseBefore = before.split(/[.;]\s/).pop() ?? '';
      multiDose(
        mm,
        facts,
        mv?.groups?.['neg'] !== undefined || deniesMultiDose(`${clauseBefore} ${meaningText}`),
      );
      continue;
    }
    const claimedMeaning = meaningText !== undefined ? classifyMeaning(meaningText) : undefined;
    if (claimedMeaning !== undefined && facts.meaning !== undefined) {
      const negated =
        mv?.groups?.['neg'] !== undefined ||
        (meaningText !== undefined && /^(?:not|never)\b/i.test(meaningText));
      let verdict: Verdict = claimedMeaning === facts.meaning ? 'true' : 'false';
      if (negated) verdict = invert(verdict);
      const terminated = facts.record && codeStatus(facts.record.value, date) === 'terminated';
      const isUse = ua !== null;
      // "Do not use JG for 340B drugs": advice against a terminated modifier is right; against a valid one, it is
      // right only when the meaning given is not the modifier's.
      const advisedAgainst = isUse && /\b(?:not|never|don['’]t|avoid|no\s+longer)\b[^.;]*$/i.test(before);
      if (advisedAgainst) verdict = terminated ? 'true' : invert(verdict);
      // What a terminated modifier meant, or was used for, is true but outdated however it is worded ("use JG for
      // 340B drugs", "JG is used for 340B drugs"); saying it is valid now ("still", "since 2025") is false.
      if (terminated && verdict === 'true' && !negated && !advisedAgainst)
        verdict = assertsCurrent(raw, facts.record?.value.terminationDate ?? null) ? 'false' : 'outdated';
      const stale = `${facts.code} was terminated on ${facts.record?.value.terminationDate ?? '?'}${facts.meaning === '340b' ? '; report TB for 340B-acquired drugs' : ''}.`;
      const suggestion =
        verdict === 'outdated'
          ? stale
          : verdict === 'false'
            ? terminated && claimedMeaning === facts.meaning && !negated
              ? stale
              : `${facts.code} means ${MEANING_WORDS[facts.meaning]}${facts.meaning === 'waste' ? '; JZ means no drug was discarded' : facts.meaning === 'no-waste' ? '; JW reports the discarded amount' : ''}.`
            : null;
      claim(
        mm,
        isUse ? 'modifier-use' : 'modifier-meaning',
        verdict,
        meaningText,
        `${actualMeaning}${terminated ? ` Terminated on ${facts.record?.value.terminationDate ?? '?'}.` : ''}`,
        suggestion,
        facts,
        negated || advisedAgainst,
        facts.meaning === 'waste' || facts.meaning === 'no-waste'
          ? [PUB.jwjzFaq]
          : facts.meaning === '340b'
            ? [PUB.tb340b]
            : [],
      );
      continue;
    }

    // JW and JZ on one line.
    if ((mm.mod === 'JW' || mm.mod === 'JZ') && jwAndJzOnOneLine) {
      const negated = negatedSentence;
      claim(
        { ...mm, mod: 'JW' },
        'modifier-use',
        negated ? 'true' : 'false',
        negated ? 'JW and JZ not on the same line' : 'JW and JZ on the same line',
        'JW (amount discarded) and JZ (zero discarded) exclude each other: never both on one line.',
        negated
          ? null
          : 'Bill the administered amount (with JZ when nothing was discarded) and the discarded amount on a separate JW line; never JW and JZ together.',
        modifierFacts(ref, 'JW', date),
        negated,
        [PUB.jwjzFaq],
      );
      continue;
    }

    // JW/JZ on multiple-dose containers.
    if ((mm.mod === 'JW' || mm.mod === 'JZ') && multiDoseUse) {
      multiDose(mm, facts, (deniesInSentence ??= deniesMultiDose(raw)));
      continue;
    }

    // A terminated modifier put to use ("append JG to 340B drugs").
    if (facts.record && codeStatus(facts.record.value, date) === 'terminated') {
      const used =
        USE_BEFORE.test(before) ||
        /^\s*(?:modifiers?\s+)?(?:is|are)\s+(?:(?:still|now|also|always|currently)\s+)?(?:required|needed|used|reported)\b/i.test(
          after,
        );
      if (used) {
        const negated = negatedSentence;
        claim(
          mm,
          'modifier-use',
          negated ? 'true' : assertsCurrent(raw, facts.record.value.terminationDate) ? 'false' : 'outdated',
          negated ? `${mm.mod} not used` : `${mm.mod} in use`,
          `${actualMeaning} Terminated on ${facts.record.value.terminationDate ?? '?'} (HCPCS file).`,
          negated
            ? null
            : `${mm.mod} was terminated on ${facts.record.value.terminationDate ?? '?'}${facts.meaning === '340b' ? '; report TB for 340B-acquired drugs' : ''}.`,
          facts,
          negated,
          mm.mod === 'JG' ? [PUB.tb340b] : [],
        );
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Checks every recognised statement of `text` against the reference data on `date`. A `date` that is not a real
 * YYYY-MM-DD date throws a TypeError (code "date.invalid") before anything is checked: the result has no room for a
 * problem, and verdicts on "02/01/2026" would be read against a date nobody meant.
 */
export function factCheck(ref: ReferenceData, text: string, date: IsoDate): FactCheckResult {
  assertIsoDate(date, 'factCheck: date');
  const dict = dictionary(ref, date);
  catalogue(ref, date);
  const claims: CheckedClaim[] = [];
  const notChecked: UncheckedSentence[] = [];
  for (const s of splitSentences(text)) {
    const ms = mentions(ref, s, date);
    const roles = s.row?.header ? columnRoles(s.row.header) : undefined;
    const drafts = roles ? tableDrafts(dict, s, ms, roles) : codeDrafts(dict, s, ms);
    const settled = settleLists((d) => evaluateCode(ref, dict, date, s, d), drafts.drafts);
    const found: CheckedClaim[] = [...settled.claims, ...modifierClaims(ref, date, s)];
    claims.push(...found);
    const uncertain = {
      pairing: new Set([...drafts.pairing, ...settled.pairing]),
      reading: new Set([...drafts.reading, ...settled.reading]),
    };
    const unchecked = uncheckedIn(ref, date, s, ms, found, uncertain, settled.settled);
    if (unchecked) notChecked.push(unchecked);
  }
  claims.sort((a, b) => a.start - b.start || (a.code < b.code ? -1 : 1));
  const count = (v: Verdict): number => claims.filter((c) => c.verdict === v).length;
  return {
    date,
    claims,
    notChecked,
    summary: {
      claims: claims.length,
      true: count('true'),
      false: count('false'),
      unknown: count('unknown'),
      outdated: count('outdated'),
      notChecked: notChecked.length,
    },
  };
}

/** A billing unit stated in words ("billed per 6 mg", "1 unit = 10 mg", "10 mg per unit"). */
const STATED_UNIT = new RegExp(
  String.raw`\b(?:billed|reported|coded)\s+(?:per|in)\s+(?:units\s+of\s+)?${UNIT_PHRASE}|\bunit\s*[:=]\s*${UNIT_PHRASE}|\b(?:1|one)\s+(?:billing\s+)?unit\s*(?:=|equals|is|represents)\s*${UNIT_PHRASE}|${UNIT_PHRASE_START}\s+(?:per|an?|each)\s+(?:billing\s+)?unit\b`,
  'i',
);

/**
 * A drug code written with a space after its letter ("J 9271"): upper case only ("a 2024 study" is prose), and
 * listed only when the code is in the HCPCS file ("Q 2026" is a quarter).
 */
const SPACED_CODE = /\b[JQ][ \t]\d{4}\b/g;

/** What a sentence names but no checked statement is about (see UncheckedSentence); undefined when all is checked. */
function uncheckedIn(
  ref: ReferenceData,
  date: IsoDate,
  s: Sentence,
  ms: readonly Mention[],
  found: readonly CheckedClaim[],
  uncertain: { pairing: ReadonlySet<string>; reading: ReadonlySet<string> },
  settled: ReadonlySet<string>,
): UncheckedSentence | undefined {
  // A statement about two modifiers ("JW and JZ on the same line") is about both; "J9312 or J9271 is rituximab",
  // true by J9312, settles J9271 too.
  const checked = new Set([
    ...found.flatMap((c) => [c.code, ...(c.claimed.meaning?.match(/\b[A-Z]{2}\b/g) ?? [])]),
    ...settled,
  ]);
  const codes: string[] = [];
  for (const m of ms) if (!checked.has(m.code) && !codes.includes(m.code)) codes.push(m.code);
  for (const mm of modifierMentions(s.raw)) {
    if (checked.has(mm.mod) || codes.includes(mm.mod)) continue;
    if (mm.explicit || modifierFacts(ref, mm.mod, date) !== undefined) codes.push(mm.mod);
  }
  // "J 9271 is nivolumab": a code written with a space is not read as a code, but it is not passed over in silence.
  for (const m of s.raw.matchAll(SPACED_CODE)) {
    const written = m[0].replace(/\s+/, ' ');
    if (ref.hcpcs(written.replace(' ', ''), date) !== undefined && !codes.includes(written))
      codes.push(written);
  }
  const named = ms.length > 0;
  const unitNotChecked = named && STATED_UNIT.test(s.raw) && !found.some((c) => c.claimed.unit !== undefined);
  if (codes.length === 0 && !unitNotChecked) return undefined;
  const unchecked: UncheckedSentence = {
    text: s.text,
    line: s.line,
    start: s.start,
    end: s.start + s.raw.length,
    codes,
    unitNotChecked,
  };
  if (codes.some((c) => uncertain.pairing.has(c))) unchecked.pairingUncertain = true;
  if (codes.some((c) => uncertain.reading.has(c))) unchecked.readingUncertain = true;
  if (!ref.releases().some((r) => r.dataset === 'ndc-crosswalk')) unchecked.crosswalkNotLoaded = true;
  return unchecked;
}
