import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient, goodPassword, uniqueEmail } from '../support/client.ts';
import { startTestServer, snapshot, type TestServer } from '../support/server.ts';
import { connectOk, waitForDisconnect } from '../support/socket.ts';
import { requireVerified } from '../../server/src/accounts/require-verified.ts';
import { AppError } from '../../server/src/errors.ts';
import { linkToken, mailsTo, signUpAs } from './accounts.support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const expire = (email: string, purpose: string) =>
  server.ctx.sql`update account_tokens set expires_at = now() - interval '1 second'
    where purpose = ${purpose} and lower(email) = lower(${email})`;

describe('e-mail verification', () => {
  test('a new account gets a confirmation link in its language; it works once, and the member is then verified', async () => {
    const fr = await signUpAs(server, { name: 'Marie-Louise' });
    expect(fr.res.status).toBe(201);
    expect(fr.res.body.user.emailVerified).toBe(false);
    const [mailFr] = await mailsTo(server, fr.email, 'accounts.verify_email');
    expect(mailFr!.locale).toBe('fr');
    expect(mailFr!.subject).toMatch(/Confirmez votre adresse/);
    expect(mailFr!.textBody).toMatch(/Bonjour Marie-Louise/);
    expect(mailFr!.htmlBody).not.toMatch(/<img|src=/i);

    const en = await signUpAs(server, { name: 'Dan', locale: 'en' });
    const [mailEn] = await mailsTo(server, en.email, 'accounts.verify_email');
    expect(mailEn!.locale).toBe('en');
    expect(mailEn!.subject).toBe('Confirm your e-mail address for Maillage');

    const token = await linkToken(server, fr.email, 'accounts.verify_email', '/verify-email/');
    // The link may be opened in another browser: no session needed.
    const anon = new TestClient(server.url);
    const ok = await anon.post('/api/accounts/verify-email/confirm', { token });
    expect(ok.status).toBe(200);
    expect((await fr.client.get('/api/auth/me')).body.user.emailVerified).toBe(true);
    const again = await anon.post('/api/accounts/verify-email/confirm', { token });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('link_invalid');
  });

  test('an expired confirmation link is refused; a new one can be asked for, within a limit', async () => {
    const m = await signUpAs(server, { name: 'Justine' });
    const old = await linkToken(server, m.email, 'accounts.verify_email', '/verify-email/');
    await expire(m.email, 'verify_email');
    const refused = await m.client.post('/api/accounts/verify-email/confirm', { token: old });
    expect(refused.body.error.code).toBe('link_invalid');
    expect((await m.client.get('/api/auth/me')).body.user.emailVerified).toBe(false);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await m.client.post('/api/accounts/verify-email/send')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await mailsTo(server, m.email, 'accounts.verify_email')).toHaveLength(4);
    // Each new link voids the previous one; the newest works.
    const newest = await linkToken(server, m.email, 'accounts.verify_email', '/verify-email/');
    expect((await m.client.post('/api/accounts/verify-email/confirm', { token: newest })).status).toBe(200);
    expect((await m.client.get('/api/auth/me')).body.user.emailVerified).toBe(true);
  });

  test('requireVerified refuses an unverified member with email_unverified, and lets a verified one through', async () => {
    const m = await signUpAs(server, { name: 'Luc' });
    // Through an endpoint that calls it: creating an invitation (made admin so only verification stands in the way).
    await server.ctx.sql`update users set role = 'admin' where id = ${m.id}`;
    const before = await snapshot(server, ['invitations', 'mail_outbox']);
    const refused = await m.client.post('/api/accounts/invitations', { email: uniqueEmail('x') });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_unverified');
    expect(await snapshot(server, ['invitations', 'mail_outbox'])).toEqual(before);

    const auth = (verifiedAt: Date | null) => ({ user: { emailVerifiedAt: verifiedAt } }) as Parameters<typeof requireVerified>[0];
    expect(() => requireVerified(auth(null))).toThrow(AppError);
    try {
      requireVerified(auth(null));
    } catch (e) {
      expect((e as AppError).code).toBe('email_unverified');
    }
    expect(() => requireVerified(auth(new Date()))).not.toThrow();
    expect(() => requireVerified(undefined)).toThrow(/logged in/);
  });
});

describe('password reset', () => {
  test('the answer is the same, in body, status and timing, whether or not the address has an account', async () => {
    const m = await signUpAs(server, { name: 'Catherine' });
    const anon = new TestClient(server.url);
    const unknown = uniqueEmail('nobody');
    const timed = async (email: string) => {
      const t0 = performance.now();
      const res = await anon.post('/api/accounts/password-reset/request', { email });
      return { res, ms: performance.now() - t0 };
    };
    const a = await timed(m.email);
    const b = await timed(unknown);
    expect(a.res.status).toBe(b.res.status);
    expect(a.res.body).toEqual(b.res.body);
    expect(a.res.status).toBe(200);
    // Both wait for the same floor; the known address's extra work hides inside it.
    expect(a.ms).toBeGreaterThanOrEqual(390);
    expect(b.ms).toBeGreaterThanOrEqual(390);
    expect(Math.abs(a.ms - b.ms)).toBeLessThan(250);
    expect(await mailsTo(server, m.email, 'accounts.reset_password')).toHaveLength(1);
    expect(await mailsTo(server, unknown)).toHaveLength(0);
  });

  test('the link sets a new password once, ends every other session and its sockets, and logs this browser in', async () => {
    const m = await signUpAs(server, { name: 'Gérard' });
    const other = new TestClient(server.url);
    expect((await other.post('/api/auth/login', { email: m.email, password: goodPassword })).status).toBe(200);
    const socket = await connectOk(server.url, { cookie: other.cookieHeader() });
    const disconnected = waitForDisconnect(socket, 10_000);

    const anon = new TestClient(server.url);
    expect((await anon.post('/api/accounts/password-reset/request', { email: m.email })).status).toBe(200);
    const token = await linkToken(server, m.email, 'accounts.reset_password', '/reset-password/');

    // A common password is refused and does not burn the link.
    const weak = await anon.post('/api/accounts/password-reset/confirm', { token, newPassword: 'password123' });
    expect(weak.body.error.code).toBe('weak_password');

    const newPassword = 'Aubrac-Nasbinals 2026 burons';
    const ok = await anon.post('/api/accounts/password-reset/confirm', { token, newPassword });
    expect(ok.status).toBe(200);
    expect(ok.body.endedSessions).toBe(2);
    expect((await anon.get('/api/auth/me')).body.user.email).toBe(m.email);
    await disconnected;
    socket.close();
    expect((await m.client.get('/api/auth/me')).body.user).toBeNull();
    expect((await other.get('/api/auth/me')).body.user).toBeNull();

    const again = await anon.post('/api/accounts/password-reset/confirm', { token, newPassword: 'Yet another 2026 password' });
    expect(again.body.error.code).toBe('link_invalid');
    const login = new TestClient(server.url);
    expect((await login.post('/api/auth/login', { email: m.email, password: goodPassword })).status).toBe(401);
    expect((await login.post('/api/auth/login', { email: m.email, password: newPassword })).status).toBe(200);
  });

  test('a reset link expires, and a newer one voids the older', async () => {
    const m = await signUpAs(server, { name: 'Roald' });
    const anon = new TestClient(server.url);
    await anon.post('/api/accounts/password-reset/request', { email: m.email });
    const first = await linkToken(server, m.email, 'accounts.reset_password', '/reset-password/');
    await anon.post('/api/accounts/password-reset/request', { email: m.email });
    const second = await linkToken(server, m.email, 'accounts.reset_password', '/reset-password/');
    const newPassword = 'Margeride 1450 m sous la neige';
    expect((await anon.post('/api/accounts/password-reset/confirm', { token: first, newPassword })).body.error.code).toBe('link_invalid');
    await expire(m.email, 'reset_password');
    expect((await anon.post('/api/accounts/password-reset/confirm', { token: second, newPassword })).body.error.code).toBe('link_invalid');
    expect((await new TestClient(server.url).post('/api/auth/login', { email: m.email, password: goodPassword })).status).toBe(200);
  });

  test('reset requests are limited per address, the same for known and unknown ones', async () => {
    const m = await signUpAs(server, { name: 'Limité' });
    const anon = new TestClient(server.url);
    for (const email of [m.email, uniqueEmail('ghost')]) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await anon.post('/api/accounts/password-reset/request', { email })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    }
    expect(await mailsTo(server, m.email, 'accounts.reset_password')).toHaveLength(5);
  });
});

describe('log-in by e-mail link', () => {
  test('a member without a password signs up, asks for a link and is logged in by it, once', async () => {
    const m = await signUpAs(server, { name: 'Marie-Louise', passwordless: true });
    expect(m.res.status).toBe(201);
    const [row] = await server.ctx.sql`select password_hash from users where id = ${m.id}`;
    expect(row!.passwordHash).toBeNull();

    const browser = new TestClient(server.url);
    const known = await browser.post('/api/accounts/login-link/request', { email: m.email });
    const unknown = await browser.post('/api/accounts/login-link/request', { email: uniqueEmail('ghost') });
    expect(known.status).toBe(200);
    expect(known.body).toEqual(unknown.body);
    const token = await linkToken(server, m.email, 'accounts.login_link', '/login-link/');
    const [mail] = await mailsTo(server, m.email, 'accounts.login_link');
    expect(mail!.subject).toBe('Votre lien de connexion à Maillage');

    const ok = await browser.post('/api/accounts/login-link/confirm', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(m.email);
    // Opening the link proves the mailbox: the address is confirmed.
    expect(ok.body.user.emailVerified).toBe(true);
    expect((await browser.get('/api/auth/me')).body.user.id).toBe(m.id);

    const replay = new TestClient(server.url);
    const again = await replay.post('/api/accounts/login-link/confirm', { token });
    expect(again.body.error.code).toBe('link_invalid');
    expect((await replay.get('/api/auth/me')).body.user).toBeNull();
    // No password means no password log-in.
    expect((await replay.post('/api/auth/login', { email: m.email, password: 'anything at all' })).status).toBe(401);
  });

  test('a log-in link expires after 15 minutes', async () => {
    const m = await signUpAs(server, { name: 'Dan', locale: 'en' });
    const browser = new TestClient(server.url);
    await browser.post('/api/accounts/login-link/request', { email: m.email });
    const [tok] = await server.ctx.sql<{ minutes: number }[]>`
      select round(extract(epoch from (expires_at - created_at)) / 60)::int as minutes from account_tokens
      where purpose = 'login_link' and lower(email) = lower(${m.email})`;
    expect(tok!.minutes).toBe(15);
    const [mail] = await mailsTo(server, m.email, 'accounts.login_link');
    expect(mail!.subject).toBe('Your Maillage log-in link');
    const token = await linkToken(server, m.email, 'accounts.login_link', '/login-link/');
    await expire(m.email, 'login_link');
    expect((await browser.post('/api/accounts/login-link/confirm', { token })).body.error.code).toBe('link_invalid');
  });

  test('sign-up refuses both a password and passwordless, and neither', async () => {
    const c = new TestClient(server.url);
    const both = await c.post('/api/auth/signup', { email: uniqueEmail(), displayName: 'X', password: goodPassword, passwordless: true });
    const neither = await c.post('/api/auth/signup', { email: uniqueEmail(), displayName: 'X' });
    expect(both.body.error.code).toBe('validation_failed');
    expect(neither.body.error.code).toBe('validation_failed');
  });
});
