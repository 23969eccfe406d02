import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { TestClient, goodPassword, signUp } from '../support/client.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';

const DAY = 86_400_000;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());
beforeEach(async () => {
  await server.ctx.sql`delete from rate_limits`;
});

const sessionIdOf = (c: TestClient) => c.cookie('maillage_session')!.split('.')[0]!;
const sessionCookieOf = (h: Headers) => h.getSetCookie().find((c) => c.startsWith('maillage_session='));
const cookieExpiry = (cookie: string) => Date.parse(/expires=([^;]+)/i.exec(cookie)![1]!);

async function sessionRow(id: string) {
  const [row] = await server.ctx.sql<{ createdAt: Date; expiresAt: Date; lastUsedAt: Date }[]>`
    select created_at, expires_at, last_used_at from sessions where id = ${id}`;
  return row;
}

/** Moves a session in time: created `createdDaysAgo` days ago, expiring in `expiresInDays` days. */
async function age(id: string, createdDaysAgo: number, expiresInDays: number) {
  const now = Date.now();
  await server.ctx.sql`update sessions set
    created_at = ${new Date(now - createdDaysAgo * DAY)},
    last_used_at = ${new Date(now - Math.min(createdDaysAgo, 1) * DAY)},
    expires_at = ${new Date(now + expiresInDays * DAY)}
    where id = ${id}`;
}

describe('sliding expiry with an absolute cap', () => {
  test('a session with less than 15 days left is renewed to now + 30 days, with a new cookie', async () => {
    const { client, id } = await signUp(server.url);
    const sid = sessionIdOf(client);
    await age(sid, 20, 10);
    const res = await client.get('/api/auth/me');
    expect(res.body.user.id).toBe(id);
    const cookie = sessionCookieOf(res.headers);
    expect(cookie).toBeDefined();
    // Same token, later expiry.
    expect(cookie!.split(';')[0]).toBe(`maillage_session=${client.cookie('maillage_session')}`);
    expect(Math.abs(cookieExpiry(cookie!) - (Date.now() + 30 * DAY))).toBeLessThan(120_000);
    const row = await sessionRow(sid);
    expect(Math.abs(row!.expiresAt.getTime() - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    expect(Date.now() - row!.lastUsedAt.getTime()).toBeLessThan(60_000);
  });

  test('a session with more than 15 days left is not renewed (no cookie sent) but its last use is recorded', async () => {
    const { client } = await signUp(server.url);
    const sid = sessionIdOf(client);
    await age(sid, 10, 20);
    const before = await sessionRow(sid);
    const res = await client.get('/api/auth/me');
    expect(res.body.user).not.toBeNull();
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    const after = await sessionRow(sid);
    expect(after!.expiresAt.getTime()).toBe(before!.expiresAt.getTime());
    expect(Date.now() - after!.lastUsedAt.getTime()).toBeLessThan(60_000);
  });

  test('a session near its 90-day cap is extended only up to created_at + 90 days', async () => {
    const { client } = await signUp(server.url);
    const sid = sessionIdOf(client);
    await age(sid, 85, 2);
    const { createdAt } = (await sessionRow(sid))!;
    const cap = createdAt.getTime() + 90 * DAY;
    const res = await client.get('/api/auth/me');
    expect(res.body.user).not.toBeNull();
    const cookie = sessionCookieOf(res.headers);
    expect(cookie).toBeDefined();
    expect(Math.abs(cookieExpiry(cookie!) - cap)).toBeLessThan(1000);
    const row = await sessionRow(sid);
    expect(row!.expiresAt.getTime()).toBe(cap);
    // At the cap, further use does not extend it any more.
    const again = await client.get('/api/auth/me');
    expect(sessionCookieOf(again.headers)).toBeUndefined();
    expect((await sessionRow(sid))!.expiresAt.getTime()).toBe(cap);
  });

  test('a session past its cap (over 90 days old) is not extended even with days left', async () => {
    const { client } = await signUp(server.url);
    const sid = sessionIdOf(client);
    await age(sid, 89.5, 1);
    const before = (await sessionRow(sid))!;
    const res = await client.get('/api/auth/me');
    expect(res.body.user).not.toBeNull();
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    expect((await sessionRow(sid))!.expiresAt.getTime()).toBe(before.expiresAt.getTime());
  });

  test('an expired session is refused, its cookie cleared and its row deleted', async () => {
    const { client } = await signUp(server.url);
    const sid = sessionIdOf(client);
    await server.ctx.sql`update sessions set expires_at = now() - interval '1 minute' where id = ${sid}`;
    const res = await client.get('/api/auth/me');
    expect(res.body.user).toBeNull();
    expect(sessionCookieOf(res.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await sessionRow(sid)).toBeUndefined();
    const again = new TestClient(server.url);
    again.setCookie('maillage_session', `${sid}.${'a'.repeat(24)}`);
    expect((await again.get('/api/auth/sessions')).body.error.code).toBe('unauthenticated');
  });

  test('a wrong secret for an existing session id is refused and leaves the session alone', async () => {
    const { client } = await signUp(server.url);
    const sid = sessionIdOf(client);
    const forger = new TestClient(server.url);
    forger.setCookie('maillage_session', `${sid}.${'b'.repeat(24)}`);
    const res = await forger.get('/api/auth/sessions');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(await sessionRow(sid)).toBeDefined();
    expect((await client.get('/api/auth/me')).body.user).not.toBeNull();
  });
});

describe('sessions list', () => {
  test('shows each session with its device, last use and which one is current', async () => {
    const { client, email } = await signUp(server.url);
    const firefox = new TestClient(server.url, undefined, 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0');
    await firefox.post('/api/auth/login', { email, password: goodPassword });
    await server.ctx.sql`update sessions set last_used_at = now() - interval '2 hours' where id = ${sessionIdOf(firefox)}`;

    const res = await client.get('/api/auth/sessions');
    expect(res.status).toBe(200);
    const sessions = res.body.sessions as { id: string; device: string; current: boolean; lastUsedAt: string; createdAt: string }[];
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s) => s.id === sessionIdOf(client))!;
    const other = sessions.find((s) => s.id === sessionIdOf(firefox))!;
    expect(mine).toMatchObject({ device: 'Chrome · Linux', current: true });
    expect(other).toMatchObject({ device: 'Firefox · Android', current: false });
    expect(Date.now() - Date.parse(other.lastUsedAt)).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(Date.now() - Date.parse(other.lastUsedAt)).toBeLessThan(2 * 3600_000 + 60_000);
    expect(Date.now() - Date.parse(mine.lastUsedAt)).toBeLessThan(60_000);
    // Most recently used first; no secret material in the view.
    expect(sessions[0]!.id).toBe(mine.id);
    for (const s of sessions) expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'device', 'id', 'lastUsedAt']);
    // Seen from the other session, the flags swap.
    const fromOther = (await firefox.get('/api/auth/sessions')).body.sessions as { id: string; current: boolean }[];
    expect(fromOther.find((s) => s.current)!.id).toBe(other.id);
  });

  test('ending one of my sessions by id ends only that one', async () => {
    const { client, email, id } = await signUp(server.url);
    const other = new TestClient(server.url);
    await other.post('/api/auth/login', { email, password: goodPassword });
    const otherId = sessionIdOf(other);
    const res = await client.delete(`/api/auth/sessions/${otherId}`);
    expect(res.status).toBe(204);
    // Ending another session leaves my cookie alone.
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    expect((await other.get('/api/auth/me')).body.user).toBeNull();
    expect((await client.get('/api/auth/me')).body.user.id).toBe(id);
    const again = await client.delete(`/api/auth/sessions/${otherId}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  test('ending my current session by id logs me out', async () => {
    const { client } = await signUp(server.url);
    const res = await client.delete(`/api/auth/sessions/${sessionIdOf(client)}`);
    expect(res.status).toBe(204);
    expect(sessionCookieOf(res.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await client.get('/api/auth/me')).body.user).toBeNull();
    expect((await client.get('/api/auth/sessions')).status).toBe(401);
  });

  test('another member’s session id gives 404 not_found and nothing is deleted', async () => {
    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    const before = await snapshot(server, ['users', 'sessions']);
    const res = await alice.client.delete(`/api/auth/sessions/${sessionIdOf(bob.client)}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    // The lookup by Alice touched nothing; compare without last-use times Alice's own request may record.
    const after = await snapshot(server, ['users', 'sessions']);
    expect(after.users).toEqual(before.users);
    expect((after.sessions as { id: string }[]).map((s) => s.id)).toEqual((before.sessions as { id: string }[]).map((s) => s.id));
    expect((await bob.client.get('/api/auth/me')).body.user.id).toBe(bob.id);
    const missing = await alice.client.delete(`/api/auth/sessions/${'z'.repeat(24)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
