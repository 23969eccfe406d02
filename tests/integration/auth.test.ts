import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { issueSetupToken } from '../../server/src/admin/setup.ts';
import { Policies, RateLimiter } from '../../server/src/ratelimit/ratelimit.ts';
import { AppError } from '../../server/src/errors.ts';
import { TestClient, goodPassword, signUp, uniqueEmail } from '../support/client.ts';
import { usingPostgresServer } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  // Loopback is the proxy here: with TRUST_PROXY=1 the last X-Forwarded-For hop is the client.
  // One after the other: an embedded database starting blocks this thread for a while,
  // long enough for the other server's first connection to time out.
  server = await startTestServer();
  proxied = await startTestServer({ TRUST_PROXY: '1' });
});
afterAll(async () => {
  await Promise.all([server?.stop(), proxied?.stop()]);
});
// Every request here comes from 127.0.0.1: start each test with fresh counters so that
// the per-IP limits are only reached where a test means to reach them.
beforeEach(async () => {
  await server.ctx.sql`delete from rate_limits`;
  await proxied.ctx.sql`delete from rate_limits`;
});

const setCookies = (h: Headers) => h.getSetCookie();
const sessionCookieOf = (h: Headers) => setCookies(h).find((c) => c.startsWith('maillage_session='));
const tokenOf = (c: TestClient) => c.cookie('maillage_session')!;
const countRows = async (s: TestServer, table: string) => Number((await s.ctx.sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n);

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.body?.error?.code, JSON.stringify(res.body)).toBe(code);
  expect(res.status).toBe(status);
  expect(typeof res.body.error.message).toBe('string');
}

describe('sign-up', () => {
  test('201, the member, and an HttpOnly SameSite=Lax Path=/ session cookie without Secure over http', async () => {
    const client = new TestClient(server.url);
    const email = uniqueEmail();
    const res = await client.post('/api/auth/signup', { email, displayName: '  Lucie  ', password: goodPassword, locale: 'en' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, displayName: 'Lucie', role: 'member', locale: 'en', emailVerified: false });
    const cookie = sessionCookieOf(res.headers)!;
    expect(cookie).toBeDefined();
    const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a === 'secure')).toBe(false);
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    const expires = Date.parse(attrs.find((a) => a.startsWith('expires='))!.slice('expires='.length));
    expect(Math.abs(expires - (Date.now() + 30 * 86400_000))).toBeLessThan(120_000);
    expect(setCookies(res.headers).some((c) => c.startsWith('__Host-'))).toBe(false);
    // The cookie is the session: /me knows the member.
    expect((await client.get('/api/auth/me')).body.user.email).toBe(email);
  });

  test('passwords under 10 characters are refused with validation_failed, nothing stored', async () => {
    const before = await countRows(server, 'users');
    const res = await new TestClient(server.url).post('/api/auth/signup', { email: uniqueEmail(), displayName: 'Short', password: 'Abc-12345' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('password');
    expect(await countRows(server, 'users')).toBe(before);
  });

  test.each(['password123', 'azertyuiop', 'PassWord123', 'AZERTYUIOP'])('the common password %s is refused with weak_password', async (password) => {
    const before = [await countRows(server, 'users'), await countRows(server, 'sessions')];
    const res = await new TestClient(server.url).post('/api/auth/signup', { email: uniqueEmail(), displayName: 'Weak', password });
    expectError(res, 400, 'weak_password');
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    expect([await countRows(server, 'users'), await countRows(server, 'sessions')]).toEqual(before);
  });

  test('the password is stored as argon2id (OWASP profile), never in clear', async () => {
    const { id } = await signUp(server.url);
    const [row] = await server.ctx.sql<{ passwordHash: string }[]>`select password_hash from users where id = ${id}`;
    expect(row!.passwordHash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(row!.passwordHash).not.toContain(goodPassword);
  });

  test('an e-mail already used, in any case, gives 409 email_taken and no second account', async () => {
    const { email } = await signUp(server.url);
    const before = await countRows(server, 'users');
    for (const variant of [email, email.toUpperCase(), `  ${email.replace(/^./, (c) => c.toUpperCase())} `]) {
      const res = await new TestClient(server.url).post('/api/auth/signup', { email: variant, displayName: 'Twin', password: goodPassword });
      expectError(res, 409, 'email_taken');
      expect(sessionCookieOf(res.headers)).toBeUndefined();
    }
    expect(await countRows(server, 'users')).toBe(before);
  });

  test('an address stored with capitals (older rows, operator tools) still counts as taken', async () => {
    const stored = `Mixed.Case.${Date.now()}@Example.org`;
    await server.ctx.sql`insert into users (email, display_name, password_hash) values (${stored}, 'Legacy', null)`;
    const res = await new TestClient(server.url).post('/api/auth/signup', { email: stored.toLowerCase(), displayName: 'Twin', password: goodPassword });
    expectError(res, 409, 'email_taken');
    expect(await server.ctx.sql`select id from users where lower(email) = ${stored.toLowerCase()}`).toHaveLength(1);
  });
});

describe('log-in and log-out', () => {
  test('every log-in gives a new token; earlier sessions stay, separately', async () => {
    const { client: first, email, id } = await signUp(server.url);
    const tokens = [tokenOf(first)];
    const clients = [first];
    for (let i = 0; i < 2; i++) {
      const c = new TestClient(server.url);
      const res = await c.post('/api/auth/login', { email: email.toUpperCase(), password: goodPassword });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(id);
      expect(sessionCookieOf(res.headers)).toBeDefined();
      tokens.push(tokenOf(c));
      clients.push(c);
    }
    // Logging in again from a client that already has a session replaces its token too.
    const again = await first.post('/api/auth/login', { email, password: goodPassword });
    expect(again.status).toBe(200);
    tokens.push(tokenOf(first));
    expect(new Set(tokens).size).toBe(4);
    const rows = await server.ctx.sql`select id from sessions where user_id = ${id}`;
    expect(rows.map((r) => r.id).sort()).toEqual(tokens.map((t) => t.split('.')[0]).sort());
    for (const c of clients) expect((await c.get('/api/auth/me')).body.user.id).toBe(id);
  });

  test('a wrong password and an unknown e-mail get the same status, code and message', async () => {
    const { email } = await signUp(server.url);
    const wrong = await new TestClient(server.url).post('/api/auth/login', { email, password: 'not the right one at all' });
    const unknown = await new TestClient(server.url).post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'not the right one at all' });
    expectError(wrong, 401, 'invalid_credentials');
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect(sessionCookieOf(wrong.headers)).toBeUndefined();
    expect(sessionCookieOf(unknown.headers)).toBeUndefined();
  });

  test('only the SHA-256 of the secret is stored; the row holds no token', async () => {
    const { client, id } = await signUp(server.url);
    const [sessionId, secret] = tokenOf(client).split('.');
    const [row] = await server.ctx.sql.unsafe(`select * from sessions where user_id = $1`, [id]);
    expect(row!.id).toBe(sessionId);
    expect(Buffer.from(row!.secretHash).toString('hex')).toBe(createHash('sha256').update(secret!).digest('hex'));
    const everything = JSON.stringify(row, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(tokenOf(client));
  });

  test('log-out ends the session: the cookie is cleared and no longer works', async () => {
    const { client, id } = await signUp(server.url);
    const stolen = new TestClient(server.url);
    stolen.setCookie('maillage_session', tokenOf(client));
    const res = await client.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(sessionCookieOf(res.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await server.ctx.sql`select id from sessions where user_id = ${id}`).toHaveLength(0);
    expect((await stolen.get('/api/auth/me')).body.user).toBeNull();
    expectError(await stolen.get('/api/auth/sessions'), 401, 'unauthenticated');
    expectError(await stolen.post('/api/auth/logout'), 401, 'unauthenticated');
  });

  test('log-out everywhere ends every session of the member and no one else’s', async () => {
    const { client, email, id } = await signUp(server.url);
    const others = [new TestClient(server.url), new TestClient(server.url)];
    for (const c of others) await c.post('/api/auth/login', { email, password: goodPassword });
    const bystander = await signUp(server.url);
    expect((await client.post('/api/auth/logout-everywhere')).status).toBe(204);
    expect(await server.ctx.sql`select id from sessions where user_id = ${id}`).toHaveLength(0);
    for (const c of [client, ...others]) expectError(await c.get('/api/auth/sessions'), 401, 'unauthenticated');
    for (const c of others) expect((await c.get('/api/auth/me')).body.user).toBeNull();
    expect((await bystander.client.get('/api/auth/me')).body.user.id).toBe(bystander.id);
  });
});

describe('change password', () => {
  const newPassword = 'Margeride-granit 1999 loups';

  test('needs the current password', async () => {
    const { client, id } = await signUp(server.url);
    const [before] = await server.ctx.sql`select password_hash from users where id = ${id}`;
    expectError(await client.post('/api/auth/password', { currentPassword: 'wrong wrong wrong', newPassword }), 401, 'invalid_credentials');
    expectError(await client.post('/api/auth/password', { currentPassword: goodPassword, newPassword: 'azertyuiop' }), 400, 'weak_password');
    expectError(await client.post('/api/auth/password', { currentPassword: goodPassword, newPassword: 'short' }), 400, 'validation_failed');
    const [after] = await server.ctx.sql`select password_hash from users where id = ${id}`;
    expect(after!.passwordHash).toBe(before!.passwordHash);
  });

  test('ends the other sessions, keeps the current one; the new password works and the old does not', async () => {
    const { client, email, id } = await signUp(server.url);
    const other = new TestClient(server.url);
    await other.post('/api/auth/login', { email, password: goodPassword });
    const res = await client.post('/api/auth/password', { currentPassword: goodPassword, newPassword });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ endedSessions: 1 });
    const rows = await server.ctx.sql`select id from sessions where user_id = ${id}`;
    expect(rows.map((r) => r.id)).toEqual([tokenOf(client).split('.')[0]]);
    expect((await client.get('/api/auth/me')).body.user.id).toBe(id);
    expect((await other.get('/api/auth/me')).body.user).toBeNull();
    expectError(await new TestClient(server.url).post('/api/auth/login', { email, password: goodPassword }), 401, 'invalid_credentials');
    expect((await new TestClient(server.url).post('/api/auth/login', { email, password: newPassword })).status).toBe(200);
    const [row] = await server.ctx.sql`select password_hash from users where id = ${id}`;
    expect(row!.passwordHash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
  });
});

describe('first admin', () => {
  test('the setup link makes one member admin, once; a newly issued link replaces the unused one', async () => {
    expect(server.setupLink).toMatch(new RegExp(`^${server.url}/setup/[a-z2-9]{48}$`));
    const token = server.setupLink!.split('/setup/')[1]!;
    const first = await signUp(server.url);
    const second = await signUp(server.url);

    const anonymous = await new TestClient(server.url).post('/api/setup/claim', { token });
    expectError(anonymous, 401, 'unauthenticated');

    const claimed = await first.client.post('/api/setup/claim', { token });
    expect(claimed.status).toBe(200);
    expect(claimed.body.user).toMatchObject({ id: first.id, role: 'admin' });
    expect((await first.client.get('/api/auth/me')).body.user.role).toBe('admin');

    expectError(await second.client.post('/api/setup/claim', { token }), 404, 'not_found');
    expect((await second.client.get('/api/auth/me')).body.user.role).toBe('member');

    // An operator issues a link, then another: the first one stops working.
    const older = await issueSetupToken(server.ctx.sql);
    const newer = await issueSetupToken(server.ctx.sql);
    expectError(await second.client.post('/api/setup/claim', { token: older }), 404, 'not_found');
    expect((await second.client.get('/api/auth/me')).body.user.role).toBe('member');
    const ok = await second.client.post('/api/setup/claim', { token: newer });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('admin');
    expectError(await (await signUp(server.url)).client.post('/api/setup/claim', { token: newer }), 404, 'not_found');

    // An expired link does not work either.
    const expired = await issueSetupToken(server.ctx.sql);
    await server.ctx.sql`update admin_setup_tokens set expires_at = now() - interval '1 minute' where used_at is null`;
    const third = await signUp(server.url);
    expectError(await third.client.post('/api/setup/claim', { token: expired }), 404, 'not_found');
    expect((await third.client.get('/api/auth/me')).body.user.role).toBe('member');
  });
});

describe('rate limits', () => {
  function expectRateLimited(res: { status: number; body: any; headers: Headers }) {
    expectError(res, 429, 'rate_limited');
    expect(res.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    const header = Number(res.headers.get('retry-after'));
    expect(header).toBeGreaterThan(0);
    expect(header).toBe(res.body.error.details.retryAfterSeconds);
  }

  test('sign-up per e-mail: the 6th attempt within the hour is refused', async () => {
    const email = uniqueEmail();
    const statuses: number[] = [];
    for (let i = 0; i < Policies.signupPerEmail.max; i++) {
      // Different addresses per attempt would not count together; only the first creates the account.
      statuses.push((await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'R', password: goodPassword })).status);
    }
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    const res = await new TestClient(server.url).post('/api/auth/signup', { email: email.toUpperCase(), displayName: 'R', password: goodPassword });
    expectRateLimited(res);
    expect(res.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(Policies.signupPerEmail.windowSeconds);
  });

  test('sign-up per IP: X-Forwarded-For does not dodge the limit when no proxy is trusted', async () => {
    const before = await countRows(server, 'users');
    for (let i = 0; i < Policies.signupPerIp.max; i++) {
      const res = await new TestClient(server.url).request(
        'POST',
        '/api/auth/signup',
        { email: uniqueEmail(), displayName: 'R', password: goodPassword },
        { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } },
      );
      expect(res.status).toBe(201);
    }
    const res = await new TestClient(server.url).request(
      'POST',
      '/api/auth/signup',
      { email: uniqueEmail(), displayName: 'R', password: goodPassword },
      { headers: { 'x-forwarded-for': '198.51.100.77' } },
    );
    expectRateLimited(res);
    expect(await countRows(server, 'users')).toBe(before + Policies.signupPerIp.max);
  });

  test('sign-up per IP behind a trusted proxy (TRUST_PROXY=1): each forwarded client counts separately', async () => {
    const signUpFrom = (ip: string) =>
      new TestClient(proxied.url).request(
        'POST',
        '/api/auth/signup',
        { email: uniqueEmail(), displayName: 'R', password: goodPassword },
        { headers: { 'x-forwarded-for': ip } },
      );
    for (let i = 0; i < Policies.signupPerIp.max; i++) expect((await signUpFrom('203.0.113.9')).status).toBe(201);
    expectRateLimited(await signUpFrom('203.0.113.9'));
    // Another client behind the same proxy is not affected; a spoofed extra hop is ignored.
    expect((await signUpFrom('203.0.113.10')).status).toBe(201);
    expectRateLimited(await signUpFrom('1.2.3.4, 203.0.113.9'));
  });

  test('log-in per e-mail: the 11th attempt in 15 minutes is refused, even with the right password', async () => {
    const { email } = await signUp(server.url);
    for (let i = 0; i < Policies.loginPerEmail.max; i++) {
      expectError(await new TestClient(server.url).post('/api/auth/login', { email, password: `wrong password ${i}` }), 401, 'invalid_credentials');
    }
    const res = await new TestClient(server.url).post('/api/auth/login', { email: email.toUpperCase(), password: goodPassword });
    expectRateLimited(res);
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    // Unknown addresses are limited the same way (no hint that an account exists).
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < Policies.loginPerEmail.max; i++) await new TestClient(server.url).post('/api/auth/login', { email: nobody, password: 'x' });
    expectRateLimited(await new TestClient(server.url).post('/api/auth/login', { email: nobody, password: 'x' }));
  });

  test('log-in per IP: the 51st attempt from one address is refused, X-Forwarded-For notwithstanding', async () => {
    for (let i = 0; i < Policies.loginPerIp.max; i++) {
      const res = await new TestClient(server.url).request(
        'POST',
        '/api/auth/login',
        { email: uniqueEmail('nobody'), password: 'whatever' },
        { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } },
      );
      expect(res.status).toBe(401);
    }
    // Sign-up has its own per-IP counter, so this member can still be created.
    const { email } = await signUp(server.url);
    expectRateLimited(await new TestClient(server.url).post('/api/auth/login', { email, password: goodPassword }));
  });

  test('counters live in the database, shared by every process', async () => {
    const { email } = await signUp(server.url);
    for (let i = 0; i < Policies.loginPerEmail.max - 1; i++) {
      await new TestClient(server.url).post('/api/auth/login', { email, password: 'wrong wrong' });
    }
    const rows = await server.ctx.sql<{ key: string; hits: number }[]>`select key, hits from rate_limits where key like 'login:email:%'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hits).toBe(Policies.loginPerEmail.max - 1);
    expect(rows[0]!.key).not.toContain(email);

    if (usingPostgresServer) {
      // A second server process on the same database sees the same counter.
      const second = await startTestServer({ DATABASE_URL: server.db.databaseUrl! });
      try {
        const ok = await new TestClient(second.url).post('/api/auth/login', { email, password: goodPassword });
        expect(ok.status).toBe(200);
        expectRateLimited(await new TestClient(second.url).post('/api/auth/login', { email, password: goodPassword }));
        expectRateLimited(await new TestClient(server.url).post('/api/auth/login', { email, password: goodPassword }));
      } finally {
        await second.stop();
      }
    } else {
      // Embedded: one process per database, so a second limiter on the same sql stands in for it.
      const other = new RateLimiter(server.ctx.sql, server.ctx.config.appSecret);
      await other.hit(Policies.loginPerEmail, email);
      const err = await other.hit(Policies.loginPerEmail, email).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('rate_limited');
      expectRateLimited(await new TestClient(server.url).post('/api/auth/login', { email, password: goodPassword }));
    }
  });

  test('validation errors are not counted', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 30; i++) {
      expectError(await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'R', password: 'short' }), 400, 'validation_failed');
    }
    expect(await countRows(server, 'rate_limits')).toBe(0);
    expect((await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'R', password: goodPassword })).status).toBe(201);
  });
});
