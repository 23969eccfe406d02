import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { skillKey } from '../../shared/skills.schema.ts';
import { TestClient } from '../support/client.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { FLORAC, MENDE, quietMember, setProfile, VILLEFORT } from './profiles.fixtures.ts';
import { admin as makeAdmin, joinPlace, member as makeMember, place, type Member } from './rooms.fixtures.ts';

let server: TestServer;
let visitor: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  visitor = new TestClient(server.url);
}, 120_000);
afterAll(() => server?.stop());

describe('skill vocabulary', () => {
  test('normalised keys: case, accents and spacing make no new skill', () => {
    expect(skillKey('Comptabilité')).toBe('comptabilite');
    expect(skillKey(' comptabilité ')).toBe('comptabilite');
    expect(skillKey('COMPTABILITÉ')).toBe('comptabilite');
    expect(skillKey('  Gestion   de\tprojet ')).toBe('gestion de projet');
    expect(skillKey('Ébénisterie')).toBe(skillKey('ebenisterie'));
  });

  test('members typing the same skill differently share one skill; the first label stays', async () => {
    const a = await makeMember(server, 'Anne Compta');
    const b = await makeMember(server, 'Bruno Compta');
    const c = await makeMember(server, 'Chloé Compta');
    await setProfile(a, { offers: ['Comptabilité'] });
    await setProfile(b, { offers: [' comptabilite '], seeks: ['Comptabilité'] });
    await setProfile(c, { seeks: ['COMPTABILITÉ', 'comptabilité'] });
    const rows = await server.ctx.sql`select key, label from skills where key = 'comptabilite'`;
    expect(rows).toEqual([{ key: 'comptabilite', label: 'Comptabilité' }]);
    const res = await visitor.get('/api/skills?q=COMPTA');
    expect(res.status).toBe(200);
    const s = res.body.skills.find((x: any) => x.key === 'comptabilite');
    expect(s).toMatchObject({ label: 'Comptabilité', offeredBy: 2, soughtBy: 2 });
    // Suggestions: key prefix, then a later word's prefix.
    await setProfile(a, { offers: ['Comptabilité', 'Aide à la comptabilité associative'] });
    const words = await visitor.get('/api/skills?q=compt');
    expect(words.body.skills.map((x: any) => x.key)).toEqual(['comptabilite', 'aide a la comptabilite associative']);
    const none = await visitor.get('/api/skills?q=zzzz');
    expect(none.body.skills).toEqual([]);
  });

  test('an admin merges a synonym: every member keeps one skill, no duplicates', async () => {
    const adm = await makeAdmin(server, 'Admin Vocabulaire');
    const m1 = await makeMember(server, 'Mathis Merge');
    const m2 = await makeMember(server, 'Maud Merge');
    await setProfile(m1, { offers: ['Tenue de livres', 'Bookkeeping merge'] });
    await setProfile(m2, { offers: ['Bookkeeping merge'], seeks: ['Tenue de livres'] });
    const [from] = await server.ctx.sql<{ id: string }[]>`select id from skills where key = 'bookkeeping merge'`;
    const [into] = await server.ctx.sql<{ id: string }[]>`select id from skills where key = 'tenue de livres'`;
    const refused = await m1.client.post('/api/admin/skills/merge', { from: from!.id, into: into!.id });
    expect(refused.status).toBe(403);
    const res = await adm.client.post('/api/admin/skills/merge', { from: from!.id, into: into!.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p1 = (await m1.client.get('/api/profile')).body;
    expect(p1.offers.map((s: any) => s.label)).toEqual(['Tenue de livres']);
    const p2 = (await m2.client.get('/api/profile')).body;
    expect(p2.offers.map((s: any) => s.label)).toEqual(['Tenue de livres']);
    expect(p2.seeks.map((s: any) => s.label)).toEqual(['Tenue de livres']);
    expect(await server.ctx.sql`select 1 from skills where id = ${from!.id}`).toHaveLength(0);
    const self = await adm.client.post('/api/admin/skills/merge', { from: into!.id, into: into!.id });
    expect(self.status).toBe(400);
  });
});

describe('my profile', () => {
  test('a member edits their own profile; visitors cannot; bad communes are refused and change nothing', async () => {
    const m = await makeMember(server, 'Roald Designer');
    const saved = await setProfile(m, {
      displayName: 'Roald Martin',
      communeCode: MENDE,
      bio: 'Graphiste indépendant, logos et affiches.',
      offers: ['Illustration', 'Logo'],
      seeks: ['Comptabilité'],
      availability: ['lundi', 'jeudi après-midi'],
      languages: ['français', 'English'],
      visibility: 'public',
    });
    expect(saved).toMatchObject({
      userId: m.id,
      displayName: 'Roald Martin',
      initials: 'RM',
      communeName: 'Mende',
      bio: 'Graphiste indépendant, logos et affiches.',
      availability: ['lundi', 'jeudi après-midi'],
      languages: ['français', 'English'],
      visibility: 'public',
      isMe: true,
      hasAvatar: false,
      avatarUrl: null,
    });
    expect(saved.offers.map((s: any) => s.label)).toEqual(['Illustration', 'Logo']);
    const before = await snapshot(server, ['users', 'profiles', 'user_skills']);
    const bad = await m.client.request('PUT', '/api/profile', { ...saved, communeCode: '75056' });
    expect(bad.status).toBe(400);
    expect(await snapshot(server, ['users', 'profiles', 'user_skills'])).toEqual(before);
    const anon = await visitor.request('PUT', '/api/profile', { displayName: 'x', communeCode: null, bio: '', offers: [], seeks: [], availability: [], languages: [], visibility: 'public' });
    expect(anon.status).toBe(401);
    // Another member sees it without the visibility setting.
    const other = await makeMember(server, 'Lecteur');
    const seen = await other.client.get(`/api/profiles/${m.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.visibility).toBeUndefined();
    expect(seen.body.isMe).toBe(false);
  });
});

describe('avatar', () => {
  let m: Member;
  beforeAll(async () => {
    m = await makeMember(server, 'Avatar Owner');
    await setProfile(m, { visibility: 'public' });
  });
  const upload = (body: Buffer, type: string) =>
    fetch(`${server.url}/api/profile/avatar`, { method: 'PUT', headers: { origin: server.origin, cookie: m.client.cookieHeader(), 'content-type': type }, body: new Uint8Array(body) });

  test('a JPEG with EXIF becomes a 256×256 WebP without metadata; initials when none', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Secret GPS place', Artist: 'Roald' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await upload(jpeg, 'image/jpeg');
    expect(res.status, await res.clone().text()).toBe(200);
    const img = await visitor.request('GET', `/api/profiles/${m.id}/avatar`);
    expect(img.status).toBe(200);
    const got = await fetch(`${server.url}/api/profiles/${m.id}/avatar`);
    expect(got.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await got.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('Secret GPS place'))).toBe(false);
    expect((await m.client.get('/api/profile')).body).toMatchObject({ hasAvatar: true, avatarUrl: `/api/profiles/${m.id}/avatar` });
    // PNG and WebP are accepted too.
    const png = await sharp({ create: { width: 300, height: 500, channels: 4, background: '#3a6' } }).png().toBuffer();
    expect((await upload(png, 'image/png')).status).toBe(200);
    const webp = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#36a' } }).webp().toBuffer();
    expect((await upload(webp, 'image/webp')).status).toBe(200);
    // Removed: initials again.
    expect((await m.client.delete('/api/profile/avatar')).status).toBe(204);
    expect((await m.client.get('/api/profile')).body).toMatchObject({ hasAvatar: false, initials: 'AO' });
    expect((await visitor.get(`/api/profiles/${m.id}/avatar`)).status).toBe(404);
  });

  test('wrong types, mismatched types and oversize images are refused and change nothing', async () => {
    const before = await snapshot(server, ['avatars']);
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).png().toBuffer();
    const mismatch = await upload(png, 'image/jpeg');
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).error.code).toBe('validation_failed');
    const gif = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).gif().toBuffer();
    expect((await upload(gif, 'image/gif')).status).toBe(400);
    expect((await upload(gif, 'image/png')).status).toBe(400);
    // Noise does not compress: a PNG well over 2 MB.
    const big = await sharp({ create: { width: 1400, height: 1400, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const tooBig = await upload(big, 'image/png');
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('payload_too_large');
    // Over the JSON limit but under 2 MB: accepted on this route only, for images only.
    const mid = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(mid.length).toBeGreaterThan(100 * 1024);
    expect(mid.length).toBeLessThan(2 * 1024 * 1024);
    const anon = await fetch(`${server.url}/api/profile/avatar`, { method: 'PUT', headers: { origin: server.origin, 'content-type': 'image/png' }, body: new Uint8Array(png) });
    expect(anon.status).toBe(401);
    expect(await snapshot(server, ['avatars'])).toEqual(before);
    expect((await upload(mid, 'image/png')).status).toBe(200);
  });
});

describe('visibility: every level × every kind of viewer, everywhere', () => {
  const SKILL = 'Vannerie sauvage';
  let target: Member;
  let sharer: Member;
  let stranger: Member;
  let targetAvatar: Buffer;

  beforeAll(async () => {
    target = await makeMember(server, 'Tess Cible');
    sharer = await makeMember(server, 'Sam Voisin');
    stranger = await makeMember(server, 'Nora Lointaine');
    const polen = await place(server, 'Polen');
    const other = await place(server, 'Autre lieu');
    await joinPlace(server, polen, target.id, 'member');
    await joinPlace(server, polen, sharer.id, 'member');
    await joinPlace(server, other, stranger.id, 'member');
    await setProfile(sharer, { communeCode: MENDE, seeks: [SKILL], offers: ['Cuisine'] });
    await setProfile(stranger, { communeCode: FLORAC, seeks: [SKILL], offers: ['Cuisine'] });
    targetAvatar = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a33' } }).png().toBuffer();
  });

  const expected = {
    public: { visitor: true, sharer: true, stranger: true, self: true },
    network: { visitor: false, sharer: true, stranger: true, self: true },
    my_places: { visitor: false, sharer: true, stranger: false, self: true },
    hidden: { visitor: false, sharer: false, stranger: false, self: true },
  } as const;

  test.each(Object.keys(expected) as (keyof typeof expected)[])('%s', async (level) => {
    await setProfile(target, { communeCode: MENDE, offers: [SKILL], seeks: ['Cuisine'], bio: 'Paniers en osier', visibility: level });
    const up = await fetch(`${server.url}/api/profile/avatar`, {
      method: 'PUT',
      headers: { origin: server.origin, cookie: target.client.cookieHeader(), 'content-type': 'image/png' },
      body: new Uint8Array(targetAvatar),
    });
    expect(up.status).toBe(200);
    const viewers = { visitor, sharer: sharer.client, stranger: stranger.client, self: target.client } as const;
    for (const [kind, client] of Object.entries(viewers) as [keyof typeof viewers, TestClient][]) {
      const may = expected[level][kind];
      const where = `${level} seen by ${kind}`;
      // Profile page and avatar.
      const profile = await client.get(`/api/profiles/${target.id}`);
      expect(profile.status, where).toBe(may ? 200 : 404);
      const avatar = await client.get(`/api/profiles/${target.id}/avatar`);
      expect(avatar.status, where).toBe(may ? 200 : 404);
      // Directory: by skill, by text, by radius, by place. Never oneself.
      const listed = may && kind !== 'self';
      for (const q of [`skill=${encodeURIComponent(SKILL)}`, 'q=osier', 'q=tess', ...(kind === 'visitor' ? [] : [`skill=${encodeURIComponent(SKILL)}&radiusKm=50`])]) {
        const res = await client.get(`/api/profiles?${q}`);
        expect(res.status, `${where} ${q} ${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body.members.some((c: any) => c.userId === target.id), `${where} ${q}`).toBe(listed);
      }
      // Matches (members only): the others seek what the target offers.
      const matches = await client.get('/api/matches');
      if (kind === 'visitor') expect(matches.status).toBe(401);
      else expect(matches.body.matches.some((c: any) => c.userId === target.id), `${where} matches`).toBe(listed);
      // Proposing an exchange reaches only those one may see.
      if (kind === 'sharer' || kind === 'stranger') {
        const p = await client.post('/api/exchanges', { toUserId: target.id, offer: 'Cuisine', ask: SKILL, message: 'Échange ?' });
        expect(p.status, `${where} propose`).toBe(may ? 201 : 404);
        if (may) expect((await client.post(`/api/exchanges/${p.body.id}/cancel`)).status).toBe(200);
      }
    }
  });

  test('a hidden member is still shown by name where they act (an exchange they are party to)', async () => {
    await setProfile(target, { communeCode: MENDE, offers: [SKILL], visibility: 'public' });
    const p = await stranger.client.post('/api/exchanges', { toUserId: target.id, offer: 'Cuisine', ask: SKILL, message: '' });
    expect(p.status).toBe(201);
    await setProfile(target, { communeCode: MENDE, offers: [SKILL], visibility: 'hidden' });
    const seen = await stranger.client.get(`/api/exchanges/${p.body.id}`);
    expect(seen.body.recipient).toEqual({ userId: target.id, displayName: 'Tess Cible' });
    expect((await stranger.client.get(`/api/profiles/${target.id}`)).status).toBe(404);
  });
});

describe('directory', () => {
  test('search by text, skill, radius and place, paginated, with the reasons of each result', async () => {
    const viewer = await makeMember(server, 'Directory Viewer');
    await setProfile(viewer, { communeCode: MENDE });
    const lieu = await place(server, 'Fablab du Causse');
    await joinPlace(server, lieu, viewer.id, 'member');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = await quietMember(server, `Potier ${String(i).padStart(2, '0')}`, { communeCode: i % 2 ? FLORAC : MENDE, offers: ['Poterie raku'], bio: i === 3 ? 'Tournage et émaillage' : '' });
      if (i === 4) await joinPlace(server, lieu, id, 'member');
      ids.push(id);
    }
    const p1 = await viewer.client.get('/api/profiles?skill=poterie%20RAKU&kind=offer&radiusKm=10');
    expect(p1.status).toBe(200);
    expect(p1.body.total).toBe(13);
    expect(p1.body.members).toHaveLength(13);
    expect(p1.body.originCommune).toBe(MENDE);
    const first = p1.body.members[0];
    expect(first.reasons).toEqual(expect.arrayContaining([{ kind: 'offers', skill: 'Poterie raku' }, { kind: 'distance', km: 0 }]));
    const all = await viewer.client.get('/api/profiles?skill=poterie%20raku&radiusKm=50');
    expect(all.body.total).toBe(25);
    expect(all.body.members).toHaveLength(20);
    const page2 = await viewer.client.get('/api/profiles?skill=poterie%20raku&radiusKm=50&page=2');
    expect(page2.body.members).toHaveLength(5);
    expect(new Set([...all.body.members, ...page2.body.members].map((c: any) => c.userId))).toEqual(new Set(ids));
    // Nearer first.
    const kms = [...all.body.members, ...page2.body.members].map((c: any) => c.distanceKm);
    expect(kms).toEqual([...kms].sort((a, b) => a - b));
    expect(kms.at(-1)).toBeGreaterThan(20);
    const seekers = await viewer.client.get('/api/profiles?skill=poterie%20raku&kind=seek');
    expect(seekers.body.total).toBe(0);
    const text = await viewer.client.get('/api/profiles?q=EMAILLAGE');
    expect(text.body.members.map((c: any) => c.userId)).toEqual([ids[3]]);
    expect(text.body.members[0].reasons).toContainEqual({ kind: 'bio' });
    const byName = await viewer.client.get('/api/profiles?q=potier%2007');
    expect(byName.body.members.map((c: any) => c.userId)).toEqual([ids[7]]);
    expect(byName.body.members[0].reasons).toContainEqual({ kind: 'name' });
    const byPlace = await viewer.client.get(`/api/profiles?placeId=${lieu}`);
    expect(byPlace.body.members.map((c: any) => c.userId)).toEqual([ids[4]]);
    expect(byPlace.body.members[0].reasons).toContainEqual({ kind: 'place', place: 'Fablab du Causse' });
    // A radius needs a commune.
    expect((await visitor.get('/api/profiles?skill=poterie%20raku&radiusKm=30')).status).toBe(400);
    const [noCommune] = [viewer];
    await setProfile(noCommune, { communeCode: null });
    expect((await noCommune.client.get('/api/profiles?skill=poterie%20raku&radiusKm=30')).status).toBe(400);
  });
});

describe('copies kept for fast search follow every change', () => {
  test('a commune or visibility changed, through the profile or straight in the database, moves the member in radius search and matches', async () => {
    const seeker = await makeMember(server, 'Sonia Chercheuse');
    const mover = await makeMember(server, 'Marc Mobile');
    await setProfile(seeker, { communeCode: MENDE, seeks: ['Ferronnerie d’art'] });
    await setProfile(mover, { communeCode: MENDE, offers: ['Ferronnerie d’art'] });
    const near = () => seeker.client.get(`/api/profiles?skill=${encodeURIComponent('ferronnerie d’art')}&radiusKm=10`);
    const listed = async () => (await near()).body.members.some((c: any) => c.userId === mover.id);
    const matched = async () => (await seeker.client.get('/api/matches')).body.matches.some((c: any) => c.userId === mover.id);
    expect(await listed()).toBe(true);
    expect(await matched()).toBe(true);
    const offers = ['Ferronnerie d’art'];
    await setProfile(mover, { communeCode: VILLEFORT, visibility: 'network', offers });
    expect(await listed()).toBe(false);
    expect(await matched()).toBe(true);
    // The skill rows are not rewritten by this one: the triggers must carry the change.
    await server.ctx.sql`update users set commune_code = ${MENDE}, visibility = 'hidden' where id = ${mover.id}`;
    expect(await listed()).toBe(false);
    expect(await matched()).toBe(false);
    await setProfile(mover, { communeCode: MENDE, visibility: 'public', offers });
    expect(await listed()).toBe(true);
    expect(await matched()).toBe(true);
  });
});
