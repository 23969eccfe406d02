import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SprintState } from '../../shared/rooms.schema.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { emitAck } from '../support/socket.ts';
import { animator, createRoom, join, member, next, ok, socketOf, type Member } from './rooms.fixtures.ts';

// Shared focus sprints: one server-decided start time, the same countdown for everyone.

let server: TestServer;
let owner: Member;
let alice: Member;

beforeAll(async () => {
  server = await startTestServer();
  owner = await animator(server, 'Owner');
  alice = await member(server, 'Alice');
}, 180_000); // a fresh embedded database takes long to create on a loaded machine
afterAll(() => server?.stop(), 60_000);

test('anyone in the room starts a sprint; everyone gets the same server start time; a second start is refused', async () => {
  const roomId = (await createRoom(owner)).id;
  const sa = await socketOf(server, alice);
  const so = await socketOf(server, owner);
  await join(sa, roomId);
  await join(so, roomId);
  const seen = next<SprintState>(so, 'sprint:update');
  const t0 = Date.now();
  const state = ok(await emitAck<SprintState>(sa, 'sprint:start', { roomId, focusMinutes: 25 }));
  const t1 = Date.now();
  const s = state.sprint!;
  expect(s).toMatchObject({ focusMinutes: 25, breakMinutes: 5, startedBy: { id: alice.id, displayName: 'Alice' } });
  const started = Date.parse(s.startedAt);
  expect(started).toBeGreaterThanOrEqual(t0 - 5);
  expect(started).toBeLessThanOrEqual(t1 + 5);
  expect(Date.parse(s.focusEndsAt) - started).toBe(25 * 60_000);
  expect(Date.parse(s.breakEndsAt) - started).toBe(30 * 60_000);
  expect((await seen).sprint).toEqual(s);

  expect(await emitAck(so, 'sprint:start', { roomId, focusMinutes: 50 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  expect(await emitAck(so, 'sprint:start', { roomId, focusMinutes: 30 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  expect(await emitAck(so, 'sprint:start', { roomId, focusMinutes: 25, breakMinutes: 7 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });

  // Anyone stops it; everyone is told.
  const stopped = next<SprintState>(sa, 'sprint:update', (u) => u.sprint === null);
  expect(ok(await emitAck<SprintState>(so, 'sprint:stop', { roomId })).sprint).toBeNull();
  expect((await stopped).roomId).toBe(roomId);
  const fifty = ok(await emitAck<SprintState>(so, 'sprint:start', { roomId, focusMinutes: 50 })).sprint!;
  expect(fifty.breakMinutes).toBe(10);
  sa.close();
  so.close();
});

test('a member arriving mid-sprint gets the sprint with the right remaining time; a finished sprint is gone and replaceable', async () => {
  const roomId = (await createRoom(owner)).id;
  const so = await socketOf(server, owner);
  await join(so, roomId);
  ok(await emitAck(so, 'sprint:start', { roomId, focusMinutes: 25 }));
  // Ten minutes elapsed.
  await server.ctx.sql`update room_sprints set started_at = started_at - interval '10 minutes' where room_id = ${roomId}`;

  const sa = await socketOf(server, alice);
  const state = await join(sa, roomId);
  const offset = Date.parse(state.serverNow) - Date.now();
  const now = Date.now() + offset;
  const remaining = Date.parse(state.sprint!.focusEndsAt) - now;
  expect(remaining).toBeGreaterThan(15 * 60_000 - 3_000);
  expect(remaining).toBeLessThanOrEqual(15 * 60_000);

  // Into the break.
  await server.ctx.sql`update room_sprints set started_at = started_at - interval '17 minutes' where room_id = ${roomId}`;
  const inBreak = await join(sa, roomId);
  const n = Date.parse(inBreak.serverNow);
  expect(Date.parse(inBreak.sprint!.focusEndsAt)).toBeLessThan(n);
  expect(Date.parse(inBreak.sprint!.breakEndsAt) - n).toBeGreaterThan(3 * 60_000 - 3_000);

  // Over: not sent any more, and a new one may start.
  await server.ctx.sql`update room_sprints set started_at = started_at - interval '5 minutes' where room_id = ${roomId}`;
  expect((await join(sa, roomId)).sprint).toBeNull();
  expect(ok(await emitAck<SprintState>(sa, 'sprint:start', { roomId, focusMinutes: 25 })).sprint).not.toBeNull();
  sa.close();
  so.close();
});
