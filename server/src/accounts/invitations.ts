import QRCode from 'qrcode';
import type { InvitationView } from '../../../shared/accounts.schema.ts';
import { LinkTtlMinutes } from '../../../shared/accounts.schema.ts';
import type { Locale } from '../../../shared/locale.ts';
import { secretMatches } from '../auth/tokens.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { hashLinkToken, newLinkToken } from './link-tokens.ts';

export interface InvitationRow {
  id: string;
  tokenHash: Buffer;
  email: string | null;
  placeId: string | null;
  placeName: string | null;
  invitedBy: string | null;
  inviterName: string | null;
  locale: Locale;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
  revokedAt: Date | null;
}

const withNames = (sql: Sql | TransactionSql) => sql`
  select i.*, p.name as place_name, u.display_name as inviter_name
  from invitations i left join places p on p.id = i.place_id left join users u on u.id = i.invited_by`;

export async function createInvitation(
  sql: Sql | TransactionSql,
  inv: { email: string | null; placeId: string | null; invitedBy: string; locale: Locale },
): Promise<{ token: string; row: InvitationRow }> {
  const token = newLinkToken();
  const [created] = await sql<{ id: string }[]>`
    insert into invitations (token_hash, email, place_id, invited_by, locale, expires_at)
    values (${hashLinkToken(token)}, ${inv.email}, ${inv.placeId}, ${inv.invitedBy}, ${inv.locale},
      now() + make_interval(mins => ${LinkTtlMinutes.invitation}))
    returning id`;
  const [row] = await sql<InvitationRow[]>`${withNames(sql)} where i.id = ${created!.id}`;
  return { token, row: row! };
}

/** A pending invitation by its token (unused, unrevoked, unexpired), or undefined. */
export async function findPendingInvitation(sql: Sql | TransactionSql, token: string): Promise<InvitationRow | undefined> {
  const [row] = await sql<InvitationRow[]>`${withNames(sql)}
    where i.token_hash = ${hashLinkToken(token)} and i.used_at is null and i.revoked_at is null and i.expires_at > now()`;
  if (!row || !secretMatches(token, new Uint8Array(row.tokenHash))) return undefined;
  return row;
}

/**
 * Takes a pending invitation for a sign-up with `email`; an invitation made out to an
 * address only serves that address. One statement, so one invitation makes one account.
 */
export async function claimInvitation(sql: Sql | TransactionSql, token: string, email: string): Promise<InvitationRow | undefined> {
  const [claimed] = await sql<{ id: string; tokenHash: Buffer }[]>`
    update invitations set used_at = now()
    where token_hash = ${hashLinkToken(token)} and used_at is null and revoked_at is null and expires_at > now()
      and (email is null or lower(email) = lower(${email}))
    returning id, token_hash`;
  if (!claimed || !secretMatches(token, new Uint8Array(claimed.tokenHash))) return undefined;
  const [row] = await sql<InvitationRow[]>`${withNames(sql)} where i.id = ${claimed.id}`;
  return row;
}

/** Gives a claimed invitation back (the sign-up it was claimed for failed). */
export async function releaseInvitation(sql: Sql | TransactionSql, id: string): Promise<void> {
  await sql`update invitations set used_at = null where id = ${id} and used_by is null`;
}

export async function markInvitationUsedBy(sql: Sql | TransactionSql, id: string, userId: string): Promise<void> {
  await sql`update invitations set used_by = ${userId} where id = ${id}`;
}

/** Invitations made by `invitedBy`, or every one when null (admins). Newest first. */
export async function listInvitations(sql: Sql, invitedBy: string | null): Promise<InvitationRow[]> {
  return sql<InvitationRow[]>`${withNames(sql)}
    where (${invitedBy}::uuid is null or i.invited_by = ${invitedBy}) order by i.created_at desc limit 200`;
}

/** Revokes a pending invitation; only its author or an admin (byAdmin) may. */
export async function revokeInvitation(sql: Sql, id: string, userId: string, byAdmin: boolean): Promise<boolean> {
  const rows = await sql`update invitations set revoked_at = now()
    where id = ${id} and used_at is null and revoked_at is null and (${byAdmin} or invited_by = ${userId}) returning 1`;
  return rows.length > 0;
}

export function presentInvitation(r: InvitationRow): InvitationView {
  const status = r.usedAt ? 'used' : r.revokedAt ? 'revoked' : r.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';
  return {
    id: r.id,
    email: r.email,
    placeId: r.placeId,
    placeName: r.placeName,
    invitedBy: r.inviterName,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    status,
  };
}

/**
 * The invitation link as a QR code, an SVG document, to print for someone without an e-mail
 * address at hand. Level M survives a crease or a smudge on paper; a 2-module margin is enough
 * on a white sheet.
 */
export function invitationQrSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
