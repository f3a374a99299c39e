/**
 * Claim and remittance files arrive either as the raw request body (integrators: `curl --data-binary @claims.837
 * -H 'content-type: application/edi-x12'`) or as multipart/form-data (browsers, several files). Routes that take
 * files are registered inside `uploadScope`, whose parsers keep every body as bytes up to the upload limit.
 */
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
  return nonEmpty;
}
