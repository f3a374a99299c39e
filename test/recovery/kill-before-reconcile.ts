/**
 * Runs the drugclaim CLI with the given arguments and SIGKILLs it at the moment its import's reconcile begins: the
 * file is committed, its findings are not (a kill, an out-of-memory kill or a power loss between the two
 * transactions). For unfinished-reconcile.test.ts.
 *
 * Usage: node kill-before-reconcile.ts claims|remit import FILE...
 */
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';

RecoveryStore.prototype.reconcile = function killed(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('SIGKILL did not end the process');
};
process.argv = [process.argv[0] ?? 'node', 'drugclaim', ...process.argv.slice(2)];
await import('../../src/adapters/cli/main.ts');
