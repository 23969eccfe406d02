import { afterAll, beforeAll, expect, test } from 'vitest';
import { goodPassword, signUp, TestClient } from '../support/client.ts';
import { createPgCluster, type PgCluster } from '../support/pgcluster.ts';
import { connectSocket } from '../support/socket.ts';
import { killAll, spawnServer, type SpawnedServer } from '../support/spawn.ts';

// The server runs as its own process on a private Postgres server that the test stops and
// starts again; the shared server on 5432 is never touched.

let cluster: PgCluster;
let server: SpawnedServer;

beforeAll(async () => {
  cluster = await createPgCluster();
  server = await spawnServer({ DATABASE_URL: cluster.url });
});

afterAll(async () => {
  await killAll();
  await cluster?.destroy();
});

/** Runs `fn`, returns its result and how long it took in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function pollUntil(what: string, fn: () => Promise<boolean>, ms: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await fn().catch(() => false)) return performance.now() - start;
    if (performance.now() - start > ms) throw new Error(`${what}: still not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('while Postgres is down the server answers 503 database_unavailable quickly, stays alive, and recovers by itself', async () => {
  const { client, id, email } = await signUp(server.url, 'Outage Member');
  const anonymous = new TestClient(server.url);
  expect((await client.get('/api/auth/me')).body.user.id).toBe(id);
  const before = await connectSocket(server.url, { cookie: client.cookieHeader() });
  expect(before.connected).toBe(true);
  before.socket.close();

  await cluster.stop();

  const me = await timed(() => client.get('/api/auth/me'));
  expect(me.value.status).toBe(503);
  expect(me.value.body).toMatchObject({ error: { code: 'database_unavailable' } });
  expect(me.ms).toBeLessThan(3000);

  const login = await timed(() => anonymous.post('/api/auth/login', { email, password: goodPassword }));
  expect(login.value.status).toBe(503);
  expect(login.value.body).toMatchObject({ error: { code: 'database_unavailable' } });
  expect(login.ms).toBeLessThan(3000);

  const ready = await timed(() => anonymous.get('/readyz'));
  expect(ready.value.status).toBe(503);
  expect(ready.value.body).toMatchObject({ error: { code: 'database_unavailable' } });
  expect(ready.ms).toBeLessThan(3000);
  expect((await anonymous.get('/healthz')).status).toBe(200);

  const refused = await timed(() => connectSocket(server.url, { cookie: client.cookieHeader() }));
  expect(refused.value.connected).toBe(false);
  if (!refused.value.connected) {
    expect(refused.value.error.message).toBe('database_unavailable');
    expect(refused.value.error.data?.code).toBe('database_unavailable');
  }
  expect(refused.ms).toBeLessThan(3000);

  // A second round: the pool's broken connections are not the only thing that fails fast.
  expect((await client.get('/api/auth/me')).status).toBe(503);
  expect(server.proc.exitCode).toBeNull();
  expect(server.output()).toContain('database unavailable');

  await cluster.start();
  await pollUntil('/readyz answers 200 after Postgres is back', async () => (await anonymous.get('/readyz')).status === 200, 30_000);

  // Same process, same cookie, same member.
  expect(server.proc.exitCode).toBeNull();
  const again = await client.get('/api/auth/me');
  expect(again.status).toBe(200);
  expect(again.body.user).toMatchObject({ id, email });
  const relog = await anonymous.post('/api/auth/login', { email, password: goodPassword });
  expect(relog.status).toBe(200);
  expect(relog.body.user.id).toBe(id);

  const after = await connectSocket(server.url, { cookie: client.cookieHeader() });
  expect(after.connected).toBe(true);
  after.socket.close();
});

test('an outage that starts mid-session and happens twice is survived each time', async () => {
  const { client, id } = await signUp(server.url, 'Twice Member');
  for (let round = 0; round < 2; round++) {
    await cluster.stop();
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(503);
    expect(me.body.error.code).toBe('database_unavailable');
    await cluster.start();
    await pollUntil('/api/auth/me answers 200 after Postgres is back', async () => (await client.get('/api/auth/me')).status === 200, 30_000);
    expect((await client.get('/api/auth/me')).body.user.id).toBe(id);
  }
  expect(server.proc.exitCode).toBeNull();
  expect(server.output()).not.toMatch(/"level":(50|60)/);
});
