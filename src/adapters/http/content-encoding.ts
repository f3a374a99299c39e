/**
 * Compressed request bodies. Clearinghouse batches often travel gzipped: a body sent with `Content-Encoding: gzip`
 * (or deflate, br) is decoded before it is parsed, and the size limits apply to the decoded bytes (a small
 * compressed body cannot expand past them). Any other encoding, or one on a multipart body (whose parts are read
 * from the socket as they come), is a 415 that says what is accepted, rather than bytes read as if they were text.
 */
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { App } from './context.ts';
import { HttpError } from './errors.ts';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export const ACCEPTED_ENCODINGS = 'gzip, deflate or br';

export function installContentEncoding(app: App): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const header = request.headers['content-encoding'];
    const encoding = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return payload;
    const decoder = DECODERS[encoding];
    if (decoder === undefined)
      throw new HttpError(
        415,
        'unsupported-content-encoding',
        `Content-Encoding "${encoding.slice(0, 40)}" is not read: send the body with ${ACCEPTED_ENCODINGS}, or none.`,
      );
    if (/^multipart\//i.test(request.headers['content-type'] ?? ''))
      throw new HttpError(
        415,
        'unsupported-content-encoding',
        'A multipart body cannot be sent with a Content-Encoding: compress the files inside it (a .gz file part is read) or send one file as the raw body.',
      );
    const decoded = decoder();
    // Fastify compares Content-Length with the bytes that came in, not with the decoded ones.
    const counted = decoded as Transform & { receivedEncodedLength: number };
    counted.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      counted.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (err) => decoded.destroy(err));
    // Registered before Fastify's own listener: a body that is not what its encoding says is the client's fault,
    // said plainly rather than as zlib's "incorrect header check".
    decoded.on('error', (err: Error & { statusCode?: number; code?: string }) => {
      if (err.statusCode !== undefined) return;
      err.statusCode = 400;
      err.code = 'bad-request';
      err.message = `The body is not valid ${encoding} data.`;
    });
    return payload.pipe(decoded);
  });
}
