/**
 * Dose → billing units (what `drugclaim units --json` prints): administered and discarded units, the JW/JZ lines,
 * the package plan with its alternatives, the money, and every rule applied with its source.
 */
import { z } from 'zod';
import { planUnits, type UnitsRequest } from '../../../core/dosing/index.ts';
import type { App, RouteContext } from '../context.ts';
import { unprocessable } from '../errors.ts';
import { CodeParam, errors, IsoDate, today } from '../schemas.ts';
import { ProblemBody } from '../errors.ts';

const text = (max = 100) => z.string().trim().min(1).max(max);

export const UnitsQuery = z.object({
  code: CodeParam.describe('HCPCS code, e.g. J9309'),
  dose: text().describe('"1500 mg", "1.8mg/kg", "375 mg/m2", "AUC 5", "20 mL"'),
  date: IsoDate.optional().describe('Date of service (default: today)'),
  weight: text(30).optional().describe('"80kg", "176 lb"'),
  height: text(30).optional().describe('"180cm", "71 in"'),
  bsa: text(30).optional().describe('Body surface area in m², when known'),
  bsaFormula: z.enum(['mosteller', 'dubois']).optional(),
  gfr: text(30).optional().describe('GFR in mL/min (carboplatin, Calvert)'),
  scr: text(30).optional().describe('Serum creatinine mg/dL (Cockcroft-Gault)'),
  age: text(30).optional(),
  sex: z.enum(['F', 'M', 'f', 'm']).optional(),
  concentration: text(40).optional().describe('"10mg/mL" or "120mg/2.4mL"'),
  vials: text(300).optional().describe('Package sizes to choose from instead of the crosswalk: "30mg,140mg"'),
  opened: text(300).optional().describe('What was opened: "500mg,120mg,120mg", "3x120mg", "7x00310-4500-12"'),
  modifier340b: z.enum(['JG', 'TB']).optional(),
  container: z.enum(['single-dose', 'multi-dose']).optional(),
  ndcUnit: z.enum(['UN', 'ML', 'GR', 'F2', 'ME']).optional(),
  setting: z.enum(['practitioner', 'outpatient-hospital', 'dme']).optional(),
});
type UnitsQuery = z.infer<typeof UnitsQuery>;

const Amount = z.object({ amount: z.number(), unit: z.string() });
const PackageOut = z.object({
  size: Amount,
  count: z.number().int(),
  ndc: z.string().optional(),
  container: z.string(),
});

/** The main keys of the dosing engine's result; the engine may add more (additive only). */
export const UnitsResultBody = z.object({
  code: z.string(),
  date: z.string().nullable(),
  billingUnit: Amount.extend({ text: z.string() }),
  doseAmount: Amount.extend({ exact: z.string() }),
  administeredUnits: z.number().int(),
  discardedUnits: z.number().int(),
  openedBy: z.enum(['caller', 'optimizer', 'none']),
  opened: z.array(PackageOut),
  lines: z.array(
    z.object({ code: z.string(), modifiers: z.array(z.string()), units: z.number().int(), amount: Amount }),
  ),
  money: z.object({
    paymentLimitMills: z.number().nullable(),
    administeredCents: z.number().nullable(),
    discardedCents: z.number().nullable(),
    avoidableWasteUnits: z.number().nullable(),
    avoidableWasteCents: z.number().nullable(),
  }),
  rulesApplied: z.array(
    z.object({ id: z.string(), title: z.string(), source: z.string(), detail: z.string() }),
  ),
  warnings: z.array(ProblemBody),
  alternatives: z.array(
    z.object({
      packages: z.array(PackageOut),
      waste: Amount,
      wasteUnits: z.number(),
      optimal: z.boolean(),
      chosen: z.boolean(),
    }),
  ),
});

function toRequest(q: UnitsQuery): UnitsRequest {
  const { sex, date, ...rest } = q;
  const request: UnitsRequest = { date: date ?? today(), code: rest.code, dose: rest.dose };
  for (const [k, v] of Object.entries(rest))
    if (v !== undefined) (request as unknown as Record<string, unknown>)[k] = v;
  if (sex !== undefined) request.sex = sex.toUpperCase();
  return request;
}

export function registerUnitsRoutes(app: App, ctx: RouteContext): void {
  const answer = (q: UnitsQuery) => {
    const result = planUnits(ctx.reference(), toRequest(q));
    if (!result.ok) throw unprocessable('units-problem', result.problems, 'The units could not be computed.');
    return {
      ...result.value,
      warnings: [
        ...result.value.warnings,
        ...result.problems.filter((p) => !result.value.warnings.includes(p)),
      ],
    };
  };
  const schema = {
    tags: ['dosing'],
    summary: 'Dose → billing units, JW/JZ lines, least-waste packages, dollars (as `drugclaim units --json`)',
    description:
      'Administered units round up (at least 1); discarded units round down; a JW line only for ≥ 1 whole discarded unit; JZ when nothing is discarded from a single-dose container. Every rule applied is listed with its source.',
    response: { 200: UnitsResultBody, ...errors(400, 401, 422, 503) },
  };
  app.get(
    '/units',
    { config: { access: 'reference' }, schema: { ...schema, querystring: UnitsQuery } },
    async (request) => answer(request.query),
  );
  app.post(
    '/units',
    // The body names only known fields: a misspelt `modifer340b` is an error, not a calculation without 340B.
    { config: { access: 'reference' }, schema: { ...schema, body: UnitsQuery.strict() } },
    async (request) => answer(request.body),
  );
}
