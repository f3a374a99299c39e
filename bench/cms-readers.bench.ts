/**
 * `npm run bench cms-readers`: time of each CMS reader on the shared January 2026 files (readDatasetFile, in memory,
 * 3 runs, the best kept), and the descriptor parse of every HCPCS procedure..
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDatasetFile } from '../src/adapters/cms/index.ts';
import { parseDescriptor } from '../src/core/reference/descriptor.ts';
import { sharedDataDir } from '../test/support/shared.ts';
import type { BenchModule, BenchRow } from './types.ts';

export const benchmark: BenchModule = {
  name: 'cms-readers',
  async run(): Promise<BenchRow[]> {
    const root = sharedDataDir();
    const rows: BenchRow[] = [];
    let total = 0;
    for (const dir of readdirSync(root, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const name of readdirSync(join(root, dir.name)).sort()) {
        const bytes = new Uint8Array(readFileSync(join(root, dir.name, name)));
        let best = Number.POSITIVE_INFINITY;
        let result = readDatasetFile({ name, bytes });
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          result = readDatasetFile({ name, bytes });
          best = Math.min(best, performance.now() - t);
        }
        total += best;
        if (result.dataset === undefined) continue;
        rows.push({
          benchmark: 'cms read',
          subject: `${result.dataset} (${name.slice(0, 40)})`,
          metric: `${result.records.length} records`,
          value: best,
          unit: 'ms',
        });
        if (result.dataset === 'hcpcs' && name.endsWith('.txt')) {
          const t = performance.now();
          for (const r of result.records) if (r.kind === 'procedure') parseDescriptor(r.longDescription);
          rows.push({
            benchmark: 'cms read',
            subject: 'parseDescriptor × HCPCS procedures',
            metric: 'all',
            value: performance.now() - t,
            unit: 'ms',
          });
        }
      }
    }
    rows.push({
      benchmark: 'cms read',
      subject: 'all shared files',
      metric: 'sum of best',
      value: total,
      unit: 'ms',
      target: '< 2000 ms',
      met: total < 2000,
    });
    return Promise.resolve(rows);
  },
};
