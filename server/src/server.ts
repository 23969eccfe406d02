import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasAdmin, issueSetupToken, setupLink } from './admin/setup.ts';
import { createApp, type HttpCapability } from './app.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { connectDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
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
    const ctx: AppContext = {
      config,
      sql: db.sql,
      log,
      rateLimiter: new RateLimiter(db.sql, config.appSecret),
      sessionsEnded: (ids) => endSessions(ids),
    };
    // The app is the server's request handler from the start, so that engine.io, attaching
    // next, wraps it and keeps /socket.io/ requests away from it (a listener added after
    // would answer them too: a 404 racing engine.io's reply, then a headers-sent crash).
    let app: ReturnType<typeof createApp> | undefined;
    const httpServer = createServer((req, res) => app!(req, res));
    const events = new SocketEventRegistry();
    const realtime = createRealtime(httpServer, ctx, events);
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

    const prune = setInterval(() => ctx.rateLimiter.prune().catch(() => {}), 60 * 60 * 1000);
    prune.unref();

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
          clearInterval(prune);
          const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
          httpServer.closeIdleConnections();
          await realtime.close();
          await drained;
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
