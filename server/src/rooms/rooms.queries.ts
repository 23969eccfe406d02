import type { RoomVisibility } from '../../../shared/rooms.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';

/** A room as seen by one member: the room, and what links that member to it. */
export interface RoomRow {
  id: string;
  name: string;
  visibility: RoomVisibility;
  placeId: string | null;
  placeName: string | null;
  livekitRoom: string;
  archivedAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
  /** The member's role in the room, if any. */
  myRole: 'owner' | 'invitee' | null;
  /** The member's role in the room's place, if any. */
  myPlaceRole: 'member' | 'animator' | null;
  /** The member animates at least one place. */
  animatorAnywhere: boolean;
}

const roomSelect = (sql: Sql | TransactionSql, userId: string) => sql`
  select r.id, r.name, r.visibility, r.place_id, p.name as place_name, r.livekit_room, r.archived_at, r.created_at,
    r.created_by, cu.display_name as created_by_name,
    rm.role as my_role, pm.role as my_place_role,
    exists (select 1 from place_members a where a.user_id = ${userId} and a.role = 'animator') as animator_anywhere
  from rooms r
  left join places p on p.id = r.place_id
  left join users cu on cu.id = r.created_by
  left join room_members rm on rm.room_id = r.id and rm.user_id = ${userId}
  left join place_members pm on pm.place_id = r.place_id and pm.user_id = ${userId}`;

export async function findRoomFor(sql: Sql | TransactionSql, roomId: string, userId: string): Promise<RoomRow | undefined> {
  const [row] = await sql<RoomRow[]>`${roomSelect(sql, userId)} where r.id = ${roomId}`;
  return row;
}

/** Rooms the member may enter: open ones and those they own or were invited to, not archived. */
export async function listRoomsFor(sql: Sql, userId: string, placeId: string | undefined): Promise<RoomRow[]> {
  return sql<RoomRow[]>`${roomSelect(sql, userId)}
    where r.archived_at is null
      and (r.visibility = 'open' or rm.role is not null)
      ${placeId ? sql`and r.place_id = ${placeId}` : sql``}
    order by r.created_at, r.id`;
}

export async function findRoomByLiveKitName(sql: Sql | TransactionSql, livekitRoom: string): Promise<{ id: string } | undefined> {
  const [row] = await sql<{ id: string }[]>`select id from rooms where livekit_room = ${livekitRoom}`;
  return row;
}

export async function placeExists(sql: Sql, placeId: string): Promise<boolean> {
  const [row] = await sql`select 1 from places where id = ${placeId}`;
  return Boolean(row);
}

/** The member's roles in places: whether they animate this place, or any. */
export async function animatorOf(sql: Sql, userId: string, placeId: string | null): Promise<boolean> {
  const [row] = placeId
    ? await sql`select 1 from place_members where user_id = ${userId} and place_id = ${placeId} and role = 'animator'`
    : await sql`select 1 from place_members where user_id = ${userId} and role = 'animator' limit 1`;
  return Boolean(row);
}

/** Creates a room and makes its creator its owner. */
export async function insertRoom(
  sql: Sql,
  r: { name: string; visibility: RoomVisibility; placeId: string | null; createdBy: string; livekitRoom: string },
): Promise<string> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into rooms (name, visibility, place_id, created_by, livekit_room)
      values (${r.name}, ${r.visibility}, ${r.placeId}, ${r.createdBy}, ${r.livekitRoom})
      returning id`;
    await tx`insert into room_members (room_id, user_id, role, added_by) values (${row!.id}, ${r.createdBy}, 'owner', ${r.createdBy})`;
    return row!.id;
  });
}

export async function renameRoom(sql: Sql, roomId: string, name: string): Promise<void> {
  await sql`update rooms set name = ${name} where id = ${roomId}`;
}

/** Archives a room: its sprint ends; true when this call archived it. */
export async function archiveRoom(sql: Sql, roomId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`update rooms set archived_at = now() where id = ${roomId} and archived_at is null returning 1`;
    await tx`delete from room_sprints where room_id = ${roomId}`;
    return rows.length > 0;
  });
}

export async function userExists(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from users where id = ${userId}`;
  return Boolean(row);
}

/** Invites a member (nothing changes for an owner or a member already invited). */
export async function invite(sql: Sql, roomId: string, userId: string, by: string): Promise<void> {
  await sql`insert into room_members (room_id, user_id, role, added_by) values (${roomId}, ${userId}, 'invitee', ${by})
    on conflict (room_id, user_id) do nothing`;
}

/** Removes an invitation; true when there was one. Owners are not removed this way. */
export async function uninvite(sql: Sql, roomId: string, userId: string): Promise<boolean> {
  const rows = await sql`delete from room_members where room_id = ${roomId} and user_id = ${userId} and role = 'invitee' returning 1`;
  return rows.length > 0;
}

export async function listInvitees(sql: Sql, roomId: string): Promise<{ id: string; displayName: string }[]> {
  return sql<{ id: string; displayName: string }[]>`
    select u.id, u.display_name from room_members m join users u on u.id = m.user_id
    where m.room_id = ${roomId} and m.role = 'invitee' order by m.added_at, u.id`;
}

/** Who is in these LiveKit rooms' calls, by LiveKit room name. */
export async function callParticipants(
  sql: Sql | TransactionSql,
  livekitRooms: string[],
): Promise<Map<string, { identity: string; displayName: string }[]>> {
  const out = new Map<string, { identity: string; displayName: string }[]>();
  if (!livekitRooms.length) return out;
  const rows = await sql<{ livekitRoom: string; identity: string; displayName: string }[]>`
    select c.livekit_room, c.identity, coalesce(u.display_name, c.name) as display_name
    from call_participants c
    left join users u on u.id::text = c.identity
    where c.livekit_room in ${sql(livekitRooms)}
    order by c.joined_at, c.identity`;
  for (const r of rows) {
    const list = out.get(r.livekitRoom) ?? [];
    list.push({ identity: r.identity, displayName: r.displayName });
    out.set(r.livekitRoom, list);
  }
  return out;
}
