#!/usr/bin/env node
// Runs the TypeScript CLI directly in a checkout: Node 24 strips types natively (see README, "Why Node 24").
// An installed package runs the compiled dist/ instead: Node does not strip types under node_modules, and a packed
// drugclaim ships dist/ (npm run build:lib), not src/.
// The compile cache keeps the stripped and compiled modules between runs: a start takes about 0.2 s instead of 0.5 s,
// most of which was stripping types from the same files again. It holds code only, in the user's own
// ~/.drugclaim/compile-cache rather than the shared temp folder (NODE_COMPILE_CACHE chooses another place;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off). Where it cannot be written, Node runs without it.
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

enableCompileCache(process.env.NODE_COMPILE_CACHE || join(homedir(), '.drugclaim', 'compile-cache'));
const source = new URL('../src/adapters/cli/main.ts', import.meta.url);
const installed = fileURLToPath(import.meta.url)
  .split(/[\\/]/)
  .includes('node_modules');
await import(!installed && existsSync(source) ? source.href : '../dist/adapters/cli/main.js');
