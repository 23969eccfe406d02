import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, openPage, recordRequests } from '../support/chromium.ts';
import { signUp, type TestClient } from '../support/client.ts';
import { startWebServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function pageAs(client: TestClient): Promise<{ page: Page; errors: string[] }> {
  const { context, page, errors } = await openPage(browser, server.origin, client.cookieHeader(), { width: 1100, height: 900 });
  contexts.push(context);
  return { page, errors };
}

test('A finds B among matches and proposes; B sees it arrive live and accepts; both see it accepted', async () => {
  const a = await signUp(server.url, 'Anne Comptable');
  const b = await signUp(server.url, 'Bruno Illustrateur');
  const profile = (name: string, offers: string[], seeks: string[]) => ({
    displayName: name, communeCode: '48095', bio: '', offers, seeks, availability: [], languages: [], visibility: 'network',
  });
  expect((await a.client.request('PUT', '/api/profile', profile('Anne Comptable', ['Comptabilité'], ['Illustration']))).status).toBe(200);
  expect((await b.client.request('PUT', '/api/profile', profile('Bruno Illustrateur', ['illustration'], []))).status).toBe(200);

  const pa = await pageAs(a.client);
  const pb = await pageAs(b.client);
  const requests = recordRequests(pa.page);
  // B waits on their exchanges page: the proposal must arrive without a reload.
  await pb.page.goto(`${server.origin}/echanges`);
  await pb.page.getByRole('heading', { level: 1, name: 'Mes échanges' }).waitFor({ timeout: 30_000 });
  await expect.poll(() => pb.page.locator('exchanges-page').getByText('Aucun échange pour le moment.').count(), { timeout: 15_000 }).toBe(1);

  await pa.page.goto(`${server.origin}/echanges`);
  const match = pa.page.locator(`exchanges-page ul.matches li[data-user-id="${b.id}"]`);
  await match.waitFor({ timeout: 30_000 });
  await expect.poll(() => match.textContent()).toContain('offre Illustration, que vous cherchez');
  await match.getByRole('button', { name: 'Proposer un échange à Bruno Illustrateur' }).click();
  const form = match.locator('form.terms');
  await expect.poll(() => form.getByLabel('Je demande').inputValue()).toBe('Illustration');
  await form.getByLabel('J’offre').fill('comptabilite');
  await form.getByLabel('Message').fill('Un logo contre la tenue de vos comptes ?');
  await form.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await pa.page.getByRole('status').filter({ hasText: 'Proposition envoyée.' }).waitFor({ timeout: 15_000 });

  // B: arrives live.
  const incoming = pb.page.locator('exchanges-page li.exchange[data-status="proposed"]');
  await incoming.waitFor({ timeout: 15_000 });
  await expect.poll(() => incoming.textContent()).toContain('Un logo contre la tenue de vos comptes ?');
  await expect.poll(() => incoming.textContent()).toContain('Anne Comptable donne Comptabilité ; Bruno Illustrateur donne Illustration');
  await expect.poll(() => incoming.textContent()).toContain('À vous de répondre');
  await incoming.getByRole('button', { name: 'Accepter' }).click();

  // Both see it accepted: B from the answer, A live.
  await pb.page.locator('exchanges-page li.exchange[data-status="accepted"]').waitFor({ timeout: 15_000 });
  const onA = pa.page.locator('exchanges-page li.exchange[data-status="accepted"]');
  await onA.waitFor({ timeout: 15_000 });
  await expect.poll(() => onA.textContent()).toContain('accepté');
  const stored = await server.ctx.sql`select status from exchanges`;
  expect(stored).toEqual([{ status: 'accepted' }]);
  expect(requests.offLoopback()).toEqual([]);
  expect([...pa.errors, ...pb.errors]).toEqual([]);
});

test('a member picks their commune from the list of Lozère’s communes on their profile page', async () => {
  const { client, id } = await signUp(server.origin, 'Justine');
  const { page, errors } = await pageAs(client);
  await page.goto(`${server.origin}/profil`);
  const commune = page.getByLabel('Commune');
  await expect.poll(() => commune.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(150);
  await commune.selectOption({ label: 'Florac Trois Rivières' });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(async () => (await server.ctx.sql`select commune_code from users where id = ${id}`)[0]?.communeCode, { timeout: 15_000 }).toBe('48061');
  expect(errors).toEqual([]);
});
