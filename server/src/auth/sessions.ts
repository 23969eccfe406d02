import type { Sql } from '../db/sql.ts';
import { hashSecret, randomToken, secretMatches } from './tokens.ts';
import type { NetworkRole, Locale } from './users.queries.ts';

const DAY = 24 * 60 * 60 * 1000;
/** A session lives 30 days after its last use… */
export const SESSION_IDLE_MS = 30 * DAY;
/** …is renewed when less than half of that is left… */
const RENEW_WHEN_LEFT_MS = 15 * DAY;
/** …and never beyond 90 days after log-in. */
export const SESSION_ABSOLUTE_MS = 90 * DAY;
/** Updating last use at most once a minute keeps reads cheap. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: NetworkRole;
  locale: Locale;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

export interface ValidSession {
  session: SessionRow;
  user: SessionUser;
  /** Set when the cookie must be sent again with a later expiry. */
  renewed: boolean;
}

/** Creates a session and returns the token for the cookie: `<id>.<secret>`. */
export async function createSession(sql: Sql, userId: string, userAgent: string): Promise<{ token: string; session: SessionRow }> {
  const id = randomToken();
  const secret = randomToken();
  const now = Date.now();
  const [session] = await sql<SessionRow[]>`
    insert into sessions (id, secret_hash, user_id, user_agent, expires_at)
    values (${id}, ${Buffer.from(hashSecret(secret))}, ${userId}, ${userAgent}, ${new Date(now + SESSION_IDLE_MS)})
    returning id, user_id, created_at, last_used_at, expires_at, user_agent`;
  return { token: `${id}.${secret}`, session: session! };
}

/** Splits a token; returns undefined for anything that cannot be one. */
export function parseToken(token: string | undefined): { id: string; secret: string } | undefined {
  if (!token) return undefined;
  const m = /^([a-z2-9]{24})\.([a-z2-9]{24})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/**
 * Checks a token: the secret must match in constant time and the session must not have
 * expired. Extends the expiry (sliding, capped) and records the last use.
 */
export async function validateSessionToken(sql: Sql, token: string | undefined): Promise<ValidSession | undefined> {
  const parts = parseToken(token);
  if (!parts) return undefined;
  const [row] = await sql<(SessionRow & { secretHash: Buffer } & { u: SessionUser })[]>`
    select s.id, s.secret_hash, s.user_id, s.created_at, s.last_used_at, s.expires_at, s.user_agent,
      json_build_object('id', u.id, 'email', u.email, 'displayName', u.display_name, 'role', u.role,
        'locale', u.locale, 'emailVerifiedAt', u.email_verified_at, 'createdAt', u.created_at) as u
    from sessions s join users u on u.id = s.user_id
    where s.id = ${parts.id}`;
  if (!row || !secretMatches(parts.secret, new Uint8Array(row.secretHash))) return undefined;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now) {
    await sql`delete from sessions where id = ${row.id}`;
    return undefined;
  }
  const { secretHash: _, u, ...session } = row;
  const user: SessionUser = {
    ...u,
    emailVerifiedAt: u.emailVerifiedAt ? new Date(u.emailVerifiedAt) : null,
    createdAt: new Date(u.createdAt),
  };
  let renewed = false;
  const cap = session.createdAt.getTime() + SESSION_ABSOLUTE_MS;
  if (session.expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS && session.expiresAt.getTime() < cap) {
    session.expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, cap));
    session.lastUsedAt = new Date(now);
    await sql`update sessions set expires_at = ${session.expiresAt}, last_used_at = now() where id = ${session.id}`;
    renewed = true;
  } else if (now - session.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    session.lastUsedAt = new Date(now);
    await sql`update sessions set last_used_at = now() where id = ${session.id}`;
  }
  return { session, user, renewed };
}

export async function listSessions(sql: Sql, userId: string): Promise<SessionRow[]> {
  return sql<SessionRow[]>`
    select id, user_id, created_at, last_used_at, expires_at, user_agent from sessions
    where user_id = ${userId} and expires_at > now() order by last_used_at desc`;
}

/** Ends one session of a member; returns whether it existed. */
export async function deleteSession(sql: Sql, userId: string, sessionId: string): Promise<boolean> {
  const rows = await sql`delete from sessions where id = ${sessionId} and user_id = ${userId} returning id`;
  return rows.length > 0;
}

/** Ends every session of a member except `keepId`; returns the ids ended. */
export async function deleteOtherSessions(sql: Sql, userId: string, keepId: string | null): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    delete from sessions where user_id = ${userId} and (${keepId}::text is null or id <> ${keepId}) returning id`;
  return rows.map((r) => r.id);
}

/** Of the given session ids, those that no longer exist or have expired. */
export async function findEndedSessions(sql: Sql, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const alive = await sql<{ id: string }[]>`select id from sessions where id = any(${ids}) and expires_at > now()`;
  const aliveSet = new Set(alive.map((r) => r.id));
  return ids.filter((id) => !aliveSet.has(id));
}
