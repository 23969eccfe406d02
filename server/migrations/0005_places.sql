-- Places: what the directory and the map show (places and place_members: 0002_rooms.sql),
-- members' commune and visibility, and check-ins ("I am working here today") kept as history.

alter table places
  add column kind text not null default 'other'
    check (kind in ('public_service', 'coworking', 'telecentre', 'fablab', 'cafe', 'lodging', 'school', 'association', 'other')),
  -- INSEE code of a current commune of Lozère (server/data/communes-48.json).
  add column commune_code text,
  add column lat double precision,
  add column lon double precision,
  add column address text not null default '',
  add column description text not null default '',
  add column contact text not null default '',
  -- Opening intervals by ISO weekday (1 = Monday): [{"day":1,"open":"09:00","close":"12:30"}, ...], Europe/Paris.
  add column opening_hours jsonb not null default '[]',
  -- Months (1-12) the place is open; months with rooms free for workers (hotels, schools).
  add column months_open integer[] not null default '{1,2,3,4,5,6,7,8,9,10,11,12}',
  add column months_rooms_free integer[] not null default '{}',
  add column services text[] not null default '{}',
  -- Demo data loaded by `npm run seed`; never mixed with real data.
  add column demo boolean not null default false,
  add column created_by uuid references users (id) on delete set null,
  add column updated_at timestamptz not null default now();
create index places_kind_idx on places (kind);

alter table users
  add column commune_code text,
  add column demo boolean not null default false;

-- The member's choice of who sees them (rules.md); default network.
do $$ begin
  if not exists (select 1 from information_schema.columns where table_name = 'users' and column_name = 'visibility') then
    alter table users add column visibility text not null default 'network'
      check (visibility in ('public', 'network', 'my_places', 'hidden'));
  end if;
end $$;

-- One row per check-in. Open while ended_at is null and the Europe/Paris day it started is
-- today; a check-in left open past midnight is closed at that midnight (lazily, by the next
-- read or write), so the history always says when it ended.
create table check_ins (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  place_id uuid not null references places (id) on delete cascade,
  started_at timestamptz not null default now(),
  ended_at timestamptz
);
create index check_ins_place_idx on check_ins (place_id, started_at desc);
create index check_ins_user_idx on check_ins (user_id, started_at desc);
-- At most one open check-in per member.
create unique index check_ins_open_key on check_ins (user_id) where ended_at is null;
