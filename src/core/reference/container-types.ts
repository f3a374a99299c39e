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
  /**
   * Set on a presentation its label lets patients inject themselves (a prefilled syringe or autoinjector for home
   * use): where the label says so. Medicare Part B does not pay a drug usually self-administered (SSA 1861(s)(2)(A)
   * and (B): "which cannot be self-administered"), even under a HCPCS code that covers the drug's other forms.
   */
  selfAdministered?: LabelSource;
  /** Set on a kit whose syringe is applied with an on-body injector (Neulasta Onpro): CPT 96377, not 96372. */
  onBodyInjector?: true;
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

const remicade: LabelSource = {
  label:
    'REMICADE (infliximab) for injection, for intravenous use — prescribing information (Janssen Biotech)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg lyophilized infliximab in a single-dose vial (the unbranded Janssen Infliximab is the same product)',
  version: 'PI revised 2021',
};
const inflectra: LabelSource = {
  label: 'INFLECTRA (infliximab-dyyb) for injection, for intravenous use — prescribing information (Pfizer)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2023',
};
const renflexis: LabelSource = {
  label: 'RENFLEXIS (infliximab-abda) for injection, for intravenous use — prescribing information (Organon)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2023',
};
const avsola: LabelSource = {
  label: 'AVSOLA (infliximab-axxq) for injection, for intravenous use — prescribing information (Amgen)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2021',
};
const prolia: LabelSource = {
  label: 'PROLIA (denosumab) injection, for subcutaneous use — prescribing information (Amgen)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 60 mg/mL in a single-dose prefilled syringe',
  version: 'PI revised 2024',
};
const xgeva: LabelSource = {
  label: 'XGEVA (denosumab) injection, for subcutaneous use — prescribing information (Amgen)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 120 mg/1.7 mL (70 mg/mL) in a single-dose vial',
  version: 'PI revised 2020',
};
const neulasta: LabelSource = {
  label: 'NEULASTA (pegfilgrastim) injection, for subcutaneous use — prescribing information (Amgen)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 6 mg/0.6 mL in a single-dose prefilled syringe, alone or co-packaged with the Onpro on-body injector',
  version: 'PI revised 2021',
};
const darzalex: LabelSource = {
  label: 'DARZALEX (daratumumab) injection, for intravenous use — prescribing information (Janssen Biotech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/5 mL and 400 mg/20 mL (20 mg/mL) single-dose vials',
  version: 'PI revised 2024',
};
const darzalexFaspro: LabelSource = {
  label:
    'DARZALEX FASPRO (daratumumab and hyaluronidase-fihj) injection, for subcutaneous use — prescribing information (Janssen Biotech)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 1,800 mg daratumumab and 30,000 units hyaluronidase per 15 mL in a single-dose vial',
  version: 'PI revised 2024',
};
const perjeta: LabelSource = {
  label: 'PERJETA (pertuzumab) injection, for intravenous use — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 420 mg/14 mL (30 mg/mL) single-dose vial',
  version: 'PI revised 2021',
};
const erbitux: LabelSource = {
  label: 'ERBITUX (cetuximab) injection, for intravenous use — prescribing information (Eli Lilly)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/50 mL and 200 mg/100 mL (2 mg/mL) single-dose vials',
  version: 'PI revised 2021',
};
const entyvio: LabelSource = {
  label: 'ENTYVIO (vedolizumab) for injection, for intravenous use — prescribing information (Takeda)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 300 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2024',
};
const ocrevus: LabelSource = {
  label: 'OCREVUS (ocrelizumab) injection, for intravenous use — prescribing information (Genentech)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 300 mg/10 mL (30 mg/mL) single-dose vial',
  version: 'PI revised 2024',
};
const yervoy: LabelSource = {
  label:
    'YERVOY (ipilimumab) injection, for intravenous use — prescribing information (Bristol-Myers Squibb)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 50 mg/10 mL and 200 mg/40 mL (5 mg/mL) single-dose vials',
  version: 'PI revised 2023',
};
const vectibix: LabelSource = {
  label: 'VECTIBIX (panitumumab) injection, for intravenous use — prescribing information (Amgen)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/5 mL and 400 mg/20 mL (20 mg/mL) single-dose vials',
  version: 'PI revised 2021',
};
const velcade: LabelSource = {
  label:
    'VELCADE (bortezomib) for injection, for subcutaneous or intravenous use — prescribing information (Takeda)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 3.5 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2022',
};
const kyprolis: LabelSource = {
  label: 'KYPROLIS (carfilzomib) for injection, for intravenous use — prescribing information (Amgen)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 10 mg, 30 mg and 60 mg lyophilized powder in single-dose vials',
  version: 'PI revised 2022',
};
const abraxane: LabelSource = {
  label:
    'ABRAXANE (paclitaxel protein-bound particles for injectable suspension) (albumin-bound), for intravenous use — prescribing information (Celgene / Bristol-Myers Squibb)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg of paclitaxel as lyophilized powder in a single-dose vial',
  version: 'PI revised 2020',
};
const orenciaIv: LabelSource = {
  label:
    'ORENCIA (abatacept) for injection, for intravenous use — prescribing information (Bristol-Myers Squibb)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 250 mg lyophilized powder in a single-dose vial (supplied with a silicone-free syringe)',
  version: 'PI revised 2021',
};
const orenciaSc: LabelSource = {
  label:
    'ORENCIA (abatacept) injection, for subcutaneous use — prescribing information (Bristol-Myers Squibb)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 50 mg/0.4 mL, 87.5 mg/0.7 mL and 125 mg/mL single-dose prefilled syringes, and 125 mg/mL single-dose ClickJect autoinjectors',
  version: 'PI revised 2021',
};
/** Where the ORENCIA label lets patients inject the subcutaneous presentations themselves. */
const orenciaScSelfInjection: LabelSource = {
  label: orenciaSc.label,
  section:
    '2 DOSAGE AND ADMINISTRATION (subcutaneous dosing): ORENCIA subcutaneous injection is intended for use under the guidance of a physician; after proper training in injection technique patients may self-inject (Instructions for Use of the prefilled syringe and of the ClickJect autoinjector)',
  version: orenciaSc.version,
};
const actemra: LabelSource = {
  label: 'ACTEMRA (tocilizumab) injection, for intravenous use — prescribing information (Genentech)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: 80 mg/4 mL, 200 mg/10 mL and 400 mg/20 mL (20 mg/mL) single-dose vials',
  version: 'PI revised 2022',
};
const adcetris: LabelSource = {
  label:
    'ADCETRIS (brentuximab vedotin) for injection, for intravenous use — prescribing information (Seagen / Pfizer)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 50 mg lyophilized powder in a single-dose vial',
  version: 'PI revised 2023',
};
const halaven: LabelSource = {
  label: 'HALAVEN (eribulin mesylate) injection, for intravenous use — prescribing information (Eisai)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 1 mg/2 mL (0.5 mg/mL) single-dose vial',
  version: 'PI revised 2022',
};
const faslodex: LabelSource = {
  label: 'FASLODEX (fulvestrant) injection, for intramuscular use — prescribing information (AstraZeneca)',
  section:
    '16 HOW SUPPLIED/STORAGE AND HANDLING: two 250 mg/5 mL (50 mg/mL) single-dose prefilled syringes per carton',
  version: 'PI revised 2020',
};
const mvasi: LabelSource = {
  label: 'MVASI (bevacizumab-awwb) injection, for intravenous use — prescribing information (Amgen)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/4 mL and 400 mg/16 mL (25 mg/mL) single-dose vials',
  version: 'PI revised 2023',
};
const zirabev: LabelSource = {
  label: 'ZIRABEV (bevacizumab-bvzr) injection, for intravenous use — prescribing information (Pfizer)',
  section: '16 HOW SUPPLIED/STORAGE AND HANDLING: 100 mg/4 mL and 400 mg/16 mL (25 mg/mL) single-dose vials',
  version: 'PI revised 2023',
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
  // infliximab — J1745 (10 mg), not biosimilar
  {
    hcpcs: 'J1745',
    ndc11: '57894003001',
    product: 'Remicade 100 mg',
    labeler: 'Janssen Biotech',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: remicade,
  },
  {
    hcpcs: 'J1745',
    ndc11: '57894016001',
    product: 'Infliximab (unbranded Remicade) 100 mg',
    labeler: 'Janssen Biotech',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: remicade,
  },
  // infliximab biosimilars — Q5103, Q5104, Q5121 (10 mg)
  {
    hcpcs: 'Q5103',
    ndc11: '00069080901',
    product: 'Inflectra 100 mg',
    labeler: 'Pfizer',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: inflectra,
  },
  {
    hcpcs: 'Q5104',
    ndc11: '78206016201',
    product: 'Renflexis 100 mg',
    labeler: 'Organon',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: renflexis,
  },
  {
    hcpcs: 'Q5121',
    ndc11: '55513067001',
    product: 'Avsola 100 mg',
    labeler: 'Amgen',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: avsola,
  },
  // denosumab — J0897 (1 mg)
  {
    hcpcs: 'J0897',
    ndc11: '55513071001',
    product: 'Prolia 60 mg/mL prefilled syringe',
    labeler: 'Amgen',
    strengthMg: 60,
    volumeMl: 1,
    form: 'solution',
    concentrationMgPerMl: 60,
    container: 'single-dose',
    source: prolia,
  },
  {
    hcpcs: 'J0897',
    ndc11: '55513071021',
    product: 'Prolia 60 mg/mL prefilled syringe',
    labeler: 'Amgen',
    strengthMg: 60,
    volumeMl: 1,
    form: 'solution',
    concentrationMgPerMl: 60,
    container: 'single-dose',
    source: prolia,
  },
  {
    hcpcs: 'J0897',
    ndc11: '55513073001',
    product: 'Xgeva 120 mg/1.7 mL',
    labeler: 'Amgen',
    strengthMg: 120,
    volumeMl: 1.7,
    form: 'solution',
    concentrationMgPerMl: 70,
    container: 'single-dose',
    source: xgeva,
  },
  // pegfilgrastim — J2506 (0.5 mg)
  {
    hcpcs: 'J2506',
    ndc11: '55513019001',
    product: 'Neulasta 6 mg/0.6 mL prefilled syringe',
    labeler: 'Amgen',
    strengthMg: 6,
    volumeMl: 0.6,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: neulasta,
  },
  {
    hcpcs: 'J2506',
    ndc11: '55513019201',
    product: 'Neulasta Onpro kit 6 mg/0.6 mL prefilled syringe',
    labeler: 'Amgen',
    strengthMg: 6,
    volumeMl: 0.6,
    form: 'solution',
    concentrationMgPerMl: 10,
    container: 'single-dose',
    source: neulasta,
    onBodyInjector: true,
  },
  // daratumumab — J9145 (10 mg)
  {
    hcpcs: 'J9145',
    ndc11: '57894050505',
    product: 'Darzalex 100 mg/5 mL',
    labeler: 'Janssen Biotech',
    strengthMg: 100,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: darzalex,
  },
  {
    hcpcs: 'J9145',
    ndc11: '57894050520',
    product: 'Darzalex 400 mg/20 mL',
    labeler: 'Janssen Biotech',
    strengthMg: 400,
    volumeMl: 20,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: darzalex,
  },
  // daratumumab and hyaluronidase — J9144 (10 mg)
  {
    hcpcs: 'J9144',
    ndc11: '57894050301',
    product: 'Darzalex Faspro 1,800 mg/15 mL',
    labeler: 'Janssen Biotech',
    strengthMg: 1800,
    volumeMl: 15,
    form: 'solution',
    concentrationMgPerMl: 120,
    container: 'single-dose',
    source: darzalexFaspro,
  },
  // pertuzumab — J9306 (1 mg)
  {
    hcpcs: 'J9306',
    ndc11: '50242014501',
    product: 'Perjeta 420 mg/14 mL',
    labeler: 'Genentech',
    strengthMg: 420,
    volumeMl: 14,
    form: 'solution',
    concentrationMgPerMl: 30,
    container: 'single-dose',
    source: perjeta,
  },
  // cetuximab — J9055 (10 mg)
  {
    hcpcs: 'J9055',
    ndc11: '66733094823',
    product: 'Erbitux 100 mg/50 mL',
    labeler: 'Eli Lilly',
    strengthMg: 100,
    volumeMl: 50,
    form: 'solution',
    concentrationMgPerMl: 2,
    container: 'single-dose',
    source: erbitux,
  },
  {
    hcpcs: 'J9055',
    ndc11: '66733095823',
    product: 'Erbitux 200 mg/100 mL',
    labeler: 'Eli Lilly',
    strengthMg: 200,
    volumeMl: 100,
    form: 'solution',
    concentrationMgPerMl: 2,
    container: 'single-dose',
    source: erbitux,
  },
  // vedolizumab — J3380 (1 mg)
  {
    hcpcs: 'J3380',
    ndc11: '64764030020',
    product: 'Entyvio 300 mg',
    labeler: 'Takeda',
    strengthMg: 300,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: entyvio,
  },
  // ocrelizumab — J2350 (1 mg)
  {
    hcpcs: 'J2350',
    ndc11: '50242015001',
    product: 'Ocrevus 300 mg/10 mL',
    labeler: 'Genentech',
    strengthMg: 300,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 30,
    container: 'single-dose',
    source: ocrevus,
  },
  // ipilimumab — J9228 (1 mg)
  {
    hcpcs: 'J9228',
    ndc11: '00003232711',
    product: 'Yervoy 50 mg/10 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 50,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 5,
    container: 'single-dose',
    source: yervoy,
  },
  {
    hcpcs: 'J9228',
    ndc11: '00003232822',
    product: 'Yervoy 200 mg/40 mL',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 200,
    volumeMl: 40,
    form: 'solution',
    concentrationMgPerMl: 5,
    container: 'single-dose',
    source: yervoy,
  },
  // panitumumab — J9303 (10 mg)
  {
    hcpcs: 'J9303',
    ndc11: '55513095401',
    product: 'Vectibix 100 mg/5 mL',
    labeler: 'Amgen',
    strengthMg: 100,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: vectibix,
  },
  {
    hcpcs: 'J9303',
    ndc11: '55513095601',
    product: 'Vectibix 400 mg/20 mL',
    labeler: 'Amgen',
    strengthMg: 400,
    volumeMl: 20,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: vectibix,
  },
  // bortezomib — J9041 (0.1 mg): Velcade only; the generics are other labels
  {
    hcpcs: 'J9041',
    ndc11: '63020004901',
    product: 'Velcade 3.5 mg',
    labeler: 'Takeda',
    strengthMg: 3.5,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: velcade,
  },
  // carfilzomib — J9047 (1 mg)
  {
    hcpcs: 'J9047',
    ndc11: '76075010301',
    product: 'Kyprolis 10 mg',
    labeler: 'Amgen',
    strengthMg: 10,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: kyprolis,
  },
  {
    hcpcs: 'J9047',
    ndc11: '76075010201',
    product: 'Kyprolis 30 mg',
    labeler: 'Amgen',
    strengthMg: 30,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: kyprolis,
  },
  {
    hcpcs: 'J9047',
    ndc11: '76075010101',
    product: 'Kyprolis 60 mg',
    labeler: 'Amgen',
    strengthMg: 60,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: kyprolis,
  },
  // paclitaxel protein-bound — J9264 (1 mg): Abraxane only
  {
    hcpcs: 'J9264',
    ndc11: '68817013450',
    product: 'Abraxane 100 mg',
    labeler: 'Celgene',
    strengthMg: 100,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: abraxane,
  },
  // abatacept — J0129 (10 mg)
  {
    hcpcs: 'J0129',
    ndc11: '00003218713',
    product: 'Orencia 250 mg (intravenous)',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 250,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: orenciaIv,
  },
  {
    hcpcs: 'J0129',
    ndc11: '00003218811',
    product: 'Orencia 125 mg/mL prefilled syringe',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 125,
    volumeMl: 1,
    form: 'solution',
    concentrationMgPerMl: 125,
    container: 'single-dose',
    source: orenciaSc,
    selfAdministered: orenciaScSelfInjection,
  },
  {
    hcpcs: 'J0129',
    ndc11: '00003218851',
    product: 'Orencia ClickJect 125 mg/mL autoinjector',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 125,
    volumeMl: 1,
    form: 'solution',
    concentrationMgPerMl: 125,
    container: 'single-dose',
    source: orenciaSc,
    selfAdministered: orenciaScSelfInjection,
  },
  {
    hcpcs: 'J0129',
    ndc11: '00003281411',
    product: 'Orencia 50 mg/0.4 mL prefilled syringe',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 50,
    volumeMl: 0.4,
    form: 'solution',
    concentrationMgPerMl: 125,
    container: 'single-dose',
    source: orenciaSc,
    selfAdministered: orenciaScSelfInjection,
  },
  {
    hcpcs: 'J0129',
    ndc11: '00003281811',
    product: 'Orencia 87.5 mg/0.7 mL prefilled syringe',
    labeler: 'E.R. Squibb & Sons',
    strengthMg: 87.5,
    volumeMl: 0.7,
    form: 'solution',
    concentrationMgPerMl: 125,
    container: 'single-dose',
    source: orenciaSc,
    selfAdministered: orenciaScSelfInjection,
  },
  // tocilizumab — J3262 (1 mg)
  {
    hcpcs: 'J3262',
    ndc11: '50242013501',
    product: 'Actemra 80 mg/4 mL',
    labeler: 'Genentech',
    strengthMg: 80,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: actemra,
  },
  {
    hcpcs: 'J3262',
    ndc11: '50242013601',
    product: 'Actemra 200 mg/10 mL',
    labeler: 'Genentech',
    strengthMg: 200,
    volumeMl: 10,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: actemra,
  },
  {
    hcpcs: 'J3262',
    ndc11: '50242013701',
    product: 'Actemra 400 mg/20 mL',
    labeler: 'Genentech',
    strengthMg: 400,
    volumeMl: 20,
    form: 'solution',
    concentrationMgPerMl: 20,
    container: 'single-dose',
    source: actemra,
  },
  // brentuximab vedotin — J9042 (1 mg)
  {
    hcpcs: 'J9042',
    ndc11: '51144005001',
    product: 'Adcetris 50 mg',
    labeler: 'Pfizer (Seagen)',
    strengthMg: 50,
    volumeMl: null,
    form: 'lyophilized-powder',
    concentrationMgPerMl: null,
    container: 'single-dose',
    source: adcetris,
  },
  // eribulin — J9179 (0.1 mg): Halaven only
  {
    hcpcs: 'J9179',
    ndc11: '62856038901',
    product: 'Halaven 1 mg/2 mL',
    labeler: 'Eisai',
    strengthMg: 1,
    volumeMl: 2,
    form: 'solution',
    concentrationMgPerMl: 0.5,
    container: 'single-dose',
    source: halaven,
  },
  // fulvestrant — J9395 (25 mg): Faslodex only
  {
    hcpcs: 'J9395',
    ndc11: '00310072010',
    product: 'Faslodex 250 mg/5 mL prefilled syringe (carton of 2)',
    labeler: 'AstraZeneca',
    strengthMg: 250,
    volumeMl: 5,
    form: 'solution',
    concentrationMgPerMl: 50,
    container: 'single-dose',
    source: faslodex,
  },
  // bevacizumab biosimilars — Q5107, Q5118 (10 mg)
  {
    hcpcs: 'Q5107',
    ndc11: '55513020601',
    product: 'Mvasi 100 mg/4 mL',
    labeler: 'Amgen',
    strengthMg: 100,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: mvasi,
  },
  {
    hcpcs: 'Q5107',
    ndc11: '55513020701',
    product: 'Mvasi 400 mg/16 mL',
    labeler: 'Amgen',
    strengthMg: 400,
    volumeMl: 16,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: mvasi,
  },
  {
    hcpcs: 'Q5118',
    ndc11: '00069031501',
    product: 'Zirabev 100 mg/4 mL',
    labeler: 'Pfizer',
    strengthMg: 100,
    volumeMl: 4,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: zirabev,
  },
  {
    hcpcs: 'Q5118',
    ndc11: '00069034201',
    product: 'Zirabev 400 mg/16 mL',
    labeler: 'Pfizer',
    strengthMg: 400,
    volumeMl: 16,
    form: 'solution',
    concentrationMgPerMl: 25,
    container: 'single-dose',
    source: zirabev,
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
