import { ErrorCodes, type ApiErrorBody, type ErrorCode, type FieldIssue } from '../../shared/errors.ts';

/** An error the API reports to its client as `{ error: { code, message, details } }`. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ApiErrorBody['error']['details'],
  ) {
    super(message);
    this.status = ErrorCodes[code];
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** Named factories, so that call sites read as what happened. */
export const Errors = {
  validation: (issues: FieldIssue[]) => new AppError('validation_failed', 'Some fields are missing or invalid.', { issues }),
  invalidJson: () => new AppError('invalid_json', 'The request body is not valid JSON.'),
  tooLarge: (limit: number) => new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`, { limitBytes: limit }),
  unauthenticated: () => new AppError('unauthenticated', 'You need to be logged in.'),
  invalidCredentials: () => new AppError('invalid_credentials', 'Wrong e-mail or password.'),
  forbidden: (message = 'You are not allowed to do this.') => new AppError('forbidden', message),
  originNotAllowed: () => new AppError('origin_not_allowed', 'This request must come from the Maillage site itself.'),
  notFound: (what = 'This resource') => new AppError('not_found', `${what} was not found.`),
  emailTaken: () => new AppError('email_taken', 'An account already uses this e-mail address.'),
  weakPassword: (reason: 'common') =>
    new AppError('weak_password', 'This password is among the most common ones; choose another.', { reason }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', `Too many attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  databaseUnavailable: () => new AppError('database_unavailable', 'The database cannot be reached right now; try again shortly.'),
  internal: () => new AppError('internal', 'Something went wrong on the server.'),
};
