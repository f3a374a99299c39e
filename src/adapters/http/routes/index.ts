/** Every route module, one line each. Each registers its routes under /api. */
import type { App, RouteContext } from '../context.ts';
import { registerAccountRoutes } from './accounts.ts';
import { registerCheckRoutes } from './check.ts';
import { registerCodeRoutes } from './codes.ts';
import { registerConvertRoutes } from './convert.ts';
import { registerFactCheckRoutes } from './factcheck.ts';
import { registerGuideRoutes } from './guides.ts';
import { registerMetaRoutes } from './meta.ts';
import { registerRecoveryRoutes, type RecoveryServices } from './recovery.ts';
import { registerUnitsRoutes } from './units.ts';

/** Stateful services the routes use beyond reference data and accounts (filled in by server.ts). */
export type RouteServices = RecoveryServices;

export type RegisterRoutes = (app: App, ctx: RouteContext, services: RouteServices) => void | Promise<void>;

export const routeModules: RegisterRoutes[] = [
  registerMetaRoutes,
  registerAccountRoutes,
  registerCodeRoutes,
  registerUnitsRoutes,
  registerGuideRoutes,
  registerFactCheckRoutes,
  registerCheckRoutes,
  registerConvertRoutes,
  registerRecoveryRoutes,
];
