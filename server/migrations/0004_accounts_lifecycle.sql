-- Account lifecycle: every mail the app sends (outbox and durable queue at once), one-time
-- links (e-mail verification, password reset, log-in by e-mail, e-mail change), invitations
-- and the network's settings.

-- Every mail is kept here whatever the transport, so nothing acknowledged is lost. The row is
-- also the job: workers claim rows with FOR UPDATE SKIP LOCKED and a lease (locked_until), so
-- a mail is handed to the transport once even with several processes.
create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  to_user_id uuid references users (id) on delete set null,
  locale text not null check (locale in ('fr', 'en')),
  kind text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  transport text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status in ('queued', 'sending');
create index mail_outbox_created_idx on mail_outbox (created_at desc);
create index mail_outbox_to_user_idx on mail_outbox (to_user_id);

-- One-time links sent by mail. Only the SHA-256 of the token is kept.
create table account_tokens (
  token_hash bytea primary key,
  purpose text not null check (purpose in ('verify_email', 'reset_password', 'login_link', 'change_email')),
  user_id uuid not null references users (id) on delete cascade,
  -- The address the link was sent to (for change_email: the new address).
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index account_tokens_user_idx on account_tokens (user_id, purpose);

-- Invitations by admins and animators: by e-mail, or a printable link for someone without one.
-- An invitation may attach the new member to the inviter's place (places: 0002_rooms.sql).
create table invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  email text,
  place_id uuid references places (id) on delete cascade,
  invited_by uuid references users (id) on delete set null,
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users (id) on delete set null,
  revoked_at timestamptz
);
create index invitations_invited_by_idx on invitations (invited_by, created_at desc);

-- The network's settings: one row.
create table network_settings (
  id boolean primary key default true check (id),
  invitation_only boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null
);
insert into network_settings (id) values (true);
