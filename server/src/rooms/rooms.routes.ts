import express from 'express';
import { createRoomBody, inviteBody, listRoomsQuery, renameRoomBody, roomIdParams, roomInvitationParams, RoomLimits } from '../../../shared/rooms.schema.ts';
import { requireVerified } from '../accounts/require-verified.ts';
import { AppError, Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { newLiveKitRoomName } from '../livekit/livekit.ts';
import { animatorOf, archiveRoom, insertRoom, invite, listRoomsFor, placeExists, renameRoom, uninvite, userExists } from './rooms.queries.ts';
import { presentRoom, rightsOf, roomScope } from './rooms.present.ts';
import type { Rooms } from './rooms.service.ts';

export function roomsRoutes(rooms: Rooms): express.Router {
  const router = express.Router();
  const { sql } = rooms.ctx;

  route(router, { method: 'get', path: '/api/rooms', access: 'member', query: listRoomsQuery }, async ({ query, auth }) => {
    const rows = await listRoomsFor(sql, auth!.user.id, query.placeId);
    return rooms.summaries(rows.map((room) => ({ room, rights: rightsOf(room, auth!.user) })));
  });

  route(router, { method: 'post', path: '/api/rooms', access: 'member', body: createRoomBody }, async ({ body, auth }, _req, res) => {
    const user = auth!.user;
    const placeId = body.placeId ?? null;
    if (placeId && !(await placeExists(sql, placeId))) throw Errors.notFound('This place');
    if (user.role !== 'admin' && !(await animatorOf(sql, user.id, placeId))) {
      throw Errors.forbidden(placeId ? 'Only animators of this place and admins create its rooms.' : 'Only animators and admins create rooms.');
    }
    // Allowed in principle; a room others see needs a confirmed address.
    requireVerified(auth);
    const id = await insertRoom(sql, { name: body.name, visibility: body.visibility, placeId, createdBy: user.id, livekitRoom: newLiveKitRoomName() });
    const { room, rights } = await rooms.load(id, user);
    res.status(201);
    return rooms.summary(room, rights);
  });

  route(router, { method: 'get', path: '/api/rooms/:id', access: 'member', params: roomIdParams }, async ({ params, auth }) => {
    const { room, rights } = await rooms.load(params.id, auth!.user);
    return rooms.summary(room, rights);
  });

  route(
    router,
    { method: 'patch', path: '/api/rooms/:id', access: 'member', params: roomIdParams, body: renameRoomBody },
    async ({ params, body, auth }) => {
      const { rights } = await rooms.load(params.id, auth!.user);
      if (!rights.canManage) throw Errors.forbidden('Only the room’s owners rename it.');
      await renameRoom(sql, params.id, body.name);
      const { room, rights: after } = await rooms.load(params.id, auth!.user);
      rooms.realtime.io.to(roomScope(room.id)).emit('room:updated', presentRoom(room));
      return rooms.summary(room, after);
    },
  );

  route(router, { method: 'post', path: '/api/rooms/:id/archive', access: 'member', params: roomIdParams }, async ({ params, auth }) => {
    const { rights } = await rooms.load(params.id, auth!.user);
    if (!rights.canManage) throw Errors.forbidden('Only the room’s owners archive it.');
    const archived = await archiveRoom(sql, params.id);
    const { room, rights: after } = await rooms.load(params.id, auth!.user);
    if (archived) {
      rooms.realtime.io.to(roomScope(room.id)).emit('room:updated', presentRoom(room));
      await rooms.closeRoom(room);
    }
    return rooms.summary(room, after);
  });

  route(
    router,
    { method: 'post', path: '/api/rooms/:id/invitations', access: 'member', params: roomIdParams, body: inviteBody },
    async ({ params, body, auth }) => {
      const { room, rights } = await rooms.load(params.id, auth!.user);
      if (!rights.canManage) throw Errors.forbidden('Only the room’s owners invite.');
      if (room.visibility !== 'private') throw new AppError('conflict', 'Open rooms need no invitation.');
      if (room.archivedAt) throw Errors.forbidden('This room is archived.');
      if (!(await userExists(sql, body.userId))) throw Errors.notFound('This member');
      await invite(sql, room.id, body.userId, auth!.user.id);
    },
  );

  route(
    router,
    { method: 'delete', path: '/api/rooms/:id/invitations/:userId', access: 'member', params: roomInvitationParams },
    async ({ params, auth }) => {
      const { room, rights } = await rooms.load(params.id, auth!.user);
      if (!rights.canManage) throw Errors.forbidden('Only the room’s owners remove invitations.');
      if (room.visibility !== 'private') throw new AppError('conflict', 'Open rooms have no invitations.');
      if (!(await uninvite(sql, room.id, params.userId))) throw Errors.notFound('This invitation');
      await rooms.removeMember(room, params.userId);
    },
  );

  route(router, { method: 'post', path: '/api/rooms/:id/call', access: 'member', params: roomIdParams }, async ({ params, auth }) => {
    const user = auth!.user;
    const { room } = await rooms.loadToEnter(params.id, user);
    if (!rooms.livekit.configured) throw new AppError('video_unavailable', 'Video is not set up on this network.', { reason: 'not_configured' });
    await rooms.livekit.requireAvailable();
    return rooms.livekit.memberToken({ id: user.id, displayName: user.displayName }, room.livekitRoom, RoomLimits.callTokenTtlSeconds);
  });

  return router;
}
