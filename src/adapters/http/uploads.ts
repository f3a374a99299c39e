/**
 * Claim and remittance files arrive either as the raw request body (integrators: `curl --data-binary @claims.837
 * -H 'content-type: application/edi-x12'`) or as multipart/form-data (browsers, several files). Routes that take
 * files are registered inside `uploadScope`, whose parsers keep every body as bytes up to the upload limit.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { App, AppConfig } from './context.ts';
import { HttpError, MULTIPART_LIMITS } from './errors.ts';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** Registers `routes` in a child scope where any content type is read as bytes (multipart: per file). */
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
      limits: { fileSize: config.uploadLimitBytes, ...MULTIPART_LIMITS, fieldSize: 64 * 1024 },
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

/** The uploaded files: every file part of a multipart body, else the raw body as one file named by `?fileName=`. */
export async function readUploads(request: FastifyRequest, fallbackName: string): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  if (request.isMultipart()) {
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        const bytes = new Uint8Array(await part.toBuffer());
        files.push({ name: safeFileName(part.filename, fallbackName), bytes });
      }
    } catch (err) {
      // Size limits come with their own 413; anything else the multipart parser refuses is a malformed body.
      if (typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
      throw new HttpError(
        400,
        'bad-multipart',
        'The multipart/form-data body is malformed (truncated, or a part without its end boundary).',
      );
    }
  } else if (Buffer.isBuffer(request.body)) {
    const query = request.query as { fileName?: string } | undefined;
    files.push({ name: safeFileName(query?.fileName, fallbackName), bytes: new Uint8Array(request.body) });
  }
  const nonEmpty = files.filter((f) => f.bytes.length > 0);
  if (nonEmpty.length === 0) {
    throw new HttpError(
      400,
      'no-file',
      'Send the file as the request body (any content type) or as multipart/form-data file parts.',
    );
  }
  // Recorded now, so that the audit row of an upload refused or failed later still says which file it carried
  // (the file as sent, then as read when it came gzipped).
  request.auditResource = filesResource(nonEmpty);
  const limit = request.routeOptions.bodyLimit;
  const decoded = nonEmpty.map((f) => decodeFile(f, limit));
  if (decoded.some((f, i) => f !== nonEmpty[i])) request.auditResource = filesResource(decoded);
  return decoded;
}

function filesResource(files: readonly UploadedFile[]): string {
  return `sha256:${files.map((f) => uploadDigest(f.bytes)).join(',')} bytes:${files.reduce((n, f) => n + f.bytes.length, 0)}`;
}

/** The first 12 hex digits of a file's SHA-256: how audit rows name an uploaded file (never by its name or content). */
export function uploadDigest(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '-' : createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * A gzipped file (RFC 1952: it starts 1f 8b) is read as the file inside, within the same size limit; a ZIP archive
 * is refused with what to send instead. Anything else is the file as it came.
 */
export function decodeFile(file: UploadedFile, limit: number): UploadedFile {
  const b = file.bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04)
    throw new HttpError(
      415,
      'unsupported-media-type',
      `${file.name} is a ZIP archive, which is not read: send the claim file itself, or gzip it (.gz).`,
    );
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return file;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(gunzipSync(b, { maxOutputLength: limit }));
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpError(
        413,
        'payload-too-large',
        `${file.name} is larger than this server accepts once uncompressed (${Math.round(limit / 1048576)} MiB).`,
      );
    throw new HttpError(
      422,
      'unreadable-file',
      `${file.name} starts like a gzip file but is not valid gzip.`,
    );
  }
  return { name: file.name.replace(/\.gz$/i, ''), bytes };
}
