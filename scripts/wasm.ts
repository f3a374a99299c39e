/** The WebAssembly sources of the project and how they are assembled (wabt), for the build script and its test. */
import wabtInit from 'wabt';

/** Paths (from the repository root) of the `.wat` files; each is built into the `.wasm` beside it. */
export const wasmSources = ['src/adapters/x12/structural-index.wat'] as const;

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
