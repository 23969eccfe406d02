import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PresenceStatus } from '../../../shared/rooms.schema.ts';
import type { Sql } from '../db/sql.ts';
import { isConnectionError } from '../db/sql.ts';
import type { Logger } from '../logger.ts';

/** How often this process beats and reaps the connections of dead processes. */
export const PRESENCE_HEARTBEAT_MS = 5_000;
/** A process silent for this long is dead: its connections no longer count and are deleted. */
export const PRESENCE_STALE_MS = 15_000;

/** One member present in a scope, counted once whatever their number of connections. */
export interface PresentMember {
  userId: string;
  displayName: string;
  status: PresenceStatus;
  since: Date;
}

export type PresenceListener = (scopes: string[]) => void;

/**
 * Who is connected where, generic over a scope string (`room:<id>`, later `place:<id>`).
 * Connections live in Postgres so that every server process sees the same picture: each
 * process beats in `presence_nodes`, and the connections of a process that stopped beating
 * stop counting at once and are deleted at the next reap. Changes are reported to listeners
 * (this process only: broadcasting to other processes is the socket.io adapter's job).
 */
export class Presence {
  readonly nodeId = `${hostname()}-${process.pid}-${randomBytes(6).toString('hex')}`;
  private listeners: PresenceListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly staleSeconds: number;

  constructor(
    private readonly sql: Sql,
    private readonly log: Logger,
    private readonly opts: { heartbeatMs: number; staleMs: number } = { heartbeatMs: PRESENCE_HEARTBEAT_MS, staleMs: PRESENCE_STALE_MS },
  ) {
    this.staleSeconds = opts.staleMs / 1000;
  }

  async start(): Promise<void> {
    await this.register();
    this.timer = setInterval(() => void this.tick(), this.opts.heartbeatMs);
    this.timer.unref();
  }

  /** Forgets this process's connections (a graceful stop; a crash is handled by expiry). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    try {
      const rows = await this.sql<{ scope: string }[]>`delete from presence_connections where node_id = ${this.nodeId} returning scope`;
      await this.sql`delete from presence_nodes where node_id = ${this.nodeId}`;
      this.changed(rows.map((r) => r.scope));
    } catch (err) {
      if (!isConnectionError(err)) this.log.warn({ err }, 'presence stop failed');
    }
  }

  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  private changed(scopes: string[]): void {
    const unique = [...new Set(scopes)];
    if (!unique.length) return;
    for (const l of this.listeners) {
      try {
        l(unique);
      } catch (err) {
        this.log.error({ err }, 'presence listener failed');
      }
    }
  }

  private async register(): Promise<void> {
    await this.sql`insert into presence_nodes (node_id) values (${this.nodeId})
      on conflict (node_id) do update set heartbeat_at = now()`;
  }

  /** Beats, then deletes the connections of dead processes and reports the scopes they left. */
  async tick(): Promise<void> {
    try {
      const [beat] = await this.sql`update presence_nodes set heartbeat_at = now() where node_id = ${this.nodeId} returning node_id`;
      // Reaped by another process after a long pause (database outage): our rows are gone, come back.
      if (!beat) {
        this.log.warn({ nodeId: this.nodeId }, 'presence node was reaped; registering again');
        await this.register();
      }
      const stale = `${this.staleSeconds} seconds`;
      const gone = await this.sql<{ scope: string }[]>`
        delete from presence_connections
        where node_id in (select node_id from presence_nodes where heartbeat_at < now() - ${stale}::interval)
        returning scope`;
      await this.sql`delete from presence_nodes where heartbeat_at < now() - ${stale}::interval`;
      this.changed(gone.map((r) => r.scope));
    } catch (err) {
      if (!isConnectionError(err)) this.log.error({ err }, 'presence heartbeat failed');
    }
  }

  /** Records a connection in a scope. A member's new tab takes the status their other tabs show. */
  async enter(scope: string, socketId: string, userId: string): Promise<void> {
    await this.sql`
      insert into presence_connections (socket_id, scope, node_id, user_id, status)
      values (${socketId}, ${scope}, ${this.nodeId}, ${userId}, coalesce(
        (select status from presence_connections where scope = ${scope} and user_id = ${userId}
          order by status_at desc limit 1), 'available'))
      on conflict (socket_id, scope) do update set last_seen = now()`;
    this.changed([scope]);
  }

  async leave(scope: string, socketId: string): Promise<void> {
    const rows = await this.sql`delete from presence_connections where socket_id = ${socketId} and scope = ${scope} returning 1`;
    if (rows.length) this.changed([scope]);
  }

  /** A connection closed: it leaves every scope it was in. */
  async leaveAll(socketId: string): Promise<void> {
    const rows = await this.sql<{ scope: string }[]>`delete from presence_connections where socket_id = ${socketId} returning scope`;
    this.changed(rows.map((r) => r.scope));
  }

  /** A member may no longer be in a scope: all their connections leave it. */
  async removeUser(scope: string, userId: string): Promise<void> {
    const rows = await this.sql`delete from presence_connections where scope = ${scope} and user_id = ${userId} returning 1`;
    if (rows.length) this.changed([scope]);
  }

  /** The scope closed (a room archived): everyone leaves. */
  async clear(scope: string): Promise<void> {
    const rows = await this.sql`delete from presence_connections where scope = ${scope} returning 1`;
    if (rows.length) this.changed([scope]);
  }

  /** A member's name changed: every scope they are in shows them anew. */
  async memberChanged(userId: string): Promise<void> {
    const rows = await this.sql<{ scope: string }[]>`select distinct scope from presence_connections where user_id = ${userId}`;
    this.changed(rows.map((r) => r.scope));
  }

  /** Sets a member's status on all their connections in a scope; false when they are not in it. */
  async setStatus(scope: string, userId: string, status: PresenceStatus): Promise<boolean> {
    const rows = await this.sql`
      update presence_connections set status = ${status}, status_at = now(), last_seen = now()
      where scope = ${scope} and user_id = ${userId} returning 1`;
    if (rows.length) this.changed([scope]);
    return rows.length > 0;
  }

  /** The members present in a scope, each once, in order of arrival. */
  async list(scope: string): Promise<PresentMember[]> {
    const stale = `${this.staleSeconds} seconds`;
    return this.sql<PresentMember[]>`
      select p.user_id, u.display_name,
        (array_agg(p.status order by p.status_at desc))[1] as status,
        min(p.connected_at) as since
      from presence_connections p
      join presence_nodes n on n.node_id = p.node_id and n.heartbeat_at >= now() - ${stale}::interval
      join users u on u.id = p.user_id
      where p.scope = ${scope}
      group by p.user_id, u.display_name
      order by since, p.user_id`;
  }

  /** Distinct members present, by scope (scopes with nobody are absent from the map). */
  async counts(scopes: string[]): Promise<Map<string, number>> {
    if (!scopes.length) return new Map();
    const stale = `${this.staleSeconds} seconds`;
    const rows = await this.sql<{ scope: string; n: number }[]>`
      select p.scope, count(distinct p.user_id)::int as n
      from presence_connections p
      join presence_nodes n on n.node_id = p.node_id and n.heartbeat_at >= now() - ${stale}::interval
      where p.scope in ${this.sql(scopes)}
      group by p.scope`;
    return new Map(rows.map((r) => [r.scope, r.n]));
  }
}
