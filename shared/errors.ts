/**
 * The catalogue of API error codes. Each code has one meaning and one HTTP status;
 * clients and tests branch on the code, never on the wording of the message.
 */
export const ErrorCodes = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  weak_password: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  /** Accounts: the member must confirm their e-mail address first. */
  email_unverified: 403,
  /** Accounts: the network is on invitation only and no valid invitation came with the sign-up. */
  invitation_required: 403,
  /** Accounts: a link (verification, reset, log-in, invitation, e-mail change) is unknown, used, revoked or expired. */
  link_invalid: 410,
  /** Accounts: the last admin cannot give up the role. */
  last_admin: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  database_unavailable: 503,
  video_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** One problem with one field of a request, as reported in `details.issues`. */
export interface FieldIssue {
  /** Dotted path of the field, empty for the whole body. */
  path: string;
  message: string;
}

/** The body of every API error response. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: { issues?: FieldIssue[]; retryAfterSeconds?: number } & Record<string, unknown>;
  };
}

/** Socket acknowledgements carry either `{ ok: true, data }` or `{ ok: false, error }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody['error'] };
