/**
 * The one writer of output files: modes (0600 for PHI, the umask's for shared files, a replaced file's own), a
 * temporary file that is created exclusively under a random name (a planted symlink is never followed), and nothing
 * left behind on failure.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it, mock } from 'node:test';
import { openFileWhole, temporaryPathFor, writeFileWhole, type WholeFileOptions } from './whole-file.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-whole-file-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** A fresh folder for one case, so that "nothing left beside it" can be read off its listing. */
let folders = 0;
function folder(): string {
  const dir = join(tmp, `case-${++folders}`);
  mkdirSync(dir);
  return dir;
}

/** Both writers, so every case runs against each: whole text and a stream (`convert --out`). */
const writers: [string, (path: string, text: string, options?: WholeFileOptions) => Promise<void>][] = [
  ['writeFileWhole', (path, text, options) => Promise.resolve(writeFileWhole(path, text, options))],
  [
    'openFileWhole',
    async (path, text, options) => {
      const out = await openFileWhole(path, options);
      out.stream.write(text);
      await out.commit();
    },
  ],
];

/** While `fn` runs, the first `count` random names are all zeros: a name planted ahead is the one tried first. */
async function withPredictableNames(count: number, fn: () => Promise<void>): Promise<void> {
  const real = crypto.randomBytes.bind(crypto);
  let left = count;
  const m = mock.method(crypto, 'randomBytes', (size: number) =>
    left-- > 0 ? Buffer.alloc(size) : real(size),
  );
  syncBuiltinESMExports();
  try {
    await fn();
  } finally {
    m.mock.restore();
    syncBuiltinESMExports();
  }
}

describe('whole-file writers', () => {
  const umask = process.umask();
  const cases: {
    label: string;
    before?: number;
    options?: WholeFileOptions;
    expected: number;
  }[] = [
    { label: 'a new file holding PHI is 0600', expected: 0o600 },
    {
      label: 'a new shared file (a guide) is 0666 less the umask',
      options: { shared: true },
      expected: 0o666 & ~umask,
    },
    { label: 'a 0600 file replaced in place stays 0600', before: 0o600, expected: 0o600 },
    { label: 'a 0640 file keeps 0640', before: 0o640, expected: 0o640 },
    { label: 'a 0664 file keeps 0664 (the umask does not narrow it)', before: 0o664, expected: 0o664 },
    {
      label: 'a 0600 file replaced with shared output stays 0600',
      before: 0o600,
      options: { shared: true },
      expected: 0o600,
    },
  ];
  for (const [writer, write] of writers)
    for (const c of cases)
      it(`${writer}: ${c.label}`, async () => {
        const dir = folder();
        const file = join(dir, 'out.837');
        if (c.before !== undefined) {
          writeFileSync(file, 'old');
          chmodSync(file, c.before);
        }
        await write(file, 'new text', c.options);
        assert.equal(readFileSync(file, 'utf8'), 'new text');
        assert.equal(mode(file), c.expected.toString(8));
        assert.deepEqual(readdirSync(dir), ['out.837']);
      });

  for (const [writer, write] of writers) {
    it(`${writer}: a symlink planted at the old fixed name OUT.part is left alone, its target untouched`, async () => {
      const dir = folder();
      const victim = join(dir, 'victim.txt');
      writeFileSync(victim, 'victim');
      const out = join(dir, 'out.837');
      symlinkSync(victim, `${out}.part`);
      await write(out, 'claims');
      assert.equal(readFileSync(victim, 'utf8'), 'victim');
      assert.equal(readFileSync(out, 'utf8'), 'claims');
      assert.ok(lstatSync(`${out}.part`).isSymbolicLink());
    });

    it(`${writer}: a symlink planted at the temporary name itself is not followed: another name is taken`, async () => {
      const dir = folder();
      const victim = join(dir, 'victim.txt');
      writeFileSync(victim, 'victim');
      const out = join(dir, 'out.837');
      await withPredictableNames(1, async () => {
        const planted = temporaryPathFor(out);
        assert.equal(planted, `${out}.0000000000000000.part`);
        symlinkSync(victim, planted);
        await withPredictableNames(1, () => write(out, 'claims'));
        assert.equal(readFileSync(victim, 'utf8'), 'victim');
        assert.equal(readFileSync(out, 'utf8'), 'claims');
        assert.equal(mode(out), '600');
        // The attacker's link is not ours to remove, and nothing else is left.
        assert.equal(readlinkSync(planted), victim);
        assert.deepEqual(readdirSync(dir).sort(), ['out.837', 'out.837.0000000000000000.part', 'victim.txt']);
      });
    });
  }

  it('temporary names are beside the target and differ every time', () => {
    const out = join(tmp, 'x', 'claims.837');
    const names = new Set(Array.from({ length: 20 }, () => temporaryPathFor(out)));
    assert.equal(names.size, 20);
    for (const n of names) {
      assert.equal(dirname(n), dirname(out));
      assert.match(n, /claims\.837\.[0-9a-f]{16}\.part$/);
    }
    const long = join(tmp, `${'a'.repeat(240)}.837`);
    assert.match(temporaryPathFor(long), /\/\.drugclaim-[0-9a-f]{16}\.part$/);
  });

  it('a target that cannot be replaced: an error naming it, the old content kept, no temporary file left', async () => {
    const dir = folder();
    const target = join(dir, 'a-directory');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    assert.throws(
      () => writeFileWhole(target, 'text'),
      (err: Error) => err.message.startsWith(`cannot write ${target}: `),
    );
    const out = await openFileWhole(target);
    out.stream.write('text');
    await assert.rejects(out.commit());
    await out.discard();
    assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'kept');
    assert.deepEqual(readdirSync(dir), ['a-directory']);
  });

  it('a stream discarded part way leaves the target as it was and no temporary file', async () => {
    const dir = folder();
    const file = join(dir, 'out.json');
    writeFileSync(file, 'before');
    const out = await openFileWhole(file);
    out.stream.write('half of it');
    await out.discard();
    assert.equal(readFileSync(file, 'utf8'), 'before');
    assert.deepEqual(readdirSync(dir), ['out.json']);
    assert.ok(!existsSync(`${file}.part`));
  });
});
