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
  type ProfileView,
} from '../../../shared/profiles.schema.ts';
import { communeByCode } from '../communes/communes.ts';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { makeAvatar } from './avatar.ts';
import { directoryPage, matchesPage } from './directory.service.ts';
import { saveProfile } from './profiles.queries.ts';
import { profileView } from './profiles.service.ts';
import { maySee } from './visibility.ts';

export function profilesRoutes(ctx: AppContext): express.Router {
  const r = express.Router();
  const { sql, log } = ctx;

  // ---- My profile ----

  route(r, { method: 'get', path: '/api/profile', access: 'member' }, ({ auth }): Promise<ProfileView> => profileView(ctx, auth!.user.id, auth!.user.id));

  route(r, { method: 'put', path: '/api/profile', access: 'member', body: profileBody }, async ({ body, auth }): Promise<ProfileView> => {
    if (body.communeCode !== null && !communeByCode(body.communeCode)) {
      throw Errors.validation([{ path: 'communeCode', message: 'Not a current commune of Lozère.' }]);
    }
    await sql.begin((tx) => saveProfile(tx, auth!.user.id, body));
    await ctx.memberChanges.changed(auth!.user.id);
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

  route(r, { method: 'get', path: '/api/profiles', access: 'public', query: directoryQuery }, ({ query, auth }): Promise<DirectoryPage> =>
    directoryPage(ctx, auth?.user.id ?? null, query),
  );

  // ---- My matches ----

  route(r, { method: 'get', path: '/api/matches', access: 'member', query: matchesQuery }, ({ query, auth }): Promise<MatchesPage> =>
    matchesPage(ctx, auth!.user.id, query.page ?? 1),
  );

  return r;
}
