/**
 * "Top avoidable waste" for the dashboard: for every submitted drug line billed with JW (discarded drug), the
 * discarded units beyond what the least-waste combination of the code's NDC packages on that date would have
 * discarded for the same administered dose, priced at the ASP payment limit of the date of service.
 *
 * The dosing engine does the package search (src/core/dosing, `planUnits`); this module only groups claim lines
 * and sums. Results are cached until the number of stored claims changes.
 */
import { z } from 'zod';
import type { Claim } from '../../../core/claim/model.ts';
import { planUnits } from '../../../core/dosing/index.ts';
import { millsTimesToCents } from '../../../core/money.ts';
import type { ReferenceData } from '../../../core/reference/port.ts';
import type { RecoveryStore } from '../../store/recovery/store.ts';

export const WasteRowBody = z.object({
  code: z.string(),
  description: z.string(),
  lines: z.number().int().describe('JW lines of this code'),
  discardedUnits: z.number().int(),
  avoidableUnits: z.number().int(),
  avoidableCents: z.number().int(),
  wasteCents: z.number().int().describe('all discarded units at the ASP limit'),
});
export type WasteRow = z.infer<typeof WasteRowBody>;

/** Most claims scanned per computation (the dashboard stays fast on big stores; the figure says "of the newest"). */
const MAX_CLAIMS = 20_000;

const cache = new WeakMap<RecoveryStore, { claims: number; reference: ReferenceData; rows: WasteRow[] }>();

interface Group {
  code: string;
  date: string;
  administered: number;
  discarded: number;
}

function jwGroups(claim: Claim): Group[] {
  const groups = new Map<string, Group>();
  for (const line of claim.lines) {
    const date = line.serviceDate ?? claim.statementFrom;
    const code = line.procedure.code.trim().toUpperCase();
    if (!date || !/^[A-Z]\d{4}$/.test(code)) continue;
    const key = `${code}|${date}`;
    const g = groups.get(key) ?? { code, date, administered: 0, discarded: 0 };
    const mods = line.procedure.modifiers.map((m) => m.trim().toUpperCase());
    if (mods.includes('JW')) g.discarded += line.units;
    else g.administered += line.units;
    groups.set(key, g);
  }
  return [...groups.values()].filter(
    (g) => g.discarded > 0 && g.administered > 0 && Number.isInteger(g.administered),
  );
}

export function avoidableWaste(store: RecoveryStore, reference: ReferenceData, top = 8): WasteRow[] {
  const claims = store.counts().claims;
  const hit = cache.get(store);
  if (hit && hit.claims === claims && hit.reference === reference) return hit.rows;

  const byCode = new Map<string, WasteRow>();
  for (const claim of store.newestClaims(MAX_CLAIMS)) {
    for (const g of jwGroups(claim)) {
      const d = reference.descriptor(g.code, g.date)?.value;
      if (d?.kind !== 'parsed') continue;
      const limit = reference.aspLimit(g.code, g.date)?.value.paymentLimitMills ?? null;
      const plan = planUnits(reference, {
        code: g.code,
        date: g.date,
        dose: `${g.administered * d.billingUnit.amount} ${d.billingUnit.unit}`,
        checkLabel: false,
      });
      if (!plan.ok) continue;
      const optimal = plan.value.alternatives.find((a) => a.optimal);
      if (!optimal) continue;
      const avoidable = Math.max(0, g.discarded - optimal.wasteUnits);
      const row = byCode.get(g.code) ?? {
        code: g.code,
        description: reference.hcpcs(g.code, g.date)?.value.shortDescription ?? d.drugName,
        lines: 0,
        discardedUnits: 0,
        avoidableUnits: 0,
        avoidableCents: 0,
        wasteCents: 0,
      };
      row.lines++;
      row.discardedUnits += g.discarded;
      row.avoidableUnits += avoidable;
      if (limit !== null) {
        row.avoidableCents += millsTimesToCents(limit, avoidable);
        row.wasteCents += millsTimesToCents(limit, g.discarded);
      }
      byCode.set(g.code, row);
    }
  }
  const rows = [...byCode.values()]
    .filter((r) => r.avoidableUnits > 0)
    .sort((a, b) => b.avoidableCents - a.avoidableCents || b.avoidableUnits - a.avoidableUnits)
    .slice(0, top);
  cache.set(store, { claims, reference, rows });
  return rows;
}
