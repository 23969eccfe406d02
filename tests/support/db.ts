import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * Where a test server keeps its data: a fresh database on the Postgres server named by
 * TEST_DATABASE_URL when set (so tests can compare whole tables), else a fresh embedded
 * PGlite folder. `drop()` removes it.
 */
export interface TestDatabase {
  /** DATABASE_URL for the server, or undefined for the embedded database. */
  databaseUrl: string | undefined;
  dataDir: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export const usingPostgresServer = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'maillage-test-'));
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    return { databaseUrl: undefined, dataDir, kind: 'embedded', drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `maillage_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    kind: 'postgres',
    async drop() {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
