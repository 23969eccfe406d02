import type { SignUpBody } from '../../../shared/auth.schema.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { claimInvitation, markInvitationUsedBy, releaseInvitation, type InvitationRow } from './invitations.ts';
import { queueLinkMail } from './link-mail.ts';
import { getNetworkSettings } from './network-settings.ts';
import { addPlaceMember } from './places.queries.ts';

export interface PreparedSignUp {
  /** The sign-up did not happen (address taken): the invitation serves again. */
  release(): Promise<void>;
  /** The account exists: attach it to the invitation's place, and confirm or ask to confirm its address. */
  complete(user: SessionUser): Promise<SessionUser>;
}

/**
 * Runs before an account is created (called from the sign-up route): refuses a plain sign-up
 * when the network is on invitation only, and takes the invitation when one comes with it.
 */
export async function prepareSignUp(ctx: AppContext, body: SignUpBody): Promise<PreparedSignUp> {
  const { sql } = ctx;
  let invitation: InvitationRow | undefined;
  if (body.invitation) {
    invitation = await claimInvitation(sql, body.invitation, body.email);
    if (!invitation) throw new AppError('link_invalid', 'This invitation is unknown, already used, revoked, expired or made out to another address.');
  } else if ((await getNetworkSettings(sql)).invitationOnly) {
    throw new AppError('invitation_required', 'This network is open on invitation only: ask an animator or an administrator for an invitation.');
  }
  return {
    async release() {
      if (invitation) await releaseInvitation(sql, invitation.id);
    },
    async complete(user) {
      // The invitation mail reached this very address: it is confirmed already.
      const confirmedByInvitation = Boolean(invitation?.email && invitation.email.toLowerCase() === user.email.toLowerCase());
      await sql.begin(async (tx) => {
        if (invitation) {
          await markInvitationUsedBy(tx, invitation.id, user.id);
          if (invitation.placeId) await addPlaceMember(tx, invitation.placeId, user.id);
        }
        if (confirmedByInvitation) {
          await tx`update users set email_verified_at = now() where id = ${user.id}`;
        } else {
          await queueLinkMail(tx, ctx.config.publicUrl, 'verify_email', user);
        }
      });
      ctx.log.info({ userId: user.id, invitationId: invitation?.id, placeId: invitation?.placeId }, 'sign-up completed');
      return confirmedByInvitation ? { ...user, emailVerifiedAt: new Date() } : user;
    },
  };
}
