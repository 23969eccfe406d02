import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { hasAdmin, issueSetupToken, setupLink } from './admin/setup.ts';
import { createApp, type HttpCapability } from './app.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { connectDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
import { MemberChanges } from './members/member-changes.ts';
import { RateLimiter } from './ratelimit/ratelimit.ts';
import { SocketEventRegistry } from './realtime/events.ts';
import { createRealtime, type Realtime } from './realtime/socket.ts';

/** A capability plugs its HTTP routes and socket handlers into the running server. */
export type Capability = (ctx: AppContext, realtime: Realtime, events: SocketEventRegistry) => HttpCapability | Promise<HttpCapability>;

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  realtime: Realtime;
  httpServer: HttpServer;
  /** The one-time admin setup link printed at start, when the network has no admin yet. */
  setupLink: string | undefined;
  /** Stops taking connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  capabilities?: Capability[];
  /** Print the setup link and address for a person (off in tests). */
  announce?: boolean;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.logger ?? createLogger(config.logLevel);
  const db = await connectDatabase(config);
  try {
    const applied = await migrate(db.sql);
    if (applied.length) log.info({ applied }, 'migrations applied');

    let endSessions: (ids: string[]) => void = () => {};
    const timers: NodeJS.Timeout[] = [];
    const ctx: AppContext = {
      config,
      sql: db.sql,
      log,
      rateLimiter: new RateLimiter(db.sql, config.appSecret),
      sessionsEnded: (ids) => endSessions(ids),
      memberChanges: new MemberChanges(log),
      every(what, ms, job) {
        const timer = setInterval(() => {
          job().catch((err: unknown) => log.warn({ err }, `${what} failed`));
        }, ms);
        timer.unref();
        timers.push(timer);
      },
    };
    // The app is the server's request handler from the start, so that engine.io, attaching
    // next, wraps it and keeps /socket.io/ requests away from it (a listener added after
    // would answer them too: a 404 racing engine.io's reply, then a headers-sent crash).
    let app: ReturnType<typeof createApp> | undefined;
    const httpServer = createServer((req, res) => app!(req, res));
    const events = new SocketEventRegistry();
    const realtime = createRealtime(httpServer, ctx, events);
    // After engine.io has wrapped the request listeners, so that it sees /socket.io/ requests too.
    const connections = trackConnections(httpServer, log);
    endSessions = realtime.sessionsEnded;
    const capabilities: HttpCapability[] = [];
    for (const c of opts.capabilities ?? []) capabilities.push(await c(ctx, realtime, events));
    app = createApp(ctx, capabilities);

    let link: string | undefined;
    if (!(await hasAdmin(db.sql))) link = setupLink(config.publicUrl, await issueSetupToken(db.sql));

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    const url = config.publicUrl.includes(`:${config.port}`) && config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
    log.info({ url, embedded: db.embedded }, 'Maillage is listening');
    if (opts.announce) {
      console.log(`\n  Maillage is running at ${url}\n`);
      if (link) console.log(`  No admin yet. Open this one-time link to become the first admin:\n  ${link}\n`);
    }

    ctx.every('rate limit pruning', 60 * 60 * 1000, () => ctx.rateLimiter.prune());

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      ctx,
      realtime,
      httpServer,
      setupLink: link,
      close() {
        closing ??= (async () => {
          for (const timer of timers) clearInterval(timer);
          realtime.refuseNew();
          const { drained } = await connections.stopAccepting();
          // Also closes the HTTP server, which ends the connections now idle.
          await realtime.close();
          httpServer.closeIdleConnections();
          // A client that never lets go (a stuck long poll, a peer ignoring the close) cannot hold the stop.
          const forced = await Promise.race([drained.then(() => false), sleep(DRAIN_LIMIT_MS).then(() => true)]);
          if (forced) {
            log.warn({ afterMs: DRAIN_LIMIT_MS }, 'closing the connections still open');
            httpServer.closeAllConnections();
            await drained;
          }
          await db.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/** The longest a stop waits for open connections to end by themselves. */
const DRAIN_LIMIT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** How long a connection accepted just before shutdown has to deliver its request. */
const FRESH_CONNECTION_GRACE_MS = 5000;
/** At a stop, the listening socket closes once no connection arrived for this long (at most ACCEPT_QUIET_MAX_MS). */
const ACCEPT_QUIET_MS = 50;
/** How long a keep-alive connection idle at the stop has to deliver a request already sent. */
const IDLE_CONNECTION_GRACE_MS = 300;
const ACCEPT_QUIET_MAX_MS = 1000;

/**
 * Graceful stop of the HTTP side. Not http.Server#close() alone: it destroys at once every
 * connection without a request in progress, including those accepted an instant before
 * whose request is not read yet, so their clients get a reset instead of an answer.
 */
function trackConnections(httpServer: HttpServer, log: Logger) {
  /** Open HTTP connections (upgraded ones belong to socket.io). */
  const open = new Set<Socket>();
  /** Connections whose first request has not arrived yet. */
  const fresh = new Set<Socket>();
  /** Connections idle at the stop, given a moment to deliver a request already on its way. */
  const lingering = new Set<Socket>();
  /** Connections with a request being answered. */
  const busy = new Set<Socket>();
  const active = new Set<ServerResponse>();
  let stopping = false;
  let lastConnectionAt = 0;
  httpServer.on('connection', (socket: Socket) => {
    lastConnectionAt = Date.now();
    open.add(socket);
    fresh.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      fresh.delete(socket);
      lingering.delete(socket);
      busy.delete(socket);
    });
  });
  httpServer.prependListener('upgrade', (req) => {
    open.delete(req.socket);
    fresh.delete(req.socket);
  });
  httpServer.prependListener('request', (req, res) => {
    const socket = req.socket;
    fresh.delete(socket);
    lingering.delete(socket);
    busy.add(socket);
    active.add(res);
    if (stopping) res.shouldKeepAlive = false;
    res.once('close', () => {
      active.delete(res);
      busy.delete(socket);
      // A keep-alive connection whose answer started before the stop.
      if (stopping) socket.end();
    });
  });
  return {
    /**
     * Closes the listening socket and idle keep-alive connections; resolves, once fresh
     * connections had their grace, with a promise of the end of the last connection.
     */
    async stopAccepting(): Promise<{ drained: Promise<void> }> {
      stopping = true;
      // Answers still to come end their connection instead of keeping it alive.
      for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
      // Connections that reached the kernel before the stop wait in the listen backlog until the
      // event loop accepts them; closing the listening socket then would reset them. Keep
      // accepting until no connection came for a moment (each round lets the loop poll).
      const until = Date.now() + ACCEPT_QUIET_MAX_MS;
      do {
        await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setImmediate(r));
      } while (Date.now() - lastConnectionAt < ACCEPT_QUIET_MS && Date.now() < until);
      const drained = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
      // An idle keep-alive connection may carry a request the client wrote an instant before
      // the stop and the loop has not read yet: ending it at once would reset that request.
      for (const socket of open) if (!fresh.has(socket) && !busy.has(socket)) lingering.add(socket);
      log.info({ inFlight: busy.size, notYetRead: fresh.size, idle: lingering.size }, 'no longer accepting connections');
      const start = Date.now();
      while (
        (fresh.size > 0 && Date.now() - start < FRESH_CONNECTION_GRACE_MS) ||
        (lingering.size > 0 && Date.now() - start < IDLE_CONNECTION_GRACE_MS)
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      for (const socket of lingering) socket.end();
      // Wrapped: an async function returning a promise would wait for it, that is for the end of
      // every connection, upgraded websockets included, which only closing socket.io ends.
      return { drained };
    },
  };
}
