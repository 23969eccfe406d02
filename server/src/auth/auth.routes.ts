import { Router } from 'express';
import {
  changePasswordBody,
  logInBody,
  sessionIdParams,
  signUpBody,
  updateMeBody,
  type Me,
  type SessionView,
} from '../../../shared/auth.schema.ts';
import { defaultLocale } from '../../../shared/locale.ts';
import { prepareSignUp } from '../accounts/signup.ts';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import { logIn } from './log-in.ts';
import { clientIp } from '../http/request.ts';
import { route } from '../http/registry.ts';
import { Policies } from '../ratelimit/ratelimit.ts';
import { clearSessionCookie } from './cookies.ts';
import { describeDevice } from './device.ts';
import { hashPassword, isCommonPassword, verifyAgainstNothing, verifyPassword } from './password.ts';
import { deleteOtherSessions, deleteSession, listSessions } from './sessions.ts';
import { findPasswordHash, findUserByEmail, insertUser, presentMe, setPasswordHash, updateUser } from './users.queries.ts';


export function authRoutes(ctx: AppContext): Router {
  const { sql, config } = ctx;
  const r = Router();

  route(r, { method: 'post', path: '/api/auth/signup', access: 'public', body: signUpBody }, async ({ body }, req, res) => {
    await ctx.rateLimiter.hitAll([
      [Policies.signupPerIp, clientIp(req)],
      [Policies.signupPerEmail, body.email],
    ]);
    if (body.password !== undefined && isCommonPassword(body.password)) throw Errors.weakPassword('common');
    const prepared = await prepareSignUp(ctx, body);
    const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
    const inserted = await insertUser(sql, {
      email: body.email,
      displayName: body.displayName,
      passwordHash,
      locale: body.locale ?? defaultLocale,
    });
    if (!inserted) {
      await prepared.release();
      throw Errors.emailTaken();
    }
    const user = await prepared.complete(inserted);
    await logIn(ctx, req, res, user.id);
    ctx.log.info({ userId: user.id }, 'account created');
    res.status(201).json({ user: presentMe(user) } satisfies { user: Me });
  });

  route(r, { method: 'post', path: '/api/auth/login', access: 'public', body: logInBody }, async ({ body }, req, res) => {
    await ctx.rateLimiter.hitAll([
      [Policies.loginPerIp, clientIp(req)],
      [Policies.loginPerEmail, body.email],
    ]);
    const user = await findUserByEmail(sql, body.email);
    const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, body.password) : await verifyAgainstNothing(body.password);
    if (!user || !ok) throw Errors.invalidCredentials();
    await logIn(ctx, req, res, user.id);
    const { passwordHash: _, ...sessionUser } = user;
    return { user: presentMe(sessionUser) } satisfies { user: Me };
  });

  route(r, { method: 'post', path: '/api/auth/logout', access: 'member' }, async ({ auth }, _req, res) => {
    await deleteSession(sql, auth!.user.id, auth!.session.id);
    ctx.sessionsEnded([auth!.session.id]);
    clearSessionCookie(config, res);
  });

  route(r, { method: 'post', path: '/api/auth/logout-everywhere', access: 'member' }, async ({ auth }, _req, res) => {
    const ended = await deleteOtherSessions(sql, auth!.user.id, null);
    ctx.sessionsEnded(ended);
    clearSessionCookie(config, res);
  });

  route(r, { method: 'get', path: '/api/auth/me', access: 'public' }, ({ auth }) => ({
    user: auth ? presentMe(auth.user) : null,
  }));

  route(r, { method: 'patch', path: '/api/auth/me', access: 'member', body: updateMeBody }, async ({ auth, body }) => {
    const user = await updateUser(sql, auth!.user.id, body);
    return { user: presentMe(user) };
  });

  route(r, { method: 'post', path: '/api/auth/password', access: 'member', body: changePasswordBody }, async ({ auth, body }) => {
    const userId = auth!.user.id;
    await ctx.rateLimiter.hit(Policies.passwordPerAccount, userId);
    const current = await findPasswordHash(sql, userId);
    if (!current || !(await verifyPassword(current, body.currentPassword))) throw Errors.invalidCredentials();
    if (isCommonPassword(body.newPassword)) throw Errors.weakPassword('common');
    await setPasswordHash(sql, userId, await hashPassword(body.newPassword));
    const ended = await deleteOtherSessions(sql, userId, auth!.session.id);
    ctx.sessionsEnded(ended);
    return { endedSessions: ended.length };
  });

  route(r, { method: 'get', path: '/api/auth/sessions', access: 'member' }, async ({ auth }) => {
    const rows = await listSessions(sql, auth!.user.id);
    const sessions: SessionView[] = rows.map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      current: s.id === auth!.session.id,
    }));
    return { sessions };
  });

  route(
    r,
    { method: 'delete', path: '/api/auth/sessions/:id', access: 'member', params: sessionIdParams },
    async ({ auth, params }, _req, res) => {
      if (!(await deleteSession(sql, auth!.user.id, params.id))) throw Errors.notFound('This session');
      ctx.sessionsEnded([params.id]);
      if (params.id === auth!.session.id) clearSessionCookie(config, res);
    },
  );

  return r;
}
