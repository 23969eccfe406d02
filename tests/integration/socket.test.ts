import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient, goodPassword, signUp } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { connectOk, connectSocket, emitAck, nextConnectOutcome, waitForDisconnect, type TestSocket } from '../support/socket.ts';

let server: TestServer;
const sockets: TestSocket[] = [];
const track = (s: TestSocket) => (sockets.push(s), s);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

const transports = ['polling', 'websocket'] as const;
const sessionIdOf = (c: TestClient) => c.cookie('maillage_session')!.split('.')[0]!;

/** Resolves true once the socket receives `session:ended`, false if it never does before it disconnects plus a grace. */
function sawSessionEnded(socket: TestSocket): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('session:ended', () => resolve(true));
    socket.once('disconnect', () => setTimeout(() => resolve(false), 200));
  });
}

/** A raw engine.io websocket upgrade, to see what the server answers without any client library. */
function rawWebsocket(origin: string | undefined): Promise<{ opened: boolean; status?: number; body?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers: origin ? { origin } : {},
    });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ opened: false, status: res.statusCode, body }));
    });
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('handshake', () => {
  test.each(transports)('refused without a session (%s)', async (transport) => {
    const r = await connectSocket(server.url, { transport });
    expect(r.connected).toBe(false);
    if (r.connected) return;
    expect(r.error.message).toBe('unauthenticated');
    expect(r.error.data?.code).toBe('unauthenticated');
  });

  test.each(transports)('refused with a forged or unknown session cookie (%s)', async (transport) => {
    const { client } = await signUp(server.url);
    const [id] = client.cookie('maillage_session')!.split('.');
    const forged = `maillage_session=${id}.${'a'.repeat(24)}`;
    const r = await connectSocket(server.url, { transport, cookie: forged });
    expect(r.connected).toBe(false);
    if (!r.connected) expect(r.error.message).toBe('unauthenticated');
  });

  test.each(transports)('refused with a foreign or missing Origin, even with a valid session (%s)', async (transport) => {
    const { client } = await signUp(server.url);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, null]) {
      const r = await connectSocket(server.url, { transport, origin, cookie: client.cookieHeader() });
      expect(r.connected, `origin ${origin}`).toBe(false);
    }
    // Same cookie, our Origin: accepted, so the refusals above were about the Origin alone
    // (and the client library really sends these headers on this transport).
    const ok = await connectSocket(server.url, { transport, cookie: client.cookieHeader() });
    expect(ok.connected).toBe(true);
    ok.socket.close();
  });

  test('the engine.io handshake itself refuses a foreign Origin on both transports', async () => {
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'http://evil.example' } });
    expect(polling.status).toBe(403);
    expect(await polling.text()).toContain('origin_not_allowed');
    const pollingNoOrigin = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(pollingNoOrigin.status).toBe(403);
    const pollingOk = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: server.origin } });
    expect(pollingOk.status).toBe(200);

    const ws = await rawWebsocket('http://evil.example');
    expect(ws.opened).toBe(false);
    expect(ws.status).toBe(400);
    expect(ws.body).toContain('origin_not_allowed');
    expect((await rawWebsocket(undefined)).opened).toBe(false);
    expect((await rawWebsocket(server.origin)).opened).toBe(true);
  });

  test.each(transports)('accepted with a valid session and our Origin; me:get acks the member (%s)', async (transport) => {
    const { client, id, email } = await signUp(server.url, 'Socket Member');
    const socket = track(await connectOk(server.url, { transport, cookie: client.cookieHeader() }));
    expect(socket.io.engine.transport.name).toBe(transport);
    // Several round trips: the polling transport makes an HTTP request for each.
    for (let i = 0; i < 5; i++) {
      const ack = await emitAck(socket, 'me:get', {});
      expect(ack).toMatchObject({ ok: true, data: { id, email, displayName: 'Socket Member', role: 'member' } });
    }
    socket.close();
  });
});

/**
 * Recovery needs the client to hold an offset, which only a broadcast carries: send one to
 * the member's room and wait for it.
 */
async function giveOffset(socket: TestSocket, userId: string) {
  const got = new Promise<void>((resolve) => (socket as unknown as { once(e: string, f: () => void): void }).once('test:offset', resolve));
  (server.realtime.io.to(`user:${userId}`) as unknown as { emit(e: string): void }).emit('test:offset');
  await got;
  expect((socket as unknown as { _pid?: string; _lastOffset?: string })._pid).toBeTruthy();
  expect((socket as unknown as { _lastOffset?: string })._lastOffset).toBeTruthy();
}

describe('revocation', () => {
  async function memberWithSocket() {
    const m = await signUp(server.url);
    const socket = track(await connectOk(server.url, { cookie: m.client.cookieHeader() }));
    return { ...m, socket };
  }

  async function expectEndedAndRefused(socket: TestSocket, cookie: string, ended: Promise<boolean>, withinMs: number) {
    const t0 = Date.now();
    await waitForDisconnect(socket, withinMs);
    expect(Date.now() - t0).toBeLessThan(withinMs);
    expect(await ended).toBe(true);
    for (const transport of transports) {
      const again = await connectSocket(server.url, { transport, cookie });
      expect(again.connected).toBe(false);
      if (!again.connected) expect(again.error.message).toBe('unauthenticated');
    }
  }

  test('log-out over HTTP disconnects the socket of that session', async () => {
    const { client, socket } = await memberWithSocket();
    const cookie = client.cookieHeader();
    const ended = sawSessionEnded(socket);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    await expectEndedAndRefused(socket, cookie, ended, 3000);
  });

  test('ending the session by id disconnects its socket, not the other session of the member', async () => {
    const { client, email, socket } = await memberWithSocket();
    const other = new TestClient(server.url);
    expect((await other.post('/api/auth/login', { email, password: goodPassword })).status).toBe(200);
    const otherSocket = track(await connectOk(server.url, { cookie: other.cookieHeader() }));
    const cookie = client.cookieHeader();
    const ended = sawSessionEnded(socket);
    expect((await other.delete(`/api/auth/sessions/${sessionIdOf(client)}`)).status).toBe(204);
    await expectEndedAndRefused(socket, cookie, ended, 3000);
    expect(otherSocket.connected).toBe(true);
    expect((await emitAck(otherSocket, 'me:get', {})).ok).toBe(true);
  });

  test('log-out everywhere disconnects every socket of the member', async () => {
    const { client, email, socket } = await memberWithSocket();
    const other = new TestClient(server.url);
    await other.post('/api/auth/login', { email, password: goodPassword });
    const otherSocket = track(await connectOk(server.url, { cookie: other.cookieHeader() }));
    const bystander = await memberWithSocket();
    const cookies = [client.cookieHeader(), other.cookieHeader()];
    const ended = [sawSessionEnded(socket), sawSessionEnded(otherSocket)];
    expect((await client.post('/api/auth/logout-everywhere')).status).toBe(204);
    await expectEndedAndRefused(socket, cookies[0]!, ended[0]!, 3000);
    await expectEndedAndRefused(otherSocket, cookies[1]!, ended[1]!, 3000);
    expect((await emitAck(bystander.socket, 'me:get', {})).ok).toBe(true);
  });

  test('a password change from another session disconnects the other sessions, keeps its own', async () => {
    const { client, email, socket } = await memberWithSocket();
    const changer = new TestClient(server.url);
    await changer.post('/api/auth/login', { email, password: goodPassword });
    const changerSocket = track(await connectOk(server.url, { cookie: changer.cookieHeader() }));
    const cookie = client.cookieHeader();
    const ended = sawSessionEnded(socket);
    const res = await changer.post('/api/auth/password', { currentPassword: goodPassword, newPassword: 'Aubrac-plateau 2024 vaches' });
    expect(res.status).toBe(200);
    expect(res.body.endedSessions).toBe(1);
    await expectEndedAndRefused(socket, cookie, ended, 3000);
    expect(changerSocket.connected).toBe(true);
    expect((await emitAck(changerSocket, 'me:get', {})).ok).toBe(true);
  });

  test('a session row deleted directly in the database (another process) disconnects within ~5 s', async () => {
    const { client, socket } = await memberWithSocket();
    const cookie = client.cookieHeader();
    const ended = sawSessionEnded(socket);
    await server.ctx.sql`delete from sessions where id = ${sessionIdOf(client)}`;
    await expectEndedAndRefused(socket, cookie, ended, 5500);
  });

  test('an expired session (expires_at moved to the past in SQL) is swept too', async () => {
    const { client, socket } = await memberWithSocket();
    const ended = sawSessionEnded(socket);
    await server.ctx.sql`update sessions set expires_at = now() - interval '1 second' where id = ${sessionIdOf(client)}`;
    await expectEndedAndRefused(socket, client.cookieHeader(), ended, 5500);
  });

  test('connection-state recovery restores a live session but never a revoked one', async () => {
    // Control: a dropped transport reconnects by itself and is recovered (same id, pid sent).
    const a = await signUp(server.url);
    const sa = track(await connectOk(server.url, { cookie: a.client.cookieHeader(), reconnection: true }));
    await giveOffset(sa, a.id);
    const idBefore = sa.id;
    sa.io.engine.close();
    const outcomeA = await nextConnectOutcome(sa);
    expect(outcomeA.connected).toBe(true);
    expect(sa.recovered).toBe(true);
    expect(sa.id).toBe(idBefore);
    expect((await emitAck(sa, 'me:get', {})).ok).toBe(true);

    // Revoked while the transport is down: the automatic reconnection, which sends the
    // pid/offset of the recoverable state, is refused.
    const b = await signUp(server.url);
    const sb = track(await connectOk(server.url, { cookie: b.client.cookieHeader(), reconnection: true }));
    await giveOffset(sb, b.id);
    sb.io.reconnectionDelay(1500);
    sb.io.reconnectionDelayMax(1500);
    sb.io.randomizationFactor(0);
    const outcome = nextConnectOutcome(sb);
    sb.io.engine.close();
    await server.ctx.sql`delete from sessions where id = ${sessionIdOf(b.client)}`;
    const r = await outcome;
    expect(r.connected).toBe(false);
    expect(r.error?.message).toBe('unauthenticated');
    expect(sb.connected).toBe(false);

    // Revoked by the server (forced close, a recoverable reason): reconnecting with the
    // same client and its pid is refused as well.
    const c = await signUp(server.url);
    const sc = track(await connectOk(server.url, { cookie: c.client.cookieHeader(), reconnection: true }));
    await giveOffset(sc, c.id);
    const gone = waitForDisconnect(sc, 3000);
    await c.client.post('/api/auth/logout');
    await gone;
    const again = nextConnectOutcome(sc);
    sc.connect();
    const rc = await again;
    expect(rc.connected).toBe(false);
    expect(rc.error?.message).toBe('unauthenticated');
  });
});

describe('flooding', () => {
  test('a flooding socket gets rate_limited acks and is cut off; another member is served promptly meanwhile', async () => {
    const flooder = await signUp(server.url);
    const calm = await signUp(server.url);
    const fs = track(await connectOk(server.url, { cookie: flooder.client.cookieHeader() }));
    const cs = track(await connectOk(server.url, { cookie: calm.client.cookieHeader() }));

    const acks: { ok: boolean; code?: string }[] = [];
    const disconnected = waitForDisconnect(fs, 15_000);
    for (let i = 0; i < 2000; i++) {
      (fs as unknown as { emit(e: string, p: unknown, cb: (a: any) => void): void }).emit('me:get', {}, (a) =>
        acks.push({ ok: a.ok, code: a.error?.code }),
      );
    }

    const rtts: number[] = [];
    let flooding = true;
    void disconnected.finally(() => (flooding = false)).catch(() => {});
    const deadline = Date.now() + 15_000;
    while ((flooding || rtts.length < 10) && Date.now() < deadline) {
      const t0 = Date.now();
      const ack = await emitAck(cs, 'me:get', {});
      rtts.push(Date.now() - t0);
      expect(ack.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 20));
    }

    await disconnected;
    expect(acks.filter((a) => a.code === 'rate_limited').length).toBeGreaterThan(0);
    // The burst allowance is 40, so most of the 2000 were refused or never answered.
    expect(acks.filter((a) => a.ok).length).toBeLessThan(200);
    expect(rtts.length).toBeGreaterThanOrEqual(10);
    // Behavioural bounds, not a benchmark: generous enough for a loaded CI machine, far
    // below what a blocked event loop (the flood handled before anyone else) would give.
    const sorted = [...rtts].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(500);
    expect(sorted[sorted.length - 1]).toBeLessThan(2000);
    expect(cs.connected).toBe(true);
  });
});
