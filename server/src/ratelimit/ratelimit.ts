import { createHmac } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import { Errors } from '../errors.ts';

/** A limit: at most `max` hits per `windowSeconds`. */
export interface Policy {
  name: string;
  max: number;
  windowSeconds: number;
}

export const Policies = {
  signupPerIp: { name: 'signup:ip', max: 20, windowSeconds: 3600 },
  signupPerEmail: { name: 'signup:email', max: 5, windowSeconds: 3600 },
  loginPerIp: { name: 'login:ip', max: 50, windowSeconds: 900 },
  loginPerEmail: { name: 'login:email', max: 10, windowSeconds: 900 },
  passwordPerAccount: { name: 'password:account', max: 10, windowSeconds: 900 },
  setupPerIp: { name: 'setup:ip', max: 20, windowSeconds: 900 },
  // Accounts: links sent by mail (reset, log-in, verification, e-mail change), their use, invitations.
  linkRequestPerIp: { name: 'link-request:ip', max: 30, windowSeconds: 3600 },
  linkRequestPerEmail: { name: 'link-request:email', max: 5, windowSeconds: 3600 },
  verifyResendPerAccount: { name: 'verify-resend:account', max: 3, windowSeconds: 3600 },
  emailChangePerAccount: { name: 'email-change:account', max: 5, windowSeconds: 3600 },
  linkUsePerIp: { name: 'link-use:ip', max: 60, windowSeconds: 900 },
  invitePerAccount: { name: 'invite:account', max: 100, windowSeconds: 86400 },
} satisfies Record<string, Policy>;

/**
 * Counts hits in Postgres so that every server process shares the same counters.
 * Subjects (IPs, e-mails) are stored as keyed hashes, not in clear.
 */
export class RateLimiter {
  constructor(
    private readonly sql: Sql,
    private readonly secret: string,
  ) {}

  private key(policy: Policy, subject: string): string {
    return `${policy.name}:${createHmac('sha256', this.secret).update(subject).digest('base64url').slice(0, 32)}`;
  }

  /** Records one hit; throws `rate_limited` with the seconds to wait when over the limit. */
  async hit(policy: Policy, subject: string): Promise<void> {
    const key = this.key(policy, subject);
    const w = policy.windowSeconds;
    const [row] = await this.sql<{ hits: number; retryAfter: number }[]>`
      insert into rate_limits as r (key, window_start, hits) values (${key}, now(), 1)
      on conflict (key) do update set
        hits = case when r.window_start <= now() - make_interval(secs => ${w}) then 1 else r.hits + 1 end,
        window_start = case when r.window_start <= now() - make_interval(secs => ${w}) then now() else r.window_start end
      returning hits, ceil(extract(epoch from (window_start + make_interval(secs => ${w}) - now())))::int as retry_after`;
    if (row!.hits > policy.max) throw Errors.rateLimited(Math.max(1, row!.retryAfter));
  }

  /** Checks several policies; all are counted, the first exceeded one is reported. */
  async hitAll(checks: [Policy, string][]): Promise<void> {
    let first: unknown;
    for (const [policy, subject] of checks) {
      try {
        await this.hit(policy, subject);
      } catch (err) {
        first ??= err;
      }
    }
    if (first) throw first;
  }

  /** Drops counters whose window ended long ago. */
  async prune(): Promise<void> {
    await this.sql`delete from rate_limits where window_start < now() - interval '1 day'`;
  }
}
