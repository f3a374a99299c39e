/**
 * Dose → billing units → claim lines. A pure function of its inputs: the billing unit, package sizes, container
 * types, payment limit and modifier facts all come in as arguments (./from-reference.ts assembles them from the
 * ReferenceData port). Every number is exact (./rational.ts) and every rule that shaped it is listed, with its
 * source, in `rulesApplied`.
 */
import type { NdcUnit } from '../claim/model.ts';
import { groupThousands, millsTimesToCents } from '../money.ts';
import type { Problem, Result } from '../problem.ts';
import type { IsoDate, MeasureUnit } from '../reference/model.ts';
import type { ContainerLookup, ContainerType } from '../reference/container-types.ts';
import {
  amountInUnit,
  EXACT_LIMIT_TEXT,
  measureWarnings,
  resolveDose,
  type DoseBasis,
  type DoseSpec,
  type PatientMeasures,
} from './dose.ts';
import { checkDosePlausibility, type PlausibilityCheck } from './label-dosing.ts';
import { compareCombinations, leastWaste, type Combination, type SearchResult } from './packages.ts';
import { convert, formatQuantity, unitKind, unitSymbol, type Quantity } from './quantity.ts';
import {
  add,
  ceil,
  cmp,
  div,
  eq,
  floor,
  isExactAt,
  isPositive,
  lt,
  MAX_EXACT_INTEGER,
  mul,
  ratio,
  sub,
  toDecimalString,
  toNumber,
  toRational,
  ZERO,
  type Rational,
  type RationalLike,
} from './rational.ts';
import { billingUnits } from './rounding.ts';
import { applied, problem, type RuleApplied } from './rules.ts';

export type Modifier340b = 'JG' | 'TB';

export interface QuantityInput {
  amount: RationalLike;
  unit: MeasureUnit;
}

/** One package (NDC) that may be opened: its drug amount per item and what is known about it. */
export interface PackageInput {
  /** Drug in one item (vial, syringe, …), in any unit of the billing unit's kind. */
  amount: QuantityInput;
  ndc11?: string;
  description?: string;
  container?: ContainerLookup;
  /** Why the container type is what it is (label named), for the output. */
  containerReason?: string;
  /** mL in one item, when known, and where that came from ("label", "crosswalk PKG SIZE", "--concentration"). */
  volumeMl?: RationalLike;
  volumeSource?: string;
  /**
   * Packages of different presentations under one code (an IV vial and a self-injection syringe of abatacept) are
   * never combined in one plan: a dose is given one way. Unset = the code's usual presentation.
   */
  presentation?: string;
}

/** What was actually opened: `count` items of `amount` (optionally naming the NDC). */
export interface OpenedInput {
  amount: QuantityInput;
  count: number;
  ndc11?: string;
}

/** A modifier's validity, from the HCPCS modifier record (or drugclaim's built-in fact when no record is given). */
export interface ModifierFact {
  effectiveFrom: IsoDate | null;
  terminationDate: IsoDate | null;
  source: string;
}

export interface UnitsInput {
  code: string;
  /** Date of service (YYYY-MM-DD): decides JZ and 340B modifier validity. */
  date?: IsoDate;
  /** One HCPCS billing unit, e.g. { amount: 10, unit: 'mg', text: '10 mg' }. */
  billingUnit: { amount: RationalLike; unit: MeasureUnit; text?: string };
  dose: DoseSpec;
  measures?: PatientMeasures;
  /** Amount per mL, needed when the dose is a volume. */
  concentration?: { perMl: Quantity; source: string };
  /** Packages available on the date (from the crosswalk, or the caller's --vials). */
  packages?: readonly PackageInput[];
  /** What was opened; billing follows it. Without it the least-waste plan is used. */
  opened?: readonly OpenedInput[];
  /** Caller's container type; wins over the per-package types. */
  container?: ContainerType;
  /** What the label table knows about the code's products, appended to `container.unknown` so the biller can decide. */
  containerNote?: string;
  /**
   * Why the drug is packaged in this setting (OPPS status indicator N in the hospital outpatient department, with
   * the release): no separate payment, so one line of the administered units, no JW/JZ and no money.
   */
  packaged?: string;
  /** ASP payment limit per billing unit, in mills (1/1000 dollar). */
  paymentLimitMills?: number | null;
  modifier340b?: Modifier340b;
  modifierFacts?: Partial<Record<Modifier340b | 'JZ', ModifierFact>>;
  /** Unit of measure for the NDC quantity (default ML when the volume is known, else UN). */
  ndcUnit?: NdcUnit;
  /** Compare the dose with the label dosing table (default true). */
  checkLabel?: boolean;
}

export interface AmountOut {
  amount: number;
  unit: MeasureUnit;
}

export interface PackageOut {
  size: AmountOut;
  count: number;
  /** The NDC when exactly one NDC of that size is known (or the caller named it). */
  ndc?: string;
  /** Every NDC of that size on the date, when there are several. */
  ndcOptions?: string[];
  container: ContainerLookup;
  description?: string;
}

export interface LineOut {
  code: string;
  modifiers: string[];
  units: number;
  /** The drug amount the line's units stand for. */
  amount: AmountOut;
  ndc?: { ndc11: string; unit: NdcUnit; quantity: number };
}

export interface AlternativeOut {
  packages: PackageOut[];
  total: AmountOut;
  waste: AmountOut;
  /** Discarded units this plan would bill (single-dose containers). */
  wasteUnits: number;
  packageCount: number;
  /** The least-waste plan (ties by fewest packages). */
  optimal: boolean;
  /** The plan the lines were billed from. */
  chosen: boolean;
}

export interface UnitsResult {
  code: string;
  date: IsoDate | null;
  billingUnit: AmountOut & { text: string };
  /** The dose in the billing unit's unit (rounded to 6 decimals for display; `exact` keeps more). */
  doseAmount: AmountOut & { exact: string };
  dose: { text: string; basis: DoseBasis; weightKg?: number; bsaM2?: number; gfrMlMin?: number };
  administeredUnits: number;
  /** Units on the JW line (0 without one). */
  discardedUnits: number;
  openedAmount: AmountOut | null;
  /** Amount opened minus the dose (all of it, billable or not). */
  wasteAmount: AmountOut | null;
  openedBy: 'caller' | 'optimizer' | 'none';
  opened: PackageOut[];
  containerType: ContainerLookup | 'mixed';
  lines: LineOut[];
  money: {
    paymentLimitMills: number | null;
    administeredCents: number | null;
    discardedCents: number | null;
    /** Discarded units beyond what the least-waste plan would discard (opened by the caller only). */
    avoidableWasteUnits: number | null;
    avoidableWasteCents: number | null;
  };
  rulesApplied: RuleApplied[];
  warnings: Problem[];
  alternatives: AlternativeOut[];
  plausibility: PlausibilityCheck | null;
}

/** Built-in modifier facts, used when the caller passes no HCPCS records. @see SOURCES.hcpcsModifiers */
export const DEFAULT_MODIFIER_FACTS: Record<Modifier340b | 'JZ', ModifierFact> = {
  JG: {
    effectiveFrom: '2018-01-01',
    terminationDate: '2024-12-31',
    source: 'HCPCS modifier JG: added 2018-01-01, terminated 2024-12-31 (January 2026 HCPCS file)',
  },
  TB: {
    effectiveFrom: '2018-01-01',
    terminationDate: null,
    source: 'HCPCS modifier TB: added 2018-01-01, in force (January 2026 HCPCS file)',
  },
  JZ: {
    effectiveFrom: '2023-01-01',
    terminationDate: null,
    source: 'HCPCS modifier JZ: added 2023-01-01; CMS requires it from 2023-07-01',
  },
};

/** JZ is required on claims from this date. @see SOURCES.jwJzFaq */
export const JZ_REQUIRED_FROM: IsoDate = '2023-07-01';

interface SizeGroup {
  key: string;
  size: Rational;
  ndcs: string[];
  containers: Set<ContainerLookup>;
  /** What is known per NDC of this size (container type, volume). */
  byNdc: Map<string, { container: ContainerLookup; volumeMl?: Rational; volumeSource?: string }>;
  /** The presentations this size comes in ('' = the usual one); see `PackageInput.presentation`. */
  presentations: Set<string>;
  containerReason?: string;
  volumeMl?: Rational;
  volumeSource?: string;
  description?: string;
}

interface OpenedItem {
  size: Rational;
  count: number;
  group?: SizeGroup;
  ndc?: string;
  container: ContainerLookup;
  volumeMl?: Rational;
  volumeSource?: string;
}

const out = (amount: Rational, unit: MeasureUnit): AmountOut => ({ amount: toNumber(amount), unit });
const dec = (r: Rational, places = 4): string => toDecimalString(r, places);
/** A quantity as written exactly when it is a short decimal (a 0.000000000000000001 mg package is not "0 mg"). */
const exactText = (q: Quantity): string => formatQuantity(q, isExactAt(q.amount, 24) ? 24 : 4);

/**
 * Why `units` billing units cannot be reported exactly, as units or as money at `mills` a unit (cents are worked out
 * from mills × units as a JS number): undefined when they can. @see MAX_EXACT_INTEGER
 */
function inexactUnits(units: bigint, buText: string, mills: number | null): string | undefined {
  if (units > MAX_EXACT_INTEGER) return `${units} billing units of ${buText}`;
  if (mills === null) return undefined;
  const tenthsOfCent = units * BigInt(Math.ceil(Math.abs(mills)));
  if (tenthsOfCent <= MAX_EXACT_INTEGER) return undefined;
  const cents = (tenthsOfCent + 5n) / 10n;
  const dollars = `$${groupThousands(String(cents / 100n))}.${String(cents % 100n).padStart(2, '0')}`;
  return `${units} billing units of ${buText} × $${(mills / 1000).toFixed(3)} = ${dollars}, which is ${tenthsOfCent} tenths of a cent`;
}

/**
 * Computes billing units, the JW/JZ lines and the package plan for one drug on one date.
 * Problems that stop the computation (a dose that cannot be read or converted, an opened amount below the dose)
 * make the result `ok: false`; everything else is a warning inside the value.
 */
export function computeUnits(input: UnitsInput): Result<UnitsResult> {
  const warnings: Problem[] = [];
  const rules: RuleApplied[] = [];
  const code = input.code.trim().toUpperCase();
  const buUnit = input.billingUnit.unit;
  const bu = toRational(input.billingUnit.amount);
  const buText = input.billingUnit.text ?? `${dec(bu)} ${unitSymbol(buUnit)}`;
  if (!isPositive(bu))
    return {
      ok: false,
      problems: [
        problem(
          'billing-unit.unknown',
          `${code}: the billing unit must be a positive amount (got ${buText})`,
          { code },
        ),
      ],
    };

  // 1. The dose as an exact amount in the billing unit's unit.
  const measures = input.measures ?? {};
  warnings.push(...measureWarnings(measures));
  const resolved = resolveDose(input.dose, measures);
  if (!resolved.ok) return { ok: false, problems: [...warnings, ...resolved.problems] };
  rules.push(...resolved.value.rules);
  warnings.push(...resolved.value.problems);
  const inUnit = amountInUnit(resolved.value.amount, buUnit, input.concentration, {
    code,
    billingUnitText: buText,
  });
  if (!inUnit.ok) return { ok: false, problems: [...warnings, ...inUnit.problems] };
  rules.push(...inUnit.rules);
  const dose = inUnit.value.amount;
  if (!isPositive(dose))
    return {
      ok: false,
      problems: [problem('dose.not-positive', 'the dose must be more than zero', { code })],
    };
  const mills = input.packaged !== undefined ? null : (input.paymentLimitMills ?? null);
  const doseBeyond = inexactUnits(ceil(div(dose, bu)), buText, mills);
  if (doseBeyond)
    return {
      ok: false,
      problems: [
        ...warnings,
        tooLarge('dose.too-large', `the dose ${exactText(inUnit.value)}`, doseBeyond, code),
      ],
    };

  // 2. Administered units: round up, at least 1.
  const administered = billingUnits(dose, bu, 'administered');
  const exactUnits = div(dose, bu);
  if (lt(dose, bu)) {
    rules.push(
      applied(
        'units.minimum-one',
        `${formatQuantity(inUnit.value)} is below one billing unit (${buText}) → 1 unit`,
      ),
    );
  } else {
    rules.push(
      applied(
        'units.administered-round-up',
        `${formatQuantity(inUnit.value)} ÷ ${buText} = ${dec(exactUnits)} → ${administered} units`,
      ),
    );
  }

  // 3. Packages available, grouped by size (in the billing unit's unit).
  const groups = groupPackages(input.packages ?? [], buUnit, warnings);
  const smallest = groups.at(-1);
  const largest = groups[0];
  if (smallest && largest) {
    const count = ceil(div(dose, smallest.size));
    if (count > MAX_EXACT_INTEGER) {
      const what = `${count} packages of ${exactText({ amount: smallest.size, unit: buUnit })}`;
      return {
        ok: false,
        problems: [
          ...warnings,
          tooLarge('dose.too-large', `the dose ${exactText(inUnit.value)}`, what, code),
        ],
      };
    }
    // Every plan compared opens less than the dose plus its largest package.
    const beyond = inexactUnits(ceil(div(add(dose, largest.size), bu)), buText, mills);
    if (beyond) {
      const size = exactText({ amount: largest.size, unit: buUnit });
      return {
        ok: false,
        problems: [
          ...warnings,
          tooLarge('packages.too-large', `a ${size} package (with the dose)`, beyond, code),
        ],
      };
    }
  }
  const search = searchByPresentation(dose, groups);
  if (search?.bounded) {
    warnings.push(
      problem(
        'packages.search-bounded',
        'too many package totals to search exhaustively: the plan shown is the best of the simple plans, not a proven optimum',
        { code },
      ),
    );
  }

  // 4. What was opened: the caller's list, else the least-waste plan.
  let openedBy: UnitsResult['openedBy'] = 'none';
  let opened: OpenedItem[] = [];
  if (input.opened && input.opened.length > 0) {
    const parsed = matchOpened(input.opened, groups, buUnit, warnings);
    if (!parsed.ok) return { ok: false, problems: [...warnings, ...parsed.problems] };
    opened = parsed.items;
    openedBy = 'caller';
    rules.push(applied('packages.opened', `billed from what was opened: ${describeOpened(opened, buUnit)}`));
  } else if (search?.best) {
    opened = itemsFromCombination(search.best, groups);
    openedBy = 'optimizer';
    rules.push(
      applied(
        'packages.least-waste',
        `${search.considered.length} plan(s) compared from sizes ${groups.map((g) => formatQuantity({ amount: g.size, unit: buUnit })).join(', ')}: least waste is ${describeOpened(opened, buUnit)} (${formatQuantity({ amount: search.best.waste, unit: buUnit })} over)`,
      ),
    );
  } else {
    warnings.push(
      problem(
        'packages.none',
        `no package sizes known for ${code}${input.date ? ` on ${input.date}` : ''}: the discarded amount cannot be worked out (give --vials or --opened)`,
        { code },
      ),
    );
  }

  // 5. Container type of what was opened.
  let containerType: UnitsResult['containerType'] = 'unknown';
  if (input.container) {
    containerType = input.container;
  } else if (opened.length > 0) {
    const kinds = new Set(opened.map((o) => o.container));
    if (kinds.has('unknown')) containerType = 'unknown';
    else if (kinds.size > 1) containerType = 'mixed';
    else containerType = [...kinds][0] ?? 'unknown';
  }

  // 6. Waste: opened − dose; discarded units round down and stay within the opened amount.
  let openedTotal: Rational | undefined;
  let discardedCapped = 0;
  if (opened.length > 0) {
    openedTotal = opened.reduce((acc, o) => add(acc, mul(o.size, ratio(BigInt(o.count)))), ZERO);
    const beyond = inexactUnits(floor(div(openedTotal, bu)), buText, mills);
    if (beyond) {
      const what = `the packages opened (${describeOpened(opened, buUnit)})`;
      return { ok: false, problems: [...warnings, tooLarge('packages.too-large', what, beyond, code)] };
    }
    if (lt(openedTotal, dose)) {
      return {
        ok: false,
        problems: [
          ...warnings,
          problem(
            'opened.insufficient',
            `the packages opened hold ${formatQuantity({ amount: openedTotal, unit: buUnit })}, less than the dose ${formatQuantity(inUnit.value)}`,
            { code, opened: toNumber(openedTotal), dose: toNumber(dose) },
          ),
        ],
      };
    }
    const waste = sub(openedTotal, dose);
    const discardedRaw = billingUnits(waste, bu, 'discarded');
    const openedUnits = Number(floor(div(openedTotal, bu)));
    discardedCapped = Math.max(0, Math.min(discardedRaw, openedUnits - administered));
    rules.push(
      applied(
        'waste.discarded-round-down',
        `${formatQuantity({ amount: openedTotal, unit: buUnit })} opened − ${formatQuantity(inUnit.value)} = ${formatQuantity({ amount: waste, unit: buUnit })} ÷ ${buText} → ${discardedRaw} units`,
      ),
    );
    if (discardedCapped < discardedRaw) {
      rules.push(
        applied(
          'waste.within-opened',
          `${administered} administered + ${discardedRaw} discarded would exceed the ${openedUnits} units opened → ${discardedCapped} discarded`,
        ),
      );
    }
    if (isPositive(waste) && discardedCapped === 0) {
      warnings.push(
        problem(
          'waste.below-one-unit',
          `${formatQuantity({ amount: waste, unit: buUnit })} left over is less than one billable discarded unit: not billed`,
          {
            code,
            waste: toNumber(waste),
          },
        ),
      );
    }
  }

  // 7. Lines and modifiers.
  const pricing340b = modifier340b(input, warnings);
  const lines: LineOut[] = [];
  /** One line of `units` billing units, with `modifiers` (JW/JZ) ahead of the 340B pricing modifier. */
  const lineOf = (units: number, ...modifiers: string[]): LineOut => ({
    code,
    modifiers: [...modifiers, ...pricing340b],
    units,
    amount: out(mul(bu, ratio(BigInt(units))), buUnit),
  });
  let discardedUnits = 0;
  const jzInForce = !input.date || input.date >= JZ_REQUIRED_FROM;
  if (input.packaged !== undefined) {
    // Packaged: the drug is paid as part of another service, so the container type decides nothing here.
    lines.push(lineOf(administered));
    rules.push(
      applied('modifier.packaged', `${input.packaged}: the administered units on one line, no JW/JZ`),
    );
    warnings.push(
      problem(
        'opps.packaged',
        `${input.packaged}: in the hospital outpatient department it has no separate payment and JW/JZ are not required; bill the administered units on the drug line`,
        { code },
      ),
    );
  } else {
    switch (containerType) {
      case 'single-dose': {
        if (openedTotal === undefined) {
          lines.push(lineOf(administered));
          break;
        }
        if (discardedCapped >= 1) {
          discardedUnits = discardedCapped;
          lines.push(lineOf(administered));
          lines.push(lineOf(discardedUnits, 'JW'));
          rules.push(
            applied(
              'modifier.jw',
              `${code}-JW × ${discardedUnits} on its own line; the administered line (× ${administered}) carries no JW/JZ`,
            ),
          );
        } else if (jzInForce) {
          lines.push(lineOf(administered, 'JZ'));
          rules.push(
            applied(
              'modifier.jz',
              `nothing billable discarded from a single-dose container → ${code}-JZ × ${administered}`,
            ),
          );
        } else {
          lines.push(lineOf(administered));
          rules.push(
            applied(
              'modifier.jz',
              `date of service ${input.date} is before ${JZ_REQUIRED_FROM}: JZ not required`,
            ),
          );
        }
        rules.push(
          applied(
            'modifier.jw-jz-exclusive',
            'JW only on the discarded line, JZ only on a line with no discarded line',
          ),
        );
        break;
      }
      case 'multi-dose': {
        lines.push(lineOf(administered));
        rules.push(
          applied(
            'modifier.multi-dose-none',
            'multiple-dose container: no JW or JZ; the rest of the vial is not billed as waste',
          ),
        );
        break;
      }
      case 'unknown':
      case 'mixed': {
        lines.push(lineOf(administered));
        const wouldBe =
          discardedCapped >= 1 ? `${code}-JW × ${discardedCapped}` : `${code}-JZ × ${administered}`;
        warnings.push(
          containerType === 'mixed'
            ? problem(
                'container.mixed',
                `single-dose and multiple-dose containers were opened together: JW/JZ cannot be decided; check the labels (if all single-dose: ${wouldBe})`,
                { code },
              )
            : problem(
                'container.unknown',
                `container type unknown: JW/JZ cannot be decided; check the label (if single-dose: ${wouldBe}; if multiple-dose: no JW/JZ)${input.containerNote ? `. ${input.containerNote}` : ''}`,
                {
                  code,
                  ndcs: opened.flatMap((o) => (o.ndc ? [o.ndc] : [])),
                },
              ),
        );
        break;
      }
    }
  }
  if (pricing340b.length > 0)
    rules.push(applied('modifier.340b', `${pricing340b.join(', ')} on each of the ${lines.length} line(s)`));

  // 8. NDC quantity per line.
  addNdcQuantities(lines, opened, bu, buUnit, input, rules, warnings);

  // 9. Money: the payment limit × units, and avoidable waste.
  let avoidableUnits: number | null = null;
  const bestWasteUnits = search?.best ? wasteUnitsOf(search.best, dose, bu, administered) : undefined;
  if (
    openedBy === 'caller' &&
    search?.best &&
    bestWasteUnits !== undefined &&
    containerType === 'single-dose'
  ) {
    avoidableUnits = Math.max(0, discardedUnits - bestWasteUnits);
    if (avoidableUnits > 0) {
      const best = describeOpened(itemsFromCombination(search.best, groups), buUnit);
      const dollars =
        mills === null
          ? ''
          : ` (${formatUsd(millsTimesToCents(mills, avoidableUnits))} at the ASP payment limit)`;
      warnings.push(
        problem(
          'waste.avoidable',
          `${avoidableUnits} discarded unit(s) were avoidable${dollars}: ${best} would discard ${bestWasteUnits}`,
          {
            code,
            avoidableUnits,
            leastWastePlan: best,
          },
        ),
      );
    }
  } else if (openedBy === 'optimizer') {
    avoidableUnits = 0;
  }
  if (mills === null && input.packaged === undefined) {
    warnings.push(
      problem(
        'money.no-payment-limit',
        `no ASP payment limit for ${code}${input.date ? ` on ${input.date}` : ''}: dollar amounts not computed`,
        { code },
      ),
    );
  } else if (mills !== null) {
    rules.push(
      applied(
        'money.waste',
        `${administered} × $${(mills / 1000).toFixed(3)} = ${formatUsd(millsTimesToCents(mills, administered))} administered; ${discardedUnits} discarded = ${formatUsd(millsTimesToCents(mills, discardedUnits))}`,
      ),
    );
  }

  // 10. Alternatives considered.
  const chosenSig = openedSignature(opened);
  const alternatives: AlternativeOut[] = (search?.considered ?? []).map((c) => {
    const items = itemsFromCombination(c, groups);
    return {
      packages: items.map((i) => packageOut(i, buUnit)),
      total: out(c.total, buUnit),
      waste: out(c.waste, buUnit),
      wasteUnits: wasteUnitsOf(c, dose, bu, administered),
      packageCount: c.packageCount,
      optimal: search?.best !== undefined && compareCombinations(c, search.best) === 0,
      chosen: openedSignature(items) === chosenSig,
    };
  });

  // 11. Label plausibility.
  let plausibility: PlausibilityCheck | null = null;
  if (input.checkLabel !== false) {
    const doseMg =
      unitKind(resolved.value.amount.unit) === 'mass'
        ? convert(resolved.value.amount, 'mg')?.amount
        : undefined;
    const checkInput: Parameters<typeof checkDosePlausibility>[0] = { code, spec: input.dose };
    if (doseMg) checkInput.doseMg = doseMg;
    if (resolved.value.weightKg ?? measures.weightKg)
      checkInput.weightKg = (resolved.value.weightKg ?? measures.weightKg) as Rational;
    if (resolved.value.bsaM2 ?? measures.bsaM2)
      checkInput.bsaM2 = (resolved.value.bsaM2 ?? measures.bsaM2) as Rational;
    const check = checkDosePlausibility(checkInput);
    plausibility = check.check ?? null;
    rules.push(...check.rules);
    warnings.push(...check.problems);
  }

  const doseOut: UnitsResult['dose'] = { text: input.dose.text, basis: input.dose.basis };
  if (resolved.value.weightKg) doseOut.weightKg = toNumber(resolved.value.weightKg, 2);
  if (resolved.value.bsaM2) doseOut.bsaM2 = toNumber(resolved.value.bsaM2, 2);
  if (resolved.value.gfrMlMin) doseOut.gfrMlMin = toNumber(resolved.value.gfrMlMin, 2);

  const value: UnitsResult = {
    code,
    date: input.date ?? null,
    billingUnit: { ...out(bu, buUnit), text: buText },
    doseAmount: { ...out(dose, buUnit), exact: toDecimalString(dose, 12) },
    dose: doseOut,
    administeredUnits: administered,
    discardedUnits,
    openedAmount: openedTotal ? out(openedTotal, buUnit) : null,
    wasteAmount: openedTotal ? out(sub(openedTotal, dose), buUnit) : null,
    openedBy,
    opened: opened.map((o) => packageOut(o, buUnit)),
    containerType,
    lines,
    money: {
      paymentLimitMills: mills,
      administeredCents: mills === null ? null : millsTimesToCents(mills, administered),
      discardedCents: mills === null ? null : millsTimesToCents(mills, discardedUnits),
      avoidableWasteUnits: avoidableUnits,
      avoidableWasteCents:
        mills === null || avoidableUnits === null ? null : millsTimesToCents(mills, avoidableUnits),
    },
    rulesApplied: rules,
    warnings,
    alternatives,
    plausibility,
  };
  return { ok: true, value, problems: warnings };
}

function tooLarge(
  code: 'dose.too-large' | 'packages.too-large',
  what: string,
  comesTo: string,
  drug?: string,
): Problem {
  return problem(
    code,
    `${what} cannot be billed exactly: ${comesTo}, above ${EXACT_LIMIT_TEXT}`,
    drug === undefined ? { limit: Number.MAX_SAFE_INTEGER } : { code: drug, limit: Number.MAX_SAFE_INTEGER },
  );
}

function formatUsd(cents: number): string {
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The least-waste search, once per presentation when the sizes come in several (see `PackageInput.presentation`):
 * the best plan over all of them, and the plans considered merged in the same order.
 */
function searchByPresentation(dose: Rational, groups: readonly SizeGroup[]): SearchResult | undefined {
  if (groups.length === 0) return undefined;
  const presentations = new Set(groups.flatMap((g) => [...g.presentations]));
  const searches = [...presentations].map((presentation) =>
    leastWaste(
      dose,
      groups.filter((g) => g.presentations.has(presentation)).map((g) => ({ size: g.size, key: g.key })),
    ),
  );
  if (searches.length === 1) return searches[0];
  const considered = searches.flatMap((r) => r.considered).sort(compareCombinations);
  return {
    best: considered[0],
    considered: considered.slice(0, 8),
    bounded: searches.some((r) => r.bounded),
  };
}

function groupPackages(
  packages: readonly PackageInput[],
  buUnit: MeasureUnit,
  warnings: Problem[],
): SizeGroup[] {
  const byKey = new Map<string, SizeGroup>();
  for (const p of packages) {
    const q: Quantity = { amount: toRational(p.amount.amount), unit: p.amount.unit };
    const inBu = convert(q, buUnit);
    const named = p.ndc11 ? `NDC ${p.ndc11} (${exactText(q)})` : exactText(q);
    if (!inBu) {
      warnings.push(
        problem(
          'packages.unit-mismatch',
          `package ${named} is not in the billing unit's kind (${unitSymbol(buUnit)}): ignored`,
          { ndc: p.ndc11 ?? null, size: exactText(q) },
        ),
      );
      continue;
    }
    if (!isPositive(inBu.amount)) {
      warnings.push(
        problem(
          'packages.not-positive',
          `package ${named} holds no drug: a size must be more than zero; ignored`,
          {
            ndc: p.ndc11 ?? null,
            size: exactText(q),
          },
        ),
      );
      continue;
    }
    const key = toDecimalString(inBu.amount, 12);
    let g = byKey.get(key);
    if (!g) {
      g = {
        key,
        size: inBu.amount,
        ndcs: [],
        containers: new Set(),
        byNdc: new Map(),
        presentations: new Set(),
      };
      byKey.set(key, g);
    }
    g.presentations.add(p.presentation ?? '');
    if (p.ndc11 && !g.ndcs.includes(p.ndc11)) {
      g.ndcs.push(p.ndc11);
      const known: { container: ContainerLookup; volumeMl?: Rational; volumeSource?: string } = {
        container: p.container ?? 'unknown',
      };
      if (p.volumeMl !== undefined) known.volumeMl = toRational(p.volumeMl);
      if (p.volumeSource !== undefined) known.volumeSource = p.volumeSource;
      g.byNdc.set(p.ndc11, known);
    }
    g.containers.add(p.container ?? 'unknown');
    if (p.containerReason && !g.containerReason) g.containerReason = p.containerReason;
    if (p.description && !g.description) g.description = p.description;
    if (p.volumeMl !== undefined && g.volumeMl === undefined) {
      g.volumeMl = toRational(p.volumeMl);
      if (p.volumeSource) g.volumeSource = p.volumeSource;
    }
  }
  const groups = [...byKey.values()];
  for (const g of groups) g.ndcs.sort();
  return groups.sort((a, b) => cmp(b.size, a.size));
}

function groupContainer(g: SizeGroup | undefined): ContainerLookup {
  if (!g || g.containers.size !== 1) return 'unknown';
  return [...g.containers][0] ?? 'unknown';
}

/** Container type and volume of an opened item: the named NDC's own, else the size group's (when unambiguous). */
function describeItem(item: OpenedItem, group: SizeGroup | undefined, ndc: string | undefined): OpenedItem {
  const known = ndc ? group?.byNdc.get(ndc) : undefined;
  if (known) {
    item.container = known.container;
    if (known.volumeMl) item.volumeMl = known.volumeMl;
    if (known.volumeSource) item.volumeSource = known.volumeSource;
    return item;
  }
  item.container = groupContainer(group);
  if (group?.volumeMl && group.ndcs.length <= 1) {
    item.volumeMl = group.volumeMl;
    if (group.volumeSource) item.volumeSource = group.volumeSource;
  }
  return item;
}

function itemsFromCombination(c: Combination, groups: SizeGroup[]): OpenedItem[] {
  return c.items.map((it) => {
    const group = groups.find((g) => g.key === it.key);
    const item: OpenedItem = { size: it.size, count: it.count, container: 'unknown' };
    if (group) item.group = group;
    if (group && group.ndcs.length === 1) item.ndc = group.ndcs[0] as string;
    return describeItem(item, group, item.ndc);
  });
}

function matchOpened(
  openedIn: readonly OpenedInput[],
  groups: SizeGroup[],
  buUnit: MeasureUnit,
  warnings: Problem[],
): { ok: true; items: OpenedItem[] } | { ok: false; problems: Problem[] } {
  const merged = new Map<string, OpenedItem>();
  for (const o of openedIn) {
    const q: Quantity = { amount: toRational(o.amount.amount), unit: o.amount.unit };
    const inBu = convert(q, buUnit);
    if (!inBu || !isPositive(inBu.amount) || !Number.isSafeInteger(o.count) || o.count < 1) {
      return {
        ok: false,
        problems: [
          problem(
            'opened.unparsed',
            `opened package ${formatQuantity(q)} × ${o.count} cannot be used: it must be a positive amount in ${unitSymbol(buUnit)}'s kind and a whole count`,
            {},
          ),
        ],
      };
    }
    const sameSize = groups.filter((g) => eq(g.size, inBu.amount));
    const group = o.ndc11
      ? (sameSize.find((g) => g.ndcs.includes(o.ndc11 as string)) ?? sameSize[0])
      : sameSize[0];
    if (!group && groups.length > 0) {
      warnings.push(
        problem(
          'opened.not-in-crosswalk',
          `opened size ${formatQuantity(inBu)} is not among the package sizes known for this code: container type and NDC unknown for it`,
          {
            size: toNumber(inBu.amount),
          },
        ),
      );
    }
    const key = `${toDecimalString(inBu.amount, 12)}|${o.ndc11 ?? ''}`;
    const prev = merged.get(key);
    if (prev) {
      const count = BigInt(prev.count) + BigInt(o.count);
      if (count > MAX_EXACT_INTEGER) {
        const what = `the opened ${exactText(inBu)} packages`;
        return { ok: false, problems: [tooLarge('packages.too-large', what, `${count} of them`)] };
      }
      prev.count += o.count;
      continue;
    }
    const item: OpenedItem = { size: inBu.amount, count: o.count, container: 'unknown' };
    if (group) item.group = group;
    if (o.ndc11) item.ndc = o.ndc11;
    else if (group && group.ndcs.length === 1) item.ndc = group.ndcs[0] as string;
    merged.set(key, describeItem(item, group, item.ndc));
  }
  const items = [...merged.values()].sort((a, b) => cmp(b.size, a.size));
  return { ok: true, items };
}

function describeOpened(items: OpenedItem[], unit: MeasureUnit): string {
  return items.map((i) => `${i.count} × ${formatQuantity({ amount: i.size, unit })}`).join(' + ');
}

function openedSignature(items: OpenedItem[]): string {
  return items
    .map((i) => `${toDecimalString(i.size, 12)}×${i.count}`)
    .sort()
    .join('+');
}

function packageOut(i: OpenedItem, unit: MeasureUnit): PackageOut {
  const p: PackageOut = { size: out(i.size, unit), count: i.count, container: i.container };
  if (i.ndc) p.ndc = i.ndc;
  else if (i.group && i.group.ndcs.length > 1) p.ndcOptions = [...i.group.ndcs];
  if (i.group?.description) p.description = i.group.description;
  return p;
}

function wasteUnitsOf(c: Combination, dose: Rational, bu: Rational, administered: number): number {
  const raw = billingUnits(sub(c.total, dose), bu, 'discarded');
  const openedUnits = Number(floor(div(c.total, bu)));
  return Math.max(0, Math.min(raw, openedUnits - administered));
}

function modifier340b(input: UnitsInput, warnings: Problem[]): string[] {
  const m = input.modifier340b;
  if (!m) return [];
  const fact = input.modifierFacts?.[m] ?? DEFAULT_MODIFIER_FACTS[m];
  const date = input.date;
  if (date && fact.terminationDate && date > fact.terminationDate) {
    warnings.push(
      problem(
        m === 'JG' ? 'modifier.jg-terminated' : 'modifier.not-in-force',
        m === 'JG'
          ? `modifier JG was terminated on ${fact.terminationDate}: for ${date} use TB on 340B-acquired drugs (${fact.source})`
          : `modifier ${m} is not in force on ${date} (terminated ${fact.terminationDate}; ${fact.source})`,
        { modifier: m, date, terminationDate: fact.terminationDate },
      ),
    );
  } else if (date && fact.effectiveFrom && date < fact.effectiveFrom) {
    warnings.push(
      problem(
        'modifier.not-in-force',
        `modifier ${m} is not in force on ${date} (effective ${fact.effectiveFrom}; ${fact.source})`,
        { modifier: m, date },
      ),
    );
  }
  return [m];
}

function addNdcQuantities(
  lines: LineOut[],
  opened: OpenedItem[],
  bu: Rational,
  buUnit: MeasureUnit,
  input: UnitsInput,
  rules: RuleApplied[],
  warnings: Problem[],
): void {
  if (opened.length === 0 || lines.length === 0) return;
  const ndcs = new Set(opened.map((o) => o.ndc ?? '?'));
  if (ndcs.size !== 1 || ndcs.has('?')) {
    const named = [...ndcs].filter((n) => n !== '?');
    warnings.push(
      problem(
        'ndc.multiple',
        opened.some((o) => !o.ndc)
          ? 'the NDC of the opened packages is not known for certain (several NDCs share a size, or none): put the NDC of the vials used on the claim'
          : `the opened packages have ${named.length} NDCs (${named.join(', ')}): a claim line carries one NDC — follow the payer's rule (one line per NDC, or the NDC of the largest package)`,
        { ndcs: named },
      ),
    );
    return;
  }
  const item = opened[0] as OpenedItem;
  const ndc11 = item.ndc as string;
  const itemAmount = item.size;
  let volume: Rational | undefined = item.volumeMl;
  let volumeSource = item.volumeSource;
  if (input.concentration) {
    const perMl = convert(input.concentration.perMl, buUnit);
    if (perMl && isPositive(perMl.amount)) {
      volume = div(itemAmount, perMl.amount);
      volumeSource = input.concentration.source;
    }
  }
  const kind = unitKind(buUnit);
  let unit: NdcUnit = input.ndcUnit ?? (volume ? 'ML' : 'UN');
  if (unit === 'ML' && !volume) {
    warnings.push(
      problem(
        'ndc.quantity-unavailable',
        `the volume of NDC ${ndc11} is not known: NDC quantity given in UN (give --concentration for ML)`,
        { ndc: ndc11 },
      ),
    );
    unit = 'UN';
  }
  if ((unit === 'ME' || unit === 'GR') && kind !== 'mass') unit = 'UN';
  if (unit === 'F2' && kind !== 'international-units' && kind !== 'units') unit = 'UN';
  // Billed units round the dose up (125 mg at 10 mg a unit is 13 units), but the NDC quantity reports drug that
  // was in the packages: each line takes its amount from what the opened packages hold, never more.
  let remaining = opened.reduce((sum, o) => add(sum, mul(o.size, ratio(BigInt(o.count)))), ZERO);
  for (const line of lines) {
    const billed = mul(bu, ratio(BigInt(line.units)));
    const amount = lt(remaining, billed) ? remaining : billed;
    remaining = sub(remaining, amount);
    let qty: Rational;
    switch (unit) {
      case 'ML':
        qty = div(mul(amount, volume as Rational), itemAmount);
        break;
      case 'ME':
        qty = (convert({ amount, unit: buUnit }, 'mg') as Quantity).amount;
        break;
      case 'GR':
        qty = (convert({ amount, unit: buUnit }, 'g') as Quantity).amount;
        break;
      case 'F2':
        qty = amount;
        break;
      case 'UN':
        qty = div(amount, itemAmount);
        break;
    }
    line.ndc = { ndc11, unit, quantity: toNumber(qty, 3) };
  }
  const how =
    unit === 'ML'
      ? `${formatQuantity({ amount: itemAmount, unit: buUnit })} per ${dec(volume as Rational)} mL (${volumeSource ?? 'package'})`
      : unit === 'UN'
        ? `items of ${formatQuantity({ amount: itemAmount, unit: buUnit })}, prorated to each line's amount`
        : `amount in ${unit === 'ME' ? 'mg' : unit === 'GR' ? 'g' : 'units'}`;
  rules.push(
    applied(
      'ndc.quantity',
      `NDC ${ndc11}: ${lines.map((l) => `${l.ndc?.unit}${l.ndc?.quantity}`).join(', ')} — ${how}; 3 decimals`,
    ),
  );
}
