/**
 * Claim check over HTTP (what `drugclaim check` does): upload 837P/837I, FHIR, claim JSON or CSV; get every
 * finding (JSON as `check --format json`, or the HTML report / SARIF); download the file with the chosen
 * mechanical fixes applied, in the input's format.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Claim } from '../../../core/claim/model.ts';
import { applyFixesPaced } from '../../../core/edits/apply-fixes.ts';
import { runEditsPaced } from '../../../core/edits/engine.ts';
import type { CheckResult } from '../../../core/edits/types.ts';
import type { Finding, FindingSeverity } from '../../../core/findings/model.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  CLAIM_FILE_EXTENSION,
  outputFormatFor,
  readClaimBytesPaced,
  writeFixedClaimFilePaced,
  addPassedOver,
  claimsWithReadErrors,
  type ClaimFileFormat,
} from '../../claim-files/index.ts';
import {
  checkReport,
  renderReportChunks,
  type CheckedFile,
  type CheckReport,
} from '../../report/findings.ts';
import { outcomeWriter, requestTag, STREAM_OUTCOME_STATUS, watchStream } from '../audit.ts';
import type { App, RouteContext } from '../context.ts';
import { ErrorBody, HttpError, unprocessable } from '../errors.ts';
import { pacer } from '../pace.ts';
import { textBody } from '../text-body.ts';
import { errors, IsoDate, today, CLAIM_CONTENT_TYPE, secure } from '../schemas.ts';
import { readUploads, readUploadsAndFields, uploadScope, type UploadedFile } from '../uploads.ts';

interface Checked {
  claims: Claim[];
  files: CheckedFile[];
  readProblems: Problem[];
  result: CheckResult;
  report: CheckReport;
  /** Segments of the uploads the claim model does not carry (see `ClaimFileResult.passedOver`). */
  passedOver: Record<string, number>;
  /** Claims (by index in `claims`) with read errors inside them, and those errors. */
  readErrors: Map<number, Problem[]>;
}

/**
 * Reads and checks the uploads, giving way to other requests (`pace`, one per request) as the reading and the edits
 * go: the edits in steps of a few claims, and each batch edit (duplicates, units per patient and day), which sees
 * every claim at once, in one go.
 */
async function check(
  ctx: RouteContext,
  uploads: readonly UploadedFile[],
  dateOfRun: string,
  pace: () => Promise<void>,
): Promise<Checked> {
  const reference = ctx.reference();
  const claims: Claim[] = [];
  const files: CheckedFile[] = [];
  const readProblems: Problem[] = [];
  const passedOver: Record<string, number> = {};
  const readErrors = new Map<number, Problem[]>();
  /** Uploads that hold remittances and no claims: skipped, and the request refused when nothing else is claims. */
  const remittances: { name: string; format: ClaimFileFormat }[] = [];
  let unreadable = 0;
  for (const file of uploads) {
    const read = await readClaimBytesPaced(file.name, file.bytes, { pace });
    files.push({
      path: file.name,
      format: read.format,
      claims: read.claims.length,
      firstClaim: claims.length,
    });
    // An 835 or a FHIR ExplanationOfBenefit answers claims already sent: nothing to check before sending. It is
    // skipped whole: its read errors are not the claims' (the remittance import reports them).
    if (read.claims.length === 0 && (read.format === '835' || read.remittances.length > 0)) {
      remittances.push({ name: file.name, format: read.format });
      readProblems.push(remittanceProblem(file.name, read.format, 'info'));
      continue;
    }
    // One at a time: spreading a long list into push() overflows the call stack (~110,000 claims).
    for (const p of read.problems) readProblems.push(p);
    addPassedOver(passedOver, read.passedOver);
    for (const [i, list] of claimsWithReadErrors(read.claims, read.problems))
      readErrors.set(claims.length + i, list);
    for (const c of read.claims) claims.push(c);
    if (read.claims.length === 0) {
      if (read.problems.some((p) => p.severity === 'error')) unreadable++;
      else
        readProblems.push({
          code: 'check.no-claims',
          severity: 'warning',
          message: `${file.name} holds no claims.`,
          at: { file: file.name },
        });
    }
  }
  if (claims.length === 0 && unreadable > 0)
    throw unprocessable(
      'unreadable-file',
      readProblems.slice(0, 50),
      'The file could not be read as claims.',
    );
  // A 200 with nothing checked reads as "checked" to a client that looks at the status: refused instead.
  if (claims.length === 0 && remittances.length > 0) throw notClaims(remittances, readProblems);
  const result = await runEditsPaced(claims, { reference, rules: ctx.rules().book, dateOfRun }, pace);
  const report = checkReport(result, {
    version: ctx.version,
    dateOfRun,
    files,
    readProblems,
    claimsWithReadErrors: new Set(readErrors.keys()),
  });
  return { claims, files, readProblems, result, report, passedOver, readErrors };
}

/** The report's pieces, giving way between them: rendering a report of many findings takes a while too. */
async function* pacedChunks(chunks: Iterable<string>, pace: () => Promise<void>): AsyncGenerator<string> {
  for (const chunk of chunks) {
    yield chunk;
    await pace();
  }
}

/** What the remittance import takes, named in every answer about a remittance sent here. */
const REMITTANCE_IMPORT = 'POST /api/remits/import';

function remittanceKind(format: ClaimFileFormat): string {
  return format === '835' ? '835' : format === 'fhir' ? 'FHIR ExplanationOfBenefit' : format;
}

/** An upload of remittances: skipped (`info`, beside claims) or the reason for the 422 (`error`). */
function remittanceProblem(name: string, format: ClaimFileFormat, severity: 'info' | 'error'): Problem {
  return {
    code: 'check.not-claims',
    severity,
    message: `${name} is a remittance (${remittanceKind(format)}), not claims: ${severity === 'info' ? 'skipped, not checked' : 'nothing to check'}. Import it as a remittance with ${REMITTANCE_IMPORT}.`,
    at: { file: name },
    data: { format },
  };
}

/** 422 `not-claims`: no upload holds claims, and some are remittances. The other uploads' problems come along. */
function notClaims(
  remittances: readonly { name: string; format: ClaimFileFormat }[],
  readProblems: readonly Problem[],
): HttpError {
  const names = remittances.map((r) => r.name).join(', ');
  const kinds = [...new Set(remittances.map((r) => remittanceKind(r.format)))].join(', ');
  const what = remittances.length === 1 ? `is a remittance (${kinds})` : `are remittances (${kinds})`;
  return new HttpError(
    422,
    'not-claims',
    `${names} ${what}, not claims: nothing to check. Import remittances with ${REMITTANCE_IMPORT} (drugclaim remit import).`,
    {
      problems: [
        ...remittances.map((r) => remittanceProblem(r.name, r.format, 'error')),
        ...readProblems.filter((p) => p.code !== 'check.not-claims'),
      ].slice(0, 50),
    },
  );
}

/**
 * Findings listed in one answer of POST /check: a 20 MB 837 can draw hundreds of thousands (an answer of hundreds of
 * MB that no browser or client can hold), so past `maxFindings` they are counted in `summary` but not listed.
 */
export const MAX_FINDINGS = { default: 10_000, max: 50_000 } as const;

/** The order findings are kept in under the cap: what stops a claim first. */
const KEEP_ORDER: readonly FindingSeverity[] = ['error', 'warning', 'info'];

/**
 * The report with at most `max` findings listed: every error before any warning, warnings before info, each in file
 * order (a gate reading the answer still sees the errors). Those kept stay in file order, each with its index in the
 * complete list, which `check/fix` takes; `summary` is left as it is, counting them all.
 */
export function capFindings(report: CheckReport, max: number): CheckReport {
  const found: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) found[f.severity]++;
  const room: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  let left = max;
  for (const severity of KEEP_ORDER) {
    room[severity] = Math.min(found[severity], left);
    left -= room[severity];
  }
  const findings: Finding[] = [];
  const indexes: number[] = [];
  report.findings.forEach((f, i) => {
    if (room[f.severity] === 0) return;
    room[f.severity]--;
    findings.push(f);
    indexes.push(i);
  });
  return {
    ...report,
    findings,
    listing: {
      maxFindings: max,
      indexes,
      omitted: report.findings.length - findings.length,
      kept: 'every error first, then warnings, then info, each in file order',
      hint: 'For every finding, run `drugclaim check FILE --format json` on the file, or check it in smaller parts.',
    },
  };
}

/** The `apply` form field at its longest: every finding the API can list (`maxFindings`), six digits and a comma each. */
const APPLY_FIELD_LENGTH = MAX_FINDINGS.max * 7;

/**
 * `apply`, in the query or in a multipart field: `all`, `none`, or finding indexes separated by commas, at most
 * `maxItems` of them; a bad item is named. The field carries what a URL cannot (Node refuses request headers past
 * 16 KiB, some 2,500 indexes).
 */
function applyChoice(maxItems: number) {
  return z
    .string()
    .trim()
    .superRefine((apply, check) => {
      if (apply === 'all' || apply === 'none') return;
      const items = apply.split(',');
      const bad = items.find((item) => !/^\d{1,6}$/.test(item));
      if (bad !== undefined)
        check.addIssue({
          code: 'custom',
          message: `"${bad.slice(0, 20)}" is not a finding index (all, none, or finding indexes separated by commas)`,
        });
      else if (items.length > maxItems)
        check.addIssue({
          code: 'custom',
          message: `${items.length} findings chosen, more than the ${maxItems} the API lists`,
        });
    });
}

/** `apply` chooses among the findings the API can list. */
const ApplyChoice = applyChoice(MAX_FINDINGS.max);

/** The `apply` of a multipart body, in the query's syntax; a 400 naming what is wrong. */
function applyFromField(text: string): string {
  const parsed = ApplyChoice.safeParse(text);
  if (!parsed.success)
    throw new HttpError(400, 'bad-request', `apply: ${parsed.error.issues[0]?.message ?? 'not valid'}.`);
  return parsed.data;
}

function auditResource(uploads: readonly UploadedFile[], claims: number): string {
  const digest = uploads
    .map((u) => createHash('sha256').update(u.bytes).digest('hex').slice(0, 12))
    .join(',');
  return `sha256:${digest} claims:${claims}`;
}

const CheckQuery = z.object({
  fileName: z
    .string()
    .max(200)
    .optional()
    .describe(
      'deprecated (a URL is logged by proxies): name of a raw-body upload, used in messages; send the x-file-name header or a multipart part instead',
    ),
  dateOfRun: IsoDate.optional().describe(
    'the day the claims go out (timely filing counts to it); default today',
  ),
});

const Loose = z.record(z.string(), z.unknown());

/** `check --format json`: the keys billers' tools read. */
const CheckReportBody = z.object({
  tool: z.object({ name: z.string(), version: z.string() }),
  dateOfRun: z.string(),
  summary: z.object({
    claims: z.number().int(),
    lines: z.number().int(),
    errors: z
      .number()
      .int()
      .describe('error findings plus errors reading the files: 0 means the claims can be sent as they are'),
    warnings: z.number().int().describe('warning findings plus warnings reading the files'),
    readErrors: z.number().int().describe('of `errors`, the problems met reading the files'),
    readWarnings: z.number().int().describe('of `warnings`, the problems met reading the files'),
    findingsOmitted: z
      .number()
      .int()
      .describe('findings found but not listed (past `maxFindings`); the counts above include them'),
  }),
  truncated: z.boolean().describe('true when some findings are not listed (`maxFindings`)'),
  truncation: z
    .object({
      maxFindings: z.number().int(),
      listed: z.number().int(),
      omitted: z.number().int(),
      message: z.string().describe('which were kept, and how to see them all (the CLI, or a smaller file)'),
    })
    .optional()
    .describe('present when `truncated`'),
  files: z.array(z.object({ path: z.string(), format: z.string(), claims: z.number().int() })),
  findings: z.array(
    z.object({
      index: z
        .number()
        .int()
        .describe('position in the complete list of findings: what POST /check/fix `apply` takes'),
      editId: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      claimId: z.string(),
      claimIndex: z.number().int(),
      line: z.number().int().nullable(),
      field: z.string(),
      message: z.string(),
      why: z.string(),
      source: z.string(),
      carc: z.string().nullable(),
      rarc: z.array(z.string()),
      fix: z
        .object({ description: z.string(), actions: z.array(Loose), caveat: z.string().nullable() })
        .nullable(),
    }),
  ),
  skippedEdits: z.array(Loose),
  readProblems: z.array(Loose),
});

/** `format=sarif`: a SARIF 2.1.0 log (adapters/report/findings.ts), one run; only its outline is documented here. */
const SarifLog = z
  .object({
    $schema: z.string().optional(),
    version: z.literal('2.1.0'),
    runs: z.array(
      z.looseObject({
        tool: z.looseObject({
          driver: z.looseObject({ name: z.string(), rules: z.array(z.looseObject({})) }),
        }),
        artifacts: z.array(z.looseObject({})).optional(),
        results: z.array(z.looseObject({ ruleId: z.string().optional(), message: z.looseObject({}) })),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
  })
  .describe('SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)');

export function registerCheckRoutes(app: App, ctx: RouteContext): Promise<void> {
  return uploadScope(app, ctx.config, (scope) => {
    scope.post(
      '/check',
      {
        bodyLimit: ctx.config.uploadLimitBytes,
        config: { access: 'viewer', audit: 'check.run', upload: true },
        schema: {
          tags: ['check'],
          summary:
            'Check claims before submission: every line that would be denied, why, the likely CARC/RARC and the fix',
          description:
            'Reads 837P/837I, FHIR R4 Claim, claim JSON or CSV. `format=json` (default) answers what `drugclaim check --format json` prints; `html` the self-contained report; `sarif` SARIF 2.1.0. An unreadable file is a 422 with the positioned problems. A remittance (835, FHIR ExplanationOfBenefit) is not claims: uploaded beside claims it is skipped (a `check.not-claims` read problem, `claims: 0` in `files`); when no upload holds claims the answer is a 422 `not-claims` naming the remittance import (POST /api/remits/import).',
          ...secure,
          querystring: CheckQuery.extend({
            format: z.enum(['json', 'html', 'sarif']).optional(),
            maxFindings: z.coerce
              .number()
              .int()
              .min(1)
              .max(MAX_FINDINGS.max)
              .default(MAX_FINDINGS.default)
              .describe(
                `findings listed at most (1–${MAX_FINDINGS.max}, default ${MAX_FINDINGS.default}): errors first, then warnings, then info, each in file order; \`summary\` counts them all and \`truncated\` says when some were left out`,
              ),
          }),
          response: {
            200: {
              description: 'The check report',
              content: {
                'application/json': { schema: CheckReportBody },
                'text/html': { schema: z.string() },
                'application/sarif+json': { schema: SarifLog },
              },
            },
            ...errors(400, 401, 403, 413, 503),
            422: ErrorBody.describe(
              '`unreadable-file`: no upload could be read as claims (`problems` has the positioned read errors); `not-claims`: no upload holds claims and some are remittances (835, FHIR ExplanationOfBenefit), which POST /api/remits/import takes.',
            ),
          },
        },
      },
      async (request, reply) => {
        const uploads = await readUploads(request, 'claims');
        const pace = pacer();
        const checked = await check(ctx, uploads, request.query.dateOfRun ?? today(), pace);
        request.auditResource = auditResource(uploads, checked.claims.length);
        const format = request.query.format ?? 'json';
        const report = capFindings(checked.report, request.query.maxFindings);
        // Streamed in pieces: the report of a big upload is longer than the longest string V8 can hold. Fastify pipes
        // a stream as it is (the typed `send` knows only the schema's string and object shapes).
        const body = Readable.from(
          pacedChunks(renderReportChunks(report, format), pace),
        ) as unknown as string;
        if (format === 'html') return reply.type('text/html; charset=utf-8').send(body);
        if (format === 'sarif') return reply.type('application/sarif+json; charset=utf-8').send(body);
        return reply.type('application/json; charset=utf-8').send(body);
      },
    );

    scope.post(
      '/check/fix',
      {
        bodyLimit: ctx.config.uploadLimitBytes,
        config: { access: 'viewer', audit: 'check.fix', upload: true },
        schema: {
          tags: ['check'],
          summary: 'The uploaded claims with mechanical fixes applied, in the input’s format',
          description: `\`apply=all\` (default) applies every fix; \`apply=0,3,5\` only the fixes of those findings (indexes into the findings of POST /api/check for the same file and date of run); \`apply=none\` writes the claims back unchanged. A long choice does not fit in a URL (request headers past 16 KiB, some 2,500 indexes, are refused): send \`apply\` instead as a multipart/form-data field named \`apply\` beside the file part(s), in the same syntax, with up to ${MAX_FINDINGS.max} indexes; \`apply\` given both in the query and in the body is a 400. Headers: x-drugclaim-fixes-applied, x-drugclaim-fixes-skipped, x-drugclaim-remaining-fixable (fixable findings left when the fixed claims are checked again), x-drugclaim-written-from (\`input\`: one uploaded 837 with only the fixed lines edited, so segments the claim model does not carry stay; \`claims\`: written from the claims), x-drugclaim-not-carried (with \`claims\`: how many uploaded segments the claim model does not carry, left out of the file), x-drugclaim-envelope (X12: \`kept\` when the file has the uploaded interchange ids, usage, control numbers and BHT; \`changed\` when some had to change, e.g. a repeated control number; \`new\` for claims that came without one), x-drugclaim-write-problems (how many problems writing the file met) and x-drugclaim-write-problem-codes (their codes and counts). Fixes of a claim read with errors are not applied (counted as skipped); when the file has to be written from the claims, such claims make it a 422 with the read errors, since their values could not all be read.`,
          ...secure,
          querystring: CheckQuery.extend({
            apply: ApplyChoice.optional().describe(
              'all (default), none, or finding indexes separated by commas; a long choice goes in the multipart field `apply` instead',
            ),
          }),
          response: {
            200: {
              description: 'The fixed claims file',
              content: {
                'application/edi-x12': { schema: z.string() },
                'application/fhir+json': { schema: z.string() },
                'application/json': { schema: z.string() },
                'text/csv': { schema: z.string() },
              },
            },
            ...errors(400, 401, 403, 413, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const { files: uploads, fields } = await readUploadsAndFields(request, 'claims', {
          apply: APPLY_FIELD_LENGTH,
        });
        const applyField = fields.get('apply');
        if (applyField !== undefined && request.query.apply !== undefined)
          throw new HttpError(
            400,
            'bad-request',
            'apply: given both in the query and in the multipart body; send it once (in the body for a long choice).',
          );
        const apply = applyField === undefined ? (request.query.apply ?? 'all') : applyFromField(applyField);
        const dateOfRun = request.query.dateOfRun ?? today();
        const pace = pacer();
        const checked = await check(ctx, uploads, dateOfRun, pace);
        // The request tag ties an outcome row (the download left part-way) to this one.
        request.auditResource = `${auditResource(uploads, checked.claims.length)} ${requestTag(request)}`;
        const formats = [
          ...new Set(
            checked.files
              .filter((f) => f.claims > 0)
              .map((f) => outputFormatFor(f.format as ClaimFileFormat)),
          ),
        ];
        const format = formats[0] ?? null;
        if (format === null || formats.length > 1) {
          throw new HttpError(
            422,
            'mixed-formats',
            `Fixes are written in the input's format; these files are ${checked.files.map((f) => f.format).join(', ')}.`,
          );
        }
        const findings = checked.result.findings;
        let chosen = findings;
        if (apply === 'none') chosen = [];
        else if (apply !== 'all') {
          const idx = apply.split(',').map(Number);
          const bad = idx.find((i) => i >= findings.length);
          if (bad !== undefined)
            throw new HttpError(
              400,
              'bad-request',
              `apply: finding ${bad} does not exist (there are ${findings.length}).`,
            );
          // Asking for a fix that does not exist is an error, not a silent "0 applied".
          const noFix = idx.find((i) => findings[i]?.fix === undefined);
          if (noFix !== undefined)
            throw new HttpError(
              400,
              'bad-request',
              `apply: finding ${noFix} (${findings[noFix]?.editId ?? '?'}) has no fix.`,
            );
          chosen = idx.map((i) => findings[i]).filter((f) => f !== undefined);
        }
        // A claim read with errors is not fixed: its fixes would rest on values the reader could not read.
        const unfixable = chosen.filter((f) => checked.readErrors.has(f.claimIndex)).length;
        chosen = chosen.filter((f) => !checked.readErrors.has(f.claimIndex));
        const fixed = await applyFixesPaced(checked.claims, chosen, pace);
        const again = await runEditsPaced(
          fixed.claims,
          { reference: ctx.reference(), rules: ctx.rules().book, dateOfRun },
          pace,
        );
        const name =
          uploads.length === 1
            ? `fixed-${uploads[0]?.name ?? 'claims'}`
            : `fixed-claims.${CLAIM_FILE_EXTENSION[format]}`;
        // One 837 uploaded: patched in place, so what the claim model does not carry stays in the fixed file.
        const written = await writeFixedClaimFilePaced(
          checked.claims,
          fixed.claims,
          format,
          uploads.length === 1 ? uploads[0]?.bytes : undefined,
          // apply=none asks for the file with nothing changed: its diagnoses stay as sent too.
          { readErrors: checked.readErrors, cleanDiagnoses: apply !== 'none' },
          pace,
        );
        // Written from the claims, a claim read with errors would go out with what the model holds instead ($0, no
        // date): refused, with the read errors, rather than sent changed or silently left out.
        if (written.leftOut.length > 0)
          throw unprocessable(
            'unreadable-claims',
            [
              ...written.problems.filter((p) => p.code === 'claim-file.not-written'),
              ...written.leftOut.flatMap((i) => checked.readErrors.get(i) ?? []),
            ].slice(0, 50),
            'Some claims were read with errors and cannot be written back.',
          );
        const writeProblems = new Map<string, number>();
        for (const p of written.problems) writeProblems.set(p.code, (writeProblems.get(p.code) ?? 0) + 1);
        const x12 = format === 'x12' || format === '837P' || format === '837I';
        const envelope = written.patched
          ? 'kept'
          : written.problems.some(
                (p) =>
                  p.code === 'x12.write.envelope-changed' ||
                  (p.code === 'x12.write.invalid-value' && /^(ISA|GS)/.test(String(p.data?.['element']))),
              )
            ? 'changed'
            : fixed.claims.some((c) => c.envelope?.senderId === undefined)
              ? 'new'
              : 'kept';
        if (x12) void reply.header('x-drugclaim-envelope', envelope);
        if (writeProblems.size > 0)
          void reply.header(
            'x-drugclaim-write-problem-codes',
            [...writeProblems].map(([code, n]) => `${code} x${n}`).join(', '),
          );
        // Latin-1 in, Latin-1 out: the bytes, not their UTF-8 spelling. Sent a window at a time: a 40 MB file joined
        // and encoded whole held up other requests for 0.3–0.5 s.
        const body = await textBody(written.pieces, written.encoding, pace);
        // This call's audit row (status 200) is written as the answer starts: a file that then fails, or that its
        // client leaves before the end, gets a second row saying so (as `convert.run`'s does).
        const resource = request.auditResource ?? '';
        const writeOutcome = outcomeWriter(request.server.auditWriter, request);
        watchStream(reply.raw, body.stream, (outcome) =>
          writeOutcome(STREAM_OUTCOME_STATUS[outcome], `outcome:${outcome} ${resource}`),
        );
        const type = CLAIM_CONTENT_TYPE[format];
        return (
          reply
            // The type Fastify gave the text sent whole, which it does not give a stream: a JSON type says UTF-8.
            .type(type.includes('json') ? `${type}; charset=utf-8` : type)
            .header('content-length', String(body.length))
            .header('content-disposition', `attachment; filename="${name}"`)
            .header('x-drugclaim-fixes-applied', String(fixed.applied.length))
            .header('x-drugclaim-fixes-skipped', String(fixed.skipped.length + unfixable))
            .header('x-drugclaim-write-problems', String(written.problems.length))
            .header(
              'x-drugclaim-remaining-fixable',
              String(again.findings.filter((f) => f.fix !== undefined).length),
            )
            .header('x-drugclaim-written-from', written.patched ? 'input' : 'claims')
            // Written from the claims, the file lacks the segments the claim model does not carry: how many.
            .header(
              'x-drugclaim-not-carried',
              written.patched ? '0' : String(Object.values(checked.passedOver).reduce((a, b) => a + b, 0)),
            )
            .header(
              'access-control-expose-headers',
              'x-drugclaim-fixes-applied, x-drugclaim-fixes-skipped, x-drugclaim-remaining-fixable, x-drugclaim-written-from, x-drugclaim-not-carried, x-drugclaim-envelope, x-drugclaim-write-problems, x-drugclaim-write-problem-codes',
            )
            // Fastify pipes a stream as it is (the typed `send` knows only the schema's string shape).
            .send(body.stream as unknown as string)
        );
      },
    );
  });
}
