/**
 * Label dosing of common oncology and infusion drugs, written here as facts with the FDA label named as their
 * source. The dosing engine compares a dose with these ranges and warns (never refuses) when it falls outside;
 * the guides show the indications. Biosimilar codes share the reference product's dosing; a biosimilar's own
 * label may list fewer indications than the reference label listed here.
 *
 * `min`/`max` bound what the label allows for that basis, including its own dose reductions or escalations
 * (e.g. polatuzumab 1.8 mg/kg reduced to 1.4 then 1.0 mg/kg); `doses` are the recommended doses as written.
 * Values are decimal text so comparisons stay exact.
 */
import type { Problem } from '../problem.ts';
import { div, eq, gt, lt, mul, parseRational, toDecimalString, type Rational } from './rational.ts';
import type { DoseSpec } from './dose.ts';
import { applied, problem, type RuleApplied } from './rules.ts';

export type LabelBasis = 'flat' | 'per-kg' | 'per-m2' | 'auc';

export interface LabelDoseForm {
  basis: LabelBasis;
  /** 'mg' (flat), 'mg/kg', 'mg/m2' or 'AUC mg/mL·min'. */
  unit: 'mg' | 'mg/kg' | 'mg/m2' | 'AUC mg/mL·min';
  min: string;
  max: string;
  /** Recommended doses as the label writes them. */
  doses: string[];
  /** Cap on the resulting dose in mg, when the label sets one (e.g. "up to 200 mg"). */
  maxDoseMg?: string;
  /** Per-m² forms: a larger BSA is dosed as this one (Kyprolis: "BSA over 2.2 m² is dosed as 2.2 m²"). */
  maxBsaM2?: string;
  /**
   * Flat doses set by weight range (Orencia IV: 500 mg under 60 kg, 750 mg 60–100 kg, 1,000 mg over 100 kg): the
   * first tier whose bound holds gives the dose (`belowKg`: weight < it; `upToKg`: weight ≤ it; neither: any weight).
   */
  weightTiers?: { belowKg?: string; upToKg?: string; doseMg: string }[];
  schedule: string;
  /** Who this form is for, when the label limits it (e.g. "patients < 30 kg"). */
  population?: string;
  note?: string;
}

export interface LabelHcpcs {
  code: string;
  product: string;
  biosimilar: boolean;
}

export interface LabelIndication {
  /** Short name for display, e.g. "NSCLC, unresectable stage III (after chemoradiation)". */
  name: string;
  /** With what, when the label ties the indication to a regimen. */
  regimen?: string;
}

export interface LabelDrug {
  id: string;
  /** Non-proprietary name. */
  drug: string;
  brand: string;
  hcpcs: LabelHcpcs[];
  source: { label: string; section: string; version: string };
  forms: LabelDoseForm[];
  indications: LabelIndication[];
}

const PI = (brand: string, drug: string, who: string): string =>
  `${brand} (${drug}) — FDA prescribing information (${who})`;

/** @see each entry's `source` for the label and section its numbers are read from. */
export const LABEL_DOSING: readonly LabelDrug[] = [
  {
    id: 'durvalumab',
    drug: 'durvalumab',
    brand: 'Imfinzi',
    hcpcs: [{ code: 'J9173', product: 'Imfinzi', biosimilar: false }],
    source: {
      label: PI('IMFINZI', 'durvalumab', 'AstraZeneca'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage (Table 1)',
      version: 'PI revised 03/2025',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '1120',
        max: '1500',
        doses: ['1500', '1120'],
        schedule:
          '1500 mg every 3 or 4 weeks (regimen-dependent); 1120 mg every 3 weeks with carboplatin/paclitaxel in endometrial cancer',
        population: 'patients ≥ 30 kg',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '10',
        max: '20',
        doses: ['10', '15', '20'],
        schedule:
          '10 mg/kg every 2 weeks (stage III NSCLC, any weight); 20 mg/kg every 3–4 weeks, 15 mg/kg every 3 weeks (endometrial) for patients < 30 kg',
        population: 'weight-based: patients < 30 kg, or 10 mg/kg every 2 weeks in stage III NSCLC',
      },
    ],
    indications: [
      {
        name: 'NSCLC, resectable (neoadjuvant then adjuvant)',
        regimen: 'with platinum-containing chemotherapy, then single agent',
      },
      { name: 'NSCLC, unresectable stage III after chemoradiation' },
      { name: 'NSCLC, metastatic', regimen: 'with tremelimumab and platinum-based chemotherapy' },
      { name: 'SCLC, limited-stage after chemoradiation' },
      { name: 'SCLC, extensive-stage (first line)', regimen: 'with etoposide and carboplatin or cisplatin' },
      {
        name: 'Biliary tract cancer, locally advanced or metastatic',
        regimen: 'with gemcitabine and cisplatin',
      },
      { name: 'Hepatocellular carcinoma, unresectable', regimen: 'with tremelimumab' },
      {
        name: 'Endometrial cancer, primary advanced or recurrent, dMMR',
        regimen: 'with carboplatin and paclitaxel, then single agent',
      },
      {
        name: 'Muscle-invasive bladder cancer (neoadjuvant then adjuvant)',
        regimen: 'with gemcitabine and cisplatin, then single agent',
      },
    ],
  },
  {
    id: 'pembrolizumab',
    drug: 'pembrolizumab',
    brand: 'Keytruda',
    hcpcs: [{ code: 'J9271', product: 'Keytruda', biosimilar: false }],
    source: {
      label: PI('KEYTRUDA', 'pembrolizumab', 'Merck'),
      section: '2 DOSAGE AND ADMINISTRATION, Recommended Dosage',
      version: 'PI revised 2025',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '200',
        max: '400',
        doses: ['200', '400'],
        schedule: '200 mg every 3 weeks or 400 mg every 6 weeks',
        population: 'adults',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '2',
        max: '2',
        doses: ['2'],
        maxDoseMg: '200',
        schedule: '2 mg/kg (up to 200 mg) every 3 weeks',
        population: 'pediatric patients',
      },
    ],
    indications: [
      { name: 'Melanoma (unresectable/metastatic; adjuvant)' },
      { name: 'Non-small cell lung cancer' },
      { name: 'Malignant pleural mesothelioma', regimen: 'with pemetrexed and platinum chemotherapy' },
      { name: 'Head and neck squamous cell carcinoma' },
      { name: 'Classical Hodgkin lymphoma' },
      { name: 'Primary mediastinal large B-cell lymphoma' },
      { name: 'Urothelial carcinoma' },
      { name: 'MSI-H or dMMR cancers (solid tumours; colorectal)' },
      { name: 'Gastric or gastroesophageal junction adenocarcinoma' },
      { name: 'Esophageal carcinoma' },
      { name: 'Cervical cancer' },
      { name: 'Hepatocellular carcinoma' },
      { name: 'Biliary tract cancer', regimen: 'with gemcitabine and cisplatin' },
      { name: 'Merkel cell carcinoma' },
      { name: 'Renal cell carcinoma' },
      { name: 'Endometrial carcinoma' },
      { name: 'TMB-H solid tumours' },
      { name: 'Cutaneous squamous cell carcinoma' },
      { name: 'Triple-negative breast cancer' },
    ],
  },
  {
    id: 'nivolumab',
    drug: 'nivolumab',
    brand: 'Opdivo',
    hcpcs: [{ code: 'J9299', product: 'Opdivo', biosimilar: false }],
    source: {
      label: PI('OPDIVO', 'nivolumab', 'Bristol-Myers Squibb'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage (Table 1)',
      version: 'PI revised 2025',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '240',
        max: '480',
        doses: ['240', '360', '480'],
        schedule:
          '240 mg every 2 weeks, 360 mg every 3 weeks (with ipilimumab or chemotherapy) or 480 mg every 4 weeks',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '1',
        max: '6',
        doses: ['1', '3', '6'],
        schedule:
          '1 mg/kg or 3 mg/kg every 3 weeks with ipilimumab; 3 mg/kg every 2 weeks or 6 mg/kg every 4 weeks in pediatric patients < 40 kg',
      },
    ],
    indications: [
      { name: 'Melanoma (unresectable/metastatic; adjuvant)' },
      { name: 'Non-small cell lung cancer (neoadjuvant, perioperative, metastatic)' },
      { name: 'Malignant pleural mesothelioma', regimen: 'with ipilimumab' },
      { name: 'Renal cell carcinoma' },
      { name: 'Classical Hodgkin lymphoma' },
      { name: 'Squamous cell carcinoma of the head and neck' },
      { name: 'Urothelial carcinoma' },
      { name: 'MSI-H or dMMR metastatic colorectal cancer' },
      { name: 'Hepatocellular carcinoma' },
      { name: 'Esophageal cancer' },
      { name: 'Gastric, GEJ or esophageal adenocarcinoma' },
    ],
  },
  {
    id: 'atezolizumab',
    drug: 'atezolizumab',
    brand: 'Tecentriq',
    hcpcs: [{ code: 'J9022', product: 'Tecentriq (intravenous)', biosimilar: false }],
    source: {
      label: PI('TECENTRIQ', 'atezolizumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '840',
        max: '1680',
        doses: ['840', '1200', '1680'],
        schedule: '840 mg every 2 weeks, 1,200 mg every 3 weeks or 1,680 mg every 4 weeks',
        population: 'adults',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '15',
        max: '15',
        doses: ['15'],
        maxDoseMg: '1200',
        schedule: '15 mg/kg (up to 1,200 mg) every 3 weeks',
        population: 'pediatric patients ≥ 2 years (alveolar soft part sarcoma)',
      },
    ],
    indications: [
      { name: 'Non-small cell lung cancer (adjuvant; metastatic)' },
      { name: 'Small cell lung cancer, extensive-stage', regimen: 'with carboplatin and etoposide' },
      { name: 'Hepatocellular carcinoma, unresectable or metastatic', regimen: 'with bevacizumab' },
      { name: 'Melanoma, BRAF V600 unresectable or metastatic', regimen: 'with cobimetinib and vemurafenib' },
      { name: 'Alveolar soft part sarcoma' },
    ],
  },
  {
    id: 'polatuzumab-vedotin',
    drug: 'polatuzumab vedotin-piiq',
    brand: 'Polivy',
    hcpcs: [{ code: 'J9309', product: 'Polivy', biosimilar: false }],
    source: {
      label: PI('POLIVY', 'polatuzumab vedotin-piiq', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.1 Recommended Dosage; 2.3 Dosage Modifications',
      version: 'PI revised 04/2023',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '1',
        max: '1.8',
        doses: ['1.8'],
        schedule: '1.8 mg/kg every 21 days for 6 cycles; reduced to 1.4 mg/kg, then 1.0 mg/kg, for toxicity',
      },
    ],
    indications: [
      {
        name: 'Diffuse large B-cell lymphoma, previously untreated (IPI ≥ 2)',
        regimen: 'with rituximab, cyclophosphamide, doxorubicin and prednisone (R-CHP)',
      },
      {
        name: 'Diffuse large B-cell lymphoma, relapsed or refractory (after ≥ 2 prior therapies)',
        regimen: 'with bendamustine and rituximab',
      },
    ],
  },
  {
    id: 'trastuzumab',
    drug: 'trastuzumab',
    brand: 'Herceptin',
    hcpcs: [
      { code: 'J9355', product: 'Herceptin', biosimilar: false },
      { code: 'Q5112', product: 'Ontruzant (trastuzumab-dttb)', biosimilar: true },
      { code: 'Q5113', product: 'Herzuma (trastuzumab-pkrb)', biosimilar: true },
      { code: 'Q5114', product: 'Ogivri (trastuzumab-dkst)', biosimilar: true },
      { code: 'Q5116', product: 'Trazimera (trastuzumab-qyyp)', biosimilar: true },
      { code: 'Q5117', product: 'Kanjinti (trastuzumab-anns)', biosimilar: true },
      { code: 'Q5146', product: 'Hercessi (trastuzumab-strf)', biosimilar: true },
    ],
    source: {
      label: PI('HERCEPTIN', 'trastuzumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, Recommended Doses and Schedules',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '2',
        max: '8',
        doses: ['4', '2', '8', '6'],
        schedule: '4 mg/kg loading then 2 mg/kg weekly, or 8 mg/kg loading then 6 mg/kg every 3 weeks',
      },
    ],
    indications: [
      { name: 'HER2-overexpressing breast cancer, adjuvant' },
      { name: 'HER2-overexpressing metastatic breast cancer' },
      {
        name: 'HER2-overexpressing metastatic gastric or GEJ adenocarcinoma',
        regimen: 'with cisplatin and capecitabine or 5-fluorouracil',
      },
    ],
  },
  {
    id: 'ado-trastuzumab-emtansine',
    drug: 'ado-trastuzumab emtansine',
    brand: 'Kadcyla',
    hcpcs: [{ code: 'J9354', product: 'Kadcyla', biosimilar: false }],
    source: {
      label: PI('KADCYLA', 'ado-trastuzumab emtansine', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage and Schedule; 2.3 Dose Modifications',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '2.4',
        max: '3.6',
        doses: ['3.6'],
        schedule:
          '3.6 mg/kg every 3 weeks (do not exceed 3.6 mg/kg); reduced to 3 mg/kg, then 2.4 mg/kg, for toxicity',
      },
    ],
    indications: [
      { name: 'HER2-positive metastatic breast cancer, previously treated with trastuzumab and a taxane' },
      {
        name: 'HER2-positive early breast cancer with residual invasive disease after neoadjuvant taxane and trastuzumab',
      },
    ],
  },
  {
    id: 'bevacizumab',
    drug: 'bevacizumab',
    brand: 'Avastin',
    hcpcs: [
      { code: 'J9035', product: 'Avastin', biosimilar: false },
      { code: 'Q5107', product: 'Mvasi (bevacizumab-awwb)', biosimilar: true },
      { code: 'Q5118', product: 'Zirabev (bevacizumab-bvzr)', biosimilar: true },
      { code: 'Q5126', product: 'Alymsys (bevacizumab-maly)', biosimilar: true },
      { code: 'Q5129', product: 'Vegzelma (bevacizumab-adcd)', biosimilar: true },
      { code: 'Q5160', product: 'Jobevne (bevacizumab-nwgd)', biosimilar: true },
    ],
    source: {
      label: PI('AVASTIN', 'bevacizumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2–2.8 Recommended Dosage by indication',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '5',
        max: '15',
        doses: ['5', '7.5', '10', '15'],
        schedule: '5 or 10 mg/kg every 2 weeks, or 7.5 or 15 mg/kg every 3 weeks (indication-dependent)',
      },
    ],
    indications: [
      { name: 'Metastatic colorectal cancer', regimen: 'with fluorouracil-based chemotherapy' },
      { name: 'Non-squamous non-small cell lung cancer', regimen: 'with carboplatin and paclitaxel' },
      { name: 'Recurrent glioblastoma' },
      { name: 'Metastatic renal cell carcinoma', regimen: 'with interferon alfa' },
      {
        name: 'Cervical cancer, persistent, recurrent or metastatic',
        regimen: 'with paclitaxel and cisplatin or topotecan',
      },
      { name: 'Epithelial ovarian, fallopian tube or primary peritoneal cancer' },
      { name: 'Hepatocellular carcinoma, unresectable or metastatic', regimen: 'with atezolizumab' },
    ],
  },
  {
    id: 'rituximab',
    drug: 'rituximab',
    brand: 'Rituxan',
    hcpcs: [
      { code: 'J9312', product: 'Rituxan', biosimilar: false },
      { code: 'Q5115', product: 'Truxima (rituximab-abbs)', biosimilar: true },
      { code: 'Q5119', product: 'Ruxience (rituximab-pvvr)', biosimilar: true },
      { code: 'Q5123', product: 'Riabni (rituximab-arrx)', biosimilar: true },
    ],
    source: {
      label: PI('RITUXAN', 'rituximab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2–2.6 Recommended Dose by indication',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '375',
        max: '500',
        doses: ['375', '500'],
        schedule:
          '375 mg/m² (NHL weekly or per chemotherapy cycle; GPA/MPA induction weekly × 4); 500 mg/m² in CLL cycles 2–6',
      },
      {
        basis: 'flat',
        unit: 'mg',
        min: '500',
        max: '1000',
        doses: ['1000', '500'],
        schedule:
          '1,000 mg × 2 two weeks apart (RA, pemphigus vulgaris); 500 mg × 2 then every 6 months (GPA/MPA follow-up; PV maintenance)',
      },
    ],
    indications: [
      { name: 'Non-Hodgkin lymphoma (CD20-positive)' },
      {
        name: 'Chronic lymphocytic leukemia (CD20-positive)',
        regimen: 'with fludarabine and cyclophosphamide',
      },
      { name: 'Rheumatoid arthritis', regimen: 'with methotrexate' },
      {
        name: 'Granulomatosis with polyangiitis and microscopic polyangiitis',
        regimen: 'with glucocorticoids',
      },
      { name: 'Pemphigus vulgaris, moderate to severe' },
    ],
  },
  {
    id: 'pemetrexed',
    drug: 'pemetrexed',
    brand: 'Alimta',
    hcpcs: [
      { code: 'J9305', product: 'Alimta / pemetrexed NOS', biosimilar: false },
      { code: 'J9294', product: 'Pemetrexed (Hospira)', biosimilar: false },
      { code: 'J9296', product: 'Pemetrexed (Accord)', biosimilar: false },
      { code: 'J9297', product: 'Pemetrexed (Sandoz)', biosimilar: false },
      { code: 'J9304', product: 'Pemfexy', biosimilar: false },
      { code: 'J9314', product: 'Pemetrexed (Teva)', biosimilar: false },
      { code: 'J9322', product: 'Pemetrexed (BluePoint)', biosimilar: false },
      { code: 'J9323', product: 'Pemetrexed ditromethamine', biosimilar: false },
      { code: 'J9324', product: 'Pemrydi RTU', biosimilar: false },
      { code: 'J9292', product: 'Axtle (pemetrexed dipotassium)', biosimilar: false },
    ],
    source: {
      label: PI('ALIMTA', 'pemetrexed', 'Eli Lilly'),
      section:
        '2 DOSAGE AND ADMINISTRATION, 2.1–2.2 Recommended Dosage; 2.4 Dosage Modifications (75% or 50% of the previous dose by toxicity; discontinue for grade 3 or 4 toxicity after 2 dose reductions)',
      version: 'PI revised 2022',
    },
    forms: [
      {
        // The label recommends one dose, 500 mg/m², for every indication. The lower bound is the label's own dose
        // reductions: after toxicity the next dose is 75% or 50% of the previous dose, and ALIMTA is stopped only
        // when toxicity recurs after 2 reductions, so the lowest dose given is 500 × 50% × 50% = 125 mg/m² (this
        // table had 250, one reduction). Not a renal dose: below a creatinine clearance of 45 mL/min the label
        // gives no dose (not recommended), not a lower one.
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '125',
        max: '500',
        doses: ['500'],
        schedule:
          '500 mg/m² on day 1 of each 21-day cycle (all indications); after toxicity 75% or 50% of the previous dose, at most 2 reductions (375, 281.25, 250, 187.5 or 125 mg/m²)',
      },
    ],
    indications: [
      {
        name: 'Non-squamous non-small cell lung cancer (initial, with platinum or pembrolizumab; maintenance; after prior chemotherapy)',
      },
      { name: 'Malignant pleural mesothelioma', regimen: 'with cisplatin' },
    ],
  },
  {
    id: 'carboplatin',
    drug: 'carboplatin',
    brand: 'Paraplatin',
    hcpcs: [{ code: 'J9045', product: 'Carboplatin', biosimilar: false }],
    source: {
      label: PI('PARAPLATIN / Carboplatin Injection', 'carboplatin', 'Bristol-Myers Squibb; generic labels'),
      section:
        'DOSAGE AND ADMINISTRATION: single-agent and combination dosing; Formula Dosing (Calvert); dose adjustment table',
      version: 'Carboplatin Injection label (Hospira) 2024',
    },
    forms: [
      {
        basis: 'auc',
        unit: 'AUC mg/mL·min',
        min: '4',
        max: '7',
        doses: ['4', '5', '6', '7'],
        schedule:
          'Calvert: dose (mg) = AUC × (GFR + 25); target AUC 5–7 (single agent, previously untreated) or 4–6 (previously treated; with cyclophosphamide); every 4 weeks',
      },
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '225',
        max: '450',
        doses: ['360', '300'],
        schedule:
          '360 mg/m² every 4 weeks (single agent) or 300 mg/m² every 4 weeks (with cyclophosphamide); later courses 75%–125% of the prior dose by nadir counts',
      },
    ],
    indications: [
      {
        name: 'Advanced ovarian carcinoma, initial treatment',
        regimen: 'with other approved chemotherapy (e.g. cyclophosphamide)',
      },
      { name: 'Ovarian carcinoma recurrent after prior chemotherapy (including cisplatin)' },
    ],
  },
  {
    id: 'paclitaxel',
    drug: 'paclitaxel',
    brand: 'Taxol',
    hcpcs: [{ code: 'J9267', product: 'Paclitaxel', biosimilar: false }],
    source: {
      label: PI('TAXOL / Paclitaxel Injection', 'paclitaxel', 'Bristol-Myers Squibb; Hospira generic label'),
      section:
        'DOSAGE AND ADMINISTRATION: recommended regimens by indication; 20% reduction after severe neutropenia or neuropathy',
      version: 'Paclitaxel Injection label (Hospira) updated 2024-07-18',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '80',
        max: '175',
        doses: ['135', '175', '100'],
        schedule:
          '175 mg/m² over 3 h every 3 weeks or 135 mg/m² over 24 h every 3 weeks; 135 mg/m² every 3 weeks or 100 mg/m² every 2 weeks (Kaposi sarcoma); 20% lower after severe toxicity',
      },
    ],
    indications: [
      { name: 'Ovarian carcinoma (first line with cisplatin; after failure of first-line therapy)' },
      {
        name: 'Breast cancer (adjuvant node-positive; metastatic after failure of combination chemotherapy)',
      },
      { name: 'Non-small cell lung cancer, first line', regimen: 'with cisplatin' },
      { name: 'AIDS-related Kaposi sarcoma, second line' },
    ],
  },
  {
    id: 'infliximab',
    drug: 'infliximab',
    brand: 'Remicade',
    hcpcs: [
      { code: 'J1745', product: 'Remicade / Infliximab (Janssen)', biosimilar: false },
      { code: 'Q5103', product: 'Inflectra (infliximab-dyyb)', biosimilar: true },
      { code: 'Q5104', product: 'Renflexis (infliximab-abda)', biosimilar: true },
      { code: 'Q5121', product: 'Avsola (infliximab-axxq)', biosimilar: true },
    ],
    source: {
      label: PI('REMICADE', 'infliximab', 'Janssen Biotech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.1–2.7 dosage by indication',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '3',
        max: '10',
        doses: ['5', '3', '10'],
        schedule:
          '5 mg/kg at weeks 0, 2 and 6, then every 8 weeks (Crohn’s disease, ulcerative colitis, psoriatic arthritis, plaque psoriasis; every 6 weeks in ankylosing spondylitis); adult Crohn’s disease may be raised to 10 mg/kg; rheumatoid arthritis 3 mg/kg with methotrexate, up to 10 mg/kg or every 4 weeks',
      },
    ],
    indications: [
      { name: 'Crohn’s disease, adult and pediatric (moderately to severely active; fistulizing)' },
      { name: 'Ulcerative colitis, adult and pediatric' },
      { name: 'Rheumatoid arthritis', regimen: 'with methotrexate' },
      { name: 'Ankylosing spondylitis' },
      { name: 'Psoriatic arthritis' },
      { name: 'Plaque psoriasis, chronic severe' },
    ],
  },
  {
    id: 'denosumab',
    drug: 'denosumab',
    brand: 'Prolia / Xgeva',
    hcpcs: [{ code: 'J0897', product: 'Prolia / Xgeva', biosimilar: false }],
    source: {
      label: `${PI('PROLIA', 'denosumab', 'Amgen')}; ${PI('XGEVA', 'denosumab', 'Amgen')}`,
      section: '2 DOSAGE AND ADMINISTRATION, Recommended Dosage (each label)',
      version: 'Prolia PI revised 2024; Xgeva PI revised 2020',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '60',
        max: '120',
        doses: ['60', '120'],
        schedule:
          'Prolia: 60 mg subcutaneously every 6 months. Xgeva: 120 mg every 4 weeks, with 120 mg more on days 8 and 15 of the first month for giant cell tumor of bone and hypercalcemia of malignancy',
      },
    ],
    indications: [
      { name: 'Postmenopausal osteoporosis at high risk for fracture (Prolia)' },
      { name: 'Osteoporosis in men; glucocorticoid-induced osteoporosis (Prolia)' },
      {
        name: 'Bone loss from androgen deprivation for prostate cancer or aromatase inhibitors for breast cancer (Prolia)',
      },
      {
        name: 'Prevention of skeletal-related events in multiple myeloma and bone metastases from solid tumors (Xgeva)',
      },
      { name: 'Giant cell tumor of bone (Xgeva)' },
      { name: 'Hypercalcemia of malignancy refractory to bisphosphonates (Xgeva)' },
    ],
  },
  {
    id: 'pegfilgrastim',
    drug: 'pegfilgrastim',
    brand: 'Neulasta',
    hcpcs: [{ code: 'J2506', product: 'Neulasta', biosimilar: false }],
    source: {
      label: PI('NEULASTA', 'pegfilgrastim', 'Amgen'),
      section:
        '2 DOSAGE AND ADMINISTRATION, 2.1 Patients with Cancer Receiving Myelosuppressive Chemotherapy',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '1.5',
        max: '6',
        // Adults 6 mg; pediatric weight bands 10–20 kg 1.5 mg, 21–30 kg 2.5 mg, 31–44 kg 4 mg (the label's
        // pediatric dosing table, same section).
        doses: ['6', '4', '2.5', '1.5'],
        schedule:
          '6 mg subcutaneously once per chemotherapy cycle, not within 14 days before or 24 hours after chemotherapy; pediatric patients under 45 kg by weight band (1.5, 2.5 or 4 mg)',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '0.1',
        max: '0.1',
        doses: ['0.1'],
        schedule: '0.1 mg/kg once per cycle',
        population: 'pediatric patients under 10 kg',
      },
    ],
    indications: [
      {
        name: 'Febrile neutropenia, to decrease its incidence in non-myeloid malignancies on myelosuppressive chemotherapy',
      },
      { name: 'Hematopoietic subsyndrome of acute radiation syndrome' },
    ],
  },
  {
    id: 'daratumumab',
    drug: 'daratumumab',
    brand: 'Darzalex',
    hcpcs: [{ code: 'J9145', product: 'Darzalex', biosimilar: false }],
    source: {
      label: PI('DARZALEX', 'daratumumab', 'Janssen Biotech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage (schedules by regimen)',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '8',
        max: '16',
        doses: ['16', '8'],
        schedule:
          '16 mg/kg weekly, then every 2 weeks, then every 4 weeks (the regimen sets the weeks); the first dose may be split as 8 mg/kg on two consecutive days',
      },
    ],
    indications: [
      {
        name: 'Multiple myeloma, newly diagnosed',
        regimen:
          'with lenalidomide and dexamethasone, or bortezomib, melphalan and prednisone, or bortezomib, thalidomide and dexamethasone',
      },
      {
        name: 'Multiple myeloma, relapsed or refractory',
        regimen:
          'with lenalidomide, pomalidomide, bortezomib or carfilzomib and dexamethasone, or as a single agent',
      },
    ],
  },
  {
    id: 'daratumumab-hyaluronidase',
    drug: 'daratumumab and hyaluronidase-fihj',
    brand: 'Darzalex Faspro',
    hcpcs: [{ code: 'J9144', product: 'Darzalex Faspro', biosimilar: false }],
    source: {
      label: PI('DARZALEX FASPRO', 'daratumumab and hyaluronidase-fihj', 'Janssen Biotech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '1800',
        max: '1800',
        doses: ['1800'],
        schedule:
          '1,800 mg daratumumab (with 30,000 units hyaluronidase) subcutaneously, weekly then every 2 then every 4 weeks as the regimen sets',
      },
    ],
    indications: [
      {
        name: 'Multiple myeloma, newly diagnosed or relapsed/refractory',
        regimen: 'in combination or alone',
      },
      {
        name: 'Light chain (AL) amyloidosis, newly diagnosed',
        regimen: 'with bortezomib, cyclophosphamide and dexamethasone',
      },
    ],
  },
  {
    id: 'pertuzumab',
    drug: 'pertuzumab',
    brand: 'Perjeta',
    hcpcs: [{ code: 'J9306', product: 'Perjeta', biosimilar: false }],
    source: {
      label: PI('PERJETA', 'pertuzumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Doses and Schedules',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '420',
        max: '840',
        doses: ['840', '420'],
        schedule:
          '840 mg loading dose, then 420 mg every 3 weeks (840 mg again after a delay of 6 weeks or more)',
      },
    ],
    indications: [
      {
        name: 'HER2-positive metastatic breast cancer, first line',
        regimen: 'with trastuzumab and docetaxel',
      },
      {
        name: 'HER2-positive early breast cancer, neoadjuvant and adjuvant',
        regimen: 'with trastuzumab and chemotherapy',
      },
    ],
  },
  {
    id: 'cetuximab',
    drug: 'cetuximab',
    brand: 'Erbitux',
    hcpcs: [{ code: 'J9055', product: 'Erbitux', biosimilar: false }],
    source: {
      label: PI('ERBITUX', 'cetuximab', 'Eli Lilly'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage; 2.3 Dose Modifications',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '150',
        max: '500',
        doses: ['400', '250', '500'],
        schedule:
          '400 mg/m² initial dose then 250 mg/m² weekly, or 500 mg/m² every 2 weeks; reduced to 200 then 150 mg/m² weekly (400, 300 mg/m² every 2 weeks) after severe skin reactions',
      },
    ],
    indications: [
      {
        name: 'Squamous cell carcinoma of the head and neck',
        regimen: 'with radiation, or with platinum-based therapy and fluorouracil, or alone after platinum',
      },
      { name: 'Colorectal cancer, metastatic, K-Ras wild-type, EGFR-expressing' },
      { name: 'Colorectal cancer, metastatic, BRAF V600E', regimen: 'with encorafenib' },
    ],
  },
  {
    id: 'vedolizumab',
    drug: 'vedolizumab',
    brand: 'Entyvio',
    hcpcs: [{ code: 'J3380', product: 'Entyvio (intravenous)', biosimilar: false }],
    source: {
      label: PI('ENTYVIO', 'vedolizumab', 'Takeda'),
      section: '2 DOSAGE AND ADMINISTRATION, Intravenous Dosage',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '300',
        max: '300',
        doses: ['300'],
        schedule: '300 mg intravenously at weeks 0, 2 and 6, then every 8 weeks',
      },
    ],
    indications: [
      { name: 'Ulcerative colitis, moderately to severely active (adults)' },
      { name: 'Crohn’s disease, moderately to severely active (adults)' },
    ],
  },
  {
    id: 'ocrelizumab',
    drug: 'ocrelizumab',
    brand: 'Ocrevus',
    hcpcs: [{ code: 'J2350', product: 'Ocrevus', biosimilar: false }],
    source: {
      label: PI('OCREVUS', 'ocrelizumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.3 Recommended Dosage',
      version: 'PI revised 2024',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '300',
        max: '600',
        doses: ['300', '600'],
        schedule: '300 mg on day 1 and day 15, then 600 mg every 6 months',
      },
    ],
    indications: [
      { name: 'Relapsing forms of multiple sclerosis (adults)' },
      { name: 'Primary progressive multiple sclerosis (adults)' },
    ],
  },
  {
    id: 'ipilimumab',
    drug: 'ipilimumab',
    brand: 'Yervoy',
    hcpcs: [{ code: 'J9228', product: 'Yervoy', biosimilar: false }],
    source: {
      label: PI('YERVOY', 'ipilimumab', 'Bristol-Myers Squibb'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage (by indication)',
      version: 'PI revised 2023',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '1',
        max: '10',
        doses: ['3', '1', '10'],
        schedule:
          '3 mg/kg every 3 weeks for 4 doses (melanoma); 10 mg/kg every 3 weeks for 4 doses then every 12 weeks (adjuvant melanoma); 1 mg/kg every 3 or 6 weeks with nivolumab (renal cell, colorectal, hepatocellular, NSCLC, mesothelioma, esophageal)',
      },
    ],
    indications: [
      { name: 'Melanoma, unresectable or metastatic', regimen: 'alone or with nivolumab' },
      { name: 'Melanoma, adjuvant after complete resection' },
      { name: 'Renal cell carcinoma, advanced', regimen: 'with nivolumab' },
      { name: 'Colorectal cancer, MSI-H or dMMR metastatic', regimen: 'with nivolumab' },
      { name: 'Hepatocellular carcinoma', regimen: 'with nivolumab' },
      { name: 'NSCLC, metastatic', regimen: 'with nivolumab, with or without platinum doublet chemotherapy' },
      { name: 'Malignant pleural mesothelioma, unresectable', regimen: 'with nivolumab' },
      { name: 'Esophageal squamous cell carcinoma', regimen: 'with nivolumab' },
    ],
  },
  {
    id: 'panitumumab',
    drug: 'panitumumab',
    brand: 'Vectibix',
    hcpcs: [{ code: 'J9303', product: 'Vectibix', biosimilar: false }],
    source: {
      label: PI('VECTIBIX', 'panitumumab', 'Amgen'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2 Recommended Dosage; 2.3 Dose Modifications',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '3',
        max: '6',
        doses: ['6'],
        schedule: '6 mg/kg every 14 days; reduced to 80 % then 60 % of the dose after dermatologic toxicity',
      },
    ],
    indications: [
      {
        name: 'Colorectal cancer, metastatic, RAS wild-type',
        regimen: 'with FOLFOX first line, or alone after fluoropyrimidine, oxaliplatin and irinotecan',
      },
    ],
  },
  {
    id: 'bortezomib',
    drug: 'bortezomib',
    brand: 'Velcade',
    hcpcs: [{ code: 'J9041', product: 'Velcade / bortezomib', biosimilar: false }],
    source: {
      label: PI('VELCADE', 'bortezomib', 'Takeda'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.2–2.7 Recommended Dosage and Dose Modifications',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '0.7',
        max: '1.3',
        doses: ['1.3'],
        schedule:
          '1.3 mg/m² subcutaneously or intravenously twice weekly (days 1, 4, 8, 11) or weekly by regimen; reduced to 1.0 then 0.7 mg/m² for toxicity',
      },
    ],
    indications: [{ name: 'Multiple myeloma' }, { name: 'Mantle cell lymphoma' }],
  },
  {
    id: 'carfilzomib',
    drug: 'carfilzomib',
    brand: 'Kyprolis',
    hcpcs: [{ code: 'J9047', product: 'Kyprolis', biosimilar: false }],
    source: {
      label: PI('KYPROLIS', 'carfilzomib', 'Amgen'),
      section:
        '2 DOSAGE AND ADMINISTRATION, 2.1 Recommended Dosing; 2.2 Dose Modifications (dose level tables)',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '15',
        max: '70',
        doses: ['20', '27', '56', '70'],
        schedule:
          '20 mg/m² in cycle 1 (days 1 and 2), then 27 or 56 mg/m² twice weekly, or 70 mg/m² once weekly, by regimen; lower dose levels down to 15 mg/m² for toxicity; a BSA over 2.2 m² is dosed as 2.2 m²',
        maxBsaM2: '2.2',
      },
    ],
    indications: [
      {
        name: 'Multiple myeloma, relapsed or refractory (1–3 prior lines)',
        regimen:
          'with dexamethasone, lenalidomide and dexamethasone, daratumumab and dexamethasone, or isatuximab and dexamethasone',
      },
      { name: 'Multiple myeloma, relapsed or refractory, as a single agent' },
    ],
  },
  {
    id: 'paclitaxel-protein-bound',
    drug: 'paclitaxel protein-bound particles',
    brand: 'Abraxane',
    hcpcs: [{ code: 'J9264', product: 'Abraxane / paclitaxel protein-bound', biosimilar: false }],
    source: {
      label: PI(
        'ABRAXANE',
        'paclitaxel protein-bound particles for injectable suspension (albumin-bound)',
        'Celgene / Bristol-Myers Squibb',
      ),
      section: '2 DOSAGE AND ADMINISTRATION, 2.1–2.3 Recommended Dosage; 2.5 Dose Reductions',
      version: 'PI revised 2020',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '50',
        max: '260',
        doses: ['260', '100', '125'],
        schedule:
          '260 mg/m² every 3 weeks (metastatic breast); 100 mg/m² on days 1, 8, 15 of 21-day cycles with carboplatin (NSCLC); 125 mg/m² on days 1, 8, 15 of 28-day cycles with gemcitabine (pancreas); dose reductions to 220/180, 75/50 and 100/75 mg/m²',
      },
    ],
    indications: [
      {
        name: 'Metastatic breast cancer after failure of combination chemotherapy or relapse within 6 months of adjuvant therapy',
      },
      { name: 'NSCLC, locally advanced or metastatic, first line', regimen: 'with carboplatin' },
      { name: 'Adenocarcinoma of the pancreas, metastatic, first line', regimen: 'with gemcitabine' },
    ],
  },
  {
    id: 'abatacept',
    drug: 'abatacept',
    brand: 'Orencia',
    hcpcs: [{ code: 'J0129', product: 'Orencia', biosimilar: false }],
    source: {
      label: PI('ORENCIA', 'abatacept', 'Bristol-Myers Squibb'),
      section:
        '2 DOSAGE AND ADMINISTRATION, intravenous weight-range dosing (Table 1); subcutaneous dosing; aGVHD prophylaxis',
      version: 'PI revised 2021',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '500',
        max: '1000',
        doses: ['500', '750', '1000'],
        schedule:
          'intravenous by weight: 500 mg under 60 kg, 750 mg 60–100 kg, 1,000 mg over 100 kg at weeks 0, 2, 4 then every 4 weeks',
        population: 'adults, intravenous',
        weightTiers: [{ belowKg: '60', doseMg: '500' }, { upToKg: '100', doseMg: '750' }, { doseMg: '1000' }],
      },
      {
        basis: 'flat',
        unit: 'mg',
        min: '50',
        max: '125',
        doses: ['125', '50', '87.5'],
        schedule: 'subcutaneous 125 mg weekly (50 or 87.5 mg weekly in children by weight)',
        population: 'subcutaneous',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '10',
        max: '10',
        doses: ['10'],
        maxDoseMg: '1000',
        schedule: '10 mg/kg intravenously (pJIA under 75 kg; aGVHD prophylaxis, up to 1,000 mg)',
        population: 'children under 75 kg; aGVHD prophylaxis',
      },
    ],
    indications: [
      { name: 'Rheumatoid arthritis, moderately to severely active (adults)' },
      { name: 'Polyarticular juvenile idiopathic arthritis (2 years and older)' },
      { name: 'Psoriatic arthritis (adults)' },
      {
        name: 'Acute graft-versus-host disease prophylaxis (unrelated-donor HSCT)',
        regimen: 'with a calcineurin inhibitor and methotrexate',
      },
    ],
  },
  {
    id: 'tocilizumab',
    drug: 'tocilizumab',
    brand: 'Actemra',
    hcpcs: [{ code: 'J3262', product: 'Actemra', biosimilar: false }],
    source: {
      label: PI('ACTEMRA', 'tocilizumab', 'Genentech'),
      section: '2 DOSAGE AND ADMINISTRATION, intravenous and subcutaneous dosing by indication',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '162',
        max: '162',
        doses: ['162'],
        schedule:
          '162 mg subcutaneously every week or every other week (prefilled syringe or autoinjector; children by weight)',
      },
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '4',
        max: '12',
        doses: ['4', '8', '6', '10', '12'],
        maxDoseMg: '800',
        schedule:
          'rheumatoid arthritis 4 mg/kg every 4 weeks, raised to 8 mg/kg; giant cell arteritis 6 mg/kg (up to 600 mg); sJIA, pJIA and cytokine release syndrome 8 mg/kg at 30 kg or more, 10–12 mg/kg under 30 kg; COVID-19 8 mg/kg; no infusion over 800 mg',
      },
    ],
    indications: [
      { name: 'Rheumatoid arthritis (adults)' },
      { name: 'Giant cell arteritis (adults)' },
      { name: 'Polyarticular and systemic juvenile idiopathic arthritis' },
      { name: 'Cytokine release syndrome (CAR T-cell induced)' },
      { name: 'COVID-19 in hospitalized adults on systemic corticosteroids needing oxygen or ventilation' },
    ],
  },
  {
    id: 'brentuximab-vedotin',
    drug: 'brentuximab vedotin',
    brand: 'Adcetris',
    hcpcs: [{ code: 'J9042', product: 'Adcetris', biosimilar: false }],
    source: {
      label: PI('ADCETRIS', 'brentuximab vedotin', 'Seagen / Pfizer'),
      section: '2 DOSAGE AND ADMINISTRATION, 2.1 Recommended Dosage; 2.3 Dose Modifications',
      version: 'PI revised 2023',
    },
    forms: [
      {
        basis: 'per-kg',
        unit: 'mg/kg',
        min: '0.9',
        max: '1.8',
        doses: ['1.8', '1.2'],
        maxDoseMg: '180',
        schedule:
          '1.8 mg/kg up to 180 mg every 3 weeks; 1.2 mg/kg up to 120 mg every 2 weeks with AVD (classical Hodgkin lymphoma, first line); reduced to 1.2 or 0.9 mg/kg for neuropathy',
      },
    ],
    indications: [
      { name: 'Classical Hodgkin lymphoma (first line with AVD; consolidation; relapsed)' },
      { name: 'Systemic anaplastic large cell lymphoma and other CD30-expressing PTCL' },
      { name: 'Primary cutaneous anaplastic large cell lymphoma or CD30-expressing mycosis fungoides' },
    ],
  },
  {
    id: 'eribulin',
    drug: 'eribulin mesylate',
    brand: 'Halaven',
    hcpcs: [{ code: 'J9179', product: 'Halaven / eribulin mesylate', biosimilar: false }],
    source: {
      label: PI('HALAVEN', 'eribulin mesylate', 'Eisai'),
      section:
        '2 DOSAGE AND ADMINISTRATION, 2.1 Recommended Dose; 2.2–2.3 dose in hepatic or renal impairment; 2.4 Dose Modifications',
      version: 'PI revised 2022',
    },
    forms: [
      {
        basis: 'per-m2',
        unit: 'mg/m2',
        min: '0.7',
        max: '1.4',
        doses: ['1.4', '1.1', '0.7'],
        schedule:
          '1.4 mg/m² on days 1 and 8 of a 21-day cycle; 0.7 or 1.1 mg/m² in hepatic or renal impairment and after toxicity',
      },
    ],
    indications: [
      { name: 'Metastatic breast cancer after at least two chemotherapy regimens for metastatic disease' },
      { name: 'Liposarcoma, unresectable or metastatic, after an anthracycline-containing regimen' },
    ],
  },
  {
    id: 'fulvestrant',
    drug: 'fulvestrant',
    brand: 'Faslodex',
    hcpcs: [{ code: 'J9395', product: 'Faslodex / fulvestrant', biosimilar: false }],
    source: {
      label: PI('FASLODEX', 'fulvestrant', 'AstraZeneca'),
      section:
        '2 DOSAGE AND ADMINISTRATION, 2.1 Recommended Dose; 2.2 Dose Modification (hepatic impairment)',
      version: 'PI revised 2020',
    },
    forms: [
      {
        basis: 'flat',
        unit: 'mg',
        min: '250',
        max: '500',
        doses: ['500', '250'],
        schedule:
          '500 mg intramuscularly (two 5 mL injections) on days 1, 15 and 29, then monthly; 250 mg in moderate hepatic impairment',
      },
    ],
    indications: [
      {
        name: 'HR-positive, HER2-negative advanced breast cancer in postmenopausal women',
        regimen: 'alone, or with ribociclib, palbociclib or abemaciclib',
      },
    ],
  },
];

const byCode = new Map<string, LabelDrug>();
for (const drug of LABEL_DOSING) for (const h of drug.hcpcs) byCode.set(h.code, drug);

/** The label dosing entry for a HCPCS code (reference product or biosimilar), if the table has it. */
export function labelDosingForCode(code: string): LabelDrug | undefined {
  return byCode.get(code.trim().toUpperCase());
}

export interface LabelRange {
  min: number;
  max: number;
  unit: string;
  doses: number[];
}

/**
 * The range in words, one way for the messages, the rules applied and the CLI. When the recommended doses do not
 * reach an end of the range, that end comes from the label's dosage modifications (reductions after toxicity,
 * escalations): it is said, so that "label 125–500 mg/m2" is not read as a dose the label recommends for pemetrexed,
 * whose label dose is 500 mg/m² (the lower end is 2 reductions of it).
 */
export function labelRangeText(range: LabelRange): string {
  if (range.min === range.max) return `${range.min} ${range.unit}`;
  const span = `${range.min}–${range.max} ${range.unit}`;
  const doses = [...range.doses].sort((a, b) => a - b);
  const lo = doses[0];
  const hi = doses.at(-1);
  if (lo === undefined || hi === undefined || (lo === range.min && hi === range.max)) return span;
  const listed = doses.length === 1 ? `${lo}` : `${doses.slice(0, -1).join(', ')} or ${hi}`;
  const ends =
    lo !== range.min && hi !== range.max ? 'both ends' : lo !== range.min ? 'the lower end' : 'the upper end';
  return `${span} (recommended ${listed} ${range.unit}; ${ends} from its dosage modifications)`;
}

/** The label dose range of a form, as numbers. */
function rangeOfForm(form: LabelDoseForm): LabelRange {
  return {
    min: Number(form.min),
    max: Number(form.max),
    unit: form.unit,
    doses: form.doses.map(Number).sort((a, b) => a - b),
  };
}

export interface PlausibilityCheck {
  drug: string;
  brand: string;
  basis: LabelBasis;
  /** The dose in the label form's terms (e.g. mg/kg), as a number. */
  value: number;
  /** The range checked; `doses` are the doses the label recommends (ascending), inside it. */
  range: LabelRange;
  /** Inside the label range AND not above the label's dose cap (a summary must never say "within" beside a cap warning). */
  within: boolean;
  /** Set when the dose in mg is above the cap of the compared form (e.g. Keytruda 2 mg/kg up to 200 mg). */
  aboveMaxDose?: { doseMg: number; maxDoseMg: number };
  /** Set when the label sets the dose by weight range and this dose is not the one for the weight. */
  weightTier?: { doseMg: number; labelDoseMg: number; range: string };
  source: string;
}

const r = (text: string): Rational => parseRational(text) as Rational;

/** The weight-tier dose of a form for a weight, with the tier's range in words. */
function tierDose(
  form: LabelDoseForm,
  weightKg: Rational | undefined,
): { doseMg: string; range: string } | undefined {
  if (form.weightTiers === undefined || weightKg === undefined) return undefined;
  let from: string | undefined;
  for (const t of form.weightTiers) {
    if (t.belowKg !== undefined) {
      if (lt(weightKg, r(t.belowKg))) return { doseMg: t.doseMg, range: `under ${t.belowKg} kg` };
      from = t.belowKg;
    } else if (t.upToKg !== undefined) {
      if (!gt(weightKg, r(t.upToKg))) return { doseMg: t.doseMg, range: `${from ?? '0'}–${t.upToKg} kg` };
      from = t.upToKg;
    } else return { doseMg: t.doseMg, range: `over ${from ?? '0'} kg` };
  }
  return undefined;
}

/**
 * Compares a dose with the label table. The dose is compared in the basis it was ordered in when the label has
 * that basis; otherwise it is converted (mg → mg/kg or mg/m²) when the weight or BSA is known. Outside the range
 * is a warning with the range and the label; a dose that cannot be compared is an info problem.
 */
export function checkDosePlausibility(input: {
  code: string;
  spec: DoseSpec;
  /** The resolved dose in mg (mass doses only). */
  doseMg?: Rational;
  weightKg?: Rational;
  bsaM2?: Rational;
}): { check?: PlausibilityCheck; rules: RuleApplied[]; problems: Problem[] } {
  const found = labelDosingForCode(input.code);
  if (!found) return { rules: [], problems: [] };
  // A biosimilar is compared with its reference product's label: the messages say so (not "Avastin" alone for Mvasi).
  const product = found.hcpcs.find((h) => h.code === input.code.trim().toUpperCase());
  const drug =
    product?.biosimilar === true
      ? { ...found, brand: `${found.brand} (reference product of ${product.product})` }
      : found;
  const source = `${drug.source.label}, ${drug.source.section} (${drug.source.version})`;
  const candidates: { form: LabelDoseForm; value: Rational }[] = [];
  const spec = input.spec;
  const rangeOf = (f: LabelDoseForm): string =>
    f.min === f.max ? `${f.min} ${f.unit}` : `${f.min}–${f.max} ${f.unit}`;
  const formsText = (): string => drug.forms.map(rangeOf).join(', ');
  // An order per kg or per m² when the label never doses the drug that way (pembrolizumab 200 mg/m²) is off-label in its
  // basis: its mg amount may fall in a flat range by chance, so it is not compared.
  if ((spec.basis === 'per-kg' || spec.basis === 'per-m2') && !drug.forms.some((f) => f.basis === spec.basis))
    return {
      rules: [],
      problems: [
        problem(
          'plausibility.not-compared',
          `${drug.brand} (${drug.drug}) label dosing is ${formsText()}: the label does not dose it ${spec.basis === 'per-kg' ? 'per kg' : 'per m²'}, so this order is not compared with it — ${source}`,
          { drug: drug.id, basis: spec.basis },
        ),
      ],
    };
  for (const form of drug.forms) {
    if (spec.basis === 'auc') {
      if (form.basis === 'auc') candidates.push({ form, value: spec.auc });
      continue;
    }
    const specInMg = spec.unit === 'mg' || spec.unit === 'g' || spec.unit === 'mcg';
    if (form.basis === spec.basis && specInMg && input.doseMg) {
      // per-kg and per-m2 compare the ordered rate; flat compares the amount, all in mg.
      if (spec.basis === 'flat') candidates.push({ form, value: input.doseMg });
      else {
        const denom = spec.basis === 'per-kg' ? input.weightKg : input.bsaM2;
        if (denom) candidates.push({ form, value: div(input.doseMg, denom) });
      }
    }
  }
  // Also compare in the label's other bases when the weight or BSA allows it (750 mg at 75 kg is 10 mg/kg).
  if (input.doseMg && spec.basis !== 'auc') {
    for (const form of drug.forms.filter((f) => f.basis !== spec.basis)) {
      if (form.basis === 'per-kg' && input.weightKg)
        candidates.push({ form, value: div(input.doseMg, input.weightKg) });
      if (form.basis === 'per-m2' && input.bsaM2)
        candidates.push({ form, value: div(input.doseMg, input.bsaM2) });
      if (form.basis === 'flat') candidates.push({ form, value: input.doseMg });
    }
  }
  if (candidates.length === 0) {
    const forms = drug.forms.map((f) => f.unit).join(', ');
    return {
      rules: [],
      problems: [
        problem(
          'plausibility.not-compared',
          `${drug.brand} (${drug.drug}) label dosing is in ${forms}; this dose could not be compared (give weight or height to convert)`,
          { drug: drug.id },
        ),
      ],
    };
  }
  // Prefer a form the dose is inside; else the nearest (first) form.
  const inside = candidates.find((c) => !lt(c.value, r(c.form.min)) && !gt(c.value, r(c.form.max)));
  // Outside the flat doses, but the label also doses by weight or BSA and that measure is not given: 750 mg of
  // Imfinzi is 10 mg/kg at 75 kg. Without the measure the dose cannot be judged, so it is not called outside.
  const unmeasured = drug.forms.filter(
    (f) => (f.basis === 'per-kg' && !input.weightKg) || (f.basis === 'per-m2' && !input.bsaM2),
  );
  if (!inside && spec.basis === 'flat' && unmeasured.length > 0)
    return {
      rules: [],
      problems: [
        problem(
          'plausibility.not-compared',
          `${drug.brand} (${drug.drug}): ${input.doseMg ? `${toDecimalString(input.doseMg, 2)} mg` : 'this dose'} is not one of the label's flat doses, but the label also doses ${unmeasured.map(rangeOf).join(', ')}: give the ${unmeasured.some((f) => f.basis === 'per-kg') ? 'weight' : 'height and weight (or BSA)'} to judge it — ${source}`,
          { drug: drug.id, needs: unmeasured.map((f) => f.basis) },
        ),
      ],
    };
  const chosen = inside ?? (candidates[0] as { form: LabelDoseForm; value: Rational });
  const { form, value } = chosen;
  const shown = toDecimalString(value, 2);
  // The cap: the label's own, or the rate × the largest BSA the label doses (a BSA above it is dosed as it).
  let capMg: Rational | undefined = form.maxDoseMg !== undefined ? r(form.maxDoseMg) : undefined;
  let capWhy = form.schedule;
  if (
    capMg === undefined &&
    form.maxBsaM2 !== undefined &&
    form.basis === 'per-m2' &&
    input.bsaM2 !== undefined &&
    gt(input.bsaM2, r(form.maxBsaM2))
  ) {
    capMg = mul(value, r(form.maxBsaM2));
    capWhy = `a BSA above ${form.maxBsaM2} m² is dosed as ${form.maxBsaM2} m²: ${shown} mg/m² × ${form.maxBsaM2} m²`;
  }
  const capText = capMg === undefined ? '' : toDecimalString(capMg, 2);
  const aboveCap = capMg !== undefined && input.doseMg !== undefined && gt(input.doseMg, capMg);
  const check: PlausibilityCheck = {
    drug: drug.drug,
    brand: drug.brand,
    basis: form.basis,
    value: Number(shown),
    range: rangeOfForm(form),
    within: inside !== undefined && !aboveCap,
    source,
  };
  if (aboveCap && input.doseMg)
    check.aboveMaxDose = {
      doseMg: Number(toDecimalString(input.doseMg, 2)),
      maxDoseMg: Number(capText),
    };
  const problems: Problem[] = [];
  const tier = tierDose(form, input.weightKg);
  if (
    inside !== undefined &&
    tier !== undefined &&
    input.doseMg !== undefined &&
    !eq(input.doseMg, r(tier.doseMg))
  ) {
    check.within = false;
    check.weightTier = {
      doseMg: Number(toDecimalString(input.doseMg, 2)),
      labelDoseMg: Number(tier.doseMg),
      range: tier.range,
    };
    problems.push(
      problem(
        'plausibility.weight-tier',
        `dose ${toDecimalString(input.doseMg, 2)} mg is not the ${drug.brand} dose for ${toDecimalString(input.weightKg as Rational, 1)} kg: the label gives ${tier.doseMg} mg (${tier.range}; ${form.schedule}) — ${source}`,
        { drug: drug.id, doseMg: Number(tier.doseMg) },
      ),
    );
  }
  const rangeText = labelRangeText(check.range);
  if (!inside) {
    problems.push(
      problem(
        'plausibility.out-of-range',
        `dose ${shown} ${form.unit} is outside the ${drug.brand} label range ${rangeText} (${form.schedule}) — ${source}`,
        { drug: drug.id, value: check.value, min: check.range.min, max: check.range.max, unit: form.unit },
      ),
    );
  }
  if (aboveCap && input.doseMg) {
    problems.push(
      problem(
        'plausibility.above-max-dose',
        `dose ${toDecimalString(input.doseMg, 2)} mg is above the ${drug.brand} label cap of ${capText} mg (${capWhy}) — ${source}`,
        {
          drug: drug.id,
          maxDoseMg: Number(capText),
        },
      ),
    );
  }
  const rules = [
    applied(
      'plausibility.label-range',
      `${drug.brand}: ${shown} ${form.unit} vs label ${rangeText}${capMg !== undefined ? ` up to ${capText} mg` : ''} → ${aboveCap ? `above the ${capText} mg cap` : inside ? 'within' : 'outside'} (${drug.source.version})`,
    ),
  ];
  return { check, rules, problems };
}
