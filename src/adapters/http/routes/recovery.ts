/**
 * Revenue recovery over HTTP: import claims and remittances, denials, underpayments, the worklist with status
 * changes, appeal letters (Markdown or PDF) and the dashboard aggregates. Every route needs a signed-in user and
 * every call is written to the audit log (claim data); none of them logs claim content.
 */
import type { Problem, Severity } from '../../../core/problem.ts';
import { z } from 'zod';
import { draftLineLetter, letterJson } from '../../../core/recovery/letters.ts';
import {
  ROOT_CAUSES,
  WORKLIST_STATUSES,
  type StatusChange,
  type WorklistStatus,
} from '../../../core/recovery/model.ts';
import {
  ageDays,
  allowedStatuses,
  OPEN_STATUSES,
  WORKLIST_TRANSITIONS,
} from '../../../core/recovery/worklist.ts';
import { renderAppealPdf } from '../../appeal-pdf/index.ts';
import { readClaimBytesPaced, type ClaimFileResult } from '../../claim-files/index.ts';
import { NoReferenceDataError } from '../../store/index.ts';
import {
  denialJson,
  findingNext,
  packagedJson,
  recoverableNote,
  underpaymentJson,
} from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import type { RecoverySession } from '../../store/recovery/session.ts';
import {
  DUE_SOON_DAYS,
  findingAge,
  importErrors,
  prepareImport,
  RecoveryStore,
  problemWithPosition,
  WORKLIST_SORT_KEYS,
  type FindingRow,
  type ImportAudit,
  type ImportSummary,
  type WorklistSort,
  type ReconcileSummary,
} from '../../store/recovery/store.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, RouteContext } from '../context.ts';
import { auditEntry, clientGone, requestTag } from '../audit.ts';
import { HttpError, ProblemBody, unprocessable } from '../errors.ts';
import { errors, IsoDate, today, secure } from '../schemas.ts';
import { pacer, serialQueue, turn } from '../pace.ts';
import { readUploads, uploadDigest, uploadScope } from '../uploads.ts';
import { avoidableWaste, WasteRowBody } from './waste.ts';

/** Thrown by the start-up reconcile's pace when the server closes: it stops before writing anything. */
class ServerClosing extends Error {
  constructor() {
    super('the server is closing');
  }
}

/** What a 503 `import-queue-full` tells the client to wait: an import takes seconds, a queue of big ones longer. */
const IMPORT_RETRY_AFTER_SECONDS = 30;

/** Read problems an import lists per file: enough to mend a file, a bounded answer for one with thousands. */
export const READ_PROBLEMS_LISTED = 200;

export interface RecoveryServices {
  /** The recovery store and rules; absent = the routes answer 503. */
  recovery?: RecoverySession;
}

const StatusList = z
  .string()
  .trim()
  .refine(
    (s) =>
      s === 'open' ||
      s === 'all' ||
      s.split(',').every((p) => (WORKLIST_STATUSES as readonly string[]).includes(p.trim())),
    {
      message: `open, all, or statuses separated by commas (${WORKLIST_STATUSES.join(', ')})`,
    },
  );

function statuses(value: string | undefined): readonly WorklistStatus[] | undefined {
  if (value === undefined || value === 'open') return OPEN_STATUSES;
  if (value === 'all') return WORKLIST_STATUSES;
  return value.split(',').map((s) => s.trim() as WorklistStatus);
}

const FindingQuery = z.object({
  payer: z.string().trim().min(1).max(100).optional().describe('payer name (contains) or payer id'),
  cause: z.enum([...ROOT_CAUSES, 'underpayment']).optional(),
  status: StatusList.optional().describe('open (default), all, or a comma-separated list'),
  asOf: IsoDate.optional().describe(
    'date ages and days-to-deadline are counted to (default today); not a snapshot: statuses and dollars are as they are now, later payments included',
  ),
});

const Loose = z.record(z.string(), z.unknown());

const ImportRowBody = z.object({
  file: z.string(),
  status: z.enum(['imported', 'already-imported', 'rejected']),
  format: z.string().optional(),
  items: z.number().int().optional(),
  added: z.number().int().optional(),
  lines: z.number().int().optional(),
  problems: z.number().int().optional(),
  readProblems: z
    .array(ProblemBody)
    .optional()
    .describe(
      `the problems met reading the file, with their positions: errors first, then warnings, then info, each in file order, at most ${READ_PROBLEMS_LISTED}`,
    ),
  problemsOmitted: z
    .number()
    .int()
    .optional()
    .describe('read problems not in `readProblems` (past the cap, or counted but not listed by the reader)'),
  /** Claims read with an error inside them, not stored: id, where the claim starts, the errors with positions. */
  notStored: z.array(Loose).optional(),
  /** Kept for clients of the first version: the errors as text lines; `reasons`, `readProblems` and `notStored` say it in parts. */
  errors: z.array(z.string()).optional(),
  reasons: z
    .array(z.string())
    .optional()
    .describe(
      'why the file was refused, besides its read problems (the wrong kind of file, nothing read, too many errors to place); empty when it was imported',
    ),
});

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * A file's read problems as its import row lists them: errors first, then warnings, then info, each in file order, at
 * most READ_PROBLEMS_LISTED; `problemsOmitted` counts the others, those past the reader's own cap included. The
 * reader's note of what it only counted (`claim-file.too-many-problems`) is left out: `problemsOmitted` says it.
 */
function listedReadProblems(read: Pick<ClaimFileResult, 'problems' | 'problemTotals'>): {
  readProblems: Problem[];
  problemsOmitted: number;
} {
  const problems = read.problems.filter((p) => p.code !== 'claim-file.too-many-problems');
  const { error, warning, info } = read.problemTotals;
  const counted = error + warning + info - (read.problems.length - problems.length);
  const readProblems = SEVERITY_ORDER.flatMap((s) => problems.filter((p) => p.severity === s)).slice(
    0,
    READ_PROBLEMS_LISTED,
  );
  return { readProblems, problemsOmitted: Math.max(0, counted - readProblems.length) };
}

/** A rejected file's problems in the 422 when no file is imported: those its row lists, and how many it does not. */
function refusalProblems(
  file: string,
  listed: { readProblems: Problem[]; problemsOmitted: number },
): Problem[] {
  if (listed.problemsOmitted === 0) return listed.readProblems;
  return [
    ...listed.readProblems,
    {
      code: 'import.problems-omitted',
      severity: 'info',
      message: `${listed.problemsOmitted} more problems reading ${file} are not listed.`,
      at: { file },
      data: { omitted: listed.problemsOmitted },
    },
  ];
}

const ReconcileBody = z
  .object({
    remitClaimsAnalyzed: z.number().int(),
    matched: z.number().int(),
    unmatched: z
      .number()
      .int()
      .describe('remittance claims analysed in this run (this import) that matched no submitted claim'),
    stillUnmatched: z
      .number()
      .int()
      .describe(
        'remittance claims of earlier imports, still without a submitted claim, tried again in this run (not in `unmatched`; GET /claims/unmatched lists them all)',
      ),
    ambiguous: z.number().int(),
    denials: z.number().int(),
    underpayments: z.number().int(),
    findingsAdded: z.number().int(),
    findingsRemoved: z.number().int(),
    reversalsLinked: z
      .number()
      .int()
      .describe('reversals (835 CLP02 22) tied to the adjudication they reverse'),
    findingsReversed: z.number().int().describe('open findings closed as "reversed" by those reversals'),
    findingsJoined: z
      .number()
      .int()
      .describe(
        'findings of an adjudication already reported by another 835 (a new TRN, new payer claim numbers): noted on the item, not added',
      ),
    findingsRecovered: z
      .number()
      .int()
      .describe('open findings closed as "recovered" because a later remittance paid their line'),
    findingsReopened: z
      .number()
      .int()
      .describe(
        'items closed as "recovered" by reconciliation, reopened because the payer reversed (CLP02 22) the payment that closed them',
      ),
    correctionsLinked: z
      .number()
      .int()
      .describe('corrected claims (837 CLM05-3 7 or 8, REF*F8) tied to the claim they replace or void'),
    findingsCorrected: z
      .number()
      .int()
      .describe('open items set to "corrected-claim-sent" because a corrected claim answers their claim'),
    findingsWithdrawn: z
      .number()
      .int()
      .describe(
        'open items closed as "withdrawn": the claim was voided, or the payer denied its corrected claim',
      ),
    packagedLines: z
      .number()
      .int()
      .describe(
        'bundling adjustments (CO-97 …) on lines Medicare OPPS packages (status indicator N): the expected adjudication, not worked (GET /packaged lists them)',
      ),
  })
  .nullable();

const CorrectedClaimBody = z
  .object({
    claimId: z.string().describe('CLM01 of the corrected claim'),
    kind: z.enum(['replacement', 'void']),
    frequencyCode: z.enum(['7', '8']).describe('CLM05-3'),
    payerClaimControlNumber: z.string().nullable().describe('its REF*F8: the payer claim it corrects'),
    date: z
      .string()
      .describe('the day it was sent (837 BHT04, FHIR Claim.created), else the day it was imported'),
  })
  .nullable()
  .describe('the corrected claim sent for the item (corrected-claim-sent, or the void that withdrew it)');

export const WorkItemBody = z.object({
  id: z.number().int(),
  kind: z.enum(['denial', 'underpayment']),
  claimId: z.string(),
  line: z.number().int().nullable(),
  code: z.string(),
  payer: z.string(),
  payerKind: z.string(),
  groupCode: z.string().nullable(),
  carc: z.string().nullable(),
  rarc: z.array(z.string()),
  rootCause: z.string(),
  rootCauseTitle: z.string().describe('The root cause in plain words (rules/denials/mapping.yaml)'),
  action: z.string(),
  next: z.string().nullable(),
  amountCents: z.number().int(),
  recoverableCents: z
    .number()
    .int()
    .describe('left to recover: what later remittances paid on the line is taken off'),
  recoveredCents: z.number().int().describe('paid on the line by later remittances'),
  recoveredByHandCents: z
    .number()
    .int()
    .nullable()
    .describe(
      'the amount a biller gave when marking the item recovered, on top of recoveredCents; null when none was given',
    ),
  recoverableNote: z
    .string()
    .nullable()
    .describe(
      'how sure recoverableCents is: an upper bound (the denied amount, no expected rate) or an estimate (OPPS national rate); null when it is the expected amount',
    ),
  paidCents: z.number().int(),
  units: z
    .number()
    .nullable()
    .describe('units billed on the line (SVC07, else the claim line); null when unknown'),
  paidUnits: z
    .number()
    .nullable()
    .describe(
      'an underpayment on a line the payer paid fewer units of than were billed, with no denial adjustment explaining the cut: the units paid (the expectation is on `units`); null otherwise',
    ),
  expectedCents: z
    .number()
    .int()
    .nullable()
    .describe(
      "the line's expected payment: an underpayment's, or a denial's on the units billed (an estimate when recoverableNote says so); null when none could be computed",
    ),
  serviceDate: z.string().nullable(),
  remitDate: z.string().nullable(),
  deadline: z.string().nullable(),
  daysToDeadline: z.number().int().nullable(),
  ageDays: z.number().int().nullable(),
  status: z
    .enum(WORKLIST_STATUSES)
    .describe(
      'open: new, in-progress, appealed, resubmitted, corrected-claim-sent; closed: recovered, written-off, reversed, withdrawn (corrected-claim-sent, reversed and withdrawn are set by reconciliation only)',
    ),
  statusAt: z.string(),
  correctedClaim: CorrectedClaimBody,
  allowedStatuses: z
    .array(z.enum(WORKLIST_STATUSES))
    .describe(
      'the statuses POST /worklist/:id/status takes for this item: its transitions, then its own status, which only adds a note (a note is then required) unless it is a transition too (appealed → appealed, the next level); no item goes back to new',
    ),
});
type WorkItem = z.infer<typeof WorkItemBody>;

/**
 * True when a status change repeats the last one: the same status again, with no note or the note it was given
 * (a recovered amount already recorded counts as the same). A note with another text is a new entry.
 */
function isRetry(
  current: FindingRow,
  last: StatusChange | undefined,
  change: { status: string; note?: string | undefined; recoveredCents?: number | undefined },
): boolean {
  if (last === undefined || current.status !== change.status || last.to !== change.status) return false;
  if (change.recoveredCents !== undefined && change.recoveredCents !== current.recoveredByHandCents)
    return false;
  const note = change.note?.trim() ?? '';
  return note === '' || (last.note ?? '').endsWith(note);
}

function causeTitle(session: RecoverySession, cause: string): string {
  if (cause === 'underpayment') return 'Underpayment';
  return (
    session.rules.mapping.rootCauses[cause as keyof typeof session.rules.mapping.rootCauses]?.title ?? cause
  );
}

function workItem(session: RecoverySession, row: FindingRow, asOf: string): WorkItem {
  return {
    id: row.id,
    kind: row.kind,
    claimId: row.claimId,
    line: row.line,
    code: row.code,
    payer: row.payer,
    payerKind: row.payerKind,
    groupCode: row.groupCode,
    carc: row.carc,
    rarc: row.rarc,
    rootCause: row.rootCause,
    rootCauseTitle: causeTitle(session, row.rootCause),
    action: row.action,
    next: findingNext(row.finding),
    amountCents: row.amountCents,
    recoverableCents: row.recoverableCents,
    recoveredCents: row.recoveredCents,
    recoveredByHandCents: row.recoveredByHandCents,
    recoverableNote: recoverableNote(row.finding),
    paidCents: row.paidCents,
    units: row.finding.units ?? null,
    paidUnits: row.finding.kind === 'underpayment' ? (row.finding.paidUnits ?? null) : null,
    expectedCents:
      row.expectedCents ?? (row.finding.kind === 'denial' ? (row.finding.expectedCents ?? null) : null),
    serviceDate: row.serviceDate,
    remitDate: row.remitDate,
    deadline: row.deadline,
    daysToDeadline: row.deadline === null ? null : ageDays(asOf, row.deadline),
    ageDays: findingAge(row, asOf),
    status: row.status,
    statusAt: row.statusAt,
    correctedClaim: row.correctedClaim,
    allowedStatuses: allowedStatuses(row.status),
  };
}

const SORTS = [...WORKLIST_SORT_KEYS, ...WORKLIST_SORT_KEYS.map((k) => `-${k}` as const)] as const;

/** Paging of the worklist, denials and underpayments: one set of parameters, limits and defaults for the three. */
const PageQuery = {
  limit: z.coerce.number().int().min(1).max(5000).default(1000).describe('items per page (max 5000)'),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip'),
  sort: z
    .enum(SORTS)
    .default('deadline')
    .describe(
      'deadline (default), recoverable, amount, age (youngest first), received (remittance date), claim, code, payer, cause, status (workflow order); "-" before it for descending',
    ),
};

const WorklistTotalsBody = z
  .object({
    openItems: z.number().int().describe('open items among them'),
    recoverableCents: z.number().int().describe('left to recover on the open items'),
    dueSoon: z
      .number()
      .int()
      .describe(`open items whose deadline is within ${DUE_SOON_DAYS} days of asOf (that day included)`),
    pastDeadline: z.number().int().describe('open items whose deadline is before asOf'),
  })
  .describe('totals of every item the filters match, not only of this page');

const QualifiedBody = z.object({ items: z.number().int(), recoverableCents: z.number().int() });
/** What part of an open recoverable total is no expected payment (the CLI's ≤ and ~ footnote). */
const RecoverableQualifiers = {
  upperBound: QualifiedBody.describe(
    'open denials with no expected rate: their recoverable amount is the denied amount (the charge), an upper bound, not a payment the payer would make',
  ),
  estimate: QualifiedBody.describe(
    "open denials whose recoverable amount is the national unadjusted OPPS (APC) rate, before the hospital's wage index",
  ),
};

const Bucket = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  amountCents: z.number().int(),
  recoverableCents: z.number().int(),
});

const DashboardBody = z.object({
  asOf: z.string(),
  totals: z.object({
    openItems: z.number().int(),
    openDenials: z.number().int(),
    openUnderpayments: z.number().int(),
    recoverableCents: z.number().int(),
    deniedCents: z.number().int(),
    underpaidCents: z.number().int(),
    recoveredCents: z.number().int(),
    dueSoon: z.number().int(),
    pastDeadline: z.number().int(),
    ...RecoverableQualifiers,
  }),
  byCause: z.array(Bucket),
  byPayer: z.array(Bucket),
  byCode: z.array(Bucket),
  byMonth: z.array(Bucket),
  byStatus: z.array(Bucket),
  avoidableWaste: z.array(WasteRowBody),
  counts: z.object({
    files: z.number().int(),
    claims: z.number().int(),
    remittances: z.number().int(),
    remitClaims: z.number().int(),
    matched: z.number().int(),
    findings: z.number().int(),
  }),
});

export async function registerRecoveryRoutes(
  app: App,
  ctx: RouteContext,
  services: RecoveryServices,
): Promise<void> {
  const session = (): RecoverySession => {
    if (!services.recovery)
      throw new HttpError(503, 'no-recovery-store', 'The recovery store is not available in this server.');
    return services.recovery;
  };
  const notFound = (id: number) => new HttpError(404, 'not-found', `No worklist item ${id}.`);

  // ---- imports ----
  // Read and prepared with other requests answered in between (pace); each file written in one synchronous
  // transaction, so no request sees half an import. One import at a time: its reconcile sees only its own files.
  // The queue is bounded: each import waiting holds its upload in memory.
  const oneImportAtATime = serialQueue(ctx.config.maxWaitingImports);
  /**
   * An import whose client has gone before it wrote anything is not run: nobody would see its answer. Its audit row
   * says so (status 499, nginx's "client closed request": no client gets it), with the files' digests.
   */
  const skipped = (request: FastifyRequest): HttpError => {
    const files = request.auditResource;
    request.auditResource = files === null ? 'skipped:client-gone' : `skipped:client-gone ${files}`;
    return new HttpError(
      499,
      'client-gone',
      'The client closed the connection before its import began: nothing was imported.',
    );
  };
  const queueFull = (reply: FastifyReply): HttpError => {
    void reply.header('retry-after', String(IMPORT_RETRY_AFTER_SECONDS));
    return new HttpError(
      503,
      'import-queue-full',
      `The server is busy importing other files (one running, ${ctx.config.maxWaitingImports} waiting): nothing was imported; retry in ${IMPORT_RETRY_AFTER_SECONDS} seconds.`,
    );
  };
  /**
   * The audit row of each file an import stores, written in the file's own transaction (`ImportAudit`): the call's
   * row comes only as it answers, after the files are committed, and a full disk can refuse it then. Which file
   * (digest) and how much of it, never its name or claim ids (PHI); the request tag ties it to the call's log lines.
   * In the server the recovery store and the accounts share one database file (server.ts), so one `audit_log`.
   */
  const storedFileAudit = (request: FastifyRequest): ImportAudit | undefined => {
    const call = auditEntry(request, 200);
    const tag = requestTag(request);
    return (
      call &&
      ((stored) => {
        // The call's own row names the tag too, even when a later file fails and the call answers an error.
        const resource = request.auditResource;
        if (resource === null || !resource.endsWith(tag))
          request.auditResource = resource === null ? tag : `${resource} ${tag}`;
        return {
          ...call,
          resource: `file sha256:${stored.sha256.slice(0, 12)} items:${stored.items} added:${stored.added} ${tag}`,
        };
      })
    );
  };
  const importRoute = (kind: 'claims' | 'remittances', url: string, action: string) =>
    uploadScope(app, ctx.config, (scope) => {
      scope.post(
        url,
        {
          bodyLimit: ctx.config.uploadLimitBytes,
          config: { access: 'biller', audit: action, upload: true },
          // A full queue refuses before the upload is read (up to the upload limit, in memory); the queue's own
          // check, once it is read, stays the final word.
          preParsing: async (_request, reply, payload) => {
            if (oneImportAtATime.length > ctx.config.maxWaitingImports) throw queueFull(reply);
            return payload;
          },
          schema: {
            tags: ['recovery'],
            summary:
              kind === 'claims'
                ? 'Import submitted claims (837P/837I, FHIR Claim, JSON); idempotent'
                : 'Import remittances (835, FHIR ExplanationOfBenefit); idempotent, then match and classify',
            description:
              'The same bytes imported twice add nothing. After new items the remittances are matched to claims and every adjustment classified.',
            ...secure,
            querystring: z.object({
              fileName: z
                .string()
                .max(200)
                .optional()
                .describe(
                  'deprecated (a URL is logged by proxies): name of a raw-body upload; send the x-file-name header or a multipart part instead',
                ),
            }),
            response: {
              200: z.object({ files: z.array(ImportRowBody), reconcile: ReconcileBody }),
              ...errors(400, 401, 403, 413, 422, 503),
            },
          },
        },
        async (request, reply) => {
          const s = session();
          const uploads = await readUploads(request, kind === 'claims' ? 'claims.x12' : 'remittance.835');
          const ahead = oneImportAtATime.length;
          if (ahead > 0 && ahead <= ctx.config.maxWaitingImports)
            request.log.info({ ahead }, 'import waits for the imports before it');
          const gone = (): boolean => clientGone(reply);
          // A client that leaves while its import waits gives its place back at once, not when its turn comes.
          const leaving = new AbortController();
          const leave = (): void => {
            if (gone()) leaving.abort();
          };
          reply.raw.once('close', leave);
          leave();
          const outcome = await oneImportAtATime.run(async () => {
            const pace = pacer();
            /** A file written: from then on the import finishes (one transaction per file), whoever is left to answer. */
            let wrote = false;
            const rows: z.infer<typeof ImportRowBody>[] = [];
            /** The problems behind each rejected file, with codes and positions: the 422 when none was imported. */
            const rejections: Problem[] = [];
            for (const file of uploads) {
              if (file !== uploads[0]) await turn();
              // The same bytes imported before as this kind: said at once, without reading and preparing them again
              // (importPrepared checks again inside its transaction).
              const sha256 = RecoveryStore.hash(file.bytes);
              if (s.store.fileBySha(sha256, kind) !== undefined) {
                rows.push({
                  file: file.name,
                  status: 'already-imported',
                  items: 0,
                  added: 0,
                  lines: 0,
                  problems: 0,
                  readProblems: [],
                  problemsOmitted: 0,
                  notStored: [],
                });
                continue;
              }
              const read = await readClaimBytesPaced(file.name, file.bytes, { pace });
              const fatal = read.problems.filter((p) => p.severity === 'error');
              const listed = listedReadProblems(read);
              const items = kind === 'claims' ? read.claims.length : read.remittances.length;
              if (items > 0 && read.problemTotals.error > fatal.length) {
                const tooMany = `${file.name} has ${read.problemTotals.error} read errors, more than can be listed and placed: nothing imported`;
                // Errors past the listing cap cannot be placed in their claims: keep nothing rather than guess.
                rejections.push(...refusalProblems(file.name, listed));
                rows.push({
                  file: file.name,
                  status: 'rejected',
                  ...listed,
                  errors: [tooMany, ...fatal.slice(0, 20).map(problemWithPosition)],
                  reasons: [tooMany],
                });
                continue;
              }
              if (items === 0) {
                const other = kind === 'claims' ? read.remittances.length : read.claims.length;
                const reason = (code: string, message: string): Problem[] => [
                  { code, severity: 'error', message, at: { file: file.name } },
                ];
                const why =
                  other > 0
                    ? reason(
                        'import.wrong-kind',
                        `${file.name} holds ${kind === 'claims' ? 'remittances' : 'claims'}, not ${kind}: use ${kind === 'claims' ? '/api/remits/import' : '/api/claims/import'}`,
                      )
                    : fatal.length > 0
                      ? fatal.slice(0, 20)
                      : reason('import.nothing-read', `no ${kind} found in ${file.name}`);
                rejections.push(
                  ...(other === 0 && fatal.length > 0 ? refusalProblems(file.name, listed) : why),
                );
                rows.push({
                  file: file.name,
                  status: 'rejected',
                  ...listed,
                  // The reader's problems are listed with their positions, as on the other rows.
                  errors:
                    other === 0 && fatal.length > 0
                      ? why.map(problemWithPosition)
                      : why.map((p) => p.message),
                  reasons:
                    other === 0 && fatal.length > 0
                      ? [`no ${kind} could be read from ${file.name} without errors: nothing imported`]
                      : why.map((p) => p.message),
                });
                continue;
              }
              const meta = { format: read.format, problems: read.problems };
              const prepared = await prepareImport(kind, read, pace);
              // Reading and preparing a big file takes seconds: its client may have gone meanwhile.
              if (!wrote && gone()) throw skipped(request);
              wrote = true;
              const summary: ImportSummary = s.store.importPrepared(
                { name: file.name, sha256 },
                prepared,
                meta,
                { audit: storedFileAudit(request) },
              );
              const errors = importErrors(summary, read.problems);
              if (summary.status === 'rejected')
                rejections.push(
                  ...(fatal.length > 0
                    ? refusalProblems(file.name, listed)
                    : errors.map((message) => ({
                        code: 'import.rejected',
                        severity: 'error' as const,
                        message,
                        at: { file: file.name },
                      }))),
                );
              rows.push({
                file: file.name,
                status: summary.status,
                ...(summary.format !== undefined ? { format: summary.format } : {}),
                items: summary.items,
                added: summary.added,
                lines: summary.lines,
                problems: summary.problems,
                ...listed,
                notStored: summary.notStored.map((n) => ({ ...n })),
                ...(errors.length > 0 ? { errors } : {}),
                // Refused with no read error of its own (all its items refused): the lines are the reasons.
                reasons: summary.status === 'rejected' && fatal.length === 0 ? errors : [],
              });
            }
            // Which file (its digest, as check.run records it) and how much of it, never its name or claim ids (PHI);
            // the request tag, as each stored file's own row carries it, ties those rows to this one.
            request.auditResource = `${rows
              .map(
                (r, i) =>
                  `${r.status} sha256:${uploadDigest(uploads[i]?.bytes)} items:${r.items ?? 0} added:${r.added ?? 0}`,
              )
              .join(',')} ${requestTag(request)}`;
            if (rows.every((r) => r.status === 'rejected')) {
              // The readers' own problems, with their codes and positions (file, line, segment, element).
              const fallback = rows.flatMap((r) =>
                (r.errors ?? []).map((message) => ({
                  code: 'unreadable-file',
                  severity: 'error' as const,
                  message,
                })),
              );
              throw unprocessable(
                'unreadable-file',
                rejections.length > 0 ? rejections : fallback,
                'No file could be read.',
              );
            }
            let reconcile: ReconcileSummary | null = null;
            // Also when an earlier import's matching failed (busy store, no reference data) or its process stopped
            // before its reconcile committed (schema 012): its retry adds nothing.
            if (
              rows.some((r) => r.status === 'imported' && (r.added ?? 0) > 0) ||
              s.store.unreconciledFiles().length > 0 ||
              s.store.hasUnanalysedRemittances()
            ) {
              await turn();
              try {
                // Matching is read and worked out in slices; only its filing blocks (one transaction).
                reconcile = await s.store.reconcilePaced(await s.analysisContext(), {}, pace);
              } catch (err) {
                if (!(err instanceof NoReferenceDataError)) throw err;
                throw new HttpError(
                  503,
                  'no-reference-data',
                  'Imported, but matching needs reference data: load it (drugclaim data sync / data import) and re-run.',
                );
              }
            }
            return { files: rows, reconcile };
          }, leaving.signal);
          reply.raw.off('close', leave);
          if (outcome.ran) return outcome.value;
          if (outcome.code === 'skipped') throw skipped(request);
          throw queueFull(reply);
        },
      );
    });

  await importRoute('claims', '/claims/import', 'claims.import');
  await importRoute('remittances', '/remits/import', 'remits.import');

  // ---- an import's reconcile left unfinished ----
  // A process killed between storing a file and filing its findings (schema 012: a CLI import, or this server before
  // a restart) left the worklist incomplete. The server finishes it as it starts: in the import queue, so an import
  // sent meanwhile waits and then sees complete findings, and paced, so requests are answered meanwhile. Closing
  // stops it between two steps, before anything is written; the next start does it again.
  let closing = false;
  let finishing: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', async () => {
    const s = services.recovery;
    const files = s?.store.unreconciledFiles() ?? [];
    if (s === undefined || files.length === 0) return;
    // File ids only: a file's name can hold patient data, as the audit log keeps it out too.
    const fileIds = files.map((f) => f.id);
    app.log.warn({ fileIds }, 'finishing the reconcile of imports that stopped before it');
    finishing = oneImportAtATime
      .run(async () => {
        const pace = pacer();
        const summary = await s.store.reconcilePaced(await s.analysisContext(), {}, async () => {
          if (closing) throw new ServerClosing();
          await pace();
        });
        app.log.info(
          { fileIds, findingsAdded: summary.findingsAdded, findingsRemoved: summary.findingsRemoved },
          'the unfinished reconcile is done',
        );
      })
      .catch((err: unknown) => {
        if (err instanceof ServerClosing) return;
        if (err instanceof NoReferenceDataError)
          app.log.warn(
            { fileIds },
            'the unfinished reconcile needs reference data: the next import or `drugclaim remit reconcile` finishes it',
          );
        else app.log.error({ fileIds, err }, 'the unfinished reconcile failed');
      });
  });
  app.addHook('onClose', async () => {
    closing = true;
    await finishing;
  });

  app.get(
    '/claims/unmatched',
    {
      config: { access: 'viewer', audit: 'claims.unmatched' },
      schema: {
        tags: ['recovery'],
        summary:
          'Remittance claims and lines with no submitted partner, and claims no remittance has answered (paged)',
        description:
          'Each list is paged alike: from `offset`, at most `limit` entries; `totals` gives how many each list holds.',
        ...secure,
        querystring: z.object({
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(1000)
            .default(100)
            .describe('entries per list (max 1000)'),
          offset: z.coerce.number().int().min(0).default(0).describe('entries of each list to skip'),
        }),
        response: {
          200: z.object({
            remitClaims: z.array(Loose),
            remitLines: z.array(Loose),
            claimsWithoutRemittance: z.array(Loose),
            totals: z.object({
              remitClaims: z.number().int(),
              remitLines: z.number().int(),
              claimsWithoutRemittance: z.number().int(),
            }),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const u = session().store.unmatched({ limit, offset });
      request.auditResource = `rows:${u.remitClaims.length + u.remitLines.length + u.claimsWithoutRemittance.length} offset:${offset}`;
      return { ...u, limit, offset };
    },
  );

  // ---- denials and underpayments (the CLI's --json records), paged as the worklist ----
  const findingPage = (
    kind: 'denial' | 'underpayment',
    q: {
      payer?: string | undefined;
      cause?: string | undefined;
      status?: string | undefined;
      asOf?: string | undefined;
      sort: WorklistSort;
      limit: number;
      offset: number;
    },
  ) => {
    const s = session();
    const filter = {
      kind,
      ...(q.payer !== undefined ? { payer: q.payer } : {}),
      ...(q.cause !== undefined ? { cause: q.cause } : {}),
      // Every status unless asked (as `drugclaim denials` and `underpaid`), where the worklist lists the open ones.
      ...(q.status !== undefined ? { status: statuses(q.status) ?? [] } : {}),
    };
    const asOf = q.asOf ?? today();
    const rows = s.store.findings(filter, { sort: q.sort, limit: q.limit, offset: q.offset });
    const {
      items: total,
      openAmountCents: amountCents,
      qualifiers: _,
      ...totals
    } = s.store.findingSummary(filter, asOf);
    return {
      rows,
      asOf,
      page: { total, offset: q.offset, limit: q.limit, sort: q.sort, totals: { ...totals, amountCents } },
    };
  };
  const ListTotalsBody = WorklistTotalsBody.extend({
    amountCents: z
      .number()
      .int()
      .describe(
        'denied amounts (denials) or gaps below the expected payment (underpayments) of the open ones',
      ),
  });
  const pageDescription = (what: string) =>
    `A page of the ${what} the filters match (every status unless \`status\` says), paged as GET /worklist: sorted by \`sort\` (${WORKLIST_SORT_KEYS.join(', ')}; \`-\` before a key for descending; ties by item id, so pages never overlap; no deadline comes last), from \`offset\`, at most \`limit\`. \`total\` counts every one the filters match and \`totals\` sums them (open ones only), whatever the page.`;
  const PageBody = {
    total: z.number().int().describe('rows the filters match (all pages)'),
    offset: z.number().int(),
    limit: z.number().int(),
  };

  app.get(
    '/denials',
    {
      config: { access: 'viewer', audit: 'denials.list' },
      schema: {
        tags: ['recovery'],
        summary:
          'Denied drug lines: root cause, next action, amount, recoverable dollars, appeal deadline (as `drugclaim denials --json`; paged)',
        description: pageDescription('denials'),
        ...secure,
        querystring: FindingQuery.extend(PageQuery),
        response: {
          200: z.object({
            denials: z.array(Loose),
            ...PageBody,
            sort: z.enum(SORTS),
            totals: ListTotalsBody,
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const { rows, asOf, page } = findingPage('denial', request.query);
      request.auditResource = listedIds('worklist', rows);
      return { denials: rows.map((r) => denialJson(r, asOf)), ...page };
    },
  );

  app.get(
    '/packaged',
    {
      config: { access: 'viewer', audit: 'packaged.list' },
      schema: {
        tags: ['recovery'],
        summary:
          'Bundling adjustments on lines Medicare OPPS packages (status indicator N): the expected adjudication, not worked (as `drugclaim denials --packaged --json`; paged)',
        description:
          'A page of the packaged lines, in import order (they are no worklist items, so there is no `sort`): from `offset`, at most `limit`. `total` counts every line the filter matches and `totals.amountCents` sums their adjustments, whatever the page.',
        ...secure,
        querystring: FindingQuery.pick({ payer: true }).extend({
          limit: PageQuery.limit,
          offset: PageQuery.offset,
        }),
        response: {
          200: z.object({
            packaged: z.array(Loose),
            ...PageBody,
            totals: z.object({
              amountCents: z.number().int().describe('the bundling adjustments of every line matched'),
            }),
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const s = session();
      const filter = q.payer !== undefined ? { payer: q.payer } : {};
      const rows = s.store.packagedLines(filter, { limit: q.limit, offset: q.offset });
      const { lines: total, amountCents } = s.store.packagedTotals(filter);
      request.auditResource = listedIds('packaged', rows);
      return {
        packaged: rows.map((r) => packagedJson(r)),
        total,
        offset: q.offset,
        limit: q.limit,
        totals: { amountCents },
      };
    },
  );

  app.get(
    '/underpayments',
    {
      config: { access: 'viewer', audit: 'underpayments.list' },
      schema: {
        tags: ['recovery'],
        summary:
          'Lines paid below the expected amount by more than the tolerance, with the dollar gap and its basis (as `drugclaim underpaid --json`; paged)',
        description: pageDescription('underpayments'),
        ...secure,
        querystring: FindingQuery.omit({ cause: true }).extend(PageQuery),
        response: {
          200: z.object({
            underpayments: z.array(Loose),
            ...PageBody,
            sort: z.enum(SORTS),
            totals: ListTotalsBody,
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const { rows, asOf, page } = findingPage('underpayment', request.query);
      request.auditResource = listedIds('worklist', rows);
      return { underpayments: rows.map((r) => underpaymentJson(r, asOf)), ...page };
    },
  );

  // ---- worklist ----
  app.get(
    '/worklist',
    {
      config: { access: 'viewer', audit: 'worklist.list' },
      schema: {
        tags: ['worklist'],
        summary:
          'Denials and underpayments to work, with amount, root cause, age, deadline and status (paged)',
        description: `A page of the items the filters match: sorted by \`sort\` (${WORKLIST_SORT_KEYS.join(', ')}; \`-\` before a key for descending; ties by item id, so pages never overlap; no deadline comes last), from \`offset\`, at most \`limit\`. \`total\` counts every item the filters match and \`totals\` sums them (open items only), whatever the page.`,
        ...secure,
        querystring: FindingQuery.extend({
          kind: z.enum(['denial', 'underpayment']).optional(),
          ...PageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(WorkItemBody),
            total: z.number().int().describe('items the filters match (all pages)'),
            offset: z.number().int(),
            limit: z.number().int(),
            sort: z.enum(SORTS),
            totals: WorklistTotalsBody.extend(RecoverableQualifiers),
            causes: z
              .array(z.object({ key: z.string(), label: z.string(), items: z.number().int() }))
              .describe(
                'every root cause of a denial in the store (any status, payer or page), with its title and how many items: the choices of a `cause` filter',
              ),
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const s = session();
      const filter = {
        ...(q.kind !== undefined ? { kind: q.kind } : {}),
        ...(q.payer !== undefined ? { payer: q.payer } : {}),
        ...(q.cause !== undefined ? { cause: q.cause } : {}),
        status: statuses(q.status) ?? OPEN_STATUSES,
      };
      const asOf = q.asOf ?? today();
      const rows = s.store.findings(filter, { sort: q.sort, limit: q.limit, offset: q.offset });
      const {
        items: total,
        openAmountCents: _,
        qualifiers,
        ...totals
      } = s.store.findingSummary(filter, asOf);
      const items = rows.map((r) => workItem(s, r, asOf));
      const causes = s.store
        .totals('cause', { kind: 'denial' })
        .map((r) => ({ key: r.key, label: causeTitle(s, r.key), items: r.count }));
      request.auditResource = listedIds('worklist', items);
      return {
        items,
        total,
        offset: q.offset,
        limit: q.limit,
        sort: q.sort,
        totals: { ...totals, ...qualifiers },
        causes,
      };
    },
  );

  // Digits only: `z.coerce.number` alone reads "1e3" as item 1000 and "0x10" as 16.
  const IdParams = z.object({
    id: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, { message: 'expected a worklist item id: digits, e.g. 42' })
      .transform(Number),
  });

  app.get(
    '/worklist/:id',
    {
      config: { access: 'viewer', audit: 'worklist.read' },
      schema: {
        tags: ['worklist'],
        summary:
          'One worklist item with its history, why it was classified so, and the expected-payment steps',
        ...secure,
        params: IdParams,
        querystring: z.object({ asOf: IsoDate.optional() }),
        response: {
          200: z.object({
            item: WorkItemBody,
            history: z.array(
              z.object({
                from: z.string().nullable(),
                to: z.string(),
                at: z.string(),
                note: z.string().optional(),
                by: z
                  .string()
                  .optional()
                  .describe(
                    'who changed it by hand (user name, or cli:<OS user>); absent when drugclaim did',
                  ),
              }),
            ),
            why: z.array(z.string()),
            edits: z.array(z.string()),
            expectedSteps: z.array(z.object({ label: z.string(), cents: z.number().int() })),
          }),
          ...errors(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const s = session();
      const row = s.store.finding(request.params.id);
      request.auditResource = `worklist:${request.params.id}`;
      if (!row) throw notFound(request.params.id);
      const f = row.finding;
      return {
        item: workItem(s, row, request.query.asOf ?? today()),
        history: s.store.history(row.id),
        why: f.kind === 'denial' ? f.classification.basis : f.expected.notes,
        edits: f.kind === 'denial' ? f.classification.edits : [],
        expectedSteps: f.kind === 'underpayment' ? f.expected.steps : [],
      };
    },
  );

  app.post(
    '/worklist/:id/status',
    {
      config: { access: 'biller', audit: 'worklist.status' },
      schema: {
        tags: ['worklist'],
        summary: 'Change an item’s status (kept as history), or add a note with the same status',
        description: `Allowed changes: ${Object.entries(WORKLIST_TRANSITIONS)
          .map(([from, to]) => `${from} → ${to.join('/')}`)
          .join(
            '; ',
          )}; the item's own status with a note only adds the note. With status "recovered", \`recoveredCents\` is the amount actually recovered beyond what later remittances paid (from 0 to the item's recoverableCents; more only with \`overpayment: true\`, when the payer paid interest or more than expected: recorded as given, the history note says by how much; 422 otherwise); without it the whole recoverable amount counts as recovered.`,
        ...secure,
        params: IdParams,
        body: z.strictObject({
          status: z.enum(WORKLIST_STATUSES),
          note: z.string().trim().max(2000).optional(),
          recoveredCents: z
            .number()
            .int()
            .optional()
            .describe(
              'with status "recovered": the amount recovered, in cents, on top of what later remittances paid (0 to recoverableCents; more with overpayment)',
            ),
          overpayment: z
            .boolean()
            .optional()
            .describe(
              'with recoveredCents above the recoverable amount: true when the payer really paid more (interest on a late payment, an overpayment), to record it as given rather than refuse it as a likely typo',
            ),
        }),
        response: { 200: z.object({ item: WorkItemBody }), ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => {
      const s = session();
      request.auditResource = `worklist:${request.params.id}:${request.body.status}`;
      // A retry of the change just made (a client that did not see the answer sends it again) changes nothing
      // and adds no second history row: the item as it is.
      const current = s.store.finding(request.params.id);
      if (current && isRetry(current, s.store.history(current.id).at(-1), request.body)) {
        request.auditResource += ' unchanged';
        return { item: workItem(s, current, today()) };
      }
      const by = request.principal?.user.username;
      const result = s.store.setStatus(request.params.id, request.body.status, {
        ...(request.body.note ? { note: request.body.note } : {}),
        ...(request.body.recoveredCents !== undefined ? { recoveredCents: request.body.recoveredCents } : {}),
        ...(request.body.overpayment !== undefined ? { overpayment: request.body.overpayment } : {}),
        ...(by !== undefined ? { by } : {}),
      });
      if (!result.ok) {
        const p = result.problems[0];
        if (p?.code === 'recovery.worklist.unknown') throw notFound(request.params.id);
        if (p?.code === 'recovery.worklist.amount') {
          const refused = unprocessable(
            'unprocessable',
            result.problems,
            'The amount recovered cannot be taken.',
          );
          const above =
            current !== undefined &&
            request.body.status === 'recovered' &&
            (request.body.recoveredCents ?? 0) > current.recoverableCents;
          if (!above) throw refused;
          throw new HttpError(
            422,
            'unprocessable',
            `${refused.message}; if the payer paid more (interest, an overpayment), send "overpayment": true to record it as given`,
            { problems: result.problems },
          );
        }
        throw new HttpError(409, 'status-change-refused', p?.message ?? 'The status change is not allowed.', {
          problems: result.problems,
        });
      }
      return { item: workItem(s, result.value, today()) };
    },
  );

  // ---- appeals ----
  const AppealQuery = z.object({
    format: z.enum(['md', 'pdf', 'json']).optional(),
    date: IsoDate.optional().describe('date of the letter (default today)'),
  });
  const appealSchema = {
    tags: ['recovery'],
    description:
      'Drafted from the templates and text in rules/appeals, quoting the CARC/RARC text and citing the reference facts; the deadline comes from the remittance date. JSON `kind`: appeal, corrected-claim or underpayment.',
    ...secure,
    response: {
      200: {
        description: 'The letter',
        content: {
          'text/markdown': { schema: z.string() },
          'application/pdf': {
            schema: z.custom<Buffer>((v) => Buffer.isBuffer(v)).describe('PDF bytes'),
          },
          'application/json': { schema: Loose },
        },
      },
      ...errors(400, 401, 403, 404, 503),
    },
  };
  /**
   * The 404 message of a line whose items are all closed: the items and why nothing is drafted, with the API's way to reopen (POST
   * /api/worklist/{id}/status) instead of the CLI's, and without the claim id (a URL-free answer may still be logged).
   */
  const closedMessage = (p: Problem): string => {
    const items = Array.isArray(p.data?.['items']) ? (p.data['items'] as unknown[]).map(String) : [];
    const statuses = Array.isArray(p.data?.['statuses']) ? (p.data['statuses'] as unknown[]).map(String) : [];
    const list = items.map((id, i) => `#${id} ${statuses[i] ?? 'closed'}`).join(', ');
    return `Nothing to draft: every worklist item of this line is closed (${list}), so there is nothing left to ask the payer for. To draft a letter anyway, reopen the item first (POST /api/worklist/{id}/status with status in-progress).`;
  };
  const LETTER_SUMMARY =
    'the denials or the underpayment of one claim line, or the corrected-claim worksheet when the denial is to be corrected and resubmitted: Markdown (default), PDF or JSON';

  /** The letter for a claim line (only the remittance claim of `findingId` when given), in the format asked. */
  const sendLetter = async (
    request: FastifyRequest,
    reply: FastifyReply,
    at: { claimId: string; line: number; findingId?: number | undefined; notFound: string },
    query: z.infer<typeof AppealQuery>,
  ) => {
    const s = session();
    let result;
    try {
      result = draftLineLetter({
        store: s.store,
        reference: await s.referenceData(),
        rules: s.rules,
        payerRules: ctx.rules().book,
        claimId: at.claimId,
        line: at.line,
        ...(at.findingId !== undefined ? { findingId: at.findingId } : {}),
        letterDate: query.date ?? today(),
      });
    } catch (err) {
      if (err instanceof NoReferenceDataError) throw new HttpError(503, 'no-reference-data', err.message);
      throw err;
    }
    if (!result.ok) {
      const p = result.problems[0];
      // Every item of the line settled (recovered or written off): nothing open to draft, the documented 404
      // (docs/http.md), with a message that says which items are closed and how to reopen one, never the generic one.
      if (p?.code === 'recovery.appeal.closed')
        throw new HttpError(404, 'not-found', closedMessage(p), { problems: result.problems });
      // The documented codes: nothing to draft for that line is not-found; a letter that fails is unprocessable.
      const none = p?.code === 'recovery.appeal.none';
      throw new HttpError(
        none ? 404 : 422,
        none ? 'not-found' : 'unprocessable',
        none ? at.notFound : (p?.message ?? 'No appeal letter could be drafted.'),
        { problems: result.problems },
      );
    }
    const letter = result.value;
    request.auditResource = `findings:${letter.findingIds.join(',')}`;
    const format = query.format ?? 'md';
    const base = `appeal-line${at.line}`;
    if (format === 'pdf') {
      const pdf = await renderAppealPdf(letter.markdown, {
        title: letter.fields['title'] ?? 'Appeal',
        author: letter.fields['providerName'] ?? 'drugclaim',
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${base}.pdf"`)
        .send(pdf);
    }
    if (format === 'json') {
      return reply.type('application/json; charset=utf-8').send({
        ...letterJson(at.claimId, at.line, letter),
        problems: result.problems,
      });
    }
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `inline; filename="${base}.md"`)
      .send(letter.markdown);
  };

  app.get(
    '/worklist/:id/appeal',
    {
      config: { access: 'viewer', audit: 'appeals.read' },
      schema: {
        ...appealSchema,
        summary: `Appeal letter for a worklist item: ${LETTER_SUMMARY}`,
        params: IdParams,
        querystring: AppealQuery,
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      request.auditResource = `worklist:${id}`;
      const row = session().store.finding(id);
      if (!row) throw notFound(id);
      // A finding with no line (a claim-level adjustment) has no line letter: as the claim-id route with no line.
      if (row.line === null)
        throw new HttpError(
          404,
          'not-found',
          `Worklist item ${id} is not on a claim line: no letter is drafted for it.`,
        );
      return sendLetter(
        request,
        reply,
        {
          claimId: row.claimId,
          line: row.line,
          findingId: id,
          notFound: `No open denial or underpayment for worklist item ${id}: GET /api/worklist/${id} shows its status.`,
        },
        request.query,
      );
    },
  );

  app.get(
    '/appeals/:claimId/:line',
    {
      config: { access: 'viewer', audit: 'appeals.read' },
      schema: {
        ...appealSchema,
        summary: `Deprecated (use GET /worklist/{id}/appeal): appeal letter for ${LETTER_SUMMARY}`,
        description: `${appealSchema.description} Deprecated: the claim id (CLM01, the patient account number) is PHI, and a URL that holds it ends up in proxy and browser-history logs. GET /worklist/{id}/appeal answers the same with the worklist item id.`,
        deprecated: true,
        params: z.object({
          claimId: z.string().trim().min(1).max(80),
          line: z.coerce.number().int().min(1).max(9999),
        }),
        querystring: AppealQuery.extend({
          findingId: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              'the worklist item: when the account number came back on several remittance claims, the letter covers only this one',
            ),
        }),
      },
    },
    async (request, reply) =>
      sendLetter(
        request,
        reply,
        {
          claimId: request.params.claimId,
          line: request.params.line,
          findingId: request.query.findingId,
          notFound: `No denial and no underpayment found for claim ${request.params.claimId} line ${request.params.line}: GET /api/denials and /api/underpayments list the lines there are.`,
        },
        request.query,
      ),
  );

  // ---- dashboard ----
  app.get(
    '/dashboard',
    {
      config: { access: 'viewer', audit: 'dashboard.read' },
      schema: {
        tags: ['recovery'],
        summary:
          'Dashboard aggregates: open recoverable dollars by root cause, payer, code and month; status; top avoidable waste',
        ...secure,
        querystring: z.object({ asOf: IsoDate.optional() }),
        response: { 200: DashboardBody, ...errors(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const s = session();
      const asOf = request.query.asOf ?? today();
      const bucket =
        (label: (k: string) => string) =>
        (r: { key: string; count: number; amountCents: number; recoverableCents: number }) => ({
          key: r.key,
          label: label(r.key),
          count: r.count,
          amountCents: r.amountCents,
          recoverableCents: r.recoverableCents,
        });
      const same = (k: string) => k || '(none)';
      const open = { openOnly: true };
      const byCause = s.store.totals('cause', open).map(bucket((k) => causeTitle(s, k)));
      const byMonth = s.store
        .totals('month')
        .map(bucket(same))
        .sort((a, b) => a.key.localeCompare(b.key));
      const statusTotals = s.store.totals('status');
      const byStatus = statusTotals.map(bucket(same));
      // Sums in SQL: a dashboard never loads the open items themselves (a busy worklist holds tens of thousands).
      const byKind = new Map(s.store.totals('kind', open).map((r) => [r.key, r]));
      const denials = byKind.get('denial');
      const underpayments = byKind.get('underpayment');
      const deadlines = s.store.findingSummary({ status: OPEN_STATUSES }, asOf);
      const reference = ctx.referenceIfLoaded();
      return {
        asOf,
        totals: {
          openItems: deadlines.openItems,
          openDenials: denials?.count ?? 0,
          openUnderpayments: underpayments?.count ?? 0,
          recoverableCents: deadlines.recoverableCents,
          deniedCents: denials?.amountCents ?? 0,
          underpaidCents: underpayments?.recoverableCents ?? 0,
          // Paid by later remittances (open items partly, closed ones in full) and items marked recovered by hand.
          recoveredCents: statusTotals.reduce((n, r) => n + r.recoveredCents, 0),
          dueSoon: deadlines.dueSoon,
          pastDeadline: deadlines.pastDeadline,
          ...deadlines.qualifiers,
        },
        byCause,
        byPayer: s.store.totals('payer', open).map(bucket(same)),
        byCode: s.store.totals('code', open).map(bucket(same)),
        byMonth,
        byStatus,
        avoidableWaste: reference ? avoidableWaste(s.store, reference) : [],
        counts: s.store.counts(),
      };
    },
  );
}
