import type { Sql, TransactionSql } from '../db/sql.ts';
import { boundingBox, distanceFrom, type Origin } from './positions.ts';
import { visibleTo } from './visibility.ts';

type Db = Sql | TransactionSql;

export interface DirectoryFilter {
  viewerId: string | null;
  /** Folded text (skillKey) searched in names, bios and skills. */
  text?: string;
  skillId?: string;
  kinds: ('offer' | 'seek')[];
  origin?: Origin;
  radiusKm?: number;
  placeId?: string;
  limit: number;
  offset: number;
}

export interface DirectoryRow {
  userId: string;
  displayName: string;
  communeCode: string | null;
  distanceKm: number | null;
  nameHit: boolean;
  bioHit: boolean;
  /** Labels of the member's skills whose key holds the text. */
  textSkills: string[] | null;
  hasAvatar: boolean;
  total: number;
}

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The directory: members the viewer may see (never themself), filtered by text, skill, distance
 * from an origin and place. A skill filter drives the plan through user_skills (skill_id, kind);
 * a radius first keeps the communes inside a bounding box, then the exact distance.
 */
export async function searchDirectory(db: Db, f: DirectoryFilter): Promise<DirectoryRow[]> {
  const like = f.text ? likeOf(f.text) : null;
  const km = f.origin ? distanceFrom(db, f.origin, 'cp') : db`null::float8`;
  return db<DirectoryRow[]>`
    select x.*, count(*) over ()::int as total from (
      select u.id as user_id, u.display_name, u.commune_code, ${km} as distance_km,
        ${like ? db`maillage_fold(u.display_name) like ${like}` : db`false`} as name_hit,
        ${like ? db`coalesce(p.bio_key, '') like ${like}` : db`false`} as bio_hit,
        ${like ? db`(select array_agg(s.label order by s.key) from user_skills us join skills s on s.id = us.skill_id where us.user_id = u.id and s.key like ${like})` : db`null::text[]`} as text_skills,
        exists (select 1 from avatars a where a.user_id = u.id) as has_avatar
      from users u
      left join profiles p on p.user_id = u.id
      ${f.origin && f.radiusKm !== undefined ? db`join commune_positions cp on cp.code = u.commune_code and ${boundingBox(db, f.origin, f.radiusKm, 'cp')}` : db`left join commune_positions cp on cp.code = u.commune_code`}
      where ${visibleTo(db, f.viewerId)}
        ${f.viewerId ? db`and u.id <> ${f.viewerId}` : db``}
        ${f.skillId ? db`and u.id in (select us.user_id from user_skills us where us.skill_id = ${f.skillId} and us.kind in ${db(f.kinds)})` : db``}
        ${f.placeId ? db`and u.id in (select pm.user_id from place_members pm where pm.place_id = ${f.placeId})` : db``}
    ) x
    where true
      ${f.radiusKm !== undefined && f.origin ? db`and x.distance_km <= ${f.radiusKm}::float8` : db``}
      ${like ? db`and (x.name_hit or x.bio_hit or x.text_skills is not null)` : db``}
    order by ${f.origin ? db`x.distance_km nulls last,` : db``} x.display_name, x.user_id
    limit ${f.limit} offset ${f.offset}`;
}

export interface MatchRow {
  userId: string;
  displayName: string;
  communeCode: string | null;
  distanceKm: number | null;
  /** Skills they offer that I seek, and they seek that I offer (ids). */
  theyOffer: string[];
  theySeek: string[];
  shared: boolean;
  hasAvatar: boolean;
  score: number;
}

/**
 * My matches: members I may see who offer what I seek or seek what I offer. Those who do both
 * come first; then by score: one point per skill matched, two for sharing a place, up to two
 * for nearness (2 at 0 km, 0 from 100 km); then by name.
 */
export async function selectMatches(db: Db, viewerId: string, origin: Origin | undefined, limit: number, offset: number): Promise<MatchRow[]> {
  const km = origin ? distanceFrom(db, origin, 'cp') : db`null::float8`;
  return db<MatchRow[]>`
    with mine as (select skill_id, kind from user_skills where user_id = ${viewerId}),
    my_places as (select place_id from place_members where user_id = ${viewerId}),
    cand as (
      select us.user_id,
        array_agg(us.skill_id) filter (where us.kind = 'offer') as they_offer,
        array_agg(us.skill_id) filter (where us.kind = 'seek') as they_seek
      from mine m join user_skills us on us.skill_id = m.skill_id and us.kind <> m.kind
      where us.user_id <> ${viewerId}
      group by us.user_id
    ),
    scored as (
      select c.user_id, u.display_name, u.commune_code, ${km} as distance_km,
        coalesce(c.they_offer, '{}') as they_offer, coalesce(c.they_seek, '{}') as they_seek,
        exists (select 1 from place_members pm where pm.user_id = u.id and pm.place_id in (select place_id from my_places)) as shared,
        exists (select 1 from avatars a where a.user_id = u.id) as has_avatar
      from cand c join users u on u.id = c.user_id
      left join commune_positions cp on cp.code = u.commune_code
      where ${visibleTo(db, viewerId)}
    )
    select s.*,
      (coalesce(cardinality(s.they_offer), 0) + coalesce(cardinality(s.they_seek), 0)
        + case when s.shared then 2 else 0 end
        + case when s.distance_km is null then 0 else greatest(0, 2 - s.distance_km / 50) end)::float8 as score
    from scored s
    order by (cardinality(s.they_offer) > 0 and cardinality(s.they_seek) > 0) desc, score desc, s.display_name, s.user_id
    limit ${limit} offset ${offset}`;
}
