import type { Sql } from '../db/sql.ts';
import type { Logger } from '../logger.ts';
import { onMailQueued, type OutboxRow } from './outbox.ts';
import type { MailTransport } from './transport.ts';

/** After this many failed attempts a mail is marked failed and left for an admin to see. */
export const MAX_ATTEMPTS = 6;
/** A claimed mail not reported sent within this lease is claimed again (its worker died). */
const LEASE_SECONDS = 120;

/** Seconds to wait before attempt `n + 1` after `n` failures: 30 s, 1 min, 2 min… capped at 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims up to `limit` due mails for this worker. The claim is one statement under
 * FOR UPDATE SKIP LOCKED, so two workers never claim the same row; the lease makes a row
 * whose worker died due again later.
 */
export async function claimMails(sql: Sql, limit: number): Promise<OutboxRow[]> {
  return sql<OutboxRow[]>`
    update mail_outbox m set status = 'sending', attempts = m.attempts + 1,
      locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where m.id in (
      select id from mail_outbox
      where (status = 'queued' and next_attempt_at <= now())
         or (status = 'sending' and locked_until < now())
      order by next_attempt_at, created_at
      limit ${limit}
      for update skip locked)
    returning m.*`;
}

/**
 * Sends the mails due now through `transport`, one batch at a time until none is due.
 * Returns how many were sent. Safe to run from any number of processes at once.
 */
export async function processMailQueue(
  sql: Sql,
  transport: MailTransport,
  opts: { batch?: number; log?: Logger } = {},
): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await claimMails(sql, opts.batch ?? 10);
    if (batch.length === 0) return sent;
    for (const m of batch) {
      try {
        await transport.send({ id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, html: m.htmlBody });
        await sql`update mail_outbox set status = 'sent', sent_at = now(), locked_until = null, last_error = null,
          transport = ${transport.name} where id = ${m.id}`;
        sent++;
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        const failed = m.attempts >= MAX_ATTEMPTS;
        await sql`update mail_outbox set
            status = ${failed ? 'failed' : 'queued'}, locked_until = null, last_error = ${message},
            next_attempt_at = now() + make_interval(secs => ${backoffSeconds(m.attempts)})
          where id = ${m.id}`;
        opts.log?.warn({ mailId: m.id, attempts: m.attempts, failed, err: message }, 'mail not sent');
      }
    }
  }
}

export interface MailWorker {
  /** Runs the queue now (also called on a timer and when this process queues a mail). */
  kick(): void;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/** Polls the queue every `intervalMs` (other processes' mails) and at once after a local enqueue. */
export function startMailWorker(sql: Sql, transport: MailTransport, log: Logger, intervalMs = 5000): MailWorker {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await processMailQueue(sql, transport, { log });
        } catch (err) {
          // The database may be down or closing; the next tick retries.
          if (!stopped) log.warn({ err: (err as Error).message }, 'mail queue run failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  const unsubscribe = onMailQueued(run);
  setImmediate(run);
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
      await transport.close?.();
    },
  };
}
