import express from 'express';
import type { WebhookEvent } from 'livekit-server-sdk';
import type { HttpCapability } from '../app.ts';
import type { TransactionSql } from '../db/sql.ts';
import { LiveKit } from '../livekit/livekit.ts';
import { LIVEKIT_WEBHOOK_PATH, liveKitWebhookRouter } from '../livekit/webhook.ts';
import { Presence } from '../presence/presence.ts';
import type { Capability } from '../server.ts';
import { occupancyNotice, syncCalls } from './call-sync.ts';
import { roomsRoutes } from './rooms.routes.ts';
import { Rooms } from './rooms.service.ts';
import { roomsSocket } from './rooms.socket.ts';

/**
 * Keeps who is in each LiveKit room's call from LiveKit's webhooks, and tells the sockets of
 * the coworking room whose call it is. Participants are matched by session id so that a
 * late "left" of an earlier session does not remove a member who joined again.
 */
function occupancyHandler(rooms: Rooms) {
  return async (event: WebhookEvent, tx: TransactionSql): Promise<(() => void) | void> => {
    const lkRoom = event.room?.name;
    if (!lkRoom) return;
    const p = event.participant;
    if (event.event === 'participant_joined' && p?.identity) {
      await tx`insert into call_participants (livekit_room, identity, participant_sid, name)
        values (${lkRoom}, ${p.identity}, ${p.sid}, ${p.name ?? ''})
        on conflict (livekit_room, identity) do update set participant_sid = excluded.participant_sid, name = excluded.name, joined_at = now()`;
    } else if ((event.event === 'participant_left' || event.event === 'participant_connection_aborted') && p?.identity) {
      await tx`delete from call_participants where livekit_room = ${lkRoom} and identity = ${p.identity} and participant_sid = ${p.sid}`;
    } else if (event.event === 'room_finished') {
      await tx`delete from call_participants where livekit_room = ${lkRoom}`;
    } else {
      return;
    }
    return occupancyNotice(rooms, tx, lkRoom);
  };
}

/** Coworking rooms: HTTP routes, socket events, presence, LiveKit tokens and webhooks. */
export const roomsCapability: Capability = async (ctx, realtime, events): Promise<HttpCapability> => {
  const presence = new Presence(ctx.sql, ctx.log);
  await presence.start();
  // Capabilities have no stop hook: the HTTP server's close is the server's.
  realtime.io.httpServer?.once('close', () => void presence.stop());
  const livekit = new LiveKit(ctx.config.livekit, ctx.log);
  const rooms = new Rooms(ctx, realtime, presence, livekit);

  presence.onChange((scopes) => {
    for (const scope of scopes) {
      if (!scope.startsWith('room:')) continue;
      rooms.broadcastPresence(scope.slice('room:'.length)).catch((err) => ctx.log.warn({ err, scope }, 'presence broadcast failed'));
    }
  });
  roomsSocket(rooms, events);
  // A member renamed on their profile shows under the new name in the rooms they are in.
  ctx.memberChanges.on((userId) => presence.memberChanged(userId));
  if (ctx.config.livekit) ctx.every('call occupancy sync', ctx.config.livekit.syncSeconds * 1000, () => syncCalls(rooms));

  const router = express.Router();
  router.use(liveKitWebhookRouter(ctx, [occupancyHandler(rooms)]));
  router.use(roomsRoutes(rooms));
  return { router, signatureVerifiedPaths: [LIVEKIT_WEBHOOK_PATH] };
};
