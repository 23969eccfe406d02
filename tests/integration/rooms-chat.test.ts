import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ChatMessageView, ChatPage } from '../../shared/rooms.schema.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { emitAck, type TestSocket } from '../support/socket.ts';
import { admin, animator, collect, createRoom, join, member, next, ok, socketOf, uuid, type Member } from './rooms.fixtures.ts';

// Kept chat: stored before the ack, idempotent, paged, edited and deleted by the right people.

let server: TestServer;
let owner: Member & { placeId: string };
let alice: Member;
let bob: Member;
let roomId: string;
let sOwner: TestSocket;
let sAlice: TestSocket;
let sBob: TestSocket;

beforeAll(async () => {
  server = await startTestServer();
  owner = await animator(server, 'Owner');
  alice = await member(server, 'Alice');
  bob = await member(server, 'Bob');
  roomId = (await createRoom(owner, { name: 'Chat' })).id;
  [sOwner, sAlice, sBob] = await Promise.all([socketOf(server, owner), socketOf(server, alice), socketOf(server, bob)]);
  for (const s of [sOwner, sAlice, sBob]) await join(s, roomId);
}, 180_000); // a fresh embedded database takes long to create on a loaded machine
afterAll(async () => {
  for (const s of [sOwner, sAlice, sBob]) s?.close();
  await server?.stop();
});

const send = async (s: TestSocket, body: string, clientId = uuid()) => ok(await emitAck<ChatMessageView>(s, 'chat:send', { roomId, clientId, body }));

test('a message is in the database when its ack arrives, and others receive it', async () => {
  const clientId = uuid();
  const received = next<ChatMessageView>(sBob, 'chat:message', (m) => m.clientId === clientId);
  const ack = await emitAck<ChatMessageView>(sAlice, 'chat:send', { roomId, clientId, body: '  Bonjour <b>la</b> Lozère  ' });
  // Checked synchronously on the ack: no await in between could let a late insert land.
  const rows = await server.ctx.sql`select body, seq, author_id from chat_messages where client_id = ${clientId}`;
  const m = ok(ack);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ body: 'Bonjour <b>la</b> Lozère', authorId: alice.id });
  expect(m).toMatchObject({ body: 'Bonjour <b>la</b> Lozère', author: { id: alice.id, displayName: 'Alice' }, roomId, editedAt: null, deletedAt: null });
  expect((await received).id).toBe(m.id);
});

test('a retried send with the same clientId returns the same message, never a duplicate', async () => {
  const clientId = uuid();
  const seen = collect<ChatMessageView>(sBob, 'chat:message');
  const first = await send(sAlice, 'une fois', clientId);
  const again = await send(sAlice, 'une fois', clientId);
  const parallel = await Promise.all([1, 2, 3, 4].map(() => send(sAlice, 'une fois', clientId)));
  for (const m of [again, ...parallel]) expect(m).toEqual(first);
  expect(await server.ctx.sql`select 1 from chat_messages where client_id = ${clientId}`).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 200));
  expect(seen.filter((m) => m.clientId === clientId)).toHaveLength(1);
  // Someone else cannot take over that id.
  expect(await emitAck(sBob, 'chat:send', { roomId, clientId, body: 'vol' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
});

test('concurrent senders get distinct, gap-free sequence numbers', async () => {
  const before = Number((await server.ctx.sql`select last_seq from rooms where id = ${roomId}`)[0]!.lastSeq);
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => send([sAlice, sBob, sOwner][i % 3]!, `m${i}`)));
  const seqs = sent.map((m) => m.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
});

test('length limit and empty messages are refused and nothing is stored', async () => {
  const before = await snapshot(server, ['chat_messages']);
  for (const body of ['x'.repeat(2001), '', '   ']) {
    expect(await emitAck(sAlice, 'chat:send', { roomId, clientId: uuid(), body })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  }
  expect(await emitAck(sAlice, 'chat:send', { roomId, clientId: 'not-a-uuid', body: 'x' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  expect(await snapshot(server, ['chat_messages'])).toEqual(before);
  expect((await send(sAlice, 'y'.repeat(2000))).body).toHaveLength(2000);
});

test('a member who has not joined the room on this socket cannot send', async () => {
  const s = await socketOf(server, alice);
  expect(await emitAck(s, 'chat:send', { roomId, clientId: uuid(), body: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  s.close();
});

test('history pages newest first with a before cursor, then catch up with after', async () => {
  const room = (await createRoom(owner, { name: 'Pages' })).id;
  const s = await socketOf(server, alice);
  await join(s, room);
  const sent: ChatMessageView[] = [];
  for (let i = 1; i <= 7; i++) sent.push(ok(await emitAck<ChatMessageView>(s, 'chat:send', { roomId: room, clientId: uuid(), body: `n${i}` })));
  const p1 = ok(await emitAck<ChatPage>(s, 'chat:history', { roomId: room, limit: 3 }));
  expect(p1.messages.map((m) => m.body)).toEqual(['n5', 'n6', 'n7']);
  expect(p1.hasMore).toBe(true);
  const p2 = ok(await emitAck<ChatPage>(s, 'chat:history', { roomId: room, before: p1.messages[0]!.seq, limit: 3 }));
  expect(p2.messages.map((m) => m.body)).toEqual(['n2', 'n3', 'n4']);
  const p3 = ok(await emitAck<ChatPage>(s, 'chat:history', { roomId: room, before: p2.messages[0]!.seq, limit: 3 }));
  expect(p3).toMatchObject({ hasMore: false });
  expect(p3.messages.map((m) => m.body)).toEqual(['n1']);
  const a = ok(await emitAck<ChatPage>(s, 'chat:history', { roomId: room, after: sent[1]!.seq, limit: 4 }));
  expect(a.messages.map((m) => m.body)).toEqual(['n3', 'n4', 'n5', 'n6']);
  expect(a.hasMore).toBe(true);
  expect(await emitAck(s, 'chat:history', { roomId: room, after: 1, before: 5 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  expect(await emitAck(s, 'chat:history', { roomId: room, limit: 101 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  // The room state carries the newest page.
  const state = await join(s, room);
  expect(state.messages.messages.map((m) => m.body)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
  s.close();
});

test('after a reconnect, the after cursor returns exactly the missed messages', async () => {
  const room = (await createRoom(owner, { name: 'Reconnect' })).id;
  const s1 = await socketOf(server, bob);
  const state = await join(s1, room);
  const writer = await socketOf(server, owner);
  await join(writer, room);
  const got = collect<ChatMessageView>(s1, 'chat:message');
  for (const b of ['a', 'b']) ok(await emitAck(writer, 'chat:send', { roomId: room, clientId: uuid(), body: b }));
  await new Promise((r) => setTimeout(r, 200));
  expect(got.map((m) => m.body)).toEqual(['a', 'b']);
  const lastSeq = Math.max(0, ...state.messages.messages.map((m) => m.seq), ...got.map((m) => m.seq));
  s1.close();
  for (const b of ['c', 'd', 'e']) ok(await emitAck(writer, 'chat:send', { roomId: room, clientId: uuid(), body: b }));
  const s2 = await socketOf(server, bob);
  await join(s2, room);
  const missed = ok(await emitAck<ChatPage>(s2, 'chat:history', { roomId: room, after: lastSeq }));
  expect(missed.messages.map((m) => m.body)).toEqual(['c', 'd', 'e']);
  expect(missed.hasMore).toBe(false);
  s2.close();
  writer.close();
});

test('authors edit their own messages only; edits are broadcast', async () => {
  const m = await send(sAlice, 'avant');
  expect(await emitAck(sBob, 'chat:edit', { roomId, messageId: m.id, body: 'pirate' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(await emitAck(sOwner, 'chat:edit', { roomId, messageId: m.id, body: 'owner' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  const updated = next<ChatMessageView>(sBob, 'chat:updated', (u) => u.id === m.id);
  const edited = ok(await emitAck<ChatMessageView>(sAlice, 'chat:edit', { roomId, messageId: m.id, body: 'après' }));
  expect(edited).toMatchObject({ id: m.id, seq: m.seq, body: 'après' });
  expect(edited.editedAt).not.toBeNull();
  expect((await updated).body).toBe('après');
  expect(await emitAck(sAlice, 'chat:edit', { roomId, messageId: uuid(), body: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
});

test('deletion: the author, the owner, an animator for a network room and an admin; not another member; tombstones stay', async () => {
  const mine = await send(sAlice, 'à moi');
  expect(await emitAck(sBob, 'chat:delete', { roomId, messageId: mine.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  const deleted = next<ChatMessageView>(sBob, 'chat:deleted', (d) => d.id === mine.id);
  const tomb = ok(await emitAck<ChatMessageView>(sAlice, 'chat:delete', { roomId, messageId: mine.id }));
  expect(tomb).toMatchObject({ id: mine.id, body: '' });
  expect(tomb.deletedAt).not.toBeNull();
  expect((await deleted).deletedAt).not.toBeNull();
  expect(await emitAck(sAlice, 'chat:edit', { roomId, messageId: mine.id, body: 'ressuscité' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  const [row] = await server.ctx.sql`select body, deleted_at from chat_messages where id = ${mine.id}`;
  expect(row!.body).toBe('');
  const page = ok(await emitAck<ChatPage>(sBob, 'chat:history', { roomId }));
  expect(page.messages.find((m) => m.id === mine.id)).toMatchObject({ body: '', deletedAt: tomb.deletedAt });

  const byOwner = await send(sBob, 'modéré par le propriétaire');
  ok(await emitAck(sOwner, 'chat:delete', { roomId, messageId: byOwner.id }));

  const anim2 = await animator(server, 'Animatrice ailleurs');
  const sa = await socketOf(server, anim2);
  await join(sa, roomId);
  const byAnim = await send(sBob, 'modéré par une animatrice');
  ok(await emitAck(sa, 'chat:delete', { roomId, messageId: byAnim.id }));

  const adm = await admin(server);
  const sad = await socketOf(server, adm);
  await join(sad, roomId);
  const byAdmin = await send(sBob, 'modéré par admin');
  ok(await emitAck(sad, 'chat:delete', { roomId, messageId: byAdmin.id }));

  // In a place room, an animator of another place is an ordinary member.
  const placeRoom = (await createRoom(owner, { name: 'Lieu', placeId: owner.placeId })).id;
  await join(sa, placeRoom);
  await join(sBob, placeRoom);
  const m = ok(await emitAck<ChatMessageView>(sBob, 'chat:send', { roomId: placeRoom, clientId: uuid(), body: 'ici' }));
  expect(await emitAck(sa, 'chat:delete', { roomId: placeRoom, messageId: m.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  sa.close();
  sad.close();
});
