/**
 * JSON request bodies: Fastify's own parser (prototype-poisoning checks included), with three differences. A body
 * that is not JSON is a 400 that says where it stops being JSON (line, column), as the upload routes do for files,
 * without quoting it (a sign-in body holds a password). JSON with a `__proto__` or `constructor.prototype` key is a
 * 400 that names that guard, not "not valid JSON". An empty body on a route that takes none (DELETE
 * /api/tokens/:id sent by an HTTP library that always sets `content-type: application/json`) is no body, not an error.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from './context.ts';
import { HttpError } from './errors.ts';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/**
 * Where `text` stops being JSON (RFC 8259): the offset of the first character that cannot continue it, its length
 * when it ends too early, or -1 when it is JSON. Iterative, so no nesting depth overflows it.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const open: number[] = [];
  let i = 0;
  let expect: 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'next' = 'value';
  // A string from its opening quote at `i`: true, with `i` after its closing quote; false, with `i` at the fault.
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        ESCAPE.lastIndex = i + 1;
        if (!ESCAPE.test(text)) return false;
        i = ESCAPE.lastIndex;
      } else i++;
    }
    return false;
  };
  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    if (i >= n) return open.length === 0 && expect === 'next' ? -1 : n;
    const c = text[i];
    switch (expect) {
      case 'value':
      case 'value-or-end':
        if (expect === 'value-or-end' && c === ']') {
          open.pop();
          i++;
          expect = 'next';
        } else if (c === '{' || c === '[') {
          open.push(c === '{' ? 123 : 91);
          i++;
          expect = c === '{' ? 'key-or-end' : 'value-or-end';
        } else if (c === '"') {
          if (!string()) return i;
          expect = 'next';
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
          expect = 'next';
        } else if (text.startsWith('false', i)) {
          i += 5;
          expect = 'next';
        } else {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return i;
          i = NUMBER.lastIndex;
          expect = 'next';
        }
        break;
      case 'key':
      case 'key-or-end':
        if (expect === 'key-or-end' && c === '}') {
          open.pop();
          i++;
          expect = 'next';
        } else {
          if (c !== '"' || !string()) return i;
          expect = 'colon';
        }
        break;
      case 'colon':
        if (c !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'next': {
        const top = open[open.length - 1];
        if (top === undefined) return i;
        if (c === ',') expect = top === 123 ? 'key' : 'value';
        else if ((c === '}' && top === 123) || (c === ']' && top === 91)) open.pop();
        else return i;
        i++;
        break;
      }
    }
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

const PROTOTYPE_KEY_REFUSED =
  'The body is JSON, but a key named __proto__ or constructor.prototype is not accepted (it could change what every object inherits); remove or rename it.';

/** Replaces Fastify's JSON parser (same checks, see above). */
export function installJsonParser(app: App): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      if (takesNoBody(request)) return done(null, undefined);
      return done(new HttpError(400, 'bad-request', 'The body is empty; this route takes a JSON object.'));
    }
    void parse(request, text, (err, value) => {
      if (!err) return done(null, value);
      const offset = jsonErrorOffset(text);
      // -1: the text is JSON, so what refused it is the prototype-poisoning guard (the only check the parser adds to
      // JSON.parse): say that, not "not valid JSON". (A key can be written with \u escapes: "\u005f_proto__".)
      if (offset < 0)
        return done(
          /__proto__|constructor|\\u00/i.test(text)
            ? new HttpError(400, 'bad-request', PROTOTYPE_KEY_REFUSED)
            : err,
        );
      const { line, column } = lineColumn(text, offset);
      done(
        new HttpError(
          400,
          'bad-request',
          offset >= text.length
            ? `The body is not valid JSON: it ends early (line ${line}, column ${column}).`
            : `The body is not valid JSON at line ${line}, column ${column} (character ${offset + 1}).`,
        ),
      );
    });
  });
}

function takesNoBody(request: FastifyRequest): boolean {
  return request.routeOptions.schema?.body === undefined && request.routeOptions.config.upload !== true;
}
