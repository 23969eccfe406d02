import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { HandshakeErrors } from '../../../shared/socket-events.ts';
import { Limits } from '../../../shared/limits.ts';
import { readSessionCookie } from '../auth/cookies.ts';
import { findEndedSessions, validateSessionToken } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import { isConnectionError } from '../db/sql.ts';
import { presentMe } from '../auth/users.queries.ts';
import type { SocketEventRegistry } from './events.ts';
import { TokenBucket } from './flood.ts';
import type { AppServer, AppSocket } from './types.ts';

/** How often each process checks that the sessions behind its sockets still exist. */
const SWEEP_MS = 3000;
/** Events a connection may send: a burst of 40, then 20 a second. */
const EVENTS_PER_SECOND = 20;
const EVENT_BURST = 40;

export interface Realtime {
  io: AppServer;
  /** Disconnects, at once, this process's sockets of these sessions. */
  sessionsEnded(ids: string[]): void;
  /** Refuses new connections from now on (the first step of a stop). */
  refuseNew(): void;
  close(): Promise<void>;
}

function handshakeError(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code, message } });
}

export function createRealtime(httpServer: HttpServer, ctx: AppContext, events: SocketEventRegistry): Realtime {
  const allowed = new Set(ctx.config.allowedOrigins);
  const originOk = (req: IncomingMessage) => typeof req.headers.origin === 'string' && allowed.has(req.headers.origin);

  let closing = false;
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    // A connection that stops answering is dropped within ~10 s (presence must notice).
    pingInterval: 5_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: Limits.bodyBytes,
    // Checked on the handshake of both transports (a websocket opened directly included).
    allowRequest: (req, callback) => {
      // A client told to go at shutdown reconnects at once, over a keep-alive connection still
      // open: refuse it, or the stop would wait for that new session.
      if (closing) return callback('server_stopping', false);
      callback(originOk(req) ? null : HandshakeErrors.originNotAllowed, originOk(req));
    },
    // Middlewares run again on recovery, so a revoked session is never restored.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
  });

  io.use(async (socket, next) => {
    if (!originOk(socket.request)) return next(handshakeError(HandshakeErrors.originNotAllowed, 'Origin not allowed.'));
    try {
      const token = readSessionCookie(ctx.config, socket.request.headers.cookie);
      const valid = await validateSessionToken(ctx.sql, token);
      if (!valid) return next(handshakeError(HandshakeErrors.unauthenticated, 'Log in to connect.'));
      socket.data = { user: valid.user, sessionId: valid.session.id };
      next();
    } catch (err) {
      if (isConnectionError(err)) return next(handshakeError(HandshakeErrors.databaseUnavailable, 'The database cannot be reached.'));
      ctx.log.error({ err }, 'socket handshake failed');
      next(handshakeError('internal', 'Something went wrong.'));
    }
  });

  io.on('connection', (socket: AppSocket) => {
    void socket.join([`session:${socket.data.sessionId}`, `user:${socket.data.user.id}`]);
    events.attach(ctx, socket, new TokenBucket(EVENTS_PER_SECOND, EVENT_BURST));
  });

  events.on('me:get', (_payload, socket) => presentMe(socket.data.user));

  const endLocal = (ids: string[]) => {
    for (const id of ids) {
      const room = `session:${id}`;
      io.local.to(room).emit('session:ended');
      io.local.in(room).disconnectSockets(true);
    }
  };

  // Sessions ended by another process (or expired) are noticed within SWEEP_MS.
  const sweep = setInterval(async () => {
    try {
      const ids = [...new Set([...io.of('/').sockets.values()].map((s) => s.data.sessionId).filter(Boolean))];
      endLocal(await findEndedSessions(ctx.sql, ids));
    } catch (err) {
      if (!isConnectionError(err)) ctx.log.error({ err }, 'session sweep failed');
    }
  }, SWEEP_MS);
  sweep.unref();

  return {
    io,
    sessionsEnded: endLocal,
    refuseNew() {
      closing = true;
    },
    async close() {
      closing = true;
      clearInterval(sweep);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
