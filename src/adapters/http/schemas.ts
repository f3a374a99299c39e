/** Schemas shared by several routes. */
import { z } from 'zod';
import { isIsoDate } from '../../core/reference/as-of.ts';
import type { ClaimOutputFormat } from '../claim-files/index.ts';
import { ErrorBody } from './errors.ts';

/** OpenAPI security of the routes that need a signed-in user: the session cookie or a bearer token. */
export const secure = { security: [{ session: [] }, { bearer: [] }] };

/** The media type of a claim file written in each output format (check/fix, convert). */
export const CLAIM_CONTENT_TYPE: Record<ClaimOutputFormat, string> = {
  x12: 'application/edi-x12',
  '837P': 'application/edi-x12',
  '837I': 'application/edi-x12',
  fhir: 'application/fhir+json',
  json: 'application/json',
  csv: 'text/csv',
};

const NOT_A_DATE = 'must be a calendar date written YYYY-MM-DD';

/** The pattern documents the form; the refinement, run only when the form is right, refuses 2026-02-30. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: NOT_A_DATE, abort: true })
  .refine(isIsoDate, { message: NOT_A_DATE })
  .describe('Calendar date YYYY-MM-DD');

/** The server's calendar date (local time: a date of service is a local date). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const DateQuery = z.object({
  date: IsoDate.optional().describe('Date of service the answer is for (default: today)'),
});

export const SourceRef = z
  .object({
    releaseId: z.string(),
    dataset: z.string(),
    fileName: z.string(),
    releaseDate: z.string().nullable(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    label: z.string(),
  })
  .describe('The release (CMS file) a fact came from');

/** How every fact carries its source: inForce false = no release covered the date; `note` says which was used. */
export const Provenance = {
  source: SourceRef,
  inForce: z.boolean(),
  note: z.string().optional(),
};

/** Error answers every route may give. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

export const CodeParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,5}$/, 'must be a HCPCS/CPT code (5 characters) or a modifier (2 characters)');

export const Ok = z.object({ ok: z.literal(true) });
