import { expect } from 'vitest';
import { TestClient, goodPassword, uniqueEmail } from '../support/client.ts';
import type { TestServer } from '../support/server.ts';

/** Helpers shared by the accounts tests: reading links from the outbox, making admins. */

export interface OutboxMail {
  id: string;
  toAddress: string;
  kind: string;
  locale: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: string;
}

export async function mailsTo(server: TestServer, to: string, kind?: string): Promise<OutboxMail[]> {
  return server.ctx.sql<OutboxMail[]>`
    select id, to_address, kind, locale, subject, text_body, html_body, status from mail_outbox
    where lower(to_address) = lower(${to}) and (${kind ?? null}::text is null or kind = ${kind ?? null})
    order by created_at, id`;
}

/** The token of the link in the newest mail of `kind` to `to`, read from the outbox. */
export async function linkToken(server: TestServer, to: string, kind: string, path: string): Promise<string> {
  const mails = await mailsTo(server, to, kind);
  expect(mails.length, `a ${kind} mail to ${to}`).toBeGreaterThan(0);
  const m = new RegExp(`${server.url}${path}([A-Za-z0-9_-]{43})`).exec(mails.at(-1)!.textBody);
  expect(m, `a ${path} link in the mail`).not.toBeNull();
  return m![1]!;
}

export async function signUpAs(
  server: TestServer,
  opts: { name?: string; locale?: 'fr' | 'en'; passwordless?: boolean; invitation?: string; email?: string } = {},
) {
  const client = new TestClient(server.url);
  const email = opts.email ?? uniqueEmail();
  const res = await client.post('/api/auth/signup', {
    email,
    displayName: opts.name ?? 'Membre',
    ...(opts.passwordless ? { passwordless: true } : { password: goodPassword }),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.invitation ? { invitation: opts.invitation } : {}),
  });
  return { client, email, res, id: res.body?.user?.id as string };
}

/** A member made admin (and verified) directly in the database, as the setup link would. */
export async function makeAdmin(server: TestServer, name = 'Admin') {
  const m = await signUpAs(server, { name });
  expect(m.res.status).toBe(201);
  await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${m.id}`;
  return m;
}

export async function verify(server: TestServer, userId: string) {
  await server.ctx.sql`update users set email_verified_at = now() where id = ${userId}`;
}

export async function createPlace(server: TestServer, name: string): Promise<string> {
  const [row] = await server.ctx.sql<{ id: string }[]>`insert into places (name) values (${name}) returning id`;
  return row!.id;
}
