// `npm run seed`: loads demo places and members (marked demo) into an empty network.
// Refuses, on one line, when the database already holds real members or places.
import { communes } from '../communes/communes.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase, runningEmbeddedUrl } from '../db/connect.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrate } from '../db/migrate.ts';
import { createSql, type Sql } from '../db/sql.ts';
import { demoMembers, demoPlaces } from '../places/demo-places.ts';

class SeedRefused extends Error {}

const communeNamed = (name: string) => {
  const c = communes.find((x) => x.name === name);
  if (!c) throw new Error(`demo data names an unknown commune: ${name}`);
  return c;
};

export async function seed(sql: Sql): Promise<string> {
  return sql.begin(async (tx) => {
    // One seed at a time, and nothing real may appear between the check and the inserts.
    await tx`lock table users, places in share row exclusive mode`;
    const [real] = await tx<{ users: number; places: number }[]>`
      select (select count(*)::int from users where not demo) as users, (select count(*)::int from places where not demo) as places`;
    if (real!.users || real!.places) {
      throw new SeedRefused(`seed: refused, this database already holds real data (${real!.users} member(s), ${real!.places} place(s)); demo data is only loaded into an empty network.`);
    }
    const [already] = await tx<{ n: number }[]>`select count(*)::int as n from places where demo`;
    if (already!.n) return `Demo data is already loaded (${already!.n} places).`;

    const ids = new Map<string, string>();
    for (const m of demoMembers) {
      const email = `${m.name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z]+/g, '.')}@demo.maillage.invalid`;
      const [row] = await tx<{ id: string }[]>`
        insert into users (email, display_name, commune_code, visibility, demo, email_verified_at)
        values (${email}, ${m.name}, ${communeNamed(m.commune).code}, ${m.visibility}, true, now()) returning id`;
      ids.set(m.name, row!.id);
    }
    for (const p of demoPlaces) {
      const c = communeNamed(p.commune);
      // Spread places of one commune a little, so that their markers do not sit on each other.
      const rank = demoPlaces.filter((q) => q.commune === p.commune).indexOf(p);
      const [dLat, dLon] = ([[0, 0], [0.012, 0.016], [-0.012, -0.016], [0.012, -0.016]] as const)[rank % 4]!;
      const [row] = await tx<{ id: string }[]>`
        insert into places (name, kind, commune_code, lat, lon, address, description, contact, opening_hours, months_open, months_rooms_free, services, demo)
        values (${p.name}, ${p.kind}, ${c.code}, ${c.lat + dLat}, ${c.lon + dLon}, ${p.address}, ${p.description},
          ${'contact@demo.maillage.invalid'}, ${tx.json(p.hours)}, ${tx.array(p.monthsOpen ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}::int[],
          ${tx.array(p.monthsRoomsFree ?? [])}::int[], ${tx.array(p.services)}::text[], true)
        returning id`;
      for (const a of p.animators ?? []) {
        await tx`insert into place_members (place_id, user_id, role) values (${row!.id}, ${ids.get(a)!}, 'animator')`;
      }
    }
    // A few members belong to places and work somewhere today.
    const placeId = async (name: string) => (await tx<{ id: string }[]>`select id from places where name = ${name}`)[0]!.id;
    await tx`insert into place_members (place_id, user_id) values (${await placeId("L'Atelier")}, ${ids.get('Catherine Rouvière')!})`;
    await tx`insert into place_members (place_id, user_id) values (${await placeId('Polen')}, ${ids.get('Dan de Vries')!})`;
    await tx`insert into check_ins (user_id, place_id) values (${ids.get('Dan de Vries')!}, ${await placeId('Polen')})`;
    await tx`insert into check_ins (user_id, place_id) values (${ids.get('Catherine Rouvière')!}, ${await placeId("L'Atelier")})`;
    return `Loaded ${demoPlaces.length} demo places and ${demoMembers.length} demo members (marked demo; they have no password).`;
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const embeddedUrl = config.databaseUrl ? undefined : runningEmbeddedUrl(config.dataDir);
  if (embeddedUrl) {
    // The server is running on the embedded database: go through it (it applied the migrations).
    const sql = createSql(embeddedUrl, { embedded: true });
    try {
      console.log(await seed(sql));
    } finally {
      await sql.end({ timeout: 5 });
    }
    return;
  }
  const db = await connectDatabase(config);
  try {
    await migrate(db.sql);
    console.log(await seed(db.sql));
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    if (err instanceof SeedRefused || err instanceof ConfigError || err instanceof DataDirLockedError) console.error(err.message);
    else console.error(`seed: failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
