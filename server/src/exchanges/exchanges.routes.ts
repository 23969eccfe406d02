import express from 'express';
import {
  counterExchangeBody,
  exchangeConsentBody,
  exchangeParams,
  ExchangeLimits,
  proposeExchangeBody,
  type ExchangeAction,
  type ExchangeList,
  type ExchangeView,
} from '../../../shared/exchanges.schema.ts';
import type { AppContext } from '../context.ts';
import type { TransactionSql } from '../db/sql.ts';
import { AppError, Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { maySee } from '../profiles/visibility.ts';
import type { Realtime } from '../realtime/socket.ts';
import { ensureSkill } from '../skills/skills.queries.ts';
import { step, type ExchangeState } from './exchanges.machine.ts';
import { selectExchanges } from './exchanges.queries.ts';

export const userScope = (userId: string) => `user:${userId}`;

export function exchangesRoutes(ctx: AppContext, realtime: Realtime): express.Router {
  const r = express.Router();
  const { sql, log } = ctx;

  /** Both parties' sockets hear of every step (each member's sockets join `user:<id>`). */
  async function tell(id: string): Promise<ExchangeView> {
    const [view] = await selectExchanges(sql, { id });
    realtime.io.to([userScope(view!.proposer.userId), userScope(view!.recipient.userId)]).emit('exchange:update', view!);
    return view!;
  }

  /** The exchange locked for a change by `actorId`; not found for anyone but its two parties. */
  async function lockAsParty(tx: TransactionSql, id: string, actorId: string): Promise<ExchangeState & { id: string }> {
    const [row] = await tx<(ExchangeState & { id: string })[]>`
      select id, status, proposer_id, recipient_id, awaiting_id, proposer_done, recipient_done from exchanges where id = ${id} for update`;
    if (!row || (row.proposerId !== actorId && row.recipientId !== actorId)) throw Errors.notFound('This exchange');
    return row;
  }

  route(r, { method: 'get', path: '/api/exchanges', access: 'member' }, async ({ auth }): Promise<ExchangeList> => ({
    exchanges: await selectExchanges(sql, { partyId: auth!.user.id }, ExchangeLimits.listMax),
  }));

  route(r, { method: 'get', path: '/api/exchanges/:exchangeId', access: 'member', params: exchangeParams }, async ({ params, auth }) => {
    const [view] = await selectExchanges(sql, { id: params.exchangeId });
    if (!view || (view.proposer.userId !== auth!.user.id && view.recipient.userId !== auth!.user.id)) throw Errors.notFound('This exchange');
    return view;
  });

  route(r, { method: 'post', path: '/api/exchanges', access: 'member', body: proposeExchangeBody }, async ({ body, auth }, _req, res) => {
    const me = auth!.user.id;
    if (body.toUserId === me) throw new AppError('bad_request', 'An exchange needs another member.');
    // Only with a member one may see: a hidden profile cannot be reached through the API either.
    if (!(await maySee(sql, me, body.toUserId))) throw Errors.notFound('This member');
    const id = await sql.begin(async (tx) => {
      const gives = await ensureSkill(tx, body.offer, me);
      const gets = await ensureSkill(tx, body.ask, me);
      const [row] = await tx<{ id: string }[]>`
        insert into exchanges (proposer_id, recipient_id, proposer_gives, recipient_gives, message, status, awaiting_id)
        values (${me}, ${body.toUserId}, ${gives}, ${gets}, ${body.message}, 'proposed', ${body.toUserId}) returning id`;
      await tx`insert into exchange_events (exchange_id, actor_id, kind, proposer_gives, recipient_gives, message)
        values (${row!.id}, ${me}, 'proposed', ${gives}, ${gets}, ${body.message})`;
      return row!.id;
    });
    log.info({ exchangeId: id, from: me, to: body.toUserId }, 'exchange proposed');
    res.status(201);
    return tell(id);
  });

  async function act(id: string, actorId: string, action: ExchangeAction, terms?: { offer: string; ask: string; message: string }): Promise<ExchangeView> {
    await sql.begin(async (tx) => {
      const current = await lockAsParty(tx, id, actorId);
      const { next, event } = step(current, actorId, action);
      let gives: { proposer: string; recipient: string } | undefined;
      if (terms) {
        // Terms come from the actor's side: what I offer, what I ask.
        const mine = await ensureSkill(tx, terms.offer, actorId);
        const theirs = await ensureSkill(tx, terms.ask, actorId);
        gives = actorId === current.proposerId ? { proposer: mine, recipient: theirs } : { proposer: theirs, recipient: mine };
      }
      await tx`update exchanges set status = ${next.status}, awaiting_id = ${next.awaitingId}, proposer_done = ${next.proposerDone},
          recipient_done = ${next.recipientDone}, updated_at = now()
          ${gives ? tx`, proposer_gives = ${gives.proposer}, recipient_gives = ${gives.recipient}, message = ${terms!.message}` : tx``}
        where id = ${id}`;
      await tx`insert into exchange_events (exchange_id, actor_id, kind, proposer_gives, recipient_gives, message)
        values (${id}, ${actorId}, ${event}, ${gives?.proposer ?? null}, ${gives?.recipient ?? null}, ${terms?.message ?? ''})`;
    });
    log.info({ exchangeId: id, actorId, action }, 'exchange step');
    return tell(id);
  }

  for (const action of ['accept', 'decline', 'cancel', 'done'] as const) {
    route(r, { method: 'post', path: `/api/exchanges/:exchangeId/${action}`, access: 'member', params: exchangeParams }, ({ params, auth }) =>
      act(params.exchangeId, auth!.user.id, action),
    );
  }
  route(r, { method: 'post', path: '/api/exchanges/:exchangeId/counter', access: 'member', params: exchangeParams, body: counterExchangeBody }, ({ params, body, auth }) =>
    act(params.exchangeId, auth!.user.id, 'counter', body),
  );

  route(r, { method: 'put', path: '/api/exchanges/:exchangeId/consent', access: 'member', params: exchangeParams, body: exchangeConsentBody }, async ({ params, body, auth }) => {
    const me = auth!.user.id;
    await sql.begin(async (tx) => {
      const row = await lockAsParty(tx, params.exchangeId, me);
      if (row.proposerId === me) await tx`update exchanges set proposer_shows = ${body.show} where id = ${row.id}`;
      else await tx`update exchanges set recipient_shows = ${body.show} where id = ${row.id}`;
    });
    return tell(params.exchangeId);
  });

  return r;
}
