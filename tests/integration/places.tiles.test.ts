import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TILE_URL: 'https://tile.example.org/{z}/{x}/{y}.png' });
}, 120_000);
afterAll(() => server?.stop());

test('a configured tile server reaches the map data and the CSP img-src, and nothing else', async () => {
  const res = await fetch(`${server.url}/api/places/map`);
  const map = await res.json();
  expect(map.tileUrl).toBe('https://tile.example.org/{z}/{x}/{y}.png');
  expect(map.communes.length).toBe(158);
  expect(map.credit).toMatch(/IGN Admin Express COG 2018/);
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tile\.example\.org(;|$)/);
  expect(csp).toMatch(/default-src 'self'(;|$)/);
});

test('without TILE_URL the map has no tiles and img-src stays self; a template without {z}/{x}/{y} is refused', () => {
  expect(loadConfig({ NODE_ENV: 'test' }, false).tileUrl).toBeUndefined();
  expect(() => loadConfig({ NODE_ENV: 'test', TILE_URL: 'https://tile.example.org/tiles.png' }, false)).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'test', TILE_URL: 'ftp://tile.example.org/{z}/{x}/{y}.png' }, false)).toThrow(/TILE_URL/);
});
