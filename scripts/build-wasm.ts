/**
 * `npm run build:wasm`: assembles the WebAssembly text sources (`*.wat`) under src/ into the `.wasm` files loaded at
 * run time. The binaries are committed (no build step at install); a test assembles each source again and checks
 * that the committed binary matches it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleWat, wasmSources } from './wasm.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
for (const source of wasmSources) {
  const wat = resolve(repoRoot, source);
  const bytes = await assembleWat(wat, readFileSync(wat, 'utf8'));
  const out = wat.replace(/\.wat$/, '.wasm');
  writeFileSync(out, bytes);
  process.stdout.write(`${source} → ${out.slice(repoRoot.length + 1)} (${bytes.length} bytes)\n`);
}
