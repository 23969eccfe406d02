import express from 'express';
import type { HttpCapability } from '../app.ts';
import type { Capability } from '../server.ts';
import { skillsRoutes } from '../skills/skills.routes.ts';
import { syncCommunePositions } from './positions.ts';
import { profilesRoutes } from './profiles.routes.ts';

/** Member profiles, the skill vocabulary, the directory of members and their matches. */
export const profilesCapability: Capability = async (ctx): Promise<HttpCapability> => {
  await syncCommunePositions(ctx.sql);
  const router = express.Router();
  router.use(skillsRoutes(ctx));
  router.use(profilesRoutes(ctx));
  return { router };
};
