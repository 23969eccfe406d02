-- Live connections per scope ('room:<id>', later 'place:<id>'), shared by every server process.

-- Each server process beats here; a process that stops beating is dead and its connections vanish.
create table presence_nodes (
  node_id text primary key,
  heartbeat_at timestamptz not null default now()
);

create table presence_connections (
  socket_id text not null,
  scope text not null,
  node_id text not null references presence_nodes (node_id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  status text not null default 'available' check (status in ('focus', 'available', 'away')),
  status_at timestamptz not null default now(),
  connected_at timestamptz not null default now(),
  last_seen timestamptz not null default now(),
  primary key (socket_id, scope)
);
create index presence_connections_scope_idx on presence_connections (scope, user_id);
create index presence_connections_node_idx on presence_connections (node_id);
