-- Coworking rooms: the minimal places they attach to, rooms, members, kept chat, sprints,
-- LiveKit call occupancy and processed webhook ids.

-- Minimal places: the places capability ADDS its columns (address, services, seasons...).
create table places (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table place_members (
  place_id uuid not null references places (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null default 'member' check (role in ('member', 'animator')),
  joined_at timestamptz not null default now(),
  primary key (place_id, user_id)
);
create index place_members_user_idx on place_members (user_id);

create table rooms (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  visibility text not null check (visibility in ('open', 'private')),
  -- Null for a network room.
  place_id uuid references places (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  -- Random, unguessable LiveKit room name ('cw_' + 128 random bits).
  livekit_room text not null unique,
  -- Last chat sequence number handed out; taken under this row's lock so seq follows commit order.
  last_seq bigint not null default 0,
  archived_at timestamptz,
  created_at timestamptz not null default now()
);
create index rooms_place_idx on rooms (place_id);

-- Owners (the creator) and invited members of a room.
create table room_members (
  room_id uuid not null references rooms (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'invitee')),
  added_by uuid references users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (room_id, user_id)
);
create index room_members_user_idx on room_members (user_id);

create table chat_messages (
  id uuid primary key default gen_random_uuid(),
  room_id uuid not null references rooms (id) on delete cascade,
  seq bigint not null,
  -- The sender's idempotency key: a retried send finds the stored message.
  client_id uuid not null,
  author_id uuid not null references users (id) on delete cascade,
  body text not null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  -- A deleted message stays as a tombstone (body emptied).
  deleted_at timestamptz,
  deleted_by uuid references users (id) on delete set null,
  unique (room_id, seq),
  unique (room_id, client_id)
);

-- At most one sprint per room; a sprint whose break has ended is over and may be replaced.
create table room_sprints (
  room_id uuid primary key references rooms (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  started_by uuid not null references users (id) on delete cascade,
  focus_minutes integer not null check (focus_minutes in (25, 50)),
  break_minutes integer not null check (break_minutes in (5, 10)),
  started_at timestamptz not null default now()
);

-- Who is in a room's LiveKit call, kept from LiveKit's webhooks (by identity = member id).
create table call_participants (
  livekit_room text not null,
  identity text not null,
  participant_sid text not null,
  name text not null default '',
  joined_at timestamptz not null default now(),
  primary key (livekit_room, identity)
);

-- Ids of LiveKit webhook events already applied: a replayed event is ignored.
create table livekit_webhook_events (
  id text primary key,
  event text not null,
  received_at timestamptz not null default now()
);
