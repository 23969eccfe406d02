import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth.middleware.ts';
import { Errors } from '../errors.ts';
import { parseOrThrow } from './validate.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Who may call a route: anyone, a logged-in member, or an admin. */
export type Access = 'public' | 'member' | 'admin';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Full path as mounted, e.g. `/api/auth/login`, with `:params`. */
  path: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  auth: AuthContext | undefined;
}

/** What the app knows of each route, so tests can fuzz every one of them. */
export interface RegisteredRoute {
  method: Method;
  path: string;
  access: Access;
  body: z.ZodType | undefined;
  query: z.ZodType;
  params: z.ZodType | undefined;
}

export const routeRegistry: RegisteredRoute[] = [];

const noQuery = z.strictObject({});
const noBody = z.strictObject({});

/**
 * Declares a route: its input is parsed with the shared schemas before the handler runs,
 * its access is checked, and it is recorded in `routeRegistry`.
 */
export function route<B extends z.ZodType = typeof noBody, Q extends z.ZodType = typeof noQuery, P extends z.ZodType = z.ZodType<Record<string, string>>>(
  router: Router,
  spec: RouteSpec<B, Q, P>,
  handler: (input: RouteInput<z.output<B>, z.output<Q>, z.output<P>>, req: Request, res: Response) => Promise<unknown> | unknown,
): void {
  const bodySchema = spec.body ?? (spec.method === 'get' ? undefined : noBody);
  const querySchema = spec.query ?? noQuery;
  if (!routeRegistry.some((r) => r.method === spec.method && r.path === spec.path)) {
    routeRegistry.push({ method: spec.method, path: spec.path, access: spec.access, body: bodySchema, query: querySchema, params: spec.params });
  }
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const auth = req.auth;
    if (spec.access !== 'public' && !auth) throw Errors.unauthenticated();
    if (spec.access === 'admin' && auth?.user.role !== 'admin') throw Errors.forbidden();
    const body = bodySchema ? parseOrThrow(bodySchema, req.body ?? {}) : undefined;
    const query = parseOrThrow(querySchema, { ...req.query });
    const params = spec.params ? parseOrThrow(spec.params, { ...req.params }) : req.params;
    const result = await handler({ body, query, params, auth } as RouteInput<z.output<B>, z.output<Q>, z.output<P>>, req, res);
    if (!res.headersSent) {
      if (result === undefined) res.status(204).end();
      else res.json(result);
    }
  });
}
