#!/usr/bin/env node
// Runs the TypeScript CLI directly: Node 24 strips types natively (see README, "Why Node 24").
import '../src/adapters/cli/main.ts';
