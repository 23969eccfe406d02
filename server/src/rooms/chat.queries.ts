import type { Sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';

export interface MessageRow {
  id: string;
  roomId: string;
  seq: string | number;
  clientId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

const messageColumns = (sql: Sql) => sql`
  m.id, m.room_id, m.seq, m.client_id, m.author_id, u.display_name as author_name, m.body,
  m.created_at, m.edited_at, m.deleted_at`;

export async function findMessage(sql: Sql, roomId: string, messageId: string): Promise<MessageRow | undefined> {
  const [row] = await sql<MessageRow[]>`
    select ${messageColumns(sql)} from chat_messages m join users u on u.id = m.author_id
    where m.id = ${messageId} and m.room_id = ${roomId}`;
  return row;
}

/**
 * Stores a message, or returns the one already stored under the same clientId. The room's
 * row lock serialises senders of one room, so `seq` follows commit order: a reader who saw
 * seq N has seen every message up to N.
 */
export async function insertMessage(
  sql: Sql,
  m: { roomId: string; clientId: string; authorId: string; body: string },
): Promise<{ message: MessageRow; created: boolean }> {
  return sql.begin(async (tx) => {
    const [room] = await tx`select last_seq from rooms where id = ${m.roomId} for update`;
    if (!room) throw new AppError('not_found', 'This room was not found.');
    const [existing] = await tx<{ id: string; authorId: string }[]>`
      select id, author_id from chat_messages where room_id = ${m.roomId} and client_id = ${m.clientId}`;
    if (existing) {
      if (existing.authorId !== m.authorId) throw new AppError('conflict', 'This message id is already used.');
      return { id: existing.id, created: false };
    }
    const [row] = await tx<{ id: string }[]>`
      with next as (update rooms set last_seq = last_seq + 1 where id = ${m.roomId} returning last_seq)
      insert into chat_messages (room_id, seq, client_id, author_id, body)
      select ${m.roomId}, last_seq, ${m.clientId}, ${m.authorId}, ${m.body} from next
      returning id`;
    return { id: row!.id, created: true };
  }).then(async ({ id, created }) => ({ message: (await findMessage(sql, m.roomId, id))!, created }));
}

export async function editMessage(sql: Sql, roomId: string, messageId: string, body: string): Promise<MessageRow | undefined> {
  const rows = await sql`
    update chat_messages set body = ${body}, edited_at = now()
    where id = ${messageId} and room_id = ${roomId} and deleted_at is null returning id`;
  return rows.length ? findMessage(sql, roomId, messageId) : undefined;
}

/** Turns a message into a tombstone (idempotent). */
export async function deleteMessage(sql: Sql, roomId: string, messageId: string, by: string): Promise<MessageRow | undefined> {
  await sql`
    update chat_messages set body = '', deleted_at = now(), deleted_by = ${by}
    where id = ${messageId} and room_id = ${roomId} and deleted_at is null`;
  return findMessage(sql, roomId, messageId);
}

/**
 * A page of history in ascending seq. `after`: the oldest messages newer than it; otherwise
 * the newest older than `before` (or the newest of all).
 */
export async function historyPage(
  sql: Sql,
  roomId: string,
  opts: { before?: number; after?: number; limit: number },
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const take = opts.limit + 1;
  let rows: MessageRow[];
  if (opts.after !== undefined) {
    rows = await sql<MessageRow[]>`
      select ${messageColumns(sql)} from chat_messages m join users u on u.id = m.author_id
      where m.room_id = ${roomId} and m.seq > ${opts.after} order by m.seq asc limit ${take}`;
  } else {
    rows = await sql<MessageRow[]>`
      select ${messageColumns(sql)} from chat_messages m join users u on u.id = m.author_id
      where m.room_id = ${roomId} ${opts.before !== undefined ? sql`and m.seq < ${opts.before}` : sql``}
      order by m.seq desc limit ${take}`;
  }
  const hasMore = rows.length > opts.limit;
  rows = rows.slice(0, opts.limit);
  if (opts.after === undefined) rows.reverse();
  return { rows, hasMore };
}
