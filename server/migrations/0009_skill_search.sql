-- Fast search by skill and distance, and fast matches, on a large network: each member's
-- commune and visibility are copied onto their skill rows, so that "who offers S within 30 km"
-- and "who offers what I seek" are answered from one index before any users row is read.
-- Triggers keep the copies right whatever changes users (profile, account or places routes).
-- The copy is only a pre-filter: visibility is still decided by profiles/visibility.ts.

alter table user_skills
  add column commune_code text,
  add column visibility text not null default 'network';
update user_skills us set commune_code = u.commune_code, visibility = u.visibility from users u where u.id = us.user_id;
create index user_skills_skill_commune_idx on user_skills (skill_id, commune_code) include (kind, user_id, visibility);

create function user_skills_copy_user() returns trigger language plpgsql as $$
begin
  select u.commune_code, u.visibility into new.commune_code, new.visibility from users u where u.id = new.user_id;
  return new;
end $$;
create trigger user_skills_copy_user before insert on user_skills
  for each row execute function user_skills_copy_user();

create function users_sync_skills() returns trigger language plpgsql as $$
begin
  update user_skills set commune_code = new.commune_code, visibility = new.visibility where user_id = new.id;
  return new;
end $$;
create trigger users_sync_skills after update of commune_code, visibility on users
  for each row when (old.commune_code is distinct from new.commune_code or old.visibility is distinct from new.visibility)
  execute function users_sync_skills();
