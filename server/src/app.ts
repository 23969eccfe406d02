import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Limits } from '../../shared/limits.ts';
import { setupRoutes } from './admin/setup.routes.ts';
import { attachAuth } from './auth/auth.middleware.ts';
import { authRoutes } from './auth/auth.routes.ts';
import type { AppContext } from './context.ts';
import { Errors } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { errorHandler } from './http/errors.middleware.ts';
import { requireAllowedOrigin } from './http/origin.ts';
import { bodyLimitFor } from './http/registry.ts';
import { securityHeaders } from './http/security.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** A capability's HTTP side: its router, and paths that verify a signature instead of the Origin. */
export interface HttpCapability {
  router: express.Router;
  signatureVerifiedPaths?: string[];
}

function requestLog(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      ctx.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms), userId: req.auth?.user.id }, 'request');
    });
    next();
  };
}

function refuseOversize(req: Request, _res: Response, next: NextFunction) {
  const length = Number(req.headers['content-length'] ?? 0);
  // Raw routes (an avatar upload) declare their own larger limit for their content types.
  const limit = bodyLimitFor(req.method, req.baseUrl + req.path, req.headers['content-type'], Limits.bodyBytes);
  if (length > limit) return next(Errors.tooLarge(limit));
  next();
}

export function createApp(ctx: AppContext, capabilities: HttpCapability[] = []): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(securityHeaders(ctx.config));
  app.use(healthRoutes(ctx));

  const exempt = new Set(capabilities.flatMap((c) => c.signatureVerifiedPaths ?? []));
  app.use('/api', requestLog(ctx), refuseOversize, requireAllowedOrigin(ctx.config.allowedOrigins, exempt));
  app.use('/api', express.json({ limit: Limits.bodyBytes }));
  app.use('/api', attachAuth(ctx));
  app.use(authRoutes(ctx));
  app.use(setupRoutes(ctx));
  for (const c of capabilities) app.use(c.router);
  app.use('/api', (_req, _res, next) => next(Errors.notFound('This API route')));

  if (ctx.config.serveWeb && existsSync(webDist)) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other page is the app shell.
    app.use((req, res, next) => {
      if (req.method !== 'GET' || req.path.startsWith('/socket.io/')) return next();
      res.set('Cache-Control', 'no-cache').sendFile(path.join(webDist, 'index.html'));
    });
  }
  app.use(errorHandler(ctx.log));
  return app;
}
