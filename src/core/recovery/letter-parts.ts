/**
 * What the letters of the recovery part share: the facts they cite, placeholders, bullet lists, and the sentence about
 * the deadline. Used by the appeal letter (./appeal.ts), the underpayment letter (./underpayment-letter.ts) and the
 * corrected-claim worksheet (./corrected-claim.ts).
 */
import type { Claim, Party, Patient } from '../claim/model.ts';
import { formatDollars } from '../money.ts';
import type { Problem } from '../problem.ts';
import { daysBetween } from '../reference/as-of.ts';
import type { IsoDate } from '../reference/model.ts';
import { markdownText } from './markdown.ts';
import type { Deadline, DenialFinding, UnderpaymentFinding } from './model.ts';

/** One fact the letter cites, with where it comes from. */
export interface Evidence {
  statement: string;
  source: string;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The source line of a fact, saying so when the release was not in force on the date of service. */
export function cite(s: { source: { label: string }; inForce: boolean }): string {
  return s.inForce
    ? s.source.label
    : `${s.source.label} — not in force on the date of service; the nearest release in the store`;
}

export function formatNdc(ndc11: string): string {
  return ndc11.length === 11 ? `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}` : ndc11;
}

export const NOT_ON_FILE = '(not on file)';

export function bullets(items: readonly string[]): string {
  return items.length === 0 ? '- (none)' : items.map((i) => `- ${i}`).join('\n');
}

/**
 * The fields whose values are Markdown drugclaim wrote (lists, bold dates, rules text already filled in), put in the
 * letter as they are. Every other field is a plain value — a name, a claim id, an amount — and is escaped
 * (`markdownText`) as it is filled in, so claim data is never markup; `fields` itself keeps the values as they are
 * (the JSON of a letter, the PDF's title). A claim value inside one of these is escaped where the text is made.
 */
export const MARKDOWN_FIELDS: ReadonlySet<string> = new Set([
  'appealed',
  'argument',
  'checklist',
  'checks',
  'citations',
  'correct',
  'denialReasons',
  'enclosures',
  'evidence',
  'otherDenials',
  'rebuttal',
  'requestedAction',
  'resubmit',
  'steps',
  'timeliness',
  'uncertain',
  'unitsCut',
]);

/** Replaces {{name}} placeholders (plain fields escaped, see MARKDOWN_FIELDS); unknown ones are reported and left visible. */
export function fillTemplate(
  template: string,
  fields: Readonly<Record<string, string>>,
  problems: Problem[],
): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (whole, name: string) => {
    const v = fields[name];
    if (v !== undefined) return MARKDOWN_FIELDS.has(name) ? v : markdownText(v);
    problems.push({
      code: 'recovery.appeal.placeholder',
      severity: 'error',
      message: `the template uses {{${name}}}, which is not a known field`,
      data: { name },
    });
    return whole;
  });
}

/** Whole days from `a` to `b` (ISO dates, UTC, so no daylight-saving day of 23 hours). */
export function daysFrom(a: IsoDate, b: IsoDate): number {
  return daysBetween(a, b);
}

/**
 * What the letter says about its deadline. A letter dated after the deadline must not claim it is on time: it says
 * it is late and asks for the extension the payer's rules allow.
 * @see 42 CFR 405.942(b) — Medicare redetermination: the contractor may extend the 120 days for good cause; the
 *   request is in writing and says why it was not filed in time ((b)(1)).
 * @see 42 CFR 424.44(b) — Medicare timely filing: the 1-year claim limit is extended only in the cases listed there
 *   (e.g. an administrative error of CMS or its contractor), not for good cause in general.
 */
export function timeliness(
  deadline: Deadline | undefined,
  letterDate: IsoDate,
): { text: string; daysLate: number; extension?: string } {
  if (deadline === undefined)
    return {
      text: 'No deadline policy is on file for this payer: check its time limit for this request before sending.',
      daysLate: 0,
    };
  const when = `**${deadline.date}** (${deadline.rule}; ${deadline.citation})`;
  const late = daysFrom(deadline.date, letterDate);
  if (late < 0)
    return { text: `This request is sent before the ${deadline.kind} deadline of ${when}.`, daysLate: 0 };
  if (late === 0)
    return {
      text: `This request is sent on the last day of the ${deadline.kind} period, ${when}.`,
      daysLate: 0,
    };
  const after = `This request is sent after the ${deadline.kind} deadline of ${when}, ${late} day${late === 1 ? '' : 's'} late.`;
  const reason =
    'Reason for the late filing: [state the circumstances that kept the request from being sent in time, with the evidence].';
  if (deadline.citation.includes('405.942'))
    return {
      text: `${after} We ask you to extend the time limit for good cause under 42 CFR 405.942(b); as 42 CFR 405.942(b)(1) requires, this request is in writing and says why it was not filed in time.\n\n${reason}`,
      daysLate: late,
      extension: 'an extension for good cause (42 CFR 405.942(b))',
    };
  if (deadline.citation.includes('424.44'))
    return {
      text: `${after} The limit is extended only in the cases 42 CFR 424.44(b) lists (for example an administrative error of Medicare or its contractor); this request relies on such an exception.\n\n${reason}`,
      daysLate: late,
      extension: 'an exception under 42 CFR 424.44(b)',
    };
  return {
    text: `${after} We ask you to accept it late for good cause under your appeal procedures.\n\n${reason}`,
    daysLate: late,
    extension: "acceptance for good cause under the plan's procedures",
  };
}

/**
 * Templates written before {{timeliness}} existed state the deadline in a paragraph of their own ("This request is
 * sent before the {{deadlineKind}} deadline of **{{deadline}}** …"); that paragraph becomes {{timeliness}}, so such a
 * template never tells the payer a late letter is on time.
 */
export function withTimeliness(template: string): string {
  if (/\{\{\s*timeliness\s*\}\}/.test(template)) return template;
  return template
    .split(/(\n[ \t]*\n)/)
    .map((block) => (/\{\{\s*deadline\s*\}\}/.test(block) ? '{{timeliness}}' : block))
    .join('');
}

/** Who a letter about one line is written from (the submitted claim when matched, else the remittance), and the
 * descriptions of the codes it quotes. */
export interface LetterParties {
  submitted?: Claim | undefined;
  /**
   * What later remittances paid on the line after the adjudication the letter is about (the worklist's
   * `recoveredCents`, summed over the line's items): the letter states the line's payments to date, never only the
   * first remittance's. 0 or absent: nothing paid since.
   */
  laterPaidCents?: number | undefined;
  /**
   * Which later payments those are, as reconcile names them (the worklist items' `recoveredFrom`): "$6,000.00 on the
   * remittance of 2026-04-15, check/EFT 12345, payer claim …". Absent (a store reconciled before it kept them): the
   * letter says "on later remittances".
   */
  laterPaidFrom?: string | undefined;
  /** Patient from the remittance (NM1*QC) when there is no submitted claim. */
  remitPatient?: Patient | undefined;
  provider?: Party | undefined;
  descriptions: {
    carc(code: string): string | undefined;
    rarc(code: string): string | undefined;
    code(code: string): string | undefined;
  };
}

export interface LetterSubject extends Omit<LetterParties, 'descriptions'> {
  letterDate: IsoDate;
  descriptions: { code: (code: string) => string | undefined };
}

/**
 * What the line was paid: on the remittance the letter answers and, when later remittances paid it too, to date
 * ("$6,000.00 to date: $0.00 on the remittance of 2026-03-02, $6,000.00 on later remittances"), so that a letter never
 * tells the payer a line is unpaid that it has paid since. With `laterPaidFrom`, the later payments are named as it
 * names them, with their remittance date, check/EFT and payer claim number ("…, $6,000.00 on the remittance of
 * 2026-04-15, check/EFT 12345, payer claim 2026…"), so the payer can find them.
 */
export function paidText(
  f: DenialFinding | UnderpaymentFinding,
  laterPaidCents: number | undefined,
  laterPaidFrom?: string | undefined,
): string {
  const later = Math.max(0, laterPaidCents ?? 0);
  if (later === 0) return formatDollars(f.paidCents);
  const first = `${formatDollars(f.paidCents)} on ${f.remitDate === undefined ? 'the first remittance' : `the remittance of ${f.remitDate}`}`;
  const from = laterPaidFrom?.trim();
  const rest = from ? from : `${formatDollars(later)} on later remittances`;
  return `${formatDollars(f.paidCents + later)} to date: ${first}, ${rest}`;
}

/**
 * The units the payer paid: an underpayment's `paidUnits` when it paid fewer than were billed (SVC05 < SVC07 or the
 * claim line's units, no denial adjustment explaining the cut), else the units billed.
 */
export function unitsPaid(f: DenialFinding | UnderpaymentFinding): number | undefined {
  return f.kind === 'underpayment' && f.paidUnits !== undefined ? f.paidUnits : f.units;
}

/**
 * The fields every letter about one line fills the same way (templates may use any of them): provider, member,
 * claim, line, code, units (billed; `unitsBilled` is the same), `unitsPaid` (`unitsPaid`), charge and paid (to
 * date: `paidText`), and `paidLater`, what later remittances paid.
 */
export function lineFields(
  f: DenialFinding | UnderpaymentFinding,
  input: LetterSubject,
): Record<string, string> {
  const patient = input.submitted?.patient ?? input.remitPatient;
  const provider = input.provider ?? input.submitted?.billingProvider;
  const providerName = provider?.name ?? [provider?.firstName, provider?.lastName].filter(Boolean).join(' ');
  const memberName = [patient?.firstName, patient?.lastName]
    .filter((x) => x !== undefined && x !== '')
    .join(' ');
  const paid = unitsPaid(f);
  return {
    letterDate: input.letterDate,
    payerName: f.payer.name,
    payerId: f.payer.id ?? NOT_ON_FILE,
    providerName: providerName || NOT_ON_FILE,
    providerNpi: provider?.npi ?? NOT_ON_FILE,
    providerTin: provider?.tin ?? NOT_ON_FILE,
    memberName: memberName || NOT_ON_FILE,
    memberId: input.submitted?.subscriber?.memberId ?? patient?.memberId ?? NOT_ON_FILE,
    birthDate: patient?.birthDate ?? NOT_ON_FILE,
    claimId: f.claimId,
    payerClaimNumber: f.payerClaimControlNumber ?? NOT_ON_FILE,
    line: f.line === null ? 'claim level' : String(f.line),
    serviceDate: f.serviceDate ?? NOT_ON_FILE,
    code: f.code || NOT_ON_FILE,
    modifiers: f.modifiers.length > 0 ? f.modifiers.join(', ') : 'none',
    codeDescription: (f.code && input.descriptions.code(f.code)) || NOT_ON_FILE,
    ndc: f.ndc ?? NOT_ON_FILE,
    units: f.units === undefined ? NOT_ON_FILE : String(f.units),
    unitsBilled: f.units === undefined ? NOT_ON_FILE : String(f.units),
    unitsPaid: paid === undefined ? NOT_ON_FILE : String(paid),
    charge: formatDollars(f.chargeCents),
    paid: paidText(f, input.laterPaidCents, input.laterPaidFrom),
    paidLater: formatDollars(Math.max(0, input.laterPaidCents ?? 0)),
    denialDate: f.remitDate ?? NOT_ON_FILE,
  };
}

/** The deadline fields, and the warning a letter dated after its deadline carries. */
export function deadlineFields(
  deadline: Deadline | undefined,
  letterDate: IsoDate,
  defaultKind: string,
  problems: Problem[],
): { fields: Record<string, string>; daysLate: number } {
  const onTime = timeliness(deadline, letterDate);
  if (deadline && onTime.daysLate > 0)
    problems.push({
      code: 'recovery.appeal.late',
      severity: 'warning',
      message: `the letter is dated ${letterDate}, ${onTime.daysLate} day${onTime.daysLate === 1 ? '' : 's'} after the ${deadline.kind} deadline of ${deadline.date}: it says so and asks for ${onTime.extension ?? 'an extension'}`,
      data: { deadline: deadline.date, letterDate, daysLate: onTime.daysLate },
    });
  return {
    daysLate: onTime.daysLate,
    fields: {
      deadline: deadline?.date ?? NOT_ON_FILE,
      deadlineKind: deadline?.kind ?? defaultKind,
      deadlineRule: deadline?.rule ?? 'no deadline policy for this payer',
      deadlineCitation: deadline?.citation ?? NOT_ON_FILE,
      timeliness: onTime.text,
    },
  };
}

/**
 * The denial reasons as the letters quote them: each adjustment with the CARC's words (and, for the billing team's
 * worksheet, its root cause and action), then each remark. A CARC not in the store is said so and warned about.
 */
export function denialReasons(
  denials: readonly DenialFinding[],
  rarcs: readonly string[],
  descriptions: { carc: (code: string) => string | undefined; rarc: (code: string) => string | undefined },
  problems: Problem[],
  withClassification: boolean,
): string[] {
  const reasons: string[] = [];
  for (const d of denials) {
    const text = descriptions.carc(d.carc);
    const how = withClassification
      ? ` — root cause ${d.classification.cause}, action ${d.classification.action}.`
      : '';
    reasons.push(
      `**${markdownText(`${d.groupCode}-${d.carc}`)}** (${formatDollars(d.amountCents)}): "${text ?? 'description not in the store'}"${how}`,
    );
    if (text === undefined)
      problems.push({
        code: 'recovery.appeal.carc-unknown',
        severity: 'warning',
        message: `CARC ${d.carc} is not in the store`,
      });
  }
  for (const code of rarcs) {
    const text = descriptions.rarc(code);
    reasons.push(`Remark **${markdownText(code)}**: "${text ?? 'description not in the store'}"`);
  }
  return reasons;
}
