import type { Sql, TransactionSql } from '../db/sql.ts';

type Db = Sql | TransactionSql;

/**
 * THE rule of who a viewer may see among users aliased `alias` (rules.md): themself; public
 * members (visitors too); members see `network`, and `my_places` when they share a place.
 * Hidden members are seen by nobody else. Every list of people (directory, matches,
 * profiles, avatars, who is at a place) filters with this one predicate.
 */
export function visibleTo(sql: Db, viewerId: string | null, alias = 'u') {
  const u = sql(alias);
  if (!viewerId) return sql`${u}.visibility = 'public'`;
  return sql`(${u}.id = ${viewerId} or ${u}.visibility in ('public', 'network') or (${u}.visibility = 'my_places' and exists (
    select 1 from place_members a join place_members b on b.place_id = a.place_id
    where a.user_id = ${u}.id and b.user_id = ${viewerId})))`;
}

/** Whether `viewerId` (null: a visitor) may see member `userId`. */
export async function maySee(sql: Db, viewerId: string | null, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from users u where u.id = ${userId} and ${visibleTo(sql, viewerId)}`;
  return Boolean(row);
}
