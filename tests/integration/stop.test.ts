import { expect, test } from 'vitest';
import { signUp } from '../support/client.ts';
import { startTestServer } from '../support/server.ts';
import { connectOk } from '../support/socket.ts';

// A stop must not wait on live connections: members with the app open keep a websocket (or a
// long poll) and their client reconnects at once when told to go. The bound is behavioural:
// without the fix the stop waited for those clients to give up on their own.

test.each(['websocket', 'polling'] as const)('a stop with members connected over %s ends promptly and lets no one back in', async (transport) => {
  const server = await startTestServer();
  const { client } = await signUp(server.url, 'Connectée');
  const sockets = await Promise.all(
    [0, 1, 2].map(() => connectOk(server.url, { cookie: client.cookieHeader(), transport, reconnection: true })),
  );
  let reconnected = 0;
  for (const s of sockets) s.io.on('reconnect', () => reconnected++);
  try {
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(8_000);
    // The server is gone: nothing answers, and no client got back in during the stop.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(reconnected).toBe(0);
  } finally {
    for (const s of sockets) s.close();
  }
}, 120_000);
