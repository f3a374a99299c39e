/** Per-code billing guides from data. @see ./build.ts, ./model.ts */
export { buildGuide, isProblem, HCPCS_CODE } from './build.ts';
export type { GuideInputs } from './inputs.ts';
export * from './model.ts';
export { drugNameParts, ingredientKeyOf, type DrugNameParts } from './drug-names.ts';
export { catalogue, type Catalogue, type CatalogueEntry } from './catalogue.ts';
