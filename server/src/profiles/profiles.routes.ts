import express from 'express';
import {
  avatarTypes,
  directoryQuery,
  matchesQuery,
  profileBody,
  profileParams,
  ProfileLimits,
  type DirectoryPage,
  type MatchesPage,
  type MatchReason,
  type ProfileView,
} from '../../../shared/profiles.schema.ts';
import { skillKey } from '../../../shared/skills.schema.ts';
import { communeByCode } from '../communes/communes.ts';
import type { AppContext } from '../context.ts';
import { AppError, Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { makeAvatar } from './avatar.ts';
import { searchDirectory, selectMatches } from './directory.queries.ts';
import { saveProfile } from './profiles.queries.ts';
import { originOf, presentCards, profileView, roundKm, stripRow } from './profiles.service.ts';
import { maySee } from './visibility.ts';

export function profilesRoutes(ctx: AppContext): express.Router {
  const r = express.Router();
  const { sql, log } = ctx;
  const pageSize = ProfileLimits.pageSize;

  // ---- My profile ----

  route(r, { method: 'get', path: '/api/profile', access: 'member' }, ({ auth }): Promise<ProfileView> => profileView(ctx, auth!.user.id, auth!.user.id));

  route(r, { method: 'put', path: '/api/profile', access: 'member', body: profileBody }, async ({ body, auth }): Promise<ProfileView> => {
    if (body.communeCode !== null && !communeByCode(body.communeCode)) {
      throw Errors.validation([{ path: 'communeCode', message: 'Not a current commune of Lozère.' }]);
    }
    await sql.begin((tx) => saveProfile(tx, auth!.user.id, body));
    log.info({ userId: auth!.user.id, offers: body.offers.length, seeks: body.seeks.length, visibility: body.visibility }, 'profile saved');
    return profileView(ctx, auth!.user.id, auth!.user.id);
  });

  route(
    r,
    { method: 'put', path: '/api/profile/avatar', access: 'member', raw: { types: avatarTypes, maxBytes: ProfileLimits.avatarMaxBytes } },
    async ({ body, auth }, req) => {
      const image = await makeAvatar(body as unknown as Buffer, String(req.headers['content-type']));
      await sql`insert into avatars (user_id, image) values (${auth!.user.id}, ${image})
        on conflict (user_id) do update set image = excluded.image, updated_at = now()`;
      log.info({ userId: auth!.user.id, bytes: image.length }, 'avatar saved');
      return { avatarUrl: `/api/profiles/${auth!.user.id}/avatar`, bytes: image.length };
    },
  );

  route(r, { method: 'delete', path: '/api/profile/avatar', access: 'member' }, async ({ auth }) => {
    await sql`delete from avatars where user_id = ${auth!.user.id}`;
  });

  // ---- Others' profiles, as each viewer may see them ----

  route(r, { method: 'get', path: '/api/profiles/:userId', access: 'public', params: profileParams }, ({ params, auth }): Promise<ProfileView> =>
    profileView(ctx, auth?.user.id ?? null, params.userId),
  );

  route(r, { method: 'get', path: '/api/profiles/:userId/avatar', access: 'public', params: profileParams }, async ({ params, auth }, _req, res) => {
    if (!(await maySee(sql, auth?.user.id ?? null, params.userId))) throw Errors.notFound('This avatar');
    const [row] = await sql<{ image: Buffer; updatedAt: Date }[]>`select image, updated_at from avatars where user_id = ${params.userId}`;
    if (!row) throw Errors.notFound('This avatar');
    // Private: who may see it depends on the viewer.
    res.set({ 'Content-Type': 'image/webp', 'Cache-Control': 'private, no-cache', 'Last-Modified': row.updatedAt.toUTCString() });
    res.end(row.image);
  });

  // ---- Directory ----

  route(r, { method: 'get', path: '/api/profiles', access: 'public', query: directoryQuery }, async ({ query, auth }): Promise<DirectoryPage> => {
    const viewerId = auth?.user.id ?? null;
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
  });

  // ---- My matches ----

  route(r, { method: 'get', path: '/api/matches', access: 'member', query: matchesQuery }, async ({ query, auth }): Promise<MatchesPage> => {
    const viewerId = auth!.user.id;
    const page = query.page ?? 1;
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
  });

  return r;
}
