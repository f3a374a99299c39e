/**
 * The corrected-claim worksheet: what a biller needs for a denial whose action is `correct-resubmit` (no appeal
 * rights, e.g. RARC MA130 "…the claim is unprocessable. Please submit a new claim…"). It is not a letter to the
 * payer and never asks the payer to accept the claim as submitted. It says what the remittance said (CARC/RARC with
 * their meanings from the store), what to correct (the root cause's next step, and the pre-submission edits run
 * again over the submitted claim, with the findings on the line and their fixes), how to resubmit (new claim or
 * replacement, with the claim frequency code, only when a rule in rules/appeals/rebuttals.yaml `correctedClaim.
 * resubmission` says so) and by when.
 *
 * It states nothing about the claim beyond its own data: where the edits find a problem on the line, that is what
 * the worksheet says to correct.
 */
import type { Claim, PayerKind } from '../claim/model.ts';
import { runEdits } from '../edits/engine.ts';
import type { Finding as EditFinding } from '../findings/model.ts';
import { formatDollars } from '../money.ts';
import type { Problem, Result } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import type { RuleBook } from '../rules/evaluate.ts';
import {
  bullets,
  daysFrom,
  denialReasons,
  fillTemplate,
  lineFields,
  NOT_ON_FILE,
  type Evidence,
  type LetterParties,
} from './letter-parts.ts';
import { markdownText } from './markdown.ts';
import type { Deadline, DenialFinding, RootCause } from './model.ts';
import type { Checker } from './validate.ts';

/** When and how to send the corrected claim, for the denials it matches (first rule that matches wins). */
export interface ResubmissionRule {
  id: string;
  /** Matches when the line's remittance carries one of these remark codes (any, when absent). */
  rarc?: string[];
  /** Matches these payer kinds (any, when absent). */
  payerKinds?: PayerKind[];
  /** What to send: a new (original) claim or a replacement of the processed one. */
  submit: 'new-claim' | 'replacement';
  /** 837 CLM05-3 claim frequency type code to use. */
  frequencyCode?: string;
  /** Plain words (may use placeholders). */
  instruction: string;
  /** Where the rule comes from. */
  source: string;
}

export interface CorrectedClaimText {
  /** Markdown layout with {{placeholders}}. */
  template: string;
  /** Said when no resubmission rule matches (may use placeholders). */
  noRule: string;
  resubmission: ResubmissionRule[];
  /** Checklist before sending (may use placeholders). */
  checklist: string[];
}

const PAYER_KINDS: readonly PayerKind[] = ['medicare', 'medicaid', 'commercial', 'unknown'];

/** Validates `correctedClaim` of rebuttals.yaml (called by validateRebuttals). */
export function validateCorrectedClaimText(c: Checker, raw: unknown): CorrectedClaimText | undefined {
  const path = 'correctedClaim';
  const o = c.object(raw, path);
  if (!o) return undefined;
  c.onlyKeys(o, ['template', 'noRule', 'resubmission', 'checklist'], path);
  const template = c.string(o['template'], `${path}.template`);
  const noRule = c.string(o['noRule'], `${path}.noRule`);
  const checklist = c.stringList(o['checklist'], `${path}.checklist`);
  const list = c.array(o['resubmission'], `${path}.resubmission`);
  const rules: ResubmissionRule[] = [];
  for (const [i, item] of (list ?? []).entries()) {
    const p = `${path}.resubmission[${i}]`;
    const r = c.object(item, p);
    if (!r) continue;
    c.onlyKeys(r, ['id', 'rarc', 'payerKinds', 'submit', 'frequencyCode', 'instruction', 'source'], p);
    const id = c.string(r['id'], `${p}.id`);
    const submit = c.oneOf(r['submit'], ['new-claim', 'replacement'] as const, `${p}.submit`);
    const instruction = c.string(r['instruction'], `${p}.instruction`);
    const source = c.string(r['source'], `${p}.source`);
    const rarc = r['rarc'] === undefined ? undefined : c.stringList(r['rarc'], `${p}.rarc`);
    const kinds =
      r['payerKinds'] === undefined
        ? undefined
        : c
            .stringList(r['payerKinds'], `${p}.payerKinds`)
            ?.filter((k, j) => c.oneOf(k, PAYER_KINDS, `${p}.payerKinds[${j}]`) !== undefined);
    const frequencyCode =
      r['frequencyCode'] === undefined ? undefined : c.string(r['frequencyCode'], `${p}.frequencyCode`);
    if (frequencyCode !== undefined && !/^[0-9A-Z]$/.test(frequencyCode))
      c.fail(`${p}.frequencyCode`, 'expected one claim frequency code character (CLM05-3)');
    if (!id || !submit || !instruction || !source) continue;
    const rule: ResubmissionRule = { id, submit, instruction, source };
    if (rarc) rule.rarc = rarc.map((x) => x.toUpperCase());
    if (kinds) rule.payerKinds = kinds as PayerKind[];
    if (frequencyCode !== undefined) rule.frequencyCode = frequencyCode;
    rules.push(rule);
  }
  if (!template || !noRule || !checklist || !list) return undefined;
  return { template, noRule, resubmission: rules, checklist };
}

/** The first resubmission rule that matches the line's remark codes and the payer kind. */
export function resubmissionRuleFor(
  rules: readonly ResubmissionRule[],
  denials: readonly DenialFinding[],
): ResubmissionRule | undefined {
  const rarcs = new Set(denials.flatMap((d) => d.rarc.map((r) => r.toUpperCase())));
  const kind = denials[0]?.payer.kind;
  return rules.find(
    (r) =>
      (r.rarc === undefined || r.rarc.some((x) => rarcs.has(x))) &&
      (r.payerKinds === undefined || (kind !== undefined && r.payerKinds.includes(kind))),
  );
}

/** What the pre-submission edits say about one line of the submitted claim. */
export interface LineCheck {
  /** Findings on the line, then claim-level ones (line null), in the engine's order. */
  findings: EditFinding[];
  /** Edit ids the denial's classification names (rules/denials/mapping.yaml `edits`): the link back. */
  linked: string[];
  /** Linked edits that were skipped (something they need was not available), with why. */
  skipped: { id: string; reason: string }[];
}

/**
 * Runs the registry's edits over the submitted claim (alone: batch edits see only this claim) as of `dateOfRun`
 * and keeps the findings on `line` and the claim-level ones. Pure: the reference data and payer rules are ports.
 */
export function checkLine(
  claim: Claim,
  line: number,
  linked: readonly string[],
  options: { reference: ReferenceData; rules?: RuleBook; dateOfRun: IsoDate },
): LineCheck {
  const run = runEdits([claim], {
    reference: options.reference,
    dateOfRun: options.dateOfRun,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  const findings = run.findings.filter((f) => f.line === line || f.line === null);
  const linkedSet = new Set(linked);
  return {
    findings,
    linked: [...linked],
    skipped: run.skipped
      .filter((s) => linkedSet.has(s.editId))
      .map((s) => ({ id: s.editId, reason: s.reason })),
  };
}

export interface CorrectedClaimInput extends LetterParties {
  /** The correct-and-resubmit denials of one line, at least one. */
  denials: readonly DenialFinding[];
  /** Other denials on the same line whose action is not correct-resubmit (mentioned, not argued). */
  others?: readonly DenialFinding[];
  /** The pre-submission check of the line; undefined when the submitted claim is not on file. */
  check?: LineCheck | undefined;
  evidence: readonly Evidence[];
  text: CorrectedClaimText;
  /** The worksheet's date (the day the deadline is counted to). */
  letterDate: IsoDate;
  /** What later remittances paid toward these denials (the worklist items' `recoveredCents`): less at stake. */
  recoveredCents?: number | undefined;
}

export interface CorrectedClaimWorksheet {
  markdown: string;
  fields: Record<string, string>;
  cause: RootCause;
  deadline?: Deadline;
  rule?: ResubmissionRule;
  problems: Problem[];
}

/** One edit finding as a worksheet item; its message and fix quote the claim, so they are escaped. */
function renderEditFinding(f: EditFinding, linked: ReadonlySet<string>): string {
  const where = f.line === null ? 'claim' : `line ${f.line}`;
  const fix = f.fix
    ? ` **Fix:** ${markdownText(f.fix.description)}${f.fix.caveat ? ` (be sure first: ${markdownText(f.fix.caveat)})` : ''}.`
    : '';
  const denial = f.denial ? ` Predicted denial: ${f.denial.group}-${f.denial.carc}.` : '';
  return `**${f.editId}**${linked.has(f.editId) ? ' (linked to this denial)' : ''} — ${f.severity}, ${where}, ${markdownText(f.field)}: ${markdownText(f.message)}${fix}${denial} (Rule: ${f.why} Source: ${f.source}.)`;
}

/** What the worksheet says about the deadline, counted to its date. */
function submitBy(deadline: Deadline | undefined, date: IsoDate): { text: string; daysLate: number } {
  if (deadline === undefined)
    return {
      text: 'No deadline policy is on file for this payer: check its time limit for corrected claims.',
      daysLate: 0,
    };
  const when = `**${deadline.date}** (${deadline.rule}; ${deadline.citation})`;
  const left = daysFrom(date, deadline.date);
  if (left > 0)
    return {
      text: `Submit the corrected claim by ${when}: ${left} day${left === 1 ? '' : 's'} left on ${date}.`,
      daysLate: 0,
    };
  if (left === 0)
    return { text: `Submit the corrected claim today: ${date} is the last day, ${when}.`, daysLate: 0 };
  const late = -left;
  const exception = deadline.citation.includes('424.44')
    ? ' Medicare extends this limit only in the cases 42 CFR 424.44(b) lists (for example an administrative error of Medicare or its contractor).'
    : ' Ask the payer whether its procedures allow a late corrected claim.';
  return {
    text: `The ${deadline.kind} deadline of ${when} passed ${late} day${late === 1 ? '' : 's'} before ${date}.${exception}`,
    daysLate: late,
  };
}

export function draftCorrectedClaim(input: CorrectedClaimInput): Result<CorrectedClaimWorksheet> {
  const first = input.denials[0];
  if (!first)
    return {
      ok: false,
      problems: [{ code: 'recovery.appeal.none', severity: 'error', message: 'no denial on this line' }],
    };
  const problems: Problem[] = [];
  const main = [...input.denials].sort((a, b) => b.amountCents - a.amountCents)[0] ?? first;
  const cause = main.classification.cause;
  const all = [...input.denials, ...(input.others ?? [])];
  const rarcs = [...new Set(all.flatMap((d) => d.rarc))];

  const reasons = denialReasons(all, rarcs, input.descriptions, problems, true);

  // What to correct: the classification's next steps (the remark's own, e.g. MA130, first), then the edits.
  const nexts = [...new Set(input.denials.map((d) => d.classification.next).filter((n) => n !== ''))];
  const correct: string[] = [...nexts];
  const check = input.check;
  let checkText: string;
  if (check === undefined) {
    checkText =
      '- The submitted claim is not on file (the remittance matched no imported claim): the pre-submission edits could not be run. Import the claim (`drugclaim claims import`) to check it.';
  } else {
    const linked = new Set(check.linked);
    const onLine = [...check.findings].sort(
      (a, b) => Number(linked.has(b.editId)) - Number(linked.has(a.editId)),
    );
    const items = onLine.map((f) => renderEditFinding(f, linked));
    const linkedHit = onLine.some((f) => linked.has(f.editId));
    if (check.linked.length > 0 && !linkedHit)
      items.push(
        `None of the edits linked to this denial (${check.linked.join(', ')}) finds a problem on the claim as submitted: the remark codes above say what the payer found missing or invalid.`,
      );
    for (const s of check.skipped) items.push(`Edit ${s.id} could not run: ${markdownText(s.reason)}.`);
    checkText =
      onLine.length === 0 && items.length === 0
        ? '- The pre-submission edits find nothing on this line.'
        : bullets(items);
    if (linkedHit)
      problems.push({
        code: 'recovery.corrected.edits',
        severity: 'info',
        message: `the pre-submission edits find on line ${first.line ?? 'claim'}: ${[...new Set(onLine.filter((f) => linked.has(f.editId)).map((f) => f.editId))].join(', ')}`,
      });
  }

  const rule = resubmissionRuleFor(input.text.resubmission, input.denials);
  const deadline = main.deadline;
  const by = submitBy(deadline, input.letterDate);
  if (deadline && by.daysLate > 0)
    problems.push({
      code: 'recovery.appeal.late',
      severity: 'warning',
      message: `the worksheet is dated ${input.letterDate}, ${by.daysLate} day${by.daysLate === 1 ? '' : 's'} after the ${deadline.kind} deadline of ${deadline.date}`,
      data: { deadline: deadline.date, letterDate: input.letterDate, daysLate: by.daysLate },
    });
  const others = input.others ?? [];
  const fields: Record<string, string> = {
    // What the worksheet is for (the deadline's kind, "corrected claim (timely filing)", is the deadline, not the
    // reason: it read as the root cause on a modifier denial).
    title: `Corrected-claim worksheet (root cause: ${cause})${by.daysLate > 0 ? ' after the deadline' : ''} — claim ${first.claimId}, line ${first.line ?? 'claim level'}`,
    ...lineFields(first, input),
    adjustmentCodes: [...all.map((d) => `${d.groupCode}-${d.carc}`), ...rarcs].join(', '),
    amount: formatDollars(all.reduce((s, d) => s + d.amountCents, 0)),
    recoverable: formatDollars(
      Math.max(
        0,
        input.denials.reduce((s, d) => s + d.recoverableCents, 0) - Math.max(0, input.recoveredCents ?? 0),
      ),
    ),
    rootCause: cause,
    frequencyCode: input.submitted?.frequencyCode ?? NOT_ON_FILE,
    deadline: deadline?.date ?? NOT_ON_FILE,
    deadlineKind: deadline?.kind ?? 'corrected claim',
    deadlineRule: deadline?.rule ?? 'no deadline policy for this payer',
    deadlineCitation: deadline?.citation ?? NOT_ON_FILE,
    timeliness: by.text,
    denialReasons: bullets(reasons),
    checks: checkText,
    evidence: bullets(input.evidence.map((e) => `${e.statement} (Source: ${e.source}.)`)),
    otherDenials:
      others.length === 0
        ? ''
        : `Other adjustments on this line have another action: ${others.map((d) => `${markdownText(`${d.groupCode}-${d.carc}`)} (${d.classification.action})`).join(', ')} — see \`drugclaim denials\`.`,
  };
  fields['correct'] = bullets(correct.map((t) => fillTemplate(t, fields, problems)));
  fields['resubmit'] = rule
    ? `${fillTemplate(rule.instruction, fields, problems)} (Source: ${rule.source}.)`
    : fillTemplate(input.text.noRule, fields, problems);
  fields['submitAs'] = rule
    ? `${rule.submit === 'new-claim' ? 'new claim' : 'replacement claim'}${rule.frequencyCode ? `, claim frequency code ${rule.frequencyCode}` : ''}`
    : 'see below';
  fields['checklist'] = bullets([
    ...input.text.checklist.map((t) => `[ ] ${fillTemplate(t, fields, problems)}`),
    ...(by.daysLate > 0 ? ['[ ] Evidence of the reason for the late filing'] : []),
  ]);
  const markdown = fillTemplate(input.text.template, fields, problems).replace(/\n{3,}/g, '\n\n');
  const worksheet: CorrectedClaimWorksheet = { markdown, fields, cause, problems };
  if (deadline) worksheet.deadline = deadline;
  if (rule) worksheet.rule = rule;
  return problems.some((p) => p.severity === 'error')
    ? { ok: false, problems }
    : { ok: true, value: worksheet, problems };
}
