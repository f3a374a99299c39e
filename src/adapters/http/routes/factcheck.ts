/**
 * Fact check (what `drugclaim factcheck --json` prints): every statement in a text that ties a HCPCS code to a
 * drug, a billing unit or a modifier meaning, with a verdict against the reference data on a date.
 */
import { z } from 'zod';
import { factCheck } from '../../../core/factcheck/check.ts';
import { textProblem } from '../../../core/factcheck/input.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errors, IsoDate, today } from '../schemas.ts';

const MAX_TEXT = 200_000;

const FactCheckBody = z.object({
  date: z.string(),
  claims: z.array(
    z.object({
      text: z.string(),
      line: z.number().int(),
      start: z.number().int(),
      end: z.number().int(),
      kind: z.enum(['code-drug', 'code-unit', 'modifier-meaning', 'modifier-use']),
      code: z.string(),
      claimed: z.object({
        drug: z.string().optional(),
        unit: z.string().optional(),
        modifier: z.string().optional(),
        meaning: z.string().optional(),
        includesBiosimilars: z.boolean().optional(),
      }),
      negated: z.boolean(),
      verdict: z.enum(['true', 'false', 'unknown', 'outdated']),
      actual: z.string(),
      suggestion: z.string().nullable(),
      suggestedCodes: z.array(z.object({ code: z.string(), longDescription: z.string() })),
      sources: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
  notChecked: z
    .array(
      z.object({
        text: z.string(),
        line: z.number().int(),
        start: z.number().int(),
        end: z.number().int(),
        codes: z.array(z.string()),
        unitNotChecked: z.boolean(),
        pairingUncertain: z
          .literal(true)
          .optional()
          .describe('which name goes with which code is not certain, so no verdict was given'),
        readingUncertain: z
          .literal(true)
          .optional()
          .describe(
            'the "or" or "nor" joining the codes or names may be read more than one way, so no verdict was given',
          ),
        crosswalkNotLoaded: z
          .literal(true)
          .optional()
          .describe('no crosswalk data is loaded: product (brand) names could not be recognised'),
      }),
    )
    .describe(
      'Sentences naming a code or modifier that no checked statement settles: "0 false" is not "all true".',
    ),
  summary: z.object({
    claims: z.number().int(),
    true: z.number().int(),
    false: z.number().int(),
    unknown: z.number().int(),
    outdated: z.number().int(),
    notChecked: z.number().int(),
  }),
});

export function registerFactCheckRoutes(app: App, ctx: RouteContext): void {
  // Anonymous callers (public reference) get a per-address budget and a shorter text: one host must not keep the
  // single Node thread busy for everyone (a 200,000-character text costs about 0.35 s of CPU).
  const anonymous = ctx.config.publicFactCheck;
  const anonymousLimit = app.createRateLimit({
    max: anonymous.max,
    timeWindow: anonymous.timeWindowMs,
    keyGenerator: (req) => `factcheck:${req.ip}`,
  });
  app.post(
    '/factcheck',
    {
      config: { access: 'reference' },
      bodyLimit: MAX_TEXT * 4 + 1024,
      schema: {
        tags: ['guides'],
        summary:
          'Check what a text says about codes: drug, billing unit, modifier meaning; verdict, correct fact and the right code',
        description:
          'No false alarms on true statements: a statement the data cannot settle is "unknown", never "false". ' +
          `Without signing in: at most ${anonymous.maxText} characters and ${anonymous.max} calls a minute per address.`,
        body: z.strictObject({
          text: z
            .string()
            .min(1)
            .max(MAX_TEXT)
            .describe('An article, a policy or a note (plain text or Markdown)'),
          date: IsoDate.optional().describe('date the statements are checked for (default today)'),
        }),
        response: { 200: FactCheckBody, ...errors(400, 401, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      if (!request.principal) {
        const limit = await anonymousLimit(request);
        // The x-ratelimit-* headers the global limit set describe its budget (1,200 a minute by default): when this one
        // is nearer its end, or refuses, they describe this one, which is the limit a client has to pace itself by.
        const globalRemaining = Number(reply.getHeader('x-ratelimit-remaining') ?? Infinity);
        if (!limit.isAllowed && (limit.isExceeded || limit.remaining <= globalRemaining)) {
          void reply.header('x-ratelimit-limit', String(limit.max));
          void reply.header('x-ratelimit-remaining', String(limit.isExceeded ? 0 : limit.remaining));
          void reply.header('x-ratelimit-reset', String(limit.ttlInSeconds));
        }
        if (!limit.isAllowed && limit.isExceeded) {
          void reply.header('retry-after', String(limit.ttlInSeconds));
          throw new HttpError(
            429,
            'rate-limited',
            `Too many fact checks from this address without signing in (at most ${limit.max} a minute); sign in, or retry in ${limit.ttlInSeconds} seconds.`,
          );
        }
        if (request.body.text.length > anonymous.maxText) {
          const message = `Without signing in, a text may have at most ${anonymous.maxText} characters; sign in to check up to ${MAX_TEXT}.`;
          throw new HttpError(400, 'bad-request', message, { issues: [{ path: 'body.text', message }] });
        }
      }
      // Binary content sent as a string (a file read as UTF-8 that was not text) is refused, not checked as noise.
      const notText = textProblem(request.body.text);
      if (notText)
        throw new HttpError(400, 'bad-request', notText.message, {
          issues: [{ path: 'body.text', message: notText.message }],
        });
      return factCheck(ctx.reference(), request.body.text, request.body.date ?? today());
    },
  );
}
