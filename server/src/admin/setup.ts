import type { Sql } from '../db/sql.ts';
import { hashSecret, randomToken } from '../auth/tokens.ts';

const SETUP_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export async function hasAdmin(sql: Sql): Promise<boolean> {
  const [row] = await sql`select 1 from users where role = 'admin' limit 1`;
  return Boolean(row);
}

/** Issues a new one-time setup token; earlier unused ones stop working. */
export async function issueSetupToken(sql: Sql): Promise<string> {
  const token = randomToken() + randomToken();
  await sql.begin(async (tx) => {
    await tx`delete from admin_setup_tokens where used_at is null`;
    await tx`insert into admin_setup_tokens (token_hash, expires_at)
      values (${Buffer.from(hashSecret(token))}, ${new Date(Date.now() + SETUP_LINK_TTL_MS)})`;
  });
  return token;
}

export function setupLink(publicUrl: string, token: string): string {
  return `${publicUrl}/setup/${token}`;
}

/**
 * Uses a setup token for `userId`, who becomes admin. The update is one statement, so of
 * two members opening the same link at once exactly one wins.
 */
export async function claimSetupToken(sql: Sql, token: string, userId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const used = await tx`
      update admin_setup_tokens set used_at = now(), used_by = ${userId}
      where token_hash = ${Buffer.from(hashSecret(token))} and used_at is null and expires_at > now()
      returning 1`;
    if (used.length === 0) return false;
    await tx`update users set role = 'admin', updated_at = now() where id = ${userId}`;
    return true;
  });
}
