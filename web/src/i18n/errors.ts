import type { ErrorCode } from '../../../shared/errors.ts';
import type { ApiError } from '../api/api.ts';
import { t, type MessageKey } from './i18n.ts';

type ClientErrorCode = ErrorCode | 'network';

// Fails to compile when an API error code has no translated message: add it to fr.ts and en.ts.
const messageKeys = {
  bad_request: 'error.bad_request',
  invalid_json: 'error.invalid_json',
  validation_failed: 'error.validation_failed',
  weak_password: 'error.weak_password',
  unauthenticated: 'error.unauthenticated',
  invalid_credentials: 'error.invalid_credentials',
  forbidden: 'error.forbidden',
  origin_not_allowed: 'error.origin_not_allowed',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  email_taken: 'error.email_taken',
  email_unverified: 'error.email_unverified',
  invitation_required: 'error.invitation_required',
  link_invalid: 'error.link_invalid',
  last_admin: 'error.last_admin',
  payload_too_large: 'error.payload_too_large',
  rate_limited: 'error.rate_limited',
  internal: 'error.internal',
  database_unavailable: 'error.database_unavailable',
  video_unavailable: 'error.video_unavailable',
  network: 'error.network',
} as const satisfies Record<ClientErrorCode, MessageKey>;

/** The message a person reads for an API error, in the current language; never the server's English text. */
export function errorMessage(error: ApiError): string {
  const key: MessageKey = messageKeys[error.code as ClientErrorCode] ?? 'error.internal';
  if (error.code === 'rate_limited') {
    const seconds = Number(error.details?.retryAfterSeconds);
    return t(key, { n: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1 });
  }
  return t(key);
}
