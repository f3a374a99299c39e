/**
 * The recovery store (SQLite, node:sqlite): ingest claims and remittances idempotently, match, analyse, and keep
 * the worklist with its history. Every read the CLI and the HTTP service need is a method here, so PostgreSQL can
 * implement the same surface later.
 *
 * Idempotency, two levels:
 * - a file is recorded by the SHA-256 of its bytes and the kind it was imported as: importing the same bytes again as
 *   the same kind (under any name) adds nothing; as the other kind they are read again (a FHIR Bundle can hold both
 *   Claims and ExplanationOfBenefits);
 * - each claim / remittance claim has a content key (SHA-256 of its canonical JSON without source positions, plus
 *   its occurrence number within the file), so the same claim arriving in another file is stored once.
 */
import { createHash } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Claim, Remittance, RemittanceClaim } from '../../../core/claim/model.ts';
import { formatPosition, type Problem, type Result, type SourcePosition } from '../../../core/problem.ts';
import { addDays } from '../../../core/reference/as-of.ts';
import type { IsoDate } from '../../../core/reference/model.ts';
import {
  analyzeRemittanceClaim,
  takebackFindings,
  type AnalysisContext,
  type RemittanceClaimAnalysis,
} from '../../../core/recovery/analyze.ts';
import {
  answerableCandidates,
  chooseReplacedClaim,
  claimCorrection,
  mapCorrectedLines,
  type AnswerCandidate,
  type CorrectedLine,
  type CorrectionKind,
  type ReplacedCandidate,
} from '../../../core/recovery/corrections.ts';
import { problemsByItem } from '../../../core/recovery/integrity.ts';
import { ClaimIndex, matchRemittanceClaim } from '../../../core/recovery/match.ts';
import type {
  ClaimMatch,
  ClaimMatchMethod,
  DenialFinding,
  Finding,
  LineMatch,
  PackagedLine,
  RootCause,
  StatusChange,
  Tolerance,
  WorklistStatus,
} from '../../../core/recovery/model.ts';
import { WORKLIST_STATUSES } from '../../../core/recovery/model.ts';
import {
  ageDays,
  changeStatus,
  findingItemKey,
  isWorklistStatus,
  isOpen,
  laterPaymentStatus,
  netOfReversed,
  OPEN_STATUSES,
  recoveredAmountProblem,
  recoveredNote,
  reopenedStatus,
  sameAdjudication,
  shareLaterPayment,
  supersedingDenial,
  type FindingSubject,
  type LineItemRef,
} from '../../../core/recovery/worklist.ts';
import { formatDollars } from '../../../core/money.ts';
import { applyMigrations, openDatabase, rollbackIfOpen } from '../database.ts';
import { writeAuditRow, type AuditEntry } from '../accounts/index.ts';
import { RECOVERY_MIGRATIONS } from './schema.ts';

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** Where a file's items go as it is read (`importFile`). */
export interface ImportSink {
  claim: (claim: Claim) => void;
  remittance: (remittance: Remittance) => void;
}

export interface ImportSummary {
  file: string;
  sha256: string;
  kind: 'claims' | 'remittances';
  /**
   * `already-imported`: the same bytes were imported before as this kind (as `previousName`); nothing was added.
   * `rejected`: a read error fell inside every item, so nothing of the file was kept (and the file is not recorded).
   */
  status: 'imported' | 'already-imported' | 'rejected';
  previousName?: string;
  format?: string;
  /** Claims (or remittance claims) in the file. */
  items: number;
  /** Of those, how many were new to the store (the others were already there from another file). */
  added: number;
  lines: number;
  problems: number;
  /** Items not stored because a read error fell inside them (../../../core/recovery/integrity.ts), with the errors. */
  notStored: NotStoredItem[];
}

/** An item of a file that was read with an error inside it, and so was not stored. */
export interface NotStoredItem {
  /** CLM01 / CLP01 when known. */
  id?: string;
  /** Where the item starts (CLM / CLP segment). */
  at?: SourcePosition;
  problems: Problem[];
}

/** A position without the file name (the output names the file already). */
function inFile(at: SourcePosition | undefined): string {
  if (at === undefined) return '';
  const { file: _file, ...rest } = at;
  return formatPosition(rest);
}

/** One line per problem, with its position: "segment 20 (SVC), line 21, loop 2110, element 2: …". */
export function problemWithPosition(p: Problem): string {
  const where = inFile(p.at);
  return `${p.severity}: ${where ? `${where}: ` : ''}${p.message}`;
}

/** The lines an import prints for the items it did not store, each error with its position. */
export function notStoredLines(items: readonly NotStoredItem[]): string[] {
  return items.flatMap((it) => {
    const where = inFile(it.at);
    const what = `${it.id !== undefined ? `claim ${it.id}` : 'an item'}${where ? ` at ${where}` : ''} not imported`;
    return it.problems.map((p) => `${problemWithPosition(p)} (${what})`);
  });
}

/** At most this many error lines per file (the JSON `notStored` has them all). */
const MAX_ERROR_LINES = 50;

/**
 * The errors of an imported file, each with its position: first the items not stored and why, then the errors that
 * fell in no item (envelope, headers). What the CLI and the HTTP import print.
 */
export function importErrors(summary: ImportSummary, problems: readonly Problem[]): string[] {
  const inItems = new Set(summary.notStored.flatMap((n) => n.problems));
  const lines = [
    ...notStoredLines(summary.notStored),
    ...problems.filter((p) => p.severity === 'error' && !inItems.has(p)).map(problemWithPosition),
  ];
  return lines.length > MAX_ERROR_LINES
    ? [...lines.slice(0, MAX_ERROR_LINES), `… and ${lines.length - MAX_ERROR_LINES} more`]
    : lines;
}

/**
 * Where each item a file's import handed over went: its X12 segment index and text line, and its row when it was
 * new. Numbers only: a file may hold millions of claims.
 */
interface ImportedItems {
  segments: (number | undefined)[];
  lines: (number | undefined)[];
  /** JSON path of a FHIR item (it has no segment or line). */
  paths: (string | undefined)[];
  /** Row id in recovery_claims / recovery_remit_claims, or -1 when the content was already stored. */
  rows: number[];
}

/**
 * The audit row of a file an import stores, asked for inside the file's transaction once its rows are written and
 * written there through the same connection: the claims (PHI) and the row saying who imported them commit together
 * or not at all. A row that cannot be written (a full disk, a store busy past its timeout) undoes the file's import.
 * Not asked for a file already imported or rejected: nothing of it is stored.
 */
export type ImportAudit = (stored: ImportSummary) => AuditEntry;

/** Thrown inside the import's transaction to undo it: every item of the file had a read error inside it. */
class NothingStored extends Error {
  readonly summary: ImportSummary;
  constructor(summary: ImportSummary) {
    super('nothing stored');
    this.summary = summary;
  }
}

/** A reconcile that found nothing: every count 0 (the start of a run's counts). */
export function emptyReconcileSummary(): ReconcileSummary {
  return {
    remitClaimsAnalyzed: 0,
    matched: 0,
    unmatched: 0,
    stillUnmatched: 0,
    ambiguous: 0,
    denials: 0,
    underpayments: 0,
    findingsAdded: 0,
    findingsRemoved: 0,
    findingsJoined: 0,
    reversalsLinked: 0,
    findingsReversed: 0,
    findingsRecovered: 0,
    findingsReopened: 0,
    correctionsLinked: 0,
    findingsCorrected: 0,
    findingsWithdrawn: 0,
    findingsTakenBack: 0,
    packagedLines: 0,
  };
}

export interface ReconcileSummary {
  remitClaimsAnalyzed: number;
  matched: number;
  /** Remittance claims analysed in this run that matched no submitted claim. */
  unmatched: number;
  /** Remittance claims of earlier runs, still without a claim, tried again in this one (not in `unmatched`). */
  stillUnmatched: number;
  ambiguous: number;
  denials: number;
  underpayments: number;
  findingsAdded: number;
  findingsRemoved: number;
  /** Findings another remittance claim had already reported (the same adjudication again): noted, not added. */
  findingsJoined: number;
  /** Reversals (CLP02 22) tied to the remittance claim they reverse in this run. */
  reversalsLinked: number;
  /** Open findings closed as `reversed` because the payer reversed their adjudication. */
  findingsReversed: number;
  /** Open findings closed as `recovered` because a later remittance paid their line. */
  findingsRecovered: number;
  /** Items closed as `recovered` by reconciliation, reopened because the payer reversed the payment that closed them. */
  findingsReopened: number;
  /** Corrected claims (837 CLM05-3 7 or 8, REF*F8) tied in this run to the claim they replace or void. */
  correctionsLinked: number;
  /** Open items set to `corrected-claim-sent` because a corrected claim answers their claim. */
  findingsCorrected: number;
  /**
   * Open items closed as `withdrawn`: their claim was voided, or the payer denied its corrected claim, or after a
   * reversal the payer denied the line again for another reason (that denial is the open item).
   */
  findingsWithdrawn: number;
  /**
   * Items added because the payer took back a payment (CLP02 22) of a line that had no open item, with no new
   * adjudication of it (root cause `payment-reversed`).
   */
  findingsTakenBack: number;
  /**
   * Bundling adjustments (CO-97 …) on lines OPPS packages (status indicator N, Medicare type of bill 13x) in the
   * remittance claims analysed in this run: the expected adjudication, not worked (`packagedLines()` lists them).
   */
  packagedLines: number;
}

/** A packaged line (recovery_packaged_lines): a bundling adjustment that is the expected adjudication. */
export interface PackagedLineRow {
  id: number;
  claimId: string;
  line: number | null;
  code: string;
  payer: string;
  payerId: string | null;
  groupCode: string;
  carc: string;
  statusIndicator: string;
  amountCents: number;
  serviceDate: IsoDate | null;
  remitDate: IsoDate | null;
  packaged: PackagedLine;
}

/** The corrected claim sent for a worklist item (a replacement, or the void that withdrew it). */
export interface CorrectedClaimInfo {
  /** CLM01 of the corrected claim. */
  claimId: string;
  kind: CorrectionKind;
  /** CLM05-3: 7 replacement, 8 void. */
  frequencyCode: '7' | '8';
  /** Its REF*F8: the payer claim control number it corrects. */
  payerClaimControlNumber: string | null;
  /** The day it was sent (837 BHT04, FHIR Claim.created), else the day it was imported. */
  date: IsoDate;
}

export interface FindingRow {
  id: number;
  kind: 'denial' | 'underpayment';
  claimId: string;
  line: number | null;
  code: string;
  payer: string;
  payerId: string | null;
  payerKind: string;
  groupCode: string | null;
  carc: string | null;
  rarc: string[];
  /** The denial's root cause; `underpayment` for underpayments. */
  rootCause: RootCause | 'underpayment';
  action: string;
  amountCents: number;
  /** What is left to recover: the finding's recoverable amount minus what later remittances paid on the line. */
  recoverableCents: number;
  /** Paid on the line by later remittances (reconcile), toward this item. */
  recoveredCents: number;
  /**
   * What the biller said was recovered when marking the item `recovered`, on top of `recoveredCents` (what later
   * remittances had paid); null when no amount was given (the whole recoverable amount counts, as before 007) or
   * the item is not recovered by hand.
   */
  recoveredByHandCents: number | null;
  /**
   * Which later payments `recoveredCents` counts, as reconcile names them: "$6,000.00 on the remittance of
   * 2026-04-15, check/EFT 12345, payer claim 2026…" (`; ` between payments). Null when nothing was paid since, and on
   * items reconciled before migration 011 until a reconcile looks at their line again (`remit reconcile --all`).
   */
  recoveredFrom: string | null;
  paidCents: number;
  expectedCents: number | null;
  serviceDate: IsoDate | null;
  remitDate: IsoDate | null;
  deadline: IsoDate | null;
  status: WorklistStatus;
  statusAt: string;
  /** `reconcile` when reconciliation set the current status (recovered by a payment, reversed…); null when a biller did. */
  statusBy: 'reconcile' | null;
  /** The corrected claim sent for the item (status corrected-claim-sent, or withdrawn by a void), if any. */
  correctedClaim: CorrectedClaimInfo | null;
  createdAt: string;
  finding: Finding;
}

export interface FindingFilter {
  kind?: 'denial' | 'underpayment';
  /** Payer name (contains, case-insensitive) or payer id (exact). */
  payer?: string;
  cause?: string;
  status?: readonly WorklistStatus[];
  claimId?: string;
  line?: number;
}

/**
 * The columns a worklist page can be sorted by (`-` before one: descending). Ties are broken by item id, so pages
 * of the same query never overlap or skip an item. Items with no deadline come last either way.
 */
export const WORKLIST_SORT_KEYS = [
  'deadline',
  'recoverable',
  'amount',
  'age',
  'received',
  'claim',
  'code',
  'payer',
  'cause',
  'status',
] as const;
export type WorklistSortKey = (typeof WORKLIST_SORT_KEYS)[number];
export type WorklistSort = WorklistSortKey | `-${WorklistSortKey}`;

export function isWorklistSort(text: string): text is WorklistSort {
  return (WORKLIST_SORT_KEYS as readonly string[]).includes(text.startsWith('-') ? text.slice(1) : text);
}

/** A page of findings: sorted (default `deadline`), from `offset`, at most `limit` (all without one). */
export interface FindingPage {
  sort?: WorklistSort;
  limit?: number;
  offset?: number;
}

/** Totals of every item a filter matches (not one page): what the worklist shows above its table. */
export interface WorklistTotals {
  items: number;
  /** The open items among them (new, in-progress, appealed, resubmitted, corrected-claim-sent). */
  openItems: number;
  /** Left to recover on the open items. */
  recoverableCents: number;
  /** Open items whose deadline is within 14 days of the as-of date (that day included). */
  dueSoon: number;
  /** Open items whose deadline is before the as-of date. */
  pastDeadline: number;
}

/** "Due soon": a deadline at most this many days after the as-of date (the web app's amber badge). */
export const DUE_SOON_DAYS = 14;

export interface TotalsRow {
  key: string;
  count: number;
  amountCents: number;
  /** Left to recover (what later remittances paid is taken off). */
  recoverableCents: number;
  /**
   * Recovered so far: what later remittances paid toward the items, and for an item a biller marked recovered
   * with no payment seen, its recoverable amount.
   */
  recoveredCents: number;
}

export type TotalsDimension = 'cause' | 'payer' | 'code' | 'month' | 'status' | 'kind' | 'action';

export interface UnmatchedReport {
  /** Remittance claims with no submitted claim (or several equally good ones). */
  remitClaims: {
    id: number;
    patientControlNumber: string;
    payerClaimControlNumber: string | null;
    reason: string;
    chargeCents: number;
    paidCents: number;
  }[];
  /** Remittance lines of matched claims that found no submitted line. */
  remitLines: {
    remitClaimId: number;
    patientControlNumber: string;
    svcIndex: number;
    code: string;
    chargeCents: number;
    paidCents: number;
  }[];
  /** Submitted claims no remittance has answered yet. */
  claimsWithoutRemittance: {
    id: number;
    claimId: string;
    totalChargeCents: number;
    serviceFrom: string | null;
  }[];
  /** How many each list holds in all (the lists above are one page of it). */
  totals: { remitClaims: number; remitLines: number; claimsWithoutRemittance: number };
}

/**
 * Canonical JSON without source positions and without the envelope (ISA13, GS06, ST02: a re-sent file gets new
 * control numbers, the claim in it is the same claim). Positions sit on claims, claim lines, remittance claims and
 * service lines; removing them by shallow copies is much faster than a JSON.stringify replacer. The stored body is
 * this JSON too, so nothing of one file's envelope is kept on a claim another file may also have sent.
 */
function claimJson(c: Claim): string {
  return JSON.stringify({
    ...c,
    envelope: undefined,
    position: undefined,
    lines: c.lines.map((l) => ({ ...l, position: undefined })),
  });
}

function remitClaimJson(c: RemittanceClaim): string {
  return JSON.stringify({
    ...c,
    position: undefined,
    serviceLines: c.serviceLines.map((l) => ({ ...l, position: undefined })),
  });
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

class OccurrenceKeys {
  private readonly seen = new Map<string, number>();

  /** The content's key: its hash and how many times it has come so far in the file ("…#2" for the second). */
  key(content: string): string {
    const h = sha256(content).slice(0, 40);
    const n = (this.seen.get(h) ?? 0) + 1;
    this.seen.set(h, n);
    return `${h}#${n}`;
  }
}

/** What an import stores of a claim or remittance claim: its canonical JSON and its content key in the file. */
interface Keyed {
  body: string;
  key: string;
}

/** What an import stores of a remittance: its header JSON, and each of its claims. */
interface KeyedRemittance {
  header: string;
  claims: Keyed[];
}

/** The import's sink, taking items whose JSON and keys were worked out ahead (`prepareImport`) or not. */
interface KeyedSink {
  claim: (claim: Claim, keyed?: Keyed) => void;
  remittance: (remittance: Remittance, keyed?: KeyedRemittance) => void;
}

function keyedClaim(c: Claim, keys: OccurrenceKeys): Keyed {
  const body = claimJson(c);
  return { body, key: keys.key(body) };
}

/** One remittance claim; `head` is its remittance's payer and payment (`remittanceHead`), part of its key. */
function keyedRemitClaim(c: RemittanceClaim, head: string, keys: OccurrenceKeys): Keyed {
  const body = remitClaimJson(c);
  return { body, key: keys.key(head + body) };
}

/** A remittance claim is keyed by payer + payment + claim content. */
const remittanceHead = (r: Remittance): string =>
  JSON.stringify({ payer: { ...r.payer }, payment: r.payment });

function remittanceHeader(r: Remittance): string {
  const { claims: _claims, ...header } = r;
  return JSON.stringify({ ...header, position: undefined });
}

/**
 * A file's items with what the store keeps of each, worked out before the import's transaction (`prepareImport`),
 * for `importPrepared` to write.
 */
export interface PreparedImport {
  kind: 'claims' | 'remittances';
  claims: { claim: Claim; keyed: Keyed }[];
  remittances: { remittance: Remittance; keyed: KeyedRemittance }[];
}

/**
 * Works out the JSON and content keys of a file's items (about half of an import's time), awaiting `pace` after each
 * item: a server does it with other requests answered in between, and `importPrepared` then only writes, in one
 * synchronous transaction. The keys are those `importFile` gives the same items in the same order.
 */
export async function prepareImport(
  kind: 'claims' | 'remittances',
  items: { claims: readonly Claim[]; remittances: readonly Remittance[] },
  pace: () => Promise<void>,
): Promise<PreparedImport> {
  const keys = new OccurrenceKeys();
  const prepared: PreparedImport = { kind, claims: [], remittances: [] };
  if (kind === 'claims')
    for (const claim of items.claims) {
      prepared.claims.push({ claim, keyed: keyedClaim(claim, keys) });
      await pace();
    }
  else
    for (const remittance of items.remittances) {
      const head = remittanceHead(remittance);
      const claims: Keyed[] = [];
      // An 835 is one remittance of perhaps tens of thousands of claims: paced claim by claim.
      for (const c of remittance.claims) {
        claims.push(keyedRemitClaim(c, head, keys));
        await pace();
      }
      prepared.remittances.push({ remittance, keyed: { header: remittanceHeader(remittance), claims } });
    }
  return prepared;
}

type Row = Record<string, SQLInputValue>;

/** A claim line: the submitted claim's row and the line's LX sequence. */
interface ClaimLineRef {
  row: number;
  line: number;
}

/**
 * The correction links between stored claims (recovery_claims.replaces, replaces_lines), read as needed and kept
 * for one reconcile (`clear` after linking more). Chains are short (a claim, its replacement, perhaps another);
 * a cycle, which linking never makes, would stop at the first row seen again.
 */
class ClaimChains {
  /** No claim in the store is a correction: no chain to read. */
  private readonly none: boolean;
  private readonly up = new Map<number, { parent: number | null; lines: CorrectedLine[] }>();
  private readonly down = new Map<number, { row: number; lines: CorrectedLine[] }[]>();
  private readonly parentOf: StatementSync;
  private readonly childrenOf: StatementSync;

  constructor(db: DatabaseSync, anyCorrection: boolean) {
    this.none = !anyCorrection;
    this.parentOf = db.prepare('SELECT replaces, replaces_lines FROM recovery_claims WHERE id = ?');
    this.childrenOf = db.prepare(
      'SELECT id, replaces_lines FROM recovery_claims WHERE replaces = ? ORDER BY id',
    );
  }

  /** Some claim in the store is a correction. */
  get any(): boolean {
    return !this.none;
  }

  clear(): void {
    this.up.clear();
    this.down.clear();
  }

  /** The claim this one replaces or voids (null for none), and which of its lines answer which. */
  link(row: number): { parent: number | null; lines: CorrectedLine[] } {
    if (this.none) return { parent: null, lines: [] };
    let p = this.up.get(row);
    if (!p) {
      const r = this.parentOf.get(row) as Row | undefined;
      p =
        r === undefined || r['replaces'] === null
          ? { parent: null, lines: [] }
          : {
              parent: Number(r['replaces']),
              lines: JSON.parse(String(r['replaces_lines'] ?? '[]')) as CorrectedLine[],
            };
      this.up.set(row, p);
    }
    return p;
  }

  private children(row: number): { row: number; lines: CorrectedLine[] }[] {
    if (this.none) return [];
    let c = this.down.get(row);
    if (!c) {
      c = (this.childrenOf.all(row) as Row[]).map((r) => ({
        row: Number(r['id']),
        lines: JSON.parse(String(r['replaces_lines'] ?? '[]')) as CorrectedLine[],
      }));
      this.down.set(row, c);
    }
    return c;
  }

  /** The claims this one replaces or voids, nearest first. */
  ancestors(row: number): number[] {
    const out: number[] = [];
    const seen = new Set([row]);
    for (let p = this.link(row).parent; p !== null && !seen.has(p); p = this.link(p).parent) {
      out.push(p);
      seen.add(p);
    }
    return out;
  }

  /** The same line on the claims this one replaces, nearest first, as far as the line mapping goes. */
  originLines(at: ClaimLineRef): ClaimLineRef[] {
    const out: ClaimLineRef[] = [];
    const seen = new Set([at.row]);
    let cur: ClaimLineRef | undefined = at;
    while (cur) {
      const p = this.link(cur.row);
      const line: number | undefined = p.lines.find((l) => l.line === cur?.line)?.original;
      if (p.parent === null || seen.has(p.parent) || line === undefined) break;
      cur = { row: p.parent, line };
      seen.add(cur.row);
      out.push(cur);
    }
    return out;
  }

  /** The line as the corrections of this claim carry it (and their corrections), in link order. */
  correctionLines(at: ClaimLineRef): ClaimLineRef[] {
    const out: ClaimLineRef[] = [];
    const seen = new Set([at.row]);
    const queue = [at];
    for (let cur = queue.shift(); cur; cur = queue.shift()) {
      for (const child of this.children(cur.row)) {
        const line = child.lines.find((l) => l.original === cur.line)?.line;
        if (line === undefined || seen.has(child.row)) continue;
        seen.add(child.row);
        const next = { row: child.row, line };
        out.push(next);
        queue.push(next);
      }
    }
    return out;
  }
}

/** A reversal (CLP02 22) tied in this run to the remittance claim it reverses. */
interface ReversalLink {
  /** The reversed remittance claim (row). */
  original: number;
  /** The reversal (row) and its remittance date. */
  reversal: number;
  date: string | null;
  /** The history note of an item closed by it. */
  note: string;
  /** The reversal's remittance in words ("remittance of D, check/EFT T, payer claim N"). */
  words: string;
}

/** A corrected claim tied in this run to the claim it replaces or voids. */
interface CorrectionLink {
  corrected: number;
  original: number;
  lines: CorrectedLine[];
  info: CorrectedClaimInfo;
}

/** The remittance claim whose findings are being filed (RecoveryStore.placeFinding). */
interface SourceContext {
  remitClaimRow: number;
  /** The file it came in (recovery_files). */
  fileId: number;
  remitDate: IsoDate | null;
  /** A reversal (CLP02 22) is tied to it. */
  reversed: boolean;
  subject: FindingSubject;
  claimRow: number | null;
  /** "remittance of D, check/EFT T, payer claim N", for history notes. */
  note: string;
  /** The same 835 reverses an adjudication of the same claim (CLP02 22, same CLP01): this one re-adjudicates it. */
  afterReversal: () => boolean;
  /** A history note to write once reconciliation has settled the items (after the later-payment pass). */
  noteLater: (id: number, note: string) => void;
}

type ItemStatements = ReturnType<RecoveryStore['itemStatements']>;

export interface ReconcileOptions {
  /** Re-analyse every remittance claim, not only the new and the still unmatched ones. */
  all?: boolean;
  now?: string;
}

/** A stored file whose reconcile has not finished (`RecoveryStore.unreconciledFiles`). */
export interface UnreconciledFile {
  id: number;
  name: string;
  kind: 'claims' | 'remittances';
  sha256: string;
  importedAt: string;
}

/** A remittance claim matched and analysed (`remitClaimAnalyser`), for the reconcile transaction to file. */
interface AnalysedRemitClaim {
  rc: RemittanceClaim;
  header: Remittance;
  alreadyAnalyzed: boolean;
  match: ClaimMatch;
  claimRow: number | null;
  /** `match.lines` as stored. */
  lineMatches: string;
  /** None for an unmatched remittance claim analysed before: nothing new to say. */
  analysis?: RemittanceClaimAnalysis;
}

/** A date for `findingSummary` where only the amounts are read: the date moves nothing but the deadline counts. */
const ANY_DAY: IsoDate = '2000-01-01';

/**
 * A statement run with named values, bound by position: node:sqlite looks each name up on every run (27 of them for a
 * finding; by position, binding them took about half the time in a micro-benchmark).
 */
function positionally(
  statement: StatementSync,
  names: readonly string[],
): { run: (values: Record<string, SQLInputValue>) => ReturnType<StatementSync['run']> } {
  return {
    // A name left out is NULL, as it is when bound by name.
    run: (values) => statement.run(...names.map((name) => values[name] ?? null)),
  };
}

/** Whether two `inputRevision`s are the same (a NaN, a revision that cannot be read, equals nothing). */
function sameRevision(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether (date a, row a) comes before (date b, row b): by remittance date when both have one, else as stored. */
function earlier(aDate: string | null, aRow: number, bDate: string | null, bRow: number): boolean {
  if (aDate !== null && bDate !== null && aDate !== bDate) return aDate < bDate;
  return aRow < bRow;
}

/** Dollars in the texts a person reads (notes, messages): "$5,000.00", "-$5.00", as the CLI and the web print them. */

export class RecoveryStore {
  readonly db: DatabaseSync;
  private readonly ownsDb: boolean;

  constructor(db: DatabaseSync, options: { ownsDb?: boolean } = {}) {
    this.db = db;
    this.ownsDb = options.ownsDb ?? false;
    applyMigrations(db, RECOVERY_MIGRATIONS);
    this.rekeyItems(new Date().toISOString());
  }

  /** Opens `$DRUGCLAIM_DB` (or `path`), with the recovery migrations applied. */
  static open(path?: string): RecoveryStore {
    const db =
      path === undefined
        ? openDatabase(undefined, { migrations: RECOVERY_MIGRATIONS })
        : openDatabase(path, { migrations: RECOVERY_MIGRATIONS });
    return new RecoveryStore(db, { ownsDb: true });
  }

  close(): void {
    if (this.ownsDb) this.db.close();
  }

  private tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      rollbackIfOpen(this.db);
      throw err;
    }
  }

  /** The file with these bytes, if it was imported already as `kind` (the same bytes may be both: schema 009). */
  fileBySha(
    sha: string,
    kind: 'claims' | 'remittances',
  ): { id: number; name: string; kind: string; importedAt: string } | undefined {
    const row = this.db
      .prepare('SELECT id, name, kind, imported_at FROM recovery_files WHERE sha256 = ? AND kind = ?')
      .get(sha, kind) as Row | undefined;
    return row
      ? {
          id: Number(row['id']),
          name: String(row['name']),
          kind: String(row['kind']),
          importedAt: String(row['imported_at']),
        }
      : undefined;
  }

  static hash(bytes: Uint8Array): string {
    return sha256(bytes);
  }

  /** Stores submitted claims (837P/837I/FHIR Claim). Same bytes twice → `already-imported`, nothing added. */
  importClaims(
    file: SourceFile,
    claims: readonly Claim[],
    meta: { format?: string; problems?: readonly Problem[]; now?: string } = {},
  ): ImportSummary {
    return this.importFile(
      { name: file.name, sha256: sha256(file.bytes) },
      'claims',
      (sink) => {
        for (const c of claims) sink.claim(c);
        return meta;
      },
      meta.now,
    );
  }

  /** Stores remittances (835/FHIR EOB): headers and each CLP loop. Same bytes twice → nothing added. */
  importRemittances(
    file: SourceFile,
    remittances: readonly Remittance[],
    meta: { format?: string; problems?: readonly Problem[]; now?: string } = {},
  ): ImportSummary {
    return this.importFile(
      { name: file.name, sha256: sha256(file.bytes) },
      'remittances',
      (sink) => {
        for (const r of remittances) sink.remittance(r);
        return meta;
      },
      meta.now,
    );
  }

  /**
   * Stores a file's items prepared by `prepareImport`, in one transaction: as `importClaims` / `importRemittances` do
   * (the same rows, keys and summary), without working anything out in it.
   */
  importPrepared(
    file: { name: string; sha256: string },
    prepared: PreparedImport,
    meta: { format?: string; problems?: readonly Problem[]; now?: string } = {},
    options: { audit?: ImportAudit | undefined } = {},
  ): ImportSummary {
    return this.importKeyed(
      file,
      prepared.kind,
      (sink) => {
        for (const p of prepared.claims) sink.claim(p.claim, p.keyed);
        for (const p of prepared.remittances) sink.remittance(p.remittance, p.keyed);
        return meta;
      },
      meta.now,
      options.audit,
    );
  }

  /**
   * Imports a file as it is read, in one transaction: `read` hands each claim or remittance to the sink (items of the
   * other kind are ignored) and returns what reading found. When `read` throws, nothing of the file is kept. The same
   * bytes imported before → `already-imported`, without calling `read`. Occurrence numbers in the keys count across
   * the whole file, so a claim sent twice in one file is stored twice, and the same file again adds nothing.
   * `audit` gives the row written with a stored file, in its transaction (`ImportAudit`).
   */
  importFile(
    file: { name: string; sha256: string },
    kind: 'claims' | 'remittances',
    read: (sink: ImportSink) => { format?: string; problems?: readonly Problem[] },
    now = new Date().toISOString(),
    audit?: ImportAudit,
  ): ImportSummary {
    return this.importKeyed(file, kind, read, now, audit);
  }

  /** `importFile`, whose `read` may hand over items prepared ahead (`importPrepared`). */
  private importKeyed(
    file: { name: string; sha256: string },
    kind: 'claims' | 'remittances',
    read: (sink: KeyedSink) => { format?: string; problems?: readonly Problem[] },
    now = new Date().toISOString(),
    audit?: ImportAudit,
  ): ImportSummary {
    try {
      return this.tx(() => this.importFileInTx(file, kind, read, now, audit));
    } catch (err) {
      if (err instanceof NothingStored) return err.summary;
      throw err;
    }
  }

  /**
   * The stored files whose reconcile has not finished (schema 012), oldest first: an import whose process stopped
   * between storing the file and filing its findings (killed, out of memory, no reference data), or one reconciling
   * in another process right now. Their denials and underpayments are missing or out of date until a reconcile.
   */
  unreconciledFiles(): UnreconciledFile[] {
    return (
      this.db
        .prepare(
          `SELECT f.id, f.name, f.kind, f.sha256, f.imported_at FROM recovery_unreconciled_files u
           JOIN recovery_files f ON f.id = u.file_id ORDER BY f.id`,
        )
        .all() as Row[]
    ).map((r) => ({
      id: Number(r['id']),
      name: String(r['name']),
      kind: r['kind'] === 'claims' ? 'claims' : 'remittances',
      sha256: String(r['sha256']),
      importedAt: String(r['imported_at']),
    }));
  }

  /** True when some remittance claim was never analysed (an import whose matching failed, to be run again). */
  hasUnanalysedRemittances(): boolean {
    return (
      this.db
        .prepare('SELECT 1 AS one FROM recovery_remit_claims WHERE analyzed_at IS NULL LIMIT 1')
        .get() !== undefined
    );
  }

  private importFileInTx(
    file: { name: string; sha256: string },
    kind: 'claims' | 'remittances',
    read: (sink: KeyedSink) => { format?: string; problems?: readonly Problem[] },
    now: string,
    audit: ImportAudit | undefined,
  ): ImportSummary {
    {
      const existing = this.fileBySha(file.sha256, kind);
      if (existing)
        return {
          file: file.name,
          sha256: file.sha256,
          kind,
          status: 'already-imported',
          previousName: existing.name,
          items: 0,
          added: 0,
          lines: 0,
          problems: 0,
          notStored: [],
        };
      const fileId = Number(
        this.db
          .prepare('INSERT INTO recovery_files (kind, name, sha256, imported_at) VALUES (?, ?, ?, ?)')
          .run(kind, file.name, file.sha256, now).lastInsertRowid,
      );
      const keys = new OccurrenceKeys();
      const counts = { items: 0, added: 0, lines: 0 };
      const seen: ImportedItems = { segments: [], lines: [], paths: [], rows: [] };
      const ignore = (): void => undefined;
      const sink: KeyedSink =
        kind === 'claims'
          ? { claim: this.claimInserter(fileId, keys, counts, seen), remittance: ignore }
          : { claim: ignore, remittance: this.remittanceInserter(fileId, keys, counts, seen) };
      const found = read(sink);
      const problems = found.problems?.length ?? 0;
      const notStored = this.dropItemsWithErrors(kind, seen, found.problems ?? [], counts);
      const s: ImportSummary = {
        file: file.name,
        sha256: file.sha256,
        kind,
        status: 'imported',
        ...counts,
        problems,
        notStored,
      };
      if (found.format !== undefined) s.format = found.format;
      if (counts.items > 0 && notStored.length === counts.items)
        throw new NothingStored({ ...s, status: 'rejected', added: 0 });
      this.db
        .prepare('UPDATE recovery_files SET format = ?, problems = ?, items = ?, added = ? WHERE id = ?')
        .run(found.format ?? null, problems, counts.items, counts.added, fileId);
      // Committed with the file: a process killed before its reconcile commits leaves it said (schema 012).
      if (counts.added > 0)
        this.db.prepare('INSERT INTO recovery_unreconciled_files (file_id) VALUES (?)').run(fileId);
      // Last, inside the transaction: a row that cannot be written throws, and the file's rows go with it.
      if (audit) writeAuditRow(this.db, audit(s), now);
      return s;
    }
  }

  /**
   * Removes again the items of this import that a read error falls inside (an unparseable amount, a claim cut off
   * by the end of the file…): bad input never becomes data. Their remittance header goes too when no claim of it
   * is left. Returns what was not stored, with the errors.
   */
  private dropItemsWithErrors(
    kind: 'claims' | 'remittances',
    seen: ImportedItems,
    problems: readonly Problem[],
    counts: { added: number },
  ): NotStoredItem[] {
    const bad = problemsByItem(
      seen.segments.map((segment, i) => segment ?? seen.lines[i] ?? seen.paths[i]),
      problems,
    );
    if (bad.size === 0) return [];
    const table = kind === 'claims' ? 'recovery_claims' : 'recovery_remit_claims';
    const idColumn = kind === 'claims' ? 'claim_id' : 'patient_control_number';
    const select = this.db.prepare(
      `SELECT ${idColumn} AS id${kind === 'remittances' ? ', remittance_id' : ''} FROM ${table} WHERE id = ?`,
    );
    const remove = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    const headers = new Set<number>();
    const out: NotStoredItem[] = [];
    for (const [item, list] of [...bad].sort((a, b) => a[0] - b[0])) {
      const row = seen.rows[item] ?? -1;
      const entry: NotStoredItem = { problems: list };
      const segment = seen.segments[item];
      const line = seen.lines[item];
      const at: SourcePosition = {};
      if (segment !== undefined) {
        at.segmentIndex = segment;
        at.segmentId = kind === 'claims' ? 'CLM' : 'CLP';
      }
      if (line !== undefined) at.line = line;
      const path = seen.paths[item];
      if (segment === undefined && line === undefined && path !== undefined) at.path = path;
      if (Object.keys(at).length > 0) entry.at = at;
      if (row >= 0) {
        const r = select.get(row) as Row | undefined;
        if (r) {
          entry.id = String(r['id']);
          if (r['remittance_id'] !== undefined) headers.add(Number(r['remittance_id']));
        }
        remove.run(row);
        counts.added--;
      }
      out.push(entry);
    }
    const emptyHeader = this.db.prepare(
      'DELETE FROM recovery_remittances WHERE id = ? AND NOT EXISTS (SELECT 1 FROM recovery_remit_claims WHERE remittance_id = ?)',
    );
    for (const h of headers) emptyHeader.run(h, h);
    return out;
  }

  private claimInserter(
    fileId: number,
    keys: OccurrenceKeys,
    counts: { items: number; added: number; lines: number },
    seen: ImportedItems,
  ): KeyedSink['claim'] {
    const insert = this.db.prepare(
      `INSERT INTO recovery_claims (file_id, claim_key, claim_id, payer_claim_control_number, payer_name, payer_id, payer_kind, total_charge_cents, service_from, line_count, body, correction, sent_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(claim_key) DO NOTHING`,
    );
    return (c, keyed = keyedClaim(c, keys)) => {
      const { body, key } = keyed;
      counts.items++;
      counts.lines += c.lines.length;
      const from =
        c.statementFrom ??
        c.lines
          .map((l) => l.serviceDate)
          .filter((d): d is string => d !== undefined)
          .sort()[0] ??
        null;
      const r = insert.run(
        fileId,
        key,
        c.id,
        c.payerClaimControlNumber ?? null,
        c.payer.name ?? null,
        c.payer.id ?? null,
        c.payer.kind,
        c.totalChargeCents,
        from,
        c.lines.length,
        body,
        claimCorrection(c) ?? null,
        // The body leaves the envelope out (a re-sent file is the same claim); the day it was made is kept here.
        c.envelope?.created ?? null,
      );
      counts.added += Number(r.changes);
      seen.segments.push(c.position?.segmentIndex);
      seen.lines.push(c.position?.line);
      seen.paths.push(c.position?.path);
      seen.rows.push(Number(r.changes) > 0 ? Number(r.lastInsertRowid) : -1);
    };
  }

  private remittanceInserter(
    fileId: number,
    keys: OccurrenceKeys,
    counts: { items: number; added: number; lines: number },
    seen: ImportedItems,
  ): KeyedSink['remittance'] {
    const insertHeader = this.db.prepare(
      'INSERT INTO recovery_remittances (file_id, payer_name, payer_id, payment_cents, payment_date, trace_number, header) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertClaim = this.db.prepare(
      `INSERT INTO recovery_remit_claims (remittance_id, remit_key, patient_control_number, payer_claim_control_number, status, charge_cents, paid_cents, line_count, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(remit_key) DO NOTHING`,
    );
    const deleteHeader = this.db.prepare('DELETE FROM recovery_remittances WHERE id = ?');
    return (r, keyed) => {
      const head = keyed ? '' : remittanceHead(r);
      const h = insertHeader.run(
        fileId,
        r.payer.name ?? null,
        r.payer.id ?? null,
        r.payment.amountCents,
        r.payment.date ?? null,
        r.payment.traceNumber ?? null,
        keyed?.header ?? remittanceHeader(r),
      );
      const remittanceId = Number(h.lastInsertRowid);
      let addedHere = 0;
      for (const [i, c] of r.claims.entries()) {
        const { body, key } = keyed?.claims[i] ?? keyedRemitClaim(c, head, keys);
        counts.items++;
        counts.lines += c.serviceLines.length;
        const res = insertClaim.run(
          remittanceId,
          key,
          c.patientControlNumber,
          c.payerClaimControlNumber ?? null,
          c.status,
          c.chargeCents,
          c.paidCents,
          c.serviceLines.length,
          body,
        );
        addedHere += Number(res.changes);
        seen.segments.push(c.position?.segmentIndex);
        seen.lines.push(c.position?.line);
        seen.paths.push(c.position?.path);
        seen.rows.push(Number(res.changes) > 0 ? Number(res.lastInsertRowid) : -1);
      }
      counts.added += addedHere;
      if (addedHere === 0 && r.claims.length > 0) deleteHeader.run(remittanceId);
    };
  }

  /**
   * Matches remittance claims to submitted claims and (re)analyses them into findings. By default only what is
   * new or still unmatched; `all` re-analyses everything (after a rules or reference-data change). Worked items
   * keep their status; a finding still `new` that the analysis no longer produces is removed.
   *
   * One item per submitted line + kind + group + CARC (findingItemKey): a finding another remittance claim already
   * reported (the same adjudication re-sent with a new TRN or new payer claim numbers) joins that item as a source,
   * with a history note, instead of adding one. Reversals are tied before the analysis so that a correction is
   * never joined to the item of the adjudication it replaces; after it, items of reversed adjudications are closed
   * as `reversed`, then items whose line a later remittance paid are closed as `recovered` (or lowered), and items
   * closed as `recovered` by a payment the payer has since reversed are reopened (the net result decides).
   *
   * Corrected claims (837 CLM05-3 7 replacement, 8 void, REF*F8) are tied to the claim they correct before the
   * analysis (and again after it, for originals matched in this run). A remittance matched to a claim stays with it;
   * one dated before a correction came in never answers the correction; a later one answers the correction rather
   * than the claim it replaces. The open items of a replaced claim become `corrected-claim-sent` (a void: `withdrawn`),
   * and what the payer pays on the corrected claim's line counts as a later payment of the original line.
   */
  reconcile(ctx: AnalysisContext, options: ReconcileOptions = {}): ReconcileSummary {
    return this.reconcileIn(ctx, options) ?? emptyReconcileSummary();
  }

  /**
   * `reconcile`, with the event loop given its turn (`pace`, awaited after each remittance claim) during the reading,
   * matching and classifying, which run before the write transaction; the transaction then only files what they
   * found, with the same result. When what they read changed meanwhile (an import, a reconcile, another process
   * writing the store), it is worked out again; after a second such change, inside the transaction as `reconcile`
   * does. All or nothing, as `reconcile`.
   */
  async reconcilePaced(
    ctx: AnalysisContext,
    options: ReconcileOptions,
    pace: () => Promise<void>,
  ): Promise<ReconcileSummary> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const revision = this.inputRevision();
      const pending = this.pendingRemitClaims(options);
      await pace();
      const analyse = this.remitClaimAnalyser(ctx, options, undefined);
      const ahead = new Map<number, AnalysedRemitClaim>();
      for (const row of pending) {
        const analysed = analyse(row);
        if (analysed) ahead.set(Number(row['id']), analysed);
        await pace();
      }
      const summary = this.reconcileIn(ctx, options, { revision, pending, analysed: ahead });
      if (summary) return summary;
    }
    return this.reconcile(ctx, options);
  }

  /** The remittance claims a reconcile analyses: new or still unmatched ones, or all of them (`all`). */
  private pendingRemitClaims(options: ReconcileOptions): Row[] {
    const where = options.all ? '' : 'WHERE rc.analyzed_at IS NULL OR rc.claim_row IS NULL';
    return this.db
      .prepare(
        `SELECT rc.id, rc.remittance_id, rc.remit_key, rc.body, rc.claim_row, rc.analyzed_at, r.file_id, r.header
         FROM recovery_remit_claims rc JOIN recovery_remittances r ON r.id = rc.remittance_id ${where} ORDER BY rc.id`,
      )
      .all() as Row[];
  }

  /**
   * The revision of what reconciling reads ahead of its transaction (the files, claims, remittances and remittance
   * claims): recovery_revision.n, which a trigger on each update and delete of these tables adds 1 to, with each
   * table's newest id, which every insert raises (migration recovery/010). Whoever writes them changes it (this
   * connection, another process), an update that keeps the counts and newest ids too (another process's `reconcile
   * --all`); writes to other tables of the file (the audit log, sessions, worklist statuses, which a server makes all
   * the time) do not, so they never make the work done ahead be done again. Five B-tree lookups whatever the size of
   * the store (the row counts it replaces took 25 ms on a 150k-line store). Inserts have no trigger: one made each
   * insert statement of an import journal its pages apart (+25 % import CPU); the update and delete triggers cost
   * nothing measurable, the store's updates and deletes being journalled so for their foreign keys anyway. Missed
   * only: an insert made by hand with an id below its table's newest (INSERT OR REPLACE of an existing id), which
   * drugclaim never makes.
   */
  private inputRevision(): readonly number[] {
    const row = this.db
      .prepare(
        `SELECT (SELECT n FROM recovery_revision WHERE id = 1) AS n,
           (SELECT IFNULL(MAX(id), 0) FROM recovery_files) AS files,
           (SELECT IFNULL(MAX(id), 0) FROM recovery_claims) AS claims,
           (SELECT IFNULL(MAX(id), 0) FROM recovery_remittances) AS remittances,
           (SELECT IFNULL(MAX(id), 0) FROM recovery_remit_claims) AS remit_claims`,
      )
      .get() as Row;
    const { n, files, claims, remittances, remit_claims: remitClaims } = row;
    // n is NULL only if its row was deleted by hand: NaN then, equal to nothing, so the work is always done again.
    return [n ?? NaN, files, claims, remittances, remitClaims].map(Number);
  }

  /**
   * Matches a pending remittance claim (a `pendingRemitClaims` row) to its submitted claim and analyses it. With no
   * `chains` (ahead of the transaction), a remittance claim that has a corrected claim among its candidates is left
   * (undefined): which candidates answer it depends on the correction links the transaction ties first.
   */
  private remitClaimAnalyser(
    ctx: AnalysisContext,
    options: ReconcileOptions,
    chains: ClaimChains | undefined,
  ): (row: Row) => AnalysedRemitClaim | undefined {
    const candidateColumns = `SELECT c.id, c.body, c.correction, c.payer_claim_control_number, f.imported_at
      FROM recovery_claims c JOIN recovery_files f ON f.id = c.file_id`;
    const byPcn = this.db.prepare(`${candidateColumns} WHERE c.claim_id = ? ORDER BY c.id`);
    const byPccn = this.db.prepare(
      `${candidateColumns} WHERE c.payer_claim_control_number = ? ORDER BY c.id`,
    );
    const claimCache = new Map<number, Claim>();
    const parseClaim = (row: Row): { rowId: number; claim: Claim } => {
      const id = Number(row['id']);
      let c = claimCache.get(id);
      if (!c) {
        c = JSON.parse(String(row['body'])) as Claim;
        claimCache.set(id, c);
      }
      return { rowId: id, claim: c };
    };
    const headerCache = new Map<number, Remittance>();
    // Original claims rarely carry REF*F8; skip that lookup entirely when none does.
    const anyPccn =
      this.db
        .prepare('SELECT 1 AS one FROM recovery_claims WHERE payer_claim_control_number IS NOT NULL LIMIT 1')
        .get() !== undefined;
    // A candidate claim as the correction rules see it (answerableCandidates), once per claim.
    const adjudicationsNumbered = this.db.prepare(
      `SELECT rc.id, r.payment_date, r.header FROM recovery_remit_claims rc
       JOIN recovery_remittances r ON r.id = rc.remittance_id
       WHERE rc.payer_claim_control_number = ? AND TRIM(rc.status) <> '22' ORDER BY rc.id`,
    );
    const answerCache = new Map<number, AnswerCandidate>();
    const answerCandidate = (r: Row, chains: ClaimChains): AnswerCandidate => {
      const row = Number(r['id']);
      let c = answerCache.get(row);
      if (c) return c;
      c = { row, replaces: chains.ancestors(row) };
      if (r['correction'] === 'replacement' || r['correction'] === 'void') {
        c.correction = r['correction'];
        if (typeof r['imported_at'] === 'string') c.receivedDate = r['imported_at'].slice(0, 10);
        const f8 = r['payer_claim_control_number'];
        // The adjudication it answers: the earliest carrying its REF*F8 as CLP07.
        let first: { remitRow: number; date: string | null } | undefined;
        if (typeof f8 === 'string' && f8 !== '')
          for (const x of adjudicationsNumbered.all(f8) as Row[]) {
            const date =
              x['payment_date'] !== null
                ? String(x['payment_date'])
                : ((JSON.parse(String(x['header'])) as Remittance).productionDate ?? null);
            if (!first || earlier(date, Number(x['id']), first.date, first.remitRow))
              first = { remitRow: Number(x['id']), date };
          }
        if (first)
          c.corrects = {
            remitRow: first.remitRow,
            ...(first.date !== null ? { date: first.date } : {}),
          };
      }
      answerCache.set(row, c);
      return c;
    };
    return (row) => {
      const remitClaimId = Number(row['id']);
      const rc = JSON.parse(String(row['body'])) as RemittanceClaim;
      const alreadyAnalyzed = row['analyzed_at'] !== null;
      const remittanceId = Number(row['remittance_id']);
      let header = headerCache.get(remittanceId);
      if (!header) {
        header = JSON.parse(String(row['header'])) as Remittance;
        headerCache.set(remittanceId, header);
      }
      // Candidates: by payer claim control number, then by patient control number.
      const found: Row[] = [];
      if (anyPccn && rc.payerClaimControlNumber)
        found.push(...(byPccn.all(rc.payerClaimControlNumber) as Row[]));
      found.push(...(byPcn.all(rc.patientControlNumber) as Row[]));
      if (chains === undefined && found.some((r) => r['correction'] !== null)) return undefined;
      const cand = new Map<number, Claim>();
      const answer: AnswerCandidate[] = [];
      for (const r of found) {
        const p = parseClaim(r);
        if (cand.has(p.rowId)) continue;
        cand.set(p.rowId, p.claim);
        // Without chains no candidate is a correction (left above), so none has links: nothing to filter.
        if (chains?.any) answer.push(answerCandidate(r, chains));
      }
      if (answer.some((a) => a.correction !== undefined || a.replaces.length > 0)) {
        const date = header.payment.date ?? header.productionDate;
        const keep = new Set(
          answerableCandidates(answer, {
            row: remitClaimId,
            ...(date !== undefined ? { date } : {}),
            ...(row['claim_row'] !== null ? { matchedRow: Number(row['claim_row']) } : {}),
          }),
        );
        for (const id of [...cand.keys()]) if (!keep.has(id)) cand.delete(id);
      }
      const rowIds = [...cand.keys()];
      const match: ClaimMatch = matchRemittanceClaim(rc, new ClaimIndex([...cand.values()]));
      const claimRow = match.matched ? (rowIds[match.claimIndex] ?? null) : null;
      const analysed: AnalysedRemitClaim = {
        rc,
        header,
        alreadyAnalyzed,
        match,
        claimRow,
        lineMatches: JSON.stringify(match.lines),
      };
      // An unmatched claim already analysed has nothing new to say.
      if (!match.matched && alreadyAnalyzed && !options.all) return analysed;
      const submitted = match.matched ? cand.get(claimRow ?? -1) : undefined;
      analysed.analysis = analyzeRemittanceClaim(
        { remittance: header, claim: rc, key: String(row['remit_key']), submitted, match },
        ctx,
      );
      return analysed;
    };
  }

  /**
   * Reconciles in one transaction the remittance claims pending (`pendingRemitClaims`), read inside it. With `ahead`,
   * those it read and analysed before the transaction are filed as it found them, provided nothing it read changed
   * since (`revision`); else nothing is done and the result is undefined. Either way the reconcile has read every
   * file committed before its transaction, so the transaction also clears every file's unfinished reconcile (012).
   */
  private reconcileIn(
    ctx: AnalysisContext,
    options: ReconcileOptions,
    ahead?: {
      revision: readonly number[];
      pending: readonly Row[];
      analysed: ReadonlyMap<number, AnalysedRemitClaim>;
    },
  ): ReconcileSummary | undefined {
    const now = options.now ?? new Date().toISOString();
    const summary = emptyReconcileSummary();
    const setMatch = this.db.prepare(
      'UPDATE recovery_remit_claims SET claim_row = ?, match_method = ?, match_reason = ?, line_matches = ?, analyzed_at = ? WHERE id = ?',
    );
    const isReversed = this.db.prepare(
      'SELECT 1 AS one FROM recovery_remit_claims WHERE reverses = ? LIMIT 1',
    );
    const items = this.itemStatements();
    const deletePackaged = this.db.prepare('DELETE FROM recovery_packaged_lines WHERE remit_claim_row = ?');
    const insertPackaged = this.db.prepare(
      `INSERT INTO recovery_packaged_lines (remit_claim_row, packaged_key, line_key, claim_id, line, code, payer_name,
         payer_id, group_code, carc, status_indicator, amount_cents, service_date, remit_date, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const pendingNotes: { id: number; note: string }[] = [];
    const noteLater = (id: number, note: string): void => {
      pendingNotes.push({ id, note });
    };
    const done = this.tx(() => {
      // The write lock is held from here: what was read ahead either still holds, or is read again.
      if (ahead && !sameRevision(ahead.revision, this.inputRevision())) return false;
      // Read under the lock: what another process stored just before it is reconciled too, never cleared unread.
      const pending = ahead?.pending ?? this.pendingRemitClaims(options);
      // No correction rules to apply when no corrected claim was ever imported.
      const anyCorrection =
        this.db.prepare('SELECT 1 AS one FROM recovery_claims WHERE correction IS NOT NULL LIMIT 1').get() !==
        undefined;
      const chains = new ClaimChains(this.db, anyCorrection);
      const analyse = this.remitClaimAnalyser(ctx, options, chains);
      const linked = this.linkReversals(summary);
      const corrections = anyCorrection ? this.linkCorrections(summary, chains) : [];
      for (const row of pending) {
        const remitClaimId = Number(row['id']);
        const analysed = ahead?.analysed.get(remitClaimId) ?? analyse(row);
        if (!analysed) throw new Error(`remittance claim ${remitClaimId} was not analysed`);
        const { rc, header, alreadyAnalyzed, match, claimRow, lineMatches, analysis } = analysed;
        const remittanceId = Number(row['remittance_id']);
        if (match.matched) summary.matched += 1;
        else if (match.reason === 'ambiguous') summary.ambiguous += 1;
        // Counted apart: a remittance claim of an earlier import tried again is not this import's.
        else if (alreadyAnalyzed && !options.all) summary.stillUnmatched += 1;
        else summary.unmatched += 1;
        // An unmatched claim already analysed has nothing new to say.
        if (analysis === undefined) {
          setMatch.run(
            null,
            null,
            match.matched ? null : match.reason,
            lineMatches,
            String(row['analyzed_at']),
            remitClaimId,
          );
          continue;
        }
        setMatch.run(
          claimRow,
          match.matched ? match.method : null,
          match.matched ? null : match.reason,
          lineMatches,
          now,
          remitClaimId,
        );
        summary.remitClaimsAnalyzed += 1;
        const source: SourceContext = {
          remitClaimRow: remitClaimId,
          fileId: Number(row['file_id']),
          remitDate: analysis.remitDate ?? null,
          reversed: isReversed.get(remitClaimId) !== undefined,
          subject:
            claimRow !== null
              ? { claimRow }
              : {
                  payer: analysis.payer.id ?? analysis.payer.name,
                  patientControlNumber: rc.patientControlNumber,
                },
          claimRow,
          note: remittanceWords(header, rc.payerClaimControlNumber),
          afterReversal: () =>
            rc.status.trim() !== '22' &&
            items.reversalBeside.get(remittanceId, rc.patientControlNumber) !== undefined,
          noteLater,
        };
        const keep = new Set<string>();
        // A reversal's own findings are the takebacks filed after the later-payment pass (fileTakebacks).
        if (rc.status.trim() === '22')
          for (const s of items.sourcesOf.all(remitClaimId) as Row[])
            if (String(s['source_key']).endsWith(':takeback')) keep.add(String(s['source_key']));
        for (const f of analysis.findings) {
          keep.add(f.key);
          if (f.kind === 'denial') summary.denials += 1;
          else summary.underpayments += 1;
          this.placeFinding(items, f, source, summary, now, chains);
        }
        // A remittance claim never analysed has no sources yet.
        if (alreadyAnalyzed) this.dropStaleSources(items, remitClaimId, keep, summary);
        // Packaged lines are no items: replaced with what this analysis says.
        if (alreadyAnalyzed) deletePackaged.run(remitClaimId);
        for (const p of analysis.packaged) {
          summary.packagedLines += 1;
          insertPackaged.run(
            remitClaimId,
            p.key,
            findingItemKey(p, source.subject),
            p.claimId,
            p.line,
            p.code,
            p.payer.name,
            p.payer.id ?? null,
            p.groupCode,
            p.carc,
            p.statusIndicator,
            p.amountCents,
            p.serviceDate ?? null,
            p.remitDate ?? null,
            JSON.stringify(p),
          );
        }
      }
      // Originals matched in this run can now be found by the REF*F8 of their corrections.
      if (anyCorrection) {
        corrections.push(...this.linkCorrections(summary, chains));
        chains.clear();
      }
      // Before the reversals: the payer reverses the original adjudication when it answers the correction.
      if (anyCorrection) this.markCorrections(corrections, summary, now, chains);
      this.closeReversed(linked, summary, now);
      this.applyLaterPayments(ctx.tolerance, summary, now, {
        reversed: linked,
        all: options.all ?? false,
        chains,
      });
      this.fileTakebacks(ctx, items, summary, now, { linked, all: options.all ?? false, chains, noteLater });
      const statusOf = this.db.prepare('SELECT status FROM recovery_findings WHERE id = ?');
      for (const p of pendingNotes) {
        const row = statusOf.get(p.id) as Row | undefined;
        if (row === undefined) continue;
        items.history.run(p.id, String(row['status']), String(row['status']), now, p.note);
      }
      this.db.exec('DELETE FROM recovery_unreconciled_files');
      return true;
    });
    return done ? summary : undefined;
  }

  private itemStatements() {
    const COLS = [
      'kind',
      'claim_id',
      'line',
      'code',
      'payer_name',
      'payer_id',
      'payer_kind',
      'group_code',
      'carc',
      'rarc',
      'root_cause',
      'action',
      'amount_cents',
      'recoverable_cents',
      'paid_cents',
      'expected_cents',
      'service_date',
      'remit_date',
      'deadline',
      'body',
      'item_key',
      'claim_row',
      'claim_line',
    ];
    const db = this.db;
    return {
      source: db.prepare(
        `SELECT s.id, s.finding_id, f.item_key, f.remit_claim_row, f.status,
           (SELECT COUNT(*) FROM recovery_finding_sources o WHERE o.finding_id = s.finding_id) AS n
         FROM recovery_finding_sources s JOIN recovery_findings f ON f.id = s.finding_id WHERE s.source_key = ?`,
      ),
      sourcesOf: db.prepare(
        'SELECT s.id, s.source_key, s.finding_id, f.status FROM recovery_finding_sources s JOIN recovery_findings f ON f.id = s.finding_id WHERE s.remit_claim_row = ?',
      ),
      // The item a finding joins: same key, and on the same side of a reversal (an item of a reversed
      // adjudication never takes its correction, and the other way round). Not one another claim of the same file
      // reported: a re-sent adjudication comes in another file, while two CLPs of one file alike in all the key
      // holds (masked samples, a practice reusing account numbers) are two claims.
      // An open item (not waiting on a corrected claim) whose adjudication the payer reversed takes the
      // re-adjudication's finding: the payer's new determination of the same line (closeReversed keeps it open).
      carrier: db.prepare(
        `SELECT f.id, f.status, f.remit_claim_row, f.remit_date, f.body FROM recovery_findings f
         WHERE f.item_key = :key AND f.id <> :self AND ((EXISTS (SELECT 1 FROM recovery_finding_sources s
           JOIN recovery_remit_claims x ON x.reverses = s.remit_claim_row WHERE s.finding_id = f.id)) = :reversed
           OR (:reversed = 0 AND f.status IN ('new', 'in-progress', 'appealed', 'resubmitted')))
           AND NOT EXISTS (SELECT 1 FROM recovery_finding_sources s JOIN recovery_remit_claims o ON o.id = s.remit_claim_row
             JOIN recovery_remittances rr ON rr.id = o.remittance_id WHERE s.finding_id = f.id AND rr.file_id = :file)
         ORDER BY f.id LIMIT 1`,
      ),
      // An item of an earlier adjudication of the same line, not reversed: a later partial payment's own
      // underpayment is that item's money, not another item. The original adjudication of an item a corrected
      // claim answers may be reversed (payers reverse it when they adjudicate the correction): still its money.
      earlierOnLine: db.prepare(
        `SELECT e.id FROM recovery_findings e WHERE e.claim_row = :row AND e.claim_line = :line AND e.id <> :self
           AND e.status NOT IN ('reversed', 'withdrawn')
           AND (CASE WHEN e.remit_date IS NOT NULL AND :date IS NOT NULL AND e.remit_date <> :date
                THEN e.remit_date < :date ELSE e.remit_claim_row < :rc END)
           AND (e.corrected_claim_row IS NOT NULL OR e.status IN ('new', 'in-progress', 'appealed', 'resubmitted')
             OR NOT EXISTS (SELECT 1 FROM recovery_finding_sources s
             JOIN recovery_remit_claims x ON x.reverses = s.remit_claim_row WHERE s.finding_id = e.id))
         LIMIT 1`,
      ),
      insert: positionally(
        db.prepare(
          `INSERT INTO recovery_findings (finding_key, remit_claim_row, status_at, created_at, ${COLS.join(', ')}, status)
           VALUES (?, ?, ?, ?, ${COLS.map(() => '?').join(', ')}, 'new')`,
        ),
        ['finding_key', 'remit_claim_row', 'now', 'now', ...COLS],
      ),
      update: positionally(
        db.prepare(
          `UPDATE recovery_findings SET remit_claim_row = ?, ${COLS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        ),
        ['remit_claim_row', ...COLS, 'id'],
      ),
      setKey: db.prepare(
        'UPDATE recovery_findings SET item_key = ?, claim_row = ?, claim_line = ? WHERE id = ?',
      ),
      insertSource: db.prepare(
        'INSERT INTO recovery_finding_sources (finding_id, remit_claim_row, source_key, remit_date, added_at) VALUES (?, ?, ?, ?, ?)',
      ),
      moveSources: db.prepare('UPDATE recovery_finding_sources SET finding_id = ? WHERE finding_id = ?'),
      deleteSource: db.prepare('DELETE FROM recovery_finding_sources WHERE id = ?'),
      deleteSources: db.prepare('DELETE FROM recovery_finding_sources WHERE finding_id = ?'),
      countSources: db.prepare('SELECT COUNT(*) AS n FROM recovery_finding_sources WHERE finding_id = ?'),
      earliestSource: db.prepare(
        `SELECT remit_claim_row, remit_date FROM recovery_finding_sources WHERE finding_id = ?
         ORDER BY CASE WHEN remit_date IS NULL THEN 1 ELSE 0 END, remit_date, remit_claim_row LIMIT 1`,
      ),
      repoint: db.prepare('UPDATE recovery_findings SET remit_claim_row = ?, remit_date = ? WHERE id = ?'),
      history: db.prepare(
        'INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteHistory: db.prepare('DELETE FROM recovery_finding_history WHERE finding_id = ?'),
      deleteFinding: db.prepare('DELETE FROM recovery_findings WHERE id = ?'),
      reversalBeside: db.prepare(
        "SELECT 1 AS one FROM recovery_remit_claims WHERE remittance_id = ? AND patient_control_number = ? AND TRIM(status) = '22' LIMIT 1",
      ),
    };
  }

  /**
   * Files one finding of a remittance claim: updates the item it reported before, joins the item another
   * remittance claim reported (the same adjudication again), or adds an item.
   */
  private placeFinding(
    st: ItemStatements,
    f: Finding,
    src: SourceContext,
    summary: ReconcileSummary,
    now: string,
    chains: ClaimChains,
  ): void {
    const key = findingItemKey(f, src.subject);
    const claimLine = src.claimRow !== null && f.lineMatched ? f.line : null;
    const cols = {
      ...findingColumns(f),
      item_key: key,
      claim_row: src.claimRow,
      claim_line: claimLine,
      remit_claim_row: src.remitClaimRow,
    };
    const reversed = src.reversed ? 1 : 0;
    const known = st.source.get(f.key) as Row | undefined;
    if (known) {
      const id = Number(known['finding_id']);
      // Its key changed (the claim was matched since): join the item that has that key, if this one is untouched.
      if (String(known['item_key']) !== key) {
        const other = st.carrier.get({ key, self: id, reversed, file: src.fileId }) as Row | undefined;
        if (other && String(known['status']) === 'new' && Number(known['n']) === 1) {
          st.moveSources.run(Number(other['id']), id);
          st.deleteHistory.run(id);
          st.deleteFinding.run(id);
          summary.findingsRemoved += 1;
          this.joined(st, other, cols, src, summary, now);
          return;
        }
      }
      if (Number(known['remit_claim_row']) === src.remitClaimRow) st.update.run({ ...cols, id });
      else st.setKey.run(key, src.claimRow, claimLine, id);
      return;
    }
    const other = st.carrier.get({ key, self: -1, reversed, file: src.fileId }) as Row | undefined;
    // Not a copy: another adjudication of the line with other figures (a supplemental payment under a new payer
    // claim number). No item of its own; what it paid is a later payment of the item (applyLaterPayments).
    if (other && !src.afterReversal() && !sameAdjudication(JSON.parse(String(other['body'])) as Finding, f))
      return;
    if (other) {
      st.insertSource.run(Number(other['id']), src.remitClaimRow, f.key, src.remitDate, now);
      this.joined(st, other, cols, src, summary, now);
      return;
    }
    if (
      f.kind === 'underpayment' &&
      src.claimRow !== null &&
      claimLine !== null &&
      this.earlierItemOnLine(
        st,
        chains,
        { row: src.claimRow, line: claimLine },
        -1,
        src.remitDate,
        src.remitClaimRow,
      )
    )
      return;
    const r = st.insert.run({ ...cols, finding_key: f.key, now });
    const id = Number(r.lastInsertRowid);
    st.insertSource.run(id, src.remitClaimRow, f.key, src.remitDate, now);
    st.history.run(id, null, 'new', now, null);
    summary.findingsAdded += 1;
  }

  /**
   * Whether an earlier adjudication of the line (or of the line it corrects, on the claim a corrected claim
   * replaces) has an item, not reversed: a later partial payment's own underpayment is that item's money.
   */
  private earlierItemOnLine(
    st: ItemStatements,
    chains: ClaimChains,
    at: ClaimLineRef,
    self: number,
    date: string | null,
    remitClaimRow: number,
  ): boolean {
    return [at, ...chains.originLines(at)].some(
      (l) => st.earlierOnLine.get({ row: l.row, line: l.line, self, date, rc: remitClaimRow }) !== undefined,
    );
  }

  /** A finding joined an existing item: a note names the remittance; the item shows the earliest of them. */
  private joined(
    st: ItemStatements,
    item: Row,
    cols: Record<string, SQLInputValue>,
    src: SourceContext,
    summary: ReconcileSummary,
    now: string,
  ): void {
    const id = Number(item['id']);
    const status = String(item['status']);
    summary.findingsJoined += 1;
    if (src.afterReversal()) {
      // The payer's new determination of the line (a new initial determination): the item shows it from now on,
      // its deadline included. The note waits until the later-payment pass has settled the item (a reversed
      // payment reopens it first).
      st.update.run({ ...cols, id });
      const f = JSON.parse(String(cols['body'])) as Finding;
      src.noteLater(
        id,
        f.kind === 'denial'
          ? `The payer adjudicated the claim again after reversing it (${src.note}) and denied this line again: ${denialWords(f)}, the denial this item is about; counted once. A new initial determination${f.deadline ? `: deadline now ${f.deadline.date}` : ''}.`
          : `The payer adjudicated the claim again after reversing it (${src.note}) and paid this line ${formatDollars(f.paidCents)}, ${formatDollars(f.gapCents)} below the expected ${formatDollars(f.expectedCents)}; counted once${f.deadline ? `, deadline now ${f.deadline.date}` : ''}.`,
      );
      return;
    }
    st.history.run(id, status, status, now, `The same adjudication came again (${src.note}); counted once.`);
    const itemDate = item['remit_date'] === null ? null : String(item['remit_date']);
    if (earlier(src.remitDate, src.remitClaimRow, itemDate, Number(item['remit_claim_row'])))
      st.update.run({ ...cols, id });
  }

  /** Sources of a re-analysed remittance claim it no longer reports: gone, with their item when untouched. */
  private dropStaleSources(
    st: ItemStatements,
    remitClaimRow: number,
    keep: ReadonlySet<string>,
    summary: ReconcileSummary,
  ): void {
    for (const s of st.sourcesOf.all(remitClaimRow) as Row[]) {
      // A worked item stays as it is (its status is the biller's), with its sources.
      if (keep.has(String(s['source_key'])) || String(s['status']) !== 'new') continue;
      const id = Number(s['finding_id']);
      st.deleteSource.run(Number(s['id']));
      if (Number((st.countSources.get(id) as Row)['n']) === 0) {
        st.deleteHistory.run(id);
        st.deleteFinding.run(id);
        summary.findingsRemoved += 1;
        continue;
      }
      const first = st.earliestSource.get(id) as Row;
      st.repoint.run(Number(first['remit_claim_row']), first['remit_date'] ?? null, id);
    }
  }

  /**
   * Ties each reversal (CLP02 22) to the adjudication it reverses. The original is the latest earlier remittance
   * claim, not itself a reversal and not yet reversed, from the same payer (a secondary payer's claim has the same
   * patient control number), with the same patient control number, the same payer claim control number when both
   * carry one, and the reversal's charge and payment negated. Runs over every unlinked reversal, so a reversal
   * imported before its original is tied once the original arrives. Returns what it tied, to close after the
   * analysis (closeReversed).
   * @see ASC X12 005010X221A1 (835) TR3 section 1.10.2.8, Reversals and Corrections (CLP02 22, negated amounts,
   *   the original's CLP07).
   */
  private linkReversals(summary: ReconcileSummary): ReversalLink[] {
    const unlinked = this.db
      .prepare(
        `SELECT rc.id, rc.patient_control_number, rc.payer_claim_control_number, rc.charge_cents, rc.paid_cents,
           r.payer_id, r.header
         FROM recovery_remit_claims rc JOIN recovery_remittances r ON r.id = rc.remittance_id
         WHERE TRIM(rc.status) = '22' AND rc.reverses IS NULL ORDER BY rc.id`,
      )
      .all() as Row[];
    const findOriginal = this.db.prepare(
      `SELECT o.id FROM recovery_remit_claims o JOIN recovery_remittances r ON r.id = o.remittance_id
       WHERE o.patient_control_number = :pcn AND o.id <> :id AND TRIM(o.status) <> '22' AND r.payer_id IS :payer
         AND o.charge_cents = :charge AND o.paid_cents = :paid
         AND (:pccn IS NULL OR o.payer_claim_control_number IS NULL OR o.payer_claim_control_number = :pccn)
         AND NOT EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = o.id)
       ORDER BY CASE WHEN o.id < :id THEN 0 ELSE 1 END, o.id DESC LIMIT 1`,
    );
    const link = this.db.prepare('UPDATE recovery_remit_claims SET reverses = ? WHERE id = ?');
    const out: ReversalLink[] = [];
    for (const r of unlinked) {
      const id = Number(r['id']);
      const pccn = r['payer_claim_control_number'];
      const original = findOriginal.get({
        id,
        pcn: String(r['patient_control_number']),
        pccn: pccn === null ? null : String(pccn),
        payer: r['payer_id'] === null ? null : String(r['payer_id']),
        charge: -Number(r['charge_cents']),
        paid: -Number(r['paid_cents']),
      }) as Row | undefined;
      if (!original) continue;
      const originalRow = Number(original['id']);
      link.run(originalRow, id);
      summary.reversalsLinked += 1;
      const header = JSON.parse(String(r['header'])) as Remittance;
      out.push({
        original: originalRow,
        reversal: id,
        date: header.payment.date ?? header.productionDate ?? null,
        note: reversalNote(header, pccn),
        words: remittanceWords(header, pccn),
      });
    }
    return out;
  }

  /**
   * Closes as `reversed` the open items of the adjudications reversed in this run, and the items still `new` of
   * any reversed adjudication (a re-analysis may add some); one reopened by hand is left alone. An item waiting on
   * its corrected claim only gets a note: payers reverse the original adjudication when they adjudicate the
   * correction, and the answer to the correction decides the item (applyLaterPayments).
   */
  private closeReversed(linked: readonly ReversalLink[], summary: ReconcileSummary, now: string): void {
    const openOf = this.db.prepare(
      `SELECT DISTINCT f.id, f.status FROM recovery_findings f JOIN recovery_finding_sources s ON s.finding_id = f.id
       WHERE s.remit_claim_row = ? AND f.status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) ORDER BY f.id`,
    );
    const close = this.db.prepare(
      "UPDATE recovery_findings SET status = 'reversed', status_at = ?, status_by = 'reconcile' WHERE id = ?",
    );
    const history = this.db.prepare(
      "INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note) VALUES (?, ?, 'reversed', ?, ?)",
    );
    const note = this.db.prepare(
      'INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, ?)',
    );
    const reAdjudication = this.reAdjudication();
    for (const l of linked)
      for (const f of openOf.all(l.original, ...OPEN_STATUSES) as Row[]) {
        const again = reAdjudication(Number(f['id']), l.original, l.reversal, l.date);
        if (again !== undefined && String(f['status']) !== 'corrected-claim-sent') {
          note.run(
            Number(f['id']),
            String(f['status']),
            String(f['status']),
            now,
            `The payer reversed this adjudication (835 CLP02 22; ${l.words}) and adjudicated the line again (${again}): the net of the two decides this item.`,
          );
          continue;
        }
        if (String(f['status']) === 'corrected-claim-sent') {
          note.run(
            Number(f['id']),
            'corrected-claim-sent',
            'corrected-claim-sent',
            now,
            `The payer reversed the original adjudication (835 CLP02 22; ${l.words}), as it does when it adjudicates a corrected claim; the answer to the corrected claim decides this item.`,
          );
          continue;
        }
        close.run(now, Number(f['id']));
        history.run(Number(f['id']), String(f['status']), now, l.note);
        summary.findingsReversed += 1;
      }
    const stillNew = this.db
      .prepare(
        `SELECT f.id, x.id AS reversal, s.remit_claim_row AS original, x.payer_claim_control_number AS pccn, r.header
         FROM recovery_findings f
         JOIN recovery_finding_sources s ON s.finding_id = f.id
         JOIN recovery_remit_claims x ON x.reverses = s.remit_claim_row
         JOIN recovery_remittances r ON r.id = x.remittance_id
         WHERE f.status = 'new' ORDER BY f.id`,
      )
      .all() as Row[];
    const done = new Set<number>();
    for (const x of stillNew) {
      const id = Number(x['id']);
      if (done.has(id)) continue;
      done.add(id);
      const header = JSON.parse(String(x['header'])) as Remittance;
      if (
        reAdjudication(
          id,
          Number(x['original']),
          Number(x['reversal']),
          header.payment.date ?? header.productionDate ?? null,
        ) !== undefined
      )
        continue;
      close.run(now, id);
      history.run(id, 'new', now, reversalNote(JSON.parse(String(x['header'])) as Remittance, x['pccn']));
    }
  }

  /**
   * The payer's re-adjudication of an item's line after it reversed the item's adjudication (CLP02 22): a remittance
   * claim of the same submitted claim, not a reversal, not reversed, dated on or after the reversal (the same date:
   * stored after it), that answers the item's line (any line for a claim-level item). Returns it in words
   * ("remittance of D, check/EFT T, payer claim N"), or undefined; undefined too when the re-adjudication already
   * has an item of its own with the same key (imported before the original: that item carries the line).
   */
  private reAdjudication(): (
    item: number,
    original: number,
    reversal: number,
    date: string | null,
  ) => string | undefined {
    const itemOf = this.db.prepare(
      'SELECT claim_row, claim_line, item_key FROM recovery_findings WHERE id = ?',
    );
    const ownItem = this.db.prepare(
      `SELECT 1 AS one FROM recovery_finding_sources s JOIN recovery_findings g ON g.id = s.finding_id
       WHERE s.remit_claim_row = ? AND g.id <> ? AND g.item_key = ? LIMIT 1`,
    );
    const next = this.db.prepare(
      `SELECT n.id, n.line_matches, n.payer_claim_control_number AS pccn, r.header FROM recovery_remit_claims n
       JOIN recovery_remittances r ON r.id = n.remittance_id
       WHERE n.claim_row = :row AND n.id <> :original AND TRIM(n.status) <> '22'
         AND NOT EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = n.id)
       ORDER BY n.id`,
    );
    return (item, original, reversal, date) => {
      const it = itemOf.get(item) as Row | undefined;
      if (it === undefined || it['claim_row'] === null) return undefined;
      for (const n of next.all({ row: Number(it['claim_row']), original }) as Row[]) {
        const header = JSON.parse(String(n['header'])) as Remittance;
        const nDate = header.payment.date ?? header.productionDate ?? null;
        if (earlier(nDate, Number(n['id']), date, reversal)) continue;
        const line = it['claim_line'];
        if (
          line !== null &&
          !(JSON.parse(String(n['line_matches'] ?? '[]')) as LineMatch[]).some(
            (m) => m.claimLine === Number(line),
          )
        )
          continue;
        if (ownItem.get(Number(n['id']), item, String(it['item_key'])) !== undefined) return undefined;
        return remittanceWords(header, n['pccn']);
      }
      return undefined;
    };
  }

  /**
   * After the analysis: what later remittances paid on a submitted line goes to the line's items. Later = a later
   * remittance date (the same date: stored later), not a reversal, not reversed, not a copy of the items' own
   * adjudication; the same payment on several 835s counts once; a payment on the line of a corrected claim that
   * replaces this claim counts too. The net result decides each item's status (laterPaymentStatus):
   * - an open item paid up to its recoverable amount (within the tolerance) is closed as `recovered` by the
   *   system, with a note; a smaller payment lowers what is left (recovered_cents);
   * - an item closed as `recovered` by the system whose payment the payer reversed (CLP02 22) is reopened, with
   *   the reversal in a note, unless a new payment (a re-adjudication paying again) still covers it;
   * - an item waiting on its corrected claim goes back to in-progress once the payer answered that claim without
   *   paying it in full, or is withdrawn when the answer denied the line (that denial is the corrected claim's own
   *   item).
   * Recovered items are looked at again on lines with open items, on the claims whose payments were reversed in
   * this run, and on every line with `all`. An underpayment a later partial payment shows on its own is dropped
   * while still `new`: the earlier item (of this line, or of the line a corrected claim replaces) carries that money.
   */
  private applyLaterPayments(
    tolerance: Tolerance,
    summary: ReconcileSummary,
    now: string,
    opts: { reversed: readonly ReversalLink[]; all: boolean; chains: ClaimChains },
  ): void {
    const { chains } = opts;
    const st = this.itemStatements();
    for (const u of this.db
      .prepare(
        `SELECT id, claim_row, claim_line, remit_date, remit_claim_row FROM recovery_findings
         WHERE kind = 'underpayment' AND status = 'new' AND claim_line IS NOT NULL ORDER BY id`,
      )
      .all() as Row[]) {
      const id = Number(u['id']);
      const carried = this.earlierItemOnLine(
        st,
        chains,
        { row: Number(u['claim_row']), line: Number(u['claim_line']) },
        id,
        u['remit_date'] === null ? null : String(u['remit_date']),
        Number(u['remit_claim_row']),
      );
      if (!carried) continue;
      st.deleteSources.run(id);
      st.deleteHistory.run(id);
      st.deleteFinding.run(id);
      summary.findingsRemoved += 1;
    }

    // The items to settle, by line.
    const open = OPEN_STATUSES.map(() => '?').join(', ');
    const cols = `f.id, f.claim_row, f.claim_line, f.status, f.status_at, f.status_by, f.recoverable_cents,
      f.recovered_cents, f.recovered_from, f.remit_date, f.remit_claim_row, f.kind, f.item_key, f.group_code, f.carc,
      f.rarc`;
    const byId = new Map<number, Row>();
    for (const r of this.db
      .prepare(
        `SELECT ${cols} FROM recovery_findings f WHERE f.claim_line IS NOT NULL
           AND ((SELECT COUNT(*) FROM recovery_remit_claims rc WHERE rc.claim_row = f.claim_row) > 1
             OR EXISTS (SELECT 1 FROM recovery_claims k WHERE k.replaces = f.claim_row))
           AND (f.status IN (${open}) OR (f.status = 'recovered' AND f.status_by = 'reconcile'
             AND EXISTS (SELECT 1 FROM recovery_findings o WHERE o.claim_row = f.claim_row
               AND o.claim_line = f.claim_line AND o.status IN (${open}))))`,
      )
      .all(...OPEN_STATUSES, ...OPEN_STATUSES) as Row[])
      byId.set(Number(r['id']), r);
    const recoveredBySystem = `SELECT ${cols} FROM recovery_findings f
      WHERE f.status = 'recovered' AND f.status_by = 'reconcile' AND f.claim_line IS NOT NULL`;
    // The payments reversed in this run: the lines they paid, to look at again.
    const remitClaim = this.db.prepare(
      `SELECT rc.id, rc.claim_row, rc.body, rc.line_matches, r.header FROM recovery_remit_claims rc
       JOIN recovery_remittances r ON r.id = rc.remittance_id WHERE rc.id = ?`,
    );
    const reversedPayments: { remit: Row; words: string }[] = [];
    for (const l of opts.reversed) {
      const remit = remitClaim.get(l.original) as Row | undefined;
      if (remit === undefined || remit['claim_row'] === null) continue;
      if ((JSON.parse(String(remit['body'])) as RemittanceClaim).paidCents <= 0) continue;
      reversedPayments.push({ remit, words: l.words });
    }
    if (opts.all) {
      for (const r of this.db.prepare(recoveredBySystem).all() as Row[]) byId.set(Number(r['id']), r);
    } else if (reversedPayments.length > 0) {
      const onRow = this.db.prepare(`${recoveredBySystem} AND f.claim_row = ?`);
      const rows = new Set<number>();
      for (const { remit } of reversedPayments) {
        const row = Number(remit['claim_row']);
        for (const r of [row, ...chains.ancestors(row)]) rows.add(r);
      }
      for (const row of rows) for (const r of onRow.all(row) as Row[]) byId.set(Number(r['id']), r);
    }
    const lines = new Map<string, Row[]>();
    for (const r of [...byId.values()].sort(
      (a, b) =>
        Number(a['claim_row']) - Number(b['claim_row']) ||
        Number(a['claim_line']) - Number(b['claim_line']) ||
        Number(a['id']) - Number(b['id']),
    )) {
      const k = `${String(r['claim_row'])}:${String(r['claim_line'])}`;
      const list = lines.get(k);
      if (list) list.push(r);
      else lines.set(k, [r]);
    }

    const remitsOf = this.db.prepare(
      `SELECT rc.id, rc.body, rc.line_matches, r.header FROM recovery_remit_claims rc
       JOIN recovery_remittances r ON r.id = rc.remittance_id
       WHERE rc.claim_row = ? AND TRIM(rc.status) <> '22'
         AND NOT EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = rc.id) ORDER BY rc.id`,
    );
    const sourcesOfItem = this.db.prepare(
      'SELECT remit_claim_row FROM recovery_finding_sources WHERE finding_id = ?',
    );
    const denialsOn = this.db.prepare(
      `SELECT id FROM recovery_findings WHERE claim_row = ? AND claim_line = ? AND kind = 'denial'
         AND status NOT IN ('reversed', 'withdrawn') ORDER BY id`,
    );
    // recovered_from names the payments recovered_cents counts (the `words` of the line), NULL when it is 0.
    const setItem = this.db.prepare(
      `UPDATE recovery_findings SET recovered_cents = ?, recovered_from = ?, status = ?, status_at = ?, status_by = ?
       WHERE id = ?`,
    );
    const setRecoveredFrom = this.db.prepare('UPDATE recovery_findings SET recovered_from = ? WHERE id = ?');
    /** The remittance line of a remittance claim that paid or answered a submitted line, if any. */
    const lineOf = (rc: Row, claimLine: number): RemittanceClaim['serviceLines'][number] | undefined => {
      const m = (JSON.parse(String(rc['line_matches'] ?? '[]')) as LineMatch[]).find(
        (x) => x.claimLine === claimLine,
      );
      return m === undefined
        ? undefined
        : (JSON.parse(String(rc['body'])) as RemittanceClaim).serviceLines[m.remitLine];
    };
    const pccnOf = (rc: Row): string | undefined =>
      (JSON.parse(String(rc['body'])) as RemittanceClaim).payerClaimControlNumber;
    const reversedAdjudication = this.db.prepare(
      `SELECT rc.id, rc.body, rc.line_matches FROM recovery_remit_claims rc WHERE rc.id = ?
         AND EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = rc.id)`,
    );
    const reversalDatesOf = this.db.prepare(
      `SELECT r.payment_date, r.header FROM recovery_remit_claims x
       JOIN recovery_remit_claims o ON o.id = x.reverses JOIN recovery_remittances r ON r.id = x.remittance_id
       WHERE o.claim_row = ?`,
    );
    const itemRef = (it: Row): LineItemRef => ({
      id: Number(it['id']),
      itemKey: String(it['item_key']),
      kind: it['kind'] === 'underpayment' ? 'underpayment' : 'denial',
      open: isOpen(String(it['status']) as WorklistStatus),
      date: it['remit_date'] === null ? null : String(it['remit_date']),
      row: Number(it['remit_claim_row']),
    });

    for (const group of lines.values()) {
      const first = group[0];
      if (!first) continue;
      const here: ClaimLineRef = { row: Number(first['claim_row']), line: Number(first['claim_line']) };
      const own = new Set<number>();
      let ref = { date: null as string | null, row: Number.MAX_SAFE_INTEGER };
      for (const it of group) {
        for (const s of sourcesOfItem.all(Number(it['id'])) as Row[]) own.add(Number(s['remit_claim_row']));
        const date = it['remit_date'] === null ? null : String(it['remit_date']);
        if (earlier(date, Number(it['remit_claim_row']), ref.date, ref.row))
          ref = { date, row: Number(it['remit_claim_row']) };
      }
      const later = (rc: Row): { header: Remittance; date: string | null } | undefined => {
        if (own.has(Number(rc['id']))) return undefined;
        const header = JSON.parse(String(rc['header'])) as Remittance;
        const date = header.payment.date ?? header.productionDate ?? null;
        return earlier(ref.date, ref.row, date, Number(rc['id'])) ? { header, date } : undefined;
      };
      // This line, and the same line on the corrected claims that replace this claim.
      const targets = [
        { at: here, correction: false },
        ...chains.correctionLines(here).map((at) => ({ at, correction: true })),
      ];
      const seen = new Set<string>();
      const paid: { cents: number; words: string }[] = [];
      const answers: string[] = [];
      for (const t of targets)
        for (const rc of remitsOf.all(t.at.row) as Row[]) {
          const when = later(rc);
          if (!when) continue;
          const svc = lineOf(rc, t.at.line);
          if (!svc) continue;
          const words = `${t.correction ? "the corrected claim's " : 'the '}${remittanceWords(when.header, pccnOf(rc))}`;
          if (t.correction) answers.push(words);
          if (svc.paidCents <= 0) continue;
          // The same payment on a re-sent 835 (new TRN, new payer claim number) counts once.
          const same = JSON.stringify([when.date, svc.paidCents, svc.units, svc.adjustments]);
          if (seen.has(same)) continue;
          seen.add(same);
          paid.push({ cents: svc.paidCents, words });
        }
      // What the payer took back in this run on the line.
      const takenBack = reversedPayments.flatMap(({ remit, words }) => {
        const t = targets.find((x) => x.at.row === Number(remit['claim_row']));
        // Not one of the items' own adjudications (those are netted: reversedOwn below).
        const svc = t === undefined || own.has(Number(remit['id'])) ? undefined : lineOf(remit, t.at.line);
        return svc !== undefined && svc.paidCents > 0
          ? [`${formatDollars(svc.paidCents)} by the ${words}`]
          : [];
      });
      // Any item may be waiting on the corrected claim, or go back to waiting when its payment is reversed.
      const denials =
        answers.length > 0
          ? targets
              .filter((t) => t.correction)
              .flatMap((t) => (denialsOn.all(t.at.row, t.at.line) as Row[]).map((r) => Number(r['id'])))
          : [];
      const correction = answers.length === 0 ? 'none' : denials.length > 0 ? 'denied' : 'answered';
      // What the items' own adjudications had paid on the line, when the payer reversed them: a re-adjudication
      // or a corrected claim's answer pays the whole line again, so only the difference is new money.
      const reversedOwn = new Map<number, number>();
      for (const it of group) {
        const rc = reversedAdjudication.get(Number(it['remit_claim_row'])) as Row | undefined;
        const svc = rc === undefined ? undefined : lineOf(rc, here.line);
        if (rc !== undefined) reversedOwn.set(Number(rc['id']), Math.max(0, svc?.paidCents ?? 0));
      }
      const takenBefore = [...reversedOwn.values()].reduce((n, c) => n + c, 0);
      const gross = paid.reduce((n, p) => n + p.cents, 0);
      const total = netOfReversed(gross, takenBefore);
      const shares = shareLaterPayment(
        group.map((it) => ({ id: Number(it['id']), recoverableCents: Number(it['recoverable_cents']) })),
        total,
        tolerance,
      );
      const words =
        paid.map((p) => `${formatDollars(p.cents)} on ${p.words}`).join('; ') +
        (takenBefore > 0 && gross > 0
          ? `, less the ${formatDollars(takenBefore)} of the reversed adjudication this item came from`
          : '');
      const lineRefs = group.map(itemRef);
      const reversalDates = (reversalDatesOf.all(here.row) as Row[]).flatMap((r) => {
        const d =
          r['payment_date'] !== null
            ? String(r['payment_date'])
            : (JSON.parse(String(r['header'])) as Remittance).productionDate;
        return d === undefined ? [] : [d];
      });
      for (const [i, share] of shares.entries()) {
        const it = group[i];
        if (!it) continue;
        const status = String(it['status']) as WorklistStatus;
        const bySystem = it['status_by'] === 'reconcile';
        const before = Number(it['recovered_cents']);
        const paidFrom = share.recoveredCents > 0 ? words : null;
        const recoverable = Number(it['recoverable_cents']);
        const left = formatDollars(recoverable - share.recoveredCents);
        const reopenTo =
          status === 'recovered' && bySystem && !share.recovered
            ? reopenedStatus(this.history(share.id))
            : status;
        const outcome = laterPaymentStatus({
          status,
          bySystem,
          recoveredBefore: before,
          share,
          paymentReversed: takenBack.length > 0,
          correction:
            status === 'corrected-claim-sent' || reopenTo === 'corrected-claim-sent' ? correction : 'none',
          reopenTo,
        });
        // After a reversal, the payer denied the line again for another reason: that denial is the item to work.
        const self = lineRefs[i];
        const successor =
          self !== undefined &&
          isOpen(outcome.status) &&
          status !== 'corrected-claim-sent' &&
          outcome.status !== 'corrected-claim-sent' &&
          // One a biller reopened after a reversal or a withdrawal stays as the biller set it.
          !this.history(share.id).some(
            (h) => (h.from === 'reversed' || h.from === 'withdrawn') && isOpen(h.to),
          )
            ? supersedingDenial(self, lineRefs, reversalDates)
            : undefined;
        if (successor !== undefined) {
          const next = group.find((g) => Number(g['id']) === successor.id);
          const what = (r: Row | undefined): string =>
            r === undefined
              ? 'another denial'
              : [
                  `${String(r['group_code'])}-${String(r['carc'])}`,
                  ...(JSON.parse(String(r['rarc'] ?? '[]')) as string[]),
                ].join(' ');
          setItem.run(share.recoveredCents, paidFrom, 'withdrawn', now, 'reconcile', share.id);
          st.history.run(
            share.id,
            status,
            'withdrawn',
            now,
            `${outcome.event === 'reopened' ? `The payer reversed the payment that recovered this item (835 CLP02 22${takenBack.length > 0 ? `: ${takenBack.join('; ')}` : ''}) and` : 'After a reversal (835 CLP02 22), the payer'} denied the line again for another reason: ${what(next)} (the remittance of ${successor.date ?? 'unknown date'}), item #${successor.id}, worked from there with its own deadline; this item is withdrawn.`,
          );
          const nextStatus = String(next?.['status'] ?? 'new');
          st.history.run(
            successor.id,
            nextStatus,
            nextStatus,
            now,
            `Takes over item #${share.id} (${what(it)}) of the same line, withdrawn: the payer's new determination after a reversal (835 CLP02 22).`,
          );
          summary.findingsWithdrawn += 1;
          continue;
        }
        const changed = (note: string, from = status): void => {
          setItem.run(share.recoveredCents, paidFrom, outcome.status, now, 'reconcile', share.id);
          st.history.run(share.id, from, outcome.status, now, note);
        };
        const answeredNote = `The payer answered the corrected claim (${answers.join('; ')}): ${share.recoveredCents > 0 ? `${formatDollars(share.recoveredCents)} recovered, ${left} left` : 'nothing paid on the line'}.`;
        const supersededNote = `The payer denied the corrected claim (${answers.join('; ')}): that denial is item ${denials.map((d) => `#${d}`).join(', ')}, worked from there; this item is withdrawn.`;
        const noted = (note: string): void => {
          setItem.run(
            share.recoveredCents,
            paidFrom,
            status,
            String(it['status_at']),
            bySystem ? 'reconcile' : null,
            share.id,
          );
          st.history.run(share.id, status, status, now, note);
        };
        switch (outcome.event) {
          case 'none':
            // The amount stands; the payments it counts are named as they are now (an item reconciled before
            // migration 011 gets its text here: no status change, no note).
            if (share.recoveredCents === before && (it['recovered_from'] ?? null) !== paidFrom)
              setRecoveredFrom.run(paidFrom, share.id);
            break;
          case 'recovered':
            changed(
              `A later remittance paid the line (${words}): ${formatDollars(share.recoveredCents)} recovered. Closed by reconciliation.`,
            );
            summary.findingsRecovered += 1;
            break;
          case 'still-recovered':
            noted(
              takenBack.length > 0
                ? `The payer took back a payment on the line (${takenBack.join('; ')}) and paid it again (${words}): still recovered, ${formatDollars(share.recoveredCents)}.`
                : `What later remittances paid on the line changed (${words}): ${formatDollars(share.recoveredCents)} recovered.`,
            );
            break;
          case 'reopened': {
            const reopenNote = `The payer reversed the payment that recovered this item (835 CLP02 22${takenBack.length > 0 ? `: ${takenBack.join('; ')}` : ''}): ${share.recoveredCents > 0 ? `${formatDollars(share.recoveredCents)} still paid (${words}), ` : ''}${left} to recover again. Reopened by reconciliation.`;
            summary.findingsReopened += 1;
            if (outcome.then === undefined) {
              changed(reopenNote);
              break;
            }
            // Back to waiting on the corrected claim, which the payer has answered: on to where the answer sends
            // it, in this run (as the next one would).
            st.history.run(share.id, status, reopenTo, now, reopenNote);
            if (outcome.then === 'answered') changed(answeredNote, reopenTo);
            else {
              changed(supersededNote, reopenTo);
              summary.findingsWithdrawn += 1;
            }
            break;
          }
          case 'partial':
            noted(
              share.recoveredCents > 0
                ? `A later remittance paid part of the line (${words}): ${formatDollars(share.recoveredCents)} recovered, ${left} left.`
                : 'The later payment on this line no longer counts (reversed): nothing recovered yet.',
            );
            break;
          case 'answered':
            changed(answeredNote);
            break;
          case 'superseded':
            changed(supersededNote);
            summary.findingsWithdrawn += 1;
            break;
        }
      }
    }
  }

  /**
   * Takebacks: the payer reversed (CLP02 22) an adjudication that had paid a line, and sent no new adjudication of
   * the claim (takebackFindings). Each such paid line with no open item and no item closed as recovered by
   * reconciliation (those are reopened by applyLaterPayments) gets an item of root cause `payment-reversed`, its
   * deadline from the reversal's remittance date. Not for a claim a corrected claim replaces or voids (the practice
   * asked for it; the answer to the corrected claim decides). Looks at the reversals tied in this run, and with `all`
   * at every tied reversal (an item already filed is updated, never doubled). A re-adjudication that comes later is a
   * later payment of the item (or a new denial that takes it over).
   */
  private fileTakebacks(
    ctx: AnalysisContext,
    st: ItemStatements,
    summary: ReconcileSummary,
    now: string,
    opts: {
      linked: readonly ReversalLink[];
      all: boolean;
      chains: ClaimChains;
      noteLater: (id: number, note: string) => void;
    },
  ): void {
    const pairs = opts.all
      ? (
          this.db
            .prepare(
              "SELECT id AS reversal, reverses AS original FROM recovery_remit_claims WHERE TRIM(status) = '22' AND reverses IS NOT NULL ORDER BY id",
            )
            .all() as Row[]
        ).map((r) => ({ reversal: Number(r['reversal']), original: Number(r['original']) }))
      : opts.linked.map((l) => ({ reversal: l.reversal, original: l.original }));
    if (pairs.length === 0) return;
    const remit = this.db.prepare(
      `SELECT rc.id, rc.remit_key, rc.body, rc.claim_row, rc.match_method, rc.line_matches, r.header, r.file_id
       FROM recovery_remit_claims rc JOIN recovery_remittances r ON r.id = rc.remittance_id WHERE rc.id = ?`,
    );
    const claimBody = this.db.prepare('SELECT body FROM recovery_claims WHERE id = ?');
    const corrected = this.db.prepare('SELECT 1 AS one FROM recovery_claims WHERE replaces = ? LIMIT 1');
    const settled = this.db.prepare(
      `SELECT 1 AS one FROM recovery_findings WHERE claim_row = ? AND claim_line = ?
         AND (status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) OR (status = 'recovered' AND status_by = 'reconcile'))
       LIMIT 1`,
    );
    const reAdjudicated = this.db.prepare(
      `SELECT n.id, r.header FROM recovery_remit_claims n JOIN recovery_remittances r ON r.id = n.remittance_id
       WHERE n.claim_row = ? AND n.id <> ? AND TRIM(n.status) <> '22'
         AND NOT EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = n.id)`,
    );
    const dateOf = (h: Remittance): string | null => h.payment.date ?? h.productionDate ?? null;
    for (const p of pairs) {
      const o = remit.get(p.original) as Row | undefined;
      const x = remit.get(p.reversal) as Row | undefined;
      if (o === undefined || x === undefined || o['claim_row'] === null || o['match_method'] === null)
        continue;
      const claimRow = Number(o['claim_row']);
      if (corrected.get(claimRow) !== undefined) continue;
      const reversalHeader = JSON.parse(String(x['header'])) as Remittance;
      const reversalDate = dateOf(reversalHeader);
      const again = (reAdjudicated.all(claimRow, p.original) as Row[]).some(
        (n) =>
          !earlier(
            dateOf(JSON.parse(String(n['header'])) as Remittance),
            Number(n['id']),
            reversalDate,
            p.reversal,
          ),
      );
      if (again) continue;
      const submittedRow = claimBody.get(claimRow) as Row | undefined;
      if (submittedRow === undefined) continue;
      const original = JSON.parse(String(o['body'])) as RemittanceClaim;
      const reversalClaim = JSON.parse(String(x['body'])) as RemittanceClaim;
      const findings = takebackFindings(
        {
          remittance: JSON.parse(String(o['header'])) as Remittance,
          claim: original,
          key: String(o['remit_key']),
          submitted: JSON.parse(String(submittedRow['body'])) as Claim,
          match: {
            matched: true,
            claimIndex: 0,
            method: String(o['match_method']) as ClaimMatchMethod,
            lines: JSON.parse(String(o['line_matches'] ?? '[]')) as LineMatch[],
            unmatchedClaimLines: [],
          },
        },
        {
          key: String(x['remit_key']),
          remittance: reversalHeader,
          ...(reversalClaim.payerClaimControlNumber !== undefined
            ? { payerClaimControlNumber: reversalClaim.payerClaimControlNumber }
            : {}),
        },
        ctx,
      );
      const src: SourceContext = {
        remitClaimRow: p.reversal,
        fileId: Number(x['file_id']),
        remitDate: reversalDate,
        reversed: false,
        subject: { claimRow },
        claimRow,
        note: remittanceWords(reversalHeader, reversalClaim.payerClaimControlNumber),
        afterReversal: () => false,
        noteLater: opts.noteLater,
      };
      for (const f of findings) {
        const known = st.source.get(f.key) !== undefined;
        // Items of the line live on the claim itself, or on the claim a corrected claim replaced (its answer
        // settled them there).
        const line = f.line;
        if (
          !known &&
          line !== null &&
          [{ row: claimRow, line }, ...opts.chains.originLines({ row: claimRow, line })].some(
            (l) => settled.get(l.row, l.line, ...OPEN_STATUSES) !== undefined,
          )
        )
          continue;
        const added = summary.findingsAdded;
        this.placeFinding(st, f, src, summary, now, opts.chains);
        if (summary.findingsAdded > added) {
          summary.findingsTakenBack += 1;
          const id = Number((st.source.get(f.key) as Row)['finding_id']);
          st.history.run(
            id,
            'new',
            'new',
            now,
            `The payer took back its payment of this line (835 CLP02 22: ${formatDollars(f.amountCents)} by the ${src.note}) and sent no new adjudication: ${formatDollars(f.recoverableCents)} to recover.`,
          );
        }
      }
    }
  }

  /**
   * Ties each corrected claim (CLM05-3 7 replacement, 8 void) not tied yet to the claim it replaces or voids
   * (chooseReplacedClaim): by its REF*F8 among the claims whose adjudication carried that payer claim control
   * number (CLP07) or that are earlier corrections of it, else by its patient control number. Runs over every
   * untied correction, so one imported before its original, or before the original's remittance, is tied when that
   * arrives. Records which corrected line answers which original line (mapCorrectedLines).
   */
  private linkCorrections(summary: ReconcileSummary, chains: ClaimChains): CorrectionLink[] {
    const untied = this.db
      .prepare(
        `SELECT c.id, c.claim_id, c.payer_claim_control_number, c.payer_id, c.payer_name, c.service_from, c.correction,
           c.body, ${sentDateSql('c', 'f')} AS sent
         FROM recovery_claims c JOIN recovery_files f ON f.id = c.file_id
         WHERE c.correction IS NOT NULL AND c.replaces IS NULL ORDER BY c.id`,
      )
      .all() as Row[];
    if (untied.length === 0) return [];
    const byAdjudication = this.db.prepare(
      `SELECT DISTINCT claim_row AS id FROM recovery_remit_claims
       WHERE payer_claim_control_number = ? AND claim_row IS NOT NULL AND TRIM(status) <> '22'`,
    );
    const bySameF8 = this.db.prepare('SELECT id FROM recovery_claims WHERE payer_claim_control_number = ?');
    const byPcn = this.db.prepare('SELECT id FROM recovery_claims WHERE claim_id = ?');
    const claimOf = this.db.prepare(
      `SELECT id, claim_id, payer_claim_control_number, payer_id, payer_name, service_from, correction, body
       FROM recovery_claims WHERE id = ?`,
    );
    const adjudicatedAs = this.db.prepare(
      `SELECT DISTINCT payer_claim_control_number AS n FROM recovery_remit_claims
       WHERE claim_row = ? AND TRIM(status) <> '22' AND payer_claim_control_number IS NOT NULL`,
    );
    const link = this.db.prepare(
      'UPDATE recovery_claims SET replaces = ?, replaces_method = ?, replaces_lines = ? WHERE id = ?',
    );
    const text = (v: SQLInputValue | undefined): string | undefined =>
      v === null || v === undefined ? undefined : String(v);
    const out: CorrectionLink[] = [];
    for (const u of untied) {
      const id = Number(u['id']);
      const f8 = text(u['payer_claim_control_number']);
      const rows = new Set<number>();
      if (f8 !== undefined) {
        for (const r of byAdjudication.all(f8) as Row[]) rows.add(Number(r['id']));
        for (const r of bySameF8.all(f8) as Row[]) rows.add(Number(r['id']));
      }
      for (const r of byPcn.all(String(u['claim_id'])) as Row[]) rows.add(Number(r['id']));
      rows.delete(id);
      // Never a claim that itself corrects this one.
      const candidates = [...rows]
        .filter((r) => !chains.ancestors(r).includes(id))
        .sort((a, b) => a - b)
        .flatMap((r) => {
          const c = claimOf.get(r) as Row | undefined;
          if (c === undefined) return [];
          const candidate: ReplacedCandidate = {
            claimId: String(c['claim_id']),
            adjudicatedAs: (adjudicatedAs.all(r) as Row[]).map((a) => String(a['n'])),
            before: r < id,
          };
          const payerId = text(c['payer_id']);
          const payerName = text(c['payer_name']);
          const serviceFrom = text(c['service_from']);
          const own = text(c['payer_claim_control_number']);
          const kind = text(c['correction']);
          if (payerId !== undefined) candidate.payerId = payerId;
          if (payerName !== undefined) candidate.payerName = payerName;
          if (serviceFrom !== undefined) candidate.serviceFrom = serviceFrom;
          if (own !== undefined) candidate.payerClaimControlNumber = own;
          if (kind === 'replacement' || kind === 'void') candidate.correction = kind;
          return [{ row: r, body: String(c['body']), candidate }];
        });
      const ref = {
        claimId: String(u['claim_id']),
        ...(f8 !== undefined ? { payerClaimControlNumber: f8 } : {}),
        ...(text(u['payer_id']) !== undefined ? { payerId: String(u['payer_id']) } : {}),
        ...(text(u['payer_name']) !== undefined ? { payerName: String(u['payer_name']) } : {}),
        ...(text(u['service_from']) !== undefined ? { serviceFrom: String(u['service_from']) } : {}),
      };
      const choice = chooseReplacedClaim(
        ref,
        candidates.map((c) => c.candidate),
      );
      if (!choice.found) continue;
      const chosen = candidates[choice.index];
      if (chosen === undefined) continue;
      const corrected = JSON.parse(String(u['body'])) as Claim;
      const original = JSON.parse(chosen.body) as Claim;
      const lines = mapCorrectedLines(corrected.lines, original.lines);
      link.run(chosen.row, choice.method, JSON.stringify(lines), id);
      summary.correctionsLinked += 1;
      const kind: CorrectionKind = u['correction'] === 'void' ? 'void' : 'replacement';
      out.push({
        corrected: id,
        original: chosen.row,
        lines,
        info: {
          claimId: String(u['claim_id']),
          kind,
          frequencyCode: kind === 'void' ? '8' : '7',
          payerClaimControlNumber: f8 ?? null,
          date: String(u['sent']),
        },
      });
    }
    if (out.length > 0) chains.clear();
    return out;
  }

  /**
   * The open items a correction answers: on the claim it replaces (and on the claims that one replaced, whose items
   * may wait on an earlier correction), those of the lines the corrected claim carries and those of no line
   * (claim-level adjustments, unmatched remittance lines), for a void every open item. A replacement sets them to
   * `corrected-claim-sent`, a void closes them as `withdrawn`, each with a note naming the corrected claim. Items
   * still `new` that reach a corrected claim later (the original's remittance imported after the correction) are
   * set the same way, by the latest correction of their claim.
   */
  private markCorrections(
    links: readonly CorrectionLink[],
    summary: ReconcileSummary,
    now: string,
    chains: ClaimChains,
  ): void {
    const open = OPEN_STATUSES.map(() => '?').join(', ');
    const itemsOf = this.db.prepare(
      `SELECT id, status, claim_line, corrected_claim_row FROM recovery_findings
       WHERE claim_row = ? AND status IN (${open}) ORDER BY id`,
    );
    const set = this.db.prepare(
      "UPDATE recovery_findings SET status = ?, status_at = ?, status_by = 'reconcile', corrected_claim_row = ? WHERE id = ?",
    );
    const history = this.db.prepare(
      'INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, ?)',
    );
    const mark = (item: Row, correctedRow: number, info: CorrectedClaimInfo): void => {
      const id = Number(item['id']);
      const from = String(item['status']) as WorklistStatus;
      if (item['corrected_claim_row'] !== null && Number(item['corrected_claim_row']) === correctedRow)
        return;
      const to: WorklistStatus = info.kind === 'void' ? 'withdrawn' : 'corrected-claim-sent';
      set.run(to, now, correctedRow, id);
      history.run(id, from, to, now, correctionNote(info, from === 'corrected-claim-sent'));
      if (to === 'withdrawn') summary.findingsWithdrawn += 1;
      else if (from !== to) summary.findingsCorrected += 1;
    };
    const answers = (
      info: CorrectedClaimInfo,
      lines: ReadonlySet<number>,
      line: SQLInputValue | undefined,
    ): boolean => info.kind === 'void' || line === null || line === undefined || lines.has(Number(line));
    for (const l of links) {
      let lines = new Set(l.lines.map((x) => x.original));
      const seen = new Set<number>();
      for (let row: number | null = l.original; row !== null && !seen.has(row);) {
        seen.add(row);
        for (const item of itemsOf.all(row, ...OPEN_STATUSES) as Row[])
          if (answers(l.info, lines, item['claim_line'])) mark(item, l.corrected, l.info);
        const up = chains.link(row);
        lines = new Set(
          [...lines].flatMap((x) => {
            const o = up.lines.find((m) => m.line === x)?.original;
            return o === undefined ? [] : [o];
          }),
        );
        row = up.parent;
      }
    }
    const late = this.db
      .prepare(
        `SELECT f.id, f.status, f.claim_row, f.claim_line, f.corrected_claim_row FROM recovery_findings f
         WHERE f.status = 'new' AND f.corrected_claim_row IS NULL
           AND EXISTS (SELECT 1 FROM recovery_claims k WHERE k.replaces = f.claim_row) ORDER BY f.id`,
      )
      .all() as Row[];
    if (late.length === 0) return;
    const latestCorrection = this.db.prepare(
      `SELECT c.id, c.claim_id, c.correction, c.payer_claim_control_number, c.replaces_lines, ${sentDateSql('c', 'f')} AS sent
       FROM recovery_claims c JOIN recovery_files f ON f.id = c.file_id WHERE c.replaces = ? ORDER BY c.id DESC LIMIT 1`,
    );
    for (const item of late) {
      const c = latestCorrection.get(Number(item['claim_row'])) as Row | undefined;
      if (c === undefined) continue;
      const kind: CorrectionKind = c['correction'] === 'void' ? 'void' : 'replacement';
      const info: CorrectedClaimInfo = {
        claimId: String(c['claim_id']),
        kind,
        frequencyCode: kind === 'void' ? '8' : '7',
        payerClaimControlNumber:
          c['payer_claim_control_number'] === null ? null : String(c['payer_claim_control_number']),
        date: String(c['sent']),
      };
      const lines = new Set(
        (JSON.parse(String(c['replaces_lines'] ?? '[]')) as CorrectedLine[]).map((x) => x.original),
      );
      if (answers(info, lines, item['claim_line'])) mark(item, Number(c['id']), info);
    }
  }

  /**
   * Gives items stored before item keys existed (migration recovery/003) their key, and folds the duplicates
   * those stores hold (the same adjudication from several 835s) into the oldest item: a duplicate still `new`
   * goes (its remittance becomes a source of the kept item, with a note); a worked one stays, as the biller left it.
   */
  private rekeyItems(now: string): void {
    if (
      this.db.prepare('SELECT 1 AS one FROM recovery_findings WHERE item_key IS NULL LIMIT 1').get() ===
      undefined
    )
      return;
    this.tx(() => {
      const st = this.itemStatements();
      const rows = this.db
        .prepare(
          `SELECT f.id, f.status, f.body, f.remit_date, f.remit_claim_row, rc.claim_row, rc.patient_control_number,
             r.header, r.file_id, rc.payer_claim_control_number,
             EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = rc.id) AS reversed
           FROM recovery_findings f JOIN recovery_remit_claims rc ON rc.id = f.remit_claim_row
           JOIN recovery_remittances r ON r.id = rc.remittance_id WHERE f.item_key IS NULL ORDER BY f.id`,
        )
        .all() as Row[];
      for (const r of rows) {
        const id = Number(r['id']);
        const f = JSON.parse(String(r['body'])) as Finding;
        const claimRow = r['claim_row'] === null ? null : Number(r['claim_row']);
        const key = findingItemKey(
          f,
          claimRow !== null
            ? { claimRow }
            : {
                payer: f.payer.id ?? f.payer.name,
                patientControlNumber: String(r['patient_control_number']),
              },
        );
        const claimLine = claimRow !== null && f.lineMatched ? f.line : null;
        const other = st.carrier.get({
          key,
          self: id,
          reversed: Number(r['reversed']),
          file: Number(r['file_id']),
        }) as Row | undefined;
        if (other && String(r['status']) === 'new' && Number(other['id']) < id) {
          st.moveSources.run(Number(other['id']), id);
          st.deleteHistory.run(id);
          st.deleteFinding.run(id);
          const header = JSON.parse(String(r['header'])) as Remittance;
          const pccn = r['payer_claim_control_number'];
          const status = String(other['status']);
          st.history.run(
            Number(other['id']),
            status,
            status,
            now,
            `The same adjudication came again (${remittanceWords(header, typeof pccn === 'string' ? pccn : undefined)}); counted once (item ${id} folded into this one).`,
          );
          continue;
        }
        st.setKey.run(key, claimRow, claimLine, id);
      }
    });
  }

  findings(filter: FindingFilter = {}, page: FindingPage = {}): FindingRow[] {
    const { where, args } = findingWhere(filter);
    const sql = `${FINDING_SELECT} ${where} ORDER BY ${findingOrder(page.sort ?? 'deadline')} LIMIT ? OFFSET ?`;
    // SQLite: a negative LIMIT is no limit.
    const limit = page.limit ?? -1;
    const offset = Math.max(0, page.offset ?? 0);
    return (this.db.prepare(sql).all(...args, limit, offset) as Row[]).map(toFindingRow);
  }

  /**
   * The totals of everything `filter` matches, whatever page is shown: how many items, and for the open ones the
   * dollars left to recover and how many are past or near their deadline as of `asOf`.
   */
  findingTotals(filter: FindingFilter, asOf: IsoDate): WorklistTotals {
    const { openAmountCents: _, qualifiers: __, ...totals } = this.findingSummary(filter, asOf);
    return totals;
  }

  /**
   * What a list shows under its rows, in one pass over the items `filter` matches: the totals (`findingTotals`), the
   * open amount (`openAmountCents`) and the ≤/~ qualifiers (`recoverableQualifiers`), each of which is a part of it.
   */
  findingSummary(
    filter: FindingFilter,
    asOf: IsoDate,
  ): WorklistTotals & {
    openAmountCents: number;
    qualifiers: Record<'upperBound' | 'estimate', { items: number; recoverableCents: number }>;
  } {
    const { where, args } = findingWhere(filter);
    const open = `f.status IN (${OPEN_STATUSES.map((st) => `'${st}'`).join(', ')})`;
    const left = 'f.recoverable_cents - f.recovered_cents';
    // Open denials only: SQLite stops an AND at its first false, so the stored JSON is read for those alone.
    const openDenial = `f.kind = 'denial' AND ${open}`;
    const upper = `${openDenial} AND (json_extract(f.body, '$.recoverableNote') LIKE 'upper bound%' OR (json_extract(f.body, '$.recoverableNote') IS NULL AND json_extract(f.body, '$.recoverableBasis') = 'adjustment-amount'))`;
    const estimate = `${openDenial} AND json_extract(f.body, '$.recoverableNote') LIKE 'estimate%'`;
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n,
           SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS open_n,
           SUM(CASE WHEN ${open} THEN ${left} ELSE 0 END) AS recoverable,
           SUM(CASE WHEN ${open} AND f.deadline >= ? AND f.deadline <= ? THEN 1 ELSE 0 END) AS soon,
           SUM(CASE WHEN ${open} AND f.deadline < ? THEN 1 ELSE 0 END) AS late,
           SUM(CASE WHEN ${open} THEN f.amount_cents ELSE 0 END) AS amount,
           SUM(CASE WHEN ${upper} THEN 1 ELSE 0 END) AS upper_n,
           SUM(CASE WHEN ${upper} THEN ${left} ELSE 0 END) AS upper_cents,
           SUM(CASE WHEN ${estimate} THEN 1 ELSE 0 END) AS estimate_n,
           SUM(CASE WHEN ${estimate} THEN ${left} ELSE 0 END) AS estimate_cents
         FROM recovery_findings f ${where}`,
      )
      .get(asOf, addDays(asOf, DUE_SOON_DAYS), asOf, ...args) as Row;
    return {
      items: Number(row['n'] ?? 0),
      openItems: Number(row['open_n'] ?? 0),
      recoverableCents: Number(row['recoverable'] ?? 0),
      dueSoon: Number(row['soon'] ?? 0),
      pastDeadline: Number(row['late'] ?? 0),
      openAmountCents: Number(row['amount'] ?? 0),
      qualifiers: {
        upperBound: { items: Number(row['upper_n'] ?? 0), recoverableCents: Number(row['upper_cents'] ?? 0) },
        estimate: {
          items: Number(row['estimate_n'] ?? 0),
          recoverableCents: Number(row['estimate_cents'] ?? 0),
        },
      },
    };
  }

  /**
   * The amounts (denied amount, underpayment gap) of the open items `filter` matches, all pages: what `denials` and
   * `underpaid` total under their lists (`findingTotals` gives what is left to recover, net of later payments).
   */
  openAmountCents(filter: FindingFilter): number {
    return this.findingSummary(filter, ANY_DAY).openAmountCents;
  }

  /**
   * How much of the open items' recoverable total (as `findingTotals`) is no expected payment: `upperBound`, denials
   * with no expected rate (the denied amount counts: what `recoverableNote` calls "upper bound"); `estimate`, denials
   * at the national OPPS rate. What the CLI's ≤/~ footnote says of its rows, for every page.
   */
  recoverableQualifiers(
    filter: FindingFilter,
  ): Record<'upperBound' | 'estimate', { items: number; recoverableCents: number }> {
    return this.findingSummary(filter, ANY_DAY).qualifiers;
  }

  /**
   * The packaged lines (OPPS status indicator N, bundling adjustment): the expected adjudication, no items. One row
   * per line and adjustment (a re-sent 835 counts once), none of a reversed adjudication; by payer (name contains, or
   * exact id) when asked. In id order (import order), from `offset`, at most `limit` (all without one).
   */
  packagedLines(
    filter: Pick<FindingFilter, 'payer'> = {},
    page: Pick<FindingPage, 'limit' | 'offset'> = {},
  ): PackagedLineRow[] {
    const { where, args } = packagedWhere(filter);
    const rows = this.db
      .prepare(
        `SELECT p.* FROM recovery_packaged_lines p WHERE p.id IN (SELECT MIN(q.id) FROM recovery_packaged_lines q
           WHERE ${where} GROUP BY q.line_key) ORDER BY p.id LIMIT ? OFFSET ?`,
      )
      // SQLite: a negative LIMIT is no limit.
      .all(...args, page.limit ?? -1, Math.max(0, page.offset ?? 0)) as Row[];
    return rows.map((r) => ({
      id: Number(r['id']),
      claimId: String(r['claim_id']),
      line: r['line'] === null ? null : Number(r['line']),
      code: String(r['code']),
      payer: String(r['payer_name']),
      payerId: r['payer_id'] === null ? null : String(r['payer_id']),
      groupCode: String(r['group_code']),
      carc: String(r['carc']),
      statusIndicator: String(r['status_indicator']),
      amountCents: Number(r['amount_cents']),
      serviceDate: r['service_date'] === null ? null : String(r['service_date']),
      remitDate: r['remit_date'] === null ? null : String(r['remit_date']),
      packaged: JSON.parse(String(r['body'])) as PackagedLine,
    }));
  }

  /** How many packaged lines `filter` matches and their adjustment amounts, whatever page `packagedLines` shows. */
  packagedTotals(filter: Pick<FindingFilter, 'payer'> = {}): { lines: number; amountCents: number } {
    const { where, args } = packagedWhere(filter);
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(p.amount_cents) AS amount FROM recovery_packaged_lines p WHERE p.id IN
           (SELECT MIN(q.id) FROM recovery_packaged_lines q WHERE ${where} GROUP BY q.line_key)`,
      )
      .get(...args) as Row;
    return { lines: Number(row['n'] ?? 0), amountCents: Number(row['amount'] ?? 0) };
  }

  /** The denials `filter` matches, every status unless it says; a page of them as `findings` pages. */
  denials(filter: Omit<FindingFilter, 'kind'> = {}, page: FindingPage = {}): FindingRow[] {
    return this.findings({ ...filter, kind: 'denial' }, page);
  }

  /** The underpayments `filter` matches, every status unless it says; a page of them as `findings` pages. */
  underpayments(filter: Omit<FindingFilter, 'kind'> = {}, page: FindingPage = {}): FindingRow[] {
    return this.findings({ ...filter, kind: 'underpayment' }, page);
  }

  /** Open items by default (new, in progress, appealed, resubmitted). */
  worklist(
    filter: Omit<FindingFilter, 'status'> & { status?: readonly WorklistStatus[] } = {},
    page: FindingPage = {},
  ): FindingRow[] {
    return this.findings(
      {
        ...filter,
        status: filter.status && filter.status.length > 0 ? filter.status : OPEN_STATUSES,
      },
      page,
    );
  }

  finding(id: number): FindingRow | undefined {
    const row = this.db.prepare(`${FINDING_SELECT} WHERE f.id = ?`).get(id) as Row | undefined;
    return row ? toFindingRow(row) : undefined;
  }

  history(id: number): StatusChange[] {
    return (
      this.db
        .prepare(
          'SELECT from_status, to_status, at, note, changed_by FROM recovery_finding_history WHERE finding_id = ? ORDER BY id',
        )
        .all(id) as Row[]
    ).map((r) => {
      const c: StatusChange = {
        from: r['from_status'] === null ? null : (String(r['from_status']) as WorklistStatus),
        to: String(r['to_status']) as WorklistStatus,
        at: String(r['at']),
      };
      if (r['note'] !== null && r['note'] !== undefined) c.note = String(r['note']);
      if (r['changed_by'] !== null && r['changed_by'] !== undefined) c.by = String(r['changed_by']);
      return c;
    });
  }

  /**
   * Changes an item's status (or adds a note) and records it in the history, with who did it (`by`: the user name,
   * or `cli:<OS user>`). `recoveredCents`, with status `recovered` only, is what the biller got beyond what later
   * remittances paid: from 0 to what is left to recover (the row's `recoverableCents`), or more with `overpayment`
   * (the payer paid interest or more than expected: kept as given, the history says by how much); the history says
   * "Recovered $X of $Y." Without it an item marked recovered counts as before (its whole recoverable amount when no
   * payment was seen); a note on an item already recovered keeps the amount it has. Any other status clears the
   * amount.
   */
  setStatus(
    id: number,
    status: string,
    options: { note?: string; at?: string; by?: string; recoveredCents?: number; overpayment?: boolean } = {},
  ): Result<FindingRow> {
    if (!isWorklistStatus(status)) {
      return {
        ok: false,
        problems: [
          {
            code: 'recovery.worklist.status',
            severity: 'error',
            message: `unknown status "${status}" (use new, in-progress, appealed, resubmitted, recovered, written-off)`,
          },
        ],
      };
    }
    return this.tx((): Result<FindingRow> => {
      const current = this.finding(id);
      if (!current)
        return {
          ok: false,
          problems: [
            { code: 'recovery.worklist.unknown', severity: 'error', message: `no worklist item ${id}` },
          ],
        };
      const amount = options.recoveredCents;
      if (amount !== undefined) {
        const over = options.overpayment !== undefined ? { overpayment: options.overpayment } : {};
        const problem = recoveredAmountProblem(current, status, amount, over);
        if (problem) return { ok: false, problems: [problem] };
      }
      const amountNote = amount === undefined ? undefined : recoveredNote(current, amount);
      const note = [amountNote, options.note?.trim()].filter((n) => n !== undefined && n !== '').join(' ');
      const at = options.at ?? new Date().toISOString();
      const change = changeStatus(current.status, status, at, note === '' ? undefined : note);
      if (!change.ok) return { ok: false, problems: [change.problem] };
      // A note on an item already recovered keeps its amount; any other change sets it (or clears it).
      const byHand =
        status !== 'recovered'
          ? null
          : amount !== undefined
            ? amount
            : current.status === 'recovered'
              ? current.recoveredByHandCents
              : null;
      this.db
        .prepare(
          'UPDATE recovery_findings SET status = ?, status_at = ?, status_by = NULL, recovered_by_hand_cents = ? WHERE id = ?',
        )
        .run(status, at, byHand, id);
      this.db
        .prepare(
          'INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note, changed_by) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, current.status, status, at, change.change.note ?? null, options.by ?? null);
      const updated = this.finding(id);
      return updated ? { ok: true, value: updated, problems: [] } : { ok: false, problems: [] };
    });
  }

  /** The submitted claim a finding's remittance claim matched, and the remittance claim itself (for appeal letters). */
  context(
    findingId: number,
  ): { submitted?: Claim; remitClaim: RemittanceClaim; remittance: Omit<Remittance, 'claims'> } | undefined {
    const row = this.db
      .prepare(
        `SELECT rc.body AS rc_body, c.body AS claim_body, r.header AS header FROM recovery_findings f
         JOIN recovery_remit_claims rc ON rc.id = f.remit_claim_row JOIN recovery_remittances r ON r.id = rc.remittance_id
         LEFT JOIN recovery_claims c ON c.id = rc.claim_row WHERE f.id = ?`,
      )
      .get(findingId) as Row | undefined;
    if (!row) return undefined;
    const out: { submitted?: Claim; remitClaim: RemittanceClaim; remittance: Omit<Remittance, 'claims'> } = {
      remitClaim: JSON.parse(String(row['rc_body'])) as RemittanceClaim,
      remittance: JSON.parse(String(row['header'])) as Omit<Remittance, 'claims'>,
    };
    if (row['claim_body'] !== null && row['claim_body'] !== undefined)
      out.submitted = JSON.parse(String(row['claim_body'])) as Claim;
    return out;
  }

  /** Denials of one claim line (claim id = CLP01/CLM01; line = submitted line sequence or SVC position). */
  lineDenials(claimId: string, line: number): (FindingRow & { finding: DenialFinding })[] {
    return this.denials({ claimId, line }) as (FindingRow & { finding: DenialFinding })[];
  }

  /** Sums of findings by a dimension (dashboard): count, adjustment/gap amount and recoverable dollars. */
  totals(
    by: TotalsDimension,
    filter: { openOnly?: boolean; kind?: 'denial' | 'underpayment' } = {},
  ): TotalsRow[] {
    const col: Record<TotalsDimension, string> = {
      cause: 'root_cause',
      payer: 'payer_name',
      code: 'code',
      month: "COALESCE(SUBSTR(remit_date, 1, 7), 'unknown')",
      status: 'status',
      kind: 'kind',
      action: 'action',
    };
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (filter.openOnly) {
      where.push(`status IN (${OPEN_STATUSES.map(() => '?').join(', ')})`);
      args.push(...OPEN_STATUSES);
    }
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    // Only an open item has money left to recover: a recovered, written-off, reversed or withdrawn item counts 0.
    const open = OPEN_STATUSES.map((st) => `'${st}'`).join(', ');
    const sql = `SELECT ${col[by]} AS k, COUNT(*) AS n, SUM(amount_cents) AS amount,
      SUM(CASE WHEN status IN (${open}) THEN recoverable_cents - recovered_cents ELSE 0 END) AS recoverable,
      SUM(${RECOVERED_SQL}) AS recovered
      FROM recovery_findings
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY k ORDER BY recoverable DESC, k`;
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => ({
      key: r['k'] === null ? '' : String(r['k']),
      count: Number(r['n']),
      amountCents: Number(r['amount'] ?? 0),
      recoverableCents: Number(r['recoverable'] ?? 0),
      recoveredCents: Number(r['recovered'] ?? 0),
    }));
  }

  /**
   * Everything that did not match, listed (never dropped), a page at a time: each list from `offset`, at most
   * `limit` (all without one), with its full count in `totals`.
   */
  unmatched(page: { limit?: number; offset?: number } = {}): UnmatchedReport {
    const offset = Math.max(0, page.offset ?? 0);
    const limit = page.limit ?? -1; // SQLite: a negative LIMIT is no limit
    const slice = <T>(all: T[]): T[] => all.slice(offset, limit < 0 ? undefined : offset + limit);
    const count = (sql: string): number => Number((this.db.prepare(sql).get() as Row)['n']);
    const remitClaims = (
      this.db
        .prepare(
          'SELECT id, patient_control_number, payer_claim_control_number, match_reason, charge_cents, paid_cents FROM recovery_remit_claims WHERE claim_row IS NULL ORDER BY id LIMIT ? OFFSET ?',
        )
        .all(limit, offset) as Row[]
    ).map((r) => ({
      id: Number(r['id']),
      patientControlNumber: String(r['patient_control_number']),
      payerClaimControlNumber:
        r['payer_claim_control_number'] === null ? null : String(r['payer_claim_control_number']),
      reason: r['match_reason'] === null ? 'not reconciled yet' : String(r['match_reason']),
      chargeCents: Number(r['charge_cents']),
      paidCents: Number(r['paid_cents']),
    }));
    const remitLines: UnmatchedReport['remitLines'] = [];
    const bodyOf = this.db.prepare('SELECT body FROM recovery_remit_claims WHERE id = ?');
    for (const r of this.db
      .prepare('SELECT id, line_matches FROM recovery_remit_claims WHERE claim_row IS NOT NULL ORDER BY id')
      .all() as Row[]) {
      const matches = JSON.parse(String(r['line_matches'] ?? '[]')) as LineMatch[];
      if (matches.every((m) => m.claimLine !== undefined && m.claimLine !== null)) continue;
      // The body only for the few claims with an unmatched line.
      const rc = JSON.parse(String((bodyOf.get(Number(r['id'])) as Row)['body'])) as RemittanceClaim;
      for (const m of matches) {
        if (m.claimLine !== undefined && m.claimLine !== null) continue;
        const svc = rc.serviceLines[m.remitLine];
        if (!svc) continue;
        remitLines.push({
          remitClaimId: Number(r['id']),
          patientControlNumber: rc.patientControlNumber,
          svcIndex: m.remitLine,
          code: svc.procedure.code,
          chargeCents: svc.chargeCents,
          paidCents: svc.paidCents,
        });
      }
    }
    const withoutRemittance =
      'FROM recovery_claims c WHERE NOT EXISTS (SELECT 1 FROM recovery_remit_claims rc WHERE rc.claim_row = c.id)';
    const claimsWithoutRemittance = (
      this.db
        .prepare(
          `SELECT id, claim_id, total_charge_cents, service_from ${withoutRemittance} ORDER BY id LIMIT ? OFFSET ?`,
        )
        .all(limit, offset) as Row[]
    ).map((r) => ({
      id: Number(r['id']),
      claimId: String(r['claim_id']),
      totalChargeCents: Number(r['total_charge_cents']),
      serviceFrom: r['service_from'] === null ? null : String(r['service_from']),
    }));
    return {
      remitClaims,
      remitLines: slice(remitLines),
      claimsWithoutRemittance,
      totals: {
        remitClaims: count('SELECT COUNT(*) AS n FROM recovery_remit_claims WHERE claim_row IS NULL'),
        remitLines: remitLines.length,
        claimsWithoutRemittance: count(`SELECT COUNT(*) AS n ${withoutRemittance}`),
      },
    };
  }

  /** The newest submitted claims (by import order), newest first, at most `limit`; parsed one at a time. */
  *newestClaims(limit: number): Generator<Claim> {
    const rows = this.db
      .prepare('SELECT body FROM recovery_claims ORDER BY id DESC LIMIT ?')
      .all(limit) as Row[];
    for (const r of rows) yield JSON.parse(String(r['body'])) as Claim;
  }

  /** Counts for status output and tests. */
  counts(): {
    files: number;
    claims: number;
    remittances: number;
    remitClaims: number;
    matched: number;
    findings: number;
  } {
    const n = (sql: string): number => Number((this.db.prepare(sql).get() as Row)['n']);
    return {
      files: n('SELECT COUNT(*) AS n FROM recovery_files'),
      claims: n('SELECT COUNT(*) AS n FROM recovery_claims'),
      remittances: n('SELECT COUNT(*) AS n FROM recovery_remittances'),
      remitClaims: n('SELECT COUNT(*) AS n FROM recovery_remit_claims'),
      matched: n('SELECT COUNT(*) AS n FROM recovery_remit_claims WHERE claim_row IS NOT NULL'),
      findings: n('SELECT COUNT(*) AS n FROM recovery_findings'),
    };
  }
}

/**
 * What an item brought in, for "recovered so far": what later remittances paid toward it, plus for an item a biller
 * marked recovered the amount they gave (on top of those payments, never in place of them), or, with no amount
 * given, its recoverable amount when no payment was seen (the rule before migration 007). Reconciliation never
 * touches an item a biller closed, so the biller's amount and the remittances' are not counted twice.
 */
const RECOVERED_SQL = `CASE
  WHEN status = 'recovered' AND status_by IS NULL AND recovered_by_hand_cents IS NOT NULL
    THEN recovered_cents + recovered_by_hand_cents
  WHEN status = 'recovered' AND recovered_cents = 0 THEN recoverable_cents
  ELSE recovered_cents END`;

/**
 * The day a stored claim was sent: its creation date (837 BHT04, FHIR Claim.created: recovery_claims.sent_date),
 * else the day it was imported. `c` is the recovery_claims row, `file` its recovery_files row.
 */
const sentDateSql = (c: string, file: string): string =>
  `COALESCE(${c}.sent_date, SUBSTR(${file}.imported_at, 1, 10))`;

/** A worklist item with the corrected claim sent for it (its id, kind, REF*F8 and the day it was sent). */
const FINDING_SELECT = `SELECT f.*, cc.claim_id AS cc_claim_id, cc.correction AS cc_correction,
  cc.payer_claim_control_number AS cc_pccn, ${sentDateSql('cc', 'ccf')} AS cc_sent
  FROM recovery_findings f LEFT JOIN recovery_claims cc ON cc.id = f.corrected_claim_row
  LEFT JOIN recovery_files ccf ON ccf.id = cc.file_id`;

/** The WHERE clause (with its arguments) of a findings filter, over `recovery_findings f`. */
/** LIKE pattern for "payer name contains": `%`, `_` and `\\` typed in the filter are themselves, not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function findingWhere(filter: FindingFilter): { where: string; args: SQLInputValue[] } {
  const where: string[] = [];
  const args: SQLInputValue[] = [];
  if (filter.kind) {
    where.push('f.kind = ?');
    args.push(filter.kind);
  }
  if (filter.payer) {
    where.push("(UPPER(f.payer_name) LIKE ? ESCAPE '\\' OR f.payer_id = ?)");
    args.push(containsPattern(filter.payer), filter.payer);
  }
  if (filter.cause) {
    where.push('f.root_cause = ?');
    args.push(filter.cause);
  }
  if (filter.status && filter.status.length > 0) {
    where.push(`f.status IN (${filter.status.map(() => '?').join(', ')})`);
    args.push(...filter.status);
  }
  if (filter.claimId !== undefined) {
    where.push('f.claim_id = ?');
    args.push(filter.claimId);
  }
  if (filter.line !== undefined) {
    where.push('f.line = ?');
    args.push(filter.line);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** The conditions (with their arguments) of a packaged-lines filter, over `recovery_packaged_lines q`. */
function packagedWhere(filter: Pick<FindingFilter, 'payer'>): { where: string; args: SQLInputValue[] } {
  const where = ['NOT EXISTS (SELECT 1 FROM recovery_remit_claims x WHERE x.reverses = q.remit_claim_row)'];
  const args: SQLInputValue[] = [];
  if (filter.payer) {
    where.push("(UPPER(q.payer_name) LIKE ? ESCAPE '\\' OR q.payer_id = ?)");
    args.push(containsPattern(filter.payer), filter.payer);
  }
  return { where: where.join(' AND '), args };
}

/** The date an item came in: its remittance's, else the day it was found (as findingAge counts). */
const RECEIVED = 'COALESCE(f.remit_date, SUBSTR(f.created_at, 1, 10))';

/**
 * ORDER BY for a sort key; the SQL comes from this fixed table only (never from the request). Ties go by id, so
 * paging is stable. Items with no deadline (or no line) come last in either direction.
 */
function findingOrder(sort: WorklistSort): string {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as WorklistSortKey;
  const dir = desc ? 'DESC' : 'ASC';
  const statusRank = `CASE f.status ${WORKLIST_STATUSES.map((st, i) => `WHEN '${st}' THEN ${i}`).join(' ')} END`;
  const columns: Record<WorklistSortKey, string> = {
    deadline: `f.deadline IS NULL, f.deadline ${dir}`,
    recoverable: `f.recoverable_cents - f.recovered_cents ${dir}`,
    amount: `f.amount_cents ${dir}`,
    // Youngest first: the latest date received.
    age: `${RECEIVED} ${desc ? 'ASC' : 'DESC'}`,
    received: `${RECEIVED} ${dir}`,
    claim: `f.claim_id COLLATE NOCASE ${dir}, f.line IS NULL, f.line ${dir}`,
    code: `f.code ${dir}`,
    payer: `f.payer_name COLLATE NOCASE ${dir}`,
    cause: `f.root_cause ${dir}`,
    // The order of the workflow (new, in-progress, …, withdrawn), not the alphabet.
    status: `${statusRank} ${dir}`,
  };
  return `${columns[key]}, f.id`;
}

function correctedClaimOf(r: Row): CorrectedClaimInfo | null {
  if (r['cc_claim_id'] === null || r['cc_claim_id'] === undefined) return null;
  const kind: CorrectionKind = r['cc_correction'] === 'void' ? 'void' : 'replacement';
  return {
    claimId: String(r['cc_claim_id']),
    kind,
    frequencyCode: kind === 'void' ? '8' : '7',
    payerClaimControlNumber: r['cc_pccn'] === null ? null : String(r['cc_pccn']),
    date: String(r['cc_sent']),
  };
}

function findingColumns(f: Finding): Record<string, SQLInputValue> {
  const denial = f.kind === 'denial' ? f : undefined;
  const under = f.kind === 'underpayment' ? f : undefined;
  return {
    kind: f.kind,
    claim_id: f.claimId,
    line: f.line,
    code: f.code,
    payer_name: f.payer.name,
    payer_id: f.payer.id ?? null,
    payer_kind: f.payer.kind,
    group_code: denial?.groupCode ?? null,
    carc: denial?.carc ?? null,
    rarc: denial ? JSON.stringify(denial.rarc) : null,
    // An underpayment is a payment below the fee schedule or contract: filed under `underpayment`.
    root_cause: denial?.classification.cause ?? 'underpayment',
    action: denial?.classification.action ?? 'appeal',
    amount_cents: denial?.amountCents ?? under?.gapCents ?? 0,
    recoverable_cents: denial?.recoverableCents ?? under?.gapCents ?? 0,
    paid_cents: f.paidCents,
    expected_cents: under?.expectedCents ?? null,
    service_date: f.serviceDate ?? null,
    remit_date: f.remitDate ?? null,
    deadline: f.deadline?.date ?? null,
    body: JSON.stringify(f),
  };
}

function toFindingRow(r: Row): FindingRow {
  const finding = JSON.parse(String(r['body'])) as Finding;
  return {
    id: Number(r['id']),
    kind: String(r['kind']) as 'denial' | 'underpayment',
    claimId: String(r['claim_id']),
    line: r['line'] === null ? null : Number(r['line']),
    code: String(r['code']),
    payer: String(r['payer_name']),
    payerId: r['payer_id'] === null ? null : String(r['payer_id']),
    payerKind: String(r['payer_kind']),
    groupCode: r['group_code'] === null ? null : String(r['group_code']),
    carc: r['carc'] === null ? null : String(r['carc']),
    rarc: r['rarc'] === null ? [] : (JSON.parse(String(r['rarc'])) as string[]),
    rootCause: String(r['root_cause']) as RootCause | 'underpayment',
    action: String(r['action']),
    amountCents: Number(r['amount_cents']),
    recoverableCents: Number(r['recoverable_cents']) - Number(r['recovered_cents'] ?? 0),
    recoveredCents: Number(r['recovered_cents'] ?? 0),
    recoveredByHandCents:
      r['recovered_by_hand_cents'] === null || r['recovered_by_hand_cents'] === undefined
        ? null
        : Number(r['recovered_by_hand_cents']),
    recoveredFrom:
      typeof r['recovered_from'] === 'string' && r['recovered_from'] !== '' ? r['recovered_from'] : null,
    paidCents: Number(r['paid_cents']),
    expectedCents: r['expected_cents'] === null ? null : Number(r['expected_cents']),
    serviceDate: r['service_date'] === null ? null : String(r['service_date']),
    remitDate: r['remit_date'] === null ? null : String(r['remit_date']),
    deadline: r['deadline'] === null ? null : String(r['deadline']),
    status: String(r['status']) as WorklistStatus,
    statusAt: String(r['status_at']),
    statusBy: r['status_by'] === 'reconcile' ? 'reconcile' : null,
    correctedClaim: correctedClaimOf(r),
    createdAt: String(r['created_at']),
    finding,
  };
}

/** Age in days of a finding as of a date (from the remittance date, else from when it was found). */
export function findingAge(row: Pick<FindingRow, 'remitDate' | 'createdAt'>, asOf: IsoDate): number {
  return ageDays(row.remitDate ?? row.createdAt.slice(0, 10), asOf);
}

/** A remittance in a history note: "remittance of 2026-03-20, check/EFT 883000222, payer claim 2026…". */
function remittanceWords(remittance: Omit<Remittance, 'claims'>, pccn: unknown): string {
  const date = remittance.payment.date ?? remittance.productionDate;
  return [
    date !== undefined ? `remittance of ${date}` : 'a remittance',
    remittance.payment.traceNumber !== undefined ? `check/EFT ${remittance.payment.traceNumber}` : undefined,
    typeof pccn === 'string' && pccn !== '' ? `payer claim ${pccn}` : undefined,
  ]
    .filter((p) => p !== undefined)
    .join(', ');
}

/** The history note of an item a corrected claim answers: which claim, what it corrects, when it came in. */
function correctionNote(c: CorrectedClaimInfo, again: boolean): string {
  const what = `claim ${c.claimId}, frequency ${c.frequencyCode} (${c.kind === 'void' ? 'void' : 'replacement'} of payer claim ${c.payerClaimControlNumber ?? 'not given'}), of ${c.date}`;
  return c.kind === 'void'
    ? `The claim was voided: ${what}. Nothing is left to recover on it; withdrawn by reconciliation.`
    : `${again ? 'Another corrected claim was sent' : 'A corrected claim was sent'}: ${what}. The payer's answer to it decides this item: its payment closes it as recovered.`;
}

/** A denial in words: "CO-50 N115". */
function denialWords(f: Pick<DenialFinding, 'groupCode' | 'carc' | 'rarc'>): string {
  return [`${f.groupCode}-${f.carc}`, ...f.rarc].join(' ');
}

/** The history note of a finding closed by a reversal: which remittance reversed it. */
function reversalNote(reversal: Remittance, pccn: unknown): string {
  return `The payer reversed this adjudication (835 CLP02 22; ${remittanceWords(reversal, pccn)}). A corrected adjudication, if any, is its own item.`;
}
