import type { Request } from 'express';
import { Limits } from '../../../shared/limits.ts';

/** The client's address as Express derives it (proxy headers only when TRUST_PROXY says so). */
export const clientIp = (req: Request): string => req.ip ?? 'unknown';

/** The User-Agent, cut to what a session keeps. */
export const userAgentOf = (req: Request): string => (req.get('user-agent') ?? '').slice(0, Limits.userAgentMax);
