import type { HttpCapability } from '../app.ts';
import type { Capability } from '../server.ts';
import { exchangesRoutes } from './exchanges.routes.ts';

/** Skill exchanges between members: propose, answer, counter, cancel, mark done; told live to both. */
export const exchangesCapability: Capability = (ctx, realtime): HttpCapability => ({ router: exchangesRoutes(ctx, realtime) });
