/**
 * Text from claim files shown to a person: characters that would change how the text around them is displayed are
 * shown as an escape (`\u202E`) instead. The readers keep the data exactly as it was; the renderers (terminal text,
 * Markdown letters, HTML reports) call this.
 *
 * - C0 controls other than tab and line feed (NUL, ESC starting a terminal escape sequence, CR returning to the
 *   start of the line), DEL and the C1 controls;
 * - the bidirectional controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and the marks
 *   U+200E, U+200F and U+061C. A right-to-left override at the end of a claim id turns "X1005‮ · 1" into "X10051 ·";
 * - the line and paragraph separators U+2028 and U+2029.
 * @see Unicode Standard Annex #9 (Unicode Bidirectional Algorithm), section 2 "Directional Formatting Characters"
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const CONTROLS_AND_LINE_FEED =
  // eslint-disable-next-line no-control-regex -- as above, with line feed
  /[\u0000-\u0008\n-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * `text` with those characters written as `\uXXXX`. Tabs are kept; line feeds too with `lineBreaks: 'keep'` (a whole
 * report), else shown (one value: a claim id, a name, a table cell).
 */
export function showControls(text: string, options: { lineBreaks?: 'keep' | 'show' } = {}): string {
  return text.replace(options.lineBreaks === 'keep' ? CONTROLS : CONTROLS_AND_LINE_FEED, escape);
}
