import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { TokenVerifier, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { Limits } from '../../../shared/limits.ts';
import type { AppContext } from '../context.ts';
import type { TransactionSql } from '../db/sql.ts';
import { AppError, Errors } from '../errors.ts';
import { videoUnavailable } from './livekit.ts';

/** LiveKit posts its webhooks here; the path verifies a signature instead of the Origin. */
export const LIVEKIT_WEBHOOK_PATH = '/api/livekit/webhook';

/**
 * Applies one verified, first-seen event inside the transaction that records its id, and
 * may return what to do once it is committed (broadcasts).
 */
export type WebhookHandler = (event: WebhookEvent, tx: TransactionSql) => Promise<(() => void) | void>;

/** True when `auth` is a JWT signed with our key whose sha256 claim is the body's. */
async function signatureValid(verifier: TokenVerifier, body: string, auth: string | undefined): Promise<boolean> {
  if (!auth) return false;
  try {
    const claims = await verifier.verify(auth);
    return claims.sha256 === createHash('sha256').update(body, 'utf8').digest('base64');
  } catch {
    return false;
  }
}

/**
 * The one LiveKit webhook endpoint. The raw body is read as text (a re-serialised body would
 * not verify); unsigned or wrongly signed posts are refused and change nothing; an event id
 * seen before is acknowledged and ignored, so LiveKit's retries and replays apply once.
 */
export function liveKitWebhookRouter(ctx: AppContext, handlers: WebhookHandler[]): express.Router {
  const router = express.Router();
  const lk = ctx.config.livekit;
  const receiver = lk ? new WebhookReceiver(lk.apiKey, lk.apiSecret) : undefined;
  const verifier = lk ? new TokenVerifier(lk.apiKey, lk.apiSecret) : undefined;

  router.post(
    LIVEKIT_WEBHOOK_PATH,
    express.text({ type: 'application/webhook+json', limit: Limits.bodyBytes }),
    async (req: Request, res: Response) => {
      if (!receiver || !verifier) throw videoUnavailable('not_configured');
      if (typeof req.body !== 'string') throw new AppError('bad_request', 'Expected Content-Type: application/webhook+json.');
      const body = req.body;
      if (!(await signatureValid(verifier, body, req.headers.authorization))) throw Errors.unauthenticated();
      let event: WebhookEvent;
      try {
        event = await receiver.receive(body, req.headers.authorization);
      } catch {
        throw new AppError('bad_request', 'The webhook body is not a LiveKit event.');
      }
      if (!event.id || event.id.length > 200) throw new AppError('bad_request', 'The webhook event has no id.');

      const after = await ctx.sql.begin(async (tx) => {
        const [fresh] = await tx`
          insert into livekit_webhook_events (id, event) values (${event.id}, ${event.event})
          on conflict (id) do nothing returning id`;
        if (!fresh) return undefined;
        const effects: (() => void)[] = [];
        for (const h of handlers) {
          const effect = await h(event, tx);
          if (effect) effects.push(effect);
        }
        return effects;
      });
      if (after) for (const f of after) f();
      ctx.log.debug({ id: event.id, event: event.event, room: event.room?.name, duplicate: !after }, 'livekit webhook');
      res.json({ received: true, duplicate: !after });
    },
  );
  return router;
}
