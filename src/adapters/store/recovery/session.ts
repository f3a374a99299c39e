/**
 * What the CLI and the HTTP service need to work with recovery: the store (same database file as the reference
 * data), the rules, and — only when an operation needs facts (reconcile, appeal) — the reference data.
 *
 * Also the import of a file for `claims import` / `remit import` (`importRecoveryFile`): the claim-files adapter
 * recognises X12 (837P/837I/835), FHIR R4 (Claim, ExplanationOfBenefit), canonical JSON and CSV by content.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Problem, Result } from '../../../core/problem.ts';
import type { AnalysisContext } from '../../../core/recovery/analyze.ts';
import { DEFAULT_TOLERANCE, type Tolerance } from '../../../core/recovery/model.ts';
import type { ReferenceData } from '../../../core/reference/port.ts';
import { readClaimFileEach, type ClaimFileCounts, type StreamProgress } from '../../claim-files/index.ts';
import { loadRecoveryRules, type RecoveryRules } from './rules-files.ts';
import {
  importErrors,
  problemWithPosition,
  RecoveryStore,
  type ImportAudit,
  type ImportSummary,
} from './store.ts';

/** A file that holds none of what was asked for (or cannot be read): nothing of it is kept. */
export interface RejectedImport {
  ok: false;
  errors: string[];
}

/**
 * Imports a claims or remittance file (X12 837/835, FHIR Claim/EOB, claim JSON or CSV, told by content) as it is
 * read, in one transaction: an X12 file of any size in flat memory, and all of it or nothing. The same bytes again
 * as the same kind add nothing (`already-imported`, recognised by their SHA-256 before anything is read). A file
 * that holds none of `kind` is rejected with the reason. An item with a read error inside it is not stored
 * (`summary.notStored`); when that is every item, or the errors are too many to place, the file is rejected and
 * nothing of it is kept. `audit` gives the audit row written with the stored file, in its transaction.
 */
export function importRecoveryFile(
  store: RecoveryStore,
  path: string,
  kind: 'claims' | 'remittances',
  options: { onProgress?: (progress: StreamProgress) => void; audit?: ImportAudit } = {},
): { ok: true; summary: ImportSummary; problems: Problem[] } | RejectedImport {
  const name = basename(path);
  let sha: string;
  try {
    sha = fileSha256(path);
  } catch (err) {
    return {
      ok: false,
      errors: [`Cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`],
    };
  }
  let problems: Problem[] = [];
  const { audit, ...reading } = options;
  try {
    const summary = store.importFile(
      { name, sha256: sha },
      kind,
      (sink) => {
        const read = readClaimFileEach(path, sink, reading);
        problems = read.problems;
        if ((kind === 'claims' ? read.claims : read.remittances) === 0) throw new NothingToImport(read);
        // Errors past the listing cap cannot be placed in their items: keep nothing rather than guess.
        if (read.problemTotals.error > read.problems.filter((p) => p.severity === 'error').length)
          throw new NothingToImport(read, true);
        return { format: read.format, problems: read.problems };
      },
      undefined,
      audit,
    );
    if (summary.status === 'rejected')
      return {
        ok: false,
        errors: [
          `every ${kind === 'claims' ? 'claim' : 'remittance claim'} of ${name} has a read error inside it: nothing imported`,
          ...importErrors(summary, problems),
        ],
      };
    return { ok: true, summary, problems };
  } catch (err) {
    if (!(err instanceof NothingToImport)) throw err;
    const read = err.read;
    const fatal = read.problems.filter((p) => p.severity === 'error');
    if (err.tooManyErrors)
      return {
        ok: false,
        errors: [
          `${name} has ${read.problemTotals.error} read errors, more than can be listed and placed: nothing imported`,
          ...fatal.slice(0, 20).map(problemWithPosition),
        ],
      };
    const other = kind === 'claims' ? read.remittances : read.claims;
    const errors =
      other > 0
        ? [
            `${name} holds ${kind === 'claims' ? 'remittances' : 'claims'}, not ${kind}: use drugclaim ${kind === 'claims' ? 'remit' : 'claims'} import`,
          ]
        : fatal.map(problemWithPosition);
    return { ok: false, errors: errors.length > 0 ? errors : [`no ${kind} found in ${name}`] };
  }
}

/**
 * Thrown inside the import's transaction to undo it: the file held nothing to import, or more errors than the
 * reader lists (`tooManyErrors`), so the items they fall in cannot be told.
 */
class NothingToImport extends Error {
  readonly read: ClaimFileCounts;
  readonly tooManyErrors: boolean;
  constructor(read: ClaimFileCounts, tooManyErrors = false) {
    super('nothing to import');
    this.read = read;
    this.tooManyErrors = tooManyErrors;
  }
}

/** The SHA-256 of a file, read a megabyte at a time. */
function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export interface RecoverySessionOptions {
  dbPath?: string;
  /**
   * A store already open, its database shared with others (the accounts', as in one server file); `dbPath` then only
   * locates the reference data.
   */
  store?: RecoveryStore;
  tolerance?: Tolerance;
  rulesDir?: string;
  /** Supplies the reference data (default: the store's, via openReferenceData). */
  reference?: () => Promise<ReferenceData>;
}

export class RecoverySession {
  readonly store: RecoveryStore;
  readonly rules: RecoveryRules;
  readonly tolerance: Tolerance;
  private readonly loadReference: () => Promise<ReferenceData>;
  private reference: ReferenceData | undefined;

  private constructor(
    store: RecoveryStore,
    rules: RecoveryRules,
    tolerance: Tolerance,
    loadReference: () => Promise<ReferenceData>,
  ) {
    this.store = store;
    this.rules = rules;
    this.tolerance = tolerance;
    this.loadReference = loadReference;
  }

  /** Opens the store and loads the rules; fails with the rules' problems when a rules file is wrong. */
  static open(options: RecoverySessionOptions = {}): Result<RecoverySession> {
    const rules = loadRecoveryRules(options.rulesDir);
    if (!rules.ok) return rules;
    const store = options.store ?? RecoveryStore.open(options.dbPath);
    const loader =
      options.reference ??
      (async (): Promise<ReferenceData> => {
        const { openReferenceData } = await import('../index.ts');
        return openReferenceData(options.dbPath === undefined ? {} : { dbPath: options.dbPath });
      });
    return {
      ok: true,
      value: new RecoverySession(store, rules.value, options.tolerance ?? DEFAULT_TOLERANCE, loader),
      problems: [],
    };
  }

  async referenceData(): Promise<ReferenceData> {
    this.reference ??= await this.loadReference();
    return this.reference;
  }

  async analysisContext(): Promise<AnalysisContext> {
    return {
      mapping: this.rules.mapping,
      reference: await this.referenceData(),
      contracts: this.rules.contracts,
      deadlines: this.rules.deadlines,
      tolerance: this.tolerance,
    };
  }

  close(): void {
    this.store.close();
  }
}
