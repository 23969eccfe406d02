import type { Sql, TransactionSql } from '../db/sql.ts';

// Places and their members belong to the rooms/places capabilities (0002_rooms.sql); accounts
// only reads them and names animators or adds members invited to a place.

export async function placeName(sql: Sql | TransactionSql, placeId: string): Promise<string | undefined> {
  const [row] = await sql<{ name: string }[]>`select name from places where id = ${placeId}`;
  return row?.name;
}

export async function isAnimatorOf(sql: Sql | TransactionSql, userId: string, placeId: string): Promise<boolean> {
  const [row] = await sql`select 1 from place_members where user_id = ${userId} and place_id = ${placeId} and role = 'animator'`;
  return Boolean(row);
}

export async function isAnimatorAnywhere(sql: Sql | TransactionSql, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from place_members where user_id = ${userId} and role = 'animator' limit 1`;
  return Boolean(row);
}

/** Adds a member to a place; an existing membership (animator included) is kept as it is. */
export async function addPlaceMember(sql: Sql | TransactionSql, placeId: string, userId: string): Promise<void> {
  await sql`insert into place_members (place_id, user_id, role) values (${placeId}, ${userId}, 'member')
    on conflict (place_id, user_id) do nothing`;
}

/** Names a member animator of a place (they belong to it from then on). */
export async function setAnimator(sql: Sql | TransactionSql, placeId: string, userId: string): Promise<void> {
  await sql`insert into place_members (place_id, user_id, role) values (${placeId}, ${userId}, 'animator')
    on conflict (place_id, user_id) do update set role = 'animator'`;
}

/** Ends a member's animator role at a place; they still belong to it. Returns whether they were animator. */
export async function unsetAnimator(sql: Sql | TransactionSql, placeId: string, userId: string): Promise<boolean> {
  const rows = await sql`update place_members set role = 'member'
    where place_id = ${placeId} and user_id = ${userId} and role = 'animator' returning 1`;
  return rows.length > 0;
}
