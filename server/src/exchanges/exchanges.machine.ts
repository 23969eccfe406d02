import type { ExchangeAction, ExchangeEventView, ExchangeStatus } from '../../../shared/exchanges.schema.ts';
import { AppError, Errors } from '../errors.ts';

export interface ExchangeState {
  status: ExchangeStatus;
  proposerId: string;
  recipientId: string;
  awaitingId: string | null;
  proposerDone: boolean;
  recipientDone: boolean;
}

export interface Step {
  next: ExchangeState;
  event: ExchangeEventView['kind'];
}

const conflict = (status: ExchangeStatus, action: ExchangeAction) =>
  new AppError('conflict', `This exchange is ${status}; it cannot be ${action === 'done' ? 'marked done' : `${action}ed`} now.`, { status, action });

/**
 * The exchange's rules, in one place:
 * - proposed: the party awaited accepts, declines or counter-proposes (then the other is awaited);
 * - proposed or accepted: either party cancels;
 * - accepted: each party marks it done once; when both have, it is done;
 * - declined, cancelled, done: final.
 * A wrong status is a conflict; a party acting out of turn is forbidden. Callers check that the actor is a party.
 */
export function step(s: ExchangeState, actorId: string, action: ExchangeAction): Step {
  const isProposer = actorId === s.proposerId;
  const other = isProposer ? s.recipientId : s.proposerId;
  switch (action) {
    case 'accept':
    case 'decline':
    case 'counter': {
      if (s.status !== 'proposed') throw conflict(s.status, action);
      if (s.awaitingId !== actorId) throw Errors.forbidden('The other party must answer these terms first.');
      if (action === 'accept') return { next: { ...s, status: 'accepted', awaitingId: null }, event: 'accepted' };
      if (action === 'decline') return { next: { ...s, status: 'declined', awaitingId: null }, event: 'declined' };
      return { next: { ...s, awaitingId: other }, event: 'countered' };
    }
    case 'cancel':
      if (s.status !== 'proposed' && s.status !== 'accepted') throw conflict(s.status, action);
      return { next: { ...s, status: 'cancelled', awaitingId: null }, event: 'cancelled' };
    case 'done': {
      if (s.status !== 'accepted') throw conflict(s.status, action);
      if (isProposer ? s.proposerDone : s.recipientDone) throw new AppError('conflict', 'You have already marked this exchange done.', { status: s.status, action });
      const next = { ...s, proposerDone: s.proposerDone || isProposer, recipientDone: s.recipientDone || !isProposer };
      if (next.proposerDone && next.recipientDone) return { next: { ...next, status: 'done' }, event: 'done' };
      return { next, event: 'marked_done' };
    }
  }
}
