import { z } from 'zod';
import { ConfigError } from '../config.ts';
import { outboxTransport, smtpTransport, type MailTransport } from './transport.ts';

const mailEnv = z.object({
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; unset: the outbox is the delivery. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender, e.g. "Maillage <bonjour@maillage.example>". */
  MAIL_FROM: z.string().min(3).optional(),
});

/**
 * The transport chosen by the environment. SMTP_URL and MAIL_FROM are read here rather than
 * in config.ts so the mail module stays self-contained; an invalid value fails the start.
 */
export function mailTransportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport {
  const parsed = mailEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const { SMTP_URL, MAIL_FROM } = parsed.data;
  if (!SMTP_URL) return outboxTransport;
  if (!MAIL_FROM) throw new ConfigError('MAIL_FROM: required when SMTP_URL is set (e.g. "Maillage <bonjour@example.org>")');
  return smtpTransport(SMTP_URL, MAIL_FROM);
}
