/**
 * Reads the drug name and the billing unit out of a HCPCS Level II long descriptor:
 * "Injection, durvalumab, 10 mg" → durvalumab, one billing unit = 10 mg.
 *
 * HCPCS drug descriptors follow a loose pattern: an optional form word ("Injection", "Infusion", "Oral"), the drug,
 * qualifiers (route, brand in parentheses, "biosimilar", "not therapeutically equivalent to jXXXX"), then the
 * quantity one unit stands for ("10 mg", "per vial", "up to 50 mg", "per i.u."), sometimes followed by a use note
 * ("(for esrd on dialysis)", "for intravenous use"). One billing unit is that quantity; "up to X" also means one
 * unit covers up to X.
 * @see CMS HCPCS Level II long descriptors, shared/data/hcpcs/HCPC2026_JAN_ANWEB_01122026.txt (field 7)
 *
 * Never a guess: combination products ("ceftolozane 50 mg and tazobactam 25 mg"), concentrations ("10 mg/ml"),
 * alternative units ("50 micrograms (250 i.u.)"), NOC codes and unknown unit words come back as `unparsed` with
 * the reason, so callers ask a human instead of billing the wrong number of units.
 */
import type { BillingUnit, DescriptorParse, MeasureUnit } from './model.ts';

/** Unit words that take an amount ("10 mg", "per 0.5 ml", "up to 600,000 units"). */
const MEASURE_WORDS: readonly [RegExp, MeasureUnit][] = [
  [/^(?:mg|milligrams?)$/, 'mg'],
  [/^(?:mcg|micrograms?|µg)$/, 'mcg'],
  [/^(?:g|gm|grams?)$/, 'g'],
  [/^(?:ng|nanograms?)$/, 'ng'],
  // A cubic centimeter is a milliliter (SI Brochure, 9th ed., table 8: 1 L = 1 dm³): "Miro3d, per cubic
  // centimeter" (A2025).
  [/^(?:ml|milliliters?|millilitres?|cc|cubic centimeters?)$/, 'mL'],
  [/^(?:liters?|litres?)$/, 'L'],
  // Factor products state what the IU measure: "i.u. vwf:rco", "i.u. of factor ix activity", "factor viii i.u.".
  [/^(?:i\.?u\.?|international units?)(?: vwf:rco| of factor [ivx]+ activity)?$/, 'international-units'],
  [/^factor [ivx]+ i\.?u\.?$/, 'international-units'],
  [/^(?:usp )?units?$/, 'units'],
  [/^(?:meq|milliequivalents?)$/, 'meq'],
  [/^(?:mmol|millimoles?)$/, 'mmol'],
  [/^(?:mci|millicuries?)$/, 'mci'],
  [/^(?:vials?|single[- ](?:use|dose) vials?)$/, 'vial'],
  [/^kits?$/, 'kit'],
  // "cenitmeter": so spelled in Q4208 and Q4314 (HCPC2026_JAN_ANWEB_01122026.txt).
  [/^(?:square (?:centimeters?|cenitmeters?)|sq\.? ?cm)$/, 'sq-cm'],
];

/** Count words: one unit = one of them, written "per dose", "per treatment", "per implant", "each". */
const COUNT_WORDS: readonly [RegExp, MeasureUnit][] = [
  [/^(?:dose|therapeutic dose|single dose|study dose|treatment)$/, 'dose'],
  [/^(?:implant|item|patch|device|system)$/, 'each'],
];

/** Large-number words CMS uses with units ("3 million units"). */
const MULTIPLIERS: Record<string, number> = { million: 1_000_000 };

const UNIT_START = /^\s*(?:per\s|up to\s|each\s*$|\d|\.\d)/i;

const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d*\.?\d+)\s*(?:(million)\s+)?/;

/** An amount with a dose unit anywhere in a text: a second amount makes a descriptor ambiguous. */
const AMOUNT_WITH_UNIT =
  /(?:^|[^a-z0-9.])\d*\.?\d+\s*(?:mg|mcg|micrograms?|milligrams?|gm|grams?|g|ml|cc|units?|i\.u\.|iu|meq|mmol|millicuries?)(?![a-z])/;

/**
 * Parses a unit phrase such as "10 mg", "per 0.5 ml", "up to 50 mg", "per vial", "each", "3 million units",
 * "50 mcg for intrathecal trial". Returns undefined for anything else.
 */
export function parseUnitPhrase(phrase: string): BillingUnit | undefined {
  // Cheap exit: a unit phrase starts with "per", "up to", "each" or a number.
  if (!UNIT_START.test(phrase)) return undefined;
  const text = phrase.trim().replace(/\s+/g, ' ');
  // "50 micrograms (250 i.u.)": the same quantity in a second unit. Both must parse, in different units.
  const equivalent = /^(.*\S)\s*\(([^()]+)\)$/.exec(text);
  if (equivalent) {
    const main = parseUnitPhrase(equivalent[1] ?? '');
    const alt = parseUnitPhrase(equivalent[2] ?? '');
    if (main && alt && main.unit !== alt.unit && /^\d/.test(equivalent[2] ?? '')) return { ...main, text };
    return undefined;
  }
  let rest = text.toLowerCase();
  if (rest === 'each') return { amount: 1, unit: 'each', text };
  let lead: 'per' | 'up to' | '' = '';
  const leadMatch = /^(per|up to)\s+/.exec(rest);
  if (leadMatch) {
    lead = leadMatch[1] === 'per' ? 'per' : 'up to';
    rest = rest.slice(leadMatch[0].length);
  }
  let amount: number | undefined;
  let multiplier = 1;
  const amountMatch = AMOUNT.exec(rest);
  if (amountMatch) {
    amount = Number((amountMatch[1] ?? '').replace(/,/g, ''));
    if (amountMatch[2] !== undefined) multiplier = MULTIPLIERS[amountMatch[2]] ?? 1;
    rest = rest.slice(amountMatch[0].length);
  }
  // A use note after the unit ("50 mcg for intrathecal trial", "1 mcg for intramuscular use") does not change it.
  rest = rest.replace(/\s+for [a-z][a-z -]*$/, '').trim();
  if (amount !== undefined && !(amount > 0)) return undefined;

  // "3 mg ferric iron", "100 mg immuneglobulin": a mass followed by the substance it is measured as.
  const substance = /^(mg|mcg|micrograms?|milligrams?|gm?|grams?) ([a-z][a-z -]*)$/.exec(rest);
  if (
    substance &&
    amount !== undefined &&
    !/\b(?:and|or|per|of|to|than|vials?|syringes?|ampules?|bags?|bottles?|pens?|kits?|tubes?|applicators?|patch(?:es)?|doses?|tablets?|capsules?)\b/.test(
      substance[2] ?? '',
    )
  ) {
    rest = substance[1] ?? rest;
  }
  for (const [re, unit] of MEASURE_WORDS) {
    if (!re.test(rest)) continue;
    if (amount === undefined && lead !== 'per') return undefined; // "mg" alone or "up to mg"
    if (multiplier !== 1 && unit !== 'units' && unit !== 'international-units') return undefined;
    return { amount: (amount ?? 1) * multiplier, unit, text };
  }
  for (const [re, unit] of COUNT_WORDS) {
    if (!re.test(rest)) continue;
    if (lead !== 'per' || (amount !== undefined && amount !== 1)) return undefined;
    return { amount: 1, unit, text };
  }
  return undefined;
}

/** "600,000": a comma between a digit and exactly three digits is a thousands separator, not a segment break. */
function isThousandsComma(text: string, i: number): boolean {
  return text[i] === ',' && /\d/.test(text[i - 1] ?? '') && /^\d{3}(?!\d)/.test(text.slice(i + 1, i + 5));
}

/** Splits on commas and semicolons outside parentheses (thousands separators excepted). */
function segments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === ';') && depth === 0 && !isThousandsComma(text, i)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Words that say how a drug is given or supplied, not what it is. Dropped from the drug name. */
const FORM_SEGMENT =
  /^(?:injection|inj\.?|injectable|infusion|instillation|intravesical instillation|inhalation solution|topical administration|oral|implant|intravenous|intramuscular|subcutaneous|intravesical|intrathecal|intravitreal|topical|ophthalmic|rectal|vaginal|nasal|powder|liquid|lyophilized|non-lyophilized|recombinant|human|biosimilar|preservative free|minidose|full dose|liposomal|sterile|compounded product|non-compounded|fda-approved final product|fda approved prescription|unit dose form|unit dose|concentrated form|administered through dme|not otherwise specified|nos|for (?:intra-articular|intravenous|intramuscular|subcutaneous) (?:injection|use)|for topical use only|(?:non-)?lyophilized \(e\.g\., (?:liquid|powder)\)|not therapeutically equivalent to .*|excludes biosimilars?|\(e\.g\., [^()]*\)|only for use as .*|containing .*|\d*\.?\d+% ?(?:gel|solution)?)$/;

/** Words that, right before an amount, change its meaning (a range or a limit rather than one unit). */
const QUALIFYING_TAIL =
  /\b(?:and|or|of|to|than|in|with|over|under|above|below|exceeding|least|most|per|up|minimum|maximum|approximately|about)$/i;

/** How long a supply may last: "not to exceed a 48 hour dosage regimen". */
const DOSAGE_PERIOD = /(?:^|\s)not to exceed an? \d+[- ]hours? dosage regimen$/;
const LEADING_FORM = /^(?:injection|inj\.?|infusion|instillation)\s+/;
const TRAILING_ROUTE = /\s+(?:oral|intravenous|injection)$/;
/** "Leuprolide injectable, camcevi": the form after the drug that opens the descriptor. */
const LEADING_NAME_FORM = /^([a-z][a-z-]*) injectable$/;
/**
 * "adalimumab-ryvk biosimilar" (Q5142): the word other biosimilar descriptors give a segment of its own, inside the
 * name (before a brand in brackets, if any). Shared with the guides' name reader (drug-names.ts).
 */
export const BIOSIMILAR_IN_NAME = /\s+biosimilar(?=\s*(?:\(|$))/;
const NOC = /not otherwise (?:classified|specified)|\bunclassified\b|\bnoc\b|(?:^|,\s*)nos$/;

/** A trailing parenthetical without digits is a use note: "(for esrd on dialysis)", "(code may be used …)". */
function stripUseNotes(text: string): string {
  let t = text;
  while (t.endsWith(')')) {
    const open = t.lastIndexOf('(');
    if (open <= 0) return t;
    const inner = t.slice(open + 1, -1);
    // Nested parentheses or digits: not a plain use note, keep it for the unit parser to judge.
    if (inner.includes(')') || /\d/.test(inner)) return t;
    t = t.slice(0, open).replace(/[\s,]+$/, '');
  }
  return t;
}

function nameFrom(parts: string[]): string | null {
  const kept: string[] = [];
  parts.forEach((raw, i) => {
    let p = raw.toLowerCase();
    if (FORM_SEGMENT.test(p)) return;
    if (i === 0) p = p.replace(LEADING_FORM, '').replace(LEADING_NAME_FORM, '$1');
    // "Injection, iv, urokinase, …": a route abbreviation before the drug (in "stage iii, iv" it is a stage).
    if (p === 'iv' && kept.length === 0) return;
    p = p
      .replace(/\s+not therapeutically equivalent to .*$/, '')
      .replace(/\s*\(for [^()]*\)/g, '')
      .replace(TRAILING_ROUTE, '')
      .replace(BIOSIMILAR_IN_NAME, '')
      .trim();
    if (p === '' || FORM_SEGMENT.test(p)) return;
    if (/^\([^()]*\)$/.test(p) && kept.length > 0) {
      kept[kept.length - 1] = `${kept[kept.length - 1] ?? ''} ${p}`;
      return;
    }
    kept.push(p);
  });
  return kept.length > 0 ? kept.join(', ') : null;
}

/** An amount inside a combination's name: " 50 mg", ", up to 2.5 mg", " 10.16 mg/ml", " 200mg", ", 0.013mg per 24 hours". */
const AMOUNT_IN_NAME =
  /(?:,\s*|\s+)?(?:up to\s+)?\d*\.?\d+\s*(?:mg|mcg|gm?|ml|cc|units?)(?:\s*\/\s*ml)?(?:\s+per 24 hours)?(?![a-z])/g;

/**
 * The drugs of a combination without their amounts: "imipenem 4 mg, cilastatin 4 mg and relebactam" → "imipenem,
 * cilastatin and relebactam", "carbidopa 5 mg/levodopa 20 mg enteral suspension" → "carbidopa/levodopa enteral
 * suspension". Only names that still join two drugs ("and", "/") change: in "high osmolar contrast material, up to
 * 149 mg/ml iodine concentration" the amount tells one code from the next and stays.
 */
function combinationName(name: string | null): string | null {
  if (name === null || !AMOUNT_WITH_UNIT.test(name)) return name;
  const stripped = name
    .replace(AMOUNT_IN_NAME, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return / and |[a-z]\/[a-z]/.test(stripped) && /[a-z]{3}/.test(stripped) ? stripped : name;
}

/** The longest tail of `segment` that is a unit phrase, with the words before it ("burosumab-twza 1 mg"). */
function splitEmbeddedUnit(segment: string): { name: string; unit: BillingUnit } | undefined {
  let best: { name: string; unit: BillingUnit } | undefined;
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] !== ' ' || !UNIT_START.test(segment.slice(i + 1, i + 8))) continue;
    const unit = parseUnitPhrase(segment.slice(i + 1));
    if (unit) {
      best = { name: segment.slice(0, i).trim(), unit };
      break; // positions run left to right, so the first hit is the longest tail
    }
  }
  return best;
}

/**
 * "5000 iu vial", "up to 2 ml ampule" (J3364, J1810): the unit segment names the quantity and the container it
 * comes in. One unit is that quantity (one container). Read here, not by parseUnitPhrase: elsewhere "1 mg vial" may
 * be a package size.
 */
function unitInContainer(segment: string): BillingUnit | undefined {
  const text = segment.trim();
  const quantity = /^(.*\d.*?)\s+(?:vial|ampule|syringe)$/i.exec(text)?.[1];
  const unit = quantity === undefined ? undefined : parseUnitPhrase(quantity);
  return unit && { ...unit, text };
}

/** True when some segment before index `u` holds an amount with a unit ("5 mg", "ondansetron 1 mg"). */
function amountBefore(segs: readonly string[], u: number): boolean {
  return segs.slice(0, u).some((s) => AMOUNT_WITH_UNIT.test(s.toLowerCase()));
}

/** True when some segment before index `u` is a unit phrase on its own. */
function unitSeenBefore(segs: readonly string[], u: number): boolean {
  return segs.slice(0, u).some((s) => parseUnitPhrase(s) !== undefined);
}

const unparsed = (drugName: string | null, reason: string): DescriptorParse => ({
  kind: 'unparsed',
  drugName,
  reason,
});

export function parseDescriptor(longDescription: string): DescriptorParse {
  const original = longDescription.replace(/\s+/g, ' ').trim();
  if (original === '') return unparsed(null, 'empty descriptor');
  const text = stripUseNotes(original);

  // "(500 ml = 1 unit)": the descriptor states the unit outright.
  const statedUnit = text.includes('= 1 unit)')
    ? /^(.*?),?\s*\((\d*\.?\d+) ?(ml|cc) = 1 unit\)$/i.exec(text)
    : null;
  if (statedUnit) {
    const name = nameFrom(segments(statedUnit[1] ?? ''));
    const amount = Number(statedUnit[2]);
    if (name === null) return unparsed(null, 'no drug name before the unit');
    return {
      kind: 'parsed',
      drugName: name,
      billingUnit: { amount, unit: 'mL', text: `${statedUnit[2] ?? ''} ${statedUnit[3] ?? ''}` },
    };
  }

  const segs = segments(text);
  // Walk back over trailing use notes without numbers ("for intravenous use", "fda approved prescription").
  let u = segs.length - 1;
  let unit: BillingUnit | undefined;
  let embeddedName: string | undefined;
  let extraName = '';
  for (; u >= 0; u--) {
    let seg = segs[u] ?? '';
    // "10 mg and hyaluronidase-oysk": co-formulated hyaluronidase; the unit counts the first drug.
    const hy = /hyaluronidase/i.test(seg)
      ? /^(.*\S)\s+and\s+(hyaluronidase(?:-[a-z]{4})?)$/i.exec(seg)
      : null;
    if (hy) {
      seg = hy[1] ?? '';
      extraName = ` and ${(hy[2] ?? '').toLowerCase()}`;
    }
    unit = parseUnitPhrase(seg) ?? unitInContainer(seg);
    if (unit) break;
    const lowerSeg = seg.toLowerCase();
    // Notes after the unit that carry digits but no quantity: "not therapeutically equivalent to j0607",
    // "provided in 1.1 mg vial" (the package the unit comes in), "not to exceed a 48 hour dosage regimen" (the oral
    // anti-emetics Q0155 and Q0161–Q0180, whose unit may come with the drug: "Ondansetron 1 mg, oral, …").
    if (
      FORM_SEGMENT.test(lowerSeg) ||
      (unitSeenBefore(segs, u) && /^provided in /.test(lowerSeg)) ||
      (DOSAGE_PERIOD.test(lowerSeg) && amountBefore(segs, u))
    ) {
      extraName = '';
      continue;
    }
    // The drug and the unit in one segment: "burosumab-twza 1 mg", "factor viii (…) per i.u.".
    const embedded = splitEmbeddedUnit(seg);
    // Refuse "over 10 cc", "greater than 3 mg", "less than or equal to 3 mg": the words before the amount qualify it.
    if (embedded && /[a-z]{3}/i.test(embedded.name) && !QUALIFYING_TAIL.test(embedded.name)) {
      unit = embedded.unit;
      embeddedName = embedded.name;
      break;
    }
    extraName = '';
    if (/\d/.test(seg)) {
      const lower = lowerSeg;
      if (/\d\s*(?:mg|mcg|ml|units?|gm?)\s*\/|\/\s*\d/.test(lower))
        return unparsed(nameFrom(segs.slice(0, u)), `two amounts or a concentration in "${seg}"`);
      if (AMOUNT_WITH_UNIT.test(lower))
        return unparsed(nameFrom(segs.slice(0, u)), `the quantity "${seg}" is not a single billing unit`);
      if (!/^\d*\.?\d+% ?(?:gel|solution)?$/.test(lower))
        return unparsed(nameFrom(segs.slice(0, u)), `"${seg}" has numbers but is not a billing unit`);
    }
  }
  if (!unit) {
    if (NOC.test(original.toLowerCase()))
      return unparsed(nameFrom(segs), 'not otherwise classified: the code has no fixed billing unit');
    return unparsed(nameFrom(segs), 'no billing unit in the descriptor');
  }

  const nameParts = segs.slice(0, u);
  if (embeddedName !== undefined) nameParts.push(embeddedName);
  // Another amount among the name parts means a combination or a strength the unit does not cover.
  for (const p of nameParts) {
    if (AMOUNT_WITH_UNIT.test(p.toLowerCase())) {
      return unparsed(
        combinationName(nameFrom(nameParts)),
        `more than one amount ("${p}" and "${unit.text}"): combination or strength-specific product`,
      );
    }
  }
  const name = nameFrom(nameParts);
  if (name === null) return unparsed(null, `no drug name before the unit "${unit.text}"`);
  return { kind: 'parsed', drugName: `${name}${extraName}`, billingUnit: unit };
}
