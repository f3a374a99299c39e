/**
 * Fact-check benchmark: the checker (src/core/factcheck) on a guide-sized text (the Markdown billing guide of
 * J9271, as `drugclaim guide J9271 --format md` renders it) and on pathological inputs at the HTTP limits (20,000
 * characters for anonymous callers, 200,000 signed in): one statement with a long run of blanks (spaces, tabs,
 * no-break spaces mixed) or of digits inside it, and a sentence that repeats one statement about a code.
 *
 * The checker must take time linear in its input: a run of blanks once made every regular expression that ends
 * with "\s*$" try each offset of the run (50,000 spaces took ~13 s). Each input is checked BENCH_FACTCHECK_RUNS
 * times (default 5) after one warm-up run; the median is reported. The target is per input size: a pathological
 * input must not take much longer than a normal text of its size.
 */
import { buildGuide, isProblem } from '../src/core/guides/index.ts';
import { factCheck } from '../src/core/factcheck/index.ts';
import { loadGuideInputs } from '../src/adapters/render/guide-inputs.ts';
import { renderGuideMarkdown } from '../src/adapters/render/guide-markdown.ts';
import { sharedReference } from '../test/support/reference.ts';
import type { BenchModule, BenchRow } from './types.ts';

const DATE = '2026-02-01';
const RUNS = Number(process.env['BENCH_FACTCHECK_RUNS'] ?? 5);

/** `fill` repeated to exactly `length` characters. */
const run = (fill: string, length: number): string =>
  fill.repeat(Math.ceil(length / fill.length)).slice(0, length);

/** A statement with `length` characters in all, the rest of them a run of `fill` in the middle of it. */
function padded(head: string, tail: string, fill: string, length: number): string {
  return `${head}${run(fill, length - head.length - tail.length)}${tail}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export const benchmark: BenchModule = {
  name: 'factcheck',
  async run(): Promise<BenchRow[]> {
    const ref = await sharedReference();
    const { inputs } = loadGuideInputs();
    const guide = buildGuide(ref, 'J9271', DATE, inputs);
    if (isProblem(guide)) throw new Error(`guide J9271: ${guide.message}`);
    const md = renderGuideMarkdown(guide);

    const cases: { name: string; text: string; target?: number }[] = [
      { name: `guide J9271 (Markdown, ${md.length.toLocaleString('en-US')} chars)`, text: md },
    ];
    for (const length of [20_000, 200_000]) {
      const size = `${length / 1000} kB`;
      // Targets: far below the seconds (20 kB) and minutes (200 kB) the quadratic reading took.
      const target = length === 20_000 ? 250 : 1000;
      cases.push(
        {
          name: `"Pembrolizumab 200 mg =" + spaces + "20 units of J9271." (${size})`,
          text: padded('Pembrolizumab 200 mg =', '20 units of J9271.', ' ', length),
          target,
        },
        {
          name: `"Keytruda is" + blanks (space, tab, no-break, em space) + "billed under J9271." (${size})`,
          text: padded('Keytruda is', 'billed under J9271.', ' \t\u00a0\u2003', length),
          target,
        },
        {
          name: `"J9271, J9299 and" + spaces + "J9312 are pembrolizumab." (${size})`,
          text: padded('J9271, J9299 and', 'J9312 are pembrolizumab.', ' ', length),
          target,
        },
        {
          name: `"Keytruda is billed per" + digits + " mg per unit (J9271)." (${size})`,
          text: padded('Keytruda is billed per ', ' mg per unit (J9271).', '7', length),
          target,
        },
        {
          name: `"J9271 is " repeated (${size})`,
          text: run('J9271 is ', length),
          target,
        },
      );
    }

    const rows: BenchRow[] = [];
    for (const c of cases) {
      factCheck(ref, c.text, DATE); // warm-up (and the dictionary of the date, memoised)
      const times: number[] = [];
      let claims = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        claims = factCheck(ref, c.text, DATE).summary.claims;
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      rows.push({
        benchmark: 'factcheck',
        subject: c.name,
        metric: `median of ${RUNS}`,
        value: ms,
        unit: 'ms',
        ...(c.target !== undefined ? { target: `< ${c.target} ms`, met: ms < c.target } : {}),
        note: `${claims} statement${claims === 1 ? '' : 's'} checked`,
      });
    }
    return rows;
  },
};
