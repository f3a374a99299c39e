/**
 * Zod schemas on Fastify routes: one schema validates the request, types the handler, and becomes the route's
 * JSON Schema in the OpenAPI document (via `z.toJSONSchema`). Responses are serialised with JSON.stringify and,
 * when `validateResponses` is on (tests), checked against their schema so the document cannot drift from the code.
 */
import type { FastifySchema, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from './errors.ts';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** The message of the first few issues, with their paths, for a 400 answer. */
export function describeIssues(
  error: z.ZodError,
  where: string,
): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.slice(0, 10).flatMap((issue) => {
    const path = [where, ...issue.path.map(String)];
    // An unknown field is named by its own path: a misspelt `expiresDays` must not pass for "no expiry".
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'is not a known field',
      }));
    return [
      {
        path: path.join('.'),
        message:
          issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
            ? 'is required'
            : issue.message,
      },
    ];
  });
  // Two checks of one schema can fail with the same words (a pattern and a refinement): say it once.
  const unique = issues.filter(
    (issue, i) => issues.findIndex((o) => o.path === issue.path && o.message === issue.message) === i,
  );
  return { message: unique.map((i) => `${i.path}: ${i.message}`).join('; '), issues: unique };
}

export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'bad-request';
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[]) {
    super(message);
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const { message, issues } = describeIssues(result.error, httpPart ?? 'request');
    return { error: new RequestValidationError(message, issues) };
  };

export function serializerCompiler(validate: boolean) {
  return ({ schema }: { schema: unknown }) =>
    (data: unknown): string => {
      if (validate && schema instanceof z.ZodType) {
        const result = schema.safeParse(data);
        if (!result.success) {
          const { message } = describeIssues(result.error, 'response');
          throw new Error(`Response does not match its documented schema: ${message}`);
        }
      }
      return JSON.stringify(data);
    };
}

/** Responses too are documented in their input form: no additionalProperties:false, since modules add keys (additive only). */
function toJson(schema: unknown, io: 'input' | 'output'): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete json['$schema'];
  return openApi30(json) as Record<string, unknown>;
}

/**
 * What zod's OpenAPI 3.0 output needs to be valid 3.0: `nullable` only beside a `type` (a nullable union is written
 * as nullable branches), and no ±2^53 bounds on integers, which only say "a JavaScript integer" and read as limits.
 */
export function openApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApi30);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = openApi30(v);
  if (out['nullable'] === true && out['type'] === undefined) {
    const branches = (out['anyOf'] ?? out['oneOf']) as Record<string, unknown>[] | undefined;
    if (Array.isArray(branches)) {
      delete out['nullable'];
      const key = out['anyOf'] !== undefined ? 'anyOf' : 'oneOf';
      out[key] = branches.map((b) => (b['type'] !== undefined ? { ...b, nullable: true } : b));
    }
  }
  if (out['type'] === 'integer') {
    if (out['minimum'] === Number.MIN_SAFE_INTEGER) delete out['minimum'];
    if (out['maximum'] === Number.MAX_SAFE_INTEGER) delete out['maximum'];
  }
  return out;
}

/**
 * Error answers any route may give whatever its own schema lists, by what the route takes: 401 (a wrong or malformed
 * Bearer token is refused on every route, public ones included: ./auth.ts), 429 (rate limits apply to every route),
 * 500 (a fault in drugclaim); 413 and 415 where there is a body (too large; a media type or content encoding the
 * server does not read); 414 where there are path parameters (longer than the router takes); 503 where the route is
 * audited (its audit row could not be written: `audit-unavailable`, the answer withheld).
 */
function commonErrors(schema: FastifySchema, route: { upload?: boolean; audit?: string }): number[] {
  const statuses = [401, 429, 500];
  if (schema.body !== undefined || route.upload === true) statuses.push(413, 415);
  if (schema.params !== undefined) statuses.push(414);
  if (route.audit !== undefined) statuses.push(503);
  return statuses;
}

/** @fastify/swagger `transform`: zod → JSON Schema for every part of every route. */
export function swaggerTransform({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route?: { config?: { upload?: boolean; audit?: string } };
}): {
  schema: FastifySchema;
  url: string;
} {
  if (!schema) return { schema, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    if (schema[part] !== undefined) out[part] = toJson(schema[part], 'input');
  }
  if (schema.response && typeof schema.response === 'object') {
    const response: Record<string, unknown> = {};
    for (const [status, value] of Object.entries(schema.response as Record<string, unknown>)) {
      if (value && typeof value === 'object' && 'content' in value) {
        // { description, content: { 'mime/type': { schema } }, headers?: { name: zod schema } } form for non-JSON
        // answers and answers with headers of their own (a header's `.describe()` becomes its description).
        const v = value as {
          description?: string;
          content: Record<string, { schema: unknown }>;
          headers?: Record<string, unknown>;
        };
        response[status] = {
          ...v,
          content: Object.fromEntries(
            Object.entries(v.content).map(([mime, c]) => [mime, { schema: toJson(c.schema, 'input') }]),
          ),
          ...(v.headers === undefined
            ? {}
            : {
                headers: Object.fromEntries(
                  Object.entries(v.headers).map(([name, h]) => [name, toJson(h, 'output')]),
                ),
              }),
        };
      } else {
        response[status] = toJson(value, 'input');
      }
    }
    for (const status of commonErrors(schema, route?.config ?? {}))
      response[String(status)] ??= toJson(ErrorBody, 'input');
    out['response'] = response;
  }
  return { schema: out as FastifySchema, url };
}
