/** Sentences with their offsets and lines, and word-phrase matching against the drug-name dictionary. */
import type { Dictionary, NameEntry } from './dictionary.ts';
import { normalisePhrase } from './dictionary.ts';

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

/**
 * Splits text into sentences: blank lines, list items and headings always start a new one; within a paragraph a
 * sentence ends at . ! ? followed by space and a capital, a digit or a quote (not after an abbreviation).
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
  const push = (from: number, to: number): void => {
    const raw = input.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '')
      out.push({
        text: trimmed.replace(/\s+/g, ' '),
        raw: trimmed,
        start: from + lead,
        line: lineOf(from + lead),
      });
  };

  // Segments: split at blank lines and before list items / headings / table rows.
  const segments: [number, number][] = [];
  let segStart = 0;
  const re = /\n[ \t]*\n|\n(?=[ \t]*(?:[-*•+]\s|\d+[.)]\s|#|\|))/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    segments.push([segStart, m.index]);
    segStart = m.index + m[0].length;
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
    const entry = dict.phrases.get(normalisePhrase(raw));
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
    const entry = dict.phrases.get(normalisePhrase(raw));
    if (entry) best = { text: raw, entry, start: first.start, end: offset };
  }
  return best;
}
