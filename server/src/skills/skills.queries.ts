import { skillKey, type SkillView } from '../../../shared/skills.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { Errors } from '../errors.ts';

type Db = Sql | TransactionSql;

/**
 * The ids of these skills, adding to the vocabulary those not yet in it. Labels differing only
 * by case, accents or spacing are one skill: the first label typed stays its display label.
 */
export async function ensureSkills(db: Db, labels: string[], by: string | null): Promise<Map<string, string>> {
  const byKey = new Map(labels.map((l) => [skillKey(l), l]));
  if (!byKey.size) return new Map();
  const rows = [...byKey].map(([key, label]) => ({ key, label, createdBy: by }));
  await db`insert into skills ${db(rows, 'key', 'label', 'createdBy')} on conflict (key) do nothing`;
  const found = await db<{ id: string; key: string }[]>`select id, key from skills where key in ${db([...byKey.keys()])}`;
  return new Map(found.map((r) => [r.key, r.id]));
}

export async function ensureSkill(db: Db, label: string, by: string | null): Promise<string> {
  return (await ensureSkills(db, [label], by)).get(skillKey(label))!;
}

/** Skills whose key, or one of its words, starts with the query; the most used first. */
export async function suggestSkills(db: Db, q: string | undefined, limit: number): Promise<SkillView[]> {
  const key = skillKey(q ?? '');
  const like = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db<SkillView[]>`
    select x.id, x.key, x.label, x.offered_by, x.sought_by from (
      select s.id, s.key, s.label, s.key like ${like + '%'} as starts,
        (select count(*)::int from user_skills us where us.skill_id = s.id and us.kind = 'offer') as offered_by,
        (select count(*)::int from user_skills us where us.skill_id = s.id and us.kind = 'seek') as sought_by
      from skills s
      where ${key ? db`(s.key like ${like + '%'} or s.key like ${'% ' + like + '%'})` : db`true`}
    ) x
    order by x.starts desc, x.offered_by + x.sought_by desc, x.key
    limit ${limit}`;
}

/** Merges skill `from` into `into`: members, exchanges and their history move to `into`; no duplicates remain. */
export async function mergeSkills(tx: TransactionSql, from: string, into: string): Promise<void> {
  if (from === into) throw Errors.validation([{ path: 'into', message: 'A skill cannot be merged into itself.' }]);
  const found = await tx<{ id: string }[]>`select id from skills where id in (${from}, ${into}) for update`;
  if (found.length !== 2) throw Errors.notFound('One of the skills');
  await tx`
    insert into user_skills (user_id, skill_id, kind)
    select user_id, ${into}, kind from user_skills where skill_id = ${from}
    on conflict do nothing`;
  await tx`delete from user_skills where skill_id = ${from}`;
  await tx`update exchanges set proposer_gives = ${into} where proposer_gives = ${from}`;
  await tx`update exchanges set recipient_gives = ${into} where recipient_gives = ${from}`;
  await tx`update exchange_events set proposer_gives = ${into} where proposer_gives = ${from}`;
  await tx`update exchange_events set recipient_gives = ${into} where recipient_gives = ${from}`;
  await tx`delete from skills where id = ${from}`;
}
