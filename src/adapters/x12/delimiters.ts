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
  /** 'ok': delimiters found; 'more': need more text; 'bad': not a usable ISA. */
  status: 'ok' | 'more' | 'bad';
  delimiters?: Delimiters;
  /** Position just after the segment terminator. */
  next?: number;
  /** Position of the segment terminator (the ISA's text ends here). */
  terminatorAt?: number;
  /** Complaints: stable code plus message (positions are added by the caller). */
  issues: { code: string; message: string; element?: number; severity: 'error' | 'warning' }[];
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Reads the ISA that starts at `p` in `text` (text.startsWith('ISA', p) is the caller's check). */
export function scanIsa(text: string, p: number, final: boolean): IsaScan {
  const issues: IsaScan['issues'] = [];
  if (text.length < p + 4)
    return final
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
  const element = text[p + 3] as string;
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
  const seps: number[] = [p + 3];
  let q = p + 3;
  const limit = p + 400; // a padded ISA is 106 characters; allow generous slack for unpadded or over-long fields
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
  for (let i = p; i < s16; i++) {
    if (text.charCodeAt(i) === 10) {
      const before = seps.filter((s) => s < i).length;
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
  }
  if (text.length < s16 + 3) {
    if (!final) return { status: 'more', issues };
    return {
      status: 'bad',
      issues: [
        { code: 'x12.isa.malformed', message: 'The file ends inside the ISA segment.', severity: 'error' },
      ],
    };
  }
  const component = text[s16 + 1] as string;
  // Blanks between ISA16 and the terminator are tolerated (the terminator is the first non-blank character).
  let t = s16 + 2;
  while (text.charCodeAt(t) === 32 && t < s16 + 40) t++;
  if (t >= text.length) {
    if (!final) return { status: 'more', issues };
    return {
      status: 'bad',
      issues: [
        { code: 'x12.isa.malformed', message: 'The file ends inside the ISA segment.', severity: 'error' },
      ],
    };
  }
  const segment = text[t] as string;
  const isa11 = text.substring((seps[10] as number) + 1, seps[11] as number);
  const isa12 = text.substring((seps[11] as number) + 1, seps[12] as number);
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
  const chars = [element, component, segment, ...(repetition === undefined ? [] : [repetition])];
  const clash = new Set(chars).size !== chars.length;
  const badChar = [component, segment].some((c) => isAlnum(c.charCodeAt(0)) || c === ' ');
  if (clash || badChar) {
    return {
      status: 'bad',
      issues: [
        {
          code: 'x12.isa.delimiters',
          message: `ISA delimiters are unusable: element "${printable(element)}", component "${printable(component)}", segment "${printable(segment)}"${repetition === undefined ? '' : `, repetition "${printable(repetition)}"`}.`,
          severity: 'error',
          element: 16,
        },
      ],
    };
  }
  if (s16 + 2 - p !== 105) {
    issues.push({
      code: 'x12.isa.length',
      message: `ISA is ${s16 + 3 - p} characters long instead of 106: its fields are not padded to their fixed lengths (delimiters were read by counting separators).`,
      severity: 'error',
    });
  }
  return {
    status: 'ok',
    delimiters: Object.freeze({ element, component, repetition, segment }),
    next: t + 1,
    terminatorAt: t,
    issues,
  };
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
