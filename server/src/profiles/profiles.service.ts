import { initialsOf, ProfileLimits, type ExchangeRecordItem, type MatchReason, type MemberCard, type ProfileView } from '../../../shared/profiles.schema.ts';
import { communeByCode } from '../communes/communes.ts';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import type { Origin } from './positions.ts';
import { profileRow, sharedPlacesWith, skillsOf } from './profiles.queries.ts';
import { maySee } from './visibility.ts';

export const avatarUrl = (userId: string, has: boolean) => (has ? `/api/profiles/${userId}/avatar` : null);
export const roundKm = (km: number | null) => (km === null ? null : Math.round(km * 10) / 10);

/** Where a member's distances start from: their commune, when they chose one. */
export async function originOf(ctx: Pick<AppContext, 'sql'>, userId: string | null): Promise<(Origin & { code: string }) | undefined> {
  if (!userId) return undefined;
  const [row] = await ctx.sql<{ communeCode: string | null }[]>`select commune_code from users where id = ${userId}`;
  const c = communeByCode(row?.communeCode);
  return c ? { lat: c.lat, lon: c.lon, code: c.code } : undefined;
}

export function haversineKm(a: Origin, b: Origin): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.sqrt(h));
}

/** Turns rows into cards with skills and reasons, `why` adding what each list knows. */
export async function presentCards<R extends { userId: string; displayName: string; communeCode: string | null; distanceKm: number | null }>(
  ctx: Pick<AppContext, 'sql'>,
  viewerId: string | null,
  rows: R[],
  why: (row: R, shared: string[]) => MatchReason[],
): Promise<(MemberCard & { row: R })[]> {
  const ids = rows.map((r) => r.userId);
  const [skills, shared, avatars] = await Promise.all([
    skillsOf(ctx.sql, ids),
    sharedPlacesWith(ctx.sql, viewerId, ids),
    ids.length ? ctx.sql<{ userId: string }[]>`select user_id from avatars where user_id in ${ctx.sql(ids)}` : [],
  ]);
  const withAvatar = new Set(avatars.map((a) => a.userId));
  return rows.map((r) => ({
    userId: r.userId,
    displayName: r.displayName,
    initials: initialsOf(r.displayName),
    communeName: communeByCode(r.communeCode)?.name ?? null,
    distanceKm: roundKm(r.distanceKm),
    hasAvatar: withAvatar.has(r.userId),
    avatarUrl: avatarUrl(r.userId, withAvatar.has(r.userId)),
    offers: skills.get(r.userId)!.offers,
    seeks: skills.get(r.userId)!.seeks,
    reasons: why(r, shared.get(r.userId)!),
    row: r,
  }));
}

export const stripRow = <T extends { row: unknown }>({ row: _row, ...card }: T) => card;

/** A member's profile as the viewer may see it; not found when they may not (no hint that it exists). */
export async function profileView(ctx: AppContext, viewerId: string | null, userId: string): Promise<ProfileView> {
  const { sql } = ctx;
  if (!(await maySee(sql, viewerId, userId))) throw Errors.notFound('This profile');
  const row = await profileRow(sql, userId);
  if (!row) throw Errors.notFound('This profile');
  const isMe = viewerId === userId;
  const [skills, shared, origin] = await Promise.all([skillsOf(sql, [userId]), sharedPlacesWith(sql, viewerId, [userId]), originOf(ctx, viewerId)]);
  const theirs = communeByCode(row.communeCode);
  const record = await exchangeRecord(ctx, userId);
  return {
    userId,
    displayName: row.displayName,
    initials: initialsOf(row.displayName),
    communeCode: row.communeCode,
    communeName: theirs?.name ?? null,
    bio: row.bio,
    offers: skills.get(userId)!.offers,
    seeks: skills.get(userId)!.seeks,
    availability: row.availability,
    languages: row.languages,
    hasAvatar: row.hasAvatar,
    avatarUrl: avatarUrl(userId, row.hasAvatar),
    ...(isMe ? { visibility: row.visibility } : {}),
    distanceKm: !isMe && origin && theirs ? roundKm(haversineKm(origin, theirs)) : null,
    sharedPlaces: shared.get(userId)!,
    record,
    isMe,
  };
}

/** Exchanges done: how many, and the last ones, naming the other party only when they consented. */
async function exchangeRecord(ctx: AppContext, userId: string): Promise<ProfileView['record']> {
  const { sql } = ctx;
  const [count] = await sql<{ n: number }[]>`
    select count(*)::int as n from exchanges where status = 'done' and (proposer_id = ${userId} or recipient_id = ${userId})`;
  const rows = await sql<{ id: string; gave: string; received: string; otherId: string; otherName: string; otherShows: boolean; updatedAt: Date }[]>`
    select e.id,
      case when e.proposer_id = ${userId} then pg.label else rg.label end as gave,
      case when e.proposer_id = ${userId} then rg.label else pg.label end as received,
      o.id as other_id, o.display_name as other_name,
      case when e.proposer_id = ${userId} then e.recipient_shows else e.proposer_shows end as other_shows,
      e.updated_at
    from exchanges e
    join skills pg on pg.id = e.proposer_gives
    join skills rg on rg.id = e.recipient_gives
    join users o on o.id = case when e.proposer_id = ${userId} then e.recipient_id else e.proposer_id end
    where e.status = 'done' and (e.proposer_id = ${userId} or e.recipient_id = ${userId})
    order by e.updated_at desc, e.id limit 5`;
  const recent: ExchangeRecordItem[] = rows.map((r) => ({
    exchangeId: r.id,
    gave: r.gave,
    received: r.received,
    with: r.otherShows ? { userId: r.otherId, displayName: r.otherName } : null,
    doneAt: r.updatedAt.toISOString(),
  }));
  return { given: count!.n, received: count!.n, recent };
}

export { ProfileLimits };
