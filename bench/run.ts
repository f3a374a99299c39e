/**
 * `npm run bench [name…]`: runs every benchmark module (or the named ones) and prints one table.
 * Each module lives in bench/<name>.ts and exports `benchmark: BenchModule`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { benchmark?: BenchModule };
  const bench = mod.benchmark;
  if (!bench || (wanted.length > 0 && !wanted.includes(bench.name))) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  rows.push(...(await bench.run()));
}

const fmt = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
const table = rows.map((r) => [
  r.benchmark,
  r.subject,
  r.metric,
  `${fmt(r.value)} ${r.unit}`,
  r.target ?? '',
  r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  r.note ?? '',
]);
const header = ['benchmark', 'subject', 'metric', 'value', 'target', 'met', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
