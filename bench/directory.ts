/**
 * The members' directory and match list on a large network: 100,000 synthetic members loaded
 * into a fresh database on a Postgres server, then the median and p95 time of
 *   - a directory search (a skill + 30 km around the viewer's commune), as the route runs it
 *     (directoryPage: origin, skill lookup, search with visibility, skills and shared places of the page),
 *   - one member's match list (matchesPage),
 * each beside its own SQL run alone (no presentation) and a plain hand-written indexed SQL query
 * answering the same question (without the my-places rule), in the same run.
 *
 *   BENCH_DATABASE_URL=postgres://… node --import tsx bench/directory.ts [members=100000] [runs=200]
 *
 * Uses BENCH_DATABASE_URL or TEST_DATABASE_URL (loopback). Creates a database and drops it at the end.
 */
import postgres from 'postgres';
import { hashPassword } from '../server/src/auth/password.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createSql } from '../server/src/db/sql.ts';
import { searchDirectory, selectMatches } from '../server/src/profiles/directory.queries.ts';
import { directoryPage, matchesPage } from '../server/src/profiles/directory.service.ts';
import { syncCommunePositions } from '../server/src/profiles/positions.ts';
import { communeByCode } from '../server/src/communes/communes.ts';
import { loadNetwork, rng } from './support/directory-data.ts';

const members = Math.max(1000, Number(process.argv[2] ?? 100_000));
const runs = Math.max(20, Number(process.argv[3] ?? 200));
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const deadline = setTimeout(() => {
  console.error('bench: over 15 minutes, giving up');
  process.exit(2);
}, 15 * 60_000);

if (!base) {
  console.error('bench: set BENCH_DATABASE_URL or TEST_DATABASE_URL (a Postgres server on 127.0.0.1)');
  process.exit(1);
}
const host = new URL(base).hostname;
if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  console.error(`bench: loopback only, not ${host}`);
  process.exit(1);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (n: number) => n.toFixed(2).padStart(8);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const name = `maillage_bench_${Date.now().toString(36)}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const sql = createSql(url.toString(), { embedded: false });
let failed = false;
try {
  await migrate(sql);
  await syncCommunePositions(sql);
  const t0 = Date.now();
  console.log(`loading ${members} members…`);
  const net = await loadNetwork(sql, members, await hashPassword('bench-password-not-used'), (s) => console.log(s));
  console.log(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const rand = rng(7);
  const viewers = Array.from({ length: runs }, () => net.withCommune[Math.floor(rand() * net.withCommune.length)]!);
  // Skills among the 40 most common, as people search for what exists.
  const [skillRows] = [await sql<{ id: string; key: string }[]>`select id, key from skills`];
  const keys = new Map(skillRows.map((r) => [r.id, r.key]));
  const skillsFor = viewers.map(() => net.skillIds[Math.floor(rand() * 40)]!);
  const communeOf = new Map(
    (await sql<{ id: string; communeCode: string }[]>`select id, commune_code from users where id in ${sql(viewers)}`).map((r) => [r.id, r.communeCode]),
  );
  const ctx = { sql };

  /** The plain indexed query: offerers or seekers of a skill within 30 km, visible to members, nearest first. */
  const plainSearch = (viewerId: string, skillId: string) => {
    const c = communeByCode(communeOf.get(viewerId))!;
    const dLat = 30 / 111.2;
    const dLon = 30 / (111.2 * Math.cos((c.lat * Math.PI) / 180));
    return sql`
      select u.id, u.display_name, d.km from user_skills us
      join users u on u.id = us.user_id
      join (select code, 6371.0088 * 2 * asin(sqrt(power(sin(radians(lat - ${c.lat}::float8) / 2), 2)
              + cos(radians(${c.lat}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${c.lon}::float8) / 2), 2))) as km
            from commune_positions where lat between ${c.lat - dLat} and ${c.lat + dLat} and lon between ${c.lon - dLon} and ${c.lon + dLon}) d
        on d.code = u.commune_code and d.km <= 30
      where us.skill_id = ${skillId} and u.visibility in ('public', 'network') and u.id <> ${viewerId}
      order by d.km, u.display_name limit 20`;
  };
  /** The plain indexed query: members offering what I seek or seeking what I offer, most skills in common first. */
  const plainMatches = (viewerId: string) => sql`
    select us.user_id, count(*) as n from user_skills m
    join user_skills us on us.skill_id = m.skill_id and us.kind <> m.kind
    join users u on u.id = us.user_id
    where m.user_id = ${viewerId} and us.user_id <> ${viewerId} and u.visibility in ('public', 'network')
    group by us.user_id order by n desc, us.user_id limit 20`;

  const measure = async (label: string, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < Math.min(20, runs); i++) await fn(i); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push(await time(() => fn(i)));
    return { label, median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
  };

  let found = 0;
  const search = await measure('directory search (route)', async (i) => {
    const page = await directoryPage(ctx, viewers[i]!, { skill: keys.get(skillsFor[i]!)!, radiusKm: 30 });
    found += page.total;
  });
  const searchSql = await measure('  its SQL alone', (i) => {
    const c = communeByCode(communeOf.get(viewers[i]!))!;
    return searchDirectory(sql, { viewerId: viewers[i]!, skillId: skillsFor[i]!, kinds: ['offer', 'seek'], origin: c, radiusKm: 30, limit: 20, offset: 0 });
  });
  const searchPlain = await measure('  a plain indexed SQL', (i) => plainSearch(viewers[i]!, skillsFor[i]!));
  let matched = 0;
  const matches = await measure('match list (route)', async (i) => {
    matched += (await matchesPage(ctx, viewers[i]!, 1)).matches.length;
  });
  const matchesSql = await measure('  its SQL alone', (i) => {
    const c = communeByCode(communeOf.get(viewers[i]!))!;
    return selectMatches(sql, viewers[i]!, c, 20, 0);
  });
  const matchesPlain = await measure('  a plain indexed SQL', (i) => plainMatches(viewers[i]!));

  console.log(`\n${members} members, ${runs} runs each (after ${Math.min(20, runs)} warm-up runs); mean results: ${(found / (runs + Math.min(20, runs))).toFixed(0)} found, ${(matched / (runs + Math.min(20, runs))).toFixed(1)} matches shown`);
  console.log(`${'query'.padEnd(28)}  median ms      p95 ms`);
  for (const r of [search, searchSql, searchPlain, matches, matchesSql, matchesPlain]) console.log(`${r.label.padEnd(28)} ${fmt(r.median)}    ${fmt(r.p95)}`);
  console.log(`ratio p95 route / its SQL alone: search ${(search.p95 / searchSql.p95).toFixed(2)}, matches ${(matches.p95 / matchesSql.p95).toFixed(2)}`);
  console.log(`ratio p95 route / plain indexed SQL: search ${(search.p95 / searchPlain.p95).toFixed(2)}, matches ${(matches.p95 / matchesPlain.p95).toFixed(2)}`);
  const goal = 50;
  const ok = search.p95 < goal && matches.p95 < goal;
  console.log(`goal p95 < ${goal} ms: ${ok ? 'met' : 'NOT met'}`);
  failed = !ok;
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  await sql.end();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  clearTimeout(deadline);
}
process.exit(failed ? 1 : 0);
