/**
 * Commercial contract rates as data (rules/contracts/*.yaml): per payer, per HCPCS code (or `*` for every code
 * with an ASP limit), either a rate per billing unit or a percentage of the CMS ASP payment limit, with
 * effective dates.
 *
 * `percentOfAspLimit` is a percentage of the published Medicare Part B payment limit for the quarter of the date
 * of service — that limit is already 106% of ASP (so "ASP + 10%" is 110 / 1.06 ≈ 103.774% of the limit; write
 * the contract's own words in `note`).
 */
import type { PayerKind } from '../claim/model.ts';
import type { Result } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import { percentMilli } from './arith.ts';
import { parseDecimal } from '../money.ts';
import { Checker } from './validate.ts';

export interface ContractRate {
  /** HCPCS code, or `*` for every code not listed (only with percentOfAspLimit). */
  code: string;
  /** Rate per billing unit in mills. */
  ratePerUnitMills?: number;
  /** Percentage of the ASP payment limit in thousandths of a percent (115% → 115000). */
  percentOfAspLimitMilli?: number;
  effectiveFrom?: IsoDate;
  effectiveTo?: IsoDate;
}

export interface Contract {
  id: string;
  file?: string;
  payer: { ids: string[]; names: string[] };
  /** Payer kind this contract implies when the claim does not say (usually `commercial`). */
  payerKind: PayerKind;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** Pay the lesser of the billed charge and the contract amount (default true). */
  lesserOfCharge: boolean;
  rates: ContractRate[];
  note?: string;
}

export interface ContractMatch {
  contract: Contract;
  rate: ContractRate;
}

/** Validates one parsed contracts file: `{ contracts: [...] }`. */
export function validateContracts(data: unknown, file = 'contracts.yaml'): Result<Contract[]> {
  const c = new Checker(file);
  const root = c.object(data, '(root)');
  if (!root) return { ok: false, problems: c.problems };
  c.onlyKeys(root, ['contracts'], '');
  const list = c.array(root['contracts'], 'contracts') ?? [];
  const out: Contract[] = [];
  list.forEach((raw, i) => {
    const path = `contracts.${i}`;
    const o = c.object(raw, path);
    if (!o) return;
    c.onlyKeys(
      o,
      ['id', 'payer', 'payerKind', 'effectiveFrom', 'effectiveTo', 'lesserOfCharge', 'rates', 'note'],
      path,
    );
    const id = c.string(o['id'], `${path}.id`);
    const payerObj = c.object(o['payer'], `${path}.payer`);
    let ids: string[] = [];
    let names: string[] = [];
    if (payerObj) {
      c.onlyKeys(payerObj, ['ids', 'names'], `${path}.payer`);
      ids = c.stringList(payerObj['ids'] ?? [], `${path}.payer.ids`) ?? [];
      names = c.stringList(payerObj['names'] ?? [], `${path}.payer.names`) ?? [];
      if (ids.length === 0 && names.length === 0) c.fail(`${path}.payer`, 'needs at least one id or name');
    }
    const payerKind =
      o['payerKind'] === undefined
        ? 'commercial'
        : c.oneOf(
            o['payerKind'],
            ['medicare', 'medicaid', 'commercial', 'unknown'] as const,
            `${path}.payerKind`,
          );
    const effectiveFrom = c.isoDate(o['effectiveFrom'], `${path}.effectiveFrom`);
    const effectiveTo =
      o['effectiveTo'] === undefined || o['effectiveTo'] === null
        ? null
        : c.isoDate(o['effectiveTo'], `${path}.effectiveTo`);
    const lesserOfCharge =
      o['lesserOfCharge'] === undefined ? true : c.boolean(o['lesserOfCharge'], `${path}.lesserOfCharge`);
    const note = o['note'] === undefined ? undefined : c.string(o['note'], `${path}.note`);
    const rates: ContractRate[] = [];
    (c.array(o['rates'], `${path}.rates`) ?? []).forEach((rr, j) => {
      const rp = `${path}.rates.${j}`;
      const r = c.object(rr, rp);
      if (!r) return;
      c.onlyKeys(r, ['code', 'ratePerUnit', 'percentOfAspLimit', 'effectiveFrom', 'effectiveTo'], rp);
      const code = c.string(r['code'], `${rp}.code`);
      if (!code) return;
      const rate: ContractRate = { code: code.trim().toUpperCase() };
      const hasRate = r['ratePerUnit'] !== undefined;
      const hasPct = r['percentOfAspLimit'] !== undefined;
      if (hasRate === hasPct) {
        c.fail(rp, 'give exactly one of ratePerUnit (dollars per billing unit) or percentOfAspLimit');
        return;
      }
      if (hasRate) {
        // Dollars are parsed from text so "65.125" is exactly 65125 mills (a YAML float would round).
        const mills = parseDecimal(String(r['ratePerUnit']), 3);
        if (mills === undefined || mills < 0)
          c.fail(`${rp}.ratePerUnit`, `expected dollars per unit, got ${JSON.stringify(r['ratePerUnit'])}`);
        else rate.ratePerUnitMills = mills;
      } else {
        const pct = c.number(r['percentOfAspLimit'], `${rp}.percentOfAspLimit`, { min: 0 });
        if (pct !== undefined) rate.percentOfAspLimitMilli = percentMilli(pct);
      }
      if (rate.code === '*' && rate.ratePerUnitMills !== undefined)
        c.fail(`${rp}.code`, '`*` only works with percentOfAspLimit');
      if (r['effectiveFrom'] !== undefined) {
        const d = c.isoDate(r['effectiveFrom'], `${rp}.effectiveFrom`);
        if (d) rate.effectiveFrom = d;
      }
      if (r['effectiveTo'] !== undefined) {
        const d = c.isoDate(r['effectiveTo'], `${rp}.effectiveTo`);
        if (d) rate.effectiveTo = d;
      }
      rates.push(rate);
    });
    if (id && effectiveFrom && payerKind && lesserOfCharge !== undefined && effectiveTo !== undefined) {
      const contract: Contract = {
        id,
        file,
        payer: { ids, names },
        payerKind,
        effectiveFrom,
        effectiveTo,
        lesserOfCharge,
        rates,
      };
      if (note) contract.note = note;
      out.push(contract);
    }
  });
  const seen = new Set<string>();
  for (const k of out) {
    if (seen.has(k.id)) c.fail('contracts', `duplicate contract id ${k.id}`);
    seen.add(k.id);
  }
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, value: out, problems: [] };
}

function norm(s: string): string {
  return s.trim().toUpperCase().replace(/\s+/g, ' ');
}

/** Whether a contract's payer matches the remittance/claim payer: same id, or the payer name contains a listed name. */
export function payerMatches(
  contract: Contract,
  payer: { id?: string | undefined; name?: string | undefined },
): boolean {
  if (payer.id !== undefined && contract.payer.ids.some((id) => norm(id) === norm(payer.id ?? '')))
    return true;
  if (payer.name !== undefined) {
    const name = norm(payer.name);
    if (contract.payer.names.some((n) => name.includes(norm(n)))) return true;
  }
  return false;
}

function inForce(from: IsoDate | undefined, to: IsoDate | null | undefined, date: IsoDate): boolean {
  return (from === undefined || date >= from) && (to === undefined || to === null || date <= to);
}

/** The contract rate for a payer, code and date of service: an exact code beats `*`; the first file order wins. */
export function findContractRate(
  contracts: readonly Contract[],
  payer: { id?: string | undefined; name?: string | undefined },
  code: string,
  date: IsoDate,
): ContractMatch | undefined {
  const c = code.trim().toUpperCase();
  let wildcard: ContractMatch | undefined;
  for (const contract of contracts) {
    if (!inForce(contract.effectiveFrom, contract.effectiveTo, date) || !payerMatches(contract, payer))
      continue;
    for (const rate of contract.rates) {
      if (!inForce(rate.effectiveFrom, rate.effectiveTo, date)) continue;
      if (rate.code === c) return { contract, rate };
      if (rate.code === '*' && wildcard === undefined) wildcard = { contract, rate };
    }
  }
  return wildcard;
}

/** The payer kind a contract implies for this payer on this date, when any contract names it. */
export function contractPayerKind(
  contracts: readonly Contract[],
  payer: { id?: string | undefined; name?: string | undefined },
  date: IsoDate | undefined,
): PayerKind | undefined {
  for (const contract of contracts) {
    if (
      (date === undefined || inForce(contract.effectiveFrom, contract.effectiveTo, date)) &&
      payerMatches(contract, payer)
    )
      return contract.payerKind;
  }
  return undefined;
}
