/**
 * Drug classes, by ingredient key, for the "same drug class" part of similar codes. Each class is named by the
 * FDA Established Pharmacologic Class (EPC) its members' prescribing information states (Highlights,
 * "… is a <class> indicated for …"); where a class groups several EPCs (the PD-1 and PD-L1 blocking antibodies,
 * the antibody-drug conjugates) each member's own EPC is kept beside it. A drug not listed here has no class in
 * drugclaim's data, and the guide says so.
 *
 * @see FDA prescribing information of each product (DailyMed), Highlights and section 12.1 Mechanism of Action.
 */

export interface DrugClass {
  id: string;
  /** Plain name of the group. */
  name: string;
  /** Ingredient keys (as ./drug-names.ts produces them) → the member's EPC as its label states it. */
  members: Readonly<Record<string, string>>;
}

export const DRUG_CLASSES: readonly DrugClass[] = [
  {
    id: 'pd1-pdl1',
    name: 'PD-1 / PD-L1 blocking antibodies',
    members: {
      pembrolizumab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      nivolumab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      cemiplimab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      dostarlimab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      retifanlimab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      toripalimab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      tislelizumab: 'Programmed Death Receptor-1 (PD-1) Blocking Antibody',
      atezolizumab: 'Programmed Death Ligand-1 (PD-L1) Blocking Antibody',
      durvalumab: 'Programmed Death Ligand-1 (PD-L1) Blocking Antibody',
      avelumab: 'Programmed Death Ligand-1 (PD-L1) Blocking Antibody',
    },
  },
  {
    id: 'ctla4',
    name: 'CTLA-4 blocking antibodies',
    members: { ipilimumab: 'CTLA-4 Blocking Antibody', tremelimumab: 'CTLA-4 Blocking Antibody' },
  },
  {
    id: 'cd20',
    name: 'CD20-directed cytolytic antibodies',
    members: {
      rituximab: 'CD20-directed Cytolytic Antibody',
      obinutuzumab: 'CD20-directed Cytolytic Antibody',
      ofatumumab: 'CD20-directed Cytolytic Antibody',
      ocrelizumab: 'CD20-directed Cytolytic Antibody',
      ublituximab: 'CD20-directed Cytolytic Antibody',
    },
  },
  {
    id: 'her2',
    name: 'HER2/neu receptor antagonists',
    members: {
      trastuzumab: 'HER2/neu Receptor Antagonist',
      pertuzumab: 'HER2/neu Receptor Antagonist',
      margetuximab: 'HER2/neu Receptor Antagonist',
    },
  },
  {
    id: 'egfr',
    name: 'Epidermal growth factor receptor antagonists',
    members: {
      cetuximab: 'Epidermal Growth Factor Receptor Antagonist',
      panitumumab: 'Epidermal Growth Factor Receptor Antagonist',
      necitumumab: 'Epidermal Growth Factor Receptor Antagonist',
    },
  },
  {
    id: 'adc',
    name: 'Antibody-drug conjugates',
    members: {
      'polatuzumab vedotin': 'CD79b-directed Antibody-Drug Conjugate',
      'brentuximab vedotin': 'CD30-directed Antibody-Drug Conjugate',
      'enfortumab vedotin': 'Nectin-4-directed Antibody and Microtubule Inhibitor Conjugate',
      'ado-trastuzumab emtansine': 'HER2-directed Antibody and Microtubule Inhibitor Conjugate',
      'fam-trastuzumab deruxtecan': 'HER2-directed Antibody and Topoisomerase Inhibitor Conjugate',
      'sacituzumab govitecan': 'Trop-2-directed Antibody and Topoisomerase Inhibitor Conjugate',
    },
  },
  {
    id: 'folate-analog',
    name: 'Folate analog metabolic inhibitors',
    members: {
      pemetrexed: 'Folate Analog Metabolic Inhibitor',
      pralatrexate: 'Folate Analog Metabolic Inhibitor',
      methotrexate: 'Folate Analog Metabolic Inhibitor',
    },
  },
  {
    id: 'platinum',
    name: 'Platinum-based drugs',
    members: {
      cisplatin: 'Platinum-based Drug',
      carboplatin: 'Platinum-based Drug',
      oxaliplatin: 'Platinum-based Drug',
    },
  },
  {
    id: 'taxane',
    name: 'Microtubule inhibitors (taxanes)',
    members: {
      paclitaxel: 'Microtubule Inhibitor',
      'paclitaxel protein-bound particles': 'Microtubule Inhibitor',
      docetaxel: 'Microtubule Inhibitor',
      cabazitaxel: 'Microtubule Inhibitor',
    },
  },
  {
    id: 'vinca',
    name: 'Vinca alkaloids',
    members: { vincristine: 'Vinca Alkaloid', vinblastine: 'Vinca Alkaloid', vinorelbine: 'Vinca Alkaloid' },
  },
  {
    id: 'proteasome',
    name: 'Proteasome inhibitors',
    members: { bortezomib: 'Proteasome Inhibitor', carfilzomib: 'Proteasome Inhibitor' },
  },
  {
    id: 'anthracycline',
    name: 'Anthracycline topoisomerase inhibitors',
    members: {
      doxorubicin: 'Anthracycline Topoisomerase Inhibitor',
      daunorubicin: 'Anthracycline Topoisomerase Inhibitor',
      epirubicin: 'Anthracycline Topoisomerase Inhibitor',
      idarubicin: 'Anthracycline Topoisomerase Inhibitor',
    },
  },
  {
    id: 'topoisomerase-1',
    name: 'Topoisomerase inhibitors (camptothecins)',
    members: { irinotecan: 'Topoisomerase Inhibitor', topotecan: 'Topoisomerase Inhibitor' },
  },
  {
    id: 'nucleoside',
    name: 'Nucleoside metabolic inhibitors',
    members: {
      gemcitabine: 'Nucleoside Metabolic Inhibitor',
      azacitidine: 'Nucleoside Metabolic Inhibitor',
      decitabine: 'Nucleoside Metabolic Inhibitor',
      cytarabine: 'Nucleoside Metabolic Inhibitor',
      fluorouracil: 'Nucleoside Metabolic Inhibitor',
      fludarabine: 'Nucleoside Metabolic Inhibitor',
    },
  },
  {
    id: 'alkylating',
    name: 'Alkylating drugs',
    members: {
      cyclophosphamide: 'Alkylating Drug',
      bendamustine: 'Alkylating Drug',
      ifosfamide: 'Alkylating Drug',
      melphalan: 'Alkylating Drug',
      busulfan: 'Alkylating Drug',
      thiotepa: 'Alkylating Drug',
    },
  },
  {
    id: 'g-csf',
    name: 'Leukocyte growth factors',
    members: {
      filgrastim: 'Leukocyte Growth Factor',
      pegfilgrastim: 'Leukocyte Growth Factor',
      'tbo-filgrastim': 'Leukocyte Growth Factor',
      eflapegrastim: 'Leukocyte Growth Factor',
      sargramostim: 'Leukocyte Growth Factor',
    },
  },
  {
    id: 'esa',
    name: 'Erythropoiesis-stimulating agents',
    members: {
      'epoetin alfa': 'Erythropoiesis-Stimulating Agent',
      'darbepoetin alfa': 'Erythropoiesis-Stimulating Agent',
      'epoetin beta': 'Erythropoiesis-Stimulating Agent',
    },
  },
  {
    id: '5ht3',
    name: 'Serotonin-3 receptor antagonists',
    members: {
      ondansetron: 'Serotonin-3 Receptor Antagonist',
      granisetron: 'Serotonin-3 Receptor Antagonist',
      palonosetron: 'Serotonin-3 Receptor Antagonist',
    },
  },
  {
    id: 'nk1',
    name: 'Substance P/neurokinin-1 receptor antagonists',
    members: {
      aprepitant: 'Substance P/Neurokinin-1 Receptor Antagonist',
      fosaprepitant: 'Substance P/Neurokinin-1 Receptor Antagonist',
      rolapitant: 'Substance P/Neurokinin-1 Receptor Antagonist',
    },
  },
  {
    id: 'bisphosphonate',
    name: 'Bisphosphonates',
    members: {
      'zoledronic acid': 'Bisphosphonate',
      pamidronate: 'Bisphosphonate',
      ibandronate: 'Bisphosphonate',
    },
  },
  {
    id: 'tnf',
    name: 'Tumor necrosis factor blockers',
    members: {
      infliximab: 'Tumor Necrosis Factor Blocker',
      golimumab: 'Tumor Necrosis Factor Blocker',
      'certolizumab pegol': 'Tumor Necrosis Factor Blocker',
      adalimumab: 'Tumor Necrosis Factor Blocker',
    },
  },
  {
    id: 'integrin',
    name: 'Integrin receptor antagonists',
    members: { natalizumab: 'Integrin Receptor Antagonist', vedolizumab: 'Integrin Receptor Antagonist' },
  },
  {
    id: 'gnrh-agonist',
    name: 'Gonadotropin-releasing hormone receptor agonists',
    members: {
      leuprolide: 'Gonadotropin Releasing Hormone Receptor Agonist',
      triptorelin: 'Gonadotropin Releasing Hormone Receptor Agonist',
      goserelin: 'Gonadotropin Releasing Hormone Receptor Agonist',
      histrelin: 'Gonadotropin Releasing Hormone Receptor Agonist',
    },
  },
  {
    id: 'complement-c5',
    name: 'Complement C5 inhibitors',
    members: { eculizumab: 'Complement Inhibitor', ravulizumab: 'Complement Inhibitor' },
  },
  {
    id: 'vegf',
    name: 'Vascular endothelial growth factor inhibitors',
    members: {
      bevacizumab: 'Vascular Endothelial Growth Factor Inhibitor',
      aflibercept: 'Vascular Endothelial Growth Factor Inhibitor',
      ranibizumab: 'Vascular Endothelial Growth Factor Inhibitor',
      'ziv-aflibercept': 'Vascular Endothelial Growth Factor Inhibitor',
    },
  },
];

const byMember = new Map<string, DrugClass>();
for (const c of DRUG_CLASSES) for (const key of Object.keys(c.members)) byMember.set(key, c);

export function drugClassOf(ingredientKey: string | null): DrugClass | undefined {
  return ingredientKey === null ? undefined : byMember.get(ingredientKey);
}
