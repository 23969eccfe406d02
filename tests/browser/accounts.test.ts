import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, watchPageErrors } from '../support/chromium.ts';
import { TestClient, goodPassword, signUp, uniqueEmail } from '../support/client.ts';
import { startWebServer, type TestServer } from '../support/server.ts';

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

/** Page errors and console errors, but for the 4xx answers these tests provoke on purpose. */
const pageErrors = (page: Page) => watchPageErrors(page, { console: true, ignore: /status of 4\d\d/ });

/** The link of the newest mail of `kind` to `to`, read from the outbox in the database. */
async function linkFromOutbox(to: string, kind: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await server.ctx.sql<{ textBody: string }[]>`
      select text_body from mail_outbox where to_address = ${to} and kind = ${kind} order by created_at desc limit 1`;
    const m = row && new RegExp(`${server.url}/[a-z-]+/[A-Za-z0-9_-]{43}`).exec(row.textBody);
    if (m) return m[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${kind} mail to ${to} in the outbox`);
}

test('a member without a password asks for a log-in link, opens it from the mail and is logged in', async () => {
  const email = uniqueEmail('marie-louise');
  const signup = await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'Marie-Louise', passwordless: true });
  expect(signup.status).toBe(201);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${server.origin}/connexion`);
  await page.getByRole('link', { name: 'Recevoir un lien de connexion' }).click();
  await page.getByRole('heading', { level: 1, name: 'Recevoir un lien de connexion' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await page.getByRole('status').filter({ hasText: `Si un compte existe pour ${email}` }).waitFor();

  const link = await linkFromOutbox(email, 'accounts.login_link');
  expect(link).toContain('/login-link/');
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Se connecter avec le lien' }).waitFor();
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForURL(`${server.origin}/compte`);
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  expect(await page.getByTestId('account-name').textContent()).toBe('Marie-Louise');
  // The link proved the address: no "confirm your address" notice.
  expect(await page.getByText('Votre adresse e-mail n’est pas encore confirmée').count()).toBe(0);

  // Used once: opening it again in another browser does not log in.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await otherPage.getByRole('button', { name: 'Me connecter' }).click();
  await otherPage.getByRole('alert').filter({ hasText: 'Ce lien n’est plus valable' }).waitFor();
  await other.close();
  expect(errors).toEqual([]);
  await context.close();
});

test('a member who forgot their password resets it through the pages; their other session ends', async () => {
  const email = uniqueEmail('gerard');
  const elsewhere = new TestClient(server.url);
  expect((await elsewhere.post('/api/auth/signup', { email, displayName: 'Gérard', password: goodPassword })).status).toBe(201);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${server.origin}/connexion`);
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await page.getByRole('status').filter({ hasText: `Si un compte existe pour ${email}` }).waitFor();

  const link = await linkFromOutbox(email, 'accounts.reset_password');
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
  const newPassword = 'Le Mont Lozère 1699 mètres';
  await page.getByLabel('Nouveau mot de passe').fill(newPassword);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.waitForURL(/\/compte/);
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  expect(await page.getByTestId('account-name').textContent()).toBe('Gérard');

  expect((await elsewhere.get('/api/auth/me')).body.user).toBeNull();
  const fresh = new TestClient(server.url);
  expect((await fresh.post('/api/auth/login', { email, password: goodPassword })).status).toBe(401);
  expect((await fresh.post('/api/auth/login', { email, password: newPassword })).status).toBe(200);

  // The link served once.
  await page.goto(link);
  await page.getByLabel('Nouveau mot de passe').fill('Encore un autre mot de passe 2026');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.getByRole('alert').filter({ hasText: 'Ce lien n’est plus valable' }).waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

test('a newcomer signs up without a password on the sign-up page, and later logs in with a link from the mail', async () => {
  const email = uniqueEmail('jeanne');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${server.origin}/inscription`);
  await page.getByRole('heading', { level: 1, name: 'Créer un compte' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Nom affiché').fill('Jeanne');
  const passwordField = page.getByLabel('Mot de passe', { exact: true });
  expect(await passwordField.count()).toBe(1);
  await page.getByLabel('Je préfère me connecter par un lien reçu par e-mail (sans mot de passe)').check();
  // No password asked for any more.
  await expect.poll(() => passwordField.count()).toBe(0);
  expect(await page.getByLabel('Afficher le mot de passe').count()).toBe(0);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  // Logged in, and told how to log in next time.
  const told = page.getByRole('status').filter({ hasText: 'Vous n’avez pas de mot de passe' });
  await told.waitFor();
  expect(await told.textContent()).toContain('« Recevoir un lien de connexion »');
  await page.getByRole('navigation').getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
  const [created] = await server.ctx.sql<{ displayName: string; passwordHash: string | null }[]>`
    select display_name, password_hash from users where email = ${email}`;
  expect(created).toEqual({ displayName: 'Jeanne', passwordHash: null });
  await page.getByRole('link', { name: 'Continuer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  expect(await page.getByTestId('account-name').textContent()).toBe('Jeanne');

  await page.getByRole('navigation').getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await page.waitForURL(`${server.origin}/`);
  expect((await context.cookies()).filter((c) => c.name.includes('session'))).toEqual([]);

  await page.getByRole('navigation').getByRole('link', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: 'Recevoir un lien de connexion' }).click();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await page.getByRole('status').filter({ hasText: `Si un compte existe pour ${email}` }).waitFor();
  const link = await linkFromOutbox(email, 'accounts.login_link');
  await page.goto(link);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForURL(`${server.origin}/compte`);
  expect(await page.getByTestId('account-name').textContent()).toBe('Jeanne');
  expect(errors).toEqual([]);
  await context.close();
});

test('an animator reaches the invitations page from their account and prints an invitation card with its QR code', async () => {
  const email = uniqueEmail('animatrice');
  const api = new TestClient(server.url);
  const signup = await api.post('/api/auth/signup', { email, displayName: 'Animatrice', password: goodPassword });
  expect(signup.status).toBe(201);
  const userId: string = signup.body.user.id;
  const [place] = await server.ctx.sql<{ id: string }[]>`insert into places (name) values ('Tiers-lieu de Langogne') returning id`;
  await server.ctx.sql`update users set email_verified_at = now() where id = ${userId}`;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${server.origin}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(goodPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.origin}/compte`);
  await page.getByTestId('account-name').waitFor();
  // Not an animator yet: no way to invite.
  const invitationsLink = page.getByRole('link', { name: 'Inviter quelqu’un' });
  await page.getByRole('heading', { level: 2, name: 'Mes sessions actives' }).waitFor();
  expect(await invitationsLink.count()).toBe(0);

  await server.ctx.sql`insert into place_members (place_id, user_id, role) values (${place!.id}, ${userId}, 'animator')`;
  await page.reload();
  await invitationsLink.click();
  await page.getByRole('heading', { level: 1, name: 'Inviter quelqu’un' }).waitFor();
  // Their place is the one chosen; "the network only" is for administrators.
  const placeSelect = page.getByLabel('Lieu qu’elle rejoindra');
  await expect.poll(() => placeSelect.inputValue()).toBe(place!.id);
  expect(await placeSelect.locator('option').allTextContents()).toEqual(['Tiers-lieu de Langogne']);

  await page.getByRole('button', { name: 'Créer l’invitation' }).click();
  const card = page.getByRole('region', { name: 'Invitation à rejoindre Maillage' });
  await card.waitFor();
  const qr = card.getByRole('img', { name: 'QR code du lien d’invitation' });
  await qr.waitFor();
  // The image is drawn, and it is the QR code of the link shown on the card.
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const link = (await card.locator('.link').textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${server.url}/invitation/[A-Za-z0-9_-]{43}$`));
  const src = (await qr.getAttribute('src'))!;
  expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
  const svg = Buffer.from(src.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
  expect(svg).toBe(await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  expect(await card.textContent()).toContain('Vous rejoindrez aussi le lieu « Tiers-lieu de Langogne »');
  const box = await qr.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(200);
  await page.screenshot({ path: '/tmp/maillage-invitation-card.png', fullPage: true });

  // The button prints; printing shows the card alone, without the page or the site around it.
  await page.evaluate(() => {
    window.print = () => ((window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1);
  });
  await page.getByRole('button', { name: 'Imprimer' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  expect(await qr.isVisible()).toBe(true);
  expect(await card.locator('.link').isVisible()).toBe(true);
  for (const hidden of [
    page.getByRole('heading', { level: 1, name: 'Inviter quelqu’un' }),
    page.getByRole('button', { name: 'Créer l’invitation' }),
    page.getByRole('button', { name: 'Imprimer' }),
    page.getByRole('heading', { level: 2, name: 'Invitations', exact: true }),
    page.getByRole('navigation'),
    page.getByRole('contentinfo'),
  ]) {
    expect(await hidden.isVisible()).toBe(false);
  }
  await page.screenshot({ path: '/tmp/maillage-invitation-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  expect(await page.getByRole('navigation').isVisible()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

test('an invited newcomer signs up on the invitation page: a weak password is refused on its field, then the account joins the place', async () => {
  const admin = await signUp(server.url, 'Admin des invitations');
  await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${admin.id}`;
  const [place] = await server.ctx.sql<{ id: string }[]>`insert into places (name) values ('Maison France Services de Villefort') returning id`;
  const invited = uniqueEmail('invitee');
  const made = await admin.client.post('/api/accounts/invitations', { email: invited, placeId: place!.id });
  expect(made.status).toBe(201);
  const link = await linkFromOutbox(invited, 'accounts.invitation');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(link);
  await page.getByLabel('Nom affiché').fill('Gérard');
  await page.getByLabel('Mot de passe', { exact: true }).fill('azertyuiop');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // Refused by the server as common: the message sits on the password field, which has focus.
  const password = page.getByLabel('Mot de passe', { exact: true });
  await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
  await expect.poll(() => password.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  expect(await server.ctx.sql`select 1 from users where lower(email) = ${invited}`).toHaveLength(0);

  await password.fill('Col de la Croix de Berthel 1088');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(`${server.origin}/compte`);
  const [member] = await server.ctx.sql<{ role: string }[]>`
    select pm.role from place_members pm join users u on u.id = pm.user_id where lower(u.email) = ${invited} and pm.place_id = ${place!.id}`;
  expect(member?.role).toBe('member');
  expect(errors).toEqual([]);
  await context.close();
});
