/**
 * Appeal and resubmission deadlines, from data (rules/appeals/deadlines.yaml): per payer (by id or name) or per
 * payer kind, a limit for appealing (counted from the remittance date, optionally after a presumed mail-receipt
 * delay) and one for sending a corrected claim (counted from the date of service or the remittance date).
 *
 * Medicare: redetermination within 120 days of receipt of the initial determination, receipt presumed 5 days
 * after the notice date (@see 42 CFR 405.942(a) and (a)(1)); a corrected claim within 1 calendar year after the
 * date of service (@see 42 CFR 424.44(a)(1)).
 */
import type { PayerKind } from '../claim/model.ts';
import type { Result } from '../problem.ts';
import { addDays } from '../reference/as-of.ts';
import type { IsoDate } from '../reference/model.ts';
import type { Deadline, NextAction } from './model.ts';
import { Checker } from './validate.ts';

export interface DeadlineRule {
  /** What the deadline is for, e.g. "redetermination request". */
  kind: string;
  from: 'remittance' | 'service-date';
  days?: number;
  years?: number;
  /** Days added to the remittance date before counting (presumed receipt of the notice). */
  receiptDays?: number;
  rule: string;
  citation: string;
}

export interface DeadlinePolicy {
  id: string;
  payer?: { ids: string[]; names: string[] };
  payerKinds: PayerKind[];
  appeal: DeadlineRule;
  corrected: DeadlineRule;
}

export function validateDeadlinePolicies(data: unknown, file = 'deadlines.yaml'): Result<DeadlinePolicy[]> {
  const c = new Checker(file);
  const root = c.object(data, '(root)');
  if (!root) return { ok: false, problems: c.problems };
  c.onlyKeys(root, ['version', 'policies'], '');
  c.number(root['version'], 'version', { integer: true, min: 1 });
  const out: DeadlinePolicy[] = [];
  (c.array(root['policies'], 'policies') ?? []).forEach((raw, i) => {
    const path = `policies.${i}`;
    const o = c.object(raw, path);
    if (!o) return;
    c.onlyKeys(o, ['id', 'payer', 'payerKinds', 'appeal', 'corrected'], path);
    const id = c.string(o['id'], `${path}.id`);
    const kinds = (c.stringList(o['payerKinds'] ?? [], `${path}.payerKinds`) ?? []).map((k, j) =>
      c.oneOf(k, ['medicare', 'medicaid', 'commercial', 'unknown'] as const, `${path}.payerKinds.${j}`),
    );
    let payer: DeadlinePolicy['payer'];
    if (o['payer'] !== undefined) {
      const p = c.object(o['payer'], `${path}.payer`);
      if (p) {
        c.onlyKeys(p, ['ids', 'names'], `${path}.payer`);
        payer = {
          ids: c.stringList(p['ids'] ?? [], `${path}.payer.ids`) ?? [],
          names: c.stringList(p['names'] ?? [], `${path}.payer.names`) ?? [],
        };
      }
    }
    if (payer === undefined && kinds.length === 0) c.fail(path, 'needs a payer or payerKinds');
    const appeal = rule(c, o['appeal'], `${path}.appeal`);
    const corrected = rule(c, o['corrected'], `${path}.corrected`);
    if (id && appeal && corrected && kinds.every((k) => k !== undefined)) {
      const policy: DeadlinePolicy = { id, payerKinds: kinds as PayerKind[], appeal, corrected };
      if (payer) policy.payer = payer;
      out.push(policy);
    }
  });
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, value: out, problems: [] };
}

function rule(c: Checker, raw: unknown, path: string): DeadlineRule | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  c.onlyKeys(o, ['kind', 'from', 'days', 'years', 'receiptDays', 'rule', 'citation'], path);
  const kind = c.string(o['kind'], `${path}.kind`);
  const from = c.oneOf(o['from'], ['remittance', 'service-date'] as const, `${path}.from`);
  const text = c.string(o['rule'], `${path}.rule`);
  const citation = c.string(o['citation'], `${path}.citation`);
  const r: Partial<DeadlineRule> = {};
  if (o['days'] !== undefined) {
    const d = c.number(o['days'], `${path}.days`, { integer: true, min: 1 });
    if (d !== undefined) r.days = d;
  }
  if (o['years'] !== undefined) {
    const y = c.number(o['years'], `${path}.years`, { integer: true, min: 1 });
    if (y !== undefined) r.years = y;
  }
  if ((r.days === undefined) === (r.years === undefined)) c.fail(path, 'give exactly one of days or years');
  if (o['receiptDays'] !== undefined) {
    const d = c.number(o['receiptDays'], `${path}.receiptDays`, { integer: true, min: 0 });
    if (d !== undefined) r.receiptDays = d;
  }
  if (!kind || !from || !text || !citation) return undefined;
  return { ...r, kind, from, rule: text, citation };
}

const normName = (s: string): string => s.trim().toUpperCase().replace(/\s+/g, ' ');

/** The policy for a payer: a payer-specific one first (by id, or name contained in the payer's name), else by kind. */
export function deadlinePolicyFor(
  policies: readonly DeadlinePolicy[],
  payer: { id?: string | undefined; name?: string | undefined; kind: PayerKind },
): DeadlinePolicy | undefined {
  for (const p of policies) {
    if (!p.payer) continue;
    if (payer.id !== undefined && p.payer.ids.some((id) => normName(id) === normName(payer.id ?? '')))
      return p;
    if (
      payer.name !== undefined &&
      p.payer.names.some((n) => normName(payer.name ?? '').includes(normName(n)))
    )
      return p;
  }
  return policies.find((p) => !p.payer && p.payerKinds.includes(payer.kind));
}

function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(4);
  // 29 February + 1 year → 28 February.
  if (md === '-02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}${md}`;
}

export function applyDeadlineRule(
  r: DeadlineRule,
  dates: { remitDate?: IsoDate | undefined; serviceDate?: IsoDate | undefined },
): Deadline | undefined {
  const start = r.from === 'remittance' ? dates.remitDate : dates.serviceDate;
  if (start === undefined) return undefined;
  const base = addDays(start, r.receiptDays ?? 0);
  const date = r.years !== undefined ? addYears(base, r.years) : addDays(base, r.days ?? 0);
  return { date, kind: r.kind, rule: r.rule, citation: r.citation };
}

/** The deadline that matters for an action: appeal-type actions use the appeal limit, corrections the timely-filing one. */
export function deadlineFor(
  policy: DeadlinePolicy | undefined,
  action: NextAction | 'underpayment',
  dates: { remitDate?: IsoDate | undefined; serviceDate?: IsoDate | undefined },
): Deadline | undefined {
  if (!policy) return undefined;
  switch (action) {
    case 'appeal':
    case 'review':
    case 'underpayment':
      return applyDeadlineRule(policy.appeal, dates);
    case 'correct-resubmit':
    case 'bill-other-payer':
      return applyDeadlineRule(policy.corrected, dates);
    case 'bill-patient':
    case 'none':
      return undefined;
  }
}
