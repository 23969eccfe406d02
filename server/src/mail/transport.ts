/** A mail ready to hand to a transport. */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mails go once dequeued: an SMTP server, or nowhere but the outbox (development). */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void>;
}

/**
 * With no SMTP configured the outbox table is the delivery: admins read it in the app and
 * tests read links from it. Sending only marks the row as sent.
 */
export const outboxTransport: MailTransport = {
  name: 'outbox',
  async send() {},
};

/**
 * SMTP through nodemailer, loaded only when SMTP is configured so the app runs without the
 * package otherwise. `url` is like smtp://user:pass@host:587 (smtps:// for implicit TLS).
 */
export function smtpTransport(url: string, from: string): MailTransport {
  let transporter: Promise<{ sendMail(m: object): Promise<unknown>; close(): void }> | undefined;
  const load = () =>
    (transporter ??= (async () => {
      // A variable keeps TypeScript from resolving the module at build time: nodemailer is optional.
      const moduleName = 'nodemailer';
      const mod = (await import(moduleName)) as { default?: { createTransport: Function }; createTransport?: Function };
      const createTransport = (mod.default?.createTransport ?? mod.createTransport) as (url: string) => {
        sendMail(m: object): Promise<unknown>;
        close(): void;
      };
      return createTransport(url);
    })());
  return {
    name: 'smtp',
    async send(mail) {
      const t = await load();
      await t.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // A stable Message-ID per outbox row lets receiving servers drop a duplicate.
        messageId: `<${mail.id}@${from.split('@').pop()?.replace(/[>\s]/g, '') || 'maillage.local'}>`,
      });
    },
    async close() {
      if (transporter) (await transporter).close();
    },
  };
}
