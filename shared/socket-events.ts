import { z } from 'zod';
import type { Me } from './auth.schema.ts';
import type { Ack } from './errors.ts';
import type { ExchangeView } from './exchanges.schema.ts';
import {
  chatDeletePayload,
  chatEditPayload,
  chatHistoryPayload,
  chatSendPayload,
  presenceSetPayload,
  roomRefPayload,
  sprintStartPayload,
  type CallOccupancy,
  type ChatMessageView,
  type ChatPage,
  type PresenceStatus,
  type PresenceUpdate,
  type RoomRemoved,
  type RoomState,
  type RoomView,
  type SprintState,
} from './rooms.schema.ts';
import { placeRefPayload, placesWatchPayload, type PlaceCountUpdate, type PlacePresence } from './places.schema.ts';

/**
 * Payload schemas of every event a client may send, by event name. The server parses
 * each payload with these; the types below are derived from them.
 */
export const clientEventSchemas = {
  /** Who am I on this connection. */
  'me:get': z.strictObject({}),

  // ---- Coworking rooms (see shared/rooms.schema.ts for each payload's fields)
  /** Enter a room (idempotent; send again after every reconnect). Acks the whole RoomState. */
  'room:join': roomRefPayload,
  /** Leave a room on this connection. */
  'room:leave': roomRefPayload,
  /** Set my status in a room (all my tabs in it). */
  'presence:set': presenceSetPayload,
  /** Send a message; acked once stored. Retry with the same clientId. */
  'chat:send': chatSendPayload,
  /** Edit my message. */
  'chat:edit': chatEditPayload,
  /** Delete a message (mine, or any as a moderator): it becomes a tombstone. */
  'chat:delete': chatDeletePayload,
  /** A page of history (before/after a seq cursor). */
  'chat:history': chatHistoryPayload,
  /** Start a shared focus sprint (anyone in the room; refused while one runs). */
  'sprint:start': sprintStartPayload,
  /** Stop the room's sprint (anyone in the room). */
  'sprint:stop': roomRefPayload,

  // ---- Places (see shared/places.schema.ts)
  /** Watch who is working at a place today (its page); acks the list as this member may see it. */
  'place:watch': placeRefPayload,
  /** Stop watching a place. */
  'place:unwatch': placeRefPayload,
  /** Watch the anonymous counts of every place (map and directory). */
  'places:watch': placesWatchPayload,
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

/** What each client event acknowledges with. */
export interface ClientEventResults {
  'me:get': Me;
  'room:join': RoomState;
  'room:leave': { roomId: string };
  'presence:set': { roomId: string; status: PresenceStatus };
  'chat:send': ChatMessageView;
  'chat:edit': ChatMessageView;
  'chat:delete': ChatMessageView;
  'chat:history': ChatPage;
  'sprint:start': SprintState;
  'sprint:stop': SprintState;
  'place:watch': PlacePresence;
  'place:unwatch': { placeId: string };
  'places:watch': { watching: true };
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (result: Ack<ClientEventResults[E]>) => void) => void;
};

export interface ServerToClientEvents {
  /** The session behind this connection ended (log-out, revoked, expired); the server disconnects next. */
  'session:ended': () => void;

  // ---- Coworking rooms: sent to the sockets that joined the room.
  /** Who is present changed (arrival, departure, status); the whole list. */
  'presence:update': (update: PresenceUpdate) => void;
  /** A new message (also to the sender's other tabs; dedupe by id). */
  'chat:message': (message: ChatMessageView) => void;
  /** A message was edited. */
  'chat:updated': (message: ChatMessageView) => void;
  /** A message was deleted: the tombstone. */
  'chat:deleted': (message: ChatMessageView) => void;
  /** The sprint started or stopped. */
  'sprint:update': (state: SprintState) => void;
  /** The room was renamed or archived. */
  'room:updated': (room: RoomView) => void;
  /** Who is in the room's video call changed. */
  'call:occupancy': (occupancy: CallOccupancy) => void;
  /** This member may no longer be in the room (uninvited, or the room archived). Sent to that member only. */
  'room:removed': (removed: RoomRemoved) => void;

  // ---- Places
  /** Who is working at a watched place changed (check-in, check-out, midnight); as this member may see it. */
  'place:presence': (update: PlacePresence) => void;
  /** A place's anonymous count of members checked in changed (to `places:watch` sockets). */
  'places:count': (update: PlaceCountUpdate) => void;

  // ---- Skill exchanges: sent to both parties' sockets (room `user:<id>`).
  /** An exchange I am a party to was proposed or changed (answered, countered, cancelled, marked done, consent). */
  'exchange:update': (exchange: ExchangeView) => void;
}

/** Errors a handshake is refused with, in `err.message` on the client and `err.data.code`. */
export const HandshakeErrors = {
  unauthenticated: 'unauthenticated',
  originNotAllowed: 'origin_not_allowed',
  databaseUnavailable: 'database_unavailable',
} as const;
