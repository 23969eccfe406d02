import { createServer, type Server } from 'node:http';
import { RoomServiceClient, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLiveKit, type RunningLiveKit } from '../support/livekit.ts';
import { freePort } from '../support/ports.ts';

// Proves the LiveKit harness: a real server on loopback that answers the room service and
// delivers signed webhooks to a target of the test's choosing.

interface Received {
  body: string;
  auth: string | undefined;
}

let livekit: RunningLiveKit;
let hookServer: Server;
const received: Received[] = [];
const waiters = new Set<() => void>();

beforeAll(async () => {
  const port = await freePort();
  hookServer = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ body, auth: req.headers.authorization });
      for (const w of waiters) w();
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(port, '127.0.0.1', r));
  livekit = await startLiveKit({ webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook` });
});

afterAll(async () => {
  await livekit?.stop();
  await new Promise((r) => (hookServer ? hookServer.close(r) : r(undefined)));
});

/** Verifies every webhook received so far and returns the first one matching, waiting up to timeoutMs. */
async function waitForEvent(match: (e: WebhookEvent) => boolean, timeoutMs: number): Promise<WebhookEvent> {
  const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  for (;;) {
    for (; seen < received.length; seen++) {
      const { body, auth } = received[seen]!;
      const event = await receiver.receive(body, auth);
      if (match(event)) return event;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no matching webhook within ${timeoutMs} ms (received ${received.length})`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, left);
      function done() {
        clearTimeout(t);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }
}

test('the room service creates, lists and deletes rooms', async () => {
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const name = `harness-${Date.now()}`;
  const created = await rooms.createRoom({ name, emptyTimeout: 60 });
  expect(created.name).toBe(name);
  expect((await rooms.listRooms()).map((r) => r.name)).toContain(name);
  await rooms.deleteRoom(name);
  expect((await rooms.listRooms()).map((r) => r.name)).not.toContain(name);
});

test('a wrong secret is refused by the room service', async () => {
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, 'x'.repeat(40));
  await expect(rooms.listRooms()).rejects.toThrow();
});

test('creating a room sends a signed room_started webhook', async () => {
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const name = `hook-${Date.now()}`;
  await rooms.createRoom({ name, emptyTimeout: 60 });
  const event = await waitForEvent((e) => e.event === 'room_started' && e.room?.name === name, 15_000);
  expect(event.room?.name).toBe(name);

  // The signature covers the body: a tampered body does not verify.
  const genuine = received.find((r) => r.body.includes(name))!;
  const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
  await expect(receiver.receive(genuine.body.replace(name, `${name}-forged`), genuine.auth)).rejects.toThrow();
  await rooms.deleteRoom(name);
});
