import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PresenceUpdate } from '../../shared/rooms.schema.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { emitAck, type TestSocket } from '../support/socket.ts';
import { animator, createRoom, join, member, next, ok, socketOf, waitFor, type Member } from './rooms.fixtures.ts';

// Presence in rooms: one entry per member whatever their tabs, statuses, drops noticed in
// seconds, and connections of a dead server process expiring.

let server: TestServer;
let owner: Member;
let alice: Member;

beforeAll(async () => {
  server = await startTestServer();
  owner = await animator(server, 'Owner');
  alice = await member(server, 'Alice');
}, 180_000); // a fresh embedded database takes long to create on a loaded machine
afterAll(() => server?.stop(), 60_000);

const ids = (u: PresenceUpdate) => u.presence.map((p) => p.userId).sort();

test('two tabs of one member count once; the member leaves only when the last tab closes', async () => {
  const roomId = (await createRoom(owner)).id;
  const watcher = await socketOf(server, owner);
  await join(watcher, roomId);
  const tab1 = await socketOf(server, alice);
  const tab2 = await socketOf(server, alice);
  await join(tab1, roomId);
  const state = await join(tab2, roomId);
  expect(state.presence.filter((p) => p.userId === alice.id)).toHaveLength(1);
  expect(state.presence).toHaveLength(2);
  const listed = (await alice.client.get('/api/rooms')).body.find((r: { id: string }) => r.id === roomId);
  expect(listed.presenceCount).toBe(2);

  const updates: PresenceUpdate[] = [];
  watcher.on('presence:update', (u) => updates.push(u));
  tab1.close();
  await waitFor(async () => (await server.ctx.sql`select 1 from presence_connections where user_id = ${alice.id}`).length === 1, 5000, 'first tab gone');
  await new Promise((r) => setTimeout(r, 200));
  expect(updates.every((u) => ids(u).includes(alice.id))).toBe(true);

  const gone = next<PresenceUpdate>(watcher, 'presence:update', (u) => !ids(u).includes(alice.id));
  tab2.close();
  expect(ids(await gone)).toEqual([owner.id]);
  watcher.close();
});

test('status: set by the member, broadcast, shared by their tabs, inherited by a new tab; away is accepted', async () => {
  const roomId = (await createRoom(owner)).id;
  const watcher = await socketOf(server, owner);
  await join(watcher, roomId);
  const tab1 = await socketOf(server, alice);
  const s1 = await join(tab1, roomId);
  expect(s1.presence.find((p) => p.userId === alice.id)!.status).toBe('available');

  const focus = next<PresenceUpdate>(watcher, 'presence:update', (u) => u.presence.some((p) => p.userId === alice.id && p.status === 'focus'));
  expect(ok(await emitAck(tab1, 'presence:set', { roomId, status: 'focus' }))).toEqual({ roomId, status: 'focus' });
  await focus;
  const tab2 = await socketOf(server, alice);
  const s2 = await join(tab2, roomId);
  expect(s2.presence.find((p) => p.userId === alice.id)!.status).toBe('focus');

  const away = next<PresenceUpdate>(watcher, 'presence:update', (u) => u.presence.some((p) => p.userId === alice.id && p.status === 'away'));
  ok(await emitAck(tab2, 'presence:set', { roomId, status: 'away' }));
  await away;
  expect(await emitAck(tab2, 'presence:set', { roomId, status: 'busy' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  for (const s of [watcher, tab1, tab2]) s.close();
});

test('room:leave takes the member out at once', async () => {
  const roomId = (await createRoom(owner)).id;
  const watcher = await socketOf(server, owner);
  await join(watcher, roomId);
  const s = await socketOf(server, alice);
  await join(s, roomId);
  const gone = next<PresenceUpdate>(watcher, 'presence:update', (u) => !ids(u).includes(alice.id));
  expect(ok(await emitAck(s, 'room:leave', { roomId }))).toEqual({ roomId });
  await gone;
  watcher.close();
  s.close();
});

/** Makes a client connection go silent, as when a laptop lid closes or a network drops: no FIN, no answers. */
function goSilent(socket: TestSocket): void {
  const tcp = (socket.io as unknown as { engine: { transport: { ws?: { _socket?: { pause(): void; write: unknown } } } } }).engine.transport.ws?._socket;
  if (!tcp) throw new Error('no underlying TCP socket to silence');
  tcp.pause();
  tcp.write = () => true;
}

test('a dropped connection (no clean close) is noticed within seconds', async () => {
  const roomId = (await createRoom(owner)).id;
  const watcher = await socketOf(server, owner);
  await join(watcher, roomId);
  const s = await socketOf(server, alice);
  await join(s, roomId);
  const t0 = Date.now();
  const gone = next<PresenceUpdate>(watcher, 'presence:update', (u) => !ids(u).includes(alice.id), 15_000);
  goSilent(s);
  await gone;
  const elapsed = Date.now() - t0;
  // pingInterval 5 s + pingTimeout 5 s.
  expect(elapsed).toBeLessThan(12_000);
  s.close();
  watcher.close();
}, 30_000);

test("another process's connections count, and vanish when that process stops beating", async () => {
  const roomId = (await createRoom(owner)).id;
  const scope = `room:${roomId}`;
  // Another server process that has just beaten, with Alice connected to this room.
  await server.ctx.sql`insert into presence_nodes (node_id, heartbeat_at) values ('other-node', now())`;
  await server.ctx.sql`insert into presence_connections (socket_id, scope, node_id, user_id) values ('remote-socket', ${scope}, 'other-node', ${alice.id})`;
  const watcher = await socketOf(server, owner);
  const state = await join(watcher, roomId);
  expect(state.presence.map((p) => p.userId).sort()).toEqual([owner.id, alice.id].sort());
  // Alice also opens a tab here: still one entry.
  const local = await socketOf(server, alice);
  expect((await join(local, roomId)).presence).toHaveLength(2);
  local.close();
  await waitFor(async () => (await server.ctx.sql`select 1 from presence_connections where socket_id = ${local.id ?? ''} or (user_id = ${alice.id} and node_id <> 'other-node')`).length === 0, 5000, 'local tab gone');

  // That process dies (never beats again): within 15 s + one reaping period, Alice is gone.
  const t0 = Date.now();
  const gone = next<PresenceUpdate>(watcher, 'presence:update', (u) => !ids(u).includes(alice.id), 25_000);
  const u = await gone;
  expect(ids(u)).toEqual([owner.id]);
  expect(Date.now() - t0).toBeLessThan(21_000);
  expect(await server.ctx.sql`select 1 from presence_connections where node_id = 'other-node'`).toHaveLength(0);
  expect(await server.ctx.sql`select 1 from presence_nodes where node_id = 'other-node'`).toHaveLength(0);
  watcher.close();
}, 40_000);
