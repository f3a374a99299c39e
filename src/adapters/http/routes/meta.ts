/**
 * Liveness (/api/health: the process answers), readiness (/api/ready: it can do its work) and the releases the
 * answers come from. Neither probe counts against the rate limit: a load balancer calls them every few seconds.
 */
import { z } from 'zod';
import type { App, RouteContext } from '../context.ts';
import { errors } from '../schemas.ts';

const Release = z.object({
  id: z.string(),
  dataset: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  releaseDate: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  label: z.string(),
  recordCount: z.number().int(),
  importedAt: z.string(),
});

const ReadinessCheck = z.object({
  name: z.enum(['store-read', 'store-write', 'store-file', 'disk-space', 'reference-data']),
  ok: z.boolean(),
  detail: z.string(),
});

export function registerMetaRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['meta'],
        summary: 'Is the process up (liveness)? Always 200 while it answers; readiness is GET /api/ready',
        response: {
          200: z.object({
            ok: z.literal(true),
            version: z.string(),
            referenceData: z
              .boolean()
              .describe('false: load it with "drugclaim data sync" or "drugclaim data import --from DIR"'),
            releases: z.number().int(),
            publicReference: z.boolean(),
          }),
        },
      },
    },
    async () => {
      const releases = ctx.referenceIfLoaded()?.releases().length ?? 0;
      return {
        ok: true as const,
        version: ctx.version,
        referenceData: releases > 0,
        releases,
        publicReference: ctx.config.publicReference,
      };
    },
  );

  app.get(
    '/ready',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['meta'],
        summary: 'Can the service do its work (readiness)? 200, or 503 naming the checks that failed',
        description:
          'Checks that the store can be read and written (a write that is rolled back), that its file is still the ' +
          'one at its path, that its disk has room, and that reference data is loaded. For load balancers and ' +
          'orchestrators; GET /api/health is the liveness check.',
        response: {
          200: z.object({ ready: z.literal(true), checks: z.array(ReadinessCheck) }),
          503: z.object({
            statusCode: z.literal(503),
            code: z.literal('not-ready'),
            message: z.string(),
            ready: z.literal(false),
            checks: z.array(ReadinessCheck),
          }),
        },
      },
    },
    async (_request, reply) => {
      const checks = ctx.readiness();
      const failed = checks.filter((c) => !c.ok);
      if (failed.length === 0) return { ready: true as const, checks };
      return reply.code(503).send({
        statusCode: 503 as const,
        code: 'not-ready' as const,
        message: `Not ready: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}.`,
        ready: false as const,
        checks,
      });
    },
  );

  app.get(
    '/releases',
    {
      config: { access: 'reference' },
      schema: {
        tags: ['reference'],
        summary: 'Releases (imported CMS files) in the store, with their effective periods',
        response: { 200: z.object({ releases: z.array(Release) }), ...errors(401, 503) },
      },
    },
    async () => ({ releases: [...ctx.reference().releases()] }),
  );
}
