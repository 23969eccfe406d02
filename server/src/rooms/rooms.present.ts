import type { ChatMessageView, PresenceEntry, RoomAccess, RoomView, SprintView } from '../../../shared/rooms.schema.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { PresentMember } from '../presence/presence.ts';
import type { MessageRow } from './chat.queries.ts';
import type { RoomRow } from './rooms.queries.ts';
import type { SprintRow } from './sprints.queries.ts';

export const roomScope = (roomId: string) => `room:${roomId}`;

/** What a member may do with a room, from their links to it. */
export interface RoomRights extends RoomAccess {
  /** May see the room's facts (GET). */
  canSee: boolean;
  /** May be in the room: presence, chat, sprints, call. */
  canEnter: boolean;
}

/**
 * The room rules in one place. Open rooms (network or place) are for every member; private
 * rooms for their owners and invitees (admins included only if invited). Admins manage
 * every room. Moderators: owners, admins, animators of the room's place, or of any place
 * for a network room.
 */
export function rightsOf(room: RoomRow, user: SessionUser): RoomRights {
  const admin = user.role === 'admin';
  const owner = room.myRole === 'owner';
  const member = room.visibility === 'open' || room.myRole !== null;
  const archived = room.archivedAt !== null;
  const animator = room.placeId ? room.myPlaceRole === 'animator' : room.animatorAnywhere;
  const canManage = owner || admin;
  return {
    owner,
    canSee: member || admin,
    canEnter: member && !archived,
    canManage,
    canInvite: canManage && room.visibility === 'private' && !archived,
    canModerate: member && !archived && (owner || admin || animator),
  };
}

export function presentAccess(r: RoomRights): RoomAccess {
  return { owner: r.owner, canManage: r.canManage, canInvite: r.canInvite, canModerate: r.canModerate };
}

export function presentRoom(room: RoomRow): RoomView {
  return {
    id: room.id,
    name: room.name,
    visibility: room.visibility,
    placeId: room.placeId,
    placeName: room.placeName,
    archivedAt: room.archivedAt ? room.archivedAt.toISOString() : null,
    createdAt: room.createdAt.toISOString(),
    createdBy: room.createdBy ? { id: room.createdBy, displayName: room.createdByName ?? '' } : null,
  };
}

export function presentMessage(m: MessageRow): ChatMessageView {
  return {
    id: m.id,
    roomId: m.roomId,
    seq: Number(m.seq),
    clientId: m.clientId,
    author: { id: m.authorId, displayName: m.authorName },
    body: m.deletedAt ? '' : m.body,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt ? m.editedAt.toISOString() : null,
    deletedAt: m.deletedAt ? m.deletedAt.toISOString() : null,
  };
}

export function presentSprint(s: SprintRow): SprintView {
  const start = s.startedAt.getTime();
  const focusEnds = start + s.focusMinutes * 60_000;
  return {
    id: s.id,
    startedBy: { id: s.startedBy, displayName: s.startedByName },
    focusMinutes: s.focusMinutes,
    breakMinutes: s.breakMinutes,
    startedAt: s.startedAt.toISOString(),
    focusEndsAt: new Date(focusEnds).toISOString(),
    breakEndsAt: new Date(focusEnds + s.breakMinutes * 60_000).toISOString(),
  };
}

export function presentPresence(p: PresentMember): PresenceEntry {
  return { userId: p.userId, displayName: p.displayName, status: p.status, since: new Date(p.since).toISOString() };
}
