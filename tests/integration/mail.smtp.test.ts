import { afterAll, beforeAll, expect, test } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { signUp } from '../support/client.ts';
import { freePort } from '../support/ports.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Delivery through a real SMTP server on loopback: the verification mail of a new member
// leaves the outbox, reaches the SMTP server once, and its row is marked sent.

interface Received {
  from: string;
  to: string[];
  data: string;
}

let smtp: SMTPServer;
let smtpPort: number;
let server: TestServer;
const received: Received[] = [];

beforeAll(async () => {
  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    // No TLS on loopback: nodemailer would otherwise upgrade to a self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve()));
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Maillage <bonjour@maillage.test>' });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
}, 60_000);

test('a new member’s verification mail is delivered by SMTP, once, in French, and marked sent', async () => {
  const { email } = await signUp(server.url, 'Marie-Louise');
  const deadline = Date.now() + 30_000;
  while (!received.some((m) => m.to.includes(email)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const mails = received.filter((m) => m.to.includes(email));
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.from).toBe('bonjour@maillage.test');
  expect(mail.data).toMatch(/\/verify-email\/[A-Za-z0-9_-]{20,}/);
  // The subject is MIME-encoded (it has accents' neighbours): decode before comparing.
  const subjectLine = /^Subject: (.+(?:\r?\n[ \t].+)*)/m.exec(mail.data)![1]!;
  const subject = subjectLine.replace(/\r?\n[ \t]/g, '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
  expect(subject.replace(/\s+/g, ' ')).toBe('Confirmez votre adresse e-mail pour Maillage');
  // No remote content: the HTML part has no http(s) image or stylesheet.
  expect(mail.data).not.toMatch(/<img[^>]+src="https?:/i);

  const [row] = await server.ctx.sql<{ id: string; status: string; attempts: number }[]>`
    select id, status, attempts from mail_outbox where to_address = ${email}`;
  expect(row!.status).toBe('sent');
  expect(mail.data).toContain(`Message-ID: <${row!.id}@maillage.test>`);
  // The worker does not send it again on its next rounds.
  await new Promise((r) => setTimeout(r, 1500));
  expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
});
