import { existsSync } from 'node:fs';
import path from 'node:path';
import { webDist } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { capabilities } from '../../server/src/capabilities.ts';
import { createLogger } from '../../server/src/logger.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { freePort } from './ports.ts';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  origin: string;
  /** Stops the server and removes its database. */
  stop(): Promise<void>;
}

/**
 * Starts the real server in this process on a free loopback port, with a database of its
 * own (see createTestDatabase). `env` adds or overrides variables.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const port = await freePort();
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: db.dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SERVE_WEB: 'false',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      ...env,
    },
    false,
  );
  const server = await startServer(config, { logger: createLogger(config.logLevel), capabilities });
  return {
    ...server,
    db,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await db.drop();
    },
  };
}

/** A test server that also serves the built web app (web/dist, built by the global setup), for browser tests. */
export async function startWebServer(env: Record<string, string> = {}): Promise<TestServer> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html is missing: build the web app first with \`npx vite build --config web/vite.config.ts\``);
  }
  return startTestServer({ ...env, SERVE_WEB: 'true' });
}

/** All rows of the given tables, to prove that a refused request changed nothing. */
export async function snapshot(server: RunningServer, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await server.ctx.sql.unsafe(`select * from ${t} order by 1`);
  return out;
}
