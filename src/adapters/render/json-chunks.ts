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
const PIECE = 1 << 16;

/**
 * The text of `JSON.stringify(value, null, 2)` + "\n", in pieces, where each marker string in `value` stands for its
 * array. Each marker must appear once in `value`, as a property value.
 */
export function* jsonChunks(value: unknown, arrays: readonly StreamedArray[]): Generator<string> {
  const text = JSON.stringify(value, null, 2);
  const found = arrays
    .map((a) => ({ array: a, at: text.indexOf(`"${a.marker}"`) }))
    .filter((f) => f.at !== -1)
    .sort((a, b) => a.at - b.at);
  let from = 0;
  for (const { array, at } of found) {
    yield text.substring(from, at);
    from = at + array.marker.length + 2;
    const items = array.items;
    if (items.length === 0) {
      yield '[]';
      continue;
    }
    // The key's line gives the indent: elements one step (two spaces) in, the closing bracket at the key's level.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let spaces = 0;
    while (text.charCodeAt(lineStart + spaces) === 32) spaces++;
    const keyIndent = ' '.repeat(spaces);
    const inner = `${keyIndent}  `;
    const map = array.map as (item: unknown) => unknown;
    let piece = '[\n';
    for (let i = 0; i < items.length; i++) {
      const json = JSON.stringify(map(items[i]), null, 2).replace(/\n/g, `\n${inner}`);
      piece += `${i === 0 ? '' : ',\n'}${inner}${json}`;
      if (piece.length > PIECE) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}\n${keyIndent}]`;
  }
  yield `${text.substring(from)}\n`;
}
