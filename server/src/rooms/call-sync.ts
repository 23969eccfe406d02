import type { Sql, TransactionSql } from '../db/sql.ts';
import { callParticipants, findRoomByLiveKitName } from './rooms.queries.ts';
import { roomScope } from './rooms.present.ts';
import type { Rooms } from './rooms.service.ts';

/**
 * Who is in a room's call, told to the sockets of the coworking room whose call it is.
 * Returns the sending, to run once the transaction that changed the list has committed.
 */
export async function occupancyNotice(rooms: Rooms, tx: Sql | TransactionSql, livekitRoom: string): Promise<(() => void) | undefined> {
  const room = await findRoomByLiveKitName(tx, livekitRoom);
  if (!room) return undefined;
  const participants = (await callParticipants(tx, [livekitRoom])).get(livekitRoom) ?? [];
  return () => rooms.realtime.io.to(roomScope(room.id)).emit('call:occupancy', { roomId: room.id, participants });
}

/**
 * Brings the kept call occupancy in line with what LiveKit reports, for when a webhook was
 * lost (LiveKit gives up after a few tries) or came while no server was up. Rows written after
 * the listing began are left alone: a webhook newer than the listing knows better. Returns
 * how many calls were corrected; nothing happens while LiveKit cannot be asked.
 */
export async function syncCalls(rooms: Rooms): Promise<number> {
  const { sql } = rooms.ctx;
  const [clock] = await sql<{ listedAt: Date }[]>`select clock_timestamp() as listed_at`;
  const listedAt = clock!.listedAt;
  const now = await rooms.livekit.callsNow();
  if (!now) return 0;
  const ours = now.size ? await sql<{ livekitRoom: string }[]>`select livekit_room from rooms where livekit_room in ${sql([...now.keys()])}` : [];
  const kept = await sql<{ livekitRoom: string }[]>`select distinct livekit_room from call_participants`;
  const calls = new Set([...ours, ...kept].map((r) => r.livekitRoom));

  let corrected = 0;
  for (const livekitRoom of calls) {
    const want = now.get(livekitRoom) ?? [];
    const notice = await sql.begin(async (tx) => {
      const gone = await tx`delete from call_participants
        where livekit_room = ${livekitRoom} and joined_at < ${listedAt}
          and not (identity || ' ' || participant_sid = any(${want.map((p) => `${p.identity} ${p.sid}`)}::text[]))
        returning 1`;
      let added = 0;
      for (const p of want) {
        const rows = await tx`insert into call_participants (livekit_room, identity, participant_sid, name)
          values (${livekitRoom}, ${p.identity}, ${p.sid}, ${p.name})
          on conflict (livekit_room, identity) do update set participant_sid = excluded.participant_sid, name = excluded.name
            where call_participants.joined_at < ${listedAt} and call_participants.participant_sid <> excluded.participant_sid
          returning 1`;
        added += rows.length;
      }
      return gone.length || added ? ((await occupancyNotice(rooms, tx, livekitRoom)) ?? (() => {})) : undefined;
    });
    if (notice) {
      corrected++;
      notice();
    }
  }
  if (corrected) rooms.ctx.log.info({ corrected }, 'call occupancy corrected from LiveKit');
  return corrected;
}
