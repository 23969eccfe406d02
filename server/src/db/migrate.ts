import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isConnectionError, type Sql } from './sql.ts';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
/** Arbitrary constant shared by every Maillage process: the key of the migration lock. */
const MIGRATION_LOCK_KEY = 734_221_998;

/** A migration failed; its transaction was rolled back, so none of it is applied. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    const reason = String((cause as Error | undefined)?.message ?? cause).replace(/\s+/g, ' ');
    super(`migration ${migration} failed and was rolled back (nothing of it is applied): ${reason}`);
  }
}

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Applies pending migrations in order, each in its own transaction. An advisory lock
 * taken inside each transaction makes concurrent starts apply every migration once.
 * Returns the names applied by this call.
 */
export async function migrate(sql: Sql, migrations = readMigrations()): Promise<string[]> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`;
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await sql
      .begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
        const [row] = await tx`select 1 from schema_migrations where name = ${m.name}`;
        if (row) return false;
        await tx.unsafe(m.sql).simple();
        await tx`insert into schema_migrations (name) values (${m.name})`;
        return true;
      })
      .catch((err: unknown) => {
        // A lost connection is reported as such (the start says to check DATABASE_URL).
        throw isConnectionError(err) ? err : new MigrationError(m.name, err);
      });
    if (done) applied.push(m.name);
  }
  return applied;
}
