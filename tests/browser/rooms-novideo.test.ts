import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, openPage } from '../support/chromium.ts';
import { signUp, type TestClient } from '../support/client.ts';
import { freePort } from '../support/ports.ts';
import { startWebServer, type TestServer } from '../support/server.ts';
import { MENDE, quietMember } from '../integration/profiles.fixtures.ts';

// Without a working video server, a room still lives (chat, sprint) and the page says plainly
// that video is unavailable, and why.

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function openRoomAsOwner(server: TestServer): Promise<{ page: Page; client: TestClient }> {
  const { client, id } = await signUp(server.origin, 'Murielle Sans Vidéo');
  await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${id}`;
  const created = await client.post('/api/rooms', { name: 'Salle du matin', visibility: 'open' });
  expect(created.status).toBe(201);
  const { context, page } = await openPage(browser, server.origin, client.cookieHeader());
  contexts.push(context);
  await page.goto(`${server.origin}/salles/${created.body.id}`);
  return { page, client };
}

async function roomStillWorks(page: Page) {
  await page.getByLabel('Votre message').fill('On travaille quand même');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  const messages = page.locator('room-chat ul.log li[data-message-id]');
  await expect.poll(() => messages.filter({ hasText: 'On travaille quand même' }).count(), { timeout: 15_000 }).toBe(1);
  await page.getByRole('button', { name: /25/ }).first().click();
  await expect.poll(() => page.getByText(/^\d{1,2}:\d{2}$/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

describe.each([
  { why: 'no video server configured', env: async () => ({}), text: 'aucun serveur vidéo n’est configuré' },
  {
    why: 'a video server that does not answer',
    env: async () => ({ LIVEKIT_URL: `ws://127.0.0.1:${await freePort()}`, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'a-secret-of-at-least-thirty-two-characters' }),
    text: 'le serveur vidéo ne répond pas',
  },
])('$why', ({ env, text }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebServer(await env());
  }, 180_000);
  afterAll(() => server?.stop(), 120_000);

  test('the room page says why video is unavailable, and chat and sprints keep working', async () => {
    const { page } = await openRoomAsOwner(server);
    await expect.poll(() => page.getByText(text).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await roomStillWorks(page);
  });
});

describe('people in a room', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebServer();
  }, 180_000);
  afterAll(() => server?.stop(), 120_000);

  test('its owner invites a member found by name; the invitee is listed, then uninvited', async () => {
    const { client, id } = await signUp(server.origin, 'Murielle Propriétaire');
    await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${id}`;
    const created = await client.post('/api/rooms', { name: 'Salle du bureau', visibility: 'private' });
    expect(created.status).toBe(201);
    const guest = await quietMember(server, 'Bastien Rouvière', { communeCode: MENDE });
    // Hidden members cannot be found by name, as everywhere else.
    await quietMember(server, 'Bastien Caché', { visibility: 'hidden' });
    const { context, page, errors } = await openPage(browser, server.origin, client.cookieHeader());
    contexts.push(context);
    await page.goto(`${server.origin}/salles/${created.body.id}`);

    const picker = page.locator('member-picker');
    const box = picker.getByRole('combobox', { name: 'Inviter un membre' });
    await box.pressSequentially('basti', { timeout: 30_000 });
    const option = picker.getByRole('option', { name: 'Bastien Rouvière · Mende' });
    await option.waitFor({ timeout: 30_000 });
    expect(await picker.getByRole('option').count()).toBe(1);
    await picker.screenshot({ path: '/tmp/maillage-member-picker.png' }); // for a person to look at
    await option.click();
    await picker.getByRole('button', { name: 'Inviter' }).click();
    await page.getByText('Bastien Rouvière est invité(e).').waitFor({ timeout: 30_000 });
    const invitees = () => server.ctx.sql<{ userId: string }[]>`
      select user_id from room_members where room_id = ${created.body.id} and role = 'invitee'`;
    expect(await invitees()).toEqual([{ userId: guest }]);
    await page.getByRole('button', { name: 'Retirer Bastien Rouvière' }).click({ timeout: 30_000 });
    await expect.poll(invitees, { timeout: 30_000 }).toEqual([]);
    expect(await box.inputValue()).toBe('');
    expect(errors).toEqual([]);
  });
  test('a member who leaves the tab shows as away to the others, and comes back with the status they had', async () => {
    const owner = await signUp(server.origin, 'Murielle Attentive');
    await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${owner.id}`;
    const created = await owner.client.post('/api/rooms', { name: 'Salle calme', visibility: 'open' });
    expect(created.status).toBe(201);
    const other = await signUp(server.origin, 'Ulysse Présent');
    const [a, b] = await Promise.all([owner, other].map((m) => openPage(browser, server.origin, m.client.cookieHeader())));
    contexts.push(a!.context, b!.context);
    for (const { page } of [a!, b!]) await page.goto(`${server.origin}/salles/${created.body.id}`);
    const aSeenByB = b!.page.locator(`room-presence li[data-user-id="${owner.id}"]`);
    await aSeenByB.waitFor({ timeout: 30_000 });
    await a!.page.getByLabel('Mon statut').selectOption('focus', { timeout: 30_000 });
    await expect.poll(() => aSeenByB.getAttribute('data-status')).toBe('focus');
    // The tab goes to the background (another tab, a minimised window): the page hears what Chromium would say.
    const setHidden = (hidden: boolean) =>
      a!.page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await expect.poll(() => aSeenByB.getAttribute('data-status')).toBe('away');
    const [row] = await server.ctx.sql<{ status: string }[]>`select status from presence_connections where user_id = ${owner.id}`;
    expect(row?.status).toBe('away');
    await setHidden(false);
    await expect.poll(() => aSeenByB.getAttribute('data-status')).toBe('focus');
    expect([...a!.errors, ...b!.errors]).toEqual([]);
  });
});
