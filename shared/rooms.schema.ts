import { z } from 'zod';
import type { VideoUnavailableReason } from './calls.schema.ts';

/** Limits of coworking rooms, enforced by the server and shown by the forms. */
export const RoomLimits = {
  nameMin: 1,
  nameMax: 80,
  /** Longest chat message, in characters (UTF-16 code units, as `String.length`). */
  messageMax: 2000,
  /** Messages per history page when `limit` is not given, and in the room state. */
  historyPageDefault: 50,
  historyPageMax: 100,
  /** Lifetime of a call token (seconds); a new one is asked for at each join. */
  callTokenTtlSeconds: 10 * 60,
} as const;

/** Focus lengths a sprint may have, in minutes, and the break that follows each. */
export const sprintFocusMinutes = [25, 50] as const;
export const sprintBreakMinutes = [5, 10] as const;
/** The break that follows a focus length when none is asked for. */
export const defaultBreakFor = { 25: 5, 50: 10 } as const;

export const presenceStatuses = ['focus', 'available', 'away'] as const;
export const presenceStatusSchema = z.enum(presenceStatuses);
/** What a member in a room shows: deep work, open to talk, or away (set by the client when idle). */
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

export const roomVisibilities = ['open', 'private'] as const;
export const roomVisibilitySchema = z.enum(roomVisibilities);
/** `open`: every member may enter. `private`: only the room's owners and the members they invite. */
export type RoomVisibility = z.infer<typeof roomVisibilitySchema>;

export const roomNameSchema = z.string().trim().min(RoomLimits.nameMin).max(RoomLimits.nameMax);
/** A chat message body: plain text, trimmed, never empty. Rendered as text (links made clickable by the web). */
export const messageBodySchema = z.string().trim().min(1).max(RoomLimits.messageMax);

const uuid = z.uuid();
/** A message sequence number: the chat cursor. Per room, increasing in commit order, from 1. */
const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------- HTTP

/** Route params `:id` of every /api/rooms/:id route. */
export const roomIdParams = z.strictObject({ id: uuid });
export type RoomIdParams = z.infer<typeof roomIdParams>;

/** Route params of DELETE /api/rooms/:id/invitations/:userId */
export const roomInvitationParams = z.strictObject({ id: uuid, userId: uuid });

/** GET /api/rooms query. */
export const listRoomsQuery = z.strictObject({
  /** Only the rooms of this place (omit for all rooms I may enter, network and places). */
  placeId: uuid.optional(),
});
export type ListRoomsQuery = z.infer<typeof listRoomsQuery>;

/** POST /api/rooms */
export const createRoomBody = z.strictObject({
  /** Shown name, 1–80 characters after trimming. */
  name: roomNameSchema,
  /** Who may enter: every member (`open`) or invited members only (`private`). */
  visibility: roomVisibilitySchema,
  /** The place this room belongs to; omit or null for a network room. */
  placeId: uuid.nullable().optional(),
});
export type CreateRoomBody = z.infer<typeof createRoomBody>;

/** PATCH /api/rooms/:id (owners and admins). */
export const renameRoomBody = z.strictObject({
  /** The new name. */
  name: roomNameSchema,
});
export type RenameRoomBody = z.infer<typeof renameRoomBody>;

/** POST /api/rooms/:id/invitations (owners of a private room). */
export const inviteBody = z.strictObject({
  /** The member invited, by id. */
  userId: uuid,
});
export type InviteBody = z.infer<typeof inviteBody>;

// ---------------------------------------------------------------- Socket payloads

/** `room:join` and `room:leave` and `sprint:stop`: one room. */
export const roomRefPayload = z.strictObject({
  /** The room. */
  roomId: uuid,
});

/** `presence:set` */
export const presenceSetPayload = z.strictObject({
  roomId: uuid,
  /** The status to show; applies to every tab/device of this member in the room. */
  status: presenceStatusSchema,
});

/** `chat:send` */
export const chatSendPayload = z.strictObject({
  roomId: uuid,
  /** A uuid the client generates once per message and reuses on retries: a retry returns the same message. */
  clientId: uuid,
  /** Plain text, 1–2000 characters after trimming. */
  body: messageBodySchema,
});

/** `chat:edit` (the author only). */
export const chatEditPayload = z.strictObject({
  roomId: uuid,
  /** The message's `id`. */
  messageId: uuid,
  /** The new text. */
  body: messageBodySchema,
});

/** `chat:delete` (the author, or the room's owners, moderating animators and admins). */
export const chatDeletePayload = z.strictObject({
  roomId: uuid,
  /** The message's `id`. */
  messageId: uuid,
});

/**
 * `chat:history`: a page of messages. With `before`: older than that seq (scrolling up).
 * With `after`: newer than that seq (catching up after a reconnect). With neither: the
 * newest page. Not both.
 */
export const chatHistoryPayload = z
  .strictObject({
    roomId: uuid,
    /** Messages with seq < before. */
    before: seqSchema.optional(),
    /** Messages with seq > after. */
    after: seqSchema.optional(),
    /** Page size, 1–100 (default 50). */
    limit: z.number().int().min(1).max(RoomLimits.historyPageMax).optional(),
  })
  .refine((p) => p.before === undefined || p.after === undefined, { message: 'Give before or after, not both.', path: ['after'] });

/** `sprint:start` */
export const sprintStartPayload = z.strictObject({
  roomId: uuid,
  /** Focus length in minutes: 25 or 50. */
  focusMinutes: z.union([z.literal(25), z.literal(50)]),
  /** Break length in minutes: 5 or 10; defaults to 5 after 25 and 10 after 50. */
  breakMinutes: z.union([z.literal(5), z.literal(10)]).optional(),
});

// ---------------------------------------------------------------- Presented shapes

/** A member as shown beside what they did (author, starter, invitee). Shown by name even when hidden. */
export interface MemberRef {
  id: string;
  displayName: string;
}

/** The public facts of a room, the same for everyone who may enter it. */
export interface RoomView {
  id: string;
  name: string;
  visibility: RoomVisibility;
  /** The place the room belongs to, or null for a network room. */
  placeId: string | null;
  placeName: string | null;
  /** Set when archived: nobody enters, chat and call are closed. ISO 8601. */
  archivedAt: string | null;
  createdAt: string;
  /** Null when the creator's account was deleted. */
  createdBy: MemberRef | null;
}

/** What the current member may do in a room. */
export interface RoomAccess {
  /** An owner of the room (its creator). */
  owner: boolean;
  /** May rename and archive (owners and admins). */
  canManage: boolean;
  /** May invite and uninvite (owners and admins, private rooms only). */
  canInvite: boolean;
  /** May delete anyone's message (owners, admins, animators of the room's place; any animator for network rooms). */
  canModerate: boolean;
}

/** A room in a list (GET /api/rooms) or alone (GET /api/rooms/:id, with `invitees` for those who may invite). */
export interface RoomSummary extends RoomView {
  access: RoomAccess;
  /** Distinct members present right now (sockets joined). */
  presenceCount: number;
  /** Distinct identities in the video call right now (from LiveKit's webhooks). */
  callCount: number;
  /** Invited members of a private room; only for those who may invite. */
  invitees?: MemberRef[];
}

/** One member present in a room (counted once whatever their number of tabs and devices). */
export interface PresenceEntry {
  userId: string;
  displayName: string;
  status: PresenceStatus;
  /** When they arrived (their earliest live connection), ISO 8601. */
  since: string;
}

/** A chat message. A deleted message stays as a tombstone: `deletedAt` set, `body` empty. */
export interface ChatMessageView {
  id: string;
  roomId: string;
  /** Per-room sequence, increasing in the order messages were stored: the history cursor. */
  seq: number;
  /** The sender's idempotency key. */
  clientId: string;
  author: MemberRef;
  /** Plain text; '' when deleted. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** A page of history, always in ascending `seq` order. */
export interface ChatPage {
  messages: ChatMessageView[];
  /** More messages exist beyond this page in the direction asked (older for before/none, newer for after). */
  hasMore: boolean;
}

/**
 * A shared focus sprint. Clients compute the countdown from these server times, corrected
 * by the offset `serverNow - Date.now()` taken when the state arrived.
 */
export interface SprintView {
  id: string;
  startedBy: MemberRef;
  focusMinutes: 25 | 50;
  breakMinutes: 5 | 10;
  /** When focus began (decided by the server), ISO 8601. */
  startedAt: string;
  /** startedAt + focusMinutes. */
  focusEndsAt: string;
  /** focusEndsAt + breakMinutes; after it the sprint is over (and no longer sent). */
  breakEndsAt: string;
}

/** The sprint of a room now (null when none) and the server's clock. */
export interface SprintState {
  roomId: string;
  sprint: SprintView | null;
  /** The server's clock when this was sent, ISO 8601. */
  serverNow: string;
}

/** Whether video can be offered right now, and if not, why. */
export interface VideoStatus {
  available: boolean;
  reason?: VideoUnavailableReason;
}

/** Someone in the room's video call, by LiveKit identity (= member id). */
export interface CallParticipant {
  identity: string;
  displayName: string;
}

/** Who is in a room's call right now. */
export interface CallOccupancy {
  roomId: string;
  participants: CallParticipant[];
}

/** Everything a page needs on entering a room: ack of `room:join`. */
export interface RoomState {
  room: RoomView;
  access: RoomAccess;
  presence: PresenceEntry[];
  /** The newest page of history. */
  messages: ChatPage;
  sprint: SprintView | null;
  /** The server's clock, for the sprint countdown's offset. */
  serverNow: string;
  video: VideoStatus;
  call: CallParticipant[];
}

/** Payload of `presence:update`: the whole list, after any change. */
export interface PresenceUpdate {
  roomId: string;
  presence: PresenceEntry[];
}

/** Payload of `room:removed`: this member may no longer be in the room; leave the page. */
export interface RoomRemoved {
  roomId: string;
  reason: 'uninvited' | 'archived';
}
