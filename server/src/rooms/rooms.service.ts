import type { RoomState, RoomSummary } from '../../../shared/rooms.schema.ts';
import { RoomLimits } from '../../../shared/rooms.schema.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import type { LiveKit } from '../livekit/livekit.ts';
import type { Presence } from '../presence/presence.ts';
import type { Realtime } from '../realtime/socket.ts';
import { historyPage } from './chat.queries.ts';
import { callParticipants, findRoomFor, listInvitees, type RoomRow } from './rooms.queries.ts';
import { presentAccess, presentMessage, presentPresence, presentRoom, presentSprint, rightsOf, roomScope, type RoomRights } from './rooms.present.ts';
import { currentSprint } from './sprints.queries.ts';

/** What HTTP routes and socket handlers of rooms share: loading with rights, state, broadcasts. */
export class Rooms {
  constructor(
    readonly ctx: AppContext,
    readonly realtime: Realtime,
    readonly presence: Presence,
    readonly livekit: LiveKit,
  ) {}

  /** The room and the member's rights; 404 when it does not exist, 403 when they may not see it. */
  async load(roomId: string, user: SessionUser): Promise<{ room: RoomRow; rights: RoomRights }> {
    const room = await findRoomFor(this.ctx.sql, roomId, user.id);
    if (!room) throw Errors.notFound('This room');
    const rights = rightsOf(room, user);
    if (!rights.canSee) throw Errors.forbidden('This room is private.');
    return { room, rights };
  }

  /** As load, and the member must be allowed in now (not archived, a member if private). */
  async loadToEnter(roomId: string, user: SessionUser): Promise<{ room: RoomRow; rights: RoomRights }> {
    const r = await this.load(roomId, user);
    if (r.room.archivedAt) throw Errors.forbidden('This room is archived.');
    if (!r.rights.canEnter) throw Errors.forbidden('This room is private.');
    return r;
  }

  async summaries(rows: { room: RoomRow; rights: RoomRights }[], withInvitees = false): Promise<RoomSummary[]> {
    const counts = await this.presence.counts(rows.map((r) => roomScope(r.room.id)));
    const calls = await callParticipants(this.ctx.sql, rows.map((r) => r.room.livekitRoom));
    const out: RoomSummary[] = [];
    for (const { room, rights } of rows) {
      const s: RoomSummary = {
        ...presentRoom(room),
        access: presentAccess(rights),
        presenceCount: counts.get(roomScope(room.id)) ?? 0,
        callCount: calls.get(room.livekitRoom)?.length ?? 0,
      };
      if (withInvitees && rights.canInvite) s.invitees = await listInvitees(this.ctx.sql, room.id);
      out.push(s);
    }
    return out;
  }

  async summary(room: RoomRow, rights: RoomRights): Promise<RoomSummary> {
    return (await this.summaries([{ room, rights }], true))[0]!;
  }

  async state(room: RoomRow, rights: RoomRights): Promise<RoomState> {
    const [presence, page, sprint, video, calls] = await Promise.all([
      this.presence.list(roomScope(room.id)),
      historyPage(this.ctx.sql, room.id, { limit: RoomLimits.historyPageDefault }),
      currentSprint(this.ctx.sql, room.id),
      this.livekit.availability(),
      callParticipants(this.ctx.sql, [room.livekitRoom]),
    ]);
    return {
      room: presentRoom(room),
      access: presentAccess(rights),
      presence: presence.map(presentPresence),
      messages: { messages: page.rows.map(presentMessage), hasMore: page.hasMore },
      sprint: sprint ? presentSprint(sprint) : null,
      serverNow: new Date().toISOString(),
      video,
      call: calls.get(room.livekitRoom) ?? [],
    };
  }

  /** Sends the whole presence list of a room to its sockets. */
  async broadcastPresence(roomId: string): Promise<void> {
    const list = await this.presence.list(roomScope(roomId));
    this.realtime.io.to(roomScope(roomId)).emit('presence:update', { roomId, presence: list.map(presentPresence) });
  }

  /**
   * A member may no longer be in a room: their sockets leave it at once and stop receiving
   * its events, they leave its presence, and LiveKit drops them from the call (a token's
   * expiry would not end a call already joined).
   */
  async removeMember(room: RoomRow, userId: string): Promise<void> {
    const scope = roomScope(room.id);
    this.realtime.io.to(`user:${userId}`).emit('room:removed', { roomId: room.id, reason: 'uninvited' });
    this.realtime.io.in(`user:${userId}`).socketsLeave(scope);
    await this.presence.removeUser(scope, userId);
    await this.livekit.removeParticipant(room.livekitRoom, userId);
  }

  /** The room was archived: everyone leaves it and its call ends. */
  async closeRoom(room: RoomRow): Promise<void> {
    const scope = roomScope(room.id);
    this.realtime.io.to(scope).emit('room:removed', { roomId: room.id, reason: 'archived' });
    this.realtime.io.in(scope).socketsLeave(scope);
    await this.presence.clear(scope);
    await this.livekit.deleteRoom(room.livekitRoom);
    await this.ctx.sql`delete from call_participants where livekit_room = ${room.livekitRoom}`;
  }
}
