import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { MemberVisibility, PlaceDetail, PlacePresence, PlaceSummary } from '../../shared/places.schema.ts';
import { placesClock } from '../../server/src/places/clock.ts';
import { TestClient } from '../support/client.ts';
import { startTestServer, snapshot, type TestServer } from '../support/server.ts';
import { emitAck, type TestSocket } from '../support/socket.ts';
import { setProfile } from './profiles.fixtures.ts';
import { admin as makeAdmin, member as makeMember, socketOf, type Member } from './rooms.fixtures.ts';

let server: TestServer;
let admin: Member;
let murielle: Member;
let dan: Member;
let roald: Member;
let visitor: TestClient;
const sockets: TestSocket[] = [];

const MENDE = '48095';
const FLORAC = '48061';
const weekdays = [1, 2, 3, 4, 5].flatMap((day) => [
  { day, open: '09:00', close: '12:30' },
  { day, open: '14:00', close: '18:00' },
]);

beforeAll(async () => {
  server = await startTestServer();
  admin = await makeAdmin(server, 'Admin Réseau');
  murielle = await makeMember(server, 'Murielle Animatrice');
  dan = await makeMember(server, 'Dan Greenworker');
  roald = await makeMember(server, 'Roald Designer');
  visitor = new TestClient(server.url);
}, 120_000);
afterEach(() => {
  placesClock.now = () => new Date();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

async function createPlace(body: Record<string, unknown>, by = admin): Promise<PlaceDetail> {
  const res = await by.client.post('/api/places', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('permissions', () => {
  let placeId: string;

  test('an admin creates a place and names its first animator; members and visitors cannot', async () => {
    const refusedMember = await murielle.client.post('/api/places', { name: 'Pirate', kind: 'other', communeCode: MENDE });
    expect(refusedMember.status).toBe(403);
    expect(refusedMember.body.error.code).toBe('forbidden');
    const refusedVisitor = await visitor.post('/api/places', { name: 'Pirate', kind: 'other', communeCode: MENDE });
    expect(refusedVisitor.status).toBe(401);
    const unknownCommune = await admin.client.post('/api/places', { name: 'Nulle part', kind: 'other', communeCode: '75056' });
    expect(unknownCommune.status).toBe(400);

    const p = await createPlace({
      name: 'Maison France Services de Villefort',
      kind: 'public_service',
      communeCode: '48198',
      services: ['wifi', 'public_service_desk', 'printer'],
      openingHours: weekdays,
      animatorIds: [murielle.id],
    });
    placeId = p.id;
    expect(p.communeName).toBe('Villefort');
    expect(p.lat).toBeCloseTo(44.44, 1);
    expect(p.animators.map((a) => a.userId)).toEqual([murielle.id]);
  });

  test('its animator edits it and names another animator; a plain member cannot', async () => {
    const before = await snapshot(server, ['places', 'place_members']);
    const refused = await dan.client.patch(`/api/places/${placeId}`, { description: 'vandalisme' });
    expect(refused.status).toBe(403);
    const refusedName = await dan.client.post(`/api/admin/places/${placeId}/animators`, { userId: dan.id });
    expect(refusedName.status).toBe(403);
    expect(await snapshot(server, ['places', 'place_members'])).toEqual(before);

    const edited = await murielle.client.patch(`/api/places/${placeId}`, { description: 'Accueil et accompagnement numérique.', services: ['wifi', 'fiber', 'wifi'] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.description).toBe('Accueil et accompagnement numérique.');
    expect(edited.body.services).toEqual(['wifi', 'fiber']);
    expect(edited.body.me.canEdit).toBe(true);

    // Naming animators goes through the accounts endpoint (one place for that rule).
    const named = await murielle.client.post(`/api/admin/places/${placeId}/animators`, { userId: roald.id });
    expect(named.status).toBe(200);
    const asRoald = await roald.client.patch(`/api/places/${placeId}`, { contact: '04 66 00 00 00' });
    expect(asRoald.status).toBe(200);
  });

  test('members join and leave; animators add and remove members; others cannot', async () => {
    const joined = await dan.client.post(`/api/places/${placeId}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.me.isMember).toBe(true);
    const left = await dan.client.post(`/api/places/${placeId}/leave`);
    expect(left.body.me.isMember).toBe(false);
    expect((await dan.client.post(`/api/places/${placeId}/leave`)).status).toBe(409);

    const outsider = await makeMember(server, 'Luc Startup');
    const refusedAdd = await outsider.client.post(`/api/places/${placeId}/members`, { userId: dan.id });
    expect(refusedAdd.status).toBe(403);
    const added = await murielle.client.post(`/api/places/${placeId}/members`, { userId: dan.id });
    expect(added.status).toBe(200);
    expect(added.body.role).toBe('member');
    const refusedRemove = await outsider.client.delete(`/api/places/${placeId}/members/${dan.id}`);
    expect(refusedRemove.status).toBe(403);
    // An animator is not removed by another animator: their role is ended first.
    expect((await murielle.client.delete(`/api/places/${placeId}/members/${roald.id}`)).status).toBe(403);
    const removed = await murielle.client.delete(`/api/places/${placeId}/members/${dan.id}`);
    expect(removed.status).toBe(204);
    const [row] = await server.ctx.sql`select 1 from place_members where place_id = ${placeId} and user_id = ${dan.id}`;
    expect(row).toBeUndefined();
  });

  test('visitors see the page without the people who are not public', async () => {
    const page = await visitor.get(`/api/places/${placeId}`);
    expect(page.status).toBe(200);
    expect(page.body.name).toBe('Maison France Services de Villefort');
    expect(page.body.animators).toEqual([]);
    expect(page.body.me).toEqual({ isMember: false, isAnimator: false, canEdit: false, checkedInHere: false });
    await server.ctx.sql`update users set visibility = 'public' where id = ${murielle.id}`;
    const again = await visitor.get(`/api/places/${placeId}`);
    expect(again.body.animators.map((a: { displayName: string }) => a.displayName)).toEqual(['Murielle Animatrice']);
    await server.ctx.sql`update users set visibility = 'network' where id = ${murielle.id}`;
  });
});

describe('directory filters, distance and sort', () => {
  let mende: PlaceDetail;
  let florac: PlaceDetail;
  let hotel: PlaceDetail;

  beforeAll(async () => {
    mende = await createPlace({ name: "L'Atelier", kind: 'coworking', communeCode: MENDE, services: ['wifi', 'fiber', 'shared_desks'], openingHours: weekdays });
    florac = await createPlace({ name: 'Polen', kind: 'coworking', communeCode: FLORAC, services: ['wifi', 'video_room'], openingHours: [{ day: 6, open: '10:00', close: '16:00' }] });
    hotel = await createPlace({
      name: 'Hôtel des Cévennes',
      kind: 'lodging',
      communeCode: '48144',
      services: ['wifi', 'cafe_kitchen'],
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, open: '07:00', close: '23:00' })),
      monthsOpen: [4, 5, 6, 7, 8, 9, 10],
      monthsRoomsFree: [4, 5, 6, 9, 10],
    });
  });

  const names = (list: PlaceSummary[]) => list.map((p) => p.name);
  const list = async (q: string) => {
    const res = await visitor.get(`/api/places${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.places as PlaceSummary[];
  };

  test('by kind and by services (all must be offered)', async () => {
    expect(names(await list('?kind=coworking')).sort()).toEqual(['Polen', "L'Atelier"].sort());
    expect(names(await list('?services=wifi,fiber'))).toEqual(["L'Atelier", 'Maison France Services de Villefort'].sort());
    expect(names(await list('?kind=lodging&services=cafe_kitchen'))).toEqual(['Hôtel des Cévennes']);
    expect((await visitor.get('/api/places?services=wifi,teleporter')).status).toBe(400);
  });

  test('open now and open this month, at a fixed instant (Europe/Paris)', async () => {
    // Wednesday 15 July 2026, 10:00 in Paris (08:00 UTC).
    placesClock.now = () => new Date('2026-07-15T08:00:00Z');
    expect(names(await list('?openNow=true')).sort()).toEqual(['Hôtel des Cévennes', "L'Atelier", 'Maison France Services de Villefort'].sort());
    // Same Wednesday at 13:00 Paris: the midday break.
    placesClock.now = () => new Date('2026-07-15T11:00:00Z');
    expect(names(await list('?openNow=true'))).toEqual(['Hôtel des Cévennes']);
    // Saturday 17 January 2026, 11:00 Paris (10:00 UTC): Polen is open, the hotel is closed for the season.
    placesClock.now = () => new Date('2026-01-17T10:00:00Z');
    expect(names(await list('?openNow=true'))).toEqual(['Polen']);
    expect(names(await list('?openThisMonth=true'))).not.toContain('Hôtel des Cévennes');
    placesClock.now = () => new Date('2026-05-02T10:00:00Z');
    expect(names(await list('?openThisMonth=true'))).toContain('Hôtel des Cévennes');
    const detail = await visitor.get(`/api/places/${hotel.id}`);
    expect(detail.body.monthsRoomsFree).toEqual([4, 5, 6, 9, 10]);
  });

  test('distance from a commune, from a point and from my commune; sorted by distance', async () => {
    const fromMende = await list(`?commune=${MENDE}&sort=distance`);
    expect(fromMende[0]!.name).toBe("L'Atelier");
    expect(fromMende[0]!.distanceKm).toBe(0);
    const polen = fromMende.find((p) => p.id === florac.id)!;
    // Mende to Florac Trois Rivières, centre to centre of the communes, as the crow flies: about 25.5 km.
    expect(polen.distanceKm).toBeGreaterThan(23);
    expect(polen.distanceKm).toBeLessThan(29);
    const distances = fromMende.map((p) => p.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const near = await list(`?commune=${MENDE}&maxKm=30`);
    expect(names(near).sort()).toEqual(["L'Atelier", 'Polen'].sort());

    // From a point: Florac's market square.
    const fromPoint = await list('?lat=44.3245&lon=3.5933&sort=distance');
    expect(fromPoint[0]!.id).toBe(florac.id);

    // From my commune: set on my profile.
    expect((await dan.client.get('/api/places?from=mine')).status).toBe(400);
    await setProfile(dan, { communeCode: FLORAC });
    const mine = await dan.client.get('/api/places?from=mine');
    expect(mine.body.places[0].id).toBe(florac.id);
    expect(mine.body.origin.communeCode).toBe(FLORAC);
    expect(mende.id).toBeTruthy();
  });

  test('communes: accent-insensitive prefix search', async () => {
    const res = await visitor.get('/api/communes?q=saint%20chely');
    expect(res.body.communes[0].name).toBe("Saint-Chély-d'Apcher");
    const chely = await visitor.get('/api/communes?q=CHELY');
    expect(chely.body.communes.map((c: { name: string }) => c.name)).toContain("Saint-Chély-d'Apcher");
    const all = await visitor.get('/api/communes');
    expect(all.body.communes.length).toBe(152);
    expect(all.body.communes.every((c: { code: string }) => c.code.startsWith('48'))).toBe(true);
    // A commune nouvelle created after 2018 has a position from its former communes.
    const peyre = all.body.communes.find((c: { name: string }) => c.name === 'Peyre en Aubrac');
    expect(peyre.lat).toBeGreaterThan(44.6);
    expect(peyre.lat).toBeLessThan(44.8);
  });
});

describe('check-in, check-out, midnight, visibility and live updates', () => {
  let placeId: string;
  let other: string;

  beforeAll(async () => {
    placeId = (await createPlace({ name: 'Télécentre de Saint-Chély', kind: 'telecentre', communeCode: '48140', services: ['wifi', 'video_room'] })).id;
    other = (await createPlace({ name: 'Café de la Poste', kind: 'cafe', communeCode: '48092' })).id;
  });

  const presenceOf = async (who: TestClient) => ((await who.get(`/api/places/${placeId}`)).body as PlaceDetail).presence;

  test('a member checks in, is seen by members, live by watchers; checks out', async () => {
    const watcherSocket = await socketOf(server, roald);
    sockets.push(watcherSocket);
    const watched = await emitAck<PlacePresence>(watcherSocket, 'place:watch', { placeId });
    expect(watched).toEqual({ ok: true, data: { placeId, present: [], othersCount: 0 } });
    const updates: PlacePresence[] = [];
    watcherSocket.on('place:presence', (u) => updates.push(u));

    const res = await dan.client.post(`/api/places/${placeId}/check-in`);
    expect(res.status).toBe(201);
    expect(res.body.checkIn.placeId).toBe(placeId);
    expect((await dan.client.post(`/api/places/${placeId}/check-in`)).status).toBe(200);
    await expect.poll(() => updates.at(-1)?.present.map((p) => p.userId), { timeout: 15_000 }).toEqual([dan.id]);
    expect((await presenceOf(roald.client)).present.map((p) => p.displayName)).toEqual(['Dan Greenworker']);
    // Visitors see no member who is not public; they are counted anonymously.
    expect(await presenceOf(visitor)).toMatchObject({ present: [], othersCount: 1 });
    const summary = (await visitor.get('/api/places?kind=telecentre')).body.places[0];
    expect(summary.presentCount).toBe(1);

    // Checking in elsewhere ends the first check-in.
    await dan.client.post(`/api/places/${other}/check-in`);
    await expect.poll(() => updates.at(-1)?.present.length, { timeout: 15_000 }).toBe(0);
    const rows = await server.ctx.sql<{ placeId: string; endedAt: Date | null }[]>`select place_id, ended_at from check_ins where user_id = ${dan.id} order by started_at`;
    expect(rows.map((r) => [r.placeId, r.endedAt !== null])).toEqual([[placeId, true], [other, false]]);

    await dan.client.post(`/api/places/${placeId}/check-in`);
    await expect.poll(() => updates.at(-1)?.present.length, { timeout: 15_000 }).toBe(1);
    const out = await dan.client.delete('/api/me/check-in');
    expect(out.body).toEqual({ checkIn: null });
    await expect.poll(() => updates.at(-1)?.present.length, { timeout: 15_000 }).toBe(0);
    expect((await dan.client.get('/api/me/check-in')).body).toEqual({ checkIn: null });
  });

  test('a check-in left open ends at midnight Europe/Paris and stays in the history', async () => {
    await dan.client.post(`/api/places/${placeId}/check-in`);
    expect((await presenceOf(roald.client)).present).toHaveLength(1);
    // Started yesterday (Paris) at 16:00: it is no longer "now", and it ends at yesterday's midnight.
    const [moved] = await server.ctx.sql<{ id: string }[]>`
      update check_ins set started_at = ((now() at time zone 'Europe/Paris')::date - 1 + time '16:00') at time zone 'Europe/Paris'
      where user_id = ${dan.id} and ended_at is null returning id`;
    expect((await presenceOf(roald.client)).present).toHaveLength(0);
    expect((await dan.client.get('/api/me/check-in')).body).toEqual({ checkIn: null });
    const [row] = await server.ctx.sql<{ endedLocal: string }[]>`
      select to_char(ended_at at time zone 'Europe/Paris', 'HH24:MI:SS') as ended_local from check_ins
      where id = ${moved!.id}`;
    expect(row!.endedLocal).toBe('00:00:00');
    // And checking in today is possible again.
    expect((await dan.client.post(`/api/places/${placeId}/check-in`)).status).toBe(201);
    await dan.client.delete('/api/me/check-in');
  });

  test('visibility: public, network, my places, hidden', async () => {
    const justine = await makeMember(server, 'Justine Lycéenne');
    await justine.client.post(`/api/places/${placeId}/check-in`);
    const seen = async (who: TestClient) => (await presenceOf(who)).present.map((p) => p.displayName);
    const setVisibility = (visibility: MemberVisibility) => setProfile(justine, { visibility });
    // Roald has the place page open: every change of Justine's reaches it live.
    const watcherSocket = await socketOf(server, roald);
    sockets.push(watcherSocket);
    await emitAck(watcherSocket, 'place:watch', { placeId });
    const updates: PlacePresence[] = [];
    watcherSocket.on('place:presence', (u) => updates.push(u));
    const live = () => updates.at(-1)?.present.map((p) => p.displayName);

    expect(await seen(roald.client)).toEqual(['Justine Lycéenne']);
    expect(await seen(visitor)).toEqual([]);

    await setVisibility('public');
    expect(await seen(visitor)).toEqual(['Justine Lycéenne']);

    await setVisibility('my_places');
    expect(await seen(roald.client)).toEqual([]);
    await expect.poll(live, { timeout: 15_000 }).toEqual([]);
    // Roald animates the Villefort place; once Justine belongs to it too, he sees her.
    const [villefort] = await server.ctx.sql<{ placeId: string }[]>`select place_id from place_members where user_id = ${roald.id} limit 1`;
    await justine.client.post(`/api/places/${villefort!.placeId}/join`);
    expect(await seen(roald.client)).toEqual(['Justine Lycéenne']);
    // A new name on her profile shows at once too.
    await setProfile(justine, { displayName: 'Justine Apprentie', visibility: 'my_places' });
    await expect.poll(live, { timeout: 15_000 }).toEqual(['Justine Apprentie']);
    expect(await seen(dan.client)).toEqual([]);

    await setVisibility('hidden');
    expect(await seen(roald.client)).toEqual([]);
    await expect.poll(live, { timeout: 15_000 }).toEqual([]);
    expect((await presenceOf(roald.client)).othersCount).toBe(1);
    // Always visible to herself.
    expect(await seen(justine.client)).toEqual(['Justine Lycéenne']);
    await justine.client.delete('/api/me/check-in');
  });
});
