import type { Sql } from '../db/sql.ts';
import type { Me, NetworkRole } from '../../../shared/auth.schema.ts';
import type { Locale } from '../../../shared/locale.ts';
import type { SessionUser } from './sessions.ts';

export type { NetworkRole, Locale };

export interface UserWithPassword extends SessionUser {
  passwordHash: string | null;
}

const userColumns = (sql: Sql) => sql`id, email, display_name, role, locale, email_verified_at, created_at`;

/** Inserts a member; returns undefined when the e-mail is already taken. */
export async function insertUser(
  sql: Sql,
  u: { email: string; displayName: string; passwordHash: string | null; locale: Locale },
): Promise<SessionUser | undefined> {
  const [row] = await sql<SessionUser[]>`
    insert into users (email, display_name, password_hash, locale)
    values (${u.email}, ${u.displayName}, ${u.passwordHash}, ${u.locale})
    on conflict (lower(email)) do nothing
    returning ${userColumns(sql)}`;
  return row;
}

export async function findUserByEmail(sql: Sql, email: string): Promise<UserWithPassword | undefined> {
  const [row] = await sql<UserWithPassword[]>`
    select ${userColumns(sql)}, password_hash from users where lower(email) = lower(${email})`;
  return row;
}

export async function findPasswordHash(sql: Sql, userId: string): Promise<string | null> {
  const [row] = await sql<{ passwordHash: string | null }[]>`select password_hash from users where id = ${userId}`;
  return row?.passwordHash ?? null;
}

export async function setPasswordHash(sql: Sql, userId: string, passwordHash: string): Promise<void> {
  await sql`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`;
}

export async function updateUser(sql: Sql, userId: string, patch: { locale?: Locale; displayName?: string }): Promise<SessionUser> {
  const [row] = await sql<SessionUser[]>`
    update users set
      locale = coalesce(${patch.locale ?? null}, locale),
      display_name = coalesce(${patch.displayName ?? null}, display_name),
      updated_at = now()
    where id = ${userId}
    returning ${userColumns(sql)}`;
  return row!;
}

export async function setRole(sql: Sql, userId: string, role: NetworkRole): Promise<void> {
  await sql`update users set role = ${role}, updated_at = now() where id = ${userId}`;
}

/** What a member sees of their own account. */
export function presentMe(u: SessionUser): Me {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    locale: u.locale,
    emailVerified: u.emailVerifiedAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}
