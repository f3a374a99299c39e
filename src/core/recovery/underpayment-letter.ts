/**
 * The letter disputing an underpayment: a line paid with no denial adjustment, below what the fee schedule or
 * contract gives by more than the tolerance (./analyze.ts). It states what was paid, what was expected and how it
 * was worked out (the basis — Medicare ASP, Medicare OPPS or a contract — each step of the arithmetic and the
 * release or contract it used), the difference, and the deadline; the wording and layout are data
 * (rules/appeals/rebuttals.yaml `underpayment`).
 *
 * When the expectation is not certain (a rate taken from a release not in force on the date of service) the letter
 * says so in a bracketed note the biller must resolve before sending, and the result carries a warning.
 */
import type { Claim, Party, Patient } from '../claim/model.ts';
import { formatDollars } from '../money.ts';
import type { Problem, Result } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import {
  bullets,
  capitalize,
  deadlineFields,
  fillTemplate,
  lineFields,
  NOT_ON_FILE,
  withTimeliness,
} from './letter-parts.ts';
import { markdownText } from './markdown.ts';
import type { Deadline, ExpectedBasis, UnderpaymentFinding } from './model.ts';
import type { Checker } from './validate.ts';

const BASES: readonly ExpectedBasis[] = ['medicare-asp', 'medicare-opps', 'contract'];

/** Per basis: how the expected payment is described and argued. */
export interface UnderpaymentBasisText {
  /** Plain words naming the basis ("the Medicare Part B ASP payment limit"). */
  name: string;
  argument: string[];
  citations: string[];
}

export interface UnderpaymentText {
  template: string;
  appealed: string;
  bases: Record<ExpectedBasis, UnderpaymentBasisText>;
  enclosures: string[];
  requestedAction: string;
  /**
   * The sentence a letter adds when the payer paid fewer units than were billed with no denial adjustment explaining
   * the cut ({{unitsCut}}); absent in an older rebuttals.yaml: a built-in sentence (`DEFAULT_UNITS_CUT`).
   */
  unitsCut?: string;
}

/** {{unitsCut}} when rebuttals.yaml `underpayment.unitsCut` is absent. */
export const DEFAULT_UNITS_CUT =
  'You paid {{unitsPaid}} of the {{units}} units billed and no adjustment reason code explains the other {{unitsUnpaid}}; the expected payment is for the {{units}} units billed.';

/** Validates `underpayment` of rebuttals.yaml (called by validateRebuttals). */
export function validateUnderpaymentText(c: Checker, raw: unknown): UnderpaymentText | undefined {
  const path = 'underpayment';
  const o = c.object(raw, path);
  if (!o) return undefined;
  c.onlyKeys(o, ['template', 'appealed', 'bases', 'enclosures', 'requestedAction', 'unitsCut'], path);
  const template = c.string(o['template'], `${path}.template`);
  const appealed = c.string(o['appealed'], `${path}.appealed`);
  const enclosures = c.stringList(o['enclosures'], `${path}.enclosures`);
  const requestedAction = c.string(o['requestedAction'], `${path}.requestedAction`);
  const unitsCut = o['unitsCut'] === undefined ? undefined : c.string(o['unitsCut'], `${path}.unitsCut`);
  const basesObj = c.object(o['bases'], `${path}.bases`);
  const bases: Partial<Record<ExpectedBasis, UnderpaymentBasisText>> = {};
  if (basesObj) {
    c.onlyKeys(basesObj, BASES, `${path}.bases`);
    for (const basis of BASES) {
      const p = `${path}.bases.${basis}`;
      const b = c.object(basesObj[basis], p);
      if (!b) continue;
      c.onlyKeys(b, ['name', 'argument', 'citations'], p);
      const name = c.string(b['name'], `${p}.name`);
      const argument = c.stringList(b['argument'], `${p}.argument`);
      const citations = c.stringList(b['citations'] ?? [], `${p}.citations`);
      if (name && argument && citations) bases[basis] = { name, argument, citations };
    }
  }
  const complete = BASES.every((b) => bases[b] !== undefined);
  if (!template || !appealed || !enclosures || !requestedAction || !complete) return undefined;
  return {
    template,
    appealed,
    bases: bases as Record<ExpectedBasis, UnderpaymentBasisText>,
    enclosures,
    requestedAction,
    ...(unitsCut !== undefined ? { unitsCut } : {}),
  };
}

export interface UnderpaymentLetterInput {
  finding: UnderpaymentFinding;
  submitted?: Claim | undefined;
  remitPatient?: Patient | undefined;
  provider?: Party | undefined;
  descriptions: { code(code: string): string | undefined };
  text: UnderpaymentText;
  letterDate: IsoDate;
  /** What later remittances paid on the line (letter-parts.ts `paidText`). */
  laterPaidCents?: number | undefined;
  /** Which later payments those are, as reconcile names them (letter-parts.ts `paidText`); absent: not known. */
  laterPaidFrom?: string | undefined;
  /** What of it went toward this underpayment (the worklist item's `recoveredCents`): the gap still disputed is less. */
  recoveredCents?: number | undefined;
}

export interface UnderpaymentLetter {
  markdown: string;
  fields: Record<string, string>;
  deadline?: Deadline;
  problems: Problem[];
}

/** The source line of the expectation: ASP/OPPS releases by label, contracts by id and file. */
function sourceText(s: UnderpaymentFinding['expected']['sources'][number]): string {
  return 'contract' in s ? `contract ${s.contract}${s.file ? ` (${s.file})` : ''}` : s.label;
}

export function draftUnderpaymentLetter(input: UnderpaymentLetterInput): Result<UnderpaymentLetter> {
  const f = input.finding;
  const problems: Problem[] = [];
  const basis = input.text.bases[f.expected.basis];
  const deadline = f.deadline;
  const due = deadlineFields(deadline, input.letterDate, 'appeal', problems);
  const sources = f.expected.sources.map(sourceText);
  const uncertain = f.expected.certain
    ? ''
    : `[Confirm before sending: ${markdownText(f.expected.notes.join(' '))} Check the rate in force on ${markdownText(f.serviceDate ?? 'the date of service')} and correct the figures above if it differs.]`;
  if (!f.expected.certain)
    problems.push({
      code: 'recovery.underpayment.uncertain',
      severity: 'warning',
      message: `the expected payment uses a rate not in force on the date of service: ${f.expected.notes.join(' ')}`,
    });
  const fields: Record<string, string> = {
    title: `${capitalize(deadline?.kind ?? 'payment dispute')} (payment amount)${due.daysLate > 0 ? ' after the deadline' : ''} — claim ${f.claimId}, line ${f.line ?? 'claim level'}`,
    ...lineFields(f, input),
    ...due.fields,
    expected: formatDollars(f.expectedCents),
    allowed: formatDollars(f.expected.allowedCents),
    gap: formatDollars(f.gapCents - Math.min(f.gapCents, Math.max(0, input.recoveredCents ?? 0))),
    tolerance: formatDollars(f.toleranceCents),
    remitDate: f.remitDate ?? NOT_ON_FILE,
    basis: f.expected.basis,
    basisName: basis.name,
    sources: sources.length > 0 ? sources.join('; ') : NOT_ON_FILE,
    steps: bullets(f.expected.steps.map((s) => `${markdownText(s.label)}: ${formatDollars(s.cents)}`)),
    uncertain,
  };
  // Units cut: the payer paid fewer units than were billed and no denial adjustment says why (./analyze.ts).
  const paidUnits = f.paidUnits;
  fields['unitsUnpaid'] =
    paidUnits !== undefined && f.units !== undefined ? String(Math.max(0, f.units - paidUnits)) : '0';
  fields['unitsCut'] =
    paidUnits !== undefined && f.units !== undefined && paidUnits < f.units
      ? fillTemplate(input.text.unitsCut ?? DEFAULT_UNITS_CUT, fields, problems)
      : '';
  fields['appealed'] = fillTemplate(input.text.appealed, fields, problems);
  fields['argument'] = basis.argument.map((p) => fillTemplate(p, fields, problems)).join('\n\n');
  fields['citations'] = bullets(basis.citations.map((c) => fillTemplate(c, fields, problems)));
  fields['enclosures'] = bullets([
    ...input.text.enclosures.map((e) => `[ ] ${fillTemplate(e, fields, problems)}`),
    ...(due.daysLate > 0 ? ['[ ] Evidence of the reason for the late filing'] : []),
  ]);
  fields['requestedAction'] = fillTemplate(input.text.requestedAction, fields, problems);
  const markdown = fillTemplate(withTimeliness(input.text.template), fields, problems).replace(
    /\n{3,}/g,
    '\n\n',
  );
  const letter: UnderpaymentLetter = { markdown, fields, problems };
  if (deadline) letter.deadline = deadline;
  return problems.some((p) => p.severity === 'error')
    ? { ok: false, problems }
    : { ok: true, value: letter, problems };
}
