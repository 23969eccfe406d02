import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/maillage-config-test' };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env }, false);

/** The ConfigError thrown for `env`; fails the test when none is. */
function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

const strongSecret = 'f3b1c0e7a9d24c5e8b6a7f1d2c3e4b5a6978d0c1b2a3f4e5';

describe('loadConfig', () => {
  test('defaults: loopback, port 3000, http cookies, both loopback origins allowed, no LiveKit', () => {
    const c = load({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000', secureCookies: false, livekit: undefined, trustProxy: false });
    expect(c.allowedOrigins.sort()).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  test.each(['abc', '-1', '65536', '3.5', '80x'])('PORT=%s is refused, the message starts with PORT', (PORT) => {
    expect(configError({ PORT }).message).toMatch(/^PORT: /);
  });

  test.each(['not a url', 'mysql://u:p@h/db', 'http://127.0.0.1:5432/db'])('DATABASE_URL=%s is refused', (DATABASE_URL) => {
    expect(configError({ DATABASE_URL }).message).toMatch(/^DATABASE_URL: /);
  });

  test('postgres:// and postgresql:// URLs are accepted', () => {
    expect(load({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' }).databaseUrl).toBe('postgres://u:p@127.0.0.1:5432/db');
    expect(load({ DATABASE_URL: 'postgresql://u:p@127.0.0.1/db' }).databaseUrl).toBe('postgresql://u:p@127.0.0.1/db');
  });

  test.each(['http://127.0.0.1:7880', 'livekit', 'ftp://x'])('LIVEKIT_URL=%s is refused', (LIVEKIT_URL) => {
    expect(configError({ LIVEKIT_URL, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).message).toMatch(/^LIVEKIT_URL: /);
  });

  test('a partial LiveKit configuration names the missing variable', () => {
    expect(configError({ LIVEKIT_URL: 'ws://127.0.0.1:7880' }).message).toMatch(/^LIVEKIT_API_KEY: /);
    expect(configError({ LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'k' }).message).toMatch(/^LIVEKIT_API_SECRET: /);
    expect(configError({ LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).message).toMatch(/^LIVEKIT_URL: /);
    expect(configError({ LIVEKIT_API_SECRET: 's' }).message).toMatch(/^LIVEKIT_URL: /);
  });

  test('a complete LiveKit configuration is kept', () => {
    const c = load({ LIVEKIT_URL: 'wss://lk.example.org', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(c.livekit).toEqual({ url: 'wss://lk.example.org', apiKey: 'k', apiSecret: 's', syncSeconds: 30 });
  });

  test.each(['ftp://x.example', 'not a url'])('PUBLIC_URL=%s is refused', (PUBLIC_URL) => {
    expect(configError({ PUBLIC_URL }).message).toMatch(/^PUBLIC_URL: /);
  });

  test('ALLOWED_ORIGINS must be origins; PUBLIC_URL over https makes cookies secure and is the allowed origin', () => {
    expect(configError({ ALLOWED_ORIGINS: 'https://ok.example, nonsense' }).message).toMatch(/^ALLOWED_ORIGINS: /);
    const c = load({ PUBLIC_URL: 'https://maillage.example/', ALLOWED_ORIGINS: 'https://other.example/path' });
    expect(c.secureCookies).toBe(true);
    expect(c.publicUrl).toBe('https://maillage.example');
    expect(c.allowedOrigins.sort()).toEqual(['https://maillage.example', 'https://other.example']);
  });

  test('LOG_LEVEL, NODE_ENV and SERVE_WEB are checked', () => {
    expect(configError({ LOG_LEVEL: 'loud' }).message).toMatch(/^LOG_LEVEL: /);
    expect(configError({ NODE_ENV: 'staging' }).message).toMatch(/^NODE_ENV: /);
    expect(configError({ SERVE_WEB: 'maybe' }).message).toMatch(/^SERVE_WEB: /);
    expect(load({ SERVE_WEB: 'false' }).serveWeb).toBe(false);
  });

  test('TRUST_PROXY: false, true, a hop count or addresses', () => {
    expect(load({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  describe('production', () => {
    const prod = { NODE_ENV: 'production', PUBLIC_URL: 'https://maillage.example' };
    test.each([
      ['missing', undefined],
      ['the placeholder', 'dev-secret-change-me'],
      ['change-me', 'change-me'],
      ['short', 'a1b2c3d4e5f6'],
      ['31 characters', 'x'.repeat(31)],
    ])('APP_SECRET %s is refused', (_label, secret) => {
      const env: Record<string, string> = { ...prod };
      if (secret !== undefined) env.APP_SECRET = secret;
      expect(configError(env).message).toMatch(/^APP_SECRET: /);
    });

    test('a proper secret is accepted', () => {
      const c = load({ ...prod, APP_SECRET: strongSecret });
      expect(c.env).toBe('production');
      expect(c.appSecret).toBe(strongSecret);
    });

    test('LiveKit secrets must be real in production', () => {
      const lk = { LIVEKIT_URL: 'wss://lk.example.org', LIVEKIT_API_KEY: 'APIkey' };
      expect(configError({ ...prod, APP_SECRET: strongSecret, ...lk, LIVEKIT_API_SECRET: 'secret' }).message).toMatch(/^LIVEKIT_API_SECRET: /);
      expect(load({ ...prod, APP_SECRET: strongSecret, ...lk, LIVEKIT_API_SECRET: strongSecret }).livekit?.apiSecret).toBe(strongSecret);
    });

    test('outside production the placeholder secret is tolerated', () => {
      expect(load({ NODE_ENV: 'development' }).appSecret).toBe('dev-secret-change-me');
    });
  });
});
