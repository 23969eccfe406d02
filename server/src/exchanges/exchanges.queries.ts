import type { ExchangeView } from '../../../shared/exchanges.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';

type Db = Sql | TransactionSql;

/** An exchange as selected: the view's own fields, and flat where the view nests or dates. */
type ExchangeRow = Pick<
  ExchangeView,
  'id' | 'status' | 'message' | 'awaitingId' | 'proposerDone' | 'recipientDone' | 'proposerShows' | 'recipientShows'
> & {
  proposerId: string;
  proposerName: string;
  recipientId: string;
  recipientName: string;
  proposerGives: string;
  proposerGivesLabel: string;
  recipientGives: string;
  recipientGivesLabel: string;
  createdAt: Date;
  updatedAt: Date;
};

interface EventRow {
  exchangeId: string;
  kind: ExchangeView['events'][number]['kind'];
  actorId: string | null;
  proposerGives: string | null;
  recipientGives: string | null;
  message: string;
  createdAt: Date;
}

/** Exchanges with their parties' names (shown wherever they act, whatever their visibility) and their history. */
export async function selectExchanges(db: Db, where: { id?: string; partyId?: string }, limit = 100): Promise<ExchangeView[]> {
  const rows = await db<ExchangeRow[]>`
    select e.id, e.status, e.proposer_id, pu.display_name as proposer_name, e.recipient_id, ru.display_name as recipient_name,
      e.proposer_gives, pg.label as proposer_gives_label, e.recipient_gives, rg.label as recipient_gives_label,
      e.message, e.awaiting_id, e.proposer_done, e.recipient_done, e.proposer_shows, e.recipient_shows, e.created_at, e.updated_at
    from exchanges e
    join users pu on pu.id = e.proposer_id join users ru on ru.id = e.recipient_id
    join skills pg on pg.id = e.proposer_gives join skills rg on rg.id = e.recipient_gives
    where true
      ${where.id ? db`and e.id = ${where.id}` : db``}
      ${where.partyId ? db`and (e.proposer_id = ${where.partyId} or e.recipient_id = ${where.partyId})` : db``}
    order by e.updated_at desc, e.id
    limit ${limit}`;
  if (!rows.length) return [];
  const events = await db<EventRow[]>`
    select ev.exchange_id, ev.kind, ev.actor_id, pg.label as proposer_gives, rg.label as recipient_gives, ev.message, ev.created_at
    from exchange_events ev
    left join skills pg on pg.id = ev.proposer_gives left join skills rg on rg.id = ev.recipient_gives
    where ev.exchange_id in ${db(rows.map((r) => r.id))}
    order by ev.id`;
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    proposer: { userId: r.proposerId, displayName: r.proposerName },
    recipient: { userId: r.recipientId, displayName: r.recipientName },
    proposerGives: { id: r.proposerGives, label: r.proposerGivesLabel },
    recipientGives: { id: r.recipientGives, label: r.recipientGivesLabel },
    message: r.message,
    awaitingId: r.awaitingId,
    proposerDone: r.proposerDone,
    recipientDone: r.recipientDone,
    proposerShows: r.proposerShows,
    recipientShows: r.recipientShows,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    events: events
      .filter((e) => e.exchangeId === r.id)
      .map((e) => ({ kind: e.kind, actorId: e.actorId, proposerGives: e.proposerGives, recipientGives: e.recipientGives, message: e.message, at: e.createdAt.toISOString() })),
  }));
}
