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
