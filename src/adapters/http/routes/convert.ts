/**
 * Conversion over HTTP (what `drugclaim convert` does): upload claims (837P/837I, FHIR Claim, claim JSON or CSV) or
 * remittances (835, FHIR ExplanationOfBenefit); the answer is the document in the format asked for, with the content
 * type of that format, and what reading and writing met summarised in `x-drugclaim-*` headers (docs/http.md says
 * why: a converted file is a file, as `check/fix` answers one).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Claim, Remittance } from '../../../core/claim/model.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  addPassedOver,
  CLAIM_FILE_EXTENSION,
  carriesRemittances,
  claimWriter,
  describePassedOver,
  readClaimBytesPaced,
  type ClaimOutputFormat,
  type ClaimWriter,
} from '../../claim-files/index.ts';
import {
  NotCarriedTally,
  notCarriedWarning,
  RemittanceNotCarriedTally,
} from '../../claim-files/not-carried.ts';
import { clientGone, outcomeWriter, requestTag, STREAM_OUTCOME_STATUS, watchStream } from '../audit.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { pacer } from '../pace.ts';
import { errors, CLAIM_CONTENT_TYPE, secure } from '../schemas.ts';
import { readUploads, uploadDigest, uploadScope, type UploadedFile } from '../uploads.ts';

/** What the answer says besides the document, in response headers (counts, codes and kinds: never claim data). */
const HEADERS = [
  'x-drugclaim-claims',
  'x-drugclaim-remittance-claims',
  'x-drugclaim-read-errors',
  'x-drugclaim-read-warnings',
  'x-drugclaim-write-problems',
  'x-drugclaim-problem-codes',
  'x-drugclaim-not-carried',
  'x-drugclaim-not-carried-fields',
] as const;

interface Converted {
  /** The document, written piece by piece as it is sent (see `written`). */
  body: Iterable<string> | AsyncIterable<string>;
  claims: number;
  remittanceClaims: number;
  readTotals: { error: number; warning: number };
  /** Every problem listed: reading, writing, and what the output does not carry. */
  problems: Problem[];
  writeProblems: number;
  /** Segments of the uploads the claim model does not carry. */
  segmentsNotCarried: number;
  /** What the output format has no place for, in words ("provider-level adjustments (PLB): 1 remittance"). */
  fieldsNotCarried: string[];
}

/**
 * Output formats whose writer reports problems (X12: missing data, delimiters replaced): written before the answer
 * starts, since the headers count those problems. The FHIR, JSON and CSV writers report none (claimWriter), so their
 * documents are written as they are sent: a 10 MB 835 makes about 480 MB of ExplanationOfBenefits, which held
 * whole cost gigabytes and froze the server for seconds.
 */
const WRITTEN_FIRST: ReadonlySet<ClaimOutputFormat> = new Set(['x12', '837P', '837I']);

/**
 * The document in pieces, written when asked for (as the response stream drains), giving way to other requests
 * between pieces (`pace`).
 */
async function* written(
  writer: ClaimWriter,
  claims: readonly Claim[],
  remittances: readonly Remittance[],
  pace: () => Promise<void>,
): AsyncGenerator<string> {
  for (const c of claims) {
    const piece = writer.add(c);
    if (piece !== '') yield piece;
    await pace();
  }
  for (const piece of writer.endChunks(remittances)) {
    yield piece;
    await pace();
  }
}

async function convert(uploads: readonly UploadedFile[], format: ClaimOutputFormat): Promise<Converted> {
  const pace = pacer();
  const claims: Claim[] = [];
  const remittances: Remittance[] = [];
  const problems: Problem[] = [];
  const passedOver: Record<string, number> = {};
  const readTotals = { error: 0, warning: 0 };
  let unreadable = 0;
  for (const file of uploads) {
    const read = await readClaimBytesPaced(file.name, file.bytes, { pace });
    // One at a time: spreading a long list into push() overflows the call stack.
    for (const p of read.problems) problems.push(p);
    for (const c of read.claims) claims.push(c);
    for (const r of read.remittances) remittances.push(r);
    readTotals.error += read.problemTotals.error;
    readTotals.warning += read.problemTotals.warning;
    addPassedOver(passedOver, read.passedOver);
    if (read.claims.length === 0 && read.remittances.length === 0 && read.problemTotals.error > 0)
      unreadable++;
  }
  const named = uploads.length === 1 ? (uploads[0]?.name ?? 'the upload') : `the ${uploads.length} uploads`;
  if (claims.length === 0 && remittances.length === 0) {
    if (unreadable > 0)
      throw unprocessable('unreadable-file', problems.slice(0, 50), 'The file could not be read.');
    throw new HttpError(422, 'nothing-to-convert', `${named} holds no claims or remittances.`, {
      problems: problems.slice(0, 50),
    });
  }
  if (claims.length === 0 && !carriesRemittances(format))
    throw new HttpError(
      422,
      'unsupported-output',
      `${named} holds remittances (835 or ExplanationOfBenefit), which convert to fhir or json only, not ${format}.`,
    );

  const writer = claimWriter(format);
  const writeProblems: Problem[] = [];
  let body: Iterable<string> | AsyncIterable<string>;
  if (WRITTEN_FIRST.has(format)) {
    const pieces: string[] = [];
    for (const c of claims) {
      const piece = writer.add(c);
      if (piece !== '') pieces.push(piece);
      for (const p of writer.takeProblems()) writeProblems.push(p);
      await pace();
    }
    for (const piece of writer.endChunks(remittances)) pieces.push(piece);
    for (const p of writer.takeProblems()) writeProblems.push(p);
    body = pieces;
  } else body = written(writer, claims, remittances, pace);

  // What the output leaves out, as `convert` says it (claim-files/not-carried.ts).
  const fieldsNotCarried: string[] = [];
  const outputName =
    format === 'fhir'
      ? 'The FHIR'
      : format === 'csv'
        ? 'The CSV'
        : format === 'json'
          ? 'The JSON'
          : 'The X12 837';
  if (format === 'fhir' || format === 'csv') {
    const tally = new NotCarriedTally(format);
    for (const c of claims) tally.add(c);
    const lost = tally.describe();
    if (lost !== undefined) {
      fieldsNotCarried.push(lost);
      writeProblems.push(notCarriedWarning(`${outputName} output`, named, lost));
    }
  }
  if (format !== 'json') {
    const tally = new RemittanceNotCarriedTally(format === 'fhir' || format === 'csv' ? format : 'x12');
    for (const r of remittances) tally.add(r);
    const lost = tally.describe();
    if (lost !== undefined) {
      fieldsNotCarried.push(lost);
      writeProblems.push(notCarriedWarning(`${outputName} output`, named, lost));
    }
  }
  const segments = describePassedOver(passedOver);
  if (segments !== undefined)
    writeProblems.push({
      code: 'claim-file.not-carried',
      severity: 'warning',
      message: `${named} has segments the claim model does not carry; they are not in the output (${segments}).`,
    });
  for (const p of writeProblems) problems.push(p);
  return {
    body,
    claims: claims.length,
    remittanceClaims: remittances.reduce((n, r) => n + r.claims.length, 0),
    readTotals,
    problems,
    writeProblems: writeProblems.filter((p) => p.code !== 'claim-file.not-carried').length,
    segmentsNotCarried: Object.values(passedOver).reduce((a, b) => a + b, 0),
    fieldsNotCarried,
  };
}

/** Header text in ASCII (HTTP header values are bytes; the labels have dashes and ×), at most `max` characters. */
function headerText(text: string, max = 2000): string {
  const ascii = text
    .replace(/[–—]/g, '-')
    .replace(/×/g, 'x')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= max ? ascii : `${ascii.slice(0, max - 3)}...`;
}

/** `code xN` for each problem code, the most frequent first. */
function problemCodes(problems: readonly Problem[]): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${code} x${n}`)
    .join(', ');
}

const ConvertQuery = z.object({
  to: z
    .enum(['x12', '837P', '837I', 'fhir', 'json', 'csv'])
    .describe(
      'output format: x12 (837I for institutional claims, else 837P), 837P or 837I (every claim as that type), fhir (a Bundle of Claims and ExplanationOfBenefits), json (canonical claims and remittances), csv (a row per service line)',
    ),
  fileName: z.string().max(200).optional().describe('name of a raw-body upload (used in messages)'),
});

/** A document of `to=json`: the canonical claims (docs/claims-io.md), and the remittances when the uploads hold some. */
const ClaimJsonDocument = z
  .object({
    claims: z.array(z.looseObject({})).describe('Canonical claims'),
    remittances: z
      .array(z.looseObject({ claims: z.array(z.looseObject({})) }))
      .optional()
      .describe('Canonical remittances (835, ExplanationOfBenefit), each with its remittance claims'),
  })
  .describe('Canonical claim JSON, as `drugclaim convert --to json` writes it');

/** A document of `to=fhir`: one Bundle, a Claim per claim then an ExplanationOfBenefit per remittance claim. */
const FhirBundleDocument = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.literal('collection'),
    entry: z.array(
      z.object({
        fullUrl: z.string(),
        resource: z.looseObject({ resourceType: z.enum(['Claim', 'ExplanationOfBenefit']) }),
      }),
    ),
  })
  .describe('A FHIR R4 Bundle (collection)');

export function registerConvertRoutes(app: App, ctx: RouteContext): Promise<void> {
  return uploadScope(app, ctx.config, (scope) => {
    scope.post(
      '/convert',
      {
        bodyLimit: ctx.config.uploadLimitBytes,
        config: { access: 'viewer', audit: 'convert.run', upload: true },
        schema: {
          tags: ['convert'],
          summary: 'Convert claims or remittances to another format (X12 837, FHIR R4, JSON, CSV)',
          description:
            'What `drugclaim convert` does. Reads 837P/837I, 835, FHIR R4 Claim or ExplanationOfBenefit, claim JSON or CSV (several multipart files are converted into one document). Answers the document with its content type and `content-disposition: attachment`. Remittances (835, EOB) convert to `fhir` (an ExplanationOfBenefit per remittance claim) or `json` only. Headers (counts, codes and kinds, never claim data): x-drugclaim-claims and x-drugclaim-remittance-claims (what was written), x-drugclaim-read-errors and x-drugclaim-read-warnings (problems reading the files: with errors, some values could not be read and the output holds what the model has in their place, so check the input with POST /api/check or `drugclaim read`), x-drugclaim-write-problems, x-drugclaim-problem-codes (every problem by code and count, what was not carried included), x-drugclaim-not-carried (uploaded segments the claim model does not carry, not in the output) and x-drugclaim-not-carried-fields (what the output format has no place for, by kind with counts; `none` when nothing). 422: `unreadable-file` (nothing could be read; the problems say why), `nothing-to-convert`, `unsupported-output` (remittances to x12, 837P, 837I or csv).',
          ...secure,
          querystring: ConvertQuery,
          response: {
            200: {
              description: 'The converted document',
              content: {
                'application/edi-x12': { schema: z.string() },
                'application/fhir+json': { schema: FhirBundleDocument },
                'application/json': { schema: ClaimJsonDocument },
                'text/csv': { schema: z.string() },
              },
            },
            ...errors(400, 401, 403, 413, 415, 422),
          },
        },
      },
      async (request, reply) => {
        const uploads = await readUploads(request, 'claims');
        const format = request.query.to;
        const converted = await convert(uploads, format);
        // The files by digest and what was converted, never names or claim ids (PHI); the request id ties an outcome
        // row to this one.
        const resource = `sha256:${uploads.map((u) => uploadDigest(u.bytes)).join(',')} to:${format} claims:${converted.claims} remittance-claims:${converted.remittanceClaims} ${requestTag(request)}`;
        request.auditResource = resource;
        // Converting a big upload takes seconds: a client gone meanwhile gets nothing, and its one row says so (499).
        if (clientGone(reply))
          throw new HttpError(
            499,
            'client-gone',
            'The client closed the connection before its document was sent: nothing was sent.',
          );
        const stem =
          uploads.length === 1 ? (uploads[0]?.name ?? 'claims').replace(/\.[^.]*$/, '') : 'converted';
        // Streamed in pieces, written as the client takes them: the document can be longer than the longest string
        // V8 can hold, and held whole it would cost gigabytes. Fastify pipes a stream
        // as it is (the typed `send` knows only the schema's string shape).
        const stream = Readable.from(converted.body);
        // This call's audit row (status 200) is written as the answer starts: a document that then fails, or that
        // its client leaves before the end, gets a second row saying so.
        const writeOutcome = outcomeWriter(request.server.auditWriter, request);
        watchStream(reply.raw, stream, (outcome) =>
          writeOutcome(STREAM_OUTCOME_STATUS[outcome], `outcome:${outcome} ${resource}`),
        );
        const body = stream as unknown as string;
        return reply
          .type(CLAIM_CONTENT_TYPE[format])
          .header(
            'content-disposition',
            `attachment; filename="${stem || 'claims'}.${CLAIM_FILE_EXTENSION[format]}"`,
          )
          .header('x-drugclaim-claims', String(converted.claims))
          .header('x-drugclaim-remittance-claims', String(converted.remittanceClaims))
          .header('x-drugclaim-read-errors', String(converted.readTotals.error))
          .header('x-drugclaim-read-warnings', String(converted.readTotals.warning))
          .header('x-drugclaim-write-problems', String(converted.writeProblems))
          .header('x-drugclaim-problem-codes', headerText(problemCodes(converted.problems)))
          .header('x-drugclaim-not-carried', String(converted.segmentsNotCarried))
          .header(
            'x-drugclaim-not-carried-fields',
            headerText(converted.fieldsNotCarried.join('; ') || 'none'),
          )
          .header('access-control-expose-headers', HEADERS.join(', '))
          .send(body);
      },
    );
  });
}
