import type { SkillRef } from '../../../shared/profiles.schema.ts';
import { skillKey } from '../../../shared/skills.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { ensureSkills } from '../skills/skills.queries.ts';

type Db = Sql | TransactionSql;

export interface ProfileRow {
  userId: string;
  displayName: string;
  communeCode: string | null;
  visibility: 'public' | 'network' | 'my_places' | 'hidden';
  bio: string;
  availability: string[];
  languages: string[];
  hasAvatar: boolean;
}

export async function profileRow(db: Db, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await db<ProfileRow[]>`
    select u.id as user_id, u.display_name, u.commune_code, u.visibility,
      coalesce(p.bio, '') as bio, coalesce(p.availability, '{}') as availability, coalesce(p.languages, '{}') as languages,
      exists (select 1 from avatars a where a.user_id = u.id) as has_avatar
    from users u left join profiles p on p.user_id = u.id
    where u.id = ${userId}`;
  return row;
}

export interface MemberSkills {
  offers: SkillRef[];
  seeks: SkillRef[];
}

/** The skills of these members, by member, labels in alphabetical order of their keys. */
export async function skillsOf(db: Db, userIds: string[]): Promise<Map<string, MemberSkills>> {
  const out = new Map<string, MemberSkills>(userIds.map((id) => [id, { offers: [], seeks: [] }]));
  if (!userIds.length) return out;
  const rows = await db<{ userId: string; kind: 'offer' | 'seek'; id: string; label: string }[]>`
    select us.user_id, us.kind, s.id, s.label from user_skills us join skills s on s.id = us.skill_id
    where us.user_id in ${db(userIds)} order by s.key`;
  for (const r of rows) out.get(r.userId)![r.kind === 'offer' ? 'offers' : 'seeks'].push({ id: r.id, label: r.label });
  return out;
}

/** The names of the places each of these members shares with the viewer. */
export async function sharedPlacesWith(db: Db, viewerId: string | null, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!viewerId || !userIds.length) return out;
  const rows = await db<{ userId: string; name: string }[]>`
    select pm.user_id, p.name from place_members pm
    join place_members mine on mine.place_id = pm.place_id and mine.user_id = ${viewerId}
    join places p on p.id = pm.place_id
    where pm.user_id in ${db(userIds)} and pm.user_id <> ${viewerId}
    order by p.name`;
  for (const r of rows) out.get(r.userId)!.push(r.name);
  return out;
}

export interface ProfileWrite {
  displayName: string;
  communeCode: string | null;
  bio: string;
  offers: string[];
  seeks: string[];
  availability: string[];
  languages: string[];
  visibility: string;
}

/** Replaces the member's profile and skills in one transaction. */
export async function saveProfile(tx: TransactionSql, userId: string, p: ProfileWrite): Promise<void> {
  await tx`update users set display_name = ${p.displayName}, commune_code = ${p.communeCode}, visibility = ${p.visibility}, updated_at = now()
    where id = ${userId}`;
  await tx`
    insert into profiles (user_id, bio, bio_key, availability, languages, updated_at)
    values (${userId}, ${p.bio}, ${skillKey(p.bio)}, ${tx.array(p.availability)}::text[], ${tx.array(p.languages)}::text[], now())
    on conflict (user_id) do update set bio = excluded.bio, bio_key = excluded.bio_key, availability = excluded.availability,
      languages = excluded.languages, updated_at = now()`;
  const ids = await ensureSkills(tx, [...p.offers, ...p.seeks], userId);
  const rows = [
    ...p.offers.map((l) => ({ userId, skillId: ids.get(skillKey(l))!, kind: 'offer' })),
    ...p.seeks.map((l) => ({ userId, skillId: ids.get(skillKey(l))!, kind: 'seek' })),
  ];
  await tx`delete from user_skills where user_id = ${userId}`;
  if (rows.length) await tx`insert into user_skills ${tx(rows, 'userId', 'skillId', 'kind')} on conflict do nothing`;
}
