import type { Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { userAgentOf } from '../http/request.ts';
import { setSessionCookie } from './cookies.ts';
import { createSession } from './sessions.ts';

/**
 * Opens a new session for `userId` and sets its cookie. A new token at every log-in (password,
 * e-mail link, reset, sign-up): a session fixed before log-in is never reused.
 */
export async function logIn(ctx: AppContext, req: Request, res: Response, userId: string): Promise<void> {
  const { token, session } = await createSession(ctx.sql, userId, userAgentOf(req));
  setSessionCookie(ctx.config, res, token, session.expiresAt);
}
