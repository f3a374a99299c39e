/**
 * Section 4: what the record must hold for this drug line to be paid and to survive a review. Each item says
 * why it is needed for this code (its billing unit, its dose basis, its route, its containers, the payer
 * rules that mention it) and names the rule it comes from.
 */
import { crosswalkKnownFor, fact, inForceName, listWords, type GuideContext } from './context.ts';
import { notLoadedReason } from '../reference/not-loaded.ts';
import { SECTION_TITLES } from './definition.ts';
import {
  isUnknown,
  type ChecklistItem,
  type DocumentationSection,
  type Fact,
  type FactSource,
  type ModifiersSection,
} from './model.ts';
import { PUB, releaseSource } from './sources.ts';
import { isExamplePayer, payerNames, payerRulesForCode, ruleSource } from './commercial.ts';
import { hasOwnLabel } from './clinical.ts';

export function buildDocumentation(ctx: GuideContext, modifiers: ModifiersSection): DocumentationSection {
  const items: Fact<ChecklistItem>[] = [];
  const d = ctx.descriptor;
  const unitText = d && d.value.kind === 'parsed' ? d.value.billingUnit.text : null;

  items.push(
    fact(
      {
        id: 'dose-and-units',
        item: unitText
          ? `Ordered and administered dose, and the billed units of ${ctx.code} (1 unit = ${unitText})`
          : `Ordered and administered dose, and how the billed units of ${ctx.code} were counted`,
        need: 'required',
        why: unitText
          ? 'Units are the dose divided by the billing unit, rounded up to a whole unit; the record must show the arithmetic.'
          : "The descriptor sets no billing unit, so the units follow the payer's instructions for this code; the record must show how they were counted.",
      },
      [ctx.hs, PUB.medicalReview],
    ),
  );

  // A NOC code says nothing of the drug: the claim must (837P SV101-7 line description; CMS-1500 item 19).
  if (ctx.parts.notOtherwiseClassified)
    items.push(
      fact(
        {
          id: 'noc-description',
          item: `The drug's name, strength, dose given and NDC in the description of the ${ctx.code} line (837P loop 2400 SV101-7; CMS-1500 item 19)`,
          need: 'required',
          why: 'A not-otherwise-classified code does not identify the drug; without the description the line is denied (RARC N350). Check first that the drug has no code of its own.',
        },
        [ctx.hs, PUB.x12Tr3],
      ),
    );

  const label = ctx.label;
  const weightBased =
    label?.forms.filter((f) => f.basis === 'per-kg' || f.basis === 'per-m2' || f.basis === 'auc') ?? [];
  if (label && weightBased.length > 0) {
    const bases = [...new Set(weightBased.map((f) => f.unit))];
    items.push(
      fact(
        {
          id: 'weight-bsa',
          item: `Weight${weightBased.some((f) => f.basis === 'per-m2') ? ', height and body surface area' : ''}${weightBased.some((f) => f.basis === 'auc') ? ', creatinine clearance (Calvert)' : ''} on the day of the dose`,
          need: label.forms.every((f) => f.basis !== 'flat') ? 'required' : 'when-applicable',
          why: `The ${label.drug} label doses in ${listWords(bases)}; the dose (and so the units) follows from these measures.`,
        },
        [
          {
            kind: 'label',
            drug: label.drug,
            title: label.source.label,
            section: label.source.section,
            revised: label.source.version,
          },
        ],
      ),
    );
  } else {
    items.push(
      fact(
        {
          id: 'weight-bsa',
          item: 'Weight (and height, for doses per m²) on the day of the dose, when the order is weight- or BSA-based',
          need: 'when-applicable',
          why: label
            ? `The ${label.drug} label doses flat; measures are needed only for an off-label weight-based order.`
            : "drugclaim's dosing table does not say how this drug is dosed.",
        },
        label
          ? [
              {
                kind: 'label',
                drug: label.drug,
                title: label.source.label,
                section: label.source.section,
                revised: label.source.version,
              },
            ]
          : [PUB.medicalReview],
      ),
    );
  }

  const routes = isUnknown(ctx.routes) ? null : ctx.routes.value;
  items.push(
    fact(
      {
        id: 'route-site',
        item: routes
          ? `Route (${routes.join(', ')}) and site of administration`
          : 'Route and site of administration',
        need: 'required',
        why: 'The administration code billed with the drug depends on the route.',
      },
      [...ctx.routes.sources, PUB.drugAdministration],
    ),
  );
  if (routes === null || routes.includes('intravenous')) {
    items.push(
      fact(
        {
          id: 'infusion-times',
          item: 'Start and stop times of each infusion (and of each push)',
          need: routes === null ? 'when-applicable' : 'required',
          why: 'Infusion administration codes are time-based: the first hour and each additional hour are separate codes.',
        },
        [PUB.cptInfusionTime, PUB.drugAdministration],
      ),
    );
  }

  const packages = ctx.ref.ndcPackagesForCode(ctx.code, ctx.date);
  const ndcCount = packages?.value.length ?? 0;
  const crosswalkKnown = crosswalkKnownFor(ctx.ref, packages, ctx.date);
  const ndcSources: FactSource[] = [PUB.medicaidNdc, PUB.x12Tr3];
  if (packages) ndcSources.unshift(releaseSource(packages));
  items.push(
    fact(
      {
        id: 'ndc-lot',
        item: 'NDC (11 digits, 5-4-2) of each package opened, with its lot number and the quantity used',
        need: 'required',
        why: !crosswalkKnown
          ? `Medicaid requires the NDC on physician-administered drug claims and many payers follow. ${notLoadedReason(ctx.ref, 'ndc-crosswalk', ctx.date, `Which NDC packages the crosswalk maps to ${ctx.code}`)}`
          : ndcCount > 0
            ? `Medicaid requires the NDC on physician-administered drug claims and many payers follow; ${inForceName('crosswalk', packages, ctx.date)} lists ${ndcCount} NDC package${ndcCount === 1 ? '' : 's'} for ${ctx.code}.`
            : `Medicaid requires the NDC on physician-administered drug claims; ${inForceName('crosswalk', packages, ctx.date)} lists no NDC for ${ctx.code}, so check the payer's instructions.`,
      },
      ndcSources,
    ),
  );

  const container = modifiers.container;
  const singleDose = !isUnknown(container) && container.value.kind !== 'multi-dose';
  const multiDose = !isUnknown(container) && container.value.kind === 'multi-dose';
  if (!multiDose) {
    items.push(
      fact(
        {
          id: 'discarded-amount',
          item: 'Amount discarded from single-dose containers (or a statement that none was discarded, for JZ)',
          need: singleDose ? 'required' : 'when-applicable',
          why: singleDose
            ? 'JW lines bill the discarded units and JZ says none were; the record must show the amount opened, given and discarded.'
            : 'Needed when the package used is a single-dose container (the container type of this code is not in the data).',
        },
        [...container.sources, PUB.jwjzFaq, PUB.ch17Discarded],
      ),
    );
  }

  items.push(
    fact(
      {
        id: 'diagnosis',
        item: 'Diagnosis (ICD-10-CM) that supports the drug, pointed to from the drug line',
        need: 'required',
        why:
          label && hasOwnLabel(ctx)
            ? `Payers check the diagnosis against the covered indications (the ${label.drug} label indications are listed in section 2).`
            : 'Payers check the diagnosis against the covered indications.',
      },
      [PUB.x12Tr3, PUB.medicalReview],
    ),
  );

  const rules = payerRulesForCode(ctx);
  const withAuth = rules.filter((r) => r.rule.priorAuth?.required === true);
  // Only a real payer's rules make the item required; an example file's are shown as such.
  const real = withAuth.filter((r) => !isExamplePayer(r.rules));
  const examples = withAuth.filter((r) => isExamplePayer(r.rules));
  items.push(
    fact(
      {
        id: 'prior-auth',
        item: 'Prior authorization number and its dates',
        need: real.length > 0 ? 'required' : 'when-applicable',
        why:
          real.length > 0
            ? `Required by ${payerNames(real)} for ${ctx.code} (payer rules files).`
            : examples.length > 0
              ? `When the payer requires it. For illustration only, ${payerNames(examples)} requires it for ${ctx.code}.`
              : 'When the payer requires it; no payer rules file given to drugclaim requires it for this code.',
      },
      withAuth.length > 0 ? withAuth.map(ruleSource) : [PUB.x12Tr3],
    ),
  );

  items.push(
    fact(
      {
        id: 'order-signature',
        item: 'Signed order (drug, dose, route, frequency) and the signed administration record',
        need: 'required',
        why: 'A reviewer pays only what a signed order and record support.',
      },
      [PUB.signatures],
    ),
  );

  items.push(
    fact(
      {
        id: '340b',
        item: 'Whether the drug was acquired through the 340B program',
        need: 'when-applicable',
        why: '340B-acquired drugs carry the 340B modifier on each line (section 3).',
      },
      [PUB.tb340b],
    ),
  );

  return { id: 'documentation', title: SECTION_TITLES.documentation, items };
}
