/**
 * `JSON.stringify(value, null, 2)` handed out in pieces. A big batch written as one JSON text (a check report, a
 * FHIR Bundle of 283,000 claims) passes V8's longest string, about 512 MB, well before memory runs out; so the big
 * arrays in it are written element by element. The pieces join to exactly the text `JSON.stringify` gives.
 */

/** An array written element by element; its marker string stands for it inside the value. */
export interface StreamedArray {
  marker: string;
  items: readonly unknown[];
  /** The JSON value of one item. */
  map: (item: never) => unknown;
}

/** `items` as a streamed array: `marker` stands for it in the value, `map` gives each item's JSON value. */
export function streamedArray<T>(
  marker: string,
  items: readonly T[],
  map: (item: T) => unknown = (item) => item,
): StreamedArray {
  return { marker, items, map };
}

/** A placeholder string for the `index`th streamed array of a value. */
export function streamedArrayMarker(index: number): string {
  return `@@drugclaim-streamed-array-${index}@@`;
}

/** Pieces are joined up to about this many characters before they are handed out. */
export const PIECE = 1 << 16;

/** `JSON.stringify(value, null, 2)` cut at marker strings: what comes around them, and their keys' indents. */
export interface JsonAroundMarkers {
  /** The markers found, in text order. */
  markers: string[];
  /** texts[i] comes before markers[i]; the last text comes after the last marker. */
  texts: string[];
  /** The indent of each marker's key line. */
  indents: string[];
}

/** Cuts `JSON.stringify(value, null, 2)` at the given marker strings (each a property value, at most once). */
export function jsonAroundMarkers(value: unknown, markers: readonly string[]): JsonAroundMarkers {
  const text = JSON.stringify(value, null, 2);
  const found = markers
    .map((marker) => ({ marker, at: text.indexOf(`"${marker}"`) }))
    .filter((f) => f.at !== -1)
    .sort((a, b) => a.at - b.at);
  const out: JsonAroundMarkers = { markers: [], texts: [], indents: [] };
  let from = 0;
  for (const { marker, at } of found) {
    out.markers.push(marker);
    out.texts.push(text.substring(from, at));
    from = at + marker.length + 2;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let spaces = 0;
    while (text.charCodeAt(lineStart + spaces) === 32) spaces++;
    out.indents.push(' '.repeat(spaces));
  }
  out.texts.push(text.substring(from));
  return out;
}

/**
 * A JSON array written an element at a time, as `JSON.stringify(…, null, 2)` writes it under a key indented by
 * `keyIndent`: elements one step (two spaces) in, the closing bracket at the key's level.
 */
export class JsonArrayWriter<T> {
  private readonly keyIndent: string;
  private readonly inner: string;
  private readonly map: (item: T) => unknown;
  private piece = '';
  private count = 0;

  constructor(keyIndent: string, map: (item: T) => unknown = (item) => item) {
    this.keyIndent = keyIndent;
    this.inner = `${keyIndent}  `;
    this.map = map;
  }

  /** Adds an element; returns the text gathered so far once it is long enough to hand out, else ''. */
  add(item: T): string {
    const json = JSON.stringify(this.map(item), null, 2).replace(/\n/g, `\n${this.inner}`);
    this.piece += `${this.count === 0 ? '[\n' : ',\n'}${this.inner}${json}`;
    this.count++;
    if (this.piece.length <= PIECE) return '';
    const piece = this.piece;
    this.piece = '';
    return piece;
  }

  /** The rest of the array, with its closing bracket ("[]" when it has no element). */
  end(): string {
    if (this.count === 0) return '[]';
    const piece = `${this.piece}\n${this.keyIndent}]`;
    this.piece = '';
    return piece;
  }
}

/**
 * The text of `JSON.stringify(value, null, 2)` + "\n", in pieces, where each marker string in `value` stands for its
 * array. Each marker must appear once in `value`, as a property value.
 */
export function* jsonChunks(value: unknown, arrays: readonly StreamedArray[]): Generator<string> {
  const around = jsonAroundMarkers(
    value,
    arrays.map((a) => a.marker),
  );
  for (let i = 0; i < around.markers.length; i++) {
    yield around.texts[i] as string;
    const array = arrays.find((a) => a.marker === around.markers[i]) as StreamedArray;
    const writer = new JsonArrayWriter(around.indents[i] as string, array.map as (item: unknown) => unknown);
    for (const item of array.items) {
      const piece = writer.add(item);
      if (piece !== '') yield piece;
    }
    yield writer.end();
  }
  yield `${around.texts[around.markers.length] as string}\n`;
}

/**
 * `JSON.stringify(value, null, indent)` in pieces, for a value already in memory whose text is written at once but
 * should not be one long step (a patched FHIR Bundle): `value`'s members, and theirs, `depth` levels down, are
 * written one at a time, as JSON.stringify lays them out (an indent of more than 10 characters is cut to 10, none
 * writes the text on one line). The pieces join to exactly the text JSON.stringify gives.
 * @see ECMA-262 SerializeJSONObject, SerializeJSONArray (the layout reproduced here).
 */
export function* jsonTextPieces(value: unknown, indent = '', depth = 2): Generator<string> {
  yield* memberPieces(value, indent.slice(0, 10), '', depth);
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
const unwritten = (v: unknown): boolean =>
  v === undefined || typeof v === 'function' || typeof v === 'symbol';

function* memberPieces(value: unknown, gap: string, at: string, depth: number): Generator<string> {
  // A value with toJSON is what toJSON gives: written whole, as are values past `depth`.
  if (
    depth === 0 ||
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    const text = JSON.stringify(value, null, gap) ?? 'null';
    yield gap === '' ? text : text.replace(/\n/g, `\n${at}`);
    return;
  }
  const inner = at + gap;
  const array = Array.isArray(value);
  const keys = array
    ? null
    : Object.keys(value).filter((k) => !unwritten((value as Record<string, unknown>)[k]));
  const length = keys ? keys.length : (value as unknown[]).length;
  if (length === 0) {
    yield array ? '[]' : '{}';
    return;
  }
  const between = gap === '' ? ',' : `,\n${inner}`;
  yield `${array ? '[' : '{'}${gap === '' ? '' : `\n${inner}`}`;
  for (let i = 0; i < length; i++) {
    if (i > 0) yield between;
    if (keys) {
      const key = keys[i] as string;
      yield `${JSON.stringify(key)}:${gap === '' ? '' : ' '}`;
      yield* memberPieces((value as Record<string, unknown>)[key], gap, inner, depth - 1);
    } else {
      const item = (value as unknown[])[i];
      yield* memberPieces(unwritten(item) ? null : item, gap, inner, depth - 1);
    }
  }
  yield `${gap === '' ? '' : `\n${at}`}${array ? ']' : '}'}`;
}
