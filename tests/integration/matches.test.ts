import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { FLORAC, MENDE, VILLEFORT, quietMember, setProfile } from './profiles.fixtures.ts';
import { joinPlace, member as makeMember, place, type Member } from './rooms.fixtures.ts';

let server: TestServer;
let me: Member;
const ids: Record<string, string> = {};

/*
 * A fixed data set. I (Mende, at Polen) offer bookkeeping and seek illustration.
 * Expected order: those who do both first (nearer / sharing a place first), then by score
 * (skills matched + 2 for a shared place + up to 2 for nearness).
 */
beforeAll(async () => {
  server = await startTestServer();
  me = await makeMember(server, 'Moi Comptable');
  await setProfile(me, { communeCode: MENDE, offers: ['Comptabilité'], seeks: ['Illustration'] });
  const polen = await place(server, 'Polen');
  await joinPlace(server, polen, me.id, 'member');
  ids.bothFar = await quietMember(server, 'Bea Both Florac', { communeCode: FLORAC, offers: ['illustration'], seeks: ['comptabilite'] });
  ids.bothNear = await quietMember(server, 'Zoé Both Mende', { communeCode: MENDE, offers: ['ILLUSTRATION'], seeks: ['Comptabilité'] });
  await joinPlace(server, polen, ids.bothNear, 'member');
  ids.offerNear = await quietMember(server, 'Olga Offer Mende', { communeCode: MENDE, offers: ['Illustration'] });
  await joinPlace(server, polen, ids.offerNear, 'member');
  ids.offerFar = await quietMember(server, 'Oscar Offer Villefort', { communeCode: VILLEFORT, offers: ['Illustration', 'Cuisine'] });
  ids.seekOnly = await quietMember(server, 'Sara Seek', { seeks: ['comptabilité'] });
  ids.unrelated = await quietMember(server, 'Ugo Unrelated', { communeCode: MENDE, offers: ['Cuisine'], seeks: ['Cuisine'] });
  ids.hiddenBoth = await quietMember(server, 'Hugo Hidden', { communeCode: MENDE, offers: ['Illustration'], seeks: ['Comptabilité'], visibility: 'hidden' });
  ids.sameSide = await quietMember(server, 'Sam SameSide', { communeCode: MENDE, offers: ['Comptabilité'], seeks: ['Illustration'] });
}, 120_000);
afterAll(() => server?.stop());

describe('my matches', () => {
  test('ranked: both ways first, then nearer and sharing a place; never hidden, unrelated or same-side members', async () => {
    const res = await me.client.get('/api/matches');
    expect(res.status).toBe(200);
    expect(res.body.matches.map((m: any) => m.userId)).toEqual([ids.bothNear, ids.bothFar, ids.offerNear, ids.offerFar, ids.seekOnly]);
    const [bothNear, bothFar, offerNear, offerFar, seekOnly] = res.body.matches;
    expect(bothNear.both).toBe(true);
    expect(bothFar.both).toBe(true);
    expect(offerNear.both).toBe(false);
    // The first label typed names the skill (mine), whatever the case and accents others typed.
    expect(bothNear.reasons).toEqual([
      { kind: 'offers', skill: 'Illustration' },
      { kind: 'seeks', skill: 'Comptabilité' },
      { kind: 'distance', km: 0 },
      { kind: 'place', place: 'Polen' },
    ]);
    expect(bothFar.distanceKm).toBeGreaterThan(20);
    expect(bothFar.distanceKm).toBeLessThan(30);
    expect(bothFar.reasons).toContainEqual({ kind: 'distance', km: bothFar.distanceKm });
    expect(offerFar.reasons).toEqual([{ kind: 'offers', skill: 'Illustration' }, { kind: 'distance', km: offerFar.distanceKm }]);
    expect(seekOnly.reasons).toEqual([{ kind: 'seeks', skill: 'Comptabilité' }]);
    expect(seekOnly.distanceKm).toBeNull();
    expect(bothNear.score).toBeGreaterThan(bothFar.score);
    expect(offerNear.score).toBeGreaterThan(offerFar.score);
    expect(offerFar.score).toBeGreaterThan(seekOnly.score);
  });

  test('a member with nothing to offer or seek has no matches; paging past the end is empty', async () => {
    const empty = await makeMember(server, 'Vide');
    expect((await empty.client.get('/api/matches')).body.matches).toEqual([]);
    expect((await me.client.get('/api/matches?page=2')).body.matches).toEqual([]);
  });

  test('the list follows profile changes: the hidden member appears once visible', async () => {
    await server.ctx.sql`update users set visibility = 'network' where id = ${ids.hiddenBoth!}`;
    const res = await me.client.get('/api/matches');
    expect(res.body.matches.slice(0, 3).map((m: any) => m.userId)).toEqual([ids.bothNear, ids.hiddenBoth, ids.bothFar]);
    await server.ctx.sql`update users set visibility = 'hidden' where id = ${ids.hiddenBoth!}`;
  });
});
