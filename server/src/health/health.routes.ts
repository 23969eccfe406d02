import { Router } from 'express';
import type { AppContext } from '../context.ts';

/** Liveness and readiness for orchestrators; outside /api so they stay cheap and unauthenticated. */
export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    try {
      await ctx.sql`select 1`;
      res.json({ status: 'ready', database: 'up' });
    } catch {
      res.status(503).json({ error: { code: 'database_unavailable', message: 'The database cannot be reached right now.' } });
    }
  });
  return r;
}
