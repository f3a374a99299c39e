/**
 * Every migration this build of drugclaim knows, whichever module defines it. `openDatabase()` refuses a store that
 * has recorded a migration missing here (a newer drugclaim wrote it), even when the caller applies only some
 * modules' migrations. Each list comes from a file that imports nothing of the store at run time, so
 * ./database.ts can import this one without an import cycle. A module that adds migrations lists them here too
 * (./database.test.ts checks that each module's list is in).
 */
import { ACCOUNT_MIGRATIONS } from './accounts/schema.ts';
import type { Migration } from './database.ts';
import { RECOVERY_MIGRATIONS } from './recovery/schema.ts';
import { REFERENCE_MIGRATIONS } from './reference-schema.ts';

export const KNOWN_MIGRATIONS: readonly Migration[] = [
  ...REFERENCE_MIGRATIONS,
  ...ACCOUNT_MIGRATIONS,
  ...RECOVERY_MIGRATIONS,
];
