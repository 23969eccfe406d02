import { afterAll, expect, test } from 'vitest';
import type { ChatMessageView, ChatPage, SprintState } from '../../shared/rooms.schema.ts';
import { signUp } from '../support/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { freePort } from '../support/ports.ts';
import { emitAck } from '../support/socket.ts';
import { embeddedDataDir, killAll, spawnServer, type SpawnedServer } from '../support/spawn.ts';
import { createRoom, join, ok, socketOf, uuid, type Member } from './rooms.fixtures.ts';

// Nothing acknowledged is lost: a chat message acked just before a SIGKILL is there, once,
// after a restart on the same data; so is a running sprint. On the Postgres server when
// TEST_DATABASE_URL is set, else on the embedded database.

let db: TestDatabase | undefined;
afterAll(async () => {
  await killAll();
  await db?.drop();
});

async function start(env: Record<string, string>, port: number): Promise<SpawnedServer> {
  return spawnServer(env, { port, timeoutMs: 90_000 });
}

test('a message acked before kill -9 is kept exactly once; a retry after restart does not duplicate it', async () => {
  let env: Record<string, string>;
  if (process.env.TEST_DATABASE_URL) {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.databaseUrl!, DATA_DIR: db.dataDir };
  } else {
    env = { DATA_DIR: await embeddedDataDir() };
  }
  const port = await freePort();
  let proc = await start(env, port);
  const setupLine = await proc.waitFor(/\/setup\/\S+/, 30_000);
  const token = /\/setup\/(\S+)/.exec(setupLine)![1]!;

  const { client, id, email } = await signUp(proc.url, 'Owner');
  expect((await client.post('/api/setup/claim', { token })).status).toBeLessThan(300);
  // Creating a room needs a confirmed address: the admin reads the link in the outbox, as in development.
  const outbox = await client.get(`/api/admin/mail/outbox?to=${encodeURIComponent(email)}`);
  const verifyText = (outbox.body.mails as { kind: string; text: string }[]).find((m) => m.kind === 'accounts.verify_email')!.text;
  const verifyToken = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(verifyText)![1];
  expect((await client.post('/api/accounts/verify-email/confirm', { token: verifyToken })).status).toBe(200);
  const owner: Member = { client, id, name: 'Owner' };
  // The server under test is addressed by URL only: the fixtures need no in-process server.
  const fakeServer = { url: proc.url } as Parameters<typeof socketOf>[0];
  const room = await createRoom(owner);
  let s = await socketOf(fakeServer, owner);
  await join(s, room.id);
  const sprint = ok(await emitAck<SprintState>(s, 'sprint:start', { roomId: room.id, focusMinutes: 50 })).sprint!;

  const clientId = uuid();
  const acked = await emitAck<ChatMessageView>(s, 'chat:send', { roomId: room.id, clientId, body: 'gardé malgré le crash' });
  // SIGKILL right on the ack: no graceful stop, no flush.
  proc.proc.kill('SIGKILL');
  const message = ok(acked);
  await proc.exited;
  s.close();

  proc = await start(env, port);
  s = await socketOf(fakeServer, owner);
  const state = await join(s, room.id);
  expect(state.messages.messages.filter((m) => m.clientId === clientId)).toEqual([message]);
  expect(state.sprint).toEqual(sprint);

  // The client did not know whether its send landed: it retries with the same clientId.
  const retried = ok(await emitAck<ChatMessageView>(s, 'chat:send', { roomId: room.id, clientId, body: 'gardé malgré le crash' }));
  expect(retried).toEqual(message);
  const page = ok(await emitAck<ChatPage>(s, 'chat:history', { roomId: room.id, after: 0 }));
  expect(page.messages.filter((m) => m.body === 'gardé malgré le crash')).toHaveLength(1);
  s.close();
  await proc.kill('SIGTERM');
}, 240_000);
