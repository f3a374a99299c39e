/**
 * Single-dose or multiple-dose container, per product: a curated table of label facts.
 *
 * JW/JZ apply only to drugs from single-dose containers (CMS JW/JZ FAQ), and neither the HCPCS file nor the ASP
 * crosswalk says which kind a package is. So each entry below is a fact read from the product's FDA label
 * ("HOW SUPPLIED" / package table), named in `source`, with the NDC as the January 2026 CMS ASP NDC-HCPCS
 * crosswalk lists it. A product that is not in this table is 'unknown', and the dosing engine then says so
 * ("container type unknown: JW/JZ cannot be decided; check the label") instead of guessing.
 *
 * Entries with `ndc11: null` are identified by HCPCS code and strength only (the presentation is not in the
 * crosswalk), so a caller that has only a size can still be told.
 */

export type ContainerType = 'single-dose' | 'multi-dose';
export type ContainerLookup = ContainerType | 'unknown';
export type ProductForm = 'solution' | 'lyophilized-powder';

export interface LabelSource {
  /** Product and document, e.g. "IMFINZI (durvalumab) injection, prescribing information". */
  label: string;
  /** Section the fact is read from. */
  section: string;
  /** Label revision or the version the fact was checked against. */
  version: string;
}

export interface ContainerEntry {
  hcpcs: string;
  /** 11-digit NDC without hyphens (5-4-2) as in the CMS crosswalk; null when identified by strength only. */
  ndc11: string | null;
  product: string;
  labeler: string;
  /** Drug amount in one container (mg). */
  strengthMg: number;
  /** Volume of one container (mL) for solutions; null for powders. */
  volumeMl: number | null;
  form: ProductForm;
  /** Labelled concentration (mg/mL) of a solution; null for powders (their concentration depends on reconstitution). */
  concentrationMgPerMl: number | null;
  container: ContainerType;
  source: LabelSource;
  note?: string;
}

const imfinzi: LabelSource = {
  label: 'IMFINZI (durvalumab) injection, for intravenous use — prescribing information (AstraZeneca)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 500 mg/10 mL and 120 mg/2.4 mL (50 mg/mL) single-dose vials',
  version: 'PI revised 03/2025',
};
const keytruda: LabelSource = {
  label: 'KEYTRUDA (pembrolizumab) injection, for intravenous use — prescribing information (Merck)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/4 mL (25 mg/mL) single-dose vial; cartons of one or two vials',
  version: 'PI revised 2025',
};
const opdivo: LabelSource = {
  label: 'OPDIVO (nivolumab) injection, for intravenous use — prescribing information (Bristol-Myers Squibb)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 40 mg/4 mL, 100 mg/10 mL, 120 mg/12 mL, 240 mg/24 mL (10 mg/mL) single-dose vials',
  version: 'PI revised 2025',
};
const tecentriq: LabelSource = {
  label: 'TECENTRIQ (atezolizumab) injection, for intravenous use — prescribing information (Genentech)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 840 mg/14 mL and 1,200 mg/20 mL (60 mg/mL) single-dose vials',
  version: 'PI revised 2024',
};
const polivy: LabelSource = {
  label: 'POLIVY (polatuzumab vedotin-piiq) for injection — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 30 mg and 140 mg lyophilized powder in single-dose vials',
  version: 'PI revised 04/2023',
};
const herceptin: LabelSource = {
  label: 'HERCEPTIN (trastuzumab) for injection, for intravenous use — prescribing information (Genentech)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 150 mg single-dose vial; 420 mg multiple-dose vial (supplied with Bacteriostatic Water for Injection)',
  version: 'PI revised 2024',
};
const herceptin440: LabelSource = {
  label: 'HERCEPTIN (trastuzumab) intravenous infusion — prescribing information (Genentech)',
  section:
    '16.1 How Supplied: 440 mg multi-use vial with 20 mL Bacteriostatic Water for Injection, NDC 50242-134-68',
  version: 'PI with recent major changes 10/2010 (earlier presentation)',
};
const kadcyla: LabelSource = {
  label: 'KADCYLA (ado-trastuzumab emtansine) for injection — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg and 160 mg lyophilized powder in single-dose vials',
  version: 'PI revised 2022',
};
const avastin: LabelSource = {
  label: 'AVASTIN (bevacizumab) injection, for intravenous use — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/4 mL and 400 mg/16 mL (25 mg/mL) single-dose vials',
  version: 'PI revised 2022',
};
const rituxan: LabelSource = {
  label: 'RITUXAN (rituximab) injection, for intravenous use — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/10 mL and 500 mg/50 mL (10 mg/mL) single-dose vials',
  version: 'PI revised 2021',
};
const alimta: LabelSource = {
  label: 'ALIMTA (pemetrexed) for injection — prescribing information (Eli Lilly)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg and 500 mg lyophilized powder in single-dose vials',
  version: 'PI revised 2022',
};
const carboplatinHospira: LabelSource = {
  label: 'Carboplatin Injection (Hospira, Inc.; NDC 61703-339) — DailyMed label',
  section:
    'DESCRIPTION / HOW SUPPLIED: 50 mg/5 mL, 150 mg/15 mL, 450 mg/45 mL and 600 mg/60 mL multiple-dose vials (10 mg/mL)',
  version: 'DailyMed label 2024',
};
const carboplatinTeva: LabelSource = {
  label: 'Carboplatin Injection (Teva Parenteral Medicines, Inc.) — prescribing information',
  section:
    'HOW SUPPLIED / STORAGE: 10 mg/mL multidose vials (stable up to 14 days at 25 °C after multiple needle entries)',
  version: 'Rev. A 10/2011',
};
const paclitaxelHospira: LabelSource = {
  label: 'Paclitaxel Injection, USP (Hospira, Inc.; NDC 61703-342) — DailyMed label',
  section:
    'HOW SUPPLIED package table: 61703-342-09 30 mg/5 mL, -22 100 mg/16.7 mL, -50 300 mg/50 mL, each a Multiple-dose Vial',
  version: 'DailyMed label updated 2024-07-18',
};
const paclitaxelFresenius: LabelSource = {
  label: 'Paclitaxel Injection, USP (Fresenius Kabi USA, LLC) — DailyMed label',
  section: 'DESCRIPTION: 30 mg (5 mL), 100 mg (16.7 mL) and 300 mg (50 mL) multidose vials, 6 mg/mL',
  version: 'DailyMed label (current as checked)',
};

/**
 * The curated table. NDCs are those the CMS January 2026 ASP NDC-HCPCS crosswalk lists for the code.
 * @see LabelSource of each entry for the label and section the container type is read from.
 */
export const CONTAINER_TYPES: readonly ContainerEntry[] = [
  // durvalumab — J9173 (10 mg)
  {
    hcpcs: 'J9173',
    ndc11: '00310450012',
    product: 'Imfinzi 120 mg/2.4 mL',
    labeler: 'AstraZeneca',
    strengthMg: 120,
    volumeMl: 2.4,
    form: 'solution',
    concentrationMgPerMl: 50,
    container: 'single-dose',
    source: imfinzi,
  },
  {
    hcpcs: 'J9173',
    ndc11: '00310461150',
    product: 'Imfinzi 500 mg/10 mL',
    labeler: 'AstraZeneca',
    strengthMg: 500,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 50,
    container: 'single-dose',
    source: imfinzi,
  },
  // pembrolizumab — J9271 (1 mg)
  {
    hcpcs: 'J9271',
    ndc11: '00006302602',
    product: 'Keytruda 100 mg/4 mL (carton of 1)',
    labeler: 'Merck Sharp & Dohme',
    strengthMg: 100,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: keytruda,
  },
  {
    hcpcs: 'J9271',
    ndc11: '00006302604',
    product: 'Keytruda 100 mg/4 mL (carton of 2)',
    labeler: 'Merck Sharp & Dohme',
    strengthMg: 100,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: keytruda,
  },
  // nivolumab — J9299 (1 mg)
  {
    hcpcs: 'J9299',
    ndc11: '00003377211',
    product: 'Opdivo 40 mg/4 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 40,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: opdivo,
  },
  {
    hcpcs: 'J9299',
    ndc11: '00003377412',
    product: 'Opdivo 100 mg/10 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 100,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: opdivo,
  },
  {
    hcpcs: 'J9299',
    ndc11: '00003375614',
    product: 'Opdivo 120 mg/12 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 120,
    volumeMl: 12,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: opdivo,
  },
  {
    hcpcs: 'J9299',
    ndc11: '00003373413',
    product: 'Opdivo 240 mg/24 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 240,
    volumeMl: 24,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: opdivo,
  },
  // atezolizumab — J9022 (10 mg)
  {
    hcpcs: 'J9022',
    ndc11: '50242091801',
    product: 'Tecentriq 840 mg/14 mL',
    labeler: 'Genentech',
    strengthMg: 840,
    volumeMl: 14,
    form: 'solution',
    concentrationMgPerMl: 60,
    container: 'single-dose',
    source: tecentriq,
  },
  {
    hcpcs: 'J9022',
    ndc11: '50242091701',
    product: 'Tecentriq 1,200 mg/20 mL',
    labeler: 'Genentech',
    strengthMg: 1200,
    volumeMl: 20,
    form: 'solution',
    concentrationMgPerMl: 60,
    container: 'single-dose',
    source: tecentriq,
  },
  // polatuzumab vedotin — J9309 (1 mg)
  {
    hcpcs: 'J9309',
    ndc11: '50242010301',
    product: 'Polivy 30 mg',
    labeler: 'Genentech',
    strengthMg: 30,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: polivy,
  },
  {
    hcpcs: 'J9309',
    ndc11: '50242010501',
    product: 'Polivy 140 mg',
    labeler: 'Genentech',
    strengthMg: 140,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: polivy,
  },
  // trastuzumab — J9355 (10 mg)
  {
    hcpcs: 'J9355',
    ndc11: '50242013201',
    product: 'Herceptin 150 mg',
    labeler: 'Genentech',
    strengthMg: 150,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: herceptin,
  },
  {
    hcpcs: 'J9355',
    ndc11: null,
    product: 'Herceptin 420 mg',
    labeler: 'Genentech',
    strengthMg: 420,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'multi-dose',
    source: herceptin,
    note: 'Not in the January 2026 CMS crosswalk; identified by HCPCS code and strength.',
  },
  {
    hcpcs: 'J9355',
    ndc11: '50242013468',
    product: 'Herceptin 440 mg',
    labeler: 'Genentech',
    strengthMg: 440,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'multi-dose',
    source: herceptin440,
    note: 'Earlier presentation, not in the January 2026 CMS crosswalk.',
  },
  // ado-trastuzumab emtansine — J9354 (1 mg)
  {
    hcpcs: 'J9354',
    ndc11: '50242008801',
    product: 'Kadcyla 100 mg',
    labeler: 'Genentech',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: kadcyla,
  },
  {
    hcpcs: 'J9354',
    ndc11: '50242008701',
    product: 'Kadcyla 160 mg',
    labeler: 'Genentech',
    strengthMg: 160,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: kadcyla,
  },
  // bevacizumab — J9035 (10 mg)
  {
    hcpcs: 'J9035',
    ndc11: '50242006001',
    product: 'Avastin 100 mg/4 mL',
    labeler: 'Genentech',
    strengthMg: 100,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: avastin,
  },
  {
    hcpcs: 'J9035',
    ndc11: '50242006101',
    product: 'Avastin 400 mg/16 mL',
    labeler: 'Genentech',
    strengthMg: 400,
    volumeMl: 16,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: avastin,
  },
  // rituximab — J9312 (10 mg)
  {
    hcpcs: 'J9312',
    ndc11: '50242005121',
    product: 'Rituxan 100 mg/10 mL',
    labeler: 'Genentech',
    strengthMg: 100,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: rituxan,
  },
  {
    hcpcs: 'J9312',
    ndc11: '50242005306',
    product: 'Rituxan 500 mg/50 mL',
    labeler: 'Genentech',
    strengthMg: 500,
    volumeMl: 50,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: rituxan,
  },
  // pemetrexed — J9305 (10 mg)
  {
    hcpcs: 'J9305',
    ndc11: '00002764001',
    product: 'Alimta 100 mg',
    labeler: 'Eli Lilly',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: alimta,
  },
  {
    hcpcs: 'J9305',
    ndc11: '00002762301',
    product: 'Alimta 500 mg',
    labeler: 'Eli Lilly',
    strengthMg: 500,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: alimta,
  },
  // carboplatin — J9045 (50 mg), 10 mg/mL multiple-dose vials
  {
    hcpcs: 'J9045',
    ndc11: '61703033918',
    product: 'Carboplatin 50 mg/5 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 50,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinHospira,
  },
  {
    hcpcs: 'J9045',
    ndc11: '61703033922',
    product: 'Carboplatin 150 mg/15 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 150,
    volumeMl: 15,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinHospira,
  },
  {
    hcpcs: 'J9045',
    ndc11: '61703033950',
    product: 'Carboplatin 450 mg/45 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 450,
    volumeMl: 45,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinHospira,
  },
  {
    hcpcs: 'J9045',
    ndc11: '61703033956',
    product: 'Carboplatin 600 mg/60 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 600,
    volumeMl: 60,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinHospira,
    note: 'The January 2026 crosswalk lists PKG SIZE 45 for this NDC with 12 billing units (600 mg); the label says 60 mL.',
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424401',
    product: 'Carboplatin 50 mg/5 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 50,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424481',
    product: 'Carboplatin 50 mg/5 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 50,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424601',
    product: 'Carboplatin 150 mg/15 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 150,
    volumeMl: 15,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424681',
    product: 'Carboplatin 150 mg/15 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 150,
    volumeMl: 15,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424801',
    product: 'Carboplatin 450 mg/45 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 450,
    volumeMl: 45,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703424881',
    product: 'Carboplatin 450 mg/45 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 450,
    volumeMl: 45,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703423901',
    product: 'Carboplatin 600 mg/60 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 600,
    volumeMl: 60,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  {
    hcpcs: 'J9045',
    ndc11: '00703423981',
    product: 'Carboplatin 600 mg/60 mL (Teva)',
    labeler: 'Teva Parenteral Medicines',
    strengthMg: 600,
    volumeMl: 60,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'multi-dose',
    source: carboplatinTeva,
  },
  // paclitaxel — J9267 (1 mg), 6 mg/mL multiple-dose vials
  {
    hcpcs: 'J9267',
    ndc11: '61703034209',
    product: 'Paclitaxel 30 mg/5 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 30,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 6,
    container: 'multi-dose',
    source: paclitaxelHospira,
  },
  {
    hcpcs: 'J9267',
    ndc11: '61703034222',
    product: 'Paclitaxel 100 mg/16.7 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 100,
    volumeMl: 16.7,
    form: 'solution',
    concentrationMgPerMl: 6,
    container: 'multi-dose',
    source: paclitaxelHospira,
  },
  {
    hcpcs: 'J9267',
    ndc11: '61703034250',
    product: 'Paclitaxel 300 mg/50 mL (Hospira)',
    labeler: 'Pfizer (Hospira)',
    strengthMg: 300,
    volumeMl: 50,
    form: 'solution',
    concentrationMgPerMl: 6,
    container: 'multi-dose',
    source: paclitaxelHospira,
  },
  {
    hcpcs: 'J9267',
    ndc11: '63323076316',
    product: 'Paclitaxel 100 mg/16.7 mL (Fresenius Kabi)',
    labeler: 'Fresenius Kabi USA',
    strengthMg: 100,
    volumeMl: 16.7,
    form: 'solution',
    concentrationMgPerMl: 6,
    container: 'multi-dose',
    source: paclitaxelFresenius,
  },
  {
    hcpcs: 'J9267',
    ndc11: '63323076350',
    product: 'Paclitaxel 300 mg/50 mL (Fresenius Kabi)',
    labeler: 'Fresenius Kabi USA',
    strengthMg: 300,
    volumeMl: 50,
    form: 'solution',
    concentrationMgPerMl: 6,
    container: 'multi-dose',
    source: paclitaxelFresenius,
  },
];

const byNdc = new Map<string, ContainerEntry>(
  CONTAINER_TYPES.filter((e) => e.ndc11 !== null).map((e) => [e.ndc11 as string, e]),
);

export interface ContainerQuery {
  /** 11-digit NDC, with or without hyphens (5-4-2). */
  ndc11?: string;
  hcpcs?: string;
  /** Drug amount in one container, in mg, when only the size is known. */
  strengthMg?: number;
}

export interface ContainerAnswer {
  type: ContainerLookup;
  entry?: ContainerEntry;
  /** Plain words: how the answer was found, or why it is unknown. */
  reason: string;
}

/** Removes hyphens and spaces; keeps the value only if 11 digits remain. */
export function normalizeNdc11(text: string): string | undefined {
  const digits = text.replace(/[-\s]/g, '');
  return /^\d{11}$/.test(digits) ? digits : undefined;
}

/**
 * Looks up the container type: by NDC first; otherwise by HCPCS code and strength, and only when every entry of
 * that code and strength agrees. Anything else is 'unknown' — never a guess.
 */
export function containerTypeFor(query: ContainerQuery): ContainerAnswer {
  const ndc = query.ndc11 === undefined ? undefined : normalizeNdc11(query.ndc11);
  if (ndc) {
    const entry = byNdc.get(ndc);
    if (entry)
      return {
        type: entry.container,
        entry,
        reason: `NDC ${ndc}: ${entry.product}, ${entry.container} (${entry.source.label})`,
      };
    return { type: 'unknown', reason: `NDC ${ndc} is not in the container-type table` };
  }
  if (query.hcpcs !== undefined && query.strengthMg !== undefined) {
    const code = query.hcpcs.trim().toUpperCase();
    const matches = CONTAINER_TYPES.filter((e) => e.hcpcs === code && e.strengthMg === query.strengthMg);
    const kinds = new Set(matches.map((e) => e.container));
    const first = matches[0];
    if (first && kinds.size === 1) {
      return {
        type: first.container,
        entry: first,
        reason: `${code} ${query.strengthMg} mg: ${first.product}, ${first.container} (${first.source.label})`,
      };
    }
    if (kinds.size > 1)
      return {
        type: 'unknown',
        reason: `${code} ${query.strengthMg} mg exists as both single- and multiple-dose containers: give the NDC`,
      };
    return { type: 'unknown', reason: `${code} ${query.strengthMg} mg is not in the container-type table` };
  }
  return { type: 'unknown', reason: 'no NDC, or code and strength, to look the container type up by' };
}

/** Entries for a HCPCS code (for guides and for the concentration of a code's products). */
export function containerEntriesForCode(hcpcs: string): ContainerEntry[] {
  const code = hcpcs.trim().toUpperCase();
  return CONTAINER_TYPES.filter((e) => e.hcpcs === code);
}
