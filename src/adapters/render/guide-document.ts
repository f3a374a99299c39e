/**
 * Lays a Guide out as a small document (headings, key/value tables, tables, lists) whose cells carry numbered
 * source references, so the Markdown and HTML renderers share one layout and differ only in syntax. Every
 * statement shown is a fact of the guide; the sentences here are labels, not facts.
 */
import { formatDollars } from '../../core/money.ts';
import {
  guideSections,
  isUnknown,
  type Fact,
  type FactSource,
  type Guide,
  type Known,
  type ModifierApplicability,
  type SimilarityKind,
} from '../../core/guides/model.ts';

export interface Cell {
  text: string;
  /** Source numbers (1-based, into the document's source list). */
  refs: number[];
  /** "unknown": the data does not have it (rendered in italics with "Not in the data"). */
  style?: 'unknown' | 'code' | 'strong';
  /** Extra explanation shown smaller after the text (the fact's basis). */
  note?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'para'; cells: Cell[] }
  | { kind: 'kv'; rows: [string, Cell][] }
  | { kind: 'table'; head: string[]; rows: Cell[][] }
  | { kind: 'list'; items: Cell[][]; checklist?: boolean }
  | { kind: 'notes'; items: { severity: 'warning' | 'info'; text: string }[] };

export interface SourceItem {
  n: number;
  text: string;
  url?: string;
}

export interface GuideDocument {
  title: string;
  subtitle: string;
  blocks: Block[];
  sources: SourceItem[];
}

export function sourceText(s: FactSource): { text: string; url?: string } {
  switch (s.kind) {
    case 'release': {
      const r = s.release;
      const period = r.effectiveTo
        ? `in force ${r.effectiveFrom} to ${r.effectiveTo}`
        : `in force from ${r.effectiveFrom} until superseded`;
      const text = `${r.label} — file "${r.fileName}"${r.releaseDate ? `, dated ${r.releaseDate}` : ''}, ${period}${s.inForce ? '' : ` (not in force on the guide's date: ${s.note ?? 'nearest release used'})`}`;
      return { text };
    }
    case 'publication':
      return {
        text: `${s.publisher}, ${s.title}${s.section ? `, ${s.section}` : ''}`,
        ...(s.url !== undefined ? { url: s.url } : {}),
      };
    case 'label':
      return {
        text: `${s.title}${s.section ? `, ${s.section}` : ''}${s.revised ? ` (${s.revised})` : ''}`,
        ...(s.url !== undefined ? { url: s.url } : {}),
      };
    case 'payer-rules': {
      const period = s.effectiveFrom
        ? `, in force from ${s.effectiveFrom}${s.effectiveTo ? ` to ${s.effectiveTo}` : ''}`
        : '';
      return {
        text: `Payer rules: ${s.payer} — ${s.file}${s.policyId ? `, policy ${s.policyId}` : ''}${period}`,
      };
    }
    case 'curated':
      return { text: `drugclaim table: ${s.table} (${s.entry}); facts cite ${s.cites}` };
    case 'store':
      return { text: `drugclaim reference store: ${s.note}` };
  }
}

class Sources {
  readonly items: SourceItem[] = [];
  private readonly byKey = new Map<string, number>();
  refs(sources: readonly FactSource[]): number[] {
    const out: number[] = [];
    for (const s of sources) {
      const key = JSON.stringify(s);
      let n = this.byKey.get(key);
      if (n === undefined) {
        n = this.items.length + 1;
        this.byKey.set(key, n);
        this.items.push({ n, ...sourceText(s) });
      }
      if (!out.includes(n)) out.push(n);
    }
    return out;
  }
}

export function formatMills(mills: number): string {
  const whole = Math.trunc(mills / 1000);
  const frac = String(Math.abs(mills % 1000)).padStart(3, '0');
  return `$${whole.toLocaleString('en-US')}.${frac}`;
}

/** The first sentence of an X12 code description (the "Usage:" notes are long). */
export function shortDescription(text: string): string {
  const cut = text.split(/\s+Usage:/)[0] ?? text;
  return cut.trim();
}

const APPLICABILITY: Readonly<Record<ModifierApplicability, string>> = {
  applies: 'Use',
  conditional: 'When it applies',
  'does-not-apply': 'Does not apply',
  'not-on-drug-line': 'Never on the drug line',
  unknown: 'Unknown (data missing)',
};

const RELATION: Readonly<Record<SimilarityKind, string>> = {
  'same-ingredient': 'Same ingredient',
  biosimilar: 'Biosimilar',
  'reference-product': 'Reference product',
  'same-class': 'Same class',
  'similar-name': 'Look-alike name',
  'adjacent-number': 'Adjacent number',
  'similar-descriptor': 'Look-alike descriptor',
};

const SETTING: Readonly<Record<string, string>> = {
  practitioner: 'practitioner',
  'outpatient-hospital': 'outpatient hospital',
  dme: 'DME supplier',
};

export function buildGuideDocument(guide: Guide): GuideDocument {
  const src = new Sources();
  const cell = <T>(f: Fact<T>, text: string, style?: Cell['style']): Cell => ({
    text,
    refs: src.refs(f.sources),
    ...(style !== undefined ? { style } : {}),
    ...(f.basis !== undefined ? { note: f.basis } : {}),
  });
  const known = <T>(f: Known<T>, show: (v: T) => string): Cell =>
    isUnknown(f)
      ? { text: f.value.reason, refs: src.refs(f.sources), style: 'unknown' }
      : cell(f as Fact<T>, show(f.value as T));

  const blocks: Block[] = [];
  const d = guide.definition;
  const c = guide.clinical;
  const m = guide.modifiers;
  const sections = guideSections(guide);
  const heading = (i: number): Block => ({
    kind: 'heading',
    level: 2,
    text: `${i + 1}. ${sections[i]?.title ?? ''}`,
    id: sections[i]?.id ?? `section-${i + 1}`,
  });

  if (guide.notes.length > 0)
    blocks.push({
      kind: 'notes',
      items: guide.notes.map((n) => ({ severity: n.severity, text: n.message })),
    });

  // 1. Definition
  blocks.push(heading(0));
  const st = d.status.value;
  const drug = d.drug.value;
  const kv: [string, Cell][] = [
    ['Code', cell(d.code, d.code.value, 'code')],
    ['Long descriptor', cell(d.longDescription, d.longDescription.value)],
    ['Short descriptor', cell(d.shortDescription, d.shortDescription.value)],
    ['Billing unit', known(d.billingUnit, (u) => `${u.text} = 1 unit`)],
    ['HCPCS Level II section', known(d.category, (k) => `${k.from}–${k.to}: ${k.title}`)],
    [
      `Status on ${guide.date}`,
      cell(
        d.status,
        `${st.status.replaceAll('-', ' ')}${st.addedDate ? `; added ${st.addedDate}` : ''}${st.terminationDate ? `; terminated ${st.terminationDate}` : ''}; action code ${st.actionCode} (${st.actionMeaning})`,
      ),
    ],
    [
      'Drug and brands',
      cell(
        d.drug,
        `${drug.drugName ?? 'not named'}${drug.brands.length > 0 ? ` — ${drug.brands.join(', ')}` : drug.productsKnown ? ' — no product in the crosswalk' : ' — products not known'}${drug.labelers.length > 0 ? ` (${drug.labelers.join('; ')})` : ''}`,
      ),
    ],
    ['Coverage code', known(d.coverage, (v) => `${v.code} — ${v.meaning}`)],
    [
      'Pricing indicator',
      cell(
        d.pricingIndicators,
        d.pricingIndicators.value.map((p) => `${p.code} — ${p.meaning}`).join('; ') || 'none',
      ),
    ],
    [
      'OPPS status indicator',
      known(
        d.opps,
        (o) =>
          `${o.statusIndicator} — ${o.meaning}${o.apc ? `; APC ${o.apc}` : ''}${o.paymentRateMills !== null ? `; payment rate ${formatMills(o.paymentRateMills)}` : o.paymentRateCents !== null ? `; payment rate ${formatDollars(o.paymentRateCents)}` : ''}`,
      ),
    ],
    [
      'ASP payment limit',
      known(d.aspLimit, (a) =>
        a.paymentLimitMills === null
          ? `listed without a payment limit (${a.notes || 'N/A'})`
          : `${formatMills(a.paymentLimitMills)} per ${a.dosage || 'billing unit'}${a.coinsurancePercent !== null ? `; coinsurance ${a.coinsurancePercent}%` : ''}${a.notes ? `; ${a.notes}` : ''}`,
      ),
    ],
  ];
  for (const mue of d.mue) {
    const label = isUnknown(mue) ? 'MUE' : `MUE (${SETTING[mue.value.setting] ?? mue.value.setting})`;
    kv.push([label, known(mue, (v) => `${v.value} units; MAI ${v.maiText}; rationale: ${v.rationale}`)]);
  }
  blocks.push({ kind: 'kv', rows: kv });
  if (isUnknown(d.ndcPackages)) {
    blocks.push({
      kind: 'para',
      cells: [{ text: 'NDC packages: ', refs: [] }, known(d.ndcPackages, () => '')],
    });
  } else {
    blocks.push({ kind: 'heading', level: 3, text: 'NDC packages (ASP NDC-HCPCS crosswalk)' });
    const refs = src.refs(d.ndcPackages.sources);
    blocks.push({
      kind: 'table',
      head: ['NDC (5-4-2)', 'Product', 'Labeler', 'Billing units per package'],
      rows: d.ndcPackages.value.map((p) => [
        { text: p.ndc, refs, style: 'code' },
        { text: p.drugName, refs: [] },
        { text: p.labelerName, refs: [] },
        { text: p.billingUnitsPerPackage === null ? '—' : String(p.billingUnitsPerPackage), refs: [] },
      ]),
    });
  }

  // 2. Clinical context
  blocks.push(heading(1));
  blocks.push({ kind: 'kv', rows: [['Route', known(c.routes, (r) => r.join(', '))]] });
  if (c.administrationCodes.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Drug administration codes' });
    const basis = c.administrationCodes[0]?.basis;
    if (basis !== undefined)
      blocks.push({ kind: 'para', cells: [{ text: `Why these codes: ${basis}.`, refs: [] }] });
    blocks.push({
      kind: 'table',
      head: ['Code', 'For', 'OPPS short descriptor', 'Add-on to'],
      rows: c.administrationCodes.map((a) => [
        { text: a.value.code, refs: src.refs(a.sources), style: 'code' },
        { text: `${a.value.ifRoute ? `If ${a.value.ifRoute.join(' or ')}: ` : ''}${a.value.when}`, refs: [] },
        // Not known (dataset not loaded for the date) is said, never "—", which reads as none; why is said once below.
        { text: a.value.shortDescriptorKnown ? (a.value.shortDescriptor ?? '—') : 'not known', refs: [] },
        { text: a.value.addOnKnown ? a.value.addOnTo.join(', ') || '—' : 'not known', refs: [] },
      ]),
    });
    if (c.administrationNotKnown !== undefined)
      blocks.push({ kind: 'para', cells: [known(c.administrationNotKnown, () => '')] });
  }
  if (c.settingNotes.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Setting' });
    blocks.push({ kind: 'list', items: c.settingNotes.map((n) => [cell(n, n.value)]) });
  }
  blocks.push({ kind: 'heading', level: 3, text: 'Label indications' });
  if (isUnknown(c.indications)) blocks.push({ kind: 'para', cells: [known(c.indications, () => '')] });
  else {
    const refs = src.refs(c.indications.sources);
    blocks.push({
      kind: 'list',
      items: c.indications.value.map((i, k) => [
        { text: `${i.indication}${i.regimen ? ` — ${i.regimen}` : ''}`, refs: k === 0 ? refs : [] },
      ]),
    });
  }
  blocks.push({ kind: 'heading', level: 3, text: 'Label dosing' });
  if (isUnknown(c.labelDosing)) blocks.push({ kind: 'para', cells: [known(c.labelDosing, () => '')] });
  else {
    const refs = src.refs(c.labelDosing.sources);
    blocks.push({
      kind: 'list',
      items: c.labelDosing.value.map((f, k) => [
        {
          text: `${f.unit}: ${f.schedule}${f.population ? ` (${f.population})` : ''}`,
          refs: k === 0 ? refs : [],
        },
      ]),
    });
  }

  // 3. Modifiers
  blocks.push(heading(2));
  blocks.push({
    kind: 'kv',
    rows: [
      [
        'Container type',
        known(
          m.container,
          (ci) =>
            `${ci.kind}: ${ci.products.map((p) => `${p.name}${p.ndc11 ? ` (${p.ndc11})` : ''} ${p.kind}`).join('; ')}` +
            (ci.unlisted.ndcs > 0
              ? `. Not known for the ${ci.unlisted.ndcs} other crosswalk NDC${ci.unlisted.ndcs === 1 ? '' : 's'} of this code (${ci.unlisted.labelers}): drugclaim has no label fact for them`
              : ''),
        ),
      ],
    ],
  });
  blocks.push({
    kind: 'table',
    head: ['Modifier', 'Use on this drug line', 'HCPCS descriptor', 'Why'],
    rows: m.advice.map((a) => [
      cell(a, a.value.modifier, 'code'),
      { text: APPLICABILITY[a.value.applicability], refs: [], style: 'strong' },
      {
        text:
          a.value.descriptor === null
            ? 'not a HCPCS Level II modifier (CPT)'
            : `${a.value.descriptor}${a.value.modifierStatus !== 'active' ? ` (${a.value.modifierStatus}${a.value.terminationDate ? ` ${a.value.terminationDate}` : ''})` : ''}`,
        refs: [],
      },
      { text: a.value.why, refs: [] },
    ]),
  });

  // 4. Documentation
  blocks.push(heading(3));
  blocks.push({
    kind: 'list',
    checklist: true,
    items: guide.documentation.items.map((i) => [
      cell(i, i.value.item, 'strong'),
      {
        text: ` (${i.value.need === 'required' ? 'required' : 'when applicable'}) — ${i.value.why}`,
        refs: [],
      },
    ]),
  });

  // 5. Denials
  blocks.push(heading(4));
  const codeList = (list: readonly { code: string; description: string; status: string }[]): string =>
    list.length === 0
      ? '—'
      : list
          .map(
            (x) =>
              `${x.code}${x.status === 'deactivated' ? ' (deactivated)' : x.status === 'not-in-store' ? ' (not in the store)' : ''}${x.description ? `: ${shortDescription(x.description)}` : ''}`,
          )
          .join(' / ');
  blocks.push({
    kind: 'table',
    head: ['Reason', 'CARC', 'RARC', 'Caught before submission by', 'Here'],
    rows: guide.denials.reasons.map((r) => [
      cell(r, r.value.reason),
      { text: codeList(r.value.carc), refs: [] },
      { text: codeList(r.value.rarc), refs: [] },
      r.value.edits.length > 0
        ? { text: r.value.edits.map((e) => e.id).join(', '), refs: [], style: 'code' }
        : { text: 'no drugclaim edit', refs: [] },
      { text: r.value.relevance, refs: [] },
    ]),
  });

  // 6. Commercial
  blocks.push(heading(5));
  const cm = guide.commercial;
  if (cm.none) blocks.push({ kind: 'para', cells: [known(cm.none, () => '')] });
  // One heading per payer policy, its requirements as a list.
  const groups = new Map<string, typeof cm.requirements>();
  for (const r of cm.requirements) {
    const key = `${r.value.payer}\u0000${r.value.policyName}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const list of groups.values()) {
    const first = list[0];
    if (!first) continue;
    blocks.push({ kind: 'heading', level: 3, text: `${first.value.payer}: ${first.value.policyName}` });
    blocks.push({
      kind: 'para',
      cells: [
        {
          text: `Policy document: ${first.basis ?? 'not named in the rules file'}`,
          refs: src.refs(first.sources),
        },
      ],
    });
    blocks.push({ kind: 'list', items: list.map((r) => [{ text: r.value.text, refs: [] }]) });
  }

  // 7. Similar
  blocks.push(heading(6));
  const sm = guide.similar;
  blocks.push({ kind: 'kv', rows: [['Drug class', known(sm.drugClass, (v) => v)]] });
  if (sm.codes.length === 0)
    blocks.push({ kind: 'para', cells: [{ text: 'No similar active code found.', refs: [] }] });
  else {
    blocks.push({
      kind: 'table',
      head: ['Code', 'Relation', 'Descriptor', 'Billing unit', 'What tells them apart'],
      rows: sm.codes.map((s) => [
        cell(s, s.value.code, 'code'),
        { text: RELATION[s.value.kind], refs: [] },
        { text: s.value.longDescription, refs: [] },
        { text: s.value.billingUnit?.text ?? '—', refs: [] },
        { text: s.value.differences.join('; '), refs: [] },
      ]),
    });
  }

  return {
    title: guide.title,
    subtitle: `Billing guide as of ${guide.date}, generated by drugclaim from the reference data; each statement names its source.`,
    blocks,
    sources: src.items,
  };
}
