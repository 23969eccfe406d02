import { defaultBreakFor, RoomLimits, type SprintState } from '../../../shared/rooms.schema.ts';
import { AppError, Errors } from '../errors.ts';
import type { SocketEventRegistry } from '../realtime/events.ts';
import type { AppSocket } from '../realtime/types.ts';
import { deleteMessage, editMessage, findMessage, historyPage, insertMessage } from './chat.queries.ts';
import { presentMessage, presentSprint, roomScope } from './rooms.present.ts';
import type { Rooms } from './rooms.service.ts';
import { currentSprint, startSprint, stopSprint } from './sprints.queries.ts';

/**
 * Socket events of rooms. Every handler checks again that the member may be in the room now
 * (an invitation may have been withdrawn or the room archived since they joined), and events
 * other than `room:join` need the room joined on this connection.
 */
export function roomsSocket(rooms: Rooms, events: SocketEventRegistry): void {
  const { sql } = rooms.ctx;

  const inRoom = async (socket: AppSocket, roomId: string) => {
    const r = await rooms.loadToEnter(roomId, socket.data.user);
    if (!socket.rooms.has(roomScope(roomId))) throw Errors.forbidden('Join the room first.');
    return r;
  };

  events.on('room:join', async ({ roomId }, socket) => {
    const { room, rights } = await rooms.loadToEnter(roomId, socket.data.user);
    const scope = roomScope(room.id);
    await socket.join(scope);
    await rooms.presence.enter(scope, socket.id, socket.data.user.id);
    // The socket may have closed while we were storing it: do not leave a row behind.
    if (socket.disconnected) await rooms.presence.leaveAll(socket.id);
    return rooms.state(room, rights);
  });

  events.on('room:leave', async ({ roomId }, socket) => {
    const scope = roomScope(roomId);
    await socket.leave(scope);
    await rooms.presence.leave(scope, socket.id);
    return { roomId };
  });

  events.on('presence:set', async ({ roomId, status }, socket) => {
    await inRoom(socket, roomId);
    await rooms.presence.setStatus(roomScope(roomId), socket.data.user.id, status);
    return { roomId, status };
  });

  events.on('chat:send', async ({ roomId, clientId, body }, socket) => {
    await inRoom(socket, roomId);
    const { message, created } = await insertMessage(sql, { roomId, clientId, authorId: socket.data.user.id, body });
    const view = presentMessage(message);
    // Stored (committed) before the acknowledgement and the broadcast.
    if (created) rooms.realtime.io.to(roomScope(roomId)).emit('chat:message', view);
    return view;
  });

  events.on('chat:edit', async ({ roomId, messageId, body }, socket) => {
    await inRoom(socket, roomId);
    const existing = await findMessage(sql, roomId, messageId);
    if (!existing) throw Errors.notFound('This message');
    if (existing.authorId !== socket.data.user.id) throw Errors.forbidden('Only its author edits a message.');
    if (existing.deletedAt) throw new AppError('conflict', 'This message was deleted.');
    const edited = await editMessage(sql, roomId, messageId, body);
    if (!edited) throw new AppError('conflict', 'This message was deleted.');
    const view = presentMessage(edited);
    rooms.realtime.io.to(roomScope(roomId)).emit('chat:updated', view);
    return view;
  });

  events.on('chat:delete', async ({ roomId, messageId }, socket) => {
    const { rights } = await inRoom(socket, roomId);
    const existing = await findMessage(sql, roomId, messageId);
    if (!existing) throw Errors.notFound('This message');
    if (existing.authorId !== socket.data.user.id && !rights.canModerate) throw Errors.forbidden('Only its author or a moderator deletes a message.');
    const wasLive = !existing.deletedAt;
    const deleted = await deleteMessage(sql, roomId, messageId, socket.data.user.id);
    const view = presentMessage(deleted!);
    if (wasLive) rooms.realtime.io.to(roomScope(roomId)).emit('chat:deleted', view);
    return view;
  });

  events.on('chat:history', async ({ roomId, before, after, limit }, socket) => {
    await inRoom(socket, roomId);
    const page = await historyPage(sql, roomId, { before, after, limit: limit ?? RoomLimits.historyPageDefault });
    return { messages: page.rows.map(presentMessage), hasMore: page.hasMore };
  });

  events.on('sprint:start', async ({ roomId, focusMinutes, breakMinutes }, socket) => {
    await inRoom(socket, roomId);
    const sprint = await startSprint(sql, {
      roomId,
      startedBy: socket.data.user.id,
      focusMinutes,
      breakMinutes: breakMinutes ?? defaultBreakFor[focusMinutes],
    });
    if (!sprint) throw new AppError('conflict', 'A sprint is already running in this room.');
    const state: SprintState = { roomId, sprint: presentSprint(sprint), serverNow: new Date().toISOString() };
    rooms.realtime.io.to(roomScope(roomId)).emit('sprint:update', state);
    return state;
  });

  events.on('sprint:stop', async ({ roomId }, socket) => {
    await inRoom(socket, roomId);
    const stopped = await stopSprint(sql, roomId);
    const current = await currentSprint(sql, roomId);
    const state: SprintState = { roomId, sprint: current ? presentSprint(current) : null, serverNow: new Date().toISOString() };
    if (stopped) rooms.realtime.io.to(roomScope(roomId)).emit('sprint:update', state);
    return state;
  });

  // A closed connection leaves every scope; the last one of a member makes them leave.
  rooms.realtime.io.on('connection', (socket: AppSocket) => {
    // A connection restored by socket.io's recovery comes back in its old rooms without
    // presence and without a fresh check of its rights: it joins again explicitly.
    if (socket.recovered) for (const r of socket.rooms) if (r.startsWith('room:')) void socket.leave(r);
    socket.on('disconnect', () => {
      rooms.presence.leaveAll(socket.id).catch((err) => rooms.ctx.log.warn({ err, socketId: socket.id }, 'presence leave failed'));
    });
  });
}
