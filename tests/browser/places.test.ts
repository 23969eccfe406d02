import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seed } from '../../server/src/cli/seed.ts';
import { launchChromium, openPage, recordRequests } from '../support/chromium.ts';
import { signUp } from '../support/client.ts';
import { quietMember } from '../integration/profiles.fixtures.ts';
import { startWebServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Screenshots for a person to look at (not compared by the test). */
const shots = process.env.PLACES_SHOTS_DIR ?? path.resolve('.test-artifacts/places');

beforeAll(async () => {

  mkdirSync(shots, { recursive: true });
  server = await startWebServer();
  await seed(server.ctx.sql);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function contextFor(cookieHeader: string | null, width = 1280): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const opened = await openPage(browser, server.origin, cookieHeader, { width, height: 900 });
  contexts.push(opened.context);
  return opened;
}

/** The element focused, through shadow roots. */
const focusedPlaceId = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute('data-place-id') ?? a?.tagName ?? null;
  });

test('the map and directory: every place drawn, keyboard usable, a list beside it, no request off loopback', async () => {
  const { page, errors } = await contextFor(null);
  const requests = recordRequests(page);
  await page.goto(`${server.origin}/lieux`);
  await page.getByRole('heading', { level: 1, name: 'Lieux' }).waitFor({ timeout: 30_000 });
  const markers = page.locator('places-map a.marker');
  await expect.poll(() => markers.count(), { timeout: 30_000 }).toBe(26);
  await expect.poll(() => page.locator('place-list-page ul.places > li').count(), { timeout: 30_000 }).toBe(26);
  // Each service pictogram has an accessible name.
  await expect.poll(() => page.getByRole('img', { name: 'Salle de visioconférence' }).count()).toBeGreaterThan(0);

  // Keyboard: the map takes the focus, zooms with +, and Tab goes to the first place.
  const map = page.locator('places-map svg.map');
  const before = await map.getAttribute('viewBox');
  await map.focus();
  await page.keyboard.press('+');
  await expect.poll(() => map.getAttribute('viewBox')).not.toBe(before);
  await page.keyboard.press('0');
  await expect.poll(() => map.getAttribute('viewBox')).toBe(before);
  await page.keyboard.press('Tab');
  const first = await focusedPlaceId(page);
  expect(await markers.first().getAttribute('data-place-id')).toBe(first);
  await page.screenshot({ path: path.join(shots, 'map-desktop.png'), fullPage: true });
  await page.locator('places-map').screenshot({ path: path.join(shots, 'map-element-desktop.png') });

  // A filter: the telecentres only.
  await page.getByLabel('Type de lieu').selectOption('telecentre');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect.poll(() => markers.count(), { timeout: 30_000 }).toBe(2);
  expect(new URL(page.url()).searchParams.get('kind')).toBe('telecentre');

  // Enter on a focused marker opens the place's page.
  await page.goto(`${server.origin}/lieux`);
  await expect.poll(() => markers.count(), { timeout: 30_000 }).toBe(26);
  await markers.first().focus();
  await page.keyboard.press('Enter');
  await page.locator('place-page h1').waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toMatch(/^\/lieux\/[0-9a-f-]{36}$/);

  expect(requests.offLoopback()).toEqual([]);
  expect(errors).toEqual([]);
}, 180_000);

test('the map page at 320 px', async () => {
  const { page, errors } = await contextFor(null, 320);
  const requests = recordRequests(page);
  await page.goto(`${server.origin}/lieux`);
  await expect.poll(() => page.locator('places-map a.marker').count(), { timeout: 30_000 }).toBe(26);
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: path.join(shots, 'map-320.png'), fullPage: true });
  await page.screenshot({ path: path.join(shots, 'map-320-top.png') });
  await page.locator('places-map').screenshot({ path: path.join(shots, 'map-element-320.png') });
  expect(requests.offLoopback()).toEqual([]);
  expect(errors).toEqual([]);
}, 120_000);

test('member B sees member A check in and leave, live, without reloading', async () => {
  const a = await signUp(server.url, 'Aline Checkin');
  const b = await signUp(server.url, 'Bastien Watcher');
  const [fablab] = await server.ctx.sql<{ id: string }[]>`select id from places where name = 'Fablab de Mende'`;
  const url = `${server.origin}/lieux/${fablab!.id}`;

  const B = await contextFor(b.client.cookieHeader());
  await B.page.goto(url);
  await B.page.getByRole('heading', { level: 1, name: 'Fablab de Mende' }).waitFor({ timeout: 30_000 });
  await B.page.getByText('Mis à jour en direct.').waitFor({ timeout: 30_000 });
  await B.page.getByText('Personne n’a encore signalé sa présence aujourd’hui.').waitFor();
  // A marker that a reload would wipe out.
  await B.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const A = await contextFor(a.client.cookieHeader());
  await A.page.goto(url);
  await A.page.getByRole('button', { name: 'Je travaille ici aujourd’hui' }).click({ timeout: 30_000 });
  await A.page.getByRole('button', { name: 'Je pars' }).waitFor({ timeout: 30_000 });

  const aline = B.page.locator(`place-page ul.here li[data-user-id="${a.id}"]`);
  await aline.waitFor({ timeout: 30_000 });
  expect(await aline.textContent()).toContain('Aline Checkin');
  expect(await B.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await B.page.screenshot({ path: path.join(shots, 'place-desktop.png'), fullPage: true });

  await A.page.getByRole('button', { name: 'Je pars' }).click();
  await aline.waitFor({ state: 'detached', timeout: 30_000 });
  await B.page.getByText('Personne n’a encore signalé sa présence aujourd’hui.').waitFor({ timeout: 30_000 });
  expect(await B.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // B goes from the account page to the profile, chooses a commune; the directory then measures from it.
  await B.page.goto(`${server.origin}/compte`);
  await B.page.getByRole('link', { name: 'Modifier mon profil' }).click({ timeout: 30_000 });
  const profile = B.page.locator('profile-edit-page');
  await profile.getByLabel(/^Commune/).selectOption({ label: 'Florac Trois Rivières' }, { timeout: 30_000 });
  await profile.getByRole('radio', { name: 'Les membres de mes lieux' }).check();
  await profile.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await profile.getByText('Profil enregistré.').waitFor({ timeout: 30_000 });
  const [saved] = await server.ctx.sql<{ communeCode: string; visibility: string }[]>`select commune_code, visibility from users where id = ${b.id}`;
  expect(saved).toEqual({ communeCode: '48061', visibility: 'my_places' });
  await B.page.goto(`${server.origin}/lieux`);
  await B.page.getByLabel('Distance depuis').selectOption('mine', { timeout: 30_000 });
  await B.page.getByRole('button', { name: 'Appliquer' }).click();
  const firstCard = B.page.locator('place-list-page ul.places > li').first();
  await expect.poll(() => firstCard.textContent(), { timeout: 30_000 }).toMatch(/Florac Trois Rivières · à \d/);

  // The same page at 320 px, for a person to look at.
  const narrow = await contextFor(b.client.cookieHeader(), 320);
  await narrow.page.goto(url);
  await narrow.page.getByRole('heading', { level: 1, name: 'Fablab de Mende' }).waitFor({ timeout: 30_000 });
  expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await narrow.page.screenshot({ path: path.join(shots, 'place-320.png'), fullPage: true });
  expect([...A.errors, ...B.errors, ...narrow.errors]).toEqual([]);
}, 180_000);

test('with TILE_URL, tiles from the configured server are drawn under the same markers', async () => {
  // A tile server of our own on loopback: every request gets a small PNG and is recorded.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');
  const asked: string[] = [];
  const tiles: Server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(png);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
  const tilePort = (tiles.address() as AddressInfo).port;
  let opened: BrowserContext | undefined;
  const withTiles = await startWebServer({ TILE_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png` });
  try {
    await withTiles.ctx.sql`insert into places (name, kind, commune_code, lat, lon) values ('Polen', 'coworking', '48061', 44.3245, 3.5933)`;
    const { context, page, errors } = await contextFor(null);
    opened = context;
    const requests = recordRequests(page);
    await page.goto(`${withTiles.origin}/lieux`);
    await expect.poll(() => page.locator('places-map a.marker').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('places-map g.tiles image').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => asked.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(asked.every((u) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
    // Tiles of Lozère at the chosen zoom (x and y in the right range for about 3.5°E 44.5°N).
    const [z, x, y] = asked[0]!.match(/\d+/g)!.map(Number) as [number, number, number];
    const n = 2 ** z;
    expect(x / n).toBeGreaterThan(0.505);
    expect(x / n).toBeLessThan(0.515);
    expect(y / n).toBeGreaterThan(0.35);
    expect(y / n).toBeLessThan(0.37);
    await page.locator('places-map').screenshot({ path: path.join(shots, 'map-tiles.png') });
    expect(requests.offLoopback()).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    // The page first: its keep-alive and preconnected sockets would otherwise hold both servers' close.
    await opened?.close();
    await withTiles.stop();
    tiles.closeAllConnections();
    await new Promise((r) => tiles.close(r));
  }
}, 180_000);

test('an admin creates a place from the directory with its hours and seasons, then edits it', async () => {
  const admin = await signUp(server.url, 'Gérard Admin');
  await server.ctx.sql`update users set role = 'admin' where id = ${admin.id}`;
  const { page, errors } = await contextFor(admin.client.cookieHeader());
  await page.goto(`${server.origin}/lieux`);
  const form = page.locator('place-create-form');
  await form.getByText('Créer un lieu').click({ timeout: 30_000 });
  await form.getByLabel('Nom').fill('Tiers-lieu de Langogne');
  await form.getByLabel('Type').selectOption('coworking');
  await form.getByLabel('Commune').selectOption({ label: 'Langogne' });
  await form.getByRole('checkbox', { name: 'Wi-Fi' }).check();
  await form.getByLabel('lundi').fill('9h00-12h30, 14:00-18:00');
  await form.getByRole('group', { name: 'Mois avec des chambres libres pour des travailleurs' }).getByLabel('juillet').check();
  await form.getByRole('button', { name: 'Créer le lieu' }).click();

  const placePage = page.locator('place-page');
  await placePage.getByRole('heading', { level: 1, name: 'Tiers-lieu de Langogne' }).waitFor({ timeout: 30_000 });
  await expect.poll(() => placePage.locator('table').textContent()).toMatch(/lundi\s*09:00–12:30, 14:00–18:00/);
  await placePage.getByText('Chambres libres pour des travailleurs : juillet').waitFor();
  const [row] = await server.ctx.sql<{ communeCode: string; services: string[]; monthsRoomsFree: number[] }[]>`
    select commune_code, services, months_rooms_free from places where name = 'Tiers-lieu de Langogne'`;
  expect(row).toEqual({ communeCode: '48080', services: ['wifi'], monthsRoomsFree: [7] });

  // An unreadable interval is refused in the page, and nothing is saved.
  await placePage.getByText('Modifier le lieu').click();
  await placePage.getByLabel('mardi').fill('le matin');
  await placePage.getByRole('button', { name: 'Enregistrer' }).click();
  await placePage.getByText('Horaires illisibles pour mardi').waitFor({ timeout: 30_000 });
  await placePage.getByLabel('mardi').fill('10:00-16:00');
  await placePage.getByRole('button', { name: 'Enregistrer' }).click();
  await placePage.getByText('Enregistré.').waitFor({ timeout: 30_000 });
  await expect.poll(() => placePage.locator('table').textContent()).toMatch(/mardi\s*10:00–16:00/);

  // The admin names an animator and adds a member by picking them by name, not by id.
  const odile = await quietMember(server, 'Odile Ferrand', { communeCode: '48080' });
  const paul = await quietMember(server, 'Paul Chabrol');
  const place = await server.ctx.sql<{ id: string }[]>`select id from places where name = 'Tiers-lieu de Langogne'`;
  const roles = () => server.ctx.sql<{ userId: string; role: string }[]>`
    select user_id, role from place_members where place_id = ${place[0]!.id} order by role`;
  await placePage.locator('details', { hasText: 'Modifier le lieu' }).evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const animatorPicker = placePage.locator('member-picker').filter({ hasText: 'Nommer un animateur' });
  await animatorPicker.getByRole('button', { name: 'Nommer' }).click();
  await animatorPicker.getByText('Choisissez d’abord un membre dans la liste.').waitFor({ timeout: 30_000 });
  // Keyboard only: type, go down to the first answer, Enter to choose it, Enter again to act.
  const animatorBox = animatorPicker.getByRole('combobox', { name: 'Nommer un animateur ou une animatrice' });
  await animatorBox.pressSequentially('odile fer');
  await animatorPicker.getByRole('option', { name: /Odile Ferrand · Langogne/ }).waitFor({ timeout: 30_000 });
  expect(await animatorBox.getAttribute('aria-expanded')).toBe('true');
  await animatorBox.press('ArrowDown');
  await animatorBox.press('ArrowUp');
  await animatorBox.press('Enter');
  expect(await animatorBox.inputValue()).toBe('Odile Ferrand');
  await animatorBox.press('Enter');
  await expect.poll(roles, { timeout: 30_000 }).toEqual([{ userId: odile, role: 'animator' }]);
  await placePage.locator('ul.people li', { hasText: 'Odile Ferrand' }).first().waitFor({ timeout: 30_000 });
  // The mouse works too, and a name nobody has says so.
  const memberPicker = placePage.locator('member-picker').filter({ hasText: 'Ajouter un membre' });
  const memberBox = memberPicker.getByRole('combobox', { name: 'Ajouter un membre' });
  await memberBox.fill('Zéphyrin Inconnu');
  await memberPicker.getByText('Aucun membre trouvé sous ce nom').waitFor({ timeout: 30_000 });
  await memberBox.fill('Paul Chab');
  await memberPicker.getByRole('option', { name: 'Paul Chabrol' }).click({ timeout: 30_000 });
  await memberPicker.getByRole('button', { name: 'Ajouter' }).click();
  await expect.poll(roles, { timeout: 30_000 }).toEqual([{ userId: odile, role: 'animator' }, { userId: paul, role: 'member' }]);
  await expect.poll(() => memberBox.inputValue(), { timeout: 30_000 }).toBe('');
  expect(errors).toEqual([]);
}, 180_000);
