import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { emitAck } from '../support/socket.ts';
import { setProfile } from './profiles.fixtures.ts';
import { admin, animator, createRoom, join, joinPlace, member, next, ok, place, socketOf, type Member } from './rooms.fixtures.ts';

// Rooms over HTTP and sockets: who creates, sees, enters, renames, archives, invites.

let server: TestServer;
let adminM: Member;
let anim: Member & { placeId: string };
let plain: Member;
const tables = ['rooms', 'room_members', 'chat_messages', 'room_sprints'];

beforeAll(async () => {
  server = await startTestServer();
  adminM = await admin(server);
  anim = await animator(server);
  plain = await member(server, 'Dan');
}, 180_000); // a fresh embedded database takes long to create on a loaded machine
afterAll(() => server?.stop(), 60_000);

describe('creating rooms', () => {
  test('a plain member may not create a room, and nothing is stored', async () => {
    const before = await snapshot(server, tables);
    const res = await plain.client.post('/api/rooms', { name: 'Mine', visibility: 'open' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await snapshot(server, tables)).toEqual(before);
  });

  test('an animator whose e-mail is not confirmed yet may not create a room', async () => {
    const unverified = await member(server, 'Pas encore confirmée');
    await joinPlace(server, anim.placeId, unverified.id, 'animator');
    const before = await snapshot(server, tables);
    const res = await unverified.client.post('/api/rooms', { name: 'Trop tôt', visibility: 'open' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('email_unverified');
    expect(await snapshot(server, tables)).toEqual(before);
  });

  test('an animator creates a network room; an admin too; the creator owns it', async () => {
    const a = await createRoom(anim, { name: '  Salle réseau  ' });
    expect(a).toMatchObject({ name: 'Salle réseau', visibility: 'open', placeId: null, archivedAt: null, createdBy: { id: anim.id } });
    expect(a.access).toEqual({ owner: true, canManage: true, canInvite: false, canModerate: true });
    const b = await createRoom(adminM, { visibility: 'private' });
    expect(b.access).toMatchObject({ owner: true, canInvite: true });
    const [row] = await server.ctx.sql`select livekit_room from rooms where id = ${a.id}`;
    expect(row!.livekitRoom).toMatch(/^cw_[0-9a-f]{32}$/);
  });

  test('a place room: animators of that place and admins only', async () => {
    const other = await place(server, 'Fablab');
    const refused = await anim.client.post('/api/rooms', { name: 'X', visibility: 'open', placeId: other });
    expect(refused.status).toBe(403);
    const missing = await anim.client.post('/api/rooms', { name: 'X', visibility: 'open', placeId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    const r = await createRoom(anim, { name: 'Salle de la MSAP', placeId: anim.placeId });
    expect(r.placeId).toBe(anim.placeId);
    expect(r.placeName).toBe('Maison France Services');
    const byAdmin = await createRoom(adminM, { name: 'Fablab', placeId: other });
    expect(byAdmin.placeId).toBe(other);
  });

  test('bad bodies are refused with validation_failed', async () => {
    for (const body of [{ name: '', visibility: 'open' }, { name: 'x'.repeat(81), visibility: 'open' }, { name: 'a', visibility: 'secret' }, { name: 'a', visibility: 'open', extra: 1 }]) {
      const res = await anim.client.post('/api/rooms', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});

describe('seeing and entering', () => {
  test('open rooms are listed for every member; private ones for owners and invitees only', async () => {
    const open = await createRoom(anim, { name: 'Ouverte' });
    const priv = await createRoom(anim, { name: 'Privée', visibility: 'private' });
    const list = (await plain.client.get('/api/rooms')).body as { id: string }[];
    expect(list.map((r) => r.id)).toContain(open.id);
    expect(list.map((r) => r.id)).not.toContain(priv.id);
    expect((await plain.client.get(`/api/rooms/${priv.id}`)).status).toBe(403);
    expect((await plain.client.get(`/api/rooms/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    expect((await anim.client.post(`/api/rooms/${priv.id}/invitations`, { userId: plain.id })).status).toBe(204);
    const after = (await plain.client.get('/api/rooms')).body as { id: string }[];
    expect(after.map((r) => r.id)).toContain(priv.id);
    const detail = await anim.client.get(`/api/rooms/${priv.id}`);
    expect(detail.body.invitees).toEqual([{ id: plain.id, displayName: 'Dan' }]);
    const placeList = (await plain.client.get(`/api/rooms?placeId=${anim.placeId}`)).body as { placeId: string }[];
    expect(placeList.every((r) => r.placeId === anim.placeId)).toBe(true);
  });

  test('a non-invitee cannot join a private room by socket; an invitee can; an unknown room is not_found', async () => {
    const priv = await createRoom(anim, { visibility: 'private' });
    const outsider = await member(server, 'Outsider');
    const s = await socketOf(server, outsider);
    const refused = await emitAck(s, 'room:join', { roomId: priv.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const [event, payload] of [
      ['chat:send', { roomId: priv.id, clientId: crypto.randomUUID(), body: 'hi' }],
      ['chat:history', { roomId: priv.id }],
      ['sprint:start', { roomId: priv.id, focusMinutes: 25 }],
      ['sprint:stop', { roomId: priv.id }],
      ['presence:set', { roomId: priv.id, status: 'focus' }],
    ] as const) {
      expect(await emitAck(s, event, payload), event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await emitAck(s, 'room:join', { roomId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await anim.client.post(`/api/rooms/${priv.id}/invitations`, { userId: outsider.id });
    const state = await join(s, priv.id);
    expect(state.room.id).toBe(priv.id);
    expect(state.presence.map((p) => p.userId)).toEqual([outsider.id]);
    s.close();
  });

  test('an admin manages a private room but does not enter it uninvited', async () => {
    const priv = await createRoom(anim, { visibility: 'private' });
    const seen = await adminM.client.get(`/api/rooms/${priv.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.access.canManage).toBe(true);
    const s = await socketOf(server, adminM);
    expect(await emitAck(s, 'room:join', { roomId: priv.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    s.close();
  });
});

describe('owners manage', () => {
  test('rename: owners and admins only; members in the room are told', async () => {
    const r = await createRoom(anim);
    const s = await socketOf(server, plain);
    await join(s, r.id);
    const before = await snapshot(server, tables);
    const refused = await plain.client.patch(`/api/rooms/${r.id}`, { name: 'Hijack' });
    expect(refused.status).toBe(403);
    expect(await snapshot(server, tables)).toEqual(before);
    const updated = next(s, 'room:updated');
    const res = await anim.client.patch(`/api/rooms/${r.id}`, { name: 'Salle du soir' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Salle du soir');
    expect((await updated).name).toBe('Salle du soir');
    expect((await adminM.client.patch(`/api/rooms/${r.id}`, { name: 'Par admin' })).status).toBe(200);
    s.close();
  });

  test('invitations: owners only, private rooms only; uninviting removes the member from the room at once', async () => {
    const priv = await createRoom(anim, { visibility: 'private' });
    const guest = await member(server, 'Invitée');
    expect((await plain.client.post(`/api/rooms/${priv.id}/invitations`, { userId: guest.id })).status).toBe(403);
    expect((await anim.client.post(`/api/rooms/${priv.id}/invitations`, { userId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const open = await createRoom(anim);
    expect((await anim.client.post(`/api/rooms/${open.id}/invitations`, { userId: guest.id })).status).toBe(409);
    expect((await anim.client.post(`/api/rooms/${priv.id}/invitations`, { userId: guest.id })).status).toBe(204);
    expect((await anim.client.post(`/api/rooms/${priv.id}/invitations`, { userId: guest.id })).status).toBe(204);

    const owner = await socketOf(server, anim);
    await join(owner, priv.id);
    const gs = await socketOf(server, guest);
    await join(gs, priv.id);
    expect((await plain.client.delete(`/api/rooms/${priv.id}/invitations/${guest.id}`)).status).toBe(403);

    const removed = next(gs, 'room:removed');
    const presence = next(owner, 'presence:update', (u) => u.presence.length === 1);
    expect((await anim.client.delete(`/api/rooms/${priv.id}/invitations/${guest.id}`)).status).toBe(204);
    expect(await removed).toEqual({ roomId: priv.id, reason: 'uninvited' });
    expect((await presence).presence.map((p: { userId: string }) => p.userId)).toEqual([anim.id]);
    // No longer receives the room's events, and cannot act in it.
    let leaked = false;
    gs.on('chat:message', () => (leaked = true));
    ok(await emitAck(owner, 'chat:send', { roomId: priv.id, clientId: crypto.randomUUID(), body: 'après' }));
    expect(await emitAck(gs, 'chat:history', { roomId: priv.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitAck(gs, 'room:join', { roomId: priv.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(leaked).toBe(false);
    expect((await anim.client.delete(`/api/rooms/${priv.id}/invitations/${guest.id}`)).status).toBe(404);
    owner.close();
    gs.close();
  });

  test('archive: owners only; everyone is removed; nobody enters after; not listed', async () => {
    const r = await createRoom(anim);
    const s = await socketOf(server, plain);
    await join(s, r.id);
    expect((await plain.client.post(`/api/rooms/${r.id}/archive`)).status).toBe(403);
    const removed = next(s, 'room:removed');
    const res = await anim.client.post(`/api/rooms/${r.id}/archive`);
    expect(res.status).toBe(200);
    expect(res.body.archivedAt).not.toBeNull();
    expect(await removed).toEqual({ roomId: r.id, reason: 'archived' });
    expect(await emitAck(s, 'room:join', { roomId: r.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(((await plain.client.get('/api/rooms')).body as { id: string }[]).map((x) => x.id)).not.toContain(r.id);
    expect((await plain.client.post(`/api/rooms/${r.id}/call`)).status).toBe(403);
    expect(await server.ctx.sql`select 1 from presence_connections where scope = ${'room:' + r.id}`).toHaveLength(0);
    s.close();
  });

  test('a place member who is not an animator there gets no moderation right', async () => {
    const r = await createRoom(anim, { placeId: anim.placeId });
    const local = await member(server, 'Local');
    await joinPlace(server, anim.placeId, local.id, 'member');
    expect((await local.client.get(`/api/rooms/${r.id}`)).body.access).toEqual({ owner: false, canManage: false, canInvite: false, canModerate: false });
    const otherAnim = await animator(server, 'Autre animatrice');
    expect((await otherAnim.client.get(`/api/rooms/${r.id}`)).body.access.canModerate).toBe(false);
    const net = await createRoom(adminM);
    expect((await otherAnim.client.get(`/api/rooms/${net.id}`)).body.access.canModerate).toBe(true);
  });

  test('unauthenticated requests are refused', async () => {
    const res = await fetch(`${server.url}/api/rooms`);
    expect(res.status).toBe(401);
  });
});

describe('a member who renames themself', () => {
  test('shows under the new name, live, to the others in the room', async () => {
    const room = await createRoom(anim);
    const renamed = await member(server, 'Prénom Avant');
    const watcher = await socketOf(server, anim);
    await join(watcher, room.id);
    const s = await socketOf(server, renamed);
    await join(s, room.id);
    const update = next(watcher, 'presence:update', (u) => u.presence.some((p: { displayName: string }) => p.displayName === 'Prénom Après'), 15_000);
    await setProfile(renamed, { displayName: 'Prénom Après' });
    expect((await update).presence.map((p: { userId: string; displayName: string }) => [p.userId, p.displayName])).toEqual([
      [anim.id, anim.name],
      [renamed.id, 'Prénom Après'],
    ]);
    s.close();
    watcher.close();
  });
});

