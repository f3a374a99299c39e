/**
 * Section 2: route, administration codes, setting notes and label indications. Only what the data says: a
 * route comes from the descriptor's words or a label title ("for intravenous use"); indications come from the
 * label dosing table; otherwise the guide says the data does not have them.
 */
import type { ContainerEntry } from '../reference/container-types.ts';
import type { LabelDrug } from '../dosing/label-dosing.ts';
import {
  fact,
  inForceName,
  labelSource,
  listWords,
  searchedSource,
  unknown,
  type GuideContext,
} from './context.ts';
import {
  datasetInForce,
  notLoadedReason,
  notLoadedReasons,
  type NotLoadedFact,
} from '../reference/not-loaded.ts';
import { SECTION_TITLES } from './definition.ts';
import { drugClassOf } from './drug-classes.ts';
import { LABEL_ROUTES } from './label-routes.ts';
import {
  isUnknown,
  type AdministrationCode,
  type ClinicalSection,
  type Fact,
  type FactSource,
  type Known,
  type LabelDoseSummary,
  type LabelIndication,
  type Route,
  type Unknown,
} from './model.ts';
import { OPPS_STATUS_INDICATORS, PUB, releaseSource } from './sources.ts';

const ROUTE_WORDS: readonly [Route, RegExp][] = [
  // A descriptor that opens with "Infusion," (J7050 "Infusion, normal saline solution, 250 cc") names an IV infusion.
  ['intravenous', /\bintravenous(?:ly)?\b|\biv\b|^infusion\b/],
  ['subcutaneous', /\bsubcutaneous(?:ly)?\b|\bsubq\b|\bsc\b/],
  ['intramuscular', /\bintramuscular(?:ly)?\b|\bim\b/],
  ['intrathecal', /\bintrathecal\b/],
  ['intravesical', /\bintravesical\b/],
  ['intravitreal', /\bintravitreal\b/],
  ['intra-articular', /\bintra-?articular\b/],
  ['intradermal', /\bintradermal\b/],
  ['intralesional', /\bintralesional\b/],
  ['intraocular', /\bintraocular\b|\bintracameral\b/],
  ['intraperitoneal', /\bintraperitoneal\b/],
  ['intrapleural', /\bintrapleural\b/],
  ['inhalation', /\binhalation\b|\binhaler\b|\bnebulizer\b|\binhaled\b/],
  ['oral', /\boral(?:ly)?\b/],
  ['implant', /\bimplant\b/],
  ['topical', /\btopical\b/],
  [
    'other',
    /\bophthalmic\b|\botic\b|\burethral\b|\bvaginal\b|\brectal\b|\bnasal\b|\bintranasal\b|\bintrauterine\b|\benteral\b|\bdialysate\b|\bperineural\b|\bepidural\b|\bpyelocalyceal\b|\bintracavernosal\b/,
  ],
];

/** Routes the descriptor's own words name, with the words that named them. */
export function routesFromText(text: string): { routes: Route[]; words: string[] } {
  const lower = text.toLowerCase();
  const routes: Route[] = [];
  const words: string[] = [];
  for (const [route, re] of ROUTE_WORDS) {
    const m = re.exec(lower);
    if (m) {
      routes.push(route);
      words.push(m[0]);
    }
  }
  return { routes, words };
}

/** Routes a label title states ("… injection, for intravenous use", "… for subcutaneous or intravenous use"). */
function routesFromLabelTitle(title: string): Route[] {
  const m =
    /for ((?:intravenous|subcutaneous|intramuscular)(?:,? (?:or|and) (?:intravenous|subcutaneous|intramuscular))*) (?:use|infusion)|\b(intravenous) infusion\b/i.exec(
      title,
    );
  if (!m) return [];
  const words = (m[1] ?? m[2] ?? '').toLowerCase();
  return (['intravenous', 'subcutaneous', 'intramuscular'] as const).filter((r) => words.includes(r));
}

export function resolveRoutes(
  ctx: Pick<GuideContext, 'record' | 'hs' | 'containers' | 'label' | 'parts'>,
): Known<Route[]> {
  const fromText = routesFromText(ctx.record.value.longDescription);
  if (fromText.routes.length > 0) {
    return fact(
      fromText.routes,
      [ctx.hs],
      `the descriptor says ${listWords(fromText.words.map((w) => `"${w}"`))}`,
    );
  }
  const sources: FactSource[] = [];
  const routes = new Set<Route>();
  const titled: (ContainerEntry['source'] & { drug: string })[] = [
    ...ctx.containers.map((c) => ({ ...c.source, drug: c.product })),
  ];
  for (const s of titled) {
    const found = routesFromLabelTitle(s.label);
    if (found.length === 0) continue;
    for (const r of found) routes.add(r);
    if (!sources.some((x) => x.kind === 'label' && x.title === s.label)) sources.push(labelSource(s.drug, s));
  }
  if (routes.size > 0)
    return fact([...routes], sources, 'the product label title states the route ("for … use")');
  const titled2 = ctx.parts.key !== null ? LABEL_ROUTES[ctx.parts.key] : undefined;
  if (titled2)
    return fact(
      [titled2.route],
      [{ kind: 'label', drug: titled2.drug, title: titled2.title, section: 'title' }],
      `the product label title states the route ("for ${titled2.route} use")`,
    );
  return unknown(
    "The descriptor names no route and no label in drugclaim's tables states one for this code; the route is on the product label (DailyMed).",
    [ctx.hs],
  );
}

/**
 * Chemotherapy administration codes apply to anti-neoplastics and to monoclonal antibodies and other complex
 * biologics. `basis` says why, `scIm` what decides under the skin or into a muscle (said only when those codes are
 * listed).
 */
function chemoLike(ctx: GuideContext): {
  yes: boolean;
  basis: string;
  byIndication?: boolean;
  scIm?: string;
} {
  const code = ctx.code;
  if (code >= 'J9000' && code <= 'J9999')
    return { yes: true, basis: `${code} is in the J9000–J9999 chemotherapy drug range` };
  const mab = ctx.parts.tokens.find((t) => /mab$/.test(t));
  // A monoclonal antibody outside the chemotherapy range (denosumab J0897) given under the skin is an ordinary
  // therapeutic injection (96372) unless given as an anti-neoplastic: both are listed, the indication decides.
  if (mab)
    return {
      yes: true,
      byIndication: true,
      basis: `${mab} is a monoclonal antibody (USAN stem -mab), a complex biologic`,
      scIm: 'under the skin or into a muscle, 96372 unless it is given as an anti-neoplastic (96401)',
    };
  if (drugClassOf(ctx.parts.key)?.id === 'adc') return { yes: true, basis: 'an antibody-drug conjugate' };
  return { yes: false, basis: 'not an anti-neoplastic or monoclonal antibody code' };
}

type AdminRow = readonly [code: string, when: string];

/** @see PUB.drugAdministration (which families apply), the OPPS release (short descriptors). */
const ADMIN_FAMILIES: Readonly<Record<string, readonly AdminRow[]>> = {
  'chemo-iv': [
    ['96413', 'IV infusion of a chemotherapy or complex biologic drug, up to 1 hour'],
    ['96415', 'each additional hour of that infusion (add-on)'],
    ['96417', 'each additional sequential infusion of a different drug (add-on)'],
    ['96409', 'IV push of a chemotherapy or complex biologic drug, single or first drug'],
    ['96411', 'IV push, each additional drug (add-on)'],
  ],
  'chemo-sc-im': [
    ['96401', 'subcutaneous or intramuscular injection of a non-hormonal anti-neoplastic'],
    ['96402', 'subcutaneous or intramuscular injection of a hormonal anti-neoplastic'],
  ],
  'chemo-intrathecal': [
    ['96450', 'chemotherapy into the central nervous system, including the spinal puncture'],
  ],
  'chemo-intralesional': [
    ['96405', 'intralesional chemotherapy, up to 7 lesions'],
    ['96406', 'intralesional chemotherapy, more than 7 lesions'],
  ],
  'chemo-intraperitoneal': [
    ['96446', 'chemotherapy into the peritoneal cavity through an indwelling port or catheter'],
  ],
  'chemo-intrapleural': [['96440', 'chemotherapy into the pleural cavity, including thoracentesis']],
  intravesical: [['51720', 'bladder instillation of an anticarcinogenic agent']],
  iv: [
    ['96365', 'IV infusion for therapy, prophylaxis or diagnosis, up to 1 hour'],
    ['96366', 'each additional hour of that infusion (add-on)'],
    ['96367', 'additional sequential infusion of a new drug (add-on)'],
    ['96368', 'concurrent infusion (add-on)'],
    ['96374', 'IV push, single or first drug'],
    ['96375', 'IV push, each additional sequential new drug (add-on)'],
  ],
  'sc-im': [['96372', 'subcutaneous or intramuscular injection for therapy, prophylaxis or diagnosis']],
  'on-body-injector': [
    ['96377', 'application of an on-body injector (cannula insertion) for timed subcutaneous injection'],
  ],
  intravitreal: [['67028', 'intravitreal injection of a pharmacologic agent']],
  // An implant in the eye is placed by an eye procedure, not the skin implant code 11981.
  'intravitreal-implant': [
    ['67027', 'implantation of an intravitreal drug-delivery system (an implant placed surgically)'],
    ['67028', 'intravitreal injection (an implant injected through its applicator needle)'],
  ],
  'intra-articular': [
    ['20610', 'injection into a major joint or bursa, without ultrasound guidance'],
    ['20611', 'injection into a major joint or bursa, with ultrasound guidance'],
  ],
  inhalation: [['94640', 'inhalation treatment (nebulizer or pressurized)']],
  implant: [['11981', 'insertion of a drug-delivery implant']],
};

function familiesFor(routes: readonly Route[], chemo: boolean, byIndication = false): string[] {
  const out: string[] = [];
  const intravitrealImplant = routes.includes('intravitreal') && routes.includes('implant');
  if (intravitrealImplant) out.push('intravitreal-implant');
  for (const r of routes) {
    if (intravitrealImplant && (r === 'intravitreal' || r === 'implant')) continue;
    switch (r) {
      case 'intravenous':
        out.push(chemo ? 'chemo-iv' : 'iv');
        break;
      case 'subcutaneous':
      case 'intramuscular':
        if (chemo && byIndication) out.push('sc-im');
        out.push(chemo ? 'chemo-sc-im' : 'sc-im');
        break;
      case 'intrathecal':
        if (chemo) out.push('chemo-intrathecal');
        break;
      case 'intralesional':
        if (chemo) out.push('chemo-intralesional');
        break;
      case 'intraperitoneal':
        if (chemo) out.push('chemo-intraperitoneal');
        break;
      case 'intrapleural':
        if (chemo) out.push('chemo-intrapleural');
        break;
      case 'intravesical':
        out.push('intravesical');
        break;
      case 'intravitreal':
        out.push('intravitreal');
        break;
      case 'intra-articular':
        out.push('intra-articular');
        break;
      case 'inhalation':
        out.push('inhalation');
        break;
      case 'implant':
        out.push('implant');
        break;
      case 'intradermal':
      case 'intraocular':
      case 'oral':
      case 'topical':
      case 'other':
        break;
    }
  }
  return [...new Set(out)];
}

const FAMILY_ROUTE: Readonly<Record<string, Route[]>> = {
  'chemo-iv': ['intravenous'],
  iv: ['intravenous'],
  'chemo-sc-im': ['subcutaneous', 'intramuscular'],
  'sc-im': ['subcutaneous', 'intramuscular'],
};

/**
 * The administration codes of the drug's route, and, when OPPS Addendum B or the NCCI add-on code file does not
 * answer for some of them on the date, one fact saying which cells are not known and how to load the data.
 */
function administrationCodes(ctx: GuideContext): {
  codes: Fact<AdministrationCode>[];
  notKnown: Fact<Unknown> | undefined;
} {
  const chemo = chemoLike(ctx);
  // Route unknown: list the codes of the usual injection routes, each marked with the route it presumes.
  const routeKnown = !isUnknown(ctx.routes);
  const families = routeKnown
    ? [...new Set(familiesFor(ctx.routes.value as Route[], chemo.yes, chemo.byIndication))]
    : chemo.yes
      ? chemo.byIndication
        ? ['chemo-iv', 'sc-im', 'chemo-sc-im']
        : ['chemo-iv', 'chemo-sc-im']
      : ['iv', 'sc-im'];
  // A kit applied with an on-body injector (Neulasta Onpro) is billed with 96377 instead of an injection code.
  if (ctx.containers.some((e) => e.onBodyInjector === true)) families.push('on-body-injector');
  const basis = adminBasis(ctx, families, chemo, routeKnown);
  const out: Fact<AdministrationCode>[] = [];
  // A code missing from a release in force is a fact (no descriptor, not an add-on); with no release for the date,
  // only a row found in the nearest one is known.
  const oppsInForce = datasetInForce(ctx.ref, 'opps', ctx.date);
  const aocInForce = datasetInForce(ctx.ref, 'ncci-aoc', ctx.date);
  for (const fam of families) {
    // A monoclonal antibody is not a hormone: of the anti-neoplastic injections only 96401 can apply (denosumab).
    const rows = (ADMIN_FAMILIES[fam] ?? []).filter(
      ([code]) => !(chemo.byIndication === true && code === '96402'),
    );
    const familyCodes = new Set(rows.map(([c]) => c));
    for (const [code, when] of rows) {
      const o = ctx.ref.opps(code, ctx.date);
      const aoc = ctx.ref.addOnEdits(code, ctx.date);
      const primaries = [
        ...new Set(
          (aoc?.value ?? [])
            .filter((e) => e.primaryCode !== 'CCCCC' && (e.deletedOn === null || e.deletedOn > ctx.date))
            .map((e) => e.primaryCode),
        ),
      ].sort();
      const inFamily = primaries.filter((p) => familyCodes.has(p));
      const addOnTo = inFamily.length > 0 ? inFamily : primaries.slice(0, 6);
      const sources: FactSource[] = [PUB.drugAdministration];
      if (o) sources.push(releaseSource(o));
      if (aoc && aoc.value.length > 0) sources.push(releaseSource(aoc));
      const ifRoute = routeKnown ? undefined : FAMILY_ROUTE[fam];
      out.push(
        fact(
          {
            code,
            shortDescriptor: o?.value.shortDescriptor ?? null,
            shortDescriptorKnown: o !== undefined || oppsInForce,
            addOnTo,
            addOnKnown: aoc !== undefined || aocInForce,
            when,
            ...(ifRoute !== undefined ? { ifRoute } : {}),
          },
          sources,
          basis,
        ),
      );
    }
  }
  return { codes: out, notKnown: administrationNotKnown(ctx, out) };
}

/** Which cells of the administration codes are not known, and why, in one sentence naming the load command once. */
function administrationNotKnown(
  ctx: GuideContext,
  rows: readonly Fact<AdministrationCode>[],
): Fact<Unknown> | undefined {
  const codes = rows.map((r) => r.value.code);
  const noDescriptor = [
    ...new Set(rows.filter((r) => !r.value.shortDescriptorKnown).map((r) => r.value.code)),
  ];
  const noAddOn = [...new Set(rows.filter((r) => !r.value.addOnKnown).map((r) => r.value.code))];
  // Every code of several: "each code listed" rather than the list again; else the codes by name.
  const all = (list: readonly string[]): boolean => list.length > 1 && list.length === new Set(codes).size;
  const facts: NotLoadedFact[] = [];
  const sources: FactSource[] = [];
  if (noDescriptor.length > 0) {
    facts.push({
      dataset: 'opps',
      what: all(noDescriptor)
        ? 'The OPPS short descriptor of each administration code listed'
        : `The OPPS short descriptor of ${noDescriptor.length === 1 ? '' : 'each of '}${listWords(noDescriptor)}`,
      rowFor: noDescriptor.length === 1 ? 'it' : 'them',
    });
    sources.push(searchedSource(ctx.ref, 'opps', ctx.date));
  }
  if (noAddOn.length > 0) {
    facts.push({
      dataset: 'ncci-aoc',
      what: all(noAddOn)
        ? 'Whether each administration code listed is an add-on code, and of which primary,'
        : noAddOn.length === 1
          ? `Whether ${noAddOn[0] as string} is an add-on code, and of which primary,`
          : `Whether ${listWords(noAddOn)} are add-on codes, and of which primaries,`,
      rowFor: noAddOn.length === 1 ? 'it' : 'them',
    });
    sources.push(searchedSource(ctx.ref, 'ncci-aoc', ctx.date));
  }
  if (facts.length === 0) return undefined;
  return unknown(notLoadedReasons(ctx.ref, ctx.date, facts), sources);
}

/** Why these families: said for the codes listed only (no SC/IM words beside IV codes, no "-mab" beside 67028). */
function adminBasis(
  ctx: GuideContext,
  families: readonly string[],
  chemo: ReturnType<typeof chemoLike>,
  routeKnown: boolean,
): string {
  const parts: string[] = [];
  // A monoclonal antibody under the skin (denosumab): 96372 or 96401 by indication, said once.
  const byIndication = chemo.scIm !== undefined && families.includes('sc-im');
  const chemoFamilies = families.filter(
    (f) => f.startsWith('chemo-') && !(byIndication && f === 'chemo-sc-im'),
  );
  if (chemoFamilies.length > 0)
    parts.push(`${chemo.basis}: the chemotherapy and complex-biologic codes apply`);
  if (byIndication)
    parts.push(chemoFamilies.length > 0 ? (chemo.scIm ?? '') : `${chemo.basis}; ${chemo.scIm ?? ''}`);
  else if (families.includes('sc-im'))
    parts.push(
      `${routeKnown ? 'given' : 'if given'} under the skin or into a muscle: the therapeutic injection code`,
    );
  if (families.includes('iv'))
    parts.push(
      `${routeKnown ? 'an' : 'if it is an'} intravenous drug that is not chemotherapy: the therapeutic infusion codes`,
    );
  const eye = families.includes('intravitreal') || families.includes('intravitreal-implant');
  if (eye)
    parts.push(
      families.includes('intravitreal-implant')
        ? 'given into the eye as an implant: the eye procedure that places it decides'
        : 'injected into the eye (intravitreal)',
    );
  for (const f of families)
    if (
      !f.startsWith('chemo-') &&
      !['sc-im', 'iv', 'intravitreal', 'intravitreal-implant', 'on-body-injector'].includes(f)
    )
      parts.push(`route ${f}`);
  if (families.includes('on-body-injector')) parts.push('a kit applied with an on-body injector: 96377');
  if (parts.length === 0) parts.push(chemo.basis);
  const why = parts.join('; ');
  return routeKnown
    ? `${why} (route: ${isUnknown(ctx.routes) ? '' : (ctx.routes.value as Route[]).join(', ')})`
    : `${why}; the route is not in the data, so pick the codes of the route on the label`;
}

function settingNotes(ctx: GuideContext): Fact<string>[] {
  const out: Fact<string>[] = [];
  const desc = ctx.record.value.longDescription.toLowerCase();
  const o = ctx.ref.opps(ctx.code, ctx.date);
  if (o) {
    const si = o.value.statusIndicator;
    out.push(
      fact(
        `Hospital outpatient (OPPS): status indicator ${si} — ${OPPS_STATUS_INDICATORS[si] ?? 'see Addendum D1'}.`,
        [releaseSource(o), PUB.oppsAddendumD1],
      ),
    );
  } else if (!datasetInForce(ctx.ref, 'opps', ctx.date)) {
    out.push(
      fact(
        `Hospital outpatient (OPPS): ${notLoadedReason(ctx.ref, 'opps', ctx.date, 'the status indicator')}`,
        [searchedSource(ctx.ref, 'opps', ctx.date)],
      ),
    );
  }
  const a = ctx.ref.aspLimit(ctx.code, ctx.date);
  if (!a && !datasetInForce(ctx.ref, 'asp', ctx.date))
    out.push(
      fact(
        `Physician office (Medicare Part B): ${notLoadedReason(ctx.ref, 'asp', ctx.date, 'the ASP payment limit')}`,
        [searchedSource(ctx.ref, 'asp', ctx.date)],
      ),
    );
  if (a && a.value.paymentLimitMills !== null) {
    out.push(
      fact(
        `Physician office (Medicare Part B): ${inForceName('ASP file', a, ctx.date)} lists a payment limit per ${a.value.dosage || 'unit'} for this code.`,
        [releaseSource(a)],
      ),
    );
  }
  if (/self[- ]administered/.test(desc)) {
    out.push(
      fact(
        'The descriptor limits Medicare use to administration under the direct supervision of a physician; it is not for a self-administered drug.',
        [ctx.hs],
      ),
    );
  }
  if (/for esrd on dialysis/.test(desc))
    out.push(fact('The descriptor limits the code to ESRD patients on dialysis.', [ctx.hs]));
  if (/non-esrd/.test(desc))
    out.push(fact('The descriptor limits the code to use outside ESRD dialysis.', [ctx.hs]));
  const cov = ctx.record.value.coverageCode;
  if (cov === 'I' || cov === 'M' || cov === 'S') {
    out.push(
      fact(`HCPCS coverage code ${cov}: Medicare does not pay for this code.`, [
        ctx.hs,
        PUB.recordLayoutCoverage,
      ]),
    );
  } else if (cov === 'D') {
    out.push(
      fact(
        "HCPCS coverage code D: special coverage instructions apply (an NCD, LCD or the code's own instructions).",
        [ctx.hs, PUB.recordLayoutCoverage],
      ),
    );
  }
  const mp = ctx.ref.mue(ctx.code, 'practitioner', ctx.date);
  const mo = ctx.ref.mue(ctx.code, 'outpatient-hospital', ctx.date);
  if (mp && mo && mp.value.value !== mo.value.value) {
    out.push(
      fact(
        `The MUE differs by setting: ${mp.value.value} units (practitioner) and ${mo.value.value} units (outpatient hospital).`,
        [releaseSource(mp), releaseSource(mo)],
      ),
    );
  }
  return out;
}

function labelFor(ctx: GuideContext): LabelDrug | undefined {
  return ctx.label;
}

/** True when the label table's entry is this code's own product's label (not the reference product of a biosimilar). */
export function hasOwnLabel(ctx: GuideContext): boolean {
  return ctx.label !== undefined && ctx.label.hcpcs.some((h) => h.code === ctx.code && !h.biosimilar);
}

function doseSummaries(label: LabelDrug): LabelDoseSummary[] {
  return label.forms.map((f) => ({
    basis: f.basis,
    unit: f.unit,
    schedule: f.schedule,
    ...(f.population !== undefined ? { population: f.population } : {}),
  }));
}

export function buildClinical(ctx: GuideContext): ClinicalSection {
  const label = labelFor(ctx);
  let indications: Known<LabelIndication[]>;
  let labelDosing: Known<LabelDoseSummary[]>;
  const entry = label?.hcpcs.find((h) => h.code === ctx.code);
  if (label && entry?.biosimilar) {
    // The table holds the reference product's label. A biosimilar is dosed as its reference product for the uses it
    // is approved for, but its own label may carve some indications out: never shown as this product's.
    const src = labelSource(label.drug, label.source);
    const reference = label.hcpcs.filter((h) => !h.biosimilar).map((h) => h.code);
    indications = unknown(
      `drugclaim's label table holds the reference product's label (${label.brand}${reference.length > 0 ? `, ${reference.join(', ')}` : ''}); ${entry.product} is a biosimilar, whose own label may not carry every indication of the reference product. Check the label of ${entry.product} (DailyMed) before relying on an indication for coverage. The reference product's indications: ${label.indications.map((i) => i.name).join('; ')}.`,
      [src],
    );
    labelDosing = fact(
      doseSummaries(label),
      [src],
      `${label.brand} (reference product) label: a biosimilar is dosed as its reference product for the indications it is approved for`,
    );
  } else if (label) {
    const src = labelSource(label.drug, label.source);
    indications = fact(
      label.indications.map((i) =>
        i.regimen !== undefined ? { indication: i.name, regimen: i.regimen } : { indication: i.name },
      ),
      [src],
      `${label.brand} (${label.drug}) label, as drugclaim's dosing table lists it`,
    );
    labelDosing = fact(doseSummaries(label), [src]);
  } else {
    const sameIngredient =
      ctx.parts.key === null
        ? undefined
        : ctx.inputs.labelDosing.find((l) => l.drug.toLowerCase() === ctx.parts.key);
    const reason = sameIngredient
      ? `drugclaim's dosing table has ${sameIngredient.drug} (${sameIngredient.brand}) under ${sameIngredient.hcpcs.map((h) => h.code).join(', ')}, not under ${ctx.code}; this product's own label may differ, so its indications are not shown.`
      : `Label indications for ${ctx.parts.key ?? 'this code'} are not in drugclaim's dosing table; read them on the product's FDA label (DailyMed).`;
    indications = unknown(reason, [
      {
        kind: 'curated',
        table: 'label dosing (src/core/dosing/label-dosing.ts)',
        entry: 'not listed',
        cites: 'FDA prescribing information',
      },
    ]);
    labelDosing = unknown("The label dose is not in drugclaim's dosing table for this code.", [
      {
        kind: 'curated',
        table: 'label dosing (src/core/dosing/label-dosing.ts)',
        entry: 'not listed',
        cites: 'FDA prescribing information',
      },
    ]);
  }
  const admin = administrationCodes(ctx);
  return {
    id: 'clinical',
    title: SECTION_TITLES.clinical,
    routes: ctx.routes,
    administrationCodes: admin.codes,
    ...(admin.notKnown !== undefined ? { administrationNotKnown: admin.notKnown } : {}),
    settingNotes: settingNotes(ctx),
    indications,
    labelDosing,
  };
}
