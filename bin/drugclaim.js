#!/usr/bin/env node
// Runs the TypeScript CLI directly in a checkout: Node 24 strips types natively (see README, "Why Node 24").
// An installed package runs the compiled dist/ instead: Node does not strip types under node_modules, and a packed
// drugclaim ships dist/ (npm run build:lib), not src/.
// The compile cache keeps the stripped and compiled modules between runs: a start takes about 0.2 s instead of 0.5 s,
// most of which was stripping types from the same files again. It holds code only, in the user's own
// ~/.drugclaim/compile-cache rather than the shared temp folder (NODE_COMPILE_CACHE chooses another place;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off). Where it cannot be written, Node runs without it.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

// Node 24 or later (node:sqlite with DatabaseSync.location, type stripping): an older Node would fail with a cryptic
// import error, so say what is needed instead. The compile cache is imported after this check for the same reason.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `drugclaim needs Node 24 or later; this is Node ${process.versions.node}. In a checkout, \`npm ci\` installs it ` +
      '(the node devDependency) and `npm run drugclaim -- …` uses it.\n',
  );
  process.exit(2);
}
const { enableCompileCache } = await import('node:module');

// ~/.drugclaim is also where the store (claims, PHI) lives by default: made 0700 here, before Node makes it with the
// umask's 0755 for the cache (src/adapters/store/database.ts makes it 0700 too, but this runs first). An existing
// folder keeps its mode.
const home = join(homedir(), '.drugclaim');
if (!process.env.NODE_COMPILE_CACHE && !existsSync(home)) {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch {
    // No home folder to write to: Node runs without the cache, and the store says what is wrong when it is opened.
  }
}
enableCompileCache(process.env.NODE_COMPILE_CACHE || join(home, 'compile-cache'));
const source = new URL('../src/adapters/cli/main.ts', import.meta.url);
const installed = fileURLToPath(import.meta.url)
  .split(/[\\/]/)
  .includes('node_modules');
await import(!installed && existsSync(source) ? source.href : '../dist/adapters/cli/main.js');
