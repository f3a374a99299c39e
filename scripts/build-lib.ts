/**
 * `npm run build:lib [-- OUT_DIR]`: compiles src/ to JavaScript with type declarations (default `dist/`), for
 * programs that use drugclaim as a library (`import … from 'drugclaim'`) and for an installed package, where Node
 * does not strip types from files under node_modules. The files src/ reads at run time beside its modules (the
 * WebAssembly index, the download list) are copied next to their compiled modules. Run by `npm pack`
 * (`prepack`); a test builds into a temporary folder and imports the result as a consumer would.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const outDir = resolve(process.argv[2] ?? join(repoRoot, 'dist'));
/** Files modules read from their own folder (`new URL('./x', import.meta.url)`). */
const RUNTIME_ASSETS = /\.(wasm|json)$/;

rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [
    join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(repoRoot, 'tsconfig.build.json'),
    '--outDir',
    outDir,
  ],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  process.stderr.write(`build:lib: tsc failed (exit ${tsc.status ?? tsc.signal})\n`);
  process.exit(1);
}

const src = join(repoRoot, 'src');
let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !RUNTIME_ASSETS.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(outDir, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  copied++;
}
process.stdout.write(
  `build:lib: ${relative(process.cwd(), outDir) || '.'} (${copied} runtime files copied)\n`,
);
