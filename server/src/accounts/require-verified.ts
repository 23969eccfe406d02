import type { AuthContext } from '../auth/auth.middleware.ts';
import { AppError, Errors } from '../errors.ts';

/**
 * For actions that create something others see (rooms, meetings, events, guest links): the
 * member must have confirmed their e-mail address. Throws `unauthenticated` without a
 * session and `email_unverified` (403) before confirmation.
 */
export function requireVerified(auth: AuthContext | undefined): asserts auth is AuthContext {
  if (!auth) throw Errors.unauthenticated();
  if (!auth.user.emailVerifiedAt) {
    throw new AppError('email_unverified', 'Confirm your e-mail address first: use the link we sent you, or ask for a new one.');
  }
}
