/**
 * CPT (AMA) modifiers: two-digit modifiers, and Category II performance modifiers, that are not in the CMS HCPCS
 * Level II file. Only the codes are listed (no CPT text). A two-character modifier that is neither here nor in the
 * HCPCS file is unknown.
 * @see AMA CPT Appendix A "Modifiers" (Category I modifiers 22–99, Category II modifiers 1P, 2P, 3P, 8P)
 * @see shared/data/PROVENANCE.md §1: "CPT (AMA) modifiers such as 59 are not in the file"
 */
export const CPT_MODIFIERS: ReadonlySet<string> = new Set([
  '22',
  '23',
  '24',
  '25',
  '26',
  '27',
  '32',
  '33',
  '47',
  '50',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '59',
  '62',
  '63',
  '66',
  '73',
  '74',
  '76',
  '77',
  '78',
  '79',
  '80',
  '81',
  '82',
  '90',
  '91',
  '92',
  '93',
  '95',
  '96',
  '97',
  '99',
  '1P',
  '2P',
  '3P',
  '8P',
]);

/**
 * Modifiers CMS replaced with another from a date: a mechanical fix when the old one is used after its end.
 * @see HCPCS modifier JG (terminated 2024-12-31) and TB; CMS: from 2025-01-01 all 340B-acquired drugs carry TB
 */
export const MODIFIER_SUCCESSORS: Readonly<Record<string, string>> = { JG: 'TB' };
