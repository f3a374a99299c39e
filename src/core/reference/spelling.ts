/**
 * Spelling distance for search suggestions ("pembrolizumb" → pembrolizumab, "ketruda" → keytruda).
 *
 * Optimal string alignment distance (Damerau-Levenshtein where a transposed pair is not edited again): one
 * insertion, deletion, substitution or swap of two neighbours costs 1. Hand-written rather than a dependency: the
 * core has none, and search needs a bounded variant that gives up as soon as the distance exceeds the limit.
 */

/** Rows of the dynamic-programming table, reused between calls (search compares one word with thousands). */
let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)] as const;

/** The edit distance between `a` and `b`, or `max + 1` as soon as it is known to exceed `max`. */
export function editDistanceAtMost(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width), new Int32Array(width), new Int32Array(width)];
  // Two rows back (for swaps), the previous row, the current row.
  let [before, previous, current] = rows;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length]!;
  return distance > max ? max + 1 : distance;
}

/**
 * How many edits a misspelt word of this length may carry: none up to 4 letters (too many short words are one
 * edit apart), 1 up to 8, 2 from 9 ("retuximab" → rituximab is 1, "pembrolizamb" → pembrolizumab is 2).
 */
export function allowedEdits(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2;
}
