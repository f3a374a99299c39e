import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fsErrorText } from '../fs-error.ts';
import { formatTable, writeFileWhole } from './output.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-output-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeFileWhole', () => {
  it('replaces a file with the new text, leaving nothing beside it', () => {
    const file = join(tmp, 'claims.837');
    writeFileSync(file, 'old');
    writeFileWhole(file, 'new text');
    assert.equal(readFileSync(file, 'utf8'), 'new text');
    assert.deepEqual(readdirSync(tmp), ['claims.837']);
  });

  it('when the file cannot be put in place, throws and leaves what was there', () => {
    const dir = join(tmp, 'a-directory');
    mkdirSync(dir);
    writeFileSync(join(dir, 'inside'), 'kept');
    assert.throws(() => writeFileWhole(dir, 'text'), /EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    assert.equal(readFileSync(join(dir, 'inside'), 'utf8'), 'kept');
    assert.deepEqual(readdirSync(tmp).sort(), ['a-directory', 'claims.837']);
    // The message names the file asked for, in plain words, not the temporary file.
    const missing = join(tmp, 'missing', 'x.837');
    assert.throws(
      () => writeFileWhole(missing, 'text'),
      (err: Error) => err.message === `cannot write ${missing}: no such file or folder (ENOENT)`,
    );
  });
});

describe('fsErrorText', () => {
  const cases: [unknown, string][] = [
    [Object.assign(new Error('x'), { code: 'ENOENT' }), 'no such file or folder (ENOENT)'],
    [Object.assign(new Error('x'), { code: 'EISDIR' }), 'it is a folder, not a file (EISDIR)'],
    [Object.assign(new Error('x'), { code: 'EWHATEVER' }), 'EWHATEVER'],
    [new Error('disk on fire'), 'disk on fire'],
    ['a string', 'a string'],
  ];
  for (const [err, text] of cases) it(text, () => assert.equal(fsErrorText(err), text));
});

describe('formatTable', () => {
  it('shows the control characters of a cell (an override, ESC, a line break) and aligns what is shown', () => {
    assert.deepEqual(
      formatTable([
        ['CLAIM', 'LINE'],
        ['X1005\u202E', '1'],
        ['A\u001B[2J\nB', '2'],
      ]),
      [`${'CLAIM'.padEnd(17)}  LINE`, `${'X1005\\u202E'.padEnd(17)}  1`, 'A\\u001B[2J\\u000AB  2'],
    );
  });
});
