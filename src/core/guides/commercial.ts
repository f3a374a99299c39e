/**
 * Section 6: what the payer rules files say about this code on the date (prior authorization, step therapy,
 * quantity and dose limits, biomarkers, covered diagnoses, site of care). Files that only describe Medicare or
 * Medicaid are searched but not listed here: this section is about commercial plans. No file → said so.
 */
import { inForce, RuleBook } from '../rules/evaluate.ts';
import type { DrugRule, PayerRules, Policy } from '../rules/model.ts';
import { fact, listWords, unknown, type GuideContext } from './context.ts';
import { SECTION_TITLES } from './definition.ts';
import type { CommercialSection, Fact, FactSource, PayerRequirement, PayerRequirementKind } from './model.ts';

export interface CodeRule {
  rules: PayerRules;
  policy: Policy;
  rule: DrugRule;
}

/** Drug rules that name the code, from the rule-set versions and policies in force on the date. */
export function payerRulesForCode(ctx: Pick<GuideContext, 'code' | 'date' | 'inputs'>): CodeRule[] {
  const files = ctx.inputs.payerRules;
  if (!files) return [];
  const out: CodeRule[] = [];
  for (const rules of new RuleBook(files).versionsOn(ctx.date)) {
    for (const policy of rules.policies) {
      if (!inForce(policy, ctx.date)) continue;
      for (const rule of policy.drugs) if (rule.codes.includes(ctx.code)) out.push({ rules, policy, rule });
    }
  }
  return out;
}

/** The policy of a payer rules file a rule comes from, as the source of a fact. */
export function ruleSource({ rules, policy }: Pick<CodeRule, 'rules' | 'policy'>): FactSource {
  return {
    kind: 'payer-rules',
    payer: rules.name,
    file: rules.file,
    policyId: `${policy.id} v${policy.version}`,
    effectiveFrom: policy.effectiveFrom,
  };
}

/**
 * A rules file that shows how payer rules are written, not a real payer's policy: its name or source says so
 * ("Example Health Plan (fictional commercial payer)"; rules/payers/example-health-plan.yaml opens with "AN EXAMPLE,
 * NOT A REAL PAYER"). A guide never states such a file's rules as requirements: it marks them as an example.
 */
export function isExamplePayer(r: PayerRules): boolean {
  return (
    /\bfictional\b|\bnot a real payer\b/i.test(`${r.name} ${r.source}`) ||
    /(?:^|[\\/])example[-_.][^\\/]*$/i.test(r.file)
  );
}

/** Marks a requirement taken from an example rules file, in every sentence that states it. */
export const EXAMPLE_NOTE = 'an example rules file, not a real payer';

/**
 * The payers behind some rules, in words ("Plan A and Plan B"), each named once; an example file's payer with
 * EXAMPLE_NOTE.
 */
export function payerNames(rules: readonly CodeRule[]): string {
  const names = new Map<string, boolean>();
  for (const x of rules) names.set(x.rules.name, isExamplePayer(x.rules));
  return listWords([...names].map(([name, example]) => (example ? `${name} (${EXAMPLE_NOTE})` : name)));
}

const isGovernmentOnly = (r: PayerRules): boolean =>
  r.appliesTo.payerKinds !== undefined &&
  r.appliesTo.payerKinds.length > 0 &&
  r.appliesTo.payerKinds.every((k) => k === 'medicare' || k === 'medicaid') &&
  (r.appliesTo.payerIds ?? []).length === 0 &&
  (r.appliesTo.payerNames ?? []).length === 0;

function requirements(rule: DrugRule): { kind: PayerRequirementKind; text: string }[] {
  const out: { kind: PayerRequirementKind; text: string }[] = [];
  if (rule.priorAuth?.required) {
    out.push({
      kind: 'prior-auth',
      text: `Prior authorization required${rule.priorAuth.validDays !== undefined ? `, valid ${rule.priorAuth.validDays} days` : ''}.`,
    });
  }
  if (rule.stepTherapy) {
    out.push({
      kind: 'step-therapy',
      text: `Step therapy: ${listWords([...rule.stepTherapy.preferredCodes])} first${rule.stepTherapy.priorAuthSatisfies ? ' (an approved prior authorization counts as the exception)' : ''}.`,
    });
  }
  if (rule.quantityLimit) {
    const q = rule.quantityLimit;
    const per =
      q.per === 'days' ? `${q.days ?? '?'} days` : q.per === 'service-day' ? 'date of service' : 'line';
    const max = q.maxAmount ? `${q.maxAmount.amount} ${q.maxAmount.unit}` : `${q.maxUnits ?? '?'} units`;
    out.push({ kind: 'quantity-limit', text: `Quantity limit: ${max} per ${per}.` });
  }
  if (rule.dose) {
    const parts: string[] = [];
    if (rule.dose.maxPerKg) parts.push(`at most ${rule.dose.maxPerKg.amount} ${rule.dose.maxPerKg.unit}/kg`);
    if (rule.dose.minIntervalDays !== undefined)
      parts.push(
        `at least ${rule.dose.minIntervalDays} days between doses${rule.dose.intervalToleranceDays ? ` (${rule.dose.intervalToleranceDays} days' tolerance)` : ''}`,
      );
    if (rule.dose.maxCycles !== undefined) parts.push(`at most ${rule.dose.maxCycles} cycles`);
    if (parts.length > 0) out.push({ kind: 'dose-limit', text: `Dose limits: ${parts.join('; ')}.` });
  }
  if (rule.durationCap)
    out.push({
      kind: 'dose-limit',
      text: `Treatment limited to ${rule.durationCap.months} months from the first dose.`,
    });
  if (rule.biomarker) {
    out.push({
      kind: 'biomarker',
      text: `Biomarker documentation: ${rule.biomarker.name} result on file (evidence words: ${rule.biomarker.evidence.join(', ')}).`,
    });
  }
  if (rule.diagnoses)
    out.push({
      kind: 'diagnosis',
      text: `Covered diagnoses (ICD-10-CM): ${rule.diagnoses.covered.join(', ')}.`,
    });
  if (rule.ndcRequired) out.push({ kind: 'ndc-required', text: 'NDC required on the drug line.' });
  if (rule.placeOfService) {
    const p = rule.placeOfService;
    const parts: string[] = [];
    if (p.allowed && p.allowed.length > 0) parts.push(`covered at place of service ${p.allowed.join(', ')}`);
    if (p.denied && p.denied.length > 0) parts.push(`not covered at place of service ${p.denied.join(', ')}`);
    if (parts.length > 0) out.push({ kind: 'setting', text: `Site of care: ${parts.join('; ')}.` });
  }
  if (rule.notes) out.push({ kind: 'other', text: rule.notes });
  return out;
}

export function buildCommercial(ctx: GuideContext): CommercialSection {
  const files = ctx.inputs.payerRules;
  if (files === undefined) {
    return {
      id: 'commercial',
      title: SECTION_TITLES.commercial,
      filesSearched: 0,
      requirements: [],
      none: unknown(
        'No payer rules files were given to drugclaim, so no commercial payer requirement can be shown.',
        [{ kind: 'payer-rules', payer: 'none loaded', file: ctx.inputs.payerRulesLocation }],
      ),
    };
  }
  const reqs: Fact<PayerRequirement>[] = [];
  for (const { rules, policy, rule } of payerRulesForCode(ctx)) {
    if (isGovernmentOnly(rules)) continue;
    const source: FactSource = {
      ...ruleSource({ rules, policy }),
      ...(policy.effectiveTo !== null ? { effectiveTo: policy.effectiveTo } : {}),
    };
    const example = isExamplePayer(rules);
    for (const r of requirements(rule)) {
      reqs.push(
        fact(
          {
            payer: example ? `${rules.name} (${EXAMPLE_NOTE})` : rules.name,
            policyName: policy.title,
            kind: r.kind,
            text: example ? `Example only, not a requirement of any real payer: ${r.text}` : r.text,
          },
          [source],
          policy.source,
        ),
      );
    }
  }
  const searched = new RuleBook(files).versionsOn(ctx.date).length;
  return {
    id: 'commercial',
    title: SECTION_TITLES.commercial,
    filesSearched: searched,
    requirements: reqs,
    none:
      reqs.length === 0
        ? unknown(
            `None of the ${searched} payer rules file${searched === 1 ? '' : 's'} in force on ${ctx.date} (${ctx.inputs.payerRulesLocation}) has a commercial drug policy that mentions ${ctx.code}.`,
            [{ kind: 'payer-rules', payer: 'all files searched', file: ctx.inputs.payerRulesLocation }],
          )
        : null,
  };
}
