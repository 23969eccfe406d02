import { ProfileLimits, type DirectoryPage, type DirectoryQuery, type MatchesPage, type MatchReason } from '../../../shared/profiles.schema.ts';
import { skillKey } from '../../../shared/skills.schema.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { searchDirectory, selectMatches } from './directory.queries.ts';
import { originOf, presentCards, roundKm, stripRow } from './profiles.service.ts';

const pageSize = ProfileLimits.pageSize;

/** A page of the directory as `viewerId` (null: a visitor) may see it, each member with why they are listed. */
export async function directoryPage(ctx: Pick<AppContext, 'sql'>, viewerId: string | null, query: Omit<DirectoryQuery, 'page' | 'radiusKm'> & { page?: number; radiusKm?: number }): Promise<DirectoryPage> {
  const { sql } = ctx;
  const page = query.page ?? 1;
  const origin = await originOf(ctx, viewerId);
  if (query.radiusKm !== undefined && !origin) {
    throw new AppError('bad_request', viewerId ? 'Choose your commune on your profile first.' : 'Log in and choose your commune to search by distance.');
  }
  let skillId: string | undefined;
  if (query.skill) {
    const [s] = await sql<{ id: string }[]>`select id from skills where key = ${skillKey(query.skill)}`;
    if (!s) return { members: [], page, pageSize, total: 0, originCommune: origin?.code ?? null };
    skillId = s.id;
  }
  const kinds: ('offer' | 'seek')[] = query.kind === 'offer' ? ['offer'] : query.kind === 'seek' ? ['seek'] : ['offer', 'seek'];
  const text = query.q ? skillKey(query.q) : undefined;
  const rows = await searchDirectory(sql, {
    viewerId,
    text: text || undefined,
    skillId,
    kinds,
    origin,
    radiusKm: query.radiusKm,
    placeId: query.placeId,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const cards = await presentCards(ctx, viewerId, rows, (row, shared) => {
    const why: MatchReason[] = [];
    if (row.nameHit) why.push({ kind: 'name' });
    if (row.bioHit) why.push({ kind: 'bio' });
    if (query.radiusKm !== undefined && row.distanceKm !== null) why.push({ kind: 'distance', km: roundKm(row.distanceKm)! });
    for (const p of shared) why.push({ kind: 'place', place: p });
    return why;
  });
  // Skill reasons say whether they offer or seek the skill asked for, or one whose name holds the text.
  const members = cards.map((c) => {
    const textSkills = new Set(c.row.textSkills ?? []);
    const hit = (s: { id: string; label: string }) => s.id === skillId || textSkills.has(s.label);
    const skillReasons: MatchReason[] = [
      ...c.offers.filter(hit).map((s): MatchReason => ({ kind: 'offers', skill: s.label })),
      ...c.seeks.filter(hit).map((s): MatchReason => ({ kind: 'seeks', skill: s.label })),
    ];
    return stripRow({ ...c, reasons: [...skillReasons, ...c.reasons] });
  });
  return { members, page, pageSize, total: rows[0]?.total ?? 0, originCommune: query.radiusKm !== undefined ? (origin?.code ?? null) : null };
}

/** A page of my matches, ranked (directory.queries.ts `selectMatches`), each with its reasons. */
export async function matchesPage(ctx: Pick<AppContext, 'sql'>, viewerId: string, page: number): Promise<MatchesPage> {
  const { sql } = ctx;
  const origin = await originOf(ctx, viewerId);
  const rows = await selectMatches(sql, viewerId, origin, pageSize, (page - 1) * pageSize);
  const cards = await presentCards(ctx, viewerId, rows, (_row, shared) => shared.map((place): MatchReason => ({ kind: 'place', place })));
  const matches = cards.map((c) => {
    const offered = new Set(c.row.theyOffer);
    const sought = new Set(c.row.theySeek);
    const reasons: MatchReason[] = [
      ...c.offers.filter((s) => offered.has(s.id)).map((s): MatchReason => ({ kind: 'offers', skill: s.label })),
      ...c.seeks.filter((s) => sought.has(s.id)).map((s): MatchReason => ({ kind: 'seeks', skill: s.label })),
      ...(c.distanceKm !== null ? [{ kind: 'distance', km: c.distanceKm } as const] : []),
      ...c.reasons,
    ];
    return { ...stripRow(c), reasons, both: offered.size > 0 && sought.size > 0, score: Math.round(c.row.score * 100) / 100 };
  });
  return { matches, page, pageSize };
}
