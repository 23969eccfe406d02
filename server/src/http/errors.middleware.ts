import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.ts';
import { AppError, Errors } from '../errors.ts';
import { isConnectionError } from '../db/sql.ts';
import { Limits } from '../../../shared/limits.ts';

/** Turns anything thrown into the one error shape; never lets an error end the process. */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let appErr: AppError;
    const type = (err as { type?: string } | null)?.type;
    if (err instanceof AppError) appErr = err;
    else if (type === 'entity.parse.failed') appErr = Errors.invalidJson();
    else if (type === 'entity.too.large') appErr = Errors.tooLarge(Limits.bodyBytes);
    else if (isConnectionError(err)) appErr = Errors.databaseUnavailable();
    else if (typeof (err as { status?: number })?.status === 'number' && (err as { status: number }).status < 500) {
      appErr = new AppError('bad_request', 'The request could not be read.');
    } else {
      log.error({ err, method: req.method, path: req.path }, 'request failed');
      appErr = Errors.internal();
    }
    if (appErr.code === 'database_unavailable') log.warn({ path: req.path }, 'database unavailable');
    if (appErr.code === 'rate_limited') res.set('Retry-After', String(appErr.details?.retryAfterSeconds ?? 1));
    if (res.headersSent) return;
    res.status(appErr.status).json(appErr.toBody());
  };
}
