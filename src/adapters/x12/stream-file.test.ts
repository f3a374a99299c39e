/**
 * `streamX12File` reads the next MiB while one is mapped: a read that fails then is the caller's error (a rejected
 * promise), never an unhandled rejection that ends the process, and the file is closed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { streamX12File } from './index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-stream-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const openFiles = (): number => readdirSync('/proc/self/fd').length;

describe('streamX12File: a read ahead that fails', () => {
  it('rejects with the read error while the caller paces, and closes the file', async () => {
    const sample = readFileSync(join(x12SamplesDir(), '837P_imsweb_x12_multiple_transactions_LARGE.txt'));
    const path = join(tmp, 'big.837');
    writeFileSync(path, Buffer.concat(Array.from({ length: 9 }, () => sample))); // 3.4 MB: reads of 1 MiB
    const probe = await open(path);
    const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const read = proto.read;
    const before = openFiles();
    let reads = 0;
    // The second read (the first one ahead) fails a little later, while the first MiB is still being mapped.
    proto.read = function (this: unknown, ...args: unknown[]) {
      if (++reads === 2)
        return new Promise((_, reject) =>
          setTimeout(() => reject(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })), 5),
        );
      return read.apply(this, args);
    };
    try {
      await assert.rejects(
        streamX12File(
          path,
          { claim: () => undefined, remittance: () => undefined, problem: () => undefined },
          { pace: () => new Promise((resolve) => setTimeout(resolve, 1)) },
        ),
        /EIO/,
      );
    } finally {
      proto.read = read;
    }
    assert.equal(openFiles(), before, 'the file is closed');
  });
});
