import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectDatabase, type Database } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createSql, type Sql } from '../../server/src/db/sql.ts';
import { composeMail } from '../../server/src/mail/compose.ts';
import { ConfigError, loadConfig } from '../../server/src/config.ts';
import { mailTransportFor } from '../../server/src/mail/mail.config.ts';
import { enqueueMail } from '../../server/src/mail/outbox.ts';
import { MAX_ATTEMPTS, processMailQueue } from '../../server/src/mail/queue.ts';
import type { MailTransport, OutgoingMail } from '../../server/src/mail/transport.ts';
import { createTestDatabase, usingPostgresServer, type TestDatabase } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { makeAdmin, signUpAs } from './accounts.support.ts';

/** A transport that records what it was handed, slowly enough for workers to overlap. */
function recordingTransport(name: string, fail?: (m: OutgoingMail) => boolean): MailTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    name,
    sent,
    async send(m) {
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      if (fail?.(m)) throw new Error(`refused by ${name}`);
      sent.push(m.id);
    },
  };
}

// The queue on a database of its own, without a server (whose worker would take the mails).
let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  const config = loadConfig(
    { NODE_ENV: 'test', DATA_DIR: testDb.dataDir, ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}) },
    false,
  );
  db = await connectDatabase(config);
  await migrate(db.sql);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const content = composeMail('fr', { subject: 'Essai', greeting: 'Bonjour,', paragraphs: ['Un essai.'] });

describe('mail queue', () => {
  test('two workers racing on the same database send each mail exactly once', async () => {
    await db.sql`delete from mail_outbox`;
    const n = 300;
    // One statement, so no worker starts before all are queued.
    await db.sql`insert into mail_outbox (to_address, locale, kind, subject, text_body, html_body)
      select 'race' || i || '@example.org', 'fr', 'test.race', ${content.subject}, ${content.text}, ${content.html}
      from generate_series(1, ${n}) as i`;
    // On a Postgres server the two workers are two clients (two connection pools) racing for
    // rows under FOR UPDATE SKIP LOCKED, where a bug would send twice. On the embedded
    // PGlite (TEST_DATABASE_URL unset) there is one connection: the race is trivial and this
    // only checks the bookkeeping.
    const clients: Sql[] = usingPostgresServer
      ? [createSql(testDb.databaseUrl!, { embedded: false }), createSql(testDb.databaseUrl!, { embedded: false })]
      : [db.sql, db.sql];
    try {
      const a = recordingTransport('a');
      const b = recordingTransport('b');
      const counts = await Promise.all([
        processMailQueue(clients[0]!, a, { batch: 5 }),
        processMailQueue(clients[1]!, b, { batch: 5 }),
      ]);
      const all = [...a.sent, ...b.sent];
      expect(all).toHaveLength(n);
      expect(new Set(all).size).toBe(n);
      expect(counts[0]! + counts[1]!).toBe(n);
      if (usingPostgresServer) {
        // Both really worked: the race happened.
        expect(a.sent.length).toBeGreaterThan(0);
        expect(b.sent.length).toBeGreaterThan(0);
      }
      const rows = await db.sql<{ status: string; attempts: number; transport: string; c: number }[]>`
        select status, attempts, transport, count(*)::int as c from mail_outbox group by 1, 2, 3 order by 3`;
      expect(rows).toEqual([
        { status: 'sent', attempts: 1, transport: 'a', c: a.sent.length },
        { status: 'sent', attempts: 1, transport: 'b', c: b.sent.length },
      ].filter((r) => r.c > 0));
    } finally {
      if (usingPostgresServer) await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
    }
  });

  test('a failed mail is retried with a growing delay, then marked failed', async () => {
    await db.sql`delete from mail_outbox`;
    const id = await enqueueMail(db.sql, { to: 'down@example.org', locale: 'en', kind: 'test.retry', content });
    const failing = recordingTransport('smtp', () => true);
    expect(await processMailQueue(db.sql, failing)).toBe(0);
    const delay = async () =>
      (await db.sql<{ status: string; attempts: number; lastError: string; s: number }[]>`
        select status, attempts, last_error, round(extract(epoch from next_attempt_at - now()))::int as s from mail_outbox where id = ${id}`)[0]!;
    const first = await delay();
    expect(first).toMatchObject({ status: 'queued', attempts: 1, lastError: 'refused by smtp' });
    expect(first.s).toBeGreaterThanOrEqual(28);
    expect(first.s).toBeLessThanOrEqual(30);
    // Not due yet: nothing is claimed.
    expect(await processMailQueue(db.sql, failing)).toBe(0);
    expect((await delay()).attempts).toBe(1);

    await db.sql`update mail_outbox set next_attempt_at = now() where id = ${id}`;
    await processMailQueue(db.sql, failing);
    const second = await delay();
    expect(second.attempts).toBe(2);
    expect(second.s).toBeGreaterThanOrEqual(58);

    await db.sql`update mail_outbox set next_attempt_at = now(), attempts = ${MAX_ATTEMPTS - 1} where id = ${id}`;
    await processMailQueue(db.sql, failing);
    expect((await delay()).status).toBe('failed');
    await db.sql`update mail_outbox set next_attempt_at = now() where id = ${id}`;
    expect(await processMailQueue(db.sql, recordingTransport('ok'))).toBe(0);
  });

  test('a mail whose worker died (lease over) is sent again by another', async () => {
    await db.sql`delete from mail_outbox`;
    const id = await enqueueMail(db.sql, { to: 'lease@example.org', locale: 'fr', kind: 'test.lease', content });
    await db.sql`update mail_outbox set status = 'sending', attempts = 1, locked_until = now() + interval '1 minute' where id = ${id}`;
    const t = recordingTransport('t');
    expect(await processMailQueue(db.sql, t)).toBe(0);
    await db.sql`update mail_outbox set locked_until = now() - interval '1 second' where id = ${id}`;
    expect(await processMailQueue(db.sql, t)).toBe(1);
    expect(t.sent).toEqual([id]);
  });
});

describe('transport choice', () => {
  test('the outbox without SMTP_URL; SMTP with it, and MAIL_FROM required then', () => {
    const transport = (env: Record<string, string>) => mailTransportFor(loadConfig(env, false));
    expect(transport({}).name).toBe('outbox');
    expect(transport({ SMTP_URL: 'smtp://u:p@127.0.0.1:2525', MAIL_FROM: 'Maillage <bonjour@example.org>' }).name).toBe('smtp');
    expect(() => transport({ SMTP_URL: 'smtp://u:p@127.0.0.1:2525' })).toThrow(ConfigError);
    expect(() => transport({ SMTP_URL: 'smtp://u:p@127.0.0.1:2525' })).toThrow(/^MAIL_FROM:/);
    expect(() => transport({ SMTP_URL: 'http://example.org' })).toThrow(/^SMTP_URL:/);
  });

  test('composed mails escape what members wrote and load nothing remote', () => {
    const m = composeMail('en', {
      subject: 'Hi',
      greeting: 'Hello <script>x</script>,',
      paragraphs: ['A & B'],
      action: { label: 'Go', url: 'http://127.0.0.1/a?b=1&c=2' },
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Hello &lt;script&gt;x&lt;/script&gt;,');
    expect(m.html).not.toMatch(/<img|<link|src=|url\(/i);
    expect(m.text).toContain('Go:\nhttp://127.0.0.1/a?b=1&c=2');
  });
});

describe('in the running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  test('the worker delivers to the outbox without SMTP, and admins read it; members cannot', async () => {
    const admin = await makeAdmin(server, 'Lectrice');
    const m = await signUpAs(server, { name: 'Quelqu’un', locale: 'en' });
    const deadline = Date.now() + 10_000;
    let mails: { to: string; kind: string; locale: string; status: string; subject: string }[] = [];
    while (Date.now() < deadline) {
      const res = await admin.client.get(`/api/admin/mail/outbox?to=${encodeURIComponent(m.email)}`);
      expect(res.status).toBe(200);
      mails = res.body.mails;
      if (mails[0]?.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: m.email, kind: 'accounts.verify_email', locale: 'en', status: 'sent' });
    const [row] = await server.ctx.sql`select transport from mail_outbox where to_address = ${m.email}`;
    expect(row!.transport).toBe('outbox');
    expect((await m.client.get('/api/admin/mail/outbox')).status).toBe(403);
  });
});
