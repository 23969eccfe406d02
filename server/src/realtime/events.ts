import type { z } from 'zod';
import type { Ack } from '../../../shared/errors.ts';
import { clientEventSchemas, type ClientEventName, type ClientEventResults } from '../../../shared/socket-events.ts';
import type { AppContext } from '../context.ts';
import { AppError, Errors } from '../errors.ts';
import { isConnectionError } from '../db/sql.ts';
import { parseOrThrow } from '../http/validate.ts';
import type { AppSocket } from './types.ts';
import type { TokenBucket } from './flood.ts';

export type EventHandler<E extends ClientEventName> = (
  payload: z.output<(typeof clientEventSchemas)[E]>,
  socket: AppSocket,
) => Promise<ClientEventResults[E]> | ClientEventResults[E];

/** Refused events after which a connection is closed. */
const FLOOD_DISCONNECT_AFTER = 400;

type AnyHandler = (payload: unknown, socket: AppSocket) => Promise<unknown> | unknown;

/** Handlers of client events by name; every name of `clientEventSchemas` must have one. */
export class SocketEventRegistry {
  private handlers = new Map<ClientEventName, AnyHandler>();

  on<E extends ClientEventName>(name: E, handler: EventHandler<E>): void {
    if (this.handlers.has(name)) throw new Error(`socket event ${name} has two handlers`);
    this.handlers.set(name, handler as AnyHandler);
  }

  names(): ClientEventName[] {
    return [...this.handlers.keys()];
  }

  /** Wires every handler on a new connection: rate limit, parse, run, acknowledge. */
  attach(ctx: AppContext, socket: AppSocket, bucket: TokenBucket): void {
    for (const [name, handler] of this.handlers) {
      socket.on(name, async (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: Ack<unknown>) => void) : undefined;
        const reply = (r: Ack<unknown>) => ack?.(r);
        try {
          if (!bucket.take()) {
            // A client that keeps flooding after being told is cut off.
            if (bucket.refused > FLOOD_DISCONNECT_AFTER) socket.disconnect(true);
            throw Errors.rateLimited(1);
          }
          if (args.length !== 1) throw Errors.validation([{ path: '', message: 'Expected exactly one payload object.' }]);
          const payload = parseOrThrow(clientEventSchemas[name], args[0]);
          reply({ ok: true, data: await handler(payload, socket) });
        } catch (err) {
          const appErr = err instanceof AppError ? err : isConnectionError(err) ? Errors.databaseUnavailable() : Errors.internal();
          if (!(err instanceof AppError)) ctx.log.error({ err, event: name, userId: socket.data.user?.id }, 'socket event failed');
          reply({ ok: false, error: appErr.toBody().error });
        }
      });
    }
  }
}
