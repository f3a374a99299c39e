/**
 * Whether web/dist is older than the web app's sources (web/src, web/index.html, the Vite config): `npm start`
 * rebuilds then (after a `git pull`, not only on the first start), and the browser tests build before they run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(fileURLToPath(import.meta.url), '..', '..', 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when web/dist/index.html is missing or older than any source of the web app. */
export function webBuildIsStale(): boolean {
  const built = join(web, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sourcesAt = Math.max(
    newestMtime(join(web, 'src')),
    statSync(join(web, 'index.html')).mtimeMs,
    statSync(join(web, 'vite.config.ts')).mtimeMs,
  );
  return statSync(built).mtimeMs <= sourcesAt;
}

/** Builds web/dist with Vite (the API of the `npm run build` script, in this process). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
}
