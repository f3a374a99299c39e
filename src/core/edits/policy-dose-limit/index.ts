/**
 * Payer dose limit per kg of body weight (e.g. polatuzumab ≤ 1.8 mg/kg): the administered units of the code on
 * the date (JW lines excluded) must not exceed the limit × weight, rounded up to whole billing units. Without a
 * weight on the claim the limit cannot be checked, and the finding says so.
 */
import { DENIALS } from '../support.ts';
import type { ClaimEdit } from '../types.ts';

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001, ng: 0.000001 };

export const policyDoseLimit: ClaimEdit = {
  id: 'policy-dose-limit',
  title: 'Dose above the payer limit per kg',
  severity: 'error',
  scope: 'claim',
  needs: ['rules', 'reference'],
  source: 'payer rules file: policy dose.maxPerKg',
  denials: [DENIALS.mue],
  fixes: [],
  check({ claim, report }) {
    let done: Set<string> | undefined;
    for (const line of claim.lines) {
      if (line.policies.length === 0 || line.dos === null || line.jw) continue;
      if (!line.policies.some((p) => p.rule.dose?.maxPerKg !== undefined)) continue;
      const key = `${line.code}|${line.dos}`;
      done ??= new Set();
      if (done.has(key)) continue;
      done.add(key);
      for (const applied of line.policies) {
        const max = applied.rule.dose?.maxPerKg;
        if (!max) continue;
        const weight = claim.claim.patient.weightKg;
        if (weight === undefined) {
          report({
            line,
            severity: 'warning',
            denial: null,
            field: 'patient weight',
            message: `The payer limits ${line.code} to ${max.amount} ${max.unit}/kg, and the claim carries no patient weight, so the dose on line ${line.line.sequence} cannot be checked.`,
            why: `${applied.policy.title}: dose limit ${max.amount} ${max.unit}/kg. Report the weight (837P PAT08, or CR1) or keep the dosing record ready.`,
            source: applied.source,
          });
          continue;
        }
        const descriptor = line.facts?.descriptor;
        if (!descriptor || descriptor.value.kind !== 'parsed') continue;
        const bu = descriptor.value.billingUnit;
        const buFactor = MG_PER[bu.unit];
        const limitFactor = MG_PER[max.unit];
        if (buFactor === undefined || limitFactor === undefined) continue;
        const maxAmount = (max.amount * weight * limitFactor) / buFactor;
        const maxUnits = Math.ceil(maxAmount / bu.amount - 1e-9);
        let units = 0;
        for (const l of claim.lines)
          if (l.code === line.code && l.dos === line.dos && !l.modifiers.includes('JW'))
            units += l.line.units;
        if (units <= maxUnits) continue;
        report({
          line,
          field: 'units',
          message: `${units} administered units of ${line.code} (${bu.text} each) on ${line.dos} exceed ${max.amount} ${max.unit}/kg × ${weight} kg = ${Math.round(maxAmount * 1000) / 1000} ${bu.unit}, i.e. ${maxUnits} units.`,
          why: `${applied.policy.title}: at most ${max.amount} ${max.unit}/kg per administration (administered units round up to whole units).`,
          source: applied.source,
          denial: applied.rule.dose?.denial ?? DENIALS.mue,
          data: { code: line.code, units, maxUnits, weightKg: weight, policy: applied.policy.id },
        });
      }
    }
  },
};
