import { afterAll, beforeAll, expect, test } from 'vitest';
import { signUp } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

test('a new member signs up and is who they say', async () => {
  const { client, email } = await signUp(server.url, 'Roald');
  const me = await client.get('/api/auth/me');
  expect(me.status).toBe(200);
  expect(me.body.user.email).toBe(email);
});
