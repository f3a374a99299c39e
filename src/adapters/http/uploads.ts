/**
 * Claim and remittance files arrive either as the raw request body (integrators: `curl --data-binary @claims.837
 * -H 'content-type: application/edi-x12'`) or as multipart/form-data (browsers, several files). Routes that take
 * files are registered inside `uploadScope`, whose parsers keep every body as bytes up to the upload limit.
 */
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { App, AppConfig } from './context.ts';
import { HttpError, MULTIPART_LIMITS } from './errors.ts';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** The longest value of a form field a route does not ask for (names, options): more is cut by the parser. */
const DEFAULT_FIELD_SIZE = 64 * 1024;

/** Registers `routes` in a child scope where any content type is read as bytes (multipart: per file; see `readUploads`). */
export async function uploadScope(
  app: App,
  config: AppConfig,
  routes: (scope: App) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    const s = scope as unknown as App;
    s.removeAllContentTypeParsers();
    s.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: config.uploadLimitBytes },
      (_req, body, done) => done(null, body),
    );
    await s.register(fastifyMultipart, {
      limits: { fileSize: config.uploadLimitBytes, ...MULTIPART_LIMITS, fieldSize: DEFAULT_FIELD_SIZE },
    });
    await routes(s);
  });
}

const SAFE_NAME = /[^A-Za-z0-9._ -]+/g;

/** A file name fit for messages and Content-Disposition: no paths, no quotes, bounded. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(SAFE_NAME, '_').slice(0, 120).trim();
  return clean === '' ? fallback : clean;
}

/**
 * The uploaded files: every file part of a multipart body, else the raw body as one file named by the `x-file-name`
 * header (or the deprecated `?fileName=`: a URL is logged by proxies, and billers name files after patients).
 *
 * The route's upload limit is one budget for the whole request, over the files as read (gzipped ones once
 * decompressed), not per file: 20 parts of 50 MiB each, or 20 small gzip bombs, would otherwise hold a gigabyte in
 * memory. Each part is counted as it arrives and each gzipped file is inflated as a stream (off the event loop),
 * both stopped at the first byte past what is left of the budget: 413.
 */
export async function readUploads(request: FastifyRequest, fallbackName: string): Promise<UploadedFile[]> {
  return (await readUploadsAndFields(request, fallbackName, {})).files;
}

/** The files of an upload and the multipart form fields a route asked for (a raw body has none). */
export interface Uploads {
  files: UploadedFile[];
  fields: Map<string, string>;
}

/**
 * `readUploads`, keeping besides the files the form fields named in `wanted`, each up to its longest length in
 * characters (a longer one, a repeated one or a JSON one is a 400 naming it): what is too long for a URL (a choice of
 * thousands of findings) travels beside the file. Other fields are passed over, as `readUploads` passes them over.
 */
export async function readUploadsAndFields(
  request: FastifyRequest,
  fallbackName: string,
  wanted: Readonly<Record<string, number>>,
): Promise<Uploads> {
  const fields = new Map<string, string>();
  const limit = request.routeOptions.bodyLimit ?? Infinity;
  const sent: UploadedFile[] = [];
  const decoded: UploadedFile[] = [];
  let used = 0;
  const take = async (file: UploadedFile): Promise<void> => {
    sent.push(file);
    const read = await decodeFile(file, limit - used, limit);
    used += read.bytes.length;
    decoded.push(read);
  };
  if (request.isMultipart()) {
    try {
      const longest = Math.max(DEFAULT_FIELD_SIZE, ...Object.values(wanted));
      for await (const part of request.parts({ limits: { fieldSize: longest } })) {
        if (part.type !== 'file') {
          if (Object.hasOwn(wanted, part.fieldname))
            fields.set(part.fieldname, fieldValue(part, wanted, fields));
          continue;
        }
        const name = safeFileName(part.filename, fallbackName);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (used + size > limit) {
            part.file.destroy();
            throw tooLarge(limit);
          }
          chunks.push(chunk);
        }
        // The multipart plugin's own per-file limit (the same number): a truncated part is a 413 too.
        if (part.file.truncated) throw tooLarge(limit);
        await take({ name, bytes: new Uint8Array(Buffer.concat(chunks, size)) });
      }
    } catch (err) {
      // Size limits come with their own 413; anything else the multipart parser refuses is a malformed body.
      if (typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
      throw new HttpError(
        400,
        'bad-multipart',
        'The multipart/form-data body is malformed (truncated, or a part without its end boundary).',
      );
    } finally {
      // Recorded as soon as known, so that the audit row of an upload refused or failed later still says which
      // files it carried (as sent, then as read when they came gzipped).
      if (sent.length > 0) request.auditResource = filesResource(sent.filter((f) => f.bytes.length > 0));
    }
  } else if (Buffer.isBuffer(request.body)) {
    const query = request.query as { fileName?: string } | undefined;
    const header = request.headers['x-file-name'];
    const name = (typeof header === 'string' && header !== '' ? header : undefined) ?? query?.fileName;
    const file = { name: safeFileName(name, fallbackName), bytes: new Uint8Array(request.body) };
    if (file.bytes.length > 0) request.auditResource = filesResource([file]);
    await take(file);
  }
  const nonEmpty = decoded.filter((f) => f.bytes.length > 0);
  if (nonEmpty.length === 0) {
    throw new HttpError(
      400,
      'no-file',
      'Send the file as the request body (any content type) or as multipart/form-data file parts.',
    );
  }
  if (decoded.some((f, i) => f !== sent[i])) request.auditResource = filesResource(nonEmpty);
  return { files: nonEmpty, fields };
}

/** A wanted form field's text; 400 when it is repeated, too long or not text. */
function fieldValue(
  part: { fieldname: string; value: unknown; valueTruncated: boolean },
  wanted: Readonly<Record<string, number>>,
  seen: ReadonlyMap<string, string>,
): string {
  const name = part.fieldname;
  const longest = wanted[name] ?? DEFAULT_FIELD_SIZE;
  if (seen.has(name))
    throw new HttpError(400, 'bad-request', `The form field ${name} is sent more than once.`);
  if (typeof part.value !== 'string')
    throw new HttpError(400, 'bad-request', `The form field ${name} must be text, not JSON.`);
  if (part.valueTruncated || part.value.length > longest)
    throw new HttpError(
      400,
      'bad-request',
      `The form field ${name} is longer than ${longest.toLocaleString('en-US')} characters.`,
    );
  return part.value;
}

/** 413 for an upload past the request's budget. */
function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'payload-too-large',
    `The upload is larger than this server accepts in one request (${Math.round(limit / 1048576)} MiB in all, gzipped files counted uncompressed).`,
  );
}

function filesResource(files: readonly UploadedFile[]): string {
  return `sha256:${files.map((f) => uploadDigest(f.bytes)).join(',')} bytes:${files.reduce((n, f) => n + f.bytes.length, 0)}`;
}

/** The first 12 hex digits of a file's SHA-256: how audit rows name an uploaded file (never by its name or content). */
export function uploadDigest(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '-' : createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * A gzipped file (RFC 1952: it starts 1f 8b) is read as the file inside, inflated as a stream and stopped at
 * `limit` bytes, what is left of the request's budget (413, naming the whole `budget`); a ZIP archive is refused
 * with what to send instead. Anything else is the file as it came (413 when it alone is past `limit`).
 */
async function decodeFile(file: UploadedFile, limit: number, budget: number): Promise<UploadedFile> {
  const b = file.bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04)
    throw new HttpError(
      415,
      'unsupported-media-type',
      `${file.name} is a ZIP archive, which is not read: send the claim file itself, or gzip it (.gz).`,
    );
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) {
    if (b.length > limit) throw tooLarge(budget);
    return file;
  }
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let size = 0;
  gunzip.end(b);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        gunzip.destroy();
        throw tooLarge(budget);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(
      422,
      'unreadable-file',
      `${file.name} starts like a gzip file but is not valid gzip.`,
    );
  }
  return { name: file.name.replace(/\.gz$/i, ''), bytes: new Uint8Array(Buffer.concat(chunks, size)) };
}
