import type { Response } from 'express';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../config.ts';
import { clearSessionCookie, readSessionCookie, sessionCookieName, setSessionCookie } from './cookies.ts';
import { describeDevice } from './device.ts';
import { SESSION_ABSOLUTE_MS } from './sessions.ts';

const config = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/maillage-cookie-test', ...env }, false);

/** The arguments express's res.cookie / res.clearCookie receive. */
function capture() {
  const calls: { fn: string; name: string; value?: string; opts: Record<string, unknown> }[] = [];
  const res = {
    cookie: (name: string, value: string, opts: Record<string, unknown>) => calls.push({ fn: 'cookie', name, value, opts }),
    clearCookie: (name: string, opts: Record<string, unknown>) => calls.push({ fn: 'clearCookie', name, opts }),
  } as unknown as Response;
  return { res, calls };
}

describe('session cookie', () => {
  test('over https: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', () => {
    const c = config({ PUBLIC_URL: 'https://maillage.example' });
    expect(sessionCookieName(c)).toBe('__Host-maillage_session');
    const { res, calls } = capture();
    const expires = new Date(Date.now() + 30 * 86400_000);
    setSessionCookie(c, res, 'tok', expires);
    expect(calls[0]).toMatchObject({ name: '__Host-maillage_session', value: 'tok', opts: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } });
    expect(calls[0]!.opts.domain).toBeUndefined();
    expect((calls[0]!.opts.expires as Date).getTime()).toBe(expires.getTime());
    clearSessionCookie(c, res);
    expect(calls[1]).toMatchObject({ fn: 'clearCookie', name: '__Host-maillage_session', opts: { secure: true, path: '/' } });
  });

  test('over http: no prefix, not Secure', () => {
    const c = config({ PUBLIC_URL: 'http://127.0.0.1:3000' });
    expect(sessionCookieName(c)).toBe('maillage_session');
    const { res, calls } = capture();
    setSessionCookie(c, res, 'tok', new Date(Date.now() + 1000));
    expect(calls[0]).toMatchObject({ name: 'maillage_session', opts: { httpOnly: true, secure: false, sameSite: 'lax', path: '/' } });
  });

  test('the cookie never outlives the absolute session cap', () => {
    const { res, calls } = capture();
    setSessionCookie(config({}), res, 'tok', new Date(Date.now() + 10 * SESSION_ABSOLUTE_MS));
    expect((calls[0]!.opts.expires as Date).getTime()).toBeLessThanOrEqual(Date.now() + SESSION_ABSOLUTE_MS);
  });

  test('reads only the cookie of its own name', () => {
    const secure = config({ PUBLIC_URL: 'https://maillage.example' });
    const plain = config({});
    const header = 'maillage_session=plain; __Host-maillage_session=hosted; other=x';
    expect(readSessionCookie(secure, header)).toBe('hosted');
    expect(readSessionCookie(plain, header)).toBe('plain');
    expect(readSessionCookie(secure, 'maillage_session=plain')).toBeUndefined();
    expect(readSessionCookie(plain, undefined)).toBeUndefined();
  });
});

describe('device names', () => {
  test.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', 'Chrome · Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0', 'Edge · Windows'],
    ['Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0', 'Firefox · Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari · iOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari · macOS'],
    ['curl/8.5.0', 'curl/8.5.0'],
    ['', '?'],
  ])('%s → %s', (ua, name) => {
    expect(describeDevice(ua)).toBe(name);
  });
});
