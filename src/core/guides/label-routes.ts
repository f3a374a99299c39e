/**
 * Routes read from a product label's title, for drugs whose HCPCS descriptor names no route and that drugclaim's
 * dosing and container tables do not list. Each entry is the title of the FDA prescribing information (DailyMed),
 * which states the route ("… injection, for intravitreal use"); keyed by the ingredient key of the descriptor
 * (drug-names.ts), so a biosimilar of the molecule is covered by its reference product's route.
 *
 * Only drugs given by one route for every product of the molecule are listed: ziv-aflibercept (Zaltrap, J9400,
 * intravenous) has an ingredient key of its own, so "aflibercept" here is the ophthalmic product alone.
 */
import type { Route } from './model.ts';

export interface LabelRoute {
  route: Route;
  /** The product whose label is read. */
  drug: string;
  /** The label's title, which states the route. */
  title: string;
}

export const LABEL_ROUTES: Readonly<Record<string, LabelRoute>> = {
  aflibercept: {
    route: 'intravitreal',
    drug: 'EYLEA, EYLEA HD',
    title:
      'EYLEA (aflibercept) injection, for intravitreal use; EYLEA HD (aflibercept) injection, for intravitreal use',
  },
  ranibizumab: {
    route: 'intravitreal',
    drug: 'LUCENTIS',
    title: 'LUCENTIS (ranibizumab injection) for intravitreal use',
  },
  faricimab: {
    route: 'intravitreal',
    drug: 'VABYSMO',
    title: 'VABYSMO (faricimab-svoa) injection, for intravitreal use',
  },
  brolucizumab: {
    route: 'intravitreal',
    drug: 'BEOVU',
    title: 'BEOVU (brolucizumab-dbll) injection, for intravitreal use',
  },
};
