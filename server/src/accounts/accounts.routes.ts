import { Router } from 'express';
import {
  createInvitationBody,
  emailChangeBody,
  emailRequestBody,
  idParams,
  linkTokenBody,
  resetPasswordBody,
  tokenParams,
  type CreatedInvitation,
  type InvitationPreview,
  type LinkRequestAnswer,
} from '../../../shared/accounts.schema.ts';
import type { Me } from '../../../shared/auth.schema.ts';
import { defaultLocale } from '../../../shared/locale.ts';
import { hashPassword, isCommonPassword, verifyPassword } from '../auth/password.ts';
import { deleteOtherSessions } from '../auth/sessions.ts';
import { findPasswordHash, findUserByEmail, presentMe } from '../auth/users.queries.ts';
import type { AppContext } from '../context.ts';
import { AppError, Errors } from '../errors.ts';
import { logIn } from '../auth/log-in.ts';
import { clientIp } from '../http/request.ts';
import { route } from '../http/registry.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { Policies } from '../ratelimit/ratelimit.ts';
import {
  createInvitation,
  findPendingInvitation,
  invitationQrSvg,
  listInvitations,
  presentInvitation,
  revokeInvitation,
} from './invitations.ts';
import { queueLinkMail } from './link-mail.ts';
import { consumeAccountToken, voidAccountTokens } from './link-tokens.ts';
import { emailChangedNoticeMail, invitationMail, linkUrl } from './mails.ts';
import { getNetworkSettings } from './network-settings.ts';
import { isAnimatorAnywhere, isAnimatorOf, placeName } from './places.queries.ts';
import { requireVerified } from './require-verified.ts';
import { findUserById } from './users.ts';

const invalidLink = () => new AppError('link_invalid', 'This link is unknown, already used or expired: ask for a new one.');
const neutral: LinkRequestAnswer = { ok: true };

/**
 * Answers requests about an address in a constant time: the work for a known address (a
 * token, a queued mail) finishes well inside this floor, so the answer's timing says as
 * little as its body whether the address has an account.
 */
const NEUTRAL_FLOOR_MS = 400;
async function neutralTiming<T>(work: Promise<T>): Promise<T> {
  const floor = new Promise((r) => setTimeout(r, NEUTRAL_FLOOR_MS + Math.random() * 50));
  const [result] = await Promise.all([work, floor]);
  return result;
}

export function accountsRoutes(ctx: AppContext): Router {
  const { sql, config } = ctx;
  const r = Router();

  // --- E-mail verification -------------------------------------------------------------

  route(r, { method: 'post', path: '/api/accounts/verify-email/send', access: 'member' }, async ({ auth }, req) => {
    const user = auth!.user;
    if (user.emailVerifiedAt) return { alreadyVerified: true };
    await ctx.rateLimiter.hitAll([
      [Policies.verifyResendPerAccount, user.id],
      [Policies.linkRequestPerIp, clientIp(req)],
    ]);
    await sql.begin((tx) => queueLinkMail(tx, config.publicUrl, 'verify_email', user, { voidOlder: true }));
    return { alreadyVerified: false };
  });

  route(r, { method: 'post', path: '/api/accounts/verify-email/confirm', access: 'public', body: linkTokenBody }, async ({ body }, req) => {
    await ctx.rateLimiter.hit(Policies.linkUsePerIp, clientIp(req));
    const used = await consumeAccountToken(sql, 'verify_email', body.token);
    if (!used) throw invalidLink();
    // Only the address the link was sent to is confirmed (the member may have changed it since).
    const rows = await sql`update users set email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
      where id = ${used.userId} and lower(email) = lower(${used.email}) returning 1`;
    if (rows.length === 0) throw invalidLink();
    ctx.log.info({ userId: used.userId }, 'e-mail address confirmed');
    return { verified: true };
  });

  // --- Password reset ------------------------------------------------------------------

  route(r, { method: 'post', path: '/api/accounts/password-reset/request', access: 'public', body: emailRequestBody }, async ({ body }, req) => {
    await ctx.rateLimiter.hitAll([
      [Policies.linkRequestPerIp, clientIp(req)],
      [Policies.linkRequestPerEmail, `reset:${body.email}`],
    ]);
    await neutralTiming(
      (async () => {
        const user = await findUserByEmail(sql, body.email);
        if (!user) return;
        // One valid reset link at a time: the newest.
        await sql.begin((tx) => queueLinkMail(tx, config.publicUrl, 'reset_password', user, { voidOlder: true }));
      })(),
    );
    return neutral;
  });

  route(r, { method: 'post', path: '/api/accounts/password-reset/confirm', access: 'public', body: resetPasswordBody }, async ({ body, auth }, req, res) => {
    await ctx.rateLimiter.hit(Policies.linkUsePerIp, clientIp(req));
    // Checked before the link is used, so a refused password does not burn it.
    if (isCommonPassword(body.newPassword)) throw Errors.weakPassword('common');
    const passwordHash = await hashPassword(body.newPassword);
    const result = await sql.begin(async (tx) => {
      const used = await consumeAccountToken(tx, 'reset_password', body.token);
      if (!used) return undefined;
      const rows = await tx`update users set password_hash = ${passwordHash}, updated_at = now(),
          email_verified_at = coalesce(email_verified_at, now())
        where id = ${used.userId} and lower(email) = lower(${used.email}) returning id`;
      if (rows.length === 0) return undefined;
      await voidAccountTokens(tx, 'reset_password', used.userId);
      await voidAccountTokens(tx, 'login_link', used.userId);
      return used;
    });
    if (!result) throw invalidLink();
    // Whoever held a session of this account (perhaps the one who stole the password) is out.
    const keep = auth?.user.id === result.userId ? auth.session.id : null;
    const ended = await deleteOtherSessions(sql, result.userId, keep);
    ctx.sessionsEnded(ended);
    if (!keep) {
      await logIn(ctx, req, res, result.userId);
    }
    ctx.log.info({ userId: result.userId, endedSessions: ended.length }, 'password reset by e-mail link');
    const user = await findUserById(sql, result.userId);
    return { user: presentMe(user!), endedSessions: ended.length } satisfies { user: Me; endedSessions: number };
  });

  // --- Log-in by e-mail link -----------------------------------------------------------

  route(r, { method: 'post', path: '/api/accounts/login-link/request', access: 'public', body: emailRequestBody }, async ({ body }, req) => {
    await ctx.rateLimiter.hitAll([
      [Policies.linkRequestPerIp, clientIp(req)],
      [Policies.linkRequestPerEmail, `login:${body.email}`],
    ]);
    await neutralTiming(
      (async () => {
        const user = await findUserByEmail(sql, body.email);
        if (!user) return;
        await sql.begin((tx) => queueLinkMail(tx, config.publicUrl, 'login_link', user));
      })(),
    );
    return neutral;
  });

  route(r, { method: 'post', path: '/api/accounts/login-link/confirm', access: 'public', body: linkTokenBody }, async ({ body }, req, res) => {
    await ctx.rateLimiter.hit(Policies.linkUsePerIp, clientIp(req));
    const used = await consumeAccountToken(sql, 'login_link', body.token);
    if (!used) throw invalidLink();
    // The link proves the member reads this mailbox: the address is confirmed too.
    const rows = await sql`update users set email_verified_at = coalesce(email_verified_at, now())
      where id = ${used.userId} and lower(email) = lower(${used.email}) returning id`;
    if (rows.length === 0) throw invalidLink();
    await logIn(ctx, req, res, used.userId);
    ctx.log.info({ userId: used.userId }, 'logged in by e-mail link');
    return { user: presentMe((await findUserById(sql, used.userId))!) } satisfies { user: Me };
  });

  // --- Changing the e-mail address -----------------------------------------------------

  route(r, { method: 'post', path: '/api/accounts/email-change/request', access: 'member', body: emailChangeBody }, async ({ auth, body }, req) => {
    const user = auth!.user;
    await ctx.rateLimiter.hitAll([
      [Policies.emailChangePerAccount, user.id],
      [Policies.linkRequestPerIp, clientIp(req)],
    ]);
    const current = await findPasswordHash(sql, user.id);
    if (current && !(body.currentPassword && (await verifyPassword(current, body.currentPassword)))) throw Errors.invalidCredentials();
    if (body.newEmail === user.email.toLowerCase()) throw Errors.validation([{ path: 'newEmail', message: 'This is already your address.' }]);
    if (await findUserByEmail(sql, body.newEmail)) throw Errors.emailTaken();
    await sql.begin((tx) => queueLinkMail(tx, config.publicUrl, 'change_email', user, { to: body.newEmail, voidOlder: true }));
    return { pendingEmail: body.newEmail };
  });

  route(r, { method: 'post', path: '/api/accounts/email-change/confirm', access: 'public', body: linkTokenBody }, async ({ body }, req) => {
    await ctx.rateLimiter.hit(Policies.linkUsePerIp, clientIp(req));
    const outcome = await sql.begin(async (tx) => {
      const used = await consumeAccountToken(tx, 'change_email', body.token);
      if (!used) return undefined;
      const [before] = await tx<{ email: string; displayName: string; locale: 'fr' | 'en' }[]>`
        select email, display_name, locale from users where id = ${used.userId} for update`;
      if (!before) return undefined;
      const [taken] = await tx`select 1 from users where lower(email) = lower(${used.email}) and id <> ${used.userId}`;
      if (taken) throw Errors.emailTaken();
      await tx`update users set email = ${used.email}, email_verified_at = now(), updated_at = now() where id = ${used.userId}`;
      // Links sent to the old address stop working.
      for (const p of ['verify_email', 'reset_password', 'login_link'] as const) await voidAccountTokens(tx, p, used.userId);
      await enqueueMail(tx, {
        to: before.email,
        toUserId: used.userId,
        locale: before.locale,
        kind: 'accounts.email_changed',
        content: emailChangedNoticeMail(before.locale, before.displayName, used.email),
      });
      return used;
    });
    if (!outcome) throw invalidLink();
    ctx.log.info({ userId: outcome.userId }, 'e-mail address changed');
    return { email: outcome.email };
  });

  // --- Invitations ---------------------------------------------------------------------

  route(r, { method: 'get', path: '/api/accounts/network', access: 'public' }, async () => getNetworkSettings(sql));

  route(r, { method: 'get', path: '/api/accounts/invitations/preview/:token', access: 'public', params: tokenParams }, async ({ params }, req) => {
    await ctx.rateLimiter.hit(Policies.linkUsePerIp, clientIp(req));
    const inv = await findPendingInvitation(sql, params.token);
    if (!inv) throw invalidLink();
    return {
      email: inv.email,
      placeName: inv.placeName,
      inviterName: inv.inviterName,
      expiresAt: inv.expiresAt.toISOString(),
    } satisfies InvitationPreview;
  });

  route(r, { method: 'post', path: '/api/accounts/invitations', access: 'member', body: createInvitationBody }, async ({ auth, body }, _req, res) => {
    // Invitations send mail to others: only from a confirmed address.
    requireVerified(auth);
    const user = auth.user;
    const isAdmin = user.role === 'admin';
    if (!isAdmin) {
      if (!(await isAnimatorAnywhere(sql, user.id))) throw Errors.forbidden('Only administrators and animators of a place can invite.');
      if (!body.placeId) throw Errors.validation([{ path: 'placeId', message: 'Choose the place you animate to invite to.' }]);
      if (!(await isAnimatorOf(sql, user.id, body.placeId))) throw Errors.forbidden('You can only invite to places you animate.');
    }
    const place = body.placeId ? await placeName(sql, body.placeId) : null;
    if (body.placeId && place === undefined) throw Errors.notFound('This place');
    await ctx.rateLimiter.hit(Policies.invitePerAccount, user.id);
    const locale = body.locale ?? user.locale ?? defaultLocale;
    const created = await sql.begin(async (tx) => {
      const made = await createInvitation(tx, { email: body.email ?? null, placeId: body.placeId ?? null, invitedBy: user.id, locale });
      const link = linkUrl(config.publicUrl, 'invitation', made.token);
      if (body.email) {
        await enqueueMail(tx, {
          to: body.email,
          locale,
          kind: 'accounts.invitation',
          content: invitationMail(locale, user.displayName, place ?? null, link),
        });
      }
      return { invitation: presentInvitation(made.row), link };
    });
    // A printable invitation comes with its QR code; an e-mailed one is opened from the mail.
    const qrSvg = body.email ? null : await invitationQrSvg(created.link);
    ctx.log.info({ userId: user.id, invitationId: created.invitation.id, placeId: body.placeId }, 'invitation created');
    res.status(201);
    return { ...created, qrSvg } satisfies CreatedInvitation;
  });

  // The places a member may invite to or name animators of: every place for admins, the ones they animate otherwise.
  route(r, { method: 'get', path: '/api/accounts/places', access: 'member' }, async ({ auth }) => {
    const all = auth!.user.role === 'admin';
    const places = await sql<{ id: string; name: string }[]>`
      select p.id, p.name from places p
      where ${all} or exists (select 1 from place_members pm where pm.place_id = p.id and pm.user_id = ${auth!.user.id} and pm.role = 'animator')
      order by p.name limit 500`;
    return { places };
  });

  route(r, { method: 'get', path: '/api/accounts/invitations', access: 'member' }, async ({ auth }) => {
    const rows = await listInvitations(sql, auth!.user.role === 'admin' ? null : auth!.user.id);
    return { invitations: rows.map(presentInvitation) };
  });

  route(r, { method: 'delete', path: '/api/accounts/invitations/:id', access: 'member', params: idParams }, async ({ auth, params }) => {
    if (!(await revokeInvitation(sql, params.id, auth!.user.id, auth!.user.role === 'admin'))) throw Errors.notFound('This pending invitation');
  });

  return r;
}
