import { Router } from 'express';
import type { Capability } from '../server.ts';
import { mailTransportFor } from '../mail/mail.config.ts';
import { startMailWorker } from '../mail/queue.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsAdminRoutes } from './admin.routes.ts';
import { pruneAccountTokens } from './link-tokens.ts';

/**
 * Account lifecycle (verification, reset, log-in link, invitations, e-mail change, roles)
 * and the app's one mail worker, which sends what every capability queues with enqueueMail.
 */
export const accountsCapability: Capability = (ctx, realtime) => {
  const transport = mailTransportFor(ctx.config);
  const worker = startMailWorker(ctx.sql, transport, ctx.log);
  ctx.every('link token pruning', 6 * 60 * 60 * 1000, () => pruneAccountTokens(ctx.sql));
  // The server closes its HTTP side before its database: stop sending then.
  realtime.io.httpServer?.once('close', () => void worker.stop());
  ctx.log.info({ transport: transport.name }, 'mail worker started');
  const router = Router();
  router.use(accountsRoutes(ctx));
  router.use(accountsAdminRoutes(ctx));
  return { router };
};
