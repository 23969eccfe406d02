import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { startEmbeddedDatabase } from './embedded.ts';
import { createSql, type Sql } from './sql.ts';

export interface Database {
  sql: Sql;
  embedded: boolean;
  close(): Promise<void>;
}

const endpointFile = (dataDir: string) => path.join(dataDir, 'embedded-db.json');

/**
 * Connects to DATABASE_URL, or starts the embedded PGlite under DATA_DIR and publishes
 * its loopback address so that operator commands can reach it while the server runs.
 */
export async function connectDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const sql = createSql(config.databaseUrl, { embedded: false });
    return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
  }
  const db = await startEmbeddedDatabase(config.dataDir);
  writeFileSync(endpointFile(config.dataDir), JSON.stringify({ pid: process.pid, url: db.url }));
  const sql = createSql(db.url, { embedded: true });
  return {
    sql,
    embedded: true,
    async close() {
      await sql.end({ timeout: 5 });
      rmSync(endpointFile(config.dataDir), { force: true });
      await db.stop();
    },
  };
}

/** The loopback URL of the embedded database a running server publishes, if any. */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  try {
    const { pid, url } = JSON.parse(readFileSync(endpointFile(dataDir), 'utf8')) as { pid: number; url: string };
    process.kill(pid, 0);
    return url;
  } catch {
    return undefined;
  }
}
