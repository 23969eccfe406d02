import { Router } from 'express';
import {
  addAnimatorBody,
  idParams,
  membersQuery,
  networkSettingsBody,
  outboxQuery,
  placeParams,
  placeUserParams,
  setRoleBody,
  type MemberAdminView,
} from '../../../shared/accounts.schema.ts';
import type { NetworkRole } from '../../../shared/auth.schema.ts';
import type { AppContext } from '../context.ts';
import { AppError, Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { listOutbox, presentOutboxMail } from '../mail/outbox.ts';
import { getNetworkSettings, setNetworkSettings } from './network-settings.ts';
import { isAnimatorOf, placeName, setAnimator, unsetAnimator } from './places.queries.ts';

interface MemberRow {
  id: string;
  email: string;
  displayName: string;
  role: NetworkRole;
  emailVerifiedAt: Date | null;
  createdAt: Date;
  animates: { placeId: string; placeName: string | null }[];
}

function presentMember(r: MemberRow): MemberAdminView {
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    role: r.role,
    emailVerified: r.emailVerifiedAt !== null,
    createdAt: r.createdAt.toISOString(),
    animates: r.animates,
  };
}

/** Roles, animators, the network's settings and the mail outbox: the admin side of accounts. */
export function accountsAdminRoutes(ctx: AppContext): Router {
  const { sql } = ctx;
  const r = Router();

  route(r, { method: 'get', path: '/api/admin/members', access: 'admin', query: membersQuery }, async ({ query }) => {
    const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = await sql<MemberRow[]>`
      select u.id, u.email, u.display_name, u.role, u.email_verified_at, u.created_at,
        coalesce((select json_agg(json_build_object('placeId', p.id, 'placeName', p.name) order by p.name)
          from place_members pm join places p on p.id = pm.place_id
          where pm.user_id = u.id and pm.role = 'animator'), '[]'::json) as animates
      from users u
      where (${like}::text is null or u.email ilike ${like} or u.display_name ilike ${like})
        and (${query.role ?? null}::text is null or u.role = ${query.role ?? null})
      order by u.display_name, u.id
      limit 100`;
    return { members: rows.map(presentMember) };
  });

  route(r, { method: 'put', path: '/api/admin/members/:id/role', access: 'admin', params: idParams, body: setRoleBody }, async ({ auth, params, body }) => {
    await sql.begin(async (tx) => {
      // Locking every admin row serialises role changes, so two admins demoting each other
      // at once cannot leave the network without one.
      const admins = await tx<{ id: string }[]>`select id from users where role = 'admin' order by id for update`;
      const [target] = await tx<{ role: NetworkRole }[]>`select role from users where id = ${params.id} for update`;
      if (!target) throw Errors.notFound('This member');
      if (target.role === 'admin' && body.role !== 'admin' && admins.length <= 1) {
        throw new AppError('last_admin', 'The network needs at least one administrator: name another one first.');
      }
      await tx`update users set role = ${body.role}, updated_at = now() where id = ${params.id}`;
    });
    ctx.log.warn({ by: auth!.user.id, userId: params.id, role: body.role }, 'network role changed');
    const [row] = await sql<MemberRow[]>`
      select id, email, display_name, role, email_verified_at, created_at, '[]'::json as animates from users where id = ${params.id}`;
    return { member: presentMember(row!) };
  });

  // Animators: named by an admin or by another animator of the place (rules.md).
  const mayNameAnimators = async (auth: { user: { id: string; role: NetworkRole } }, placeId: string) =>
    auth.user.role === 'admin' || (await isAnimatorOf(sql, auth.user.id, placeId));

  route(r, { method: 'post', path: '/api/admin/places/:placeId/animators', access: 'member', params: placeParams, body: addAnimatorBody }, async ({ auth, params, body }) => {
    if (!(await mayNameAnimators(auth!, params.placeId))) throw Errors.forbidden('Only administrators and animators of this place name its animators.');
    if ((await placeName(sql, params.placeId)) === undefined) throw Errors.notFound('This place');
    const [user] = await sql`select 1 from users where id = ${body.userId}`;
    if (!user) throw Errors.notFound('This member');
    await setAnimator(sql, params.placeId, body.userId);
    ctx.log.info({ by: auth!.user.id, placeId: params.placeId, userId: body.userId }, 'animator named');
    return { placeId: params.placeId, userId: body.userId, role: 'animator' };
  });

  route(r, { method: 'delete', path: '/api/admin/places/:placeId/animators/:userId', access: 'member', params: placeUserParams }, async ({ auth, params }) => {
    if (!(await mayNameAnimators(auth!, params.placeId))) throw Errors.forbidden('Only administrators and animators of this place name its animators.');
    if (!(await unsetAnimator(sql, params.placeId, params.userId))) throw Errors.notFound('This animator');
    ctx.log.info({ by: auth!.user.id, placeId: params.placeId, userId: params.userId }, 'animator role ended');
  });

  route(r, { method: 'get', path: '/api/admin/network-settings', access: 'admin' }, async () => getNetworkSettings(sql));

  route(r, { method: 'put', path: '/api/admin/network-settings', access: 'admin', body: networkSettingsBody }, async ({ auth, body }) => {
    const s = await setNetworkSettings(sql, body, auth!.user.id);
    ctx.log.warn({ by: auth!.user.id, ...s }, 'network settings changed');
    return s;
  });

  route(r, { method: 'get', path: '/api/admin/mail/outbox', access: 'admin', query: outboxQuery }, async ({ query }) => {
    const rows = await listOutbox(sql, query);
    return { mails: rows.map(presentOutboxMail) };
  });

  return r;
}
