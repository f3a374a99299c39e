/** Health and the releases the answers come from. */
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

export function registerMetaRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'Is the service up, and does it have reference data?',
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
