import type { Request, Response } from 'express';
import { parse } from 'cookie';
import type { Config } from '../config.ts';
import { SESSION_ABSOLUTE_MS } from './sessions.ts';

/** Over https the cookie takes the `__Host-` prefix: host-only, Secure, Path=/. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-maillage_session' : 'maillage_session';
}

export function readSessionCookie(config: Config, cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader)[sessionCookieName(config)];
}

export function readSessionToken(config: Config, req: Request): string | undefined {
  return readSessionCookie(config, req.headers.cookie);
}

export function setSessionCookie(config: Config, res: Response, token: string, expiresAt: Date): void {
  res.cookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: new Date(Math.min(expiresAt.getTime(), Date.now() + SESSION_ABSOLUTE_MS)),
  });
}

export function clearSessionCookie(config: Config, res: Response): void {
  res.clearCookie(sessionCookieName(config), { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' });
}
