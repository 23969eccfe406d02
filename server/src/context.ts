import type { Config } from './config.ts';
import type { Sql } from './db/sql.ts';
import type { Logger } from './logger.ts';
import type { MemberChanges } from './members/member-changes.ts';
import type { RateLimiter } from './ratelimit/ratelimit.ts';

/** What every capability receives: configuration, the one `sql`, a logger and shared services. */
export interface AppContext {
  config: Config;
  sql: Sql;
  log: Logger;
  rateLimiter: RateLimiter;
  /** Tells live connections that these sessions ended (set by the realtime layer). */
  sessionsEnded(ids: string[]): void;
  /** Told when a member's name, commune or visibility changes (live views follow). */
  memberChanges: MemberChanges;
  /**
   * Runs `job` every `ms` in the background until the server stops (before its database
   * closes); a failure is logged under `what` and the next round runs as planned.
   */
  every(what: string, ms: number, job: () => Promise<unknown>): void;
}
