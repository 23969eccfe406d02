import type { Sql } from '../db/sql.ts';

export interface SprintRow {
  id: string;
  roomId: string;
  startedBy: string;
  startedByName: string;
  focusMinutes: 25 | 50;
  breakMinutes: 5 | 10;
  startedAt: Date;
}

// Sprint times come from this process's clock (not the database's), like the `serverNow`
// sent beside them, so that clients correct one offset only.

/** The room's sprint if its break has not ended yet. */
export async function currentSprint(sql: Sql, roomId: string, now = new Date()): Promise<SprintRow | undefined> {
  const [row] = await sql<SprintRow[]>`
    select s.id, s.room_id, s.started_by, u.display_name as started_by_name, s.focus_minutes, s.break_minutes, s.started_at
    from room_sprints s join users u on u.id = s.started_by
    where s.room_id = ${roomId} and s.started_at + (s.focus_minutes + s.break_minutes) * interval '1 minute' > ${now}`;
  return row;
}

/** Starts a sprint unless one is running (a finished one is replaced); undefined when one runs. */
export async function startSprint(
  sql: Sql,
  s: { roomId: string; startedBy: string; focusMinutes: 25 | 50; breakMinutes: 5 | 10 },
  now = new Date(),
): Promise<SprintRow | undefined> {
  const rows = await sql`
    insert into room_sprints (room_id, id, started_by, focus_minutes, break_minutes, started_at)
    values (${s.roomId}, gen_random_uuid(), ${s.startedBy}, ${s.focusMinutes}, ${s.breakMinutes}, ${now})
    on conflict (room_id) do update set
      id = excluded.id, started_by = excluded.started_by, focus_minutes = excluded.focus_minutes,
      break_minutes = excluded.break_minutes, started_at = excluded.started_at
    where room_sprints.started_at + (room_sprints.focus_minutes + room_sprints.break_minutes) * interval '1 minute' <= ${now}
    returning 1`;
  return rows.length ? currentSprint(sql, s.roomId, now) : undefined;
}

/** Stops the room's sprint; true when one was running. */
export async function stopSprint(sql: Sql, roomId: string, now = new Date()): Promise<boolean> {
  const rows = await sql`
    delete from room_sprints where room_id = ${roomId} returning
      started_at + (focus_minutes + break_minutes) * interval '1 minute' > ${now} as running`;
  return Boolean(rows[0]?.running);
}
