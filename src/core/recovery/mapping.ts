/**
 * The CARC/RARC → root cause mapping: validation of the data file (rules/denials/mapping.yaml, parsed by the
 * adapter) and the coverage check against the CARC list in the store.
 */
import type { Problem, Result } from '../problem.ts';
import type { AdjustmentReasonCode } from '../reference/model.ts';
import {
  MAPPED_ADJUSTMENT_KINDS,
  NEXT_ACTIONS,
  ROOT_CAUSES,
  type CarcRule,
  type DenialMapping,
  type RarcRule,
  type RootCause,
  type RootCauseInfo,
} from './model.ts';
import { Checker } from './validate.ts';

/** Validates a parsed mapping file. Every bad field is reported with its path; nothing is guessed. */
export function validateDenialMapping(data: unknown, file = 'mapping.yaml'): Result<DenialMapping> {
  const c = new Checker(file);
  const root = c.object(data, '(root)');
  if (!root) return { ok: false, problems: c.problems };
  c.onlyKeys(root, ['version', 'source', 'rootCauses', 'carc', 'rarc'], '');
  const version = c.number(root['version'], 'version', { integer: true, min: 1 });
  const source = c.string(root['source'], 'source');

  const rootCauses: Partial<Record<RootCause, RootCauseInfo>> = {};
  const causesObj = c.object(root['rootCauses'], 'rootCauses');
  if (causesObj) {
    for (const [id, raw] of Object.entries(causesObj)) {
      const path = `rootCauses.${id}`;
      const cause = c.oneOf(id, ROOT_CAUSES, path);
      const o = c.object(raw, path);
      if (!cause || !o) continue;
      c.onlyKeys(o, ['title', 'kind', 'action', 'next', 'edits'], path);
      const title = c.string(o['title'], `${path}.title`);
      const kind = c.oneOf(o['kind'], MAPPED_ADJUSTMENT_KINDS, `${path}.kind`);
      const action = c.oneOf(o['action'], NEXT_ACTIONS, `${path}.action`);
      const next = c.string(o['next'], `${path}.next`);
      const edits = c.stringList(o['edits'] ?? [], `${path}.edits`);
      if (title && kind && action && next && edits) rootCauses[cause] = { title, kind, action, next, edits };
    }
    for (const cause of ROOT_CAUSES)
      if (!(cause in causesObj)) c.fail(`rootCauses.${cause}`, 'missing root cause');
  }

  const carc: Record<string, CarcRule> = {};
  const carcObj = c.object(root['carc'], 'carc');
  if (carcObj) {
    for (const [code, raw] of Object.entries(carcObj)) {
      const path = `carc.${code}`;
      const o = c.object(raw, path);
      if (!o) continue;
      c.onlyKeys(o, ['cause', 'kind', 'action', 'next', 'refine', 'edits'], path);
      const cause = c.oneOf(o['cause'], ROOT_CAUSES, `${path}.cause`);
      if (!cause) continue;
      const rule: CarcRule = { cause };
      if (o['kind'] !== undefined) {
        const kind = c.oneOf(o['kind'], MAPPED_ADJUSTMENT_KINDS, `${path}.kind`);
        if (kind) rule.kind = kind;
      }
      if (o['action'] !== undefined) {
        const action = c.oneOf(o['action'], NEXT_ACTIONS, `${path}.action`);
        if (action) rule.action = action;
      }
      if (o['next'] !== undefined) {
        const next = c.string(o['next'], `${path}.next`);
        if (next) rule.next = next;
      }
      if (o['refine'] !== undefined) {
        const refine = c.boolean(o['refine'], `${path}.refine`);
        if (refine !== undefined) rule.refine = refine;
      }
      if (o['edits'] !== undefined) {
        const edits = c.stringList(o['edits'], `${path}.edits`);
        if (edits) rule.edits = edits;
      }
      carc[code] = rule;
    }
  }

  const rarc: Record<string, RarcRule> = {};
  const rarcObj = c.object(root['rarc'] ?? {}, 'rarc');
  if (rarcObj) {
    for (const [code, raw] of Object.entries(rarcObj)) {
      const path = `rarc.${code}`;
      const o = c.object(raw, path);
      if (!o) continue;
      c.onlyKeys(o, ['cause', 'action', 'forceAction', 'next', 'edits'], path);
      const rule: RarcRule = {};
      if (o['cause'] !== undefined) {
        const cause = c.oneOf(o['cause'], ROOT_CAUSES, `${path}.cause`);
        if (cause) rule.cause = cause;
      }
      if (o['action'] !== undefined) {
        const action = c.oneOf(o['action'], NEXT_ACTIONS, `${path}.action`);
        if (action) rule.action = action;
        if (o['cause'] === undefined)
          c.fail(
            `${path}.action`,
            'an action goes with a cause (it applies when the RARC refines a generic CARC)',
          );
      }
      if (o['forceAction'] !== undefined) {
        const action = c.oneOf(o['forceAction'], NEXT_ACTIONS, `${path}.forceAction`);
        if (action) rule.forceAction = action;
      }
      if (o['next'] !== undefined) {
        const next = c.string(o['next'], `${path}.next`);
        if (next) rule.next = next;
      }
      if (o['edits'] !== undefined) {
        const edits = c.stringList(o['edits'], `${path}.edits`);
        if (edits) rule.edits = edits;
      }
      if (rule.cause === undefined && rule.forceAction === undefined)
        c.fail(path, 'a RARC entry needs a cause or a forceAction');
      rarc[code] = rule;
    }
  }

  if (c.problems.length > 0 || version === undefined || source === undefined)
    return { ok: false, problems: c.problems };
  return {
    ok: true,
    value: { version, source, rootCauses: rootCauses as Record<RootCause, RootCauseInfo>, carc, rarc },
    problems: [],
  };
}

/** Current CARCs of the store that the mapping does not cover (must be empty), and mapped codes the store lacks. */
export function mappingCoverage(
  mapping: DenialMapping,
  carcs: readonly Pick<AdjustmentReasonCode, 'code' | 'status'>[],
): { missing: string[]; unknownToStore: string[]; covered: number; current: number } {
  const current = carcs.filter((c) => c.status === 'current').map((c) => c.code);
  const all = new Set(carcs.map((c) => c.code));
  const missing = current.filter((code) => !(code in mapping.carc));
  const unknownToStore = Object.keys(mapping.carc).filter((code) => !all.has(code));
  return { missing, unknownToStore, covered: current.length - missing.length, current: current.length };
}

/** Every edit id the mapping names (root causes, CARCs, RARCs), sorted, for the registry cross-check. */
export function mappingEditIds(mapping: DenialMapping): string[] {
  const ids = new Set<string>();
  for (const info of Object.values(mapping.rootCauses)) for (const id of info.edits) ids.add(id);
  for (const rule of Object.values(mapping.carc)) for (const id of rule.edits ?? []) ids.add(id);
  for (const rule of Object.values(mapping.rarc)) for (const id of rule.edits ?? []) ids.add(id);
  return [...ids].sort();
}

export type { Problem };
