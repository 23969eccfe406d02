import { z } from 'zod';
import { emailSchema, networkRoleSchema, passwordSchema, type NetworkRole } from './auth.schema.ts';
import { Limits } from './limits.ts';
import { localeSchema, type Locale } from './locale.ts';

/** Lifetimes of the links the accounts capability sends, in minutes. */
export const LinkTtlMinutes = {
  verifyEmail: 48 * 60,
  resetPassword: 60,
  loginLink: 15,
  changeEmail: 24 * 60,
  invitation: 14 * 24 * 60,
} as const;

/**
 * A token in a link: 32 random bytes in base64url (43 characters, 256 bits). The schema only
 * checks the shape; the server decides whether it is known, unused and unexpired.
 */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a link token.');

/** POST /api/accounts/verify-email/confirm, /login-link/confirm, /email-change/confirm */
export const linkTokenBody = z.strictObject({ token: linkTokenSchema });
export type LinkTokenBody = z.infer<typeof linkTokenBody>;

/** POST /api/accounts/password-reset/request, /login-link/request */
export const emailRequestBody = z.strictObject({
  email: emailSchema,
  /** Language of the page the request came from, for the mail when the address has no account. */
  locale: localeSchema.optional(),
});
export type EmailRequestBody = z.infer<typeof emailRequestBody>;

/** POST /api/accounts/password-reset/confirm */
export const resetPasswordBody = z.strictObject({ token: linkTokenSchema, newPassword: passwordSchema });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;

/** POST /api/accounts/email-change/request */
export const emailChangeBody = z.strictObject({
  newEmail: emailSchema,
  /** Required when the account has a password. */
  currentPassword: z.string().min(1).max(Limits.passwordMax).optional(),
});
export type EmailChangeBody = z.infer<typeof emailChangeBody>;

/** POST /api/accounts/invitations */
export const createInvitationBody = z.strictObject({
  /** Omit for a printable link handed to someone without an e-mail at hand. */
  email: emailSchema.optional(),
  /** The place the invited person joins; required for animators, optional for admins. */
  placeId: z.uuid().optional(),
  /** Language of the invitation mail. */
  locale: localeSchema.optional(),
});
export type CreateInvitationBody = z.infer<typeof createInvitationBody>;

export const idParams = z.strictObject({ id: z.uuid() });
export const tokenParams = z.strictObject({ token: linkTokenSchema });
export const placeUserParams = z.strictObject({ placeId: z.uuid(), userId: z.uuid() });
export const placeParams = z.strictObject({ placeId: z.uuid() });

/** PUT /api/admin/members/:id/role */
export const setRoleBody = z.strictObject({ role: networkRoleSchema });

/** POST /api/admin/places/:placeId/animators */
export const addAnimatorBody = z.strictObject({ userId: z.uuid() });

/** GET /api/admin/members */
export const membersQuery = z.strictObject({
  q: z.string().trim().max(Limits.emailMax).optional(),
  role: networkRoleSchema.optional(),
});

/** PUT /api/admin/network-settings */
export const networkSettingsBody = z.strictObject({ invitationOnly: z.boolean() });

export const mailStatuses = ['queued', 'sending', 'sent', 'failed'] as const;
/** GET /api/admin/mail/outbox */
export const outboxQuery = z.strictObject({
  status: z.enum(mailStatuses).optional(),
  to: z.string().trim().max(Limits.emailMax).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The neutral answer to a link request: the same whether or not the address has an account. */
export interface LinkRequestAnswer {
  ok: true;
}

export interface InvitationView {
  id: string;
  email: string | null;
  placeId: string | null;
  placeName: string | null;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'used' | 'revoked' | 'expired';
}

/** What was created: the view, and the link (shown once, to print or copy). */
export interface CreatedInvitation {
  invitation: InvitationView;
  link: string;
  /**
   * The link as a QR code (an SVG document made by the server) for a printable invitation,
   * one made without an address; null when the link went by mail.
   */
  qrSvg: string | null;
}

/** What the sign-up page learns of an invitation from its link. */
export interface InvitationPreview {
  email: string | null;
  placeName: string | null;
  inviterName: string | null;
  expiresAt: string;
}

export interface NetworkSettings {
  invitationOnly: boolean;
}

export interface MemberAdminView {
  id: string;
  email: string;
  displayName: string;
  role: NetworkRole;
  emailVerified: boolean;
  createdAt: string;
  /** Places this member animates. */
  animates: { placeId: string; placeName: string | null }[];
}

export interface OutboxMailView {
  id: string;
  to: string;
  kind: string;
  locale: Locale;
  subject: string;
  text: string;
  status: (typeof mailStatuses)[number];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
