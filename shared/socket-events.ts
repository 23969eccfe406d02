import { z } from 'zod';
import type { Me } from './auth.schema.ts';
import type { Ack } from './errors.ts';

/**
 * Payload schemas of every event a client may send, by event name. The server parses
 * each payload with these; the types below are derived from them.
 */
export const clientEventSchemas = {
  /** Who am I on this connection. */
  'me:get': z.strictObject({}),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

/** What each client event acknowledges with. */
export interface ClientEventResults {
  'me:get': Me;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (result: Ack<ClientEventResults[E]>) => void) => void;
};

export interface ServerToClientEvents {
  /** The session behind this connection ended (log-out, revoked, expired); the server disconnects next. */
  'session:ended': () => void;
}

/** Errors a handshake is refused with, in `err.message` on the client and `err.data.code`. */
export const HandshakeErrors = {
  unauthenticated: 'unauthenticated',
  originNotAllowed: 'origin_not_allowed',
  databaseUnavailable: 'database_unavailable',
} as const;
