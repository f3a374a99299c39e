/**
 * The document `drugclaim appeal CLAIM LINE` (and GET /api/appeals/:claim/:line) drafts for a worklist line, chosen
 * by what the worklist says to do with it:
 * - denials whose action is `correct-resubmit` (no appeal rights, e.g. RARC MA130) → the corrected-claim worksheet
 *   (./corrected-claim.ts), never an appeal;
 * - other denials → the appeal letter (./appeal.ts); when a pre-submission edit linked to the denial finds a problem
 *   on the claim as submitted, the letter opens with a note to check it and the result carries a warning;
 * - an underpayment (worklist action `appeal`) → the payment dispute letter (./underpayment-letter.ts).
 *
 * Pure: the store, the reference data and the payer rules come in as ports.
 */
import type { Claim, Party, RemittanceClaim } from '../claim/model.ts';
import { formatDollars } from '../money.ts';
import type { Problem, Result, SourcePosition } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import type { RuleBook } from '../rules/evaluate.ts';
import { billedAboveLabel, draftAppeal, gatherEvidence, type RebuttalSet } from './appeal.ts';
import { checkLine, draftCorrectedClaim, type LineCheck } from './corrected-claim.ts';
import type {
  Deadline,
  DenialFinding,
  Finding,
  RootCause,
  UnderpaymentFinding,
  WorklistStatus,
} from './model.ts';
import { markdownText } from './markdown.ts';
import { draftUnderpaymentLetter } from './underpayment-letter.ts';
import { isOpen } from './worklist.ts';

/** What the letters read from the recovery store (RecoveryStore satisfies it). */
export interface LetterStore {
  findings(filter: { claimId: string; line: number }): readonly {
    id: number;
    status: WorklistStatus;
    finding: Finding;
    /** What later remittances paid toward the item (reconcile); absent: nothing. */
    recoveredCents?: number;
    /**
     * Which later payments `recoveredCents` counts, as reconcile names them ("$6,000.00 on the remittance of
     * 2026-04-15, check/EFT 12345, payer claim …"); absent or null: not known (the letter then says "on later
     * remittances").
     */
    recoveredFrom?: string | null;
  }[];
  context(
    findingId: number,
  ): { submitted?: Claim; remitClaim: RemittanceClaim; remittance: { payee: Party } } | undefined;
}

export type LetterKind = 'appeal' | 'corrected-claim' | 'underpayment';

export interface LineLetter {
  kind: LetterKind;
  markdown: string;
  fields: Record<string, string>;
  /** The denial's root cause; `underpayment` for an underpayment. */
  cause: RootCause | 'underpayment';
  deadline?: Deadline;
  /** The worklist items the document is for. */
  findingIds: number[];
  /** The worklist status to set once it is sent (appealed, or resubmitted for a corrected claim). */
  sentStatus: 'appealed' | 'resubmitted';
}

export interface LineLetterInput {
  store: LetterStore;
  reference: ReferenceData;
  rules: { rebuttals: RebuttalSet; template: string };
  /** Payer rules for the pre-submission edits (default: none, as `runEdits`). */
  payerRules?: RuleBook;
  claimId: string;
  line: number;
  /**
   * The worklist item the letter is for. A patient account number may come back on two remittance claims (two
   * dates of service): the letter then covers only the adjudication of this item (same payer claim number and
   * date of service), not both.
   */
  findingId?: number;
  letterDate: IsoDate;
}

function none(message: string): Result<never> {
  return { ok: false, problems: [{ code: 'recovery.appeal.none', severity: 'error', message }] };
}

/**
 * Every item of the line is settled (recovered — paid by a later remittance or marked so — or written off): there is
 * nothing left to ask the payer for, and a letter would ask for money already paid. Reopening the item (worklist set
 * ID in-progress) is the explicit way to draft one anyway.
 */
function closed(
  claimId: string,
  line: number,
  settled: readonly { id: number; status: WorklistStatus; recoveredCents?: number }[],
): Result<never> {
  const list = settled
    .map((r) =>
      r.status === 'recovered'
        ? `#${r.id} recovered${(r.recoveredCents ?? 0) > 0 ? ` (later remittances paid ${formatDollars(r.recoveredCents ?? 0)} toward it)` : ''}`
        : `#${r.id} written off`,
    )
    .join(', ');
  return {
    ok: false,
    problems: [
      {
        code: 'recovery.appeal.closed',
        severity: 'error',
        message: `no open denial or underpayment for claim ${claimId} line ${line}: worklist item ${list}, so there is nothing left to ask the payer for. To draft a letter anyway, reopen the item first (drugclaim worklist set ${settled.map((r) => r.id).join(',')} in-progress).`,
        data: { items: settled.map((r) => r.id), statuses: settled.map((r) => r.status) },
      },
    ],
  };
}

/** Where a line's billed units are in the claim as submitted (837P 2400 SV1-04, 837I 2400 SV2-05), for a warning. */
function unitsPosition(submitted: Claim | undefined, line: number | null): SourcePosition {
  const at: SourcePosition = { field: 'units' };
  switch (submitted?.format) {
    case '837P':
      return { ...at, loop: '2400', segmentId: 'SV1', element: 4 };
    case '837I':
      return { ...at, loop: '2400', segmentId: 'SV2', element: 5 };
    case 'fhir':
      return { ...at, path: `Claim.item[${line === null ? '?' : line - 1}].quantity` };
    case 'json':
    case 'csv':
    case undefined:
      return at;
  }
}

/** The rules' rebuttals file lacks the section a letter kind is written from. */
function noRebuttalText(section: string, consequence: string): Result<never> {
  return {
    ok: false,
    problems: [
      {
        code: 'recovery.appeal.no-text',
        severity: 'error',
        message: `rules/appeals/rebuttals.yaml has no \`${section}\` section: ${consequence}`,
      },
    ],
  };
}

export function draftLineLetter(input: LineLetterInput): Result<LineLetter> {
  const { store, reference, claimId, line, letterDate } = input;
  let rows = store.findings({ claimId, line });
  if (input.findingId !== undefined) {
    const chosen = rows.find((r) => r.id === input.findingId);
    if (!chosen) return none(`worklist item ${input.findingId} is not on claim ${claimId} line ${line}`);
    const same = (r: (typeof rows)[number]): boolean =>
      r.finding.payerClaimControlNumber === chosen.finding.payerClaimControlNumber &&
      r.finding.serviceDate === chosen.finding.serviceDate;
    rows = rows.filter(same);
  }
  // Only open items get a document: one reversed by the payer, withdrawn (the claim voided, or its corrected claim
  // denied), recovered (paid since, or marked so) or written off has nothing left to ask the payer for.
  const open = rows.filter((r) => isOpen(r.status));
  const denials = open.filter((r): r is typeof r & { finding: DenialFinding } => r.finding.kind === 'denial');
  const under = open.filter(
    (r): r is typeof r & { finding: UnderpaymentFinding } => r.finding.kind === 'underpayment',
  );
  if (denials.length === 0 && under.length === 0) {
    const ids = (status: WorklistStatus): string =>
      rows
        .filter((r) => r.status === status)
        .map((r) => `#${r.id}`)
        .join(', ');
    const reversed = ids('reversed');
    const withdrawn = ids('withdrawn');
    const settled = rows.filter((r) => r.status === 'recovered' || r.status === 'written-off');
    if (reversed === '' && withdrawn === '' && settled.length > 0) return closed(claimId, line, settled);
    return none(
      reversed !== ''
        ? `no open denial or underpayment for claim ${claimId} line ${line}: worklist item ${reversed} was reversed by the payer (see drugclaim worklist show)`
        : withdrawn !== ''
          ? `no open denial or underpayment for claim ${claimId} line ${line}: worklist item ${withdrawn} was withdrawn (the claim was voided, or its corrected claim was denied: see drugclaim worklist show)`
          : `no denial found for claim ${claimId} line ${line}, and no underpayment (see drugclaim denials, drugclaim underpaid)`,
    );
  }
  const firstRow = denials[0] ?? under[0];
  if (!firstRow) return none(`no denial or underpayment found for claim ${claimId} line ${line}`);
  // What later remittances paid on the line (every item of this adjudication that a payment counted toward, closed
  // ones too), and toward the items this document is about: the letter states the first and disputes what is left.
  const recoveredOf = (items: readonly { recoveredCents?: number }[]): number =>
    items.reduce((n, r) => n + Math.max(0, r.recoveredCents ?? 0), 0);
  const counted = rows.filter((r) => r.status !== 'reversed' && r.status !== 'withdrawn');
  const laterPaidCents = recoveredOf(counted);
  const laterPaidFrom = laterPaymentsText(counted);
  const ctx = store.context(firstRow.id);
  const submitted = ctx?.submitted;
  const provider = submitted?.billingProvider ?? ctx?.remittance.payee;
  const remitPatient = ctx?.remitClaim.patient;
  const serviceDate = firstRow.finding.serviceDate;
  const date = serviceDate ?? letterDate;
  const descriptions = {
    carc: (c: string) => reference.carc(c)?.value.description,
    rarc: (c: string) => reference.rarc(c)?.value.description,
    code: (c: string) => reference.hcpcs(c, date)?.value.longDescription,
  };

  if (denials.length === 0) {
    const row = under[0];
    if (!row) return none(`no underpayment found for claim ${claimId} line ${line}`);
    const text = input.rules.rebuttals.underpayment;
    if (!text) return noRebuttalText('underpayment', 'no underpayment letter can be drafted');
    const r = draftUnderpaymentLetter({
      finding: row.finding,
      laterPaidCents,
      laterPaidFrom,
      recoveredCents: recoveredOf([row]),
      submitted,
      remitPatient,
      provider,
      descriptions,
      text,
      letterDate,
    });
    if (!r.ok) return r;
    return {
      ok: true,
      value: lineLetter('underpayment', { ...r.value, cause: 'underpayment' }, [row.id], 'appealed'),
      problems: r.problems,
    };
  }

  const findings = denials.map((r) => r.finding);
  const main = [...findings].sort((a, b) => b.amountCents - a.amountCents)[0] as DenialFinding;
  const outpatient = submitted !== undefined && (submitted.typeOfBill ?? '').startsWith('13');
  const evidence = gatherEvidence(reference, {
    code: main.code,
    modifiers: main.modifiers,
    units: main.units,
    ndc: main.ndc,
    serviceDate: main.serviceDate,
    setting: outpatient ? 'outpatient-hospital' : 'practitioner',
    diagnoses: submitted?.diagnoses.map((d) => d.code) ?? [],
    cause: main.classification.cause,
  });
  // The link back: the edits the denial's classification names, run again over the claim as submitted, as of the day
  // it was sent (BHT04) when the file says: a date-relative edit (a service dated after the sending, CO-110) asks
  // about that day, not the letter's.
  const linked = [...new Set(findings.flatMap((d) => d.classification.edits))].sort();
  const check: LineCheck | undefined =
    submitted && main.lineMatched && main.line !== null
      ? checkLine(submitted, main.line, linked, {
          reference,
          dateOfRun: submitted.envelope?.created ?? letterDate,
          ...(input.payerRules ? { rules: input.payerRules } : {}),
        })
      : undefined;

  if (main.classification.action === 'correct-resubmit') {
    const text = input.rules.rebuttals.correctedClaim;
    if (!text)
      return noRebuttalText(
        'correctedClaim',
        'no corrected-claim worksheet can be drafted (and an appeal is not the action for this denial)',
      );
    const resubmit = denials.filter((r) => r.finding.classification.action === 'correct-resubmit');
    const others = denials.filter((r) => r.finding.classification.action !== 'correct-resubmit');
    const r = draftCorrectedClaim({
      denials: resubmit.map((d) => d.finding),
      others: others.map((d) => d.finding),
      laterPaidCents,
      laterPaidFrom,
      recoveredCents: recoveredOf(resubmit),
      submitted,
      remitPatient,
      provider,
      descriptions,
      check,
      evidence,
      text,
      letterDate,
    });
    if (!r.ok) return r;
    return {
      ok: true,
      value: lineLetter(
        'corrected-claim',
        r.value,
        resubmit.map((d) => d.id),
        'resubmitted',
      ),
      problems: r.problems,
    };
  }

  const r = draftAppeal({
    denials: findings,
    submitted,
    remitPatient,
    provider,
    descriptions,
    evidence,
    rebuttals: input.rules.rebuttals,
    template: input.rules.template,
    letterDate,
    laterPaidCents,
    laterPaidFrom,
    recoveredCents: recoveredOf(denials),
  });
  if (!r.ok) return r;
  const problems: Problem[] = [...r.problems];
  let markdown = r.value.markdown;
  const notes: string[] = [];
  // The letter says the units billed are the dose given; a dose above the label's largest is not to be vouched for
  // unchecked (the facts the letter quotes show the label range next to it).
  const above = billedAboveLabel(reference, main);
  if (above) {
    const what = `${above.units} units of ${above.code} = ${above.doseMg} mg, above the largest dose the ${above.brand} (${above.drug}) label gives, ${above.labelMaxMg} mg`;
    problems.push({
      code: 'recovery.appeal.above-label',
      severity: 'warning',
      message: `the line bills ${what} (${above.source}): check the dose administered before sending; if the units are wrong, a corrected claim is the right action`,
      at: unitsPosition(submitted, main.line),
      data: {
        line: main.line,
        code: above.code,
        units: above.units,
        doseMg: above.doseMg,
        labelMaxMg: above.labelMaxMg,
      },
    });
    notes.push(
      `[Check before sending, then remove this note: the line bills ${markdownText(what)} (${markdownText(above.source)}). The letter says the units billed are the dose actually administered: confirm that dose in the administration record. If the units are wrong, send a corrected claim instead of this appeal.]`,
    );
  }
  // A linked edit's finding the edit itself calls appealable (MUE MAI 3 with documentation) is what the appeal
  // answers; any other one contradicts a letter arguing the line was billed right.
  const contradicted = (check?.findings ?? []).filter(
    (f) => linked.includes(f.editId) && f.severity !== 'info' && f.appealable !== true,
  );
  if (contradicted.length > 0) {
    // The letter argues the line was right; the claim's own data says otherwise. Never send that unchecked.
    const list = contradicted.map((f) => `${f.editId}: ${f.message}`).join('; ');
    // The messages quote the claim: escaped in the letter, as they are in the warning's plain text.
    const listMarkdown = contradicted.map((f) => `${f.editId}: ${markdownText(f.message)}`).join('; ');
    problems.push({
      code: 'recovery.appeal.contradicted',
      severity: 'warning',
      message: `the pre-submission edits linked to this denial find a problem on the claim as submitted (${list}): check the claim before sending the appeal; a corrected claim may be the right action`,
      data: { edits: contradicted.map((f) => f.editId) },
    });
    notes.unshift(
      `[Check before sending, then remove this note: the pre-submission edits find on the claim as submitted: ${listMarkdown}. If they are right, send a corrected claim instead of this appeal.]`,
    );
  }
  if (notes.length > 0) {
    const note = notes.join('\n\n');
    const title = /^# .*\n/.exec(markdown);
    markdown = title ? `${title[0]}\n${note}\n${markdown.slice(title[0].length)}` : `${note}\n\n${markdown}`;
  }
  return {
    ok: true,
    value: lineLetter(
      'appeal',
      { ...r.value, markdown },
      denials.map((d) => d.id),
      'appealed',
    ),
    problems,
  };
}

/**
 * Which later payments the line's items count, as the letter names them: their distinct texts (the items of one line
 * share one adjudication, so usually one), `; ` between them. Undefined when an item that counts a payment has no
 * text (reconciled before the store kept it): the letter then says "on later remittances" rather than name only some.
 */
export function laterPaymentsText(
  items: readonly { recoveredCents?: number; recoveredFrom?: string | null }[],
): string | undefined {
  const paid = items.filter((r) => (r.recoveredCents ?? 0) > 0);
  const texts = paid.map((r) => r.recoveredFrom?.trim() ?? '');
  if (paid.length === 0 || texts.includes('')) return undefined;
  return [...new Set(texts)].join('; ');
}

/** A drafted document as the line's letter: what it is, for which worklist items, and the status once sent. */
function lineLetter(
  kind: LetterKind,
  draft: {
    markdown: string;
    fields: Record<string, string>;
    cause: LineLetter['cause'];
    deadline?: Deadline;
  },
  findingIds: number[],
  sentStatus: LineLetter['sentStatus'],
): LineLetter {
  const out: LineLetter = {
    kind,
    markdown: draft.markdown,
    fields: draft.fields,
    cause: draft.cause,
    findingIds,
    sentStatus,
  };
  if (draft.deadline) out.deadline = draft.deadline;
  return out;
}

/** The letter as the CLI's `--json` and the HTTP route's `format=json` give it (the same keys in both). */
export function letterJson(claimId: string, line: number, letter: LineLetter): Record<string, unknown> {
  return {
    claimId,
    line,
    kind: letter.kind,
    rootCause: letter.cause,
    deadline: letter.deadline ?? null,
    findings: letter.findingIds,
    denials: letter.kind === 'underpayment' ? [] : letter.findingIds,
    fields: letter.fields,
    markdown: letter.markdown,
  };
}
