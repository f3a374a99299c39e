/**
 * A HCPCS code with the modifiers written after it, as billers type it ("J9173-JZ", "J9173 JZ", "j9173:jz",
 * "J9173-JW-KX"), or a modifier alone ("JZ"). One parser for `drugclaim code`, `GET /api/codes/{code}` and the web
 * lookup, so the three take the same text.
 */
import type { Problem, Result } from '../problem.ts';

/** A HCPCS Level II code (a letter and four digits) or a CPT code (96413, 0591T, 1234F): five characters. */
export const CODE_SHAPE = /^[A-Z0-9]{5}$/;
/** A modifier: two letters or digits (JW, JZ, 25). */
export const MODIFIER_SHAPE = /^[A-Z0-9]{2}$/;
/** A claim line holds four modifiers (837 SV101-3 to SV101-6). */
export const MAX_MODIFIERS = 4;

export interface CodeWithModifiers {
  /** Upper case; a modifier when it stands alone. */
  code: string;
  modifiers: string[];
}

const EXPECTED =
  'expected a letter and four digits (J9173), a 5-character CPT code (96413, 0591T) or a 2-character modifier (JW), ' +
  `optionally followed by up to ${MAX_MODIFIERS} modifiers (J9173-JW)`;

function refused(code: string, message: string, data: Record<string, unknown>): Result<CodeWithModifiers> {
  const problem: Problem = { code, severity: 'error', message, data };
  return { ok: false, problems: [problem] };
}

/**
 * "J9173", "jw", "J9173-JW", "J9173:JW", "J9173 JW", "J9173-JW-KX" → the code and its modifiers, upper case; or why
 * it is not one (`code.empty`, `code.not-a-code`, `code.not-a-modifier`, `code.too-many-modifiers`, with the
 * offending part in `data.part`).
 */
export function parseCodeWithModifiers(text: string): Result<CodeWithModifiers> {
  const input = text.trim().toUpperCase();
  if (input === '') return refused('code.empty', `not a HCPCS code: the code is empty; ${EXPECTED}.`, {});
  const [code = '', ...modifiers] = input.split(/\s*[-:]\s*|\s+/);
  if (!CODE_SHAPE.test(code) && !(modifiers.length === 0 && MODIFIER_SHAPE.test(code)))
    return refused('code.not-a-code', `not a HCPCS code: "${text.trim()}"; ${EXPECTED}.`, { part: code });
  const bad = modifiers.find((m) => !MODIFIER_SHAPE.test(m));
  if (bad !== undefined)
    return refused(
      'code.not-a-modifier',
      bad === ''
        ? `nothing after a separator in "${text.trim()}"; a modifier is 2 letters or digits (JW, JZ, 25).`
        : `not a modifier: "${bad}" in "${text.trim()}"; a modifier is 2 letters or digits (JW, JZ, 25).`,
      { part: bad },
    );
  if (modifiers.length > MAX_MODIFIERS)
    return refused(
      'code.too-many-modifiers',
      `${modifiers.length} modifiers in "${text.trim()}": a claim line holds ${MAX_MODIFIERS} at most.`,
      { part: modifiers.slice(MAX_MODIFIERS).join('-') },
    );
  return { ok: true, value: { code, modifiers }, problems: [] };
}
