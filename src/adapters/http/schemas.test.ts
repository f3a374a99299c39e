/**
 * `today()`: the default date of requests is the server's calendar date in its time zone (`TZ`), which operators set
 * to the clinic's (docs/operations.md). Checked in child processes, since a process's zone is fixed at start.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const schemas = fileURLToPath(new URL('./schemas.ts', import.meta.url));

function todayIn(timeZone: string): string {
  const script = `import(${JSON.stringify(schemas)}).then((m) => process.stdout.write(m.today()))`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TZ: timeZone },
    encoding: 'utf8',
  });
}

const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;

void describe('today()', () => {
  void it('is the date in TZ: UTC+14 is always a day or two ahead of UTC-11 (25 hours apart)', () => {
    const west = todayIn('Pacific/Pago_Pago');
    const east = todayIn('Pacific/Kiritimati');
    assert.match(west, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok([1, 2].includes(days(west, east)), `${west} → ${east}`);
  });
});
