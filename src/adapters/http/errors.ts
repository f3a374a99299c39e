/**
 * Every error answer is JSON: `{ statusCode, code, message, issues? }`. A malformed request (bad JSON, wrong
 * types, too large, unknown route) is a 4xx; only a fault in drugclaim itself is a 5xx, and its log line carries
 * the error's class, SQLite's result code ("13 database or disk is full") and stack frames but not its message
 * (which could quote claim data).
 */
import { maxHeaderSize, STATUS_CODES as HTTP_REASONS } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Problem } from '../../core/problem.ts';
import { sqlitePrimaryCode } from '../store/database.ts';

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly issues?: { path: string; message: string }[];
  readonly problems?: Problem[];
  constructor(
    statusCode: number,
    code: string,
    message: string,
    extra: { issues?: { path: string; message: string }[]; problems?: Problem[] } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    if (extra.issues) this.issues = extra.issues;
    if (extra.problems) this.problems = extra.problems;
  }
}

/** 422 for input that is well-formed HTTP but that drugclaim cannot use; the problems say why. */
export function unprocessable(code: string, problems: Problem[], fallback: string): HttpError {
  const errors = problems.filter((p) => p.severity === 'error');
  const message =
    (errors.length > 0 ? errors : problems)
      .slice(0, 5)
      .map((p) => p.message)
      .join('; ') || fallback;
  return new HttpError(422, code, message, { problems });
}

/** A drugclaim Problem (core/problem.ts): stable code, severity, plain-words message, position. */
export const SourcePositionBody = z.object({
  file: z.string().optional(),
  line: z.number().int().optional(),
  segmentIndex: z.number().int().optional(),
  segmentId: z.string().optional(),
  element: z.number().int().optional(),
  field: z.string().optional(),
  loop: z.string().optional(),
  path: z.string().optional(),
});

export const ProblemBody = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  at: SourcePositionBody.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const ErrorBody = z
  .object({
    statusCode: z.number().int(),
    code: z
      .string()
      .describe('Stable machine-readable code, e.g. "bad-request", "unauthorized", "not-found".'),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    problems: z
      .array(ProblemBody)
      .optional()
      .describe('Domain problems (unreadable input, a dose that cannot be converted, …)'),
  })
  .describe('An error answer.');
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Fastify's own error codes → our stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad-request',
  FST_ERR_VALIDATION: 'bad-request',
  FST_ERR_BAD_URL: 'bad-request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  FST_ERR_ASYNC_CONSTRAINT: 'bad-request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'bad-request',
  FST_REQ_FILE_TOO_LARGE: 'payload-too-large',
  FST_PARTS_LIMIT: 'too-many-parts',
  FST_FILES_LIMIT: 'too-many-parts',
  FST_FIELDS_LIMIT: 'too-many-parts',
  FST_PROTO_VIOLATION: 'bad-request',
  FST_CSRF_INVALID_TOKEN: 'csrf-invalid',
  FST_CSRF_MISSING_SECRET: 'csrf-invalid',
};

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'unavailable',
};

/** Stack frames without the first line (the message). */
function framesOnly(stack: string | undefined): string | undefined {
  return stack?.split('\n').slice(1).join('\n');
}

/** How many parts a multipart upload may have (./uploads.ts); a 413 for more says so, not "file too large". */
export const MULTIPART_LIMITS = { files: 20, fields: 20, parts: 40 } as const;

/** What a multipart count limit's 413 says, by the multipart plugin's error code. */
const TOO_MANY: Record<string, string> = {
  FST_FILES_LIMIT: `The upload has more than ${MULTIPART_LIMITS.files} files; send at most ${MULTIPART_LIMITS.files} per request.`,
  FST_PARTS_LIMIT: `The upload has more than ${MULTIPART_LIMITS.parts} multipart parts (files and fields); send at most ${MULTIPART_LIMITS.files} files per request.`,
  FST_FIELDS_LIMIT: `The upload has more than ${MULTIPART_LIMITS.fields} form fields besides its files.`,
};

/** The limits a 413 names, so the caller knows the size and, on uploads, how the operator raises it. */
export interface BodyLimits {
  bodyLimitBytes: number;
  uploadLimitBytes: number;
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${bytes} bytes`;
}

function tooLargeMessage(request: FastifyRequest, limits: BodyLimits, code: string | undefined): string {
  const tooMany = code === undefined ? undefined : TOO_MANY[code];
  if (tooMany !== undefined) return tooMany;
  if (request.routeOptions.config.upload === true)
    return `The upload is larger than this server accepts (${mebibytes(limits.uploadLimitBytes)} per request, all files together, gzipped files counted uncompressed). Check a larger file with the CLI (drugclaim check FILE), or have the operator raise the limit (drugclaim serve --upload-limit <MiB>).`;
  return `The request body is larger than this server accepts (${mebibytes(limits.bodyLimitBytes)}).`;
}

export function errorHandlerFor(
  limits: BodyLimits,
): (error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => errorHandler(error, request, reply, limits);
}

/** SQLite's result code and fixed text on a node:sqlite error ("13 database or disk is full"): no SQL, no values. */
export function sqliteCause(error: unknown): string | undefined {
  const e = error as { errcode?: unknown; errstr?: unknown } | null;
  if (typeof e?.errcode !== 'number') return undefined;
  return `${e.errcode} ${typeof e.errstr === 'string' ? e.errstr : ''}`.trim();
}

/**
 * Why the store refused a statement, by SQLite's primary result code (extended codes included): another writer holds
 * the lock (SQLITE_BUSY 5, SQLITE_LOCKED 6: retry), it cannot be written at all (SQLITE_READONLY 8), or its disk is
 * full (SQLITE_FULL 13). The last two need the operator, not a retry.
 */
export type StoreFault = 'busy' | 'read-only' | 'full';

export function storeFault(error: unknown): StoreFault | undefined {
  const primary = sqlitePrimaryCode(error);
  if ((error as { code?: unknown } | null)?.code !== 'ERR_SQLITE_ERROR' || primary === undefined)
    return undefined;
  switch (primary) {
    case 5:
    case 6:
      return 'busy';
    case 8:
      return 'read-only';
    case 13:
      return 'full';
    default:
      return undefined;
  }
}

/** What a caller is told about each store fault: a 503 with its own code; only "busy" is worth a retry. */
const STORE_FAULT_ANSWERS: Record<StoreFault, { code: string; why: string; retryAfter?: string }> = {
  busy: {
    code: 'store-busy',
    why: 'The store is busy with another writer (an import or a backup)',
    retryAfter: '5',
  },
  'read-only': {
    code: 'store-read-only',
    why: 'The store is read-only (its file, its folder or its disk cannot be written); the operator must make it writable',
  },
  full: {
    code: 'store-full',
    why: 'The disk holding the store is full; the operator must free space',
  },
};

export function errorHandler(
  error: FastifyError | HttpError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
  limits?: BodyLimits,
): void {
  const raw = error as Partial<FastifyError> & {
    issues?: { path: string; message: string }[];
    problems?: Problem[];
  };
  let status =
    typeof raw.statusCode === 'number' && raw.statusCode >= 400 && raw.statusCode < 600
      ? raw.statusCode
      : 500;
  // A client's bad bytes must never look like our fault: JSON syntax errors come through here without a status.
  if (status === 500 && error instanceof SyntaxError) status = 400;
  // Another connection (a CLI import, a backup) held the store's write lock past the busy timeout: nothing is wrong
  // with the request or with drugclaim, so the client is told to retry rather than shown a failure. A read-only store
  // or a full disk is not drugclaim's fault either, but no retry helps: the answer says what the operator must do.
  const fault = status === 500 ? storeFault(error) : undefined;
  if (fault !== undefined) {
    const answer = STORE_FAULT_ANSWERS[fault];
    const log = { errCode: raw.code, sqlite: sqliteCause(error) };
    const line = `store ${fault}: answered 503 ${answer.code}`;
    if (fault === 'busy') request.log.warn(log, line);
    else request.log.error(log, line);
    const body: ErrorBody = {
      statusCode: 503,
      code: answer.code,
      message: fault === 'busy' ? `${answer.why}; retry in a few seconds.` : `${answer.why}.`,
    };
    if (answer.retryAfter !== undefined) void reply.header('retry-after', answer.retryAfter);
    void reply.status(503).type('application/json').send(body);
    return;
  }
  if (status >= 500 && status !== 503) {
    request.log.error(
      {
        errClass: error.name,
        errCode: raw.code,
        sqlite: sqliteCause(error),
        frames: framesOnly(error.stack),
      },
      'request failed',
    );
    const body: ErrorBody = {
      statusCode: 500,
      code: 'internal',
      message: 'drugclaim failed to answer this request; the server log has details.',
    };
    void reply.status(500).type('application/json').send(body);
    return;
  }
  const code =
    error instanceof HttpError
      ? error.code
      : (raw.code !== undefined && FASTIFY_CODES[raw.code]) ||
        (typeof raw.code === 'string' && /^[a-z-]+$/.test(raw.code) ? raw.code : undefined) ||
        STATUS_CODES[status] ||
        'error';
  const body: ErrorBody = { statusCode: status, code, message: error.message || code };
  if (status === 413 && limits !== undefined) body.message = tooLargeMessage(request, limits, raw.code);
  if (raw.issues) body.issues = raw.issues;
  if (raw.problems) body.problems = raw.problems;
  if (status === 401 && !reply.hasHeader('www-authenticate'))
    void reply.header('www-authenticate', 'Bearer realm="drugclaim"');
  void reply.status(status).type('application/json').send(body);
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not-found', what);
export const badRequest = (message: string): HttpError => new HttpError(400, 'bad-request', message);

/**
 * What Node's HTTP parser refuses before there is a request to route (an unknown method, headers past the size
 * limit, a request that took too long to arrive), by its error code.
 */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_INVALID_METHOD: {
    status: 400,
    code: 'bad-request',
    message: 'The request method is not an HTTP method this server knows (GET, POST, PATCH, DELETE, …).',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers-too-large',
    message: `The request line and headers are larger than this server reads (${Math.round(maxHeaderSize / 1024)} KiB in all).`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    code: 'payload-too-large',
    message: 'The chunk extensions of the request body are larger than this server reads.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request-timeout',
    message: 'The request did not arrive whole in time.',
  },
};

const NOT_HTTP = { status: 400, code: 'bad-request', message: 'The request is not valid HTTP.' };

/**
 * Fastify's `clientErrorHandler`: answers a request Node could not parse in drugclaim's error shape, not Fastify's
 * default `{ error, message, statusCode }`, then closes the connection (its bytes cannot be trusted to frame another
 * request). Returns the status answered, or undefined when the client had already gone.
 */
export function answerClientError(error: { code?: string }, socket: Socket): number | undefined {
  if (error.code === 'ECONNRESET' || socket.destroyed) return undefined;
  const answer = (error.code === undefined ? undefined : CLIENT_ERRORS[error.code]) ?? NOT_HTTP;
  // As Node checks before its own answer: an answer already under way on this connection must not be corrupted.
  const inFlight = (socket as Socket & { _httpMessage?: { _headerSent?: boolean } | null })._httpMessage;
  if (socket.writable && inFlight?._headerSent !== true) {
    const body = JSON.stringify({
      statusCode: answer.status,
      code: answer.code,
      message: answer.message,
    } satisfies ErrorBody);
    socket.write(
      `HTTP/1.1 ${answer.status} ${HTTP_REASONS[answer.status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  // As Node does after its own answer: the rest of what the client sent cannot be read as requests.
  socket.destroy();
  return answer.status;
}
