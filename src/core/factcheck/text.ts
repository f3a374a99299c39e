/** Sentences with their offsets and lines, and word-phrase matching against the drug-name dictionary. */
import type { Dictionary, NameEntry } from './dictionary.ts';
import { normalisePhrase } from './dictionary.ts';
import { claimedForm } from './formulation.ts';

export interface Sentence {
  /** The sentence with its whitespace collapsed (for display). */
  text: string;
  /** The sentence as in the input (trimmed); offsets of matches are into this. */
  raw: string;
  /** Offset of the sentence's first character in the input. */
  start: number;
  /** 1-based line of that character. */
  line: number;
}

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|inj|vs|approx|no|etc|dr|fig|mr|ms|st|min|max|ref|sec|ch|pub|rev|dept|vol|al)\.|\b[A-Z]\.)$/i;

/** A line that starts a new item whatever the line before says: a bullet, a numbered item, a heading, a table row. */
const NEW_ITEM = /^[ \t]*(?:[-*•+]\s|\d+[.)]\s|#|\|)/;
/**
 * A line that may start a new statement: a capital letter or a code, maybe after a quote or parenthesis. Codes are
 * read in either case ("j9271 is pembrolizumab"), so a line starting with one starts a statement too.
 */
const STARTS_STATEMENT = /^[ \t]*["'“(*_`]*(?:[A-Z]|[a-v]-?\d{4}\b)/;
/**
 * A line that ends mid-sentence (a connecting word or sign): the next line continues it, as in prose wrapped at a
 * fixed width ("bill Keytruda with\nJ9271").
 */
const CONTINUES =
  /(?:[,(:/&+=–—-]|\b(?:and|or|nor|but|with|without|under|as|using|is|are|was|were|be|been|by|for|of|to|in|on|at|from|per|than|via|like|such|the|a|an|its|their|this|that|these|those|which|who|code|codes|hcpcs|modifier|modifiers|bill|billed|use|used|report|reported|see|include|includes|including|e\.g\.|i\.e\.))[ \t\r]*$/i;

/**
 * Splits text into sentences. A line break ends a statement when the next line is a list item, heading or table
 * row, or starts with a capital letter or a code and the line before does not end mid-sentence: notes and lists
 * are often written without final periods. Within a line (or wrapped paragraph) a sentence ends at . ! ? followed
 * by space and a capital, a digit or a quote (not after an abbreviation). In Markdown table rows, the `raw` text
 * has each cell border replaced by a comma (same length), so "| J9312 | pemetrexed |" reads as "J9312, pemetrexed".
 */
export function splitSentences(input: string): Sentence[] {
  const out: Sentence[] = [];
  const lineStarts: number[] = [0];
  for (let i = 0; i < input.length; i++) if (input[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  // Markdown emphasis and code spans ("**J9035**", "*bevacizumab*", "`J9299`") are blanked out (same length) so the
  // words inside them read as plain text; then table cell borders become commas.
  const shadow = input
    .replace(/\*+|`+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, (m) => ' '.repeat(m.length))
    .replace(/^([ \t]*\|.*)$/gm, (row) => row.replace(/(?<!\\)\|/g, ','));
  const push = (from: number, to: number): void => {
    const raw = shadow.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '')
      out.push({
        text: input.slice(from + lead, from + lead + trimmed.length).replace(/\s+/g, ' '),
        raw: trimmed,
        start: from + lead,
        line: lineOf(from + lead),
      });
  };

  // Segments: lines joined unless the break ends a statement (see above); blank lines give empty segments.
  const segments: [number, number][] = [];
  let segStart = 0;
  for (let k = 1; k < lineStarts.length; k++) {
    const nl = (lineStarts[k] as number) - 1;
    const prev = input.slice(lineStarts[k - 1] as number, nl);
    const nextEnd = input.indexOf('\n', nl + 1);
    const next = input.slice(nl + 1, nextEnd === -1 ? input.length : nextEnd);
    const ends =
      next.trim() === '' ||
      prev.trim() === '' ||
      NEW_ITEM.test(next) ||
      /^[ \t]*\|/.test(prev) ||
      (STARTS_STATEMENT.test(next) && !CONTINUES.test(prev));
    if (!ends) continue;
    segments.push([segStart, nl]);
    segStart = nl + 1;
  }
  segments.push([segStart, input.length]);

  for (const [from, to] of segments) {
    let s = from;
    for (let i = from; i < to; i++) {
      const ch = input[i];
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      const next = input.slice(i + 1, Math.min(to, i + 6));
      if (!(i + 1 >= to || /^\s+["'“(]?[A-Z0-9]/.test(next))) continue;
      if (ch === '.' && ABBREVIATIONS.test(input.slice(Math.max(s, i - 8), i + 1))) continue;
      push(s, i + 1);
      s = i + 1;
    }
    push(s, to);
  }
  return out;
}

export interface PhraseMatch {
  text: string;
  entry: NameEntry;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const t = m[0].replace(/['’-]+$/, '');
    out.push({ text: t, start: m.index, end: m.index + t.length });
  }
  return out;
}

/**
 * The dictionary entry of a phrase. A last word with a four-letter suffix no code carries ("bevacizumab-tnjn")
 * reads as its molecule when the molecule has suffixed products, so the statement is checked (and found false)
 * rather than passed over; "-free", "-like" and such are words, not suffixes.
 */
function lookup(dict: Dictionary, raw: string): NameEntry | undefined {
  const p = normalisePhrase(raw);
  const entry = dict.phrases.get(p);
  if (entry) return entry;
  const m = /^(.+)-([a-z]{4})$/.exec(p);
  if (!m) return undefined;
  const base = dict.phrases.get(m[1] as string);
  if (!base || base.brand !== null || !base.exact || ![...base.keys].some((k) => dict.suffixed.has(k)))
    return undefined;
  return claimedForm(p).suffix === m[2] ? base : undefined;
}

/** Longest dictionary phrase starting at `offset` (words separated by spaces only). */
export function phraseAt(dict: Dictionary, text: string, offset: number): PhraseMatch | undefined {
  const ws = words(text.slice(offset)).map((w) => ({ ...w, start: w.start + offset, end: w.end + offset }));
  if (ws.length === 0 || (ws[0] as Word).start !== offset) return undefined;
  let best: PhraseMatch | undefined;
  for (let n = 1; n <= Math.min(dict.maxWords, ws.length); n++) {
    if (n > 1) {
      const gap = text.slice((ws[n - 2] as Word).end, (ws[n - 1] as Word).start);
      if (!/^ +$/.test(gap)) break;
    }
    const first = ws[0] as Word;
    const last = ws[n - 1] as Word;
    const raw = text.slice(first.start, last.end);
    const entry = lookup(dict, raw);
    if (entry) best = { text: raw, entry, start: first.start, end: last.end };
  }
  return best;
}

/** Longest dictionary phrase ending at `offset` (words separated by spaces only). */
export function phraseEndingAt(dict: Dictionary, text: string, offset: number): PhraseMatch | undefined {
  const ws = words(text.slice(0, offset));
  if (ws.length === 0 || (ws[ws.length - 1] as Word).end !== offset) return undefined;
  let best: PhraseMatch | undefined;
  for (let n = 1; n <= Math.min(dict.maxWords, ws.length); n++) {
    const first = ws[ws.length - n] as Word;
    if (n > 1) {
      const gap = text.slice(first.end, (ws[ws.length - n + 1] as Word).start);
      if (!/^ +$/.test(gap)) break;
    }
    const raw = text.slice(first.start, offset);
    const entry = lookup(dict, raw);
    if (entry) best = { text: raw, entry, start: first.start, end: offset };
  }
  return best;
}
