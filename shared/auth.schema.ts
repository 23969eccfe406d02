import { z } from 'zod';
import { Limits } from './limits.ts';
import { localeSchema } from './locale.ts';

/** An e-mail address, trimmed and lower-cased so that one mailbox is one account. */
export const emailSchema = z
  .string()
  .trim()
  .max(Limits.emailMax)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

export const passwordSchema = z.string().min(Limits.passwordMin).max(Limits.passwordMax);

export const displayNameSchema = z.string().trim().min(Limits.displayNameMin).max(Limits.displayNameMax);

/** POST /api/auth/signup */
export const signUpBody = z
  .strictObject({
    email: emailSchema,
    displayName: displayNameSchema,
    /** Required unless `passwordless` is true. */
    password: passwordSchema.optional(),
    /** The member logs in by e-mail link only and has no password. */
    passwordless: z.literal(true).optional(),
    /** The token of an invitation link (see shared/accounts.schema.ts). */
    invitation: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
    /** Language of the interface at sign-up; stored on the account. */
    locale: localeSchema.optional(),
  })
  .refine((b) => (b.password === undefined) === (b.passwordless === true), {
    path: ['password'],
    message: 'Give a password, or choose passwordless (log-in by e-mail link), not both.',
  });
export type SignUpBody = z.infer<typeof signUpBody>;

/** POST /api/auth/login */
export const logInBody = z.strictObject({
  email: emailSchema,
  // No length floor here: a wrong password must get the generic answer, not a hint.
  password: z.string().min(1).max(Limits.passwordMax),
});
export type LogInBody = z.infer<typeof logInBody>;

/** POST /api/auth/password */
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(Limits.passwordMax),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** PATCH /api/auth/me */
export const updateMeBody = z.strictObject({
  locale: localeSchema.optional(),
  displayName: displayNameSchema.optional(),
});
export type UpdateMeBody = z.infer<typeof updateMeBody>;

/** Route parameter naming one session, by its public id. */
export const sessionIdParams = z.strictObject({ id: z.string().regex(/^[a-z0-9]{24}$/) });

/** POST /api/setup/claim */
export const setupClaimBody = z.strictObject({ token: z.string().min(16).max(128) });

export const networkRoles = ['member', 'admin', 'official'] as const;
export const networkRoleSchema = z.enum(networkRoles);
export type NetworkRole = z.infer<typeof networkRoleSchema>;

/** A member as the member themself sees it. */
export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: NetworkRole;
  locale: z.infer<typeof localeSchema>;
  emailVerified: boolean;
  createdAt: string;
}

/** One active session of the member, as listed on their account page. */
export interface SessionView {
  /** Public id, not the token nor its hash. */
  id: string;
  device: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}
