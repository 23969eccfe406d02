import { z } from 'zod';
import { skillLabelSchema } from './skills.schema.ts';

export const ExchangeLimits = { messageMax: 1000, listMax: 100 } as const;

export const exchangeStatuses = ['proposed', 'accepted', 'declined', 'cancelled', 'done'] as const;
export type ExchangeStatus = (typeof exchangeStatuses)[number];
export const exchangeActions = ['accept', 'decline', 'counter', 'cancel', 'done'] as const;
export type ExchangeAction = (typeof exchangeActions)[number];

/** POST /api/exchanges : I offer a skill, I ask one, with a message. */
export const proposeExchangeBody = z.strictObject({
  toUserId: z.uuid(),
  offer: skillLabelSchema,
  ask: skillLabelSchema,
  message: z.string().trim().max(ExchangeLimits.messageMax),
});
/** POST /api/exchanges/:exchangeId/counter : new terms, from my side. */
export const counterExchangeBody = z.strictObject({
  offer: skillLabelSchema,
  ask: skillLabelSchema,
  message: z.string().trim().max(ExchangeLimits.messageMax),
});
export const exchangeParams = z.strictObject({ exchangeId: z.uuid() });
/** PUT /api/exchanges/:exchangeId/consent : may this exchange appear on the other's profile with my name. */
export const exchangeConsentBody = z.strictObject({ show: z.boolean() });

export interface ExchangeParty {
  userId: string;
  displayName: string;
}

export interface ExchangeEventView {
  kind: 'proposed' | 'countered' | 'accepted' | 'declined' | 'cancelled' | 'marked_done' | 'done';
  actorId: string | null;
  proposerGives: string | null;
  recipientGives: string | null;
  message: string;
  at: string;
}

export interface ExchangeView {
  id: string;
  status: ExchangeStatus;
  proposer: ExchangeParty;
  recipient: ExchangeParty;
  proposerGives: { id: string; label: string };
  recipientGives: { id: string; label: string };
  message: string;
  /** Who must answer the terms (while proposed). */
  awaitingId: string | null;
  proposerDone: boolean;
  recipientDone: boolean;
  proposerShows: boolean;
  recipientShows: boolean;
  createdAt: string;
  updatedAt: string;
  events: ExchangeEventView[];
}

export interface ExchangeList {
  exchanges: ExchangeView[];
}
