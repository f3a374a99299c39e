/**
 * Tells the biller when the reference data in the store does not cover the claims' dates of service: facts then
 * come from the nearest release, and findings built on them are lowered to warnings. One note per distinct gap
 * (the same datasets missing for the same dates) in the batch, on the first claim concerned, with the number of
 * claims it concerns — not one per claim, which would bury the other findings in a large batch.
 */
import type { DatasetKind } from '../../reference/model.ts';
import type { BatchContext, BatchEdit, ClaimContext, ClaimView, LineView } from '../types.ts';

const DATASETS: readonly { kind: DatasetKind; label: string; drugsOnly: boolean }[] = [
  { kind: 'hcpcs', label: 'HCPCS codes', drugsOnly: false },
  { kind: 'icd10cm', label: 'ICD-10-CM diagnoses', drugsOnly: false },
  { kind: 'asp', label: 'ASP payment limits', drugsOnly: true },
  { kind: 'ndc-crosswalk', label: 'NDC-HCPCS crosswalk', drugsOnly: true },
];

export const referenceOutOfPeriod: BatchEdit = {
  id: 'reference-out-of-period',
  title: 'Reference data does not cover the date of service',
  severity: 'info',
  scope: 'batch',
  needs: ['reference'],
  source: 'drugclaim reference store: releases and their effective periods (data status)',
  denials: [],
  fixes: [],
  check({ env, claims, report }) {
    const seen = new Map<
      { message: string; data: Record<string, unknown> },
      { claim: ClaimView; count: number }
    >();
    let byDates = memos.get(env);
    if (!byDates) {
      byDates = new Map();
      memos.set(env, byDates);
    }
    // An index loop: this runs once per batch, where a for-of makes an object per step.
    for (let i = 0; i < claims.length; i++) {
      const claim = claims[i] as ClaimView;
      const note = noteFor(env, byDates, claim);
      if (note === null) continue;
      const hit = seen.get(note);
      if (hit) hit.count++;
      else seen.set(note, { claim, count: 1 });
    }
    for (const [note, { claim, count }] of seen) {
      report(claim, {
        field: 'service date',
        message:
          count > 1
            ? `${note.message} This concerns ${count} claims in this batch (the first is ${claim.claim.id}).`
            : note.message,
        why: WHY,
        data: { ...note.data, claims: count },
      });
    }
  },
};

function noteFor(
  env: BatchContext['env'],
  byDates: Map<string, Map<string, Note>>,
  claim: ClaimView,
): { message: string; data: Record<string, unknown> } | null {
  const lines = claim.lines;
  const first = lines[0]?.dos ?? null;
  let single = first !== null;
  let hasDrug = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as LineView;
    if (l.dos !== first) single = false;
    if (l.isDrug) hasDrug = true;
  }
  const datesKey =
    single && first !== null
      ? first
      : [...new Set(lines.map((l) => l.dos).filter((d): d is string => d !== null))].sort().join(',');
  if (datesKey === '') return null;
  let bySetting = byDates.get(datesKey);
  if (!bySetting) {
    bySetting = new Map();
    byDates.set(datesKey, bySetting);
  }
  const key =
    claim.setting === null
      ? hasDrug
        ? 'none+'
        : 'none-'
      : hasDrug
        ? SETTING_WITH_DRUGS[claim.setting]
        : claim.setting;
  let note = bySetting.get(key);
  if (note === undefined) {
    note = describe(env, datesKey.split(','), claim.setting, hasDrug);
    bySetting.set(key, note);
  }
  return note;
}

/** `${setting}+`: the memo key of a setting with drug lines. */
const SETTING_WITH_DRUGS: Readonly<Record<NonNullable<ClaimView['setting']>, string>> = {
  practitioner: 'practitioner+',
  'outpatient-hospital': 'outpatient-hospital+',
  dme: 'dme+',
};

const WHY =
  'Facts are taken from the nearest release instead; findings that depend on them are warnings, not errors. Import the releases for these dates (drugclaim data import) for a firm answer.';
type Note = { message: string; data: Record<string, unknown> } | null;
const memos = new WeakMap<object, Map<string, Map<string, Note>>>();

function describe(
  env: ClaimContext['env'],
  dates: readonly string[],
  setting: ClaimView['setting'],
  hasDrug: boolean,
): { message: string; data: Record<string, unknown> } | null {
  const kinds: { kind: DatasetKind; label: string }[] = DATASETS.filter((d) => hasDrug || !d.drugsOnly);
  if (setting === 'practitioner') kinds.push({ kind: 'mue-practitioner', label: 'practitioner MUEs' });
  if (setting === 'outpatient-hospital')
    kinds.push({ kind: 'mue-outpatient-hospital', label: 'outpatient hospital MUEs' });
  // The OPPS packaging (status indicator) and add-on code findings soften too when their release is not in force:
  // the note names them, as the other datasets. (Drug claims: where administration codes and OPPS status matter.)
  if (setting === 'outpatient-hospital' && hasDrug)
    kinds.push({ kind: 'opps', label: 'OPPS status indicators' });
  if (setting !== null && setting !== 'dme' && hasDrug)
    kinds.push({ kind: 'ncci-aoc', label: 'NCCI add-on codes' });
  const gaps: string[] = [];
  const missing: string[] = [];
  for (const d of kinds) {
    const uncovered = dates.filter((date) => {
      const choice = env.facts.release(d.kind, date);
      return choice === undefined || !choice.inForce;
    });
    if (uncovered.length === 0) continue;
    const choice = env.facts.release(d.kind, uncovered[0] as string);
    if (!choice) missing.push(d.label);
    else
      gaps.push(
        `${d.label} (${choice.release.label}, from ${choice.release.effectiveFrom}${choice.release.effectiveTo ? ` to ${choice.release.effectiveTo}` : ''})`,
      );
  }
  if (gaps.length === 0 && missing.length === 0) return null;
  const period = dates.length === 1 ? dates[0] : `${dates[0] ?? ''} to ${dates[dates.length - 1] ?? ''}`;
  return {
    message: `The reference data does not cover ${period}${gaps.length > 0 ? ` for ${gaps.join('; ')}` : ''}${missing.length > 0 ? `${gaps.length > 0 ? ', and has no' : ' and has no'} ${missing.join(', ')}` : ''}.`,
    data: { dates, datasets: [...gaps, ...missing] },
  };
}
