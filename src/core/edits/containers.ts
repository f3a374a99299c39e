/**
 * The container-type port over the curated table src/core/reference/container-types.ts (single- or multiple-dose,
 * from FDA labels). A code-level answer is given only when it is certain: every NDC the ASP crosswalk lists for the
 * code on the date of service is in the table, and all are of one kind. Otherwise the answer is 'unknown'.
 */
import { containerEntriesForCode, containerTypeFor, normalizeNdc11, type ContainerAnswer } from '../reference/container-types.ts';
import type { IsoDate } from '../reference/model.ts';
import type { Facts } from './facts.ts';
import type { ContainerPort } from './types.ts';

export function defaultContainerPort(facts: Facts): ContainerPort {
  const cache = new Map<string, ContainerAnswer>();
  const byCode = (code: string, date: IsoDate): ContainerAnswer => {
    const key = `${code}|${date}`;
    let hit = cache.get(key);
    if (hit) return hit;
    hit = codeAnswer(code, date, facts);
    cache.set(key, hit);
    return hit;
  };
  const byNdc = new Map<string, ContainerAnswer>();
  return {
    lookup(code, ndc, date) {
      if (ndc !== undefined) {
        let answer = byNdc.get(ndc);
        if (answer === undefined) {
          const ndc11 = normalizeNdc11(ndc);
          answer = ndc11 === undefined ? UNKNOWN_NDC : containerTypeFor({ ndc11 });
          byNdc.set(ndc, answer);
        }
        if (answer.type !== 'unknown') return answer;
      }
      return byCode(code, date);
    },
  };
}

const UNKNOWN_NDC: ContainerAnswer = { type: 'unknown', reason: 'not an 11-digit NDC' };

function codeAnswer(code: string, date: IsoDate, facts: Facts): ContainerAnswer {
  const entries = containerEntriesForCode(code);
  if (entries.length === 0) return { type: 'unknown', reason: `${code} is not in the container-type table (single- or multiple-dose is not known)` };
  const kinds = new Set(entries.map((e) => e.container));
  const first = entries[0];
  if (kinds.size > 1 || first === undefined) {
    return { type: 'unknown', reason: `${code} comes in both single- and multiple-dose containers: the NDC on the line decides` };
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
