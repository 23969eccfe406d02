import { createHash } from 'node:crypto';
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallJoin } from '../../shared/calls.schema.ts';
import type { CallOccupancy, RoomState } from '../../shared/rooms.schema.ts';
import { TestClient } from '../support/client.ts';
import { startLiveKit, type RunningLiveKit } from '../support/livekit.ts';
import { freePort } from '../support/ports.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { animator, collect, createRoom, join, member, next, socketOf, waitFor, type Member } from './rooms.fixtures.ts';

// Rooms against a real livekit-server: call tokens, removal, and its webhooks.

let lk: RunningLiveKit;
let server: TestServer;
let owner: Member & { placeId: string };
let alice: Member;
let rooms: RoomServiceClient;
const hookPath = '/api/livekit/webhook';

beforeAll(async () => {
  // LiveKit must know where to post before the server starts, and the server must know
  // LiveKit: reserve the server's port first.
  const port = await freePort();
  lk = await startLiveKit({ webhookUrl: `http://127.0.0.1:${port}${hookPath}` });
  server = await startTestServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
  });
  rooms = new RoomServiceClient(lk.httpUrl, lk.apiKey, lk.apiSecret);
  owner = await animator(server, 'Owner');
  alice = await member(server, 'Alice');
}, 180_000); // a fresh embedded database takes long to create on a loaded machine
afterAll(async () => {
  await server?.stop();
  await lk?.stop();
});

const lkName = async (roomId: string) => (await server.ctx.sql`select livekit_room from rooms where id = ${roomId}`)[0]!.livekitRoom as string;

describe('call tokens', () => {
  test('a member of an open room gets a short-lived token with exactly the grants decided, for that room only', async () => {
    const room = await createRoom(owner);
    const t0 = Math.floor(Date.now() / 1000);
    const res = await alice.client.post(`/api/rooms/${room.id}/call`);
    expect(res.status).toBe(200);
    const join = res.body as CallJoin;
    const roomName = await lkName(room.id);
    expect(join).toMatchObject({ url: lk.url, identity: alice.id, roomName });
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(join.token);
    expect(claims.sub).toBe(alice.id);
    expect(claims.name).toBe('Alice');
    expect(claims.iss).toBe(lk.apiKey);
    expect(claims.exp! - claims.nbf!).toBe(600);
    expect(claims.exp! - t0).toBeGreaterThanOrEqual(599);
    expect(claims.exp! - t0).toBeLessThanOrEqual(602);
    expect(Date.parse(join.expiresAt)).toBe(claims.exp! * 1000);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: roomName,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
      canPublishSources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
      roomAdmin: false,
      roomCreate: false,
      roomList: false,
      roomRecord: false,
      hidden: false,
      recorder: false,
      ingressAdmin: false,
    });
    expect(claims.metadata ?? '').toBe('');
  });

  test('the real LiveKit server accepts the token; it refuses one signed with another secret', async () => {
    const room = await createRoom(owner);
    const { token } = (await alice.client.post(`/api/rooms/${room.id}/call`)).body as CallJoin;
    const good = await fetch(`${lk.httpUrl}/rtc/validate?access_token=${encodeURIComponent(token)}`);
    expect(good.status).toBe(200);
    const forged = new AccessToken(lk.apiKey, 'y'.repeat(40), { identity: alice.id, ttl: 600 });
    forged.addGrant({ roomJoin: true, room: await lkName(room.id) });
    const bad = await fetch(`${lk.httpUrl}/rtc/validate?access_token=${encodeURIComponent(await forged.toJwt())}`);
    expect(bad.status).toBe(401);
  });

  test('refused for a non-invitee of a private room, a member of another room, an archived room, and without a session', async () => {
    const priv = await createRoom(owner, { visibility: 'private' });
    const other = await createRoom(owner, { visibility: 'private' });
    await owner.client.post(`/api/rooms/${other.id}/invitations`, { userId: alice.id });
    expect((await alice.client.post(`/api/rooms/${other.id}/call`)).status).toBe(200);
    const refused = await alice.client.post(`/api/rooms/${priv.id}/call`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const archived = await createRoom(owner);
    await owner.client.post(`/api/rooms/${archived.id}/archive`);
    expect((await alice.client.post(`/api/rooms/${archived.id}/call`)).status).toBe(403);
    expect((await owner.client.post(`/api/rooms/${archived.id}/call`)).status).toBe(403);
    const anon = await new TestClient(server.url).post(`/api/rooms/${priv.id}/call`);
    expect(anon.status, JSON.stringify(anon.body)).toBe(401);
  });

  test('the room state says video is available', async () => {
    const room = await createRoom(owner);
    const s = await socketOf(server, alice);
    const state = await join(s, room.id);
    expect(state.video).toEqual({ available: true });
    s.close();
  });

  test('archiving ends the LiveKit room at once', async () => {
    const room = await createRoom(owner);
    const name = await lkName(room.id);
    await rooms.createRoom({ name, emptyTimeout: 300 });
    expect((await rooms.listRooms([name])).map((r) => r.name)).toEqual([name]);
    expect((await owner.client.post(`/api/rooms/${room.id}/archive`)).status).toBe(200);
    expect(await rooms.listRooms([name])).toEqual([]);
  });
});

/** A webhook body signed as LiveKit signs them (a JWT whose sha256 claim is the body's). */
async function signed(body: string, secret = lk.apiSecret): Promise<string> {
  const at = new AccessToken(lk.apiKey, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

let eventCounter = 0;
function participantEvent(event: 'participant_joined' | 'participant_left', roomName: string, identity: string, sid: string, id = `EV_test_${++eventCounter}_${Date.now()}`): string {
  return JSON.stringify({
    event,
    id,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_test', name: roomName },
    participant: { sid, identity, name: 'ignored' },
  });
}

async function post(body: string, headers: Record<string, string>) {
  // No Origin: LiveKit sends none; the path verifies a signature instead.
  const res = await fetch(server.url + hookPath, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

const webhookTables = ['livekit_webhook_events', 'call_participants'];

describe('webhooks', () => {
  test("LiveKit's own webhooks arrive, verify and are recorded (room_started)", async () => {
    const room = await createRoom(owner);
    const name = await lkName(room.id);
    await rooms.createRoom({ name, emptyTimeout: 60 });
    await waitFor(
      async () => (await server.ctx.sql`select 1 from livekit_webhook_events where event = 'room_started'`).length > 0,
      15_000,
      'room_started webhook from LiveKit',
    );
    await rooms.deleteRoom(name);
    await waitFor(
      async () => (await server.ctx.sql`select 1 from livekit_webhook_events where event = 'room_finished'`).length > 0,
      15_000,
      'room_finished webhook from LiveKit',
    );
  });

  test('participant events keep the call occupancy and tell the room; a replayed event counts once', async () => {
    const room = await createRoom(owner);
    const name = await lkName(room.id);
    const s = await socketOf(server, owner);
    const state: RoomState = await join(s, room.id);
    expect(state.call).toEqual([]);
    const occupancy = collect<CallOccupancy>(s, 'call:occupancy');

    const joined = participantEvent('participant_joined', name, alice.id, 'PA_1');
    const got = next<CallOccupancy>(s, 'call:occupancy');
    const first = await post(joined, { 'content-type': 'application/webhook+json', authorization: await signed(joined) });
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await got).toEqual({ roomId: room.id, participants: [{ identity: alice.id, displayName: 'Alice' }] });

    const again = await post(joined, { 'content-type': 'application/webhook+json', authorization: await signed(joined) });
    expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect((await owner.client.get(`/api/rooms/${room.id}`)).body.callCount).toBe(1);
    expect((await join(s, room.id)).call).toEqual([{ identity: alice.id, displayName: 'Alice' }]);

    // A late "left" of an older session does not remove the current one.
    const staleLeft = participantEvent('participant_left', name, alice.id, 'PA_0');
    await post(staleLeft, { 'content-type': 'application/webhook+json', authorization: await signed(staleLeft) });
    expect((await owner.client.get(`/api/rooms/${room.id}`)).body.callCount).toBe(1);

    const left = participantEvent('participant_left', name, alice.id, 'PA_1');
    const gone = next<CallOccupancy>(s, 'call:occupancy', (o) => o.participants.length === 0);
    expect((await post(left, { 'content-type': 'application/webhook+json', authorization: await signed(left) })).status).toBe(200);
    await gone;
    expect((await owner.client.get(`/api/rooms/${room.id}`)).body.callCount).toBe(0);
    expect(occupancy.length).toBe(3); // joined, stale left (unchanged list), left — never the replay
    s.close();
  });

  test('forged, unsigned, garbage, oversized and mistyped posts are refused and change nothing', async () => {
    const room = await createRoom(owner);
    const name = await lkName(room.id);
    const body = participantEvent('participant_joined', name, alice.id, 'PA_x');
    const before = await snapshot(server, webhookTables);

    const forged = await post(body, { 'content-type': 'application/webhook+json', authorization: await signed(body, 'z'.repeat(40)) });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthenticated');
    const unsigned = await post(body, { 'content-type': 'application/webhook+json' });
    expect(unsigned.status).toBe(401);
    // A valid signature of another body.
    const other = participantEvent('participant_joined', name, owner.id, 'PA_y');
    expect((await post(body, { 'content-type': 'application/webhook+json', authorization: await signed(other) })).status).toBe(401);
    expect((await post('not json at all', { 'content-type': 'application/webhook+json', authorization: 'Bearer nonsense' })).status).toBe(401);
    const garbage = 'not json at all';
    const signedGarbage = await post(garbage, { 'content-type': 'application/webhook+json', authorization: await signed(garbage) });
    expect(signedGarbage.status).toBe(400);
    const huge = JSON.stringify({ event: 'participant_joined', id: 'EV_huge', pad: 'x'.repeat(200 * 1024) });
    const big = await post(huge, { 'content-type': 'application/webhook+json', authorization: await signed(huge) });
    expect(big.status).toBe(413);
    const wrongType = await post(body, { 'content-type': 'text/plain', authorization: await signed(body) });
    expect(wrongType.status).toBe(400);
    const asJson = await post(body, { 'content-type': 'application/json', authorization: await signed(body) });
    expect(asJson.status).toBe(400);
    const noId = JSON.stringify({ event: 'room_started', room: { name } });
    expect((await post(noId, { 'content-type': 'application/webhook+json', authorization: await signed(noId) })).status).toBe(400);

    expect(await snapshot(server, webhookTables)).toEqual(before);
  });
});

describe('occupancy checked against LiveKit', () => {
  test('a participant whose "left" webhook was lost is dropped by the periodic check, and the room is told', async () => {
    // This server gets no webhook at all (LiveKit posts to the other one): every event is lost.
    const deaf = await startTestServer({ LIVEKIT_URL: lk.url, LIVEKIT_API_KEY: lk.apiKey, LIVEKIT_API_SECRET: lk.apiSecret, LIVEKIT_SYNC_SECONDS: '1' });
    try {
      const o = await animator(deaf, 'Owner');
      const room = await createRoom(o);
      const [{ livekitRoom }] = (await deaf.ctx.sql`select livekit_room from rooms where id = ${room.id}`) as unknown as [{ livekitRoom: string }];
      const s = await socketOf(deaf, o);
      expect((await join(s, room.id)).call).toEqual([]);
      // Only a correction sends this here: no webhook ever reaches this server.
      const told = next<CallOccupancy>(s, 'call:occupancy', (c) => c.roomId === room.id, 20_000);
      // What a "joined" webhook would have kept, for someone who has long left.
      await deaf.ctx.sql`insert into call_participants (livekit_room, identity, participant_sid, name, joined_at)
        values (${livekitRoom}, ${o.id}, 'PA_gone', 'Owner', now() - interval '1 minute')`;
      expect(await told).toEqual({ roomId: room.id, participants: [] });
      expect(await deaf.ctx.sql`select 1 from call_participants`).toHaveLength(0);
      expect((await o.client.get(`/api/rooms/${room.id}`)).body.callCount).toBe(0);
      s.close();
    } finally {
      await deaf.stop();
    }
  }, 180_000);
});

describe('without LiveKit', () => {
  test('not configured: the call says so (503 not_configured); the room works', async () => {
    const bare = await startTestServer();
    try {
      const o = await animator(bare, 'Owner');
      const room = await createRoom(o);
      const res = await o.client.post(`/api/rooms/${room.id}/call`);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'video_unavailable', details: { reason: 'not_configured' } });
      const s = await socketOf(bare, o);
      const state = await join(s, room.id);
      expect(state.video).toEqual({ available: false, reason: 'not_configured' });
      s.close();
      // The webhook endpoint has nothing to verify with.
      const hook = await fetch(bare.url + hookPath, { method: 'POST', headers: { 'content-type': 'application/webhook+json' }, body: '{}' });
      expect(hook.status).toBe(503);
    } finally {
      await bare.stop();
    }
  }, 180_000);

  test('configured but unreachable: 503 unreachable; the room state says so; chat keeps working', async () => {
    const deadPort = await freePort();
    const down = await startTestServer({ LIVEKIT_URL: `ws://127.0.0.1:${deadPort}`, LIVEKIT_API_KEY: 'Kdead', LIVEKIT_API_SECRET: 'x'.repeat(40) });
    try {
      const o = await animator(down, 'Owner');
      const room = await createRoom(o);
      const res = await o.client.post(`/api/rooms/${room.id}/call`);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'video_unavailable', details: { reason: 'unreachable' } });
      const s = await socketOf(down, o);
      const state = await join(s, room.id);
      expect(state.video).toEqual({ available: false, reason: 'unreachable' });
      const sent = await (s as any).timeout(5000).emitWithAck('chat:send', { roomId: room.id, clientId: crypto.randomUUID(), body: 'toujours là' });
      expect(sent.ok).toBe(true);
      s.close();
    } finally {
      await down.stop();
    }
  }, 180_000);
});
