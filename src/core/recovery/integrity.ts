/**
 * Which imported items (submitted claims, remittance claims) a read error falls inside, so that an item read wrong
 * is never stored: an unparseable SVC02 would otherwise become a $0.00 charge, an unparseable SVC05 one unit, and a
 * file cut off mid-claim a claim with half its lines — and all of it would be used in money.
 *
 * An item spans from its first segment (CLM / CLP; the line for CSV) to the next item's. A problem belongs to the
 * item whose span holds its position, except:
 * - envelope segments (ISA, GS, ST, SE, GE, IEA) and the 835 provider adjustments (PLB): the file's, not an item's
 *   (an SE01 count off by one does not make a claim wrong);
 * - 837 billing provider loops (1000A/B, 2000A, 2010AA/AB): shared by every claim under them, reported for the file;
 * - 837 subscriber and patient loops (2000B, 2010BA/BB, 2000C, 2010CA) and the 835 LX header (2000): they come
 *   before the claim they describe, so they belong to the next item;
 * - anything before the first item (BPR, TRN, N1 headers) is the file's.
 * A file cut off mid-item reports "no SE before the end of the file" at its last segment: that is inside the last
 * item, which is therefore not stored.
 *
 * FHIR items (a Claim or ExplanationOfBenefit) have no segment or line: they start at a JSON path
 * (`$.entry[2].resource`), and a problem belongs to the item whose path is its own or encloses it.
 */
import type { Problem, SourcePosition } from '../problem.ts';

const FILE_SEGMENTS = new Set(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'PLB']);
const FILE_LOOPS = /^(1000[AB]|2000A|2010A[A-Z])$/;
const NEXT_ITEM_LOOPS = /^(2000[BC]|2010B[A-Z]|2010C[A-Z]|2000)$/;

/** Where an item or a problem is in its file: the X12 segment index, else the text line. */
export function positionIndex(at: SourcePosition | undefined): number | undefined {
  return at?.segmentIndex ?? at?.line;
}

/**
 * The error-severity problems inside each item, by item index. `starts` are the items' positions in file order
 * (`positionIndex(item.position)`, or the JSON path of a FHIR item); an item without a position gets no problems
 * (nothing to place them by).
 */
export function problemsByItem(
  starts: readonly (number | string | undefined)[],
  problems: readonly Problem[],
): Map<number, Problem[]> {
  const placed: { start: number; item: number }[] = [];
  const byPath = new Map<string, number>();
  starts.forEach((start, item) => {
    if (typeof start === 'number') placed.push({ start, item });
    else if (start !== undefined && !byPath.has(start)) byPath.set(start, item);
  });
  placed.sort((a, b) => a.start - b.start || a.item - b.item);
  const out = new Map<number, Problem[]>();
  const add = (item: number, p: Problem): void => {
    const list = out.get(item);
    if (list) list.push(p);
    else out.set(item, [p]);
  };
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    const at = positionIndex(p.at);
    if (at === undefined && p.at?.path !== undefined && byPath.size > 0) {
      const item = enclosingPath(byPath, p.at.path);
      if (item !== undefined) add(item, p);
      continue;
    }
    if (at === undefined || placed.length === 0) continue;
    if (p.at?.segmentId !== undefined && FILE_SEGMENTS.has(p.at.segmentId.toUpperCase())) continue;
    const loop = p.at?.loop ?? '';
    if (FILE_LOOPS.test(loop)) continue;
    // The last item starting at or before the problem, or for the loops before an item the first one starting at
    // or after it (a missing 2010BB is reported at the CLM).
    const target = NEXT_ITEM_LOOPS.test(loop)
      ? placed[firstAtOrAfter(placed, at)]
      : placed[firstAtOrAfter(placed, at + 1) - 1];
    if (target === undefined) continue;
    add(target.item, p);
  }
  return out;
}

/** The item whose JSON path is `path` or encloses it (`$.entry[2].resource` encloses `$.entry[2].resource.item[0]`). */
function enclosingPath(byPath: ReadonlyMap<string, number>, path: string): number | undefined {
  for (let p = path; ;) {
    const item = byPath.get(p);
    if (item !== undefined) return item;
    // Drop the last step: a member name (`.item`) or an index (`[0]`).
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.substring(0, cut);
  }
}

/** Index of the first placed item whose start is >= `at` (binary search; `placed.length` when none). */
function firstAtOrAfter(placed: readonly { start: number }[], at: number): number {
  let lo = 0;
  let hi = placed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((placed[mid]?.start ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
