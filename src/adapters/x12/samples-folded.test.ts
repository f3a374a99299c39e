/**
 * Wrapped files on real data: every sample in ../shared/samples/x12 that ends its segments with "~", with its line
 * breaks taken out and then folded at fixed widths (as mainframe and fixed-record systems write files), reads the
 * same claims and remittances as the unfolded text, with no finding but the line-break warnings.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from './index.ts';
import type { X12ReadResult } from './index.ts';

const fold = (text: string, width: number, eol: string): string => {
  let out = '';
  for (let i = 0; i < text.length; i += width) out += text.substring(i, i + width) + eol;
  return out;
};

/** The claims and remittances without positions (lines and segment indexes move with the fold). */
const content = (r: X12ReadResult): string =>
  JSON.stringify({ claims: r.claims, remittances: r.remittances }, (k, v: unknown) =>
    k === 'position' ? undefined : v,
  );

describe('samples folded at fixed widths', () => {
  const dir = x12SamplesDir();
  const files = readdirSync(dir).filter((f) => !f.endsWith('.md'));
  for (const file of files) {
    const raw = readFileSync(join(dir, file), 'latin1');
    if (!raw.includes('~')) continue;
    it(file, () => {
      const flat = raw.replace(/^\xef\xbb\xbf/, '').replace(/\r?\n/g, '');
      const unfolded = readX12Bytes(Buffer.from(flat, 'latin1'));
      const codes = new Set(unfolded.problems.map((p) => p.code));
      assert.ok(unfolded.claims.length + unfolded.remittances.length > 0);
      for (const width of [64, 80, 105, 107, 132])
        for (const eol of ['\n', '\r\n']) {
          const label = `${width} columns, ${eol === '\n' ? 'LF' : 'CRLF'}`;
          const r = readX12Bytes(Buffer.from(fold(flat, width, eol), 'latin1'));
          assert.equal(content(r), content(unfolded), label);
          assert.deepEqual(
            r.problems.filter((p) => p.code !== 'x12.segment.line-break' && !codes.has(p.code)),
            [],
            label,
          );
        }
    });
  }
});
