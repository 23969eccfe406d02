import express from 'express';
import type { HttpCapability } from '../app.ts';
import { communesRoutes } from '../communes/communes.routes.ts';
import type { Capability } from '../server.ts';
import { myOpenCheckIn } from './places.queries.ts';
import { Places } from './places.service.ts';
import { placesRoutes } from './places.routes.ts';
import { placesSocket } from './places.socket.ts';

/** How often check-ins left open past midnight (Europe/Paris) are closed and their pages told. */
const EXPIRY_SWEEP_MS = 60_000;

/** Places: directory, map, place pages, memberships, check-ins; and the communes they pick from. */
export const placesCapability: Capability = (ctx, realtime, events): HttpCapability => {
  const places = new Places(ctx, realtime);
  placesSocket(places, events);
  // A member who changed name or visibility while checked in shows (or not) as they now chose.
  ctx.memberChanges.on(async (userId) => {
    const open = await myOpenCheckIn(ctx.sql, userId);
    if (open) await places.broadcast(open.placeId);
  });
  ctx.every('check-in expiry sweep', EXPIRY_SWEEP_MS, () => places.expireCheckIns());

  const router = express.Router();
  router.use(communesRoutes());
  router.use(placesRoutes(places));
  return { router };
};
