/**
 * Section 7: codes a biller could take for this one — the same ingredient (other manufacturers, salts,
 * biosimilars and their reference product), the same drug class, look-alike names, adjacent code numbers and
 * look-alike descriptors — each with what tells it apart, computed from the two descriptors.
 */
import type { BillingUnit } from '../reference/model.ts';
import type { CatalogueEntry } from './catalogue.ts';
import { fact, unknown, type GuideContext } from './context.ts';
import { SECTION_TITLES } from './definition.ts';
import { drugClassOf } from './drug-classes.ts';
import type { DrugNameParts } from './drug-names.ts';
import type { Fact, FactSource, Known, SimilarCode, SimilarSection, SimilarityKind } from './model.ts';
import { PUB, releaseSource } from './sources.ts';

const LIMITS = { sameClass: 12, similarName: 6, adjacent: 2, similarDescriptor: 3 } as const;

export function formatUnit(u: BillingUnit | null): string {
  return u ? u.text : 'no readable unit';
}

const sameUnit = (a: BillingUnit | null, b: BillingUnit | null): boolean =>
  a !== null && b !== null && a.amount === b.amount && a.unit === b.unit;

const bigramCache = new Map<string, Set<string>>();
function bigrams(word: string): Set<string> {
  let s = bigramCache.get(word);
  if (!s) {
    s = new Set<string>();
    for (let i = 0; i + 1 < word.length; i++) s.add(word.slice(i, i + 2));
    bigramCache.set(word, s);
  }
  return s;
}

/** Dice coefficient of two words' character bigrams (1 = same bigrams). */
export function nameLikeness(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** "and hyaluronidase-zzxf" → "hyaluronidase-zzxf". */
const ingredient = (q: string): string => q.replace(/^and\s+/i, '').trim();

/** True when `parts` names `key` among its further ingredients (a combination product). */
export function combinesWith(parts: DrugNameParts, key: string | null): boolean {
  return (
    key !== null &&
    parts.qualifiers.some(
      (q) =>
        ingredient(q)
          .toLowerCase()
          .split(/[\s,]+/)[0] === key,
    )
  );
}

/** Short phrases that tell code `b` apart from code `a`, read from their descriptors. */
export function differences(
  a: { code: string; parts: DrugNameParts; unit: BillingUnit | null },
  b: { code: string; parts: DrugNameParts; unit: BillingUnit | null },
): string[] {
  const out: string[] = [];
  const pa = a.parts;
  const pb = b.parts;
  if (pa.key !== pb.key) {
    // A combination holding this drug (J9316 pertuzumab, trastuzumab and hyaluronidase for J9355) is not "a
    // different drug": say what it combines. Otherwise its name, and the unit, tell them apart.
    out.push(
      combinesWith(pb, pa.key)
        ? `a combination product: ${[pb.name ?? 'not named', ...pb.qualifiers.map(ingredient)].join(' + ')}; not interchangeable with ${a.code}`
        : combinesWith(pa, pb.key)
          ? `${pb.name ?? 'not named'} alone, one of ${a.code}'s ingredients; not interchangeable with ${a.code}`
          : `a different drug: ${pb.name ?? 'not named'}`,
    );
    if (pb.notEquivalentTo.includes(a.code)) out.push(`not therapeutically equivalent to ${a.code}`);
    if (!sameUnit(a.unit, b.unit))
      out.push(`billing unit ${formatUnit(b.unit)} (${a.code}: ${formatUnit(a.unit)})`);
    return out;
  }
  if (pb.biosimilar && !pa.biosimilar)
    out.push(
      `a biosimilar (${pb.name ?? ''}${pb.parentheticals.length > 0 ? `, ${pb.parentheticals.join(', ')}` : ''})`,
    );
  if (pa.biosimilar && !pb.biosimilar && pa.key === pb.key)
    out.push(pb.excludesBiosimilar ? 'the reference product (excludes biosimilars)' : 'not a biosimilar');
  if (
    pa.biosimilar &&
    pb.biosimilar &&
    pa.biologicSuffix !== pb.biologicSuffix &&
    pb.biologicSuffix !== null
  ) {
    out.push(
      `another biosimilar (suffix -${pb.biologicSuffix}${pb.parentheticals.length > 0 ? `, ${pb.parentheticals.join(', ')}` : ''})`,
    );
  }
  const prodA = pa.parentheticals.join(', ');
  const prodB = pb.parentheticals.join(', ');
  if (!pb.biosimilar && prodA !== prodB && prodB !== '')
    out.push(`product/manufacturer named in the descriptor: ${prodB}`);
  if (!pb.biosimilar && prodA !== '' && prodB === '' && pa.key === pb.key)
    out.push('names no product or manufacturer');
  const saltA = pa.salts.join(' ');
  const saltB = pb.salts.join(' ');
  if (saltA !== saltB && pa.key === pb.key) out.push(saltB ? `salt/ester: ${saltB}` : 'no salt named');
  if (pb.withHyaluronidase !== pa.withHyaluronidase)
    out.push(pb.withHyaluronidase ? 'co-formulated with hyaluronidase' : 'without hyaluronidase');
  for (const q of pb.qualifiers)
    if (!pa.qualifiers.includes(q) && !/^\(?code may be used/.test(q))
      // "hd" alone says little: it is a product of its own under another code (J0177 beside J0178).
      out.push(q === 'hd' ? 'the "hd" product: same drug, another product with its own code' : q);
  for (const q of pa.qualifiers) {
    if (pb.qualifiers.includes(q)) continue;
    if (q === 'not otherwise specified')
      out.push(`a specific product (${a.code} is the "not otherwise specified" code)`);
    else if (q === 'hd') out.push(`not the "hd" product (${a.code} is)`);
    else if (/liposom(?:al|e)|extended release|depot|implant|protein-bound/.test(q))
      out.push(`not ${q} (${a.code} is)`);
  }
  if (pb.notEquivalentTo.includes(a.code)) out.push(`not therapeutically equivalent to ${a.code}`);
  if (pa.notEquivalentTo.includes(b.code)) out.push(`${a.code} is not therapeutically equivalent to it`);
  if (!sameUnit(a.unit, b.unit))
    out.push(`billing unit ${formatUnit(b.unit)} (${a.code}: ${formatUnit(a.unit)})`);
  if (out.length === 0) out.push('the descriptors differ only in wording; compare the NDC and the product');
  return [...new Set(out)];
}

interface Pick {
  entry: CatalogueEntry;
  kind: SimilarityKind;
  basis: string;
  extra: FactSource[];
}

export function buildSimilar(ctx: GuideContext): SimilarSection {
  const { cat, code } = ctx;
  const self = {
    code,
    parts: ctx.parts,
    unit: ctx.descriptor?.value.kind === 'parsed' ? ctx.descriptor.value.billingUnit : null,
  };
  const selfWords = ctx.entry?.words ?? new Set<string>();
  const picked = new Map<string, Pick>();
  const take = (e: CatalogueEntry, kind: SimilarityKind, basis: string, extra: FactSource[] = []): void => {
    if (e.code === code || e.status !== 'active' || picked.has(e.code)) return;
    picked.set(e.code, { entry: e, kind, basis, extra });
  };
  const key = ctx.parts.key;

  // Same ingredient (incl. biosimilars and the reference product).
  if (key !== null) {
    for (const e of cat.byKey.get(key) ?? []) {
      const kind: SimilarityKind = e.parts.biosimilar
        ? 'biosimilar'
        : ctx.parts.biosimilar
          ? 'reference-product'
          : 'same-ingredient';
      take(
        e,
        kind,
        `both descriptors name ${key}`,
        kind === 'biosimilar' || kind === 'reference-product' ? [PUB.biologicSuffix] : [],
      );
    }
  }

  // Combination products holding this drug, or the drugs this combination holds (J9316 ↔ J9355).
  if (key !== null)
    for (const e of cat.entries) {
      if (combinesWith(e.parts, key))
        take(
          e,
          'same-ingredient',
          `${e.code}'s descriptor names ${key} among its ingredients (a combination)`,
        );
      else if (e.parts.key !== null && combinesWith(ctx.parts, e.parts.key))
        take(e, 'same-ingredient', `${e.parts.key} is one of this combination's ingredients`);
    }

  // Same class.
  const cls = drugClassOf(key);
  let drugClass: Known<string>;
  if (cls && key !== null) {
    drugClass = fact(
      `${cls.name} (${cls.members[key] ?? ''})`,
      [PUB.fdaEpc],
      `${key} is listed in drugclaim's class table`,
    );
    let n = 0;
    for (const member of Object.keys(cls.members)) {
      if (member === key) continue;
      for (const e of cat.byKey.get(member) ?? []) {
        if (n >= LIMITS.sameClass) break;
        if (e.status !== 'active' || picked.has(e.code)) continue;
        // Worded as the class of the member molecule, not as "CODE (molecule)": J9024 is atezolizumab with
        // hyaluronidase, which a reader (or the fact checker) would take "J9024 (atezolizumab)" to deny.
        take(e, 'same-class', `class of ${member}: ${cls.members[member] ?? ''}`, [PUB.fdaEpc]);
        n++;
      }
    }
  } else {
    drugClass = unknown(
      key === null
        ? 'This code names no single drug, so it has no class.'
        : `drugclaim's class table does not list ${key}.`,
      [
        {
          kind: 'curated',
          table: 'drug classes (src/core/guides/drug-classes.ts)',
          entry: key ?? 'none',
          cites: 'FDA Established Pharmacologic Class',
        },
      ],
    );
  }

  // Look-alike names: a shared significant name word, or names that read alike (bigram likeness ≥ 0.6).
  if (key !== null) {
    const scored: { e: CatalogueEntry; score: number; why: string }[] = [];
    const mainToken = ctx.parts.tokens[0];
    for (const e of cat.entries) {
      if (
        e.status !== 'active' ||
        e.code === code ||
        picked.has(e.code) ||
        e.parts.key === null ||
        e.parts.key === key
      )
        continue;
      const shared = e.parts.tokens.filter((t) => ctx.parts.tokens.includes(t));
      if (shared.length > 0) {
        scored.push({ e, score: 1 + shared.length, why: `shares "${shared.join('", "')}" in the name` });
        continue;
      }
      const other = e.parts.tokens[0];
      if (mainToken !== undefined && other !== undefined && mainToken.length >= 6 && other.length >= 6) {
        const like = nameLikeness(mainToken, other);
        if (like >= 0.6) scored.push({ e, score: like, why: `"${other}" reads like "${mainToken}"` });
      }
    }
    scored.sort((x, y) => y.score - x.score || (x.e.code < y.e.code ? -1 : 1));
    for (const s of scored.slice(0, LIMITS.similarName)) take(s.e, 'similar-name', s.why);
  }

  // Adjacent code numbers (same letter), active drug codes only.
  const idx = cat.entries.findIndex((e) => e.code >= code);
  const letter = code[0];
  for (const dir of [-1, 1] as const) {
    let n = 0;
    for (
      let i = dir === -1 ? idx - 1 : cat.entries[idx]?.code === code ? idx + 1 : idx;
      i >= 0 && i < cat.entries.length && n < LIMITS.adjacent;
      i += dir
    ) {
      const e = cat.entries[i] as CatalogueEntry;
      if (e.code[0] !== letter) break;
      if (e.status !== 'active') continue;
      n++;
      if (!picked.has(e.code))
        take(
          e,
          'adjacent-number',
          `the ${n === 1 ? 'next' : 'second'} active drug code ${dir === -1 ? 'below' : 'above'} ${code}`,
        );
    }
  }

  // Look-alike descriptors.
  const scoredWords: { e: CatalogueEntry; j: number }[] = [];
  for (const e of cat.entries) {
    if (e.status !== 'active' || e.code === code || picked.has(e.code)) continue;
    const j = jaccard(selfWords, e.words);
    if (j >= 0.5) scoredWords.push({ e, j });
  }
  scoredWords.sort((x, y) => y.j - x.j || (x.e.code < y.e.code ? -1 : 1));
  for (const s of scoredWords.slice(0, LIMITS.similarDescriptor))
    take(s.e, 'similar-descriptor', `${Math.round(s.j * 100)}% of the descriptor words are shared`);

  const order: SimilarityKind[] = [
    'same-ingredient',
    'biosimilar',
    'reference-product',
    'same-class',
    'similar-name',
    'adjacent-number',
    'similar-descriptor',
  ];
  const codes: Fact<SimilarCode>[] = [...picked.values()]
    .sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || (x.entry.code < y.entry.code ? -1 : 1))
    .map((p) =>
      fact(
        {
          code: p.entry.code,
          kind: p.kind,
          longDescription: p.entry.record.value.longDescription,
          billingUnit: p.entry.unit,
          status: p.entry.status,
          differences: differences(self, p.entry),
        },
        [releaseSource(p.entry.record), ...p.extra],
        p.basis,
      ),
    );

  return { id: 'similar', title: SECTION_TITLES.similar, ingredient: key, drugClass, codes };
}
