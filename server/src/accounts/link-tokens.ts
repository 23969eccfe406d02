import { randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { hashSecret, secretMatches } from '../auth/tokens.ts';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'login_link' | 'change_email';

/** A token for a link: 32 random bytes (256 bits) in base64url, 43 characters. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashLinkToken = (token: string) => Buffer.from(hashSecret(token));

export interface AccountTokenRow {
  tokenHash: Buffer;
  purpose: TokenPurpose;
  userId: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Stores the hash of a new token for `userId` and returns the token, to be put in a link. */
export async function issueAccountToken(
  sql: Sql | TransactionSql,
  purpose: TokenPurpose,
  userId: string,
  email: string,
  ttlMinutes: number,
): Promise<string> {
  const token = newLinkToken();
  await sql`insert into account_tokens (token_hash, purpose, user_id, email, expires_at)
    values (${hashLinkToken(token)}, ${purpose}, ${userId}, ${email}, now() + make_interval(mins => ${ttlMinutes}))`;
  return token;
}

/**
 * Uses a token once: marks it used and returns it when it is known, of this purpose, unused
 * and unexpired. One statement, so of two requests with the same token exactly one wins.
 * The row is found by the token's SHA-256; the stored hash is then compared in constant time.
 */
export async function consumeAccountToken(
  sql: Sql | TransactionSql,
  purpose: TokenPurpose,
  token: string,
): Promise<AccountTokenRow | undefined> {
  const [row] = await sql<AccountTokenRow[]>`
    update account_tokens set used_at = now()
    where token_hash = ${hashLinkToken(token)} and purpose = ${purpose} and used_at is null and expires_at > now()
    returning *`;
  if (!row || !secretMatches(token, new Uint8Array(row.tokenHash))) return undefined;
  return row;
}

/** Whether a token would be accepted now, without using it (pages check before asking for input). */
export async function peekAccountToken(sql: Sql, purpose: TokenPurpose, token: string): Promise<AccountTokenRow | undefined> {
  const [row] = await sql<AccountTokenRow[]>`
    select * from account_tokens
    where token_hash = ${hashLinkToken(token)} and purpose = ${purpose} and used_at is null and expires_at > now()`;
  if (!row || !secretMatches(token, new Uint8Array(row.tokenHash))) return undefined;
  return row;
}

/** Ends the other pending links of a member for one purpose (a new reset link voids the old ones). */
export async function voidAccountTokens(sql: Sql | TransactionSql, purpose: TokenPurpose, userId: string): Promise<void> {
  await sql`update account_tokens set used_at = now() where user_id = ${userId} and purpose = ${purpose} and used_at is null`;
}

/** Drops tokens that expired more than a week ago. */
export async function pruneAccountTokens(sql: Sql): Promise<void> {
  await sql`delete from account_tokens where expires_at < now() - interval '7 days'`;
}
