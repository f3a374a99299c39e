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

/**
 * `requiredFor`: the diagnoses the result is required for (absent = all); `evidenceDiagnoses`: codes that state the
 * result themselves. The old `diagnoses` key meant the latter and was read as the former by the people writing
 * rules, so it is rejected with a message naming both (src/adapters/rules/index.ts KEY_HINTS).
 */
const biomarker = z.strictObject({
  name: text,
  requiredFor: z.array(icdPattern).min(1).optional(),
  evidence: z.array(text).min(1),
  evidenceDiagnoses: z.array(icdPattern).min(1).optional(),
  denial: denial.optional(),
});

const quantityLimit = z
  .strictObject({
    maxUnits: z.number().int().positive().optional(),
    maxAmount: z.strictObject({ amount: z.number().positive(), unit: z.enum(['mg', 'mcg', 'g']) }).optional(),
    per: z.enum(['line', 'service-day', 'days']),
    days: z.number().int().positive().optional(),
    denial: denial.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.per === 'days' && q.days === undefined)
      ctx.addIssue({ code: 'custom', message: 'per: days needs days', path: ['days'], input: q.days });
    if (q.per !== 'days' && q.days !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `days is only read with per: days (this limit is per ${q.per}); remove days or write per: days`,
        path: ['days'],
        input: q.days,
      });
    if ((q.maxUnits === undefined) === (q.maxAmount === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'expected exactly one of maxUnits (billing units) and maxAmount (e.g. { amount: 6, unit: mg })',
        path: [],
        input: q,
      });
  });

const dose = z
  .strictObject({
    maxPerKg: z.strictObject({ amount: z.number().positive(), unit: z.enum(['mg', 'mcg', 'g']) }).optional(),
    minIntervalDays: z.number().int().positive().optional(),
    intervalToleranceDays: z.number().int().nonnegative().optional(),
    maxCycles: z.number().int().positive().optional(),
    denial: denial.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.intervalToleranceDays !== undefined && d.minIntervalDays === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'intervalToleranceDays is a tolerance on minIntervalDays, which is not set',
        path: ['intervalToleranceDays'],
        input: d.intervalToleranceDays,
      });
  });

const durationCap = z.strictObject({ months: z.number().int().positive(), denial: denial.optional() });

const stepTherapy = z.strictObject({
  preferredCodes: z.array(hcpcsCode).min(1),
  exceptionEvidence: z.array(text).default([]),
  priorAuthSatisfies: z.boolean().default(true),
  denial: denial.optional(),
});

const placeOfService = z
  .strictObject({
    allowed: z.array(posCode).optional(),
    denied: z.array(posCode).optional(),
    denial: denial.optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.allowed?.length ?? 0) + (p.denied?.length ?? 0) === 0)
      ctx.addIssue({
        code: 'custom',
        message: 'expected allowed or denied place-of-service codes (an empty rule checks nothing)',
        path: [],
        input: p,
      });
    const both = (p.allowed ?? []).filter((c) => p.denied?.includes(c));
    if (both.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `place of service ${both.join(', ')} is both allowed and denied`,
        path: ['denied'],
        input: p.denied,
      });
  });

const diagnoses = z.strictObject({ covered: z.array(icdPattern).min(1), denial: denial.optional() });

const codes = z
  .array(hcpcsCode)
  .min(1)
  .superRefine((list, ctx) => {
    list.forEach((c, i) => {
      if (list.indexOf(c) !== i)
        ctx.addIssue({ code: 'custom', message: `${c} is listed twice`, path: [i], input: c });
    });
  });

const drugRule = z.strictObject({
  codes,
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

/** A number here has lost its text (2026.10 → 2026.1); the reader puts the source text back (index.ts). */
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

/** Each setting: left out = inherited (from the fallback rules, see src/core/rules/evaluate.ts); null = off. */
const program = z.strictObject({
  jwJz: z.strictObject({ level, requiredFrom: isoDate, returnedFrom: isoDate, source: text }).nullable().optional(),
  mue: z.strictObject({ level, source: text }).nullable().optional(),
  ndc: z
    .strictObject({
      required: z.boolean(),
      requiredFrom: isoDate.optional(),
      crosswalk: level.default('error'),
      source: text,
    })
    .nullable()
    .optional(),
  timelyFiling: z.strictObject({ days: z.number().int().positive(), source: text }).nullable().optional(),
  expectedPayment: z
    .strictObject({
      basis: z.literal('asp-payment-limit'),
      percent: z.number().positive(),
      // Codes the payer pays at a fixed rate per billing unit instead (a contract's per-code rates).
      rates: z
        .array(
          z.strictObject({
            codes,
            ratePerUnit: z
              .union([z.string(), z.number()])
              .transform((v) => String(v))
              .pipe(
                z.string().regex(/^\d{1,9}(\.\d{1,3})?$/, {
                  message: 'expected dollars per billing unit with up to 3 decimals, e.g. "65.000"',
                }),
              ),
          }),
        )
        .min(1)
        .superRefine((list, ctx) => {
          const seen = new Set<string>();
          list.forEach((r, i) =>
            r.codes.forEach((c, j) => {
              if (seen.has(c))
                ctx.addIssue({ code: 'custom', message: `${c} has two rates`, path: [i, 'codes', j], input: c });
              seen.add(c);
            }),
          );
        })
        .optional(),
      source: text,
    })
    .nullable()
    .optional(),
  modifier340b: level.optional(),
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
    program: program.default({}),
    policies: z.array(policy).default([]),
  })
  .superRefine((file, ctx) => {
    // An invalid date is reported once, by its own check, not again as "before effectiveFrom".
    if (file.effectiveTo !== null && isIsoDate(file.effectiveTo) && file.effectiveTo < file.effectiveFrom) {
      ctx.addIssue({ code: 'custom', message: 'effectiveTo is before effectiveFrom', path: ['effectiveTo'] });
    }
    file.policies.forEach((p, i) => {
      if (p.effectiveTo !== null && isIsoDate(p.effectiveTo) && p.effectiveTo < p.effectiveFrom) {
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
