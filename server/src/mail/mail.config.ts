import type { Config } from '../config.ts';
import { outboxTransport, smtpTransport, type MailTransport } from './transport.ts';

/** The transport the configuration chooses: SMTP when SMTP_URL is set, else the outbox alone. */
export function mailTransportFor(config: Pick<Config, 'smtp'>): MailTransport {
  return config.smtp ? smtpTransport(config.smtp.url, config.smtp.from) : outboxTransport;
}
