import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/db.ts';
import { loadConfig } from '../config.ts';
import { connectDatabase, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { RateLimiter, type Policy } from './ratelimit.ts';

let tdb: TestDatabase;
let db: Database;
const policy: Policy = { name: 'test:thing', max: 3, windowSeconds: 600 };

beforeAll(async () => {
  tdb = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: tdb.dataDir, ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}) }, false);
  db = await connectDatabase(config);
  await migrate(db.sql);
});
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});
beforeEach(async () => {
  await db.sql`delete from rate_limits`;
});

async function refusal(p: Promise<void>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('RateLimiter', () => {
  test('allows `max` hits per window, then refuses with the seconds left', async () => {
    const rl = new RateLimiter(db.sql, 'secret-a');
    for (let i = 0; i < policy.max; i++) await rl.hit(policy, 'alice@example.org');
    const err = await refusal(rl.hit(policy, 'alice@example.org'));
    expect(err.code).toBe('rate_limited');
    expect(err.status).toBe(429);
    expect(err.details?.retryAfterSeconds).toBeGreaterThan(policy.windowSeconds - 10);
    expect(err.details?.retryAfterSeconds).toBeLessThanOrEqual(policy.windowSeconds);
    // Other subjects are counted apart.
    await rl.hit(policy, 'bob@example.org');
  });

  test('retry-after shrinks as the window passes, and a new window starts afresh', async () => {
    const rl = new RateLimiter(db.sql, 'secret-a');
    for (let i = 0; i < policy.max; i++) await rl.hit(policy, 's');
    await db.sql`update rate_limits set window_start = now() - interval '500 seconds'`;
    const err = await refusal(rl.hit(policy, 's'));
    expect(err.details?.retryAfterSeconds).toBeGreaterThan(90);
    expect(err.details?.retryAfterSeconds).toBeLessThanOrEqual(100);
    await db.sql`update rate_limits set window_start = now() - interval '601 seconds'`;
    await rl.hit(policy, 's');
    const [row] = await db.sql<{ hits: number }[]>`select hits from rate_limits`;
    expect(row!.hits).toBe(1);
  });

  test('two limiters on the same database (two processes) share the counters', async () => {
    const a = new RateLimiter(db.sql, 'shared-secret');
    const b = new RateLimiter(db.sql, 'shared-secret');
    await a.hit(policy, '203.0.113.5');
    await b.hit(policy, '203.0.113.5');
    await a.hit(policy, '203.0.113.5');
    expect((await refusal(b.hit(policy, '203.0.113.5'))).code).toBe('rate_limited');
  });

  test('subjects are stored as keyed hashes, never in clear', async () => {
    await new RateLimiter(db.sql, 'secret-a').hit(policy, 'carol@example.org');
    await new RateLimiter(db.sql, 'secret-b').hit(policy, 'carol@example.org');
    const rows = await db.sql<{ key: string; hits: number }[]>`select key, hits from rate_limits`;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.key.startsWith('test:thing:')).toBe(true);
      expect(r.key).not.toContain('carol');
      expect(r.hits).toBe(1);
    }
  });

  test('hitAll counts every policy and reports the first exceeded', async () => {
    const rl = new RateLimiter(db.sql, 'secret-a');
    const tight: Policy = { name: 'test:tight', max: 1, windowSeconds: 60 };
    const loose: Policy = { name: 'test:loose', max: 100, windowSeconds: 60 };
    await rl.hitAll([[tight, 'x'], [loose, 'y']]);
    const err = await refusal(rl.hitAll([[tight, 'x'], [loose, 'y']]));
    expect(err.code).toBe('rate_limited');
    const rows = await db.sql<{ key: string; hits: number }[]>`select key, hits from rate_limits order by key`;
    expect(rows.map((r) => r.hits)).toEqual([2, 2]);
  });

  test('concurrent hits are all counted (one row, atomic upsert)', async () => {
    const rl = new RateLimiter(db.sql, 'secret-a');
    const wide: Policy = { name: 'test:wide', max: 1000, windowSeconds: 60 };
    await Promise.all(Array.from({ length: 25 }, () => rl.hit(wide, 'same')));
    const [row] = await db.sql<{ hits: number }[]>`select hits from rate_limits`;
    expect(row!.hits).toBe(25);
  });

  test('prune drops counters from long ago only', async () => {
    const rl = new RateLimiter(db.sql, 'secret-a');
    await rl.hit(policy, 'old');
    await rl.hit(policy, 'new');
    await db.sql`update rate_limits set window_start = now() - interval '2 days' where hits = 1 and key = (select min(key) from rate_limits)`;
    await rl.prune();
    expect(await db.sql`select key from rate_limits`).toHaveLength(1);
  });
});
