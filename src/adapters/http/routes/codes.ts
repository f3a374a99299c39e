/**
 * Reference lookups: a code as of a date (what `drugclaim code --json` prints), search, and NDCs.
 * Public unless the server is configured otherwise (config.publicReference).
 */
import { z } from 'zod';
import { codeFacts, modifierFacts } from '../../../core/reference/code-facts.ts';
import { parseCodeWithModifiers } from '../../../core/reference/code-with-modifiers.ts';
import { ndcReport } from '../../../core/reference/ndc-report.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { DateQuery, errors, IsoDate, Provenance, today } from '../schemas.ts';

/** Mills as a dollar figure with the 3 decimals CMS publishes ("86.270"). */
export function formatMills(mills: number): string {
  const sign = mills < 0 ? '-' : '';
  const abs = Math.abs(mills);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** `Sourced<T>`: a fact with the release it came from. */
const sourced = <T extends z.ZodType>(value: T) => z.object({ value, ...Provenance });

const BillingUnit = z.object({ amount: z.number(), unit: z.string(), text: z.string() });

const Descriptor = z.union([
  z.object({ kind: z.literal('parsed'), drugName: z.string(), billingUnit: BillingUnit }),
  z.object({ kind: z.literal('unparsed'), drugName: z.string().nullable(), reason: z.string() }),
]);

const HcpcsRecordBody = z.object({
  code: z.string(),
  kind: z.enum(['procedure', 'modifier']),
  longDescription: z.string(),
  shortDescription: z.string(),
  pricingIndicators: z.array(z.string()),
  multiplePricingIndicator: z.string(),
  coverageCode: z.string(),
  betos: z.string(),
  typesOfService: z.array(z.string()),
  processingNote: z.string(),
  crossReferences: z.array(z.string()),
  addedDate: z.string().nullable(),
  actionEffectiveDate: z.string().nullable(),
  terminationDate: z.string().nullable(),
  actionCode: z.string(),
});

const MueBody = z.object({
  code: z.string(),
  setting: z.enum(['practitioner', 'outpatient-hospital', 'dme']),
  value: z.number(),
  mai: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  maiText: z.string(),
  rationale: z.string(),
});

const NdcPackageBody = z.object({
  code: z.string(),
  ndc11: z.string(),
  ndcHyphenated: z.string().describe('5-4-2 with hyphens'),
  shortDescription: z.string(),
  labelerName: z.string(),
  drugName: z.string(),
  hcpcsDosage: z.string(),
  packageSize: z.number().nullable(),
  packageQuantity: z.number().nullable(),
  billingUnitsPerItem: z.number().nullable(),
  billingUnitsPerPackage: z.number().nullable(),
  amountPerPackage: z.object({ amount: z.number(), unit: z.string() }).nullable(),
});

/** The same shape `drugclaim code --json` prints (core/reference/code-facts.ts). */
export const CodeFactsBody = z.object({
  code: z.string(),
  date: z.string(),
  hcpcs: sourced(HcpcsRecordBody).nullable(),
  status: z.enum(['active', 'not-yet-valid', 'terminated']).nullable(),
  statusText: z.string(),
  descriptor: Descriptor.nullable(),
  asp: sourced(
    z.object({
      code: z.string(),
      shortDescription: z.string(),
      dosage: z.string(),
      paymentLimitMills: z
        .number()
        .int()
        .nullable()
        .describe('Payment limit per billing unit in 1/1000 dollar'),
      coinsurancePercent: z.number().nullable(),
      notes: z.string(),
    }),
  ).nullable(),
  mue: z.object({
    practitioner: sourced(MueBody).nullable(),
    outpatientHospital: sourced(MueBody).nullable(),
    dme: sourced(MueBody).nullable(),
  }),
  opps: sourced(
    z.object({
      code: z.string(),
      shortDescriptor: z.string(),
      statusIndicator: z.string(),
      apc: z.string(),
      relativeWeight: z.number().nullable(),
      paymentRateCents: z.number().int().nullable(),
      paymentRateMills: z.number().int().nullable(),
      nationalUnadjustedCopayCents: z.number().int().nullable(),
      minimumUnadjustedCopayCents: z.number().int().nullable(),
    }),
  ).nullable(),
  ndcs: sourced(z.array(NdcPackageBody)).nullable(),
  notKnown: z
    .array(z.string())
    .describe(
      'Datasets with no release covering the date: their facts above that are null are not known (not "no row"); a note says how to load them',
    ),
  notes: z.array(z.string()),
  modifiers: z
    .array(
      z.object({
        code: z.string(),
        known: z.boolean().describe('a modifier in the HCPCS file answering for the date'),
        description: z.string().nullable(),
        status: z.enum(['active', 'not-yet-valid', 'terminated']).nullable(),
        statusText: z.string(),
        source: Provenance.source.nullable(),
        inForce: z.boolean().nullable(),
      }),
    )
    .optional()
    .describe('the modifiers written after the code (J9173-JZ), each on the date; absent without any'),
});

const NdcCandidateBody = z.object({
  ndc11: z.string(),
  hyphenated: z.string(),
  from: z.enum(['4-4-2', '5-3-2', '5-4-1', '5-4-2']),
});

/** The same shape `drugclaim ndc --json` prints. */
export const NdcReportBody = z.object({
  input: z.string(),
  date: z.string(),
  result: z.enum(['ok', 'ambiguous', 'invalid']),
  normalised: NdcCandidateBody.extend({ resolvedBy: z.literal('lookup').optional() }).nullable(),
  candidates: z.array(NdcCandidateBody.extend({ inCrosswalk: z.boolean() })),
  packages: sourced(z.array(NdcPackageBody)).nullable(),
  message: z.string(),
});
export type NdcReportBody = z.infer<typeof NdcReportBody>;

const SearchHitBody = z.object({
  code: z.string(),
  kind: z.enum(['procedure', 'modifier']),
  longDescription: z.string(),
  matchedBy: z.enum(['code', 'ndc', 'brand', 'drug', 'descriptor']),
  matchedText: z.string(),
  score: z.number(),
  status: z.enum(['active', 'not-yet-valid', 'terminated']),
  inForce: z
    .boolean()
    .describe(
      'False when no HCPCS release in the store covers the date: the status is what the nearest release implies.',
    ),
  /** The query with misspelt words corrected, when the query as typed matched nothing. */
  correctedQuery: z.string().optional(),
});

/**
 * Answers are pure functions of (reference data, code, date): keep the serialised JSON of recent ones. The cache
 * is dropped when the reference data object changes (a reload) and bounded in entries.
 */
export class AnswerCache {
  readonly #max: number;
  #owner: unknown;
  #map = new Map<string, string>();
  constructor(max: number) {
    this.#max = max;
  }
  get(owner: unknown, key: string, compute: () => unknown): string {
    if (owner !== this.#owner) {
      this.#owner = owner;
      this.#map = new Map();
    }
    let hit = this.#map.get(key);
    if (hit === undefined) {
      hit = JSON.stringify(compute());
      if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value as string);
      this.#map.set(key, hit);
    }
    return hit;
  }
}

/**
 * A code, optionally with the modifiers written after it (J9173-JZ, J9173:JW), as `drugclaim code` takes it; a
 * modifier alone (JZ) too. Up to four modifiers, as a claim line holds.
 */
const CodeWithModifiers = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (text) => parseCodeWithModifiers(text).ok,
    'must be a HCPCS/CPT code (5 characters) or a modifier (2 characters), optionally followed by up to 4 modifiers (J9173-JZ)',
  );

export function registerCodeRoutes(app: App, ctx: RouteContext): void {
  const facts = new AnswerCache(20_000);
  const searches = new AnswerCache(5_000);
  // With response validation on (tests), answers go through the serializer so they are checked against the schema.
  const cached = !ctx.config.validateResponses;

  app.get(
    '/codes/:code',
    {
      config: { access: 'reference' },
      schema: {
        tags: ['reference'],
        summary: 'A HCPCS code or modifier as of a date of service (as `drugclaim code --json`)',
        description:
          'Descriptor, status on the date, billing unit, ASP payment limit, MUE per setting, OPPS status indicator and NDC packages, each with the release it came from. Modifiers may follow the code (J9173-JZ or J9173:JZ): `modifiers` says what each is on the date.',
        params: z.object({ code: CodeWithModifiers }),
        querystring: DateQuery,
        response: { 200: CodeFactsBody, ...errors(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const date = request.query.date ?? today();
      const ref = ctx.reference();
      const parsed = parseCodeWithModifiers(request.params.code);
      // The schema refuses such text already; here for the types.
      if (!parsed.ok) throw new HttpError(400, 'bad-request', parsed.problems[0]?.message ?? 'Not a code.');
      const { code, modifiers } = parsed.value;
      const answer = () => {
        const f = codeFacts(ref, code, date);
        if (!f)
          throw new HttpError(
            404,
            'unknown-code',
            `Unknown code ${code}: not in the HCPCS, ASP, NDC crosswalk, MUE or OPPS files in force on ${date}.`,
          );
        return modifiers.length > 0
          ? { ...f, modifiers: modifiers.map((m) => modifierFacts(ref, m, date)) }
          : f;
      };
      if (!cached) return answer();
      // A string payload is sent as is (no serializer): the cached JSON of the same answer.
      return reply
        .type('application/json; charset=utf-8')
        .send(
          facts.get(ref, `${[code, ...modifiers].join('-')}|${date}`, answer) as unknown as z.input<
            typeof CodeFactsBody
          >,
        );
    },
  );

  app.get(
    '/search',
    {
      config: { access: 'reference' },
      schema: {
        tags: ['reference'],
        summary: 'Search codes by code, drug or brand name, NDC (any form) or descriptor words; ranked',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(100).optional(),
          date: IsoDate.optional(),
        }),
        response: {
          200: z.object({
            query: z.string(),
            date: z.string(),
            limit: z.number().int(),
            correctedQuery: z.string().nullable(),
            hits: z.array(SearchHitBody),
          }),
          ...errors(400, 401, 503),
        },
      },
    },
    async (request, reply) => {
      const date = request.query.date ?? today();
      const limit = request.query.limit ?? 20;
      const ref = ctx.reference();
      const q = request.query.q;
      const answer = () => {
        const hits = ref.search(q, { limit, date });
        return { query: q, date, limit, correctedQuery: hits[0]?.correctedQuery ?? null, hits };
      };
      if (!cached) return answer();
      return reply
        .type('application/json; charset=utf-8')
        .send(searches.get(ref, `${limit}|${date}|${q}`, answer) as unknown as ReturnType<typeof answer>);
    },
  );

  app.get(
    '/ndc/:ndc',
    {
      config: { access: 'reference' },
      schema: {
        tags: ['reference'],
        summary:
          'An NDC in any form: normalised 11-digit form, HCPCS code(s), billing units per package (as `drugclaim ndc --json`)',
        description:
          'An unhyphenated 10-digit NDC is ambiguous unless the crosswalk knows exactly one reading: result "ambiguous", never a guess.',
        params: z.object({ ndc: z.string().trim().min(1).max(20) }),
        querystring: DateQuery,
        response: { 200: NdcReportBody, ...errors(400, 401, 404, 503) },
      },
    },
    async (request) => {
      const date = request.query.date ?? today();
      const report = ndcReport(ctx.reference(), request.params.ndc, date);
      if (report.result === 'invalid') throw new HttpError(400, 'invalid-ndc', report.message);
      if (report.result === 'ok' && report.packages === null)
        throw new HttpError(404, 'unknown-ndc', report.message);
      return report;
    },
  );
}
