import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './lock.ts';

export interface EmbeddedDatabase {
  /** A postgres:// URL on loopback that postgres.js connects to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite persisted under `dataDir/pglite` and serves it on a loopback port,
 * so the app reaches it through the same postgres.js code path as a real server.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const unlock = lockDataDir(dataDir);
  try {
    const db = await PGlite.create(path.join(dataDir, 'pglite'));
    // Several connections share one backend through pglite-socket's queue; the app
    // itself keeps one pool connection, a few more leave room for operator tools.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    const { port } = server as unknown as { port: number };
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
