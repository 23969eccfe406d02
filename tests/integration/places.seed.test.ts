import { afterAll, beforeAll, expect, test } from 'vitest';
import { seed } from '../../server/src/cli/seed.ts';
import { signUp } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(() => server?.stop());

test('the seed loads demo places and members into an empty network, once, and never beside real data', async () => {
  expect(await seed(server.ctx.sql)).toMatch(/^Loaded 26 demo places and 6 demo members/);
  const [counts] = await server.ctx.sql<{ places: number; demo: number; checkIns: number }[]>`
    select (select count(*)::int from places) as places, (select count(*)::int from places where demo) as demo,
      (select count(*)::int from check_ins) as check_ins`;
  expect(counts).toEqual({ places: 26, demo: 26, checkIns: 2 });
  const villefort = await fetch(`${server.url}/api/places?q=villefort&kind=public_service`).then((r) => r.json());
  expect(villefort.places[0].name).toBe('Maison France Services de Villefort');
  expect(villefort.places[0].demo).toBe(true);
  expect(await seed(server.ctx.sql)).toMatch(/already loaded/);

  await signUp(server.url, 'Vraie Personne');
  await expect(seed(server.ctx.sql)).rejects.toThrow(/^seed: refused, this database already holds real data \(1 member/);
  const [after] = await server.ctx.sql<{ n: number }[]>`select count(*)::int as n from places`;
  expect(after!.n).toBe(26);
});
