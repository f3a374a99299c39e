/**
 * The WebAssembly sources of the project and how they are built, for the build script and its test:
 * - `.wat` (WebAssembly text, assembled by wabt): the structural index's SIMD routine;
 * - `.as.ts` (AssemblyScript, compiled by asc): the value tape, which reads and checks segment values.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');

/** Paths (from the repository root) of the sources; each is built into the `.wasm` beside it. */
export const wasmSources = [
  'src/adapters/x12/structural-index.wat',
  'src/adapters/x12/value-tape.as.ts',
] as const;

/** The `.wasm` a source builds into. */
export function wasmOutput(source: string): string {
  return source.replace(/(\.as\.ts|\.wat)$/, '.wasm');
}

/** Builds one source (a path from the repository root) into its binary: the same bytes every time. */
export async function buildWasm(source: string): Promise<Uint8Array> {
  return source.endsWith('.wat')
    ? assembleWat(source, readFileSync(resolve(repoRoot, source), 'utf8'))
    : compileAssemblyScript(source);
}

/** Assembles WebAssembly text into a binary module (SIMD enabled, no debug names: the same bytes every time). */
export async function assembleWat(name: string, text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(name, text, { simd: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

/**
 * Compiles an AssemblyScript file: optimised, no runtime (the code allocates nothing), no assertions (it checks its
 * own bounds), and the memory imported (it works on another module's memory).
 */
export async function compileAssemblyScript(source: string): Promise<Uint8Array> {
  // Loaded here, not at the top: building the `.wat` alone (and its test) needs no compiler.
  const { default: asc } = await import('assemblyscript/asc');
  let binary: Uint8Array | undefined;
  const errors: string[] = [];
  const { error } = await asc.main(
    [
      source,
      '--outFile',
      'out.wasm',
      '-O3',
      '--runtime',
      'stub',
      '--noAssert',
      '--importMemory',
      '--initialMemory',
      '0',
    ],
    {
      readFile: (name, baseDir) => {
        try {
          return readFileSync(resolve(repoRoot, baseDir, name), 'utf8');
        } catch {
          return null;
        }
      },
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      listFiles: () => [],
      stderr: {
        write: (chunk: Uint8Array | string) => {
          errors.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
          return true;
        },
      },
    },
  );
  if (error || binary === undefined)
    throw new Error(`${source}: ${error?.message ?? ''}\n${errors.join('')}`);
  return binary;
}
