import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './cookies.ts';
import { validateSessionToken, type SessionRow, type SessionUser } from './sessions.ts';

export interface AuthContext {
  user: SessionUser;
  session: SessionRow;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

/** Reads the session cookie of every API request; renews it when its expiry slid. */
export function attachAuth(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = readSessionToken(ctx.config, req);
    if (!token) return next();
    const valid = await validateSessionToken(ctx.sql, token);
    if (!valid) {
      clearSessionCookie(ctx.config, res);
      return next();
    }
    req.auth = { user: valid.user, session: valid.session };
    if (valid.renewed) setSessionCookie(ctx.config, res, token, valid.session.expiresAt);
    next();
  };
}
