-- Skill exchanges between two members, and the history of every step.

create table exchanges (
  id uuid primary key default gen_random_uuid(),
  proposer_id uuid not null references users (id) on delete cascade,
  recipient_id uuid not null references users (id) on delete cascade,
  -- What each party gives, as the terms stand now (a counter-proposal changes them).
  proposer_gives uuid not null references skills (id),
  recipient_gives uuid not null references skills (id),
  message text not null default '',
  status text not null check (status in ('proposed', 'accepted', 'declined', 'cancelled', 'done')),
  -- Who must answer the terms while proposed (the recipient, then whoever was countered).
  awaiting_id uuid references users (id) on delete cascade,
  proposer_done boolean not null default false,
  recipient_done boolean not null default false,
  -- Each party's consent to appear in the other's record of exchanges.
  proposer_shows boolean not null default false,
  recipient_shows boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (proposer_id <> recipient_id)
);
create index exchanges_proposer_idx on exchanges (proposer_id, updated_at desc);
create index exchanges_recipient_idx on exchanges (recipient_id, updated_at desc);

create table exchange_events (
  id bigserial primary key,
  exchange_id uuid not null references exchanges (id) on delete cascade,
  actor_id uuid references users (id) on delete set null,
  kind text not null check (kind in ('proposed', 'countered', 'accepted', 'declined', 'cancelled', 'marked_done', 'done')),
  proposer_gives uuid references skills (id),
  recipient_gives uuid references skills (id),
  message text not null default '',
  created_at timestamptz not null default now()
);
create index exchange_events_exchange_idx on exchange_events (exchange_id, id);
