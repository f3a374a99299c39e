/**
 * The billing guide of a code on a date (what `drugclaim guide` prints): JSON (the guide model), Markdown, or a
 * self-contained HTML page. Every statement carries its sources.
 */
import { z } from 'zod';
import { buildGuide, isProblem, type Guide } from '../../../core/guides/index.ts';
import { buildGuideDocument } from '../../render/guide-document.ts';
import { renderGuideHtml } from '../../render/guide-html.ts';
import { renderGuideMarkdown } from '../../render/guide-markdown.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errors, IsoDate, today } from '../schemas.ts';

const STATUS_FOR_PROBLEM: Record<string, number> = {
  'guide-bad-code': 400,
  'guide-bad-date': 400,
  'guide-modifier': 400,
  'guide-unknown-code': 404,
};

/** The guide model's top level; sections are documented in docs/guides.md and may gain keys (additive only). */
const GuideBody = z.object({
  schemaVersion: z.literal(1),
  code: z.string(),
  date: z.string(),
  title: z.string(),
  definition: z.object({ id: z.literal('definition'), title: z.string() }),
  clinical: z.object({ id: z.literal('clinical'), title: z.string() }),
  modifiers: z.object({ id: z.literal('modifiers'), title: z.string() }),
  documentation: z.object({ id: z.literal('documentation'), title: z.string() }),
  denials: z.object({ id: z.literal('denials'), title: z.string() }),
  commercial: z.object({ id: z.literal('commercial'), title: z.string() }),
  similar: z.object({ id: z.literal('similar'), title: z.string() }),
  notes: z.array(z.object({ severity: z.enum(['warning', 'info']), message: z.string() })),
});

const CellBody = z.object({
  text: z.string(),
  refs: z.array(z.number().int()),
  style: z.enum(['unknown', 'code', 'strong']).optional(),
  note: z.string().optional(),
});

/** `format=document`: the layout both renderers share (src/adapters/render/guide-document.ts). */
const GuideDocumentBody = z.object({
  title: z.string(),
  subtitle: z.string(),
  blocks: z.array(
    z.union([
      z.object({
        kind: z.literal('heading'),
        level: z.number().int(),
        text: z.string(),
        id: z.string().optional(),
      }),
      z.object({ kind: z.literal('para'), cells: z.array(CellBody) }),
      z.object({ kind: z.literal('kv'), rows: z.array(z.tuple([z.string(), CellBody])) }),
      z.object({ kind: z.literal('table'), head: z.array(z.string()), rows: z.array(z.array(CellBody)) }),
      z.object({
        kind: z.literal('list'),
        items: z.array(z.array(CellBody)),
        checklist: z.boolean().optional(),
      }),
      z.object({
        kind: z.literal('notes'),
        items: z.array(z.object({ severity: z.enum(['warning', 'info']), text: z.string() })),
      }),
    ]),
  ),
  sources: z.array(z.object({ n: z.number().int(), text: z.string(), url: z.string().optional() })),
});

export function registerGuideRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/guides/:code',
    {
      config: { access: 'reference' },
      schema: {
        tags: ['guides'],
        summary: 'Billing guide for a code on a date: JSON, Markdown or a self-contained HTML page',
        description:
          'Seven sections: definition and billing unit, clinical context, modifiers, documentation checklist, common denials (with the edit that catches each), commercial payer rules, similar codes. `format=md|html` answers text/markdown or text/html; `download=true` adds a Content-Disposition attachment header.',
        params: z.object({ code: z.string().trim().min(1).max(10) }),
        querystring: z.object({
          date: IsoDate.optional(),
          format: z
            .enum(['json', 'md', 'html', 'document'])
            .optional()
            .describe(
              'default json; document = the laid-out guide (headings, tables, numbered sources) the web app renders',
            ),
          download: z.enum(['true', 'false']).optional(),
        }),
        response: {
          200: {
            description: 'The guide',
            content: {
              'application/json': { schema: z.union([GuideBody, GuideDocumentBody]) },
              'text/markdown': { schema: z.string() },
              'text/html': { schema: z.string() },
            },
          },
          ...errors(400, 401, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const date = request.query.date ?? today();
      const rules = ctx.rules();
      const guide: Guide | ReturnType<typeof buildGuide> = buildGuide(
        ctx.reference(),
        request.params.code,
        date,
        {
          payerRules: rules.book.files,
          payerRulesLocation: 'rules/payers',
        },
      );
      if (isProblem(guide))
        throw new HttpError(STATUS_FOR_PROBLEM[guide.code] ?? 400, guide.code, guide.message);
      const format = request.query.format ?? 'json';
      const name = `${guide.code}-guide-${date}.${format}`;
      if (request.query.download === 'true')
        void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'md') return reply.type('text/markdown; charset=utf-8').send(renderGuideMarkdown(guide));
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderGuideHtml(guide));
      if (format === 'document')
        return reply.type('application/json; charset=utf-8').send(buildGuideDocument(guide));
      return reply.type('application/json; charset=utf-8').send(guide);
    },
  );
}
