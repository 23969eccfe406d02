-- Member profiles (bio, availability, languages, avatar), the shared skill vocabulary and
-- who offers or seeks which skill; commune positions for distances in SQL.

-- Accent- and case-folded text, as shared/skills.schema.ts normalises in JS (PGlite has no unaccent).
create function maillage_fold(t text) returns text language sql immutable parallel safe as $$
  select btrim(regexp_replace(lower(translate(t,
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ',
    'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy')), '\s+', ' ', 'g'))
$$;

create table profiles (
  user_id uuid primary key references users (id) on delete cascade,
  bio text not null default '',
  -- The bio folded (maillage_fold), searched by the directory.
  bio_key text not null default '',
  availability text[] not null default '{}',
  languages text[] not null default '{}',
  updated_at timestamptz not null default now()
);

-- 256×256 WebP, EXIF stripped, made on upload.
create table avatars (
  user_id uuid primary key references users (id) on delete cascade,
  image bytea not null,
  updated_at timestamptz not null default now()
);

-- Positions of the communes of Lozère (server/data/communes-48.json), synced at start so that
-- distances are computed in SQL: a few hundred rows, scanned by bounding box then haversine.
create table commune_positions (
  code text primary key,
  lat double precision not null,
  lon double precision not null
);
create index users_commune_idx on users (commune_code);

-- The vocabulary: one row per normalised key (lower case, no accents, spaces collapsed).
create table skills (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  label text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index skills_key_prefix_idx on skills (key text_pattern_ops);

create table user_skills (
  user_id uuid not null references users (id) on delete cascade,
  skill_id uuid not null references skills (id) on delete cascade,
  kind text not null check (kind in ('offer', 'seek')),
  primary key (user_id, kind, skill_id)
);
-- "Who offers/seeks skill S": search by skill and the match list.
create index user_skills_skill_idx on user_skills (skill_id, kind, user_id);
