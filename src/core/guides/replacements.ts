/**
 * The active codes of a terminated (or not yet valid) code's product on a date: same ingredient, same formulation
 * variant and hyaluronidase (J2505 pegfilgrastim → J2506 and its biosimilars; J9098 cytarabine liposome → none: J9100
 * is conventional cytarabine). Read from the HCPCS release through the catalogue; used by the guide's warning and by
 * the units calculator's "not valid on the date" problem.
 */
import { codeForm } from '../factcheck/formulation.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { catalogue, type CatalogueEntry } from './catalogue.ts';

export interface Replacements {
  /** The product as its descriptor names it ("pegfilgrastim", "cytarabine liposome"); null for a code with no drug name. */
  product: string | null;
  /** Active codes of that product on the date, J-codes first. */
  codes: CatalogueEntry[];
}

export function activeCodesOfProduct(ref: ReferenceData, code: string, date: IsoDate): Replacements {
  const cat = catalogue(ref, date);
  const entry = cat.byCode.get(code);
  const key = entry?.parts.key ?? null;
  if (!entry || key === null) return { product: null, codes: [] };
  const form = codeForm(entry);
  const codes = (cat.byKey.get(key) ?? []).filter((e) => {
    if (e.status !== 'active' || e.code === code) return false;
    const f = codeForm(e);
    return f.variant === form.variant && f.hyaluronidase === form.hyaluronidase;
  });
  const rank = (c: string): number => (c.startsWith('J') ? 0 : 1);
  codes.sort((a, b) => rank(a.code) - rank(b.code) || (a.code < b.code ? -1 : 1));
  return { product: form.name, codes };
}
