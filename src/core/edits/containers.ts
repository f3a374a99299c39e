/**
 * The container-type port over the curated table src/core/reference/container-types.ts (single- or multiple-dose,
 * from FDA labels). A code-level answer is given only when it is certain: every NDC the ASP crosswalk lists for the
 * code on the date of service is in the table, and all are of one kind. Otherwise the answer is 'unknown'.
 */
import {
  containerEntriesForCode,
  containerTypeFor,
  normalizeNdc11,
  type ContainerAnswer,
} from '../reference/container-types.ts';
import { innerMap } from '../memo.ts';
import type { IsoDate } from '../reference/model.ts';
import type { Facts } from './facts.ts';
import { hyphenatedNdc } from './ndc-quantity.ts';
import type { ContainerPort } from './types.ts';

export function defaultContainerPort(facts: Facts): ContainerPort {
  return new CachedContainerPort(facts);
}

/**
 * Answers cached by NDC and by code → date. A class, so every run calls the same `lookup`. When neither the NDC
 * nor the code decides, the answer names the line's NDC (and its product in the crosswalk): that is the label to read.
 */
class CachedContainerPort implements ContainerPort {
  private readonly facts: Facts;
  private readonly byCode = new Map<string, Map<IsoDate, ContainerAnswer>>();
  private readonly byNdc = new Map<string, ContainerAnswer>();

  constructor(facts: Facts) {
    this.facts = facts;
  }

  lookup(code: string, ndc: string | undefined, date: IsoDate): ContainerAnswer {
    if (ndc !== undefined) {
      let answer = this.byNdc.get(ndc);
      if (answer === undefined) {
        const ndc11 = normalizeNdc11(ndc);
        answer = ndc11 === undefined ? UNKNOWN_NDC : containerTypeFor({ ndc11 });
        this.byNdc.set(ndc, answer);
      }
      if (answer.type !== 'unknown') return answer;
    }
    let byDate = this.byCode.get(code);
    if (byDate === undefined) {
      byDate = new Map();
      this.byCode.set(code, byDate);
    }
    let hit = byDate.get(date);
    if (hit === undefined) {
      hit = codeAnswer(code, date, this.facts);
      byDate.set(date, hit);
    }
    // The code does not decide either: the line's own NDC is the one to look up on its label (not another
    // product of the code that the crosswalk lists).
    return hit.type === 'unknown' && ndc !== undefined ? this.ndcUnknown(code, ndc, date, hit) : hit;
  }

  /** By code → NDC as written → date: the answer naming the line's NDC (the code's when the NDC is not 11 digits). */
  private readonly byUnknownNdc = new Map<string, Map<string, Map<IsoDate, ContainerAnswer>>>();

  private ndcUnknown(code: string, ndc: string, date: IsoDate, codeAnswer: ContainerAnswer): ContainerAnswer {
    const byDate = innerMap(innerMap(this.byUnknownNdc, code), ndc);
    let answer = byDate.get(date);
    if (answer === undefined) {
      answer = this.ndcAnswer(code, ndc, date) ?? codeAnswer;
      byDate.set(date, answer);
    }
    return answer;
  }

  private ndcAnswer(code: string, ndc: string, date: IsoDate): ContainerAnswer | undefined {
    const ndc11 = normalizeNdc11(ndc);
    if (ndc11 === undefined) return undefined;
    const row = this.facts.ndcPackages(ndc11, date)?.value.find((p) => p.code === code);
    const names =
      row === undefined ? [] : [row.drugName.trim(), row.labelerName.trim()].filter((t) => t !== '');
    return {
      type: 'unknown',
      reason: `NDC ${hyphenatedNdc(ndc11)}${names.length > 0 ? ` (${names.join(', ')})` : ''} is not in drugclaim's label table (single- or multiple-dose unknown): check its label's HOW SUPPLIED`,
    };
  }
}

const UNKNOWN_NDC: ContainerAnswer = { type: 'unknown', reason: 'not an 11-digit NDC' };

function codeAnswer(code: string, date: IsoDate, facts: Facts): ContainerAnswer {
  const entries = containerEntriesForCode(code);
  if (entries.length === 0)
    return {
      type: 'unknown',
      reason: `${code} is not in the container-type table (single- or multiple-dose is not known)`,
    };
  const kinds = new Set(entries.map((e) => e.container));
  const first = entries[0];
  if (kinds.size > 1 || first === undefined) {
    return {
      type: 'unknown',
      reason: `${code} comes in both single- and multiple-dose containers: the NDC on the line decides`,
    };
  }
  const known = new Set(entries.map((e) => e.ndc11));
  const packages = facts.ndcPackagesForCode(code, date)?.value ?? [];
  const missing = packages.filter((p) => !known.has(p.ndc11)).map((p) => p.ndc11);
  if (missing.length > 0) {
    return {
      type: 'unknown',
      reason: `the crosswalk lists ${missing.length} NDC(s) of ${code} that the container-type table does not cover (e.g. ${missing[0] ?? ''})`,
    };
  }
  return {
    type: first.container,
    entry: first,
    reason: `every ${code} product in the container-type table is ${first.container} (${first.source.label})`,
  };
}
