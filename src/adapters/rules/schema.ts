/**
 * The schema of a payer rules file (rules/payers/*.yaml), in zod. Every object is strict: an unknown key is an
 * error (a misspelt `priorAuth` must not silently switch a rule off). docs/edits.md "Payer rules files" describes
 * each field with examples.
 */
import { z } from 'zod';
import { isIsoDate } from '../../core/reference/as-of.ts';

export const RULES_SCHEMA_ID = 'drugclaim.payer-rules/v1';

const isoDate = z.string().refine(isIsoDate, { message: 'expected a date YYYY-MM-DD' });
const text = z.string().trim().min(1, { message: 'expected a non-empty text' });
const hcpcsCode = z
  .string()
  .regex(/^[A-Z0-9]{5}$/, { message: 'expected a 5-character HCPCS/CPT code in upper case, e.g. J9173' });
const icdPattern = z
  .string()
  .regex(/^[A-Z][0-9A-Z]{1,6}\*?$/, {
    message: 'expected an ICD-10-CM code without the dot, optionally ending in *',
  });
const posCode = z.string().regex(/^\d{2}$/, { message: 'expected a 2-digit place-of-service code' });
const level = z.enum(['error', 'warning', 'info', 'off']);

/** "CO-197" → { group: 'CO', carc: '197' }. */
const denial = z.strictObject({
  carc: z
    .string()
    .regex(/^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,3}$/, { message: 'expected a group and CARC like CO-197' }),
  rarc: z.array(z.string().regex(/^[A-Z]{1,2}\d{1,3}$/, { message: 'expected a RARC like N54' })).default([]),
});

const priorAuth = z.strictObject({
  required: z.boolean(),
  validDays: z.number().int().positive().optional(),
  denialMissing: denial.optional(),
  denialExpired: denial.optional(),
});

const biomarker = z.strictObject({
  name: text,
  evidence: z.array(text).min(1),
  diagnoses: z.array(icdPattern).optional(),
  denial: denial.optional(),
});

const quantityLimit = z
  .strictObject({
    maxUnits: z.number().int().positive(),
    per: z.enum(['line', 'service-day', 'days']),
    days: z.number().int().positive().optional(),
    denial: denial.optional(),
  })
  .refine((q) => q.per !== 'days' || q.days !== undefined, {
    message: 'per: days needs days',
    path: ['days'],
  });

const dose = z.strictObject({
  maxPerKg: z.strictObject({ amount: z.number().positive(), unit: z.enum(['mg', 'mcg', 'g']) }).optional(),
  minIntervalDays: z.number().int().positive().optional(),
  intervalToleranceDays: z.number().int().nonnegative().optional(),
  maxCycles: z.number().int().positive().optional(),
  denial: denial.optional(),
});

const durationCap = z.strictObject({ months: z.number().int().positive(), denial: denial.optional() });

const stepTherapy = z.strictObject({
  preferredCodes: z.array(hcpcsCode).min(1),
  exceptionEvidence: z.array(text).default([]),
  priorAuthSatisfies: z.boolean().default(true),
  denial: denial.optional(),
});

const placeOfService = z.strictObject({
  allowed: z.array(posCode).optional(),
  denied: z.array(posCode).optional(),
  denial: denial.optional(),
});

const diagnoses = z.strictObject({ covered: z.array(icdPattern).min(1), denial: denial.optional() });

const drugRule = z.strictObject({
  codes: z.array(hcpcsCode).min(1),
  priorAuth: priorAuth.optional(),
  diagnoses: diagnoses.optional(),
  biomarker: biomarker.optional(),
  quantityLimit: quantityLimit.optional(),
  dose: dose.optional(),
  durationCap: durationCap.optional(),
  stepTherapy: stepTherapy.optional(),
  ndcRequired: z.boolean().optional(),
  placeOfService: placeOfService.optional(),
  notes: z.string().optional(),
});

const version = z.union([z.string().min(1), z.number()]).transform((v) => String(v));

const policy = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a lower-case id (letters, digits, hyphens)' }),
  title: text,
  version,
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable().default(null),
  source: text,
  drugs: z.array(drugRule).min(1),
});

const program = z.strictObject({
  jwJz: z
    .strictObject({ level, requiredFrom: isoDate, returnedFrom: isoDate, source: text })
    .nullable()
    .default(null),
  mue: z.strictObject({ level, source: text }).nullable().default(null),
  ndc: z
    .strictObject({
      required: z.boolean(),
      requiredFrom: isoDate.optional(),
      crosswalk: level.default('error'),
      source: text,
    })
    .nullable()
    .default(null),
  timelyFiling: z.strictObject({ days: z.number().int().positive(), source: text }).nullable().default(null),
  expectedPayment: z
    .strictObject({ basis: z.literal('asp-payment-limit'), percent: z.number().positive(), source: text })
    .nullable()
    .default(null),
  modifier340b: level.default('off'),
});

export const rulesFileSchema = z
  .strictObject({
    schema: z.literal(RULES_SCHEMA_ID, { message: `expected "${RULES_SCHEMA_ID}"` }),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a lower-case id (letters, digits, hyphens)' }),
    name: text,
    version,
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable().default(null),
    source: text,
    appliesTo: z
      .strictObject({
        payerKinds: z.array(z.enum(['medicare', 'medicaid', 'commercial', 'unknown'])).optional(),
        payerIds: z.array(text).optional(),
        payerNames: z.array(text).optional(),
        fallback: z.boolean().optional(),
      })
      .refine(
        (a) =>
          (a.payerKinds?.length ?? 0) + (a.payerIds?.length ?? 0) + (a.payerNames?.length ?? 0) > 0 ||
          a.fallback === true,
        {
          message: 'expected at least one of payerKinds, payerIds, payerNames, or fallback: true',
        },
      ),
    program: program.default({
      jwJz: null,
      mue: null,
      ndc: null,
      timelyFiling: null,
      expectedPayment: null,
      modifier340b: 'off',
    }),
    policies: z.array(policy).default([]),
  })
  .superRefine((file, ctx) => {
    if (file.effectiveTo !== null && file.effectiveTo < file.effectiveFrom) {
      ctx.addIssue({ code: 'custom', message: 'effectiveTo is before effectiveFrom', path: ['effectiveTo'] });
    }
    file.policies.forEach((p, i) => {
      if (p.effectiveTo !== null && p.effectiveTo < p.effectiveFrom) {
        ctx.addIssue({
          code: 'custom',
          message: 'effectiveTo is before effectiveFrom',
          path: ['policies', i, 'effectiveTo'],
        });
      }
      // Versions of one policy id must not overlap: a line would otherwise get two answers.
      for (const [j, other] of file.policies.entries()) {
        if (j >= i || other.id !== p.id) continue;
        const overlap =
          (other.effectiveTo === null || p.effectiveFrom <= other.effectiveTo) &&
          (p.effectiveTo === null || other.effectiveFrom <= p.effectiveTo);
        if (overlap) {
          ctx.addIssue({
            code: 'custom',
            message: `policy ${p.id} version ${p.version} overlaps version ${other.version} (policies[${j}])`,
            path: ['policies', i, 'effectiveFrom'],
          });
        }
      }
    });
  });

export type RulesFileInput = z.input<typeof rulesFileSchema>;
export type RulesFileOutput = z.output<typeof rulesFileSchema>;
