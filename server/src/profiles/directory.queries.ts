import type { Sql, TransactionSql } from '../db/sql.ts';
import { boundingBox, distanceFrom, type Origin } from './positions.ts';
import { neighboursOf, visibleOnCopies, visibleTo } from './visibility.ts';

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
  total: number;
}

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The directory: members the viewer may see (never themself), filtered by text, skill, distance
 * from an origin and place. A skill filter drives the plan through user_skills (skill_id, kind);
 * a radius first keeps the communes inside a bounding box, then the exact distance.
 */
export async function searchDirectory(db: Db, f: DirectoryFilter): Promise<DirectoryRow[]> {
  if (f.skillId && !f.text && !f.placeId) return searchBySkill(db, f, f.skillId);
  const like = f.text ? likeOf(f.text) : null;
  const km = f.origin ? distanceFrom(db, f.origin, 'cp') : db`null::float8`;
  const radius = f.origin && f.radiusKm !== undefined ? { origin: f.origin, km: f.radiusKm } : undefined;
  // With a skill, the members come from the skill's index entries (within the radius's communes
  // when one is given; hidden ones left out early); users rows are read for those only.
  const candidates = f.skillId
    ? db`(select distinct us.user_id from user_skills us
          ${radius ? db`join commune_positions cp on cp.code = us.commune_code and ${boundingBox(db, radius.origin, radius.km, 'cp')}` : db``}
          where us.skill_id = ${f.skillId} and us.kind in ${db(f.kinds)} and us.visibility <> 'hidden'
          ${radius ? db`and ${distanceFrom(db, radius.origin, 'cp')} <= ${radius.km}::float8` : db``})`
    : undefined;
  return db<DirectoryRow[]>`
    select x.*, count(*) over ()::int as total from (
      select u.id as user_id, u.display_name, u.commune_code, ${km} as distance_km,
        ${like ? db`maillage_fold(u.display_name) like ${like}` : db`false`} as name_hit,
        ${like ? db`coalesce(p.bio_key, '') like ${like}` : db`false`} as bio_hit,
        ${like ? db`(select array_agg(s.label order by s.key) from user_skills us join skills s on s.id = us.skill_id where us.user_id = u.id and s.key like ${like})` : db`null::text[]`} as text_skills
      from ${candidates ? db`${candidates} c join users u on u.id = c.user_id` : db`users u`}
      left join profiles p on p.user_id = u.id
      ${radius ? db`join commune_positions cp on cp.code = u.commune_code and ${boundingBox(db, radius.origin, radius.km, 'cp')}` : db`left join commune_positions cp on cp.code = u.commune_code`}
      where ${visibleTo(db, f.viewerId)}
        ${f.viewerId ? db`and u.id <> ${f.viewerId}` : db``}
        ${f.placeId ? db`and u.id in (select pm.user_id from place_members pm where pm.place_id = ${f.placeId})` : db``}
    ) x
    where true
      ${radius ? db`and x.distance_km <= ${radius.km}::float8` : db``}
      ${like ? db`and (x.name_hit or x.bio_hit or x.text_skills is not null)` : db``}
    order by ${f.origin ? db`x.distance_km nulls last,` : db``} x.display_name, x.user_id
    limit ${f.limit} offset ${f.offset}`;
}

/**
 * By skill (and radius): counted and ordered from the skill's index entries alone (commune and
 * visibility copied there), nearest first then by id; users rows are read for the page only.
 */
async function searchBySkill(db: Db, f: DirectoryFilter, skillId: string): Promise<DirectoryRow[]> {
  const radius = f.origin && f.radiusKm !== undefined ? { origin: f.origin, km: f.radiusKm } : undefined;
  const km = f.origin ? distanceFrom(db, f.origin, 'cp') : db`null::float8`;
  return db<DirectoryRow[]>`
    with neighbours as (${neighboursOf(db, f.viewerId)}),
    cand as (
      select us.user_id, min(us.commune_code) as commune_code from user_skills us
      ${radius ? db`join commune_positions cp on cp.code = us.commune_code and ${boundingBox(db, radius.origin, radius.km, 'cp')}` : db``}
      where us.skill_id = ${skillId} and us.kind in ${db(f.kinds)} and ${visibleOnCopies(db, f.viewerId, 'us', 'neighbours')}
        ${f.viewerId ? db`and us.user_id <> ${f.viewerId}` : db``}
        ${radius ? db`and ${distanceFrom(db, radius.origin, 'cp')} <= ${radius.km}::float8` : db``}
      group by us.user_id
    ),
    counted as (
      select c.user_id, c.commune_code, ${km} as distance_km, count(*) over ()::int as total
      from cand c left join commune_positions cp on cp.code = c.commune_code
    ),
    page as (select * from counted order by distance_km nulls last, user_id limit ${f.limit} offset ${f.offset})
    select p.user_id, u.display_name, p.commune_code, p.distance_km, false as name_hit, false as bio_hit, null::text[] as text_skills, p.total
    from page p join users u on u.id = p.user_id
    where ${visibleTo(db, f.viewerId)}
    order by p.distance_km nulls last, p.user_id`;
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
  score: number;
}

/**
 * My matches: members I may see who offer what I seek or seek what I offer. Those who do both
 * come first; then by score: one point per skill matched, two for sharing a place, up to two
 * for nearness (2 at 0 km, 0 from 100 km); then by name.
 */
export async function selectMatches(db: Db, viewerId: string, origin: Origin | undefined, limit: number, offset: number): Promise<MatchRow[]> {
  const km = origin ? distanceFrom(db, origin, 'cp') : db`null::float8`;
  // Candidates and their score come from the skills' index entries alone (commune and visibility
  // copied there); only the page's rows are then checked against the visibility rule on users.
  return db<MatchRow[]>`
    with mine as (select skill_id, kind from user_skills where user_id = ${viewerId}),
    neighbours as (${neighboursOf(db, viewerId)}),
    cand as (
      select us.user_id, min(us.commune_code) as commune_code,
        array_agg(us.skill_id) filter (where us.kind = 'offer') as they_offer,
        array_agg(us.skill_id) filter (where us.kind = 'seek') as they_seek
      from mine m join user_skills us on us.skill_id = m.skill_id and us.kind <> m.kind
      where us.user_id <> ${viewerId} and ${visibleOnCopies(db, viewerId, 'us', 'neighbours')}
      group by us.user_id
    ),
    scored as (
      select c.user_id, c.commune_code, ${km} as distance_km,
        coalesce(c.they_offer, '{}') as they_offer, coalesce(c.they_seek, '{}') as they_seek,
        (c.user_id in (select user_id from neighbours)) as shared
      from cand c left join commune_positions cp on cp.code = c.commune_code
    ),
    ranked as (
      select s.*, (cardinality(s.they_offer) > 0 and cardinality(s.they_seek) > 0) as both_ways,
        (cardinality(s.they_offer) + cardinality(s.they_seek)
          + case when s.shared then 2 else 0 end
          + case when s.distance_km is null then 0 else greatest(0, 2 - s.distance_km / 50) end)::float8 as score
      from scored s
    ),
    page as (select * from ranked r order by r.both_ways desc, r.score desc, r.user_id limit ${limit} offset ${offset})
    select r.user_id, u.display_name, r.commune_code, r.distance_km, r.they_offer, r.they_seek, r.shared, r.score
    from page r join users u on u.id = r.user_id
    where ${visibleTo(db, viewerId)}
    order by r.both_ways desc, r.score desc, r.user_id`;
}
