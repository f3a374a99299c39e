/**
 * NDC normalisation to the 11-digit 5-4-2 form that HIPAA claims carry (837 LIN03 with qualifier N4) and that
 * the CMS ASP NDC-HCPCS crosswalk lists.
 *
 * FDA assigns 10-digit NDCs in three segment layouts: 4-4-2, 5-3-2 and 5-4-1. The 11-digit form pads the short
 * segment with a leading zero. With hyphens the layout is known, so the conversion is exact. Without hyphens a
 * 10-digit string fits all three layouts; only a lookup (e.g. "is this NDC in the crosswalk?") can tell, and
 * when it cannot tell this module says "ambiguous" rather than guess.
 * @see CMS "ASP NDC-HCPCS Crosswalk" column NDC2 (5-4-2 with hyphens), shared/data/PROVENANCE.md §3
 */

export type NdcLayout = '4-4-2' | '5-3-2' | '5-4-1' | '5-4-2';

export interface NdcCandidate {
  /** 11 digits, no hyphens: "00310450012". */
  ndc11: string;
  /** 5-4-2 with hyphens: "00310-4500-12". */
  hyphenated: string;
  /** The layout the input was read as. */
  from: NdcLayout;
}

export type NdcNormalisation =
  | (NdcCandidate & { kind: 'ok'; resolvedBy?: 'lookup' })
  | { kind: 'ambiguous'; input: string; candidates: NdcCandidate[]; reason: string }
  | { kind: 'invalid'; input: string; reason: string };

/** Answers "is this 11-digit NDC known?" (e.g. present in the crosswalk). */
export type NdcResolver = (ndc11: string) => boolean;

const SEGMENT_LAYOUTS: Record<string, NdcLayout> = {
  '4-4-2': '4-4-2',
  '5-3-2': '5-3-2',
  '5-4-1': '5-4-1',
  '5-4-2': '5-4-2',
};

function candidate(labeler: string, product: string, pkg: string, from: NdcLayout): NdcCandidate {
  const l = labeler.padStart(5, '0');
  const p = product.padStart(4, '0');
  const k = pkg.padStart(2, '0');
  return { ndc11: `${l}${p}${k}`, hyphenated: `${l}-${p}-${k}`, from };
}

/** The three 11-digit readings of an unhyphenated 10-digit NDC, in 4-4-2, 5-3-2, 5-4-1 order. */
export function tenDigitCandidates(digits: string): NdcCandidate[] {
  return [
    candidate(digits.slice(0, 4), digits.slice(4, 8), digits.slice(8), '4-4-2'),
    candidate(digits.slice(0, 5), digits.slice(5, 8), digits.slice(8), '5-3-2'),
    candidate(digits.slice(0, 5), digits.slice(5, 9), digits.slice(9), '5-4-1'),
  ];
}

/**
 * Normalises an NDC as written on a label, a claim or a file.
 * - "0310-4500-12" (4-4-2), "00310-450-12" (5-3-2), "00310-4500-2" (5-4-1) → 11 digits, exact.
 * - "00310-4500-12" or "00310450012" → itself.
 * - "0310450012" (10 digits, no hyphens) → the one candidate `resolve` knows, else "ambiguous" with all three.
 * Surrounding blanks are ignored; anything else (letters, other segment lengths, 9 or 12 digits) is invalid.
 */
export function normaliseNdc(input: string, resolve?: NdcResolver): NdcNormalisation {
  const text = input.trim();
  if (text === '') return { kind: 'invalid', input, reason: 'empty NDC' };
  if (text.includes('-')) {
    const parts = text.split('-');
    if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p))) {
      return {
        kind: 'invalid',
        input,
        reason: 'a hyphenated NDC has three groups of digits, e.g. 00310-4500-12',
      };
    }
    const [a = '', b = '', c = ''] = parts;
    const layout = SEGMENT_LAYOUTS[`${a.length}-${b.length}-${c.length}`];
    if (layout === undefined) {
      return {
        kind: 'invalid',
        input,
        reason: `segment lengths ${a.length}-${b.length}-${c.length} are not an NDC layout (4-4-2, 5-3-2, 5-4-1 or 5-4-2)`,
      };
    }
    return { kind: 'ok', ...candidate(a, b, c, layout) };
  }
  if (!/^\d+$/.test(text))
    return { kind: 'invalid', input, reason: 'an NDC is made of digits (and hyphens)' };
  if (text.length === 11) {
    return { kind: 'ok', ...candidate(text.slice(0, 5), text.slice(5, 9), text.slice(9), '5-4-2') };
  }
  if (text.length !== 10) {
    return { kind: 'invalid', input, reason: `an NDC has 10 or 11 digits, this has ${text.length}` };
  }
  const candidates = tenDigitCandidates(text);
  if (resolve !== undefined) {
    const known = candidates.filter((c) => resolve(c.ndc11));
    if (known.length === 1 && known[0] !== undefined)
      return { kind: 'ok', ...known[0], resolvedBy: 'lookup' };
    return {
      kind: 'ambiguous',
      input,
      candidates,
      reason:
        known.length === 0
          ? 'a 10-digit NDC without hyphens can be 4-4-2, 5-3-2 or 5-4-1, and none of the three readings is known'
          : `a 10-digit NDC without hyphens can be 4-4-2, 5-3-2 or 5-4-1, and ${known.length} of the readings are known`,
    };
  }
  return {
    kind: 'ambiguous',
    input,
    candidates,
    reason:
      'a 10-digit NDC without hyphens can be 4-4-2, 5-3-2 or 5-4-1; give the hyphens or the 11-digit form',
  };
}
