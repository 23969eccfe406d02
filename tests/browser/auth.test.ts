import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, recordRequests, watchPageErrors } from '../support/chromium.ts';
import { TestClient } from '../support/client.ts';
import { snapshot, startWebServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Problems the page itself reports: exceptions, console errors, and failed loads of its own files. */
function pageProblems(page: Page): string[] {
  const errors = watchPageErrors(page, { console: true });
  page.on('response', (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/** Waits for the page's main heading; when it never comes, says what the page reported. */
async function waitForHeading(page: Page, name: string, pageErrors: string[]): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });
  } catch (err) {
    throw new Error(`heading "${name}" did not appear; the page reported: ${JSON.stringify(pageErrors)}`, { cause: err });
  }
}

/** The element that has focus, looking inside shadow roots. */
function deepActiveElementId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.id ?? null;
  });
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a newcomer signs up, logs out, logs back in, manages sessions and switches to English', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = recordRequests(page);
  const pageErrors = pageProblems(page);
  const email = `marie-louise.${Date.now()}@example.org`;
  const password = 'les chataignes de Lozere 48';

  // Home, in French by default.
  await page.goto(`${server.origin}/`);
  await waitForHeading(page, 'Bienvenue sur Maillage', pageErrors);
  expect(await page.getAttribute('html', 'lang')).toBe('fr');
  await page.screenshot({ path: '/tmp/maillage-home.png', fullPage: true });

  // To the sign-up page through the navigation, without reloading the document.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByRole('navigation').getByRole('link', { name: 'Créer un compte' }).click();
  await page.getByRole('heading', { level: 1, name: 'Créer un compte' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/inscription');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // A password too short: refused in the page, announced, nothing sent, nothing created.
  const before = await snapshot(server, ['users', 'sessions', 'rate_limits']);
  const passwordField = page.getByLabel('Mot de passe', { exact: true });
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Nom affiché').fill('Marie-Louise');
  await passwordField.fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Le mot de passe doit contenir au moins 10 caractères.' });
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Le formulaire contient une erreur');
  expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
  expect(await passwordField.getAttribute('aria-describedby')).toContain('signup-password-error');
  expect(await deepActiveElementId(page)).toBe('signup-password');
  expect(requests.urls.filter((u) => u.endsWith('/api/auth/signup'))).toEqual([]);
  expect(await snapshot(server, ['users', 'sessions', 'rate_limits'])).toEqual(before);
  await page.screenshot({ path: '/tmp/maillage-signup-1280-error.png', fullPage: true });

  // Now for real: the account page greets the new member.
  await passwordField.fill(password);
  expect(await passwordField.getAttribute('aria-invalid')).toBe('true'); // until the next submit
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(`${server.origin}/compte`);
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  expect(await page.getByTestId('account-name').textContent()).toBe('Marie-Louise');
  const [created] = await server.ctx.sql`select display_name, locale from users where email = ${email}`;
  expect(created).toMatchObject({ displayName: 'Marie-Louise', locale: 'fr' });

  // Log out from the header: back home, as a visitor.
  await page.getByRole('navigation').getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await page.waitForURL(`${server.origin}/`);
  await page.getByRole('navigation').getByRole('link', { name: 'Se connecter' }).waitFor();
  expect((await context.cookies()).filter((c) => c.name.includes('session'))).toEqual([]);
  // The account page is for members: a visitor is sent to log in, and comes back afterwards.
  await page.goto(`${server.origin}/compte`);
  await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
  expect(new URL(page.url()).search).toBe('?next=%2Fcompte');

  // Meanwhile the same member logs in from another device.
  const otherDevice = new TestClient(server.url, server.origin, 'Mozilla/5.0 (Linux; Android 14) Firefox/133.0');
  expect((await otherDevice.post('/api/auth/login', { email, password })).status).toBe(200);

  // A wrong password gets the generic message; the right one opens the account page.
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('alert').filter({ hasText: 'E-mail ou mot de passe incorrect.' }).waitFor();
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.origin}/compte`);

  // Sessions: this one, marked, and the other device, which can be ended from here.
  await page.getByRole('heading', { level: 2, name: 'Mes sessions actives' }).waitFor();
  const items = page.getByRole('list', { name: 'Mes sessions actives' }).getByRole('listitem');
  await expect.poll(() => items.count()).toBe(2);
  expect(await items.first().textContent()).toContain('Cette session');
  expect(await items.nth(1).textContent()).toContain('Firefox · Android');
  expect(await items.first().textContent()).toMatch(/Dernière utilisation : \d{1,2} \p{L}+ \d{4}/u);
  await page.screenshot({ path: '/tmp/maillage-account-1280.png', fullPage: true });
  await page.getByRole('button', { name: /^Fermer la session Firefox · Android/ }).click();
  await page.getByRole('status').filter({ hasText: 'La session a été fermée.' }).waitFor();
  await expect.poll(() => items.count()).toBe(1);
  expect((await otherDevice.get('/api/auth/me')).body.user).toBeNull();

  // English: the page changes at once, the account keeps the choice, and a reload keeps it.
  await page.getByRole('button', { name: 'EN – English' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  await expect
    .poll(async () => (await server.ctx.sql`select locale from users where email = ${email}`)[0]?.locale)
    .toBe('en');
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'My active sessions' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(await page.getByRole('navigation').textContent()).toContain('Log out');

  // Ended from another device: the live connection hears it and the page asks to log in again.
  const socketUrls = () => requests.urls.filter((u) => new URL(u).pathname.startsWith('/socket.io/'));
  await expect.poll(() => socketUrls().length).toBeGreaterThan(0);
  const thirdDevice = new TestClient(server.url, server.origin, 'Mozilla/5.0 (Windows NT 10.0) Edg/131.0');
  expect((await thirdDevice.post('/api/auth/login', { email, password })).status).toBe(200);
  const { sessions } = (await thirdDevice.get('/api/auth/sessions')).body as { sessions: { id: string; current: boolean }[] };
  const browserSession = sessions.find((s) => !s.current);
  expect(sessions).toHaveLength(2);
  expect((await thirdDevice.request('DELETE', `/api/auth/sessions/${browserSession!.id}`)).status).toBe(204);
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  expect(new URL(page.url()).search).toBe('?next=%2Fcompte');
  expect(await page.getByRole('navigation').textContent()).toContain('Create an account');

  // A visitor's choice lasts until log-in, where the account's language wins.
  await page.getByRole('button', { name: 'FR – Français' }).click();
  await waitForHeading(page, 'Se connecter', pageErrors);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await waitForHeading(page, 'My account', pageErrors);
  expect(await page.getAttribute('html', 'lang')).toBe('en');

  // Nothing ever left the loopback address, and the video library was not loaded for these pages.
  expect(requests.urls.filter((u) => /livekit/i.test(u))).toEqual([]);
  expect(requests.urls.length).toBeGreaterThan(10);
  expect(requests.offLoopback()).toEqual([]);
  expect(pageErrors.filter((e) => !e.includes('401'))).toEqual([]);
  await context.close();
});

test('the sign-up page fits a 320 px wide phone', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const requests = recordRequests(page);
  await page.goto(`${server.origin}/inscription`);
  await page.getByRole('heading', { level: 1, name: 'Créer un compte' }).waitFor();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: '/tmp/maillage-signup-320.png', fullPage: true });
  // The keyboard's first stop is the skip link, which takes focus to the page's content.
  await page.keyboard.press('Tab');
  expect(await deepActiveElementId(page)).toBe('');
  expect(await page.evaluate(() => document.querySelector('maillage-app')?.shadowRoot?.activeElement?.textContent?.trim())).toBe(
    'Aller au contenu',
  );
  await page.keyboard.press('Enter');
  expect(await deepActiveElementId(page)).toBe('main');
  expect(new URL(page.url()).pathname).toBe('/inscription');
  // Still no overflow once errors are shown.
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.getByRole('alert').filter({ hasText: 'Le formulaire contient 3 erreurs' }).waitFor();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(320);
  expect(await deepActiveElementId(page)).toBe('signup-email');
  await page.screenshot({ path: '/tmp/maillage-signup-320-errors.png', fullPage: true });
  expect(requests.offLoopback()).toEqual([]);
  await context.close();
});

test('the one-time setup link makes a newcomer the first admin, through sign-up and back', async () => {
  expect(server.setupLink).toMatch(/\/setup\/[A-Za-z0-9_-]+$/);
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.setupLink!);
  await page.getByText('Ce lien à usage unique fait de vous le premier administrateur du réseau Maillage.').waitFor();
  await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
  await page.getByRole('heading', { level: 1, name: 'Créer un compte' }).waitFor();
  const gerard = `gerard.${Date.now()}@example.org`;
  await page.getByLabel('Adresse e-mail').fill(gerard);
  await page.getByLabel('Nom affiché').fill('Gérard');
  await page.getByLabel('Mot de passe', { exact: true }).fill('le causse Mejean sous la neige');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(server.setupLink!);
  await page.getByText('Vous êtes connecté en tant que Gérard.').waitFor();
  await page.getByRole('button', { name: 'Devenir administrateur' }).click();
  await page.getByRole('status').filter({ hasText: 'vous êtes maintenant administrateur du réseau' }).waitFor();
  await page.getByRole('link', { name: 'Voir mon compte' }).click();
  await page.getByText('Administrateur du réseau').waitFor();

  // Changing the password ends the other sessions, and the page says so.
  const laptop = new TestClient(server.url, server.origin);
  expect((await laptop.post('/api/auth/login', { email: gerard, password: 'le causse Mejean sous la neige' })).status).toBe(200);
  await page.locator('password-form').getByLabel('Mot de passe actuel').fill('pas le bon');
  await page.locator('password-form').getByLabel('Nouveau mot de passe').fill('les gorges du Tarn en canoe');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.getByRole('alert').filter({ hasText: 'Le mot de passe actuel est incorrect.' }).waitFor();
  expect(await deepActiveElementId(page)).toBe('current-password');
  await page.locator('password-form').getByLabel('Mot de passe actuel').fill('le causse Mejean sous la neige');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé. Votre autre session a été fermée.' }).waitFor();
  expect((await laptop.get('/api/auth/me')).body.user).toBeNull();

  // The link served once: opened by anyone else afterwards, it is refused.
  const latecomer = await browser.newContext();
  const other = await latecomer.newPage();
  await other.goto(`${server.origin}/inscription?next=${encodeURIComponent(new URL(server.setupLink!).pathname)}`);
  await other.getByLabel('Adresse e-mail').fill(`luc.${Date.now()}@example.org`);
  await other.getByLabel('Nom affiché').fill('Luc');
  await other.getByLabel('Mot de passe', { exact: true }).fill('une startup sur le plateau');
  await other.getByRole('button', { name: 'Créer mon compte' }).click();
  await other.waitForURL(server.setupLink!);
  await other.getByRole('button', { name: 'Devenir administrateur' }).click();
  await other.getByRole('alert').filter({ hasText: 'Ce lien est inconnu, a expiré ou a déjà été utilisé.' }).waitFor();
  const roles = await server.ctx.sql`select display_name, role from users where display_name in ('Gérard', 'Luc') order by display_name`;
  expect(roles.map((r) => [r.displayName, r.role])).toEqual([
    ['Gérard', 'admin'],
    ['Luc', 'member'],
  ]);
  await latecomer.close();
  await context.close();
});
