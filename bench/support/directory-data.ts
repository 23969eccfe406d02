import { randomUUID } from 'node:crypto';
import { communes } from '../../server/src/communes/communes.ts';
import type { Sql } from '../../server/src/db/sql.ts';
import { skillKey } from '../../shared/skills.schema.ts';

/** A deterministic pseudo-random generator (mulberry32), so that two runs load the same network. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Anne', 'Luc', 'Roald', 'Murielle', 'Catherine', 'Dan', 'Justine', 'Gérard', 'Marie-Louise', 'Élodie', 'Hugo', 'Inès', 'Jules', 'Léa', 'Noé', 'Zoé'];
const lastNames = ['Martin', 'Pagès', 'Rouvière', 'Chaptal', 'Bonnet', 'Vidal', 'Boyer', 'Roux', 'Fabre', 'Aigoin', 'Plagnes', 'Malige'];
const skillRoots = ['Comptabilité', 'Illustration', 'Graphisme', 'Développement web', 'Menuiserie', 'Traduction', 'Photographie', 'Vidéo', 'Secrétariat', 'Juridique',
  'Marketing', 'Couture', 'Jardinage', 'Cuisine', 'Électricité', 'Plomberie', 'Réseaux', 'Rédaction', 'Animation', 'Formation'];

export interface Network {
  userIds: string[];
  skillIds: string[];
  /** Ids of members with a commune, who may search by distance. */
  withCommune: string[];
}

/** Weighted pick of a commune by population (people live where people live). */
function communePicker(rand: () => number): () => string {
  const total = communes.reduce((n, c) => n + c.population, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of communes) cumulative.push((acc += c.population));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return communes[lo]!.code;
  };
}

/**
 * Bulk-loads `count` members with skills (a vocabulary of 300, a few popular ones), communes,
 * visibilities and place memberships, by multi-row inserts. Everyone shares one password hash.
 */
export async function loadNetwork(sql: Sql, count: number, passwordHash: string, log: (s: string) => void): Promise<Network> {
  const rand = rng(48);
  const pickCommune = communePicker(rand);
  const skills = Array.from({ length: 300 }, (_, i) => {
    const label = i < skillRoots.length ? skillRoots[i]! : `${skillRoots[i % skillRoots.length]} ${Math.floor(i / skillRoots.length)}`;
    return { id: randomUUID(), key: skillKey(label), label };
  });
  await sql`insert into skills ${sql(skills, 'id', 'key', 'label')}`;
  const places = Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), name: `Lieu ${i}` }));
  await sql`insert into places ${sql(places, 'id', 'name')}`;
  // Popular skills first: a skewed pick (squared uniform).
  const pickSkill = () => skills[Math.floor(rand() * rand() * skills.length)]!.id;

  const userIds: string[] = [];
  const withCommune: string[] = [];
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    const users = [];
    const userSkills: { userId: string; skillId: string; kind: string }[] = [];
    const members: { placeId: string; userId: string }[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const id = randomUUID();
      const r = rand();
      const visibility = r < 0.2 ? 'public' : r < 0.8 ? 'network' : r < 0.95 ? 'my_places' : 'hidden';
      const communeCode = rand() < 0.9 ? pickCommune() : null;
      users.push({
        id,
        email: `member${i}@bench.example.org`,
        displayName: `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]} ${i}`,
        passwordHash,
        communeCode,
        visibility,
      });
      userIds.push(id);
      if (communeCode) withCommune.push(id);
      const seen = new Set<string>();
      for (const [kind, n] of [['offer', 1 + Math.floor(rand() * 4)], ['seek', 1 + Math.floor(rand() * 3)]] as const) {
        for (let k = 0; k < n; k++) {
          const skillId = pickSkill();
          if (seen.has(`${kind}${skillId}`)) continue;
          seen.add(`${kind}${skillId}`);
          userSkills.push({ userId: id, skillId, kind });
        }
      }
      if (rand() < 0.3) members.push({ placeId: places[Math.floor(rand() * places.length)]!.id, userId: id });
    }
    await sql`insert into users ${sql(users, 'id', 'email', 'displayName', 'passwordHash', 'communeCode', 'visibility')}`;
    for (let i = 0; i < userSkills.length; i += 10_000) {
      await sql`insert into user_skills ${sql(userSkills.slice(i, i + 10_000), 'userId', 'skillId', 'kind')}`;
    }
    if (members.length) await sql`insert into place_members ${sql(members, 'placeId', 'userId')}`;
    log(`  ${Math.min(count, start + chunk)} members`);
  }
  await sql`analyze`;
  return { userIds, skillIds: skills.map((s) => s.id), withCommune };
}
