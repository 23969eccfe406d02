import { createTransport } from 'nodemailer';

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

/** SMTP through nodemailer. `url` is like smtp://user:pass@host:587 (smtps:// for implicit TLS). */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = createTransport(url);
  return {
    name: 'smtp',
    async send(mail) {
      await transporter.sendMail({
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
      transporter.close();
    },
  };
}
