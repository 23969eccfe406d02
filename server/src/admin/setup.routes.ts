import { Router } from 'express';
import { setupClaimBody } from '../../../shared/auth.schema.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { route } from '../http/registry.ts';
import { clientIp } from '../http/request.ts';
import { Policies } from '../ratelimit/ratelimit.ts';
import { updateUser, presentMe } from '../auth/users.queries.ts';
import { claimSetupToken } from './setup.ts';

export function setupRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, { method: 'post', path: '/api/setup/claim', access: 'member', body: setupClaimBody }, async ({ auth, body }, req) => {
    await ctx.rateLimiter.hit(Policies.setupPerIp, clientIp(req));
    const ok = await claimSetupToken(ctx.sql, body.token, auth!.user.id);
    if (!ok) throw new AppError('not_found', 'This setup link is unknown, expired or already used.');
    ctx.log.warn({ userId: auth!.user.id }, 'setup link used: member is now admin');
    return { user: presentMe(await updateUser(ctx.sql, auth!.user.id, {})) };
  });
  return r;
}
