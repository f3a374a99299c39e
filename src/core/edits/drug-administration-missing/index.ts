/**
 * A chemotherapy or biologic drug billed for a date with no administration code (injection/infusion or
 * chemotherapy administration) from the same provider for the same patient that day. The drug is paid without
 * it, but the administration is revenue left unbilled — unless someone else administered it or the patient did.
 * Not on inpatient bills (11x, 21x…: `billKind`): the stay's payment covers administration; and not for a drug whose
 * claim has an administration line without a date (date-of-service-missing says so; it may be that day's).
 */
import { FEW_LINES, isOralDrugCode } from '../lines.ts';
import { SOURCES } from '../support.ts';
import type { BatchLine, ClaimView, DayEdit } from '../types.ts';
import type { CodeFacts } from '../facts.ts';

/**
 * Administration codes: CPT 96360–96379 and 96401–96549, and HCPCS G0498 (chemotherapy infusion started in the
 * office with a portable pump). @see AMA CPT; HCPCS G0498
 */
export function isAdministrationCode(code: string): boolean {
  if (code === 'G0498') return true;
  if (code.length !== 5) return false;
  for (let i = 0; i < 5; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return (code >= '96360' && code <= '96379') || (code >= '96401' && code <= '96549');
}

/**
 * Chemotherapy or biologic: J9000–J9999 (HCPCS chemotherapy drugs section), HCPCS BETOS O1D (chemotherapy),
 * biosimilars (Q5101–Q5199), or a drug name of a monoclonal antibody (-mab) or fusion protein (-cept).
 */
export function isChemoOrBiologic(code: string, facts: CodeFacts): boolean {
  if (/^J9\d{3}$/.test(code)) return true;
  if (/^Q51\d{2}$/.test(code)) return true;
  const record = facts.hcpcs;
  if (record?.value.betos === 'O1D') return true;
  const parsed = facts.descriptor?.value;
  const name = parsed?.drugName?.toLowerCase() ?? '';
  return /mab\b|mab-[a-z]{4}\b|cept\b/.test(name);
}

const isAdministrationLine = (b: BatchLine): boolean => isAdministrationCode(b.code);
const isUndatedAdministration = (l: BatchLine): boolean => l.dos === null && isAdministrationCode(l.code);

/** Claims of more than a few lines, with whether one of them is an administration without a date. */
const undatedAdministration = new WeakMap<ClaimView, boolean>();

/**
 * True when the claim has an administration line without a date. Asked for each drug line: a claim of thousands of
 * lines is gone through once (remembered), not once per line.
 */
function hasUndatedAdministration(claim: ClaimView): boolean {
  if (claim.lines.length <= FEW_LINES) return claim.lines.some(isUndatedAdministration);
  let has = undatedAdministration.get(claim);
  if (has === undefined) {
    has = claim.lines.some(isUndatedAdministration);
    undatedAdministration.set(claim, has);
  }
  return has;
}

export const drugAdministrationMissing: DayEdit = {
  id: 'drug-administration-missing',
  title: 'Chemotherapy/biologic drug without an administration code',
  severity: 'warning',
  scope: 'batch',
  needs: ['reference', 'history'],
  source: SOURCES.drugAdmin,
  denials: [],
  fixes: [],
  checkDay(day, { report }) {
    if (day.some(isAdministrationLine)) return;
    const drugs: BatchLine[] = day.filter(
      (b) =>
        b.isDrug &&
        b.dos !== null &&
        b.claim.bill !== 'inpatient' &&
        !b.modifiers.includes('JW') &&
        !isOralDrugCode(b.code) &&
        b.facts !== null &&
        isChemoOrBiologic(b.code, b.facts) &&
        !hasUndatedAdministration(b.claim),
    );
    const first = drugs[0];
    if (!first) return;
    const codes = [...new Set(drugs.map((d) => d.code))];
    report(first.claim, {
      line: first,
      field: 'procedure code',
      message: `${codes.join(', ')} on ${first.dos ?? ''} ${codes.length > 1 ? 'are' : 'is a'} chemotherapy/biologic drug${codes.length > 1 ? 's' : ''} with no administration code (e.g. 96413 or 96365 infusion, 96409 push, 96401 or 96372 injection) billed for that day.`,
      why: 'Administering the drug is a separate service (CPT 96360–96379, 96401–96549): if this provider administered it, the administration is billable; ignore if the patient or another provider administered it.',
      data: { codes, dos: first.dos },
    });
  },
};
