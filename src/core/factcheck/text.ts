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
  /** Set when the sentence is a row of a table (see splitSentences). */
  row?: TableRow;
}

/** A table row's cells, and the header of its table when it has one. */
export interface TableRow {
  /** The cells in column order, as offsets into the sentence's `raw`, trimmed (the borders are not in them). */
  cells: { start: number; end: number }[];
  /**
   * The header cells' text, in column order: the row above a Markdown delimiter row ("|---|---|"), or the first row
   * of a tab-separated block (which may be a row of data: the caller tells by its words).
   */
  header?: string[];
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

/** An unescaped cell border (PIPES: all of them). */
const PIPE = /(?<!\\)\|/;
const PIPES = new RegExp(PIPE.source, 'g');

interface TableLine {
  /** What separates the cells: a pipe, or a tab (text pasted from a spreadsheet). */
  border: 'pipe' | 'tab';
  /** Line index of the table's header row, for the rows under it. */
  header?: number;
}

/** Cell spans of a table line, as [start, end) offsets into the line, trimmed of spaces and blanked markup. */
function cellSpans(line: string, border: TableLine['border']): [number, number][] {
  // Each border's offset and length (a run of tabs is one border). Nothing here slices the line once per border: a
  // line of many short runs of tabs and blanks must not take quadratic time.
  const cuts: number[] = [];
  const widths: number[] = [];
  const matches = border === 'pipe' ? line.matchAll(PIPES) : line.matchAll(/\t+/g);
  // A tab run is a border once some text stands before it (leading tabs are indentation).
  const firstText = line.search(/\S/);
  for (const m of matches) {
    if (border === 'tab' && (firstText === -1 || firstText >= m.index)) continue;
    cuts.push(m.index);
    widths.push(m[0].length);
  }
  const spans: [number, number][] = [];
  let from = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = k < cuts.length ? (cuts[k] as number) : line.length;
    const cell = line.slice(from, cut);
    const lead = cell.length - cell.trimStart().length;
    spans.push([from + lead, from + cell.trimEnd().length]);
    from = cut + (widths[k] ?? 0);
  }
  // "| a | b |": no cell before the first border or after the last.
  if (border === 'pipe') {
    if (spans.length > 1 && line.slice(0, cuts[0]).trim() === '') spans.shift();
    if (spans.length > 1 && line.slice((cuts[cuts.length - 1] as number) + 1).trim() === '') spans.pop();
  }
  return spans;
}

/** A Markdown table's delimiter row: "|---|:---:|", "--- | ---". */
function isDelimiterRow(line: string): boolean {
  return PIPE.test(line) && cellSpans(line, 'pipe').every(([a, b]) => /^:?-+:?$/.test(line.slice(a, b)));
}

/**
 * Which lines are table rows: lines starting with "|"; a Markdown table written without outer borders ("Drug |
 * Code" over "--- | ---"); a block of two or more lines with the same number (two or more) of tab-separated cells.
 * `lines` is the text with emphasis blanked out.
 */
function tableLines(lines: readonly string[]): (TableLine | undefined)[] {
  const out: (TableLine | undefined)[] = lines.map(() => undefined);
  const tabCells = (line: string): number =>
    line.includes('\t') && line.trim() !== '' ? cellSpans(line, 'tab').length : 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as string;
    const next = lines[k + 1];
    if (PIPE.test(line) && next !== undefined && isDelimiterRow(next)) {
      out[k] = { border: 'pipe' };
      out[k + 1] = { border: 'pipe' };
      let j = k + 2;
      for (; j < lines.length && (lines[j] as string).trim() !== '' && PIPE.test(lines[j] as string); j++)
        out[j] = { border: 'pipe', header: k };
      k = j - 1;
    } else if (/^[ \t]*\|/.test(line)) out[k] = { border: 'pipe' };
    else if (tabCells(line) >= 2) {
      let j = k + 1;
      while (
        j < lines.length &&
        out[j] === undefined &&
        !/^[ \t]*\|/.test(lines[j] as string) &&
        tabCells(lines[j] as string) === tabCells(line)
      )
        j++;
      if (j - k < 2) continue;
      out[k] = { border: 'tab' };
      for (let r = k + 1; r < j; r++) out[r] = { border: 'tab', header: k };
      k = j - 1;
    }
  }
  return out;
}

/**
 * Splits text into sentences. A line break ends a statement when the next line is a list item, heading or table
 * row, or starts with a capital letter or a code and the line before does not end mid-sentence: notes and lists
 * are often written without final periods. Within a line (or wrapped paragraph) a sentence ends at . ! ? followed
 * by space and a capital, a digit or a quote (not after an abbreviation). A table row (see tableLines) is one
 * sentence, with its cells and its table's header (`row`); in its `raw` text each cell border is replaced by a comma
 * (same length), so "| J9312 | pemetrexed |" reads as "J9312, pemetrexed".
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
  const blanked = input.replace(/\*+|`+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, (m) =>
    ' '.repeat(m.length),
  );
  const lineText = (k: number): string =>
    blanked.slice(
      lineStarts[k] as number,
      k + 1 < lineStarts.length ? (lineStarts[k + 1] as number) - 1 : blanked.length,
    );
  const tables = tableLines(lineStarts.map((_, k) => lineText(k)));
  const isTable = (k: number): boolean => tables[k] !== undefined;
  let shadow = '';
  lineStarts.forEach((start, k) => {
    const t = tables[k];
    const line = lineText(k);
    shadow += t === undefined ? line : line.replace(t.border === 'pipe' ? PIPES : /\t/g, ',');
    if (k + 1 < lineStarts.length) shadow += blanked.slice(start + line.length, lineStarts[k + 1]);
  });
  const push = (from: number, to: number, row?: TableRow): void => {
    const raw = shadow.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const sentence: Sentence = {
      text: input.slice(from + lead, from + lead + trimmed.length).replace(/\s+/g, ' '),
      raw: trimmed,
      start: from + lead,
      line: lineOf(from + lead),
    };
    if (row)
      sentence.row = { ...row, cells: row.cells.map((c) => ({ start: c.start - lead, end: c.end - lead })) };
    out.push(sentence);
  };
  /** The row of table line `k`, with cell offsets from the line's start. */
  const rowOf = (k: number): TableRow => {
    const t = tables[k] as TableLine;
    const row: TableRow = {
      cells: cellSpans(lineText(k), t.border).map(([start, end]) => ({ start, end })),
    };
    if (t.header !== undefined) {
      const header = lineText(t.header);
      row.header = cellSpans(header, t.border).map(([a, b]) => header.slice(a, b));
    }
    return row;
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
      isTable(k - 1) ||
      isTable(k) ||
      (STARTS_STATEMENT.test(next) && !CONTINUES.test(prev));
    if (!ends) continue;
    segments.push([segStart, nl]);
    segStart = nl + 1;
  }
  segments.push([segStart, input.length]);

  for (const [from, to] of segments) {
    // A table row is one sentence: its cells are read by column.
    const k = lineOf(from) - 1;
    if (isTable(k)) {
      push(from, to, rowOf(k));
      continue;
    }
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

/** The first `max` words of `text` (the rest is not read: a phrase has at most dict.maxWords words). */
function words(text: string, max = Infinity): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const t = m[0].replace(/(?<!['’-])['’-]+$/, '');
    out.push({ text: t, start: m.index, end: m.index + t.length });
    if (out.length >= max) break;
  }
  return out;
}

/** A character of a word (WORD), read from its code point. */
const WORD_CHAR = /^[\p{L}\p{N}'’-]$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** The character (code point) ending at `i`: a surrogate pair is read whole. */
function charBefore(text: string, i: number): string {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text.slice(i - 1, i);
}

/**
 * The words of `text.slice(0, offset)` a phrase ending at `offset` may take, as words() reads them (same offsets):
 * at most the last `max`, back to the first gap that is not spaces. Only the end of the text is read: a phrase has at
 * most dict.maxWords words, and reading every word of a long sentence for each code in it takes quadratic time.
 */
function lastWords(text: string, offset: number, max: number): Word[] {
  // Walks back over runs of word characters and the spaces between them, to the start of a run: it stops before a
  // character that is neither, or a run without a letter or digit (no phrase reads across them: the gap test breaks
  // there), or the run before the last `max` words.
  let i = offset;
  let found = 0;
  while (i > 0) {
    let j = i;
    while (j > 0 && text.charCodeAt(j - 1) === 32) j--;
    if (j === 0) break;
    const c = charBefore(text, j);
    if (!WORD_CHAR.test(c)) break;
    let k = j;
    let word = false;
    while (k > 0) {
      const d = charBefore(text, k);
      if (!WORD_CHAR.test(d)) break;
      if (LETTER_OR_DIGIT.test(d)) word = true;
      k -= d.length;
    }
    // No phrase reads across a run without a word ("-", "'"): the gap test breaks there.
    if (!word || ++found > max) break;
    i = k;
  }
  return words(text.slice(i, offset)).map((w) => ({ ...w, start: w.start + i, end: w.end + i }));
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

/**
 * Words that may follow a name in the statements read (check.ts): "Symphony is billed …", "Bill Apis with A2010".
 * The last branch (no word after the blanks) refuses a blank too: else `\s+` gives one back and two spaces before
 * any word pass ("Q4330 Is Total  Contact Casting").
 */
const AFTER_NAME =
  /^\s+(?:(?:is|are|was|were|and|or|nor|with|under|as|per|billed|reported|coded|uses?|has)\b|[A-Va-v]-?\d{4}\b|(?![\p{L}\p{N}\s]))/iu;

/**
 * A skin substitute's product name (NameEntry.proper) counts where it is written as a name: a capital first letter
 * ("Symphony", "INNOVAMATRIX AC"; the rest in any case) and no word of the same clause after it but those that tie
 * a name to a code. "A2009 is Symphony." reads the name; "Q4101 is most often billed" and "Q4330 Is Total Contact"
 * do not. Other names are read in any case (a drug's name is not a word).
 */
function readsAsName(entry: NameEntry, text: string, start: number, end: number): boolean {
  if (entry.proper !== true) return true;
  const after = text.slice(end);
  // "Amniocore pro+" (Q4299) is another product than "Amniocore pro" (Q4298).
  if (after.startsWith('+')) return false;
  return /^\p{Lu}/u.test(text.slice(start)) && (!/^\s/.test(after) || AFTER_NAME.test(after));
}

/** Longest dictionary phrase starting at `offset` (words separated by spaces only). */
export function phraseAt(dict: Dictionary, text: string, offset: number): PhraseMatch | undefined {
  const ws = words(text.slice(offset), dict.maxWords).map((w) => ({
    ...w,
    start: w.start + offset,
    end: w.end + offset,
  }));
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
    if (entry && readsAsName(entry, text, first.start, last.end))
      best = { text: raw, entry, start: first.start, end: last.end };
  }
  return best;
}

/** Longest dictionary phrase ending at `offset` (words separated by spaces only). */
export function phraseEndingAt(dict: Dictionary, text: string, offset: number): PhraseMatch | undefined {
  const ws = lastWords(text, offset, dict.maxWords);
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
    if (entry && readsAsName(entry, text, first.start, offset))
      best = { text: raw, entry, start: first.start, end: offset };
  }
  return best;
}
