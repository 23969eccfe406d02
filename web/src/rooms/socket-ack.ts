import type { Ack } from '../../../shared/errors.ts';
import type { ClientEventName, ClientEventPayload, ClientEventResults } from '../../../shared/socket-events.ts';
import type { AppSocket } from '../api/socket.ts';

/** Sends a client event and waits for its ack; a timeout or a lost connection becomes a `network` error. */
export async function emitAck<E extends ClientEventName>(
  socket: AppSocket,
  event: E,
  payload: ClientEventPayload<E>,
  timeoutMs = 10_000,
): Promise<Ack<ClientEventResults[E]>> {
  try {
    // socket.io's typed overloads do not narrow a generic event name; the contract types the result.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(e: string, p: unknown): Promise<Ack<ClientEventResults[E]>>;
    };
    return await timed.emitWithAck(event, payload);
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e), details: { network: true } } };
  }
}
