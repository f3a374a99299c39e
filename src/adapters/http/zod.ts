/**
 * Zod schemas on Fastify routes: one schema validates the request, types the handler, and becomes the route's
 * JSON Schema in the OpenAPI document (via `z.toJSONSchema`). Responses are serialised with JSON.stringify and,
 * when `validateResponses` is on (tests), checked against their schema so the document cannot drift from the code.
 */
import type { FastifySchema, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** The message of the first few issues, with their paths, for a 400 answer. */
export function describeIssues(
  error: z.ZodError,
  where: string,
): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.slice(0, 10).map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message:
      issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
        ? 'is required'
        : issue.message,
  }));
  return { message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
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
  return json;
}

/** @fastify/swagger `transform`: zod → JSON Schema for every part of every route. */
export function swaggerTransform({ schema, url }: { schema: FastifySchema; url: string }): {
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
        // { description, content: { 'mime/type': { schema } } } form for non-JSON answers.
        const v = value as { description?: string; content: Record<string, { schema: unknown }> };
        response[status] = {
          ...v,
          content: Object.fromEntries(
            Object.entries(v.content).map(([mime, c]) => [mime, { schema: toJson(c.schema, 'input') }]),
          ),
        };
      } else {
        response[status] = toJson(value, 'input');
      }
    }
    out['response'] = response;
  }
  return { schema: out as FastifySchema, url };
}
