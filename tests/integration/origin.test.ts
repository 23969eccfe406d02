import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeRegistry, type RegisteredRoute } from '../../server/src/http/registry.ts';
import { TestClient, goodPassword, signUp, uniqueEmail } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshotAll } from '../support/state.ts';

let server: TestServer;
let member: Awaited<ReturnType<typeof signUp>>;
let otherSessionId: string;

beforeAll(async () => {
  server = await startTestServer();
  member = await signUp(server.url, 'Origin Member');
  const second = new TestClient(server.url);
  await second.post('/api/auth/login', { email: member.email, password: goodPassword });
  otherSessionId = second.cookie('maillage_session')!.split('.')[0]!;
});
afterAll(() => server?.stop());

/**
 * A body and path each route would accept from our own site, so that only the Origin
 * differs between refused and accepted requests. Routes added later get `{}`.
 */
function validRequest(r: RegisteredRoute): { path: string; body: unknown } {
  const path = r.path.replace(':id', otherSessionId).replace(/:[A-Za-z]+/g, 'a'.repeat(24));
  const bodies: Record<string, unknown> = {
    'post /api/auth/signup': { email: uniqueEmail(), displayName: 'New', password: goodPassword },
    'post /api/auth/login': { email: member.email, password: goodPassword },
    'patch /api/auth/me': { displayName: 'Renamed' },
    'post /api/auth/password': { currentPassword: goodPassword, newPassword: 'Gorges du Tarn 2001 canoë' },
    'post /api/setup/claim': { token: server.setupLink!.split('/setup/')[1] },
  };
  return { path, body: bodies[`${r.method} ${r.path}`] ?? {} };
}

const stateChanging = () => routeRegistry.filter((r) => r.method !== 'get');

describe('state-changing requests need our Origin', () => {
  test('the registry lists the state-changing routes of the foundation', () => {
    const names = stateChanging().map((r) => `${r.method} ${r.path}`);
    for (const n of ['post /api/auth/signup', 'post /api/auth/login', 'post /api/auth/logout', 'post /api/auth/logout-everywhere', 'patch /api/auth/me', 'post /api/auth/password', 'delete /api/auth/sessions/:id', 'post /api/setup/claim']) {
      expect(names).toContain(n);
    }
  });

  const badOrigins: [string, (s: TestServer) => string | null][] = [
    ['no Origin', () => null],
    ['a foreign Origin', () => 'https://evil.example'],
    ['Origin "null"', () => 'null'],
    ['our host on another port', (s) => `http://127.0.0.1:${s.port + 1}`],
    ['our host over https', (s) => s.origin.replace('http:', 'https:')],
    ['our origin with a path', (s) => `${s.origin}/`],
    ['a look-alike suffix', (s) => `${s.origin}.evil.example`],
  ];

  test.each(badOrigins)('%s → 403 origin_not_allowed on every route, nothing written', async (_label, originOf) => {
    const origin = originOf(server);
    const before = await snapshotAll(server);
    for (const r of stateChanging()) {
      const { path, body } = validRequest(r);
      const res = await member.client.request(r.method.toUpperCase(), path, body, { origin });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.error.code, `${r.method} ${r.path}`).toBe('origin_not_allowed');
      expect(typeof res.body.error.message).toBe('string');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await snapshotAll(server)).toEqual(before);
  });

  test('a Referer from our site does not replace the Origin', async () => {
    const before = await snapshotAll(server);
    const res = await member.client.request('POST', '/api/auth/logout', {}, { origin: null, headers: { referer: `${server.origin}/account` } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(await snapshotAll(server)).toEqual(before);
  });

  test('GET works without an Origin', async () => {
    const me = await member.client.request('GET', '/api/auth/me', undefined, { origin: null });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(member.id);
    const sessions = await member.client.request('GET', '/api/auth/sessions', undefined, { origin: null });
    expect(sessions.status).toBe(200);
    expect(sessions.body.sessions).toHaveLength(2);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('the same requests from our Origin get past the check (the refusals were about the Origin)', async () => {
    // Log-out and the like last, so that the session stays usable for the others.
    const order = (r: RegisteredRoute) => (/logout|sessions|password/.test(r.path) ? 1 : 0);
    for (const r of [...stateChanging()].sort((a, b) => order(a) - order(b))) {
      const { path, body } = validRequest(r);
      // Signing up or logging in would replace the member's cookie: a fresh client does those.
      const client = r.access === 'public' ? new TestClient(server.url) : member.client;
      const res = await client.request(r.method.toUpperCase(), path, body);
      expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
      expect(res.body?.error?.code, `${r.method} ${r.path}: ${JSON.stringify(res.body)}`).not.toBe('origin_not_allowed');
    }
    const [renamed] = await server.ctx.sql`select display_name from users where id = ${member.id}`;
    expect(renamed!.displayName).toBe('Renamed');
  });
});
