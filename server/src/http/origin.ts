import type { NextFunction, Request, Response } from 'express';
import { Errors } from '../errors.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests whose Origin is not one of ours. Endpoints that verify
 * a signature instead (LiveKit's webhooks) are listed in `exempt`.
 */
export function requireAllowedOrigin(allowedOrigins: string[], exempt: Set<string>) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, _res: Response, next: NextFunction) => {
    // Mounted under /api, req.path lacks the mount point; the exempt paths are full paths.
    if (safeMethods.has(req.method) || exempt.has(req.baseUrl + req.path)) return next();
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next(Errors.originNotAllowed());
    next();
  };
}
