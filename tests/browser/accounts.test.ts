import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { webDist } from '../../server/src/app.ts';
import { launchChromium } from '../support/chromium.ts';
import { TestClient, goodPassword, uniqueEmail } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html is missing: build the web app first with \`npx vite build --config web/vite.config.ts\``);
  }
  server = await startTestServer({ SERVE_WEB: 'true' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

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
  const errors = watchPageErrors(page);
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
  const errors = watchPageErrors(page);
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
