import express from 'express';
import { mergeSkillsBody, SkillLimits, skillsQuery, type SkillList } from '../../../shared/skills.schema.ts';
import type { AppContext } from '../context.ts';
import { route } from '../http/registry.ts';
import { mergeSkills, suggestSkills } from './skills.queries.ts';

/** The shared skill vocabulary: suggestions while typing; admins merge synonyms. */
export function skillsRoutes(ctx: AppContext): express.Router {
  const r = express.Router();
  const { sql, log } = ctx;

  route(r, { method: 'get', path: '/api/skills', access: 'public', query: skillsQuery }, async ({ query }): Promise<SkillList> => ({
    skills: await suggestSkills(sql, query.q, query.limit ?? SkillLimits.suggestMax),
  }));

  route(r, { method: 'post', path: '/api/admin/skills/merge', access: 'admin', body: mergeSkillsBody }, async ({ body, auth }) => {
    await sql.begin((tx) => mergeSkills(tx, body.from, body.into));
    log.info({ by: auth!.user.id, from: body.from, into: body.into }, 'skills merged');
    return { merged: true, into: body.into };
  });
  return r;
}
