/**
 * Section 3: which modifiers apply to this drug line and why, from the HCPCS modifier records on the date, the
 * container-type table (JW/JZ) and the route (JA/JB); and the one that never belongs on a drug line (25).
 */
import { codeStatus } from '../reference/as-of.ts';
import { crosswalkKnownFor, fact, labelSource, unknown, type GuideContext } from './context.ts';
import { LOAD_DATA_COMMAND } from '../reference/not-loaded.ts';
import { SECTION_TITLES } from './definition.ts';
import {
  isUnknown,
  type ContainerInfo,
  type Fact,
  type FactSource,
  type Known,
  type ModifierAdvice,
  type ModifierApplicability,
  type ModifiersSection,
} from './model.ts';
import { PUB, releaseSource } from './sources.ts';

export function containerInfo(ctx: GuideContext): Known<ContainerInfo> {
  const entries = ctx.containers;
  const tableSource: FactSource = {
    kind: 'curated',
    table: 'container types (src/core/reference/container-types.ts)',
    entry: entries.length === 0 ? 'not listed' : ctx.code,
    cites: 'FDA labels, HOW SUPPLIED',
  };
  if (entries.length === 0) {
    return unknown(
      `drugclaim's container-type table has no product for ${ctx.code}, so whether it comes in single-dose containers is not in the data; JW/JZ apply only to single-dose containers (check the label's HOW SUPPLIED section).`,
      [tableSource],
    );
  }
  const kinds = new Set(entries.map((e) => e.container));
  const kind: ContainerInfo['kind'] = kinds.size > 1 ? 'mixed' : (entries[0]?.container ?? 'single-dose');
  const sources: FactSource[] = [tableSource];
  for (const e of entries) {
    if (!sources.some((s) => s.kind === 'label' && s.title === e.source.label))
      sources.push(labelSource(e.product, e.source));
  }
  const others = ndcsNotInTable(ctx);
  return fact(
    {
      kind,
      products: entries.map((e) => ({
        name: e.product,
        ...(e.ndc11 !== null ? { ndc11: e.ndc11 } : {}),
        kind: e.container,
      })),
      unlisted: { ndcs: others.ndcs, labelers: others.labelers },
    },
    [...sources, ...others.sources],
  );
}

/**
 * Crosswalk NDCs of the code that the container table does not list (their container type is not known).
 * `crosswalkKnown` is false when no crosswalk release covers the date: whether other NDCs exist is then not known.
 */
export function ndcsNotInTable(ctx: GuideContext): {
  ndcs: number;
  labelers: string;
  tableLabelers: string;
  sources: FactSource[];
  crosswalkKnown: boolean;
} {
  const listed = new Set(ctx.containers.map((e) => e.ndc11));
  const packages = ctx.ref.ndcPackagesForCode(ctx.code, ctx.date);
  const crosswalkKnown = crosswalkKnownFor(ctx.ref, packages, ctx.date);
  const others = (packages?.value ?? []).filter((p) => !listed.has(p.ndc11));
  const names = (list: readonly string[]): string => {
    const unique = [...new Set(list)];
    return unique.length <= 3
      ? unique.join(', ')
      : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
  };
  return {
    ndcs: new Set(others.map((p) => p.ndc11)).size,
    labelers: names(others.map((p) => p.labelerName)),
    tableLabelers: names(ctx.containers.map((e) => e.labeler)),
    sources: packages && others.length > 0 ? [releaseSource(packages)] : [],
    crosswalkKnown,
  };
}

/** "…; whether other NDCs are billed with J9173 is not known (no crosswalk loaded for the date)…". */
function crosswalkNotLoaded(ctx: GuideContext): string {
  return `no ASP NDC-HCPCS crosswalk for ${ctx.date} is loaded, so whether other labelers' NDCs are billed with ${ctx.code} is not known (load it with ${LOAD_DATA_COMMAND})`;
}

function modifierRecord(ctx: GuideContext, modifier: string) {
  const m = ctx.ref.hcpcs(modifier, ctx.date);
  return m && m.value.kind === 'modifier' ? m : undefined;
}

function advice(
  ctx: GuideContext,
  modifier: string,
  applicability: ModifierApplicability,
  why: string,
  extraSources: FactSource[],
): Fact<ModifierAdvice> {
  const m = modifierRecord(ctx, modifier);
  const sources: FactSource[] = m ? [releaseSource(m), ...extraSources] : extraSources;
  return fact(
    {
      modifier,
      descriptor: m?.value.longDescription ?? null,
      modifierStatus: m ? codeStatus(m.value, ctx.date) : 'not-in-hcpcs-file',
      terminationDate: m?.value.terminationDate ?? null,
      applicability,
      why,
    },
    sources,
  );
}

export function buildModifiers(ctx: GuideContext): ModifiersSection {
  const container = containerInfo(ctx);
  const out: Fact<ModifierAdvice>[] = [];
  const containerSources = container.sources;
  const si = ctx.ref.opps(ctx.code, ctx.date);
  const packaged = si?.value.statusIndicator === 'N';
  const packagedNote = packaged
    ? ' Under OPPS this code is packaged (status indicator N): JW/JZ are not required on packaged drugs.'
    : '';
  const siSources = si ? [releaseSource(si)] : [];
  const jw = modifierRecord(ctx, 'JW');
  const jz = modifierRecord(ctx, 'JZ');
  const jzStatus = jz ? codeStatus(jz.value, ctx.date) : 'not-in-hcpcs-file';

  // JW / JZ — single-dose containers only. @see PUB.jwjzFaq, PUB.ch17Discarded
  if (isUnknown(container)) {
    const why = `Whether ${ctx.code} comes in single-dose containers is not in drugclaim's data. If the package is a single-dose container: JW on a separate line for the discarded units, or JZ when nothing is discarded; never for multiple-dose containers.${packagedNote}`;
    out.push(advice(ctx, 'JW', 'unknown', why, [...containerSources, PUB.jwjzFaq, ...siSources]));
    out.push(
      advice(
        ctx,
        'JZ',
        jzStatus === 'active' ? 'unknown' : 'does-not-apply',
        jzStatus === 'active' ? why : `JZ is not valid on ${ctx.date}.`,
        [...containerSources, PUB.jwjzFaq],
      ),
    );
  } else {
    const kind = container.value.kind;
    const others = ndcsNotInTable(ctx);
    /** JW and JZ both hang on the package in hand, as `why` says (JZ only while it is valid). */
    const conditional = (why: string, sources: FactSource[]): void => {
      out.push(advice(ctx, 'JW', 'conditional', why, sources));
      const jzActive = jzStatus === 'active';
      out.push(
        advice(
          ctx,
          'JZ',
          jzActive ? 'conditional' : 'does-not-apply',
          jzActive ? why : `JZ is not valid on ${ctx.date}.`,
          sources,
        ),
      );
    };
    if (kind === 'multi-dose' && !others.crosswalkKnown) {
      const why = `The labels drugclaim holds (${others.tableLabelers}) list their ${ctx.code} products as multiple-dose containers: no JW or JZ for those; ${crosswalkNotLoaded(ctx)}. For another package, check its label: if it is a single-dose container, JW on a separate line for the discarded units, or JZ when nothing is discarded.${packagedNote}`;
      const sources = [...containerSources, PUB.jwjzFaq, ...siSources];
      conditional(why, sources);
    } else if (kind === 'multi-dose' && others.ndcs > 0) {
      // The table holds some labelers' products only: what it says of them is no fact about the others.
      const why = `The labels drugclaim holds (${others.tableLabelers}) list their ${ctx.code} products as multiple-dose containers: no JW or JZ for those. The crosswalk maps ${others.ndcs} other NDC${others.ndcs === 1 ? '' : 's'} (${others.labelers}) to ${ctx.code} that drugclaim has no label fact for: check that package's label; if it is a single-dose container, JW on a separate line for the discarded units, or JZ when nothing is discarded.${packagedNote}`;
      const sources = [...containerSources, ...others.sources, PUB.jwjzFaq, ...siSources];
      conditional(why, sources);
    } else if (kind === 'multi-dose') {
      const why = `The labels list ${ctx.code} products as multiple-dose containers: JW and JZ do not apply.`;
      out.push(advice(ctx, 'JW', 'does-not-apply', why, [...containerSources, PUB.jwjzFaq]));
      out.push(advice(ctx, 'JZ', 'does-not-apply', why, [...containerSources, PUB.jwjzFaq]));
    } else {
      const mixed = kind === 'mixed';
      // As for multiple-dose above: a single-dose fact covers the labelers the table holds, not the others.
      const lead = mixed
        ? `${ctx.code} has both single-dose and multiple-dose products (see the container list): JW/JZ apply to the single-dose ones only, so the NDC used decides.`
        : !others.crosswalkKnown
          ? `The labels drugclaim holds (${others.tableLabelers}) list their ${ctx.code} products as single-dose containers; ${crosswalkNotLoaded(ctx)}: check another package's label (JW/JZ only for single-dose containers).`
          : others.ndcs > 0
            ? `The labels drugclaim holds (${others.tableLabelers}) list their ${ctx.code} products as single-dose containers; the crosswalk maps ${others.ndcs} other NDC${others.ndcs === 1 ? '' : 's'} (${others.labelers}) to ${ctx.code} that drugclaim has no label fact for: check that package's label (JW/JZ only for single-dose containers).`
            : `${ctx.code} products are single-dose containers.`;
      out.push(
        advice(
          ctx,
          'JW',
          'conditional',
          `${lead} Bill the discarded amount on its own line with JW when at least one whole billing unit is discarded; the administered amount goes on a line without JW.${packagedNote}`,
          [...containerSources, PUB.jwjzFaq, PUB.ch17Discarded, ...siSources],
        ),
      );
      out.push(
        advice(
          ctx,
          'JZ',
          jzStatus !== 'active'
            ? 'does-not-apply'
            : packaged || others.ndcs > 0 || !others.crosswalkKnown
              ? 'conditional'
              : 'applies',
          jzStatus !== 'active'
            ? `JZ is not valid on ${ctx.date} (HCPCS file).`
            : `${lead} When nothing is discarded, put JZ on the single drug line; JW and JZ never go on the same line.${packagedNote}`,
          [...containerSources, PUB.jwjzFaq, ...siSources],
        ),
      );
    }
  }
  if (!jw)
    ctx.notes.push({
      severity: 'warning',
      message: `Modifier JW is not in the HCPCS release in force on ${ctx.date}.`,
    });

  // 340B: JG (terminated per the HCPCS file) and TB. @see PUB.tb340b
  const jg = modifierRecord(ctx, 'JG');
  const jgStatus = jg ? codeStatus(jg.value, ctx.date) : 'not-in-hcpcs-file';
  out.push(
    advice(
      ctx,
      'JG',
      jgStatus === 'active' ? 'conditional' : 'does-not-apply',
      jgStatus === 'active'
        ? "Drug acquired through the 340B program: JG (or TB, per the payer's 340B instructions) on each line of the drug."
        : jg?.value.terminationDate
          ? `JG was terminated on ${jg.value.terminationDate} (HCPCS file): 340B-acquired drugs carry TB instead.`
          : `JG is not valid on ${ctx.date} (HCPCS file).`,
      [PUB.tb340b],
    ),
  );
  const tb = modifierRecord(ctx, 'TB');
  const tbStatus = tb ? codeStatus(tb.value, ctx.date) : 'not-in-hcpcs-file';
  out.push(
    advice(
      ctx,
      'TB',
      tbStatus === 'active' ? 'conditional' : 'does-not-apply',
      tbStatus === 'active'
        ? 'Drug acquired through the 340B program: TB on each line of the drug (administered and JW lines).'
        : `TB is not valid on ${ctx.date} (HCPCS file).`,
      [PUB.tb340b],
    ),
  );

  // JA / JB: route modifiers, relevant only where the route is IV or subcutaneous.
  const routes = isUnknown(ctx.routes) ? null : ctx.routes.value;
  const routeSources = ctx.routes.sources;
  for (const [mod, route, words] of [
    ['JA', 'intravenous', 'intravenously'],
    ['JB', 'subcutaneous', 'subcutaneously'],
  ] as const) {
    if (routes === null) {
      out.push(
        advice(
          ctx,
          mod,
          'unknown',
          `The route of ${ctx.code} is not in the data; ${mod} reports a drug given ${words}, where the payer asks for the route on the line.`,
          routeSources,
        ),
      );
    } else if (routes.includes(route)) {
      out.push(
        advice(
          ctx,
          mod,
          'conditional',
          `${ctx.code} is given ${words} (route: ${routes.join(', ')}); report ${mod} where the payer asks for the route on the drug line.`,
          routeSources,
        ),
      );
    } else {
      out.push(
        advice(
          ctx,
          mod,
          'does-not-apply',
          `${ctx.code} is not given ${words} (route: ${routes.join(', ')}).`,
          routeSources,
        ),
      );
    }
  }

  // EA / EB / EC: the anemia's cause on an ESA given outside ESRD (the HCPCS descriptor says "non-esrd use").
  // @see PUB.esaNcd
  const esa = /^(epoetin|darbepoetin)\b/.test(ctx.parts.key ?? '');
  if (esa && /non[- ]?esrd/i.test(ctx.record.value.longDescription)) {
    const why = `${ctx.code} is an erythropoiesis-stimulating agent for use outside ESRD: each line carries the cause of the anemia, EA (anemia caused by anti-cancer chemotherapy), EB (by radiotherapy) or EC (neither), and the claim the most recent hemoglobin or hematocrit. Medicare asks for one of the three on every ESA line outside ESRD, and covers ESAs for chemotherapy-induced anemia only under NCD 110.21.`;
    for (const mod of ['EA', 'EB', 'EC'] as const)
      out.push(advice(ctx, mod, 'conditional', why, [PUB.esaNcd]));
  }

  // 25: an E/M modifier, never on the drug line. @see PUB.modifier25
  out.push(
    advice(
      ctx,
      '25',
      'not-on-drug-line',
      'Modifier 25 marks a significant, separately identifiable evaluation and management (E/M) service on the same day; it goes on the E/M line, never on the drug line or the drug administration line.',
      [PUB.modifier25],
    ),
  );

  return { id: 'modifiers', title: SECTION_TITLES.modifiers, container, advice: out };
}
