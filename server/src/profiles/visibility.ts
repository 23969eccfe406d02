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

/**
 * The same rule restated on the copies of `visibility` kept on user_skills rows (`alias`), for
 * index-only pre-filters on a large network; `neighbours` names a relation (user_id) of the
 * members sharing a place with the viewer. Lists still pass their rows through `visibleTo`.
 */
export function visibleOnCopies(sql: Db, viewerId: string | null, alias: string, neighbours: string) {
  const a = sql(alias);
  if (!viewerId) return sql`${a}.visibility = 'public'`;
  return sql`(${a}.user_id = ${viewerId} or ${a}.visibility in ('public', 'network')
    or (${a}.visibility = 'my_places' and ${a}.user_id in (select user_id from ${sql(neighbours)})))`;
}

/** The members sharing a place with the viewer (for `visibleOnCopies`), as a CTE body. */
export function neighboursOf(sql: Db, viewerId: string | null) {
  if (!viewerId) return sql`select null::uuid as user_id where false`;
  return sql`select distinct pm.user_id from place_members pm
    where pm.place_id in (select place_id from place_members where user_id = ${viewerId}) and pm.user_id <> ${viewerId}`;
}
