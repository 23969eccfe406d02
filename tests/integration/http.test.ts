import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Limits } from '../../shared/limits.ts';
import { TestClient, goodPassword, signUp, uniqueEmail } from '../support/client.ts';
import { freePort } from '../support/ports.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshotAll } from '../support/state.ts';

let server: TestServer;
/** Served over https in production terms (PUBLIC_URL), with LiveKit configured; reached here over http. */
let secure: TestServer;
let securePort: number;

beforeAll(async () => {
  securePort = await freePort();
  // One after the other: an embedded database starting blocks this thread for a while,
  // long enough for the other server's first connection to time out.
  server = await startTestServer();
  secure = await startTestServer({
    PORT: String(securePort),
    PUBLIC_URL: 'https://maillage.test',
    // The test reaches it on loopback, so that origin must be allowed too.
    ALLOWED_ORIGINS: `http://127.0.0.1:${securePort}`,
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'test-key',
    LIVEKIT_API_SECRET: 'test-secret-of-at-least-32-characters!!',
  });
});
afterAll(async () => {
  await Promise.all([server?.stop(), secure?.stop()]);
});

const secureUrl = () => `http://127.0.0.1:${securePort}`;

function expectErrorShape(body: any, code: string) {
  expect(body?.error?.code, JSON.stringify(body)).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
}

/** A raw request, for bodies and headers fetch would not send as given. */
function raw(
  url: string,
  opts: { method: string; path: string; headers: Record<string, string | number>; body?: Buffer | string; chunked?: boolean },
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, method: opts.method, path: opts.path, headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode!, body, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) {
      if (opts.chunked) {
        const b = Buffer.from(opts.body);
        for (let i = 0; i < b.length; i += 16 * 1024) req.write(b.subarray(i, i + 16 * 1024));
      } else req.write(opts.body);
    }
    req.end();
  });
}

describe('health', () => {
  test('/healthz answers 200, /readyz answers 200 with the database up', async () => {
    const h = await fetch(`${server.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ready', database: 'up' });
  });
});

describe('errors keep one shape', () => {
  test('unknown /api routes give 404 not_found in the error shape, whatever the method', async () => {
    const client = new TestClient(server.url);
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/auth/nope'],
      ['POST', '/api/nope'],
      ['DELETE', '/api/auth/sessions'],
      ['PUT', '/api/auth/me'],
    ] as const) {
      const res = await client.request(method, path, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(404);
      expectErrorShape(res.body, 'not_found');
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
  });

  test('malformed JSON gives 400 invalid_json', async () => {
    const client = new TestClient(server.url);
    for (const rawBody of ['{', '{"email": }', "{'a': 1}", '{"a":1}}', 'nul']) {
      const res = await client.request('POST', '/api/auth/login', undefined, { rawBody });
      expect(res.status, rawBody).toBe(400);
      expectErrorShape(res.body, 'invalid_json');
    }
  });

  test('a body the parser cannot decode gives 400 bad_request, not a 500', async () => {
    const base = { method: 'POST', path: '/api/auth/login', headers: { origin: server.origin } };
    const charset = await raw(server.url, { ...base, headers: { ...base.headers, 'content-type': 'application/json; charset=latin1' }, body: '{}' });
    expect(charset.status).toBe(400);
    expectErrorShape(charset.body, 'bad_request');
    const encoding = await raw(server.url, {
      ...base,
      headers: { ...base.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    });
    expect(encoding.status).toBe(400);
    expectErrorShape(encoding.body, 'bad_request');
  });

  test('bodies over 100 KB get 413 payload_too_large, JSON or not, declared or streamed; nothing written', async () => {
    const before = await snapshotAll(server);
    const big = JSON.stringify({ email: uniqueEmail(), displayName: 'Big', password: goodPassword, pad: 'x'.repeat(Limits.bodyBytes) });
    const cases: { label: string; headers: Record<string, string | number>; body: string; chunked?: boolean }[] = [
      { label: 'JSON with Content-Length', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }, body: big },
      { label: 'text/plain with Content-Length', headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(big) }, body: big },
      { label: 'octet-stream with Content-Length', headers: { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(big) }, body: big },
      { label: 'JSON streamed without Content-Length', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: big, chunked: true },
    ];
    for (const c of cases) {
      const res = await raw(server.url, { method: 'POST', path: '/api/auth/signup', headers: { origin: server.origin, ...c.headers }, body: c.body, chunked: c.chunked });
      expect(res.status, c.label).toBe(413);
      expectErrorShape(res.body, 'payload_too_large');
    }
    // Just under the limit is read (and refused for its unknown field, not its size).
    const fits = JSON.stringify({ email: uniqueEmail(), pad: 'x'.repeat(Limits.bodyBytes - 100) });
    const ok = await raw(server.url, {
      method: 'POST',
      path: '/api/auth/signup',
      headers: { origin: server.origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(fits) },
      body: fits,
    });
    expect(ok.status).toBe(400);
    expectErrorShape(ok.body, 'validation_failed');
    expect(await snapshotAll(server)).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('security headers', () => {
  const csp = (h: Headers) =>
    Object.fromEntries(
      (h.get('content-security-policy') ?? '')
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [name, ...values] = d.split(/\s+/);
          return [name!, values];
        }),
    ) as Record<string, string[]>;

  test('on pages, API answers and errors: CSP self only, nosniff, no framing, no X-Powered-By', async () => {
    for (const path of ['/healthz', '/api/auth/me', '/api/nope']) {
      const res = await fetch(server.url + path);
      const p = csp(res.headers);
      expect(p['default-src'], path).toEqual(["'self'"]);
      expect(p['connect-src']).toEqual(["'self'"]);
      expect(p['script-src']).toEqual(["'self'"]);
      expect(p['frame-ancestors']).toEqual(["'none'"]);
      expect(p['object-src']).toEqual(["'none'"]);
      expect(p['upgrade-insecure-requests']).toBeUndefined();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
      // Plain http: no HSTS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  test('with LiveKit configured, connect-src adds its URL (and only it); https adds HSTS and upgrade-insecure-requests', async () => {
    const res = await fetch(`${secureUrl()}/healthz`);
    const p = csp(res.headers);
    expect(p['connect-src']).toContain("'self'");
    expect(p['connect-src']).toContain('ws://127.0.0.1:7880');
    expect(p['connect-src']).toContain('http://127.0.0.1:7880');
    expect(p['connect-src']).toHaveLength(3);
    expect(p['default-src']).toEqual(["'self'"]);
    expect(p['upgrade-insecure-requests']).toEqual([]);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  test('an unsigned LiveKit webhook is refused and writes nothing', async () => {
    const before = await snapshotAll(secure);
    const res = await raw(secureUrl(), {
      method: 'POST',
      path: '/api/livekit/webhook',
      headers: { 'content-type': 'application/webhook+json' },
      body: JSON.stringify({ id: 'EV_forged', event: 'room_finished', room: { name: 'x' } }),
    });
    expect(res.status).toBe(401);
    expectErrorShape(res.body, 'unauthenticated');
    expect(await snapshotAll(secure)).toEqual(before);
  });
});

describe('session cookie over https', () => {
  test('takes the __Host- prefix and Secure, host-only, Path=/, HttpOnly, SameSite=Lax', async () => {
    const client = new TestClient(secureUrl());
    const res = await client.post('/api/auth/signup', { email: uniqueEmail(), displayName: 'Secure', password: goodPassword });
    expect(res.status).toBe(201);
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('maillage_session='))).toBe(false);
    const cookie = cookies.find((c) => c.startsWith('__Host-maillage_session='))!;
    expect(cookie).toBeDefined();
    const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
    for (const a of ['secure', 'httponly', 'samesite=lax', 'path=/']) expect(attrs, a).toContain(a);
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    // The server reads that cookie, and only that one.
    expect((await client.get('/api/auth/me')).body.user.displayName).toBe('Secure');
    const plain = new TestClient(secureUrl());
    plain.setCookie('maillage_session', client.cookie('__Host-maillage_session')!);
    expect((await plain.get('/api/auth/me')).body.user).toBeNull();
    // The public https origin is allowed as well as the extra one.
    const fromPublic = new TestClient(secureUrl(), 'https://maillage.test');
    expect((await fromPublic.post('/api/auth/signup', { email: uniqueEmail(), displayName: 'Pub', password: goodPassword })).status).toBe(201);
  });

  test('over plain http the cookie has no prefix and no Secure (browsers would drop it otherwise)', async () => {
    const { client } = await signUp(server.url);
    expect(client.cookie('maillage_session')).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
    expect(client.cookie('__Host-maillage_session')).toBeUndefined();
  });
});
