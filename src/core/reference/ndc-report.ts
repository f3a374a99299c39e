/**
 * What drugclaim knows about one NDC on a date of service: its normalised forms, the HCPCS code(s) the ASP
 * NDC-HCPCS crosswalk maps it to and the billing units per package. Pure: reads the `ReferenceData` port only.
 * `drugclaim ndc --json` prints it and `GET /api/ndc/:ndc` returns it.
 *
 * An unhyphenated 10-digit NDC is ambiguous unless the crosswalk knows exactly one of its three readings: the
 * report says so and never guesses.
 */
import { packageFacts, withValue, type NdcPackageFacts } from './code-facts.ts';
import type { IsoDate, Sourced } from './model.ts';
import { normaliseNdc, type NdcCandidate } from './ndc.ts';
import type { ReferenceData } from './port.ts';

export interface NdcReport {
  input: string;
  date: IsoDate;
  /** ok: one 11-digit NDC; ambiguous: several readings (see candidates); invalid: not an NDC. */
  result: 'ok' | 'ambiguous' | 'invalid';
  normalised: (NdcCandidate & { resolvedBy?: 'lookup' }) | null;
  /** For an ambiguous NDC: every reading and whether the crosswalk knows it. */
  candidates: (NdcCandidate & { inCrosswalk: boolean })[];
  /** Crosswalk rows of the normalised NDC (one per HCPCS code it maps to); null when not in the crosswalk. */
  packages: Sourced<NdcPackageFacts[]> | null;
  message: string;
}

export function ndcReport(ref: ReferenceData, input: string, date: IsoDate): NdcReport {
  const known = (ndc11: string): boolean => ref.ndcPackages(ndc11, date) !== undefined;
  const n = normaliseNdc(input, known);
  if (n.kind === 'invalid') {
    const message = `"${input}" is not an NDC: ${n.reason}.`;
    return { input, date, result: 'invalid', normalised: null, candidates: [], packages: null, message };
  }
  if (n.kind === 'ambiguous') {
    const candidates = n.candidates.map((c) => ({ ...c, inCrosswalk: known(c.ndc11) }));
    const message = `${input} is ambiguous: ${n.reason}.`;
    return { input, date, result: 'ambiguous', normalised: null, candidates, packages: null, message };
  }
  const { kind: _kind, ...normalised } = n;
  const found = ref.ndcPackages(n.ndc11, date);
  const packages = found
    ? withValue(
        found,
        found.value.map((p) => {
          const d = ref.descriptor(p.code, date)?.value;
          return packageFacts(p, d?.kind === 'parsed' ? d.billingUnit : undefined);
        }),
      )
    : null;
  const resolved =
    n.resolvedBy === 'lookup' ? ' (an unhyphenated 10-digit NDC; the crosswalk knows only this reading)' : '';
  const anyCrosswalk = ref.releases().some((r) => r.dataset === 'ndc-crosswalk');
  const message = packages
    ? `${n.hyphenated}${resolved} maps to ${[...new Set(packages.value.map((p) => p.code))].join(', ')}.`
    : `${n.hyphenated} is not in the ASP NDC-HCPCS crosswalk${anyCrosswalk ? '' : ' (no crosswalk in the store)'}.`;
  return { input, date, result: 'ok', normalised, candidates: [], packages, message };
}
