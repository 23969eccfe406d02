import type { OutboxMailView } from '../../../shared/accounts.schema.ts';
import type { Locale } from '../../../shared/locale.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import type { MailContent } from './compose.ts';

export interface NewMail {
  to: string;
  /** The member the mail is for, when there is one (kept so that their data export finds it). */
  toUserId?: string | null;
  locale: Locale;
  /** What the mail is about, e.g. `accounts.reset_password`; admins filter the outbox by it. */
  kind: string;
  content: MailContent;
}

export interface OutboxRow {
  id: string;
  toAddress: string;
  toUserId: string | null;
  locale: Locale;
  kind: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: OutboxMailView['status'];
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  transport: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Hooks run after a mail is queued (the worker of this process wakes up at once). */
const queuedListeners = new Set<() => void>();
export function onMailQueued(listener: () => void): () => void {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
}

/**
 * Queues a mail. It is stored in the outbox before this resolves, so a caller that
 * acknowledges after it never loses the mail; pass a transaction to queue it with the change
 * it announces. The worker sends it soon after.
 */
export async function enqueueMail(sql: Sql | TransactionSql, mail: NewMail): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into mail_outbox (to_address, to_user_id, locale, kind, subject, text_body, html_body)
    values (${mail.to}, ${mail.toUserId ?? null}, ${mail.locale}, ${mail.kind}, ${mail.content.subject},
      ${mail.content.text}, ${mail.content.html})
    returning id`;
  // In a transaction the row is not visible until commit; the worker's next poll finds it then.
  setImmediate(() => queuedListeners.forEach((l) => l()));
  return row!.id;
}

export async function listOutbox(
  sql: Sql,
  f: { status?: OutboxMailView['status']; to?: string; limit?: number },
): Promise<OutboxRow[]> {
  return sql<OutboxRow[]>`
    select * from mail_outbox
    where (${f.status ?? null}::text is null or status = ${f.status ?? null})
      and (${f.to ?? null}::text is null or lower(to_address) = lower(${f.to ?? null}))
    order by created_at desc, id
    limit ${f.limit ?? 50}`;
}

export function presentOutboxMail(r: OutboxRow): OutboxMailView {
  return {
    id: r.id,
    to: r.toAddress,
    kind: r.kind,
    locale: r.locale,
    subject: r.subject,
    text: r.textBody,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  };
}
