/**
 * Delimiters of an interchange, read from its ISA segment.
 *
 * The ISA is nominally fixed-length (106 characters), but files in the wild have unpadded fields, so the reader
 * never trusts fixed offsets: it counts 16 element separators. ISA16 is the component separator, the character
 * after it the segment terminator (which may be CR or LF). ISA11 is the repetition separator only from version
 * 00402 on; before that it is the standards identifier `U`.
 * @see ASC X12 005010 TR3 guides, Appendix B.1.1.2 (Delimiters) and the ISA segment detail (ISA11, ISA16).
 */
export interface Delimiters {
  readonly element: string;
  readonly component: string;
  /** Undefined when the interchange has none (version < 00402, or ISA11 not a separator). */
  readonly repetition: string | undefined;
  readonly segment: string;
}

/** The usual HIPAA delimiters; used by writers and when a file has no ISA to read them from. */
export const defaultDelimiters: Delimiters = Object.freeze({
  element: '*',
  component: ':',
  repetition: '^',
  segment: '~',
});

export interface IsaScan {
  /**
   * 'ok': delimiters found; 'more': need more text; 'bad': not a usable ISA (delimiters may be inferred);
   * 'unusable': a complete ISA whose delimiters cannot be told apart, so nothing after it can be read.
   */
  status: 'ok' | 'more' | 'bad' | 'unusable';
  delimiters?: Delimiters;
  /** Position just after the segment terminator. */
  next?: number;
  /** Position of the segment terminator (the ISA's text ends here). */
  terminatorAt?: number;
  /** True when the ISA has line breaks inside (a file folded at a fixed width, 80 columns say). */
  wrapped?: boolean;
  /** Complaints: stable code plus message (positions are added by the caller). */
  issues: { code: string; message: string; element?: number; severity: 'error' | 'warning' }[];
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isBreak = (c: number): boolean => c === 10 || c === 13;

/** The first position from `i` on that is not a CR or LF. */
function skipBreaks(text: string, i: number): number {
  while (isBreak(text.charCodeAt(i))) i++;
  return i;
}

/** Text of `text[from, to)` without CR and LF (a field of a wrapped ISA). */
function unwrapped(text: string, from: number, to: number): string {
  const s = text.substring(from, to);
  return s.indexOf('\n') === -1 && s.indexOf('\r') === -1 ? s : s.replace(/[\r\n]/g, '');
}

/**
 * Whether the fields between the separators, line breaks removed, have the shape only an ISA has: ISA12 a 5-digit
 * version, ISA13 a 9-digit control number, ISA14 one digit. Tells a wrapped ISA from one cut short by a line break
 * (whose separators counted on into the next segments).
 */
function hasIsaShape(text: string, seps: readonly number[]): boolean {
  const field = (n: number): string => unwrapped(text, (seps[n - 1] as number) + 1, seps[n] as number);
  return /^\d{5}$/.test(field(12)) && /^\d{9}$/.test(field(13)) && /^\d$/.test(field(14));
}

/** A character that can stand for a terminator after a line break: printable, not a letter, digit or blank. */
const terminatorLike = (c: number): boolean => c > 32 && c < 127 && !isAlnum(c);

/** Reads the ISA that starts at `p` in `text` (text.startsWith('ISA', p) is the caller's check). */
export function scanIsa(text: string, p: number, final: boolean): IsaScan {
  const issues: IsaScan['issues'] = [];
  const endsInside = (): IsaScan =>
    final
      ? {
          status: 'bad',
          issues: [
            {
              code: 'x12.isa.malformed',
              message: 'The file ends inside the ISA segment.',
              severity: 'error',
            },
          ],
        }
      : { status: 'more', issues };
  // A fold (wrapped file) may cut even "ISA" itself: the element separator is the fourth character that is not a
  // line break.
  let e = p;
  for (let k = 0; k < 3; k++) e = skipBreaks(text, e) + 1;
  e = skipBreaks(text, e);
  if (text.length <= e) return endsInside();
  const element = text[e] as string;
  const ec = element.charCodeAt(0);
  if (isAlnum(ec) || ec === 32 || ec === 10 || ec === 13) {
    return {
      status: 'bad',
      issues: [
        {
          code: 'x12.isa.malformed',
          message: `ISA is not followed by an element separator (found "${printable(element)}").`,
          severity: 'error',
        },
      ],
    };
  }
  const seps: number[] = [e];
  let q = e;
  // A padded ISA is 106 characters; allow generous slack for unpadded or over-long fields and for line breaks.
  const limit = p + 400;
  while (seps.length < 16) {
    q = text.indexOf(element, q + 1);
    if (q === -1 || q > limit) {
      if (!final && q === -1 && text.length < limit) return { status: 'more', issues };
      return {
        status: 'bad',
        issues: [
          {
            code: 'x12.isa.malformed',
            message: `ISA has ${seps.length} element separators instead of 16.`,
            severity: 'error',
          },
        ],
      };
    }
    seps.push(q);
  }
  const s16 = seps[15] as number;
  let firstBreak = -1;
  for (let i = p; i < s16; i++) {
    if (text.charCodeAt(i) === 10) {
      firstBreak = i;
      break;
    }
  }
  // A fold just before ISA16 (the component separator on the next line).
  if (
    firstBreak === -1 &&
    isBreak(text.charCodeAt(s16 + 1)) &&
    terminatorLike(text.charCodeAt(skipBreaks(text, s16 + 1)))
  )
    firstBreak = s16 + 1;
  // A line break inside the ISA (ISA16 included): a wrapped file (folded at a fixed width) when the joined fields
  // are an ISA's; otherwise an ISA cut short, whose separators were counted on into the segments after it.
  let wrapped = firstBreak !== -1 && hasIsaShape(text, seps);
  if (firstBreak !== -1 && !wrapped) {
    const before = seps.filter((s) => s < firstBreak).length;
    return {
      status: 'bad',
      issues: [
        {
          code: 'x12.isa.malformed',
          message: `ISA has ${before} element separators before the end of its line instead of 16.`,
          severity: 'error',
        },
      ],
    };
  }
  const c = wrapped ? skipBreaks(text, s16 + 1) : s16 + 1;
  if (text.length < c + 2) return endsInside();
  const component = text[c] as string;
  // Blanks between ISA16 and the terminator are tolerated (the terminator is the first non-blank character).
  let t = c + 1;
  while (text.charCodeAt(t) === 32 && t < c + 40) t++;
  if (t >= text.length) return endsInside();
  if (isBreak(text.charCodeAt(t))) {
    // A line break right after ISA16 is the terminator (CR or LF files), unless a wrap put it before the real one:
    // then a terminator-like character follows the break, and a segment id (or blanks) follows that.
    const after = skipBreaks(text, t);
    if (after + 1 >= text.length && !final) return { status: 'more', issues };
    const tc = text.charCodeAt(after);
    const next = text.charCodeAt(after + 1);
    if (
      terminatorLike(tc) &&
      tc !== ec &&
      text[after] !== component &&
      (after + 1 >= text.length || isAlnum(next) || isBreak(next) || next === 32 || next === 9)
    ) {
      t = after;
      wrapped = true;
    } else if (wrapped) {
      // A wrapped ISA in a file whose terminator is a line break cannot be told from the wrap itself.
      return {
        status: 'bad',
        issues: [
          {
            code: 'x12.isa.malformed',
            message:
              'ISA spans several lines but its terminator is a line break, so the wrap cannot be undone.',
            severity: 'error',
          },
        ],
      };
    }
  }
  const segment = text[t] as string;
  const isa11 = unwrapped(text, (seps[10] as number) + 1, seps[11] as number);
  const isa12 = unwrapped(text, (seps[11] as number) + 1, seps[12] as number);
  let repetition: string | undefined;
  if (isa12 >= '00402') {
    if (isa11.length === 1 && !isAlnum(isa11.charCodeAt(0)) && isa11 !== ' ') {
      repetition = isa11;
    } else {
      issues.push({
        code: 'x12.isa.repetition-separator',
        message: `ISA11 is "${printable(isa11)}" but version ${isa12} needs a repetition separator there; repetitions are not split.`,
        element: 11,
        severity: 'warning',
      });
    }
  }
  if (
    repetition !== undefined &&
    (repetition === element || repetition === component || repetition === segment)
  ) {
    // A repetition separator that repeats another delimiter: the other delimiters still read the file, so only
    // repetitions go unsplit (as with a "U" in ISA11).
    const which = repetition === component ? 'component' : repetition === element ? 'element' : 'segment';
    issues.push({
      code: 'x12.isa.repetition-separator',
      message: `ISA11 "${printable(repetition)}" is also the ${which} separator, so it cannot separate repetitions; repetitions are not split.`,
      element: 11,
      severity: 'warning',
    });
    repetition = undefined;
  }
  const clash = element === component || element === segment || component === segment;
  const badChar = [component, segment].some((ch) => isAlnum(ch.charCodeAt(0)) || ch === ' ');
  if (clash || badChar) {
    return {
      status: 'unusable',
      issues: [
        {
          code: 'x12.isa.delimiters',
          message: `ISA delimiters are unusable: element "${printable(element)}", component "${printable(component)}", segment "${printable(segment)}"${clash ? ' (the same character twice)' : ' (a letter, digit or blank)'}; nothing after this ISA can be read reliably, so reading stopped.`,
          severity: 'error',
          element: 16,
        },
      ],
    };
  }
  // Characters from "ISA" through ISA16, line breaks of a wrap not counted (106 with the terminator when padded).
  let breaks = 0;
  if (wrapped) for (let i = p; i <= c; i++) if (isBreak(text.charCodeAt(i))) breaks++;
  const length = c + 1 - p - breaks;
  if (length !== 105) {
    issues.push({
      code: 'x12.isa.length',
      message: `ISA is ${length + 1} characters long instead of 106: its fields are not padded to their fixed lengths (delimiters were read by counting separators).`,
      severity: 'error',
    });
  }
  const scan: IsaScan = {
    status: 'ok',
    delimiters: Object.freeze({ element, component, repetition, segment }),
    next: t + 1,
    terminatorAt: t,
    issues,
  };
  if (wrapped) scan.wrapped = true;
  return scan;
}

/** Shows control characters readably in messages. */
export function printable(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this makes visible
    /[\x00-\x1f]/g,
    (c) =>
      ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * Delimiters for a file with no ISA (e.g. a bare ST…SE): the element separator follows the first segment id; the
 * terminator is the first character after that which cannot be data; the component separator is guessed from a
 * procedure composite (`HC:`) and defaults to `:`.
 */
export function inferDelimiters(text: string, p: number, idLength: number): Delimiters | undefined {
  const element = text[p + idLength];
  if (element === undefined) return undefined;
  const ec = element.charCodeAt(0);
  if (isAlnum(ec) || ec === 32 || ec === 10 || ec === 13) return undefined;
  let segment: string | undefined;
  const limit = Math.min(text.length, p + 200);
  for (let i = p + idLength + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (text[i] === element || isAlnum(c) || c === 32 || c === 45 || c === 46 || c === 95) continue;
    segment = text[i];
    break;
  }
  if (segment === undefined) return undefined;
  let component = ':';
  const probe = text.substring(p, Math.min(text.length, p + 4000));
  const m = new RegExp(`\\${element}(?:HC|AD|ER|IV|N4|WK|NU)([^A-Za-z0-9 \\${element}])`).exec(probe);
  if (m?.[1] !== undefined && m[1] !== segment) component = m[1];
  const repetition = component !== '^' && segment !== '^' && element !== '^' ? '^' : undefined;
  return Object.freeze({ element, component, repetition, segment });
}
