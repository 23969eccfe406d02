-- Members, their sessions, shared rate-limit counters and the first-admin setup link.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null,
  -- Null for members who log in by e-mail link only.
  password_hash text,
  role text not null default 'member' check (role in ('member', 'admin', 'official')),
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  email_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- A session token is "<id>.<secret>"; only the SHA-256 of the secret is kept.
create table sessions (
  id text primary key,
  secret_hash bytea not null,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text not null default ''
);
create index sessions_user_id_idx on sessions (user_id);

-- Fixed-window counters shared by every server process.
create table rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);

-- One-time links that make whoever opens them first an admin.
create table admin_setup_tokens (
  token_hash bytea primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users (id) on delete set null
);
