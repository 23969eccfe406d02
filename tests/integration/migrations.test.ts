import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { migrate, MigrationError, readMigrations } from '../../server/src/db/migrate.ts';
import { createSql, type Sql } from '../../server/src/db/sql.ts';
import { realPostgres, type RealPostgres } from '../support/pgcluster.ts';
import { killAll, spawnServer } from '../support/spawn.ts';

// Races between processes only mean something on a real server: on the one named by
// TEST_DATABASE_URL, or else on a private cluster started for this file.

let pg: RealPostgres;
const clients: Sql[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  pg = await realPostgres();
});
afterEach(async () => {
  await killAll();
  await Promise.all(clients.splice(0).map((c) => c.end({ timeout: 1 })));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(() => pg?.close());

function client(url: string): Sql {
  const sql = createSql(url, { embedded: false });
  clients.push(sql);
  return sql;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'maillage-mig-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function tableExists(sql: Sql, table: string): Promise<boolean> {
  const [row] = await sql<{ t: string | null }[]>`select to_regclass(${`public.${table}`})::text as t`;
  return row!.t !== null;
}

test('two clients migrating at once apply each migration exactly once', async () => {
  const db = await pg.createDatabase();
  // No IF NOT EXISTS anywhere: applying a migration twice would fail.
  const dir = migrationsDir({
    '0001_first.sql': 'create table mig_one (id int primary key);',
    '0002_slow.sql': 'select pg_sleep(0.5);\ncreate table mig_two (id int primary key);\ninsert into mig_two values (2);',
    '0003_third.sql': 'create table mig_three (id int primary key);\ninsert into mig_three values (3);',
  });
  const migrations = readMigrations(dir);
  expect(migrations.map((m) => m.name)).toEqual(['0001_first.sql', '0002_slow.sql', '0003_third.sql']);

  const a = client(db.url);
  const b = client(db.url);
  const started = performance.now();
  const [fromA, fromB] = await Promise.all([migrate(a, migrations), migrate(b, migrations)]);
  const ms = performance.now() - started;

  expect([...fromA, ...fromB].sort()).toEqual(['0001_first.sql', '0002_slow.sql', '0003_third.sql']);
  // The slow migration really ran while the other client waited on it: the race window was open.
  expect(ms).toBeGreaterThanOrEqual(450);
  const rows = await a<{ name: string }[]>`select name from schema_migrations order by name`;
  expect(rows.map((r) => r.name)).toEqual(['0001_first.sql', '0002_slow.sql', '0003_third.sql']);
  expect(await a`select id from mig_two`).toEqual([{ id: 2 }]);
  expect(await a`select id from mig_three`).toEqual([{ id: 3 }]);

  // Once applied, a later start applies nothing.
  expect(await migrate(b, migrations)).toEqual([]);
});

test('a failing migration rolls back completely and is not recorded; the ones before it stay', async () => {
  const db = await pg.createDatabase();
  const dir = migrationsDir({
    '0001_good.sql': 'create table mig_good (id int primary key);',
    '0002_broken.sql': 'create table mig_half (id int primary key);\ninsert into mig_half values (1);\nselect no_such_column from mig_half;',
    '0003_after.sql': 'create table mig_after (id int primary key);',
  });
  const sql = client(db.url);
  const err = await migrate(sql, readMigrations(dir)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationError);
  expect((err as MigrationError).migration).toBe('0002_broken.sql');
  expect((err as Error).message).toMatch(/0002_broken\.sql.*rolled back.*no_such_column/);

  expect(await tableExists(sql, 'mig_good')).toBe(true);
  expect(await tableExists(sql, 'mig_half')).toBe(false);
  expect(await tableExists(sql, 'mig_after')).toBe(false);
  const rows = await sql<{ name: string }[]>`select name from schema_migrations order by name`;
  expect(rows.map((r) => r.name)).toEqual(['0001_good.sql']);
});

test('two server processes started at the same moment on a fresh database both come up; each migration is applied once', async () => {
  const db = await pg.createDatabase();
  const [one, two] = await Promise.all([spawnServer({ DATABASE_URL: db.url }), spawnServer({ DATABASE_URL: db.url })]);
  for (const s of [one, two]) expect((await fetch(`${s.url}/readyz`)).status).toBe(200);

  const real = readMigrations().map((m) => m.name);
  const sql = client(db.url);
  const rows = await sql<{ name: string }[]>`select name from schema_migrations order by name`;
  expect(rows.map((r) => r.name)).toEqual(real);

  // What each process says it applied: together every migration, none twice.
  const appliedBy = (out: string) =>
    out
      .split('\n')
      .filter((l) => l.includes('"msg":"migrations applied"'))
      .flatMap((l) => (JSON.parse(l) as { applied: string[] }).applied);
  expect([...appliedBy(one.output()), ...appliedBy(two.output())].sort()).toEqual(real);
});

test('a start whose migration fails stops with one clear line and leaves nothing of it behind', async () => {
  const db = await pg.createDatabase();
  const sql = client(db.url);
  // A table in the way of the first migration, after it has created `users`.
  await sql`create table sessions (id int)`;

  const server = await spawnServer({ DATABASE_URL: db.url }, { waitReady: false });
  const exit = await server.exited;
  expect(exit.code).toBe(1);
  const errLines = server.stderrLines().filter((l) => l.trim());
  expect(errLines, server.output()).toHaveLength(1);
  expect(errLines[0]).toMatch(/^Database error: migration 0001_accounts\.sql failed and was rolled back .*"sessions" already exists/);
  expect(server.output()).not.toContain('Maillage is listening');

  expect(await tableExists(sql, 'users')).toBe(false);
  const rows = await sql<{ name: string }[]>`select name from schema_migrations`;
  expect(rows).toEqual([]);
});
