/**
 * `npm run build:wasm`: builds the WebAssembly sources under src/ (`*.wat` text, `*.as.ts` AssemblyScript) into the
 * `.wasm` files loaded at run time. The binaries are committed (no build step at install); a test builds each
 * source again and checks that the committed binary matches it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm, wasmOutput, wasmSources } from './wasm.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
for (const source of wasmSources) {
  const bytes = await buildWasm(source);
  const out = wasmOutput(source);
  writeFileSync(resolve(repoRoot, out), bytes);
  process.stdout.write(`${source} → ${out} (${bytes.length} bytes)\n`);
}
