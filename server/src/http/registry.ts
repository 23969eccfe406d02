import express, { type Request, type Response, type Router } from 'express';
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
  /** A raw body (an image upload) of these types up to `maxBytes`, handed over as a Buffer, instead of JSON. */
  raw?: RawBody;
}

export interface RawBody {
  types: readonly string[];
  maxBytes: number;
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
  raw?: RawBody;
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
  const bodySchema = spec.raw ? undefined : (spec.body ?? (spec.method === 'get' ? undefined : noBody));
  const querySchema = spec.query ?? noQuery;
  if (!routeRegistry.some((r) => r.method === spec.method && r.path === spec.path)) {
    routeRegistry.push({ method: spec.method, path: spec.path, access: spec.access, body: bodySchema, query: querySchema, params: spec.params, ...(spec.raw ? { raw: spec.raw } : {}) });
  }
  const rawParser = spec.raw ? [express.raw({ type: [...spec.raw.types], limit: spec.raw.maxBytes })] : [];
  router[spec.method](spec.path, ...rawParser, async (req: Request, res: Response) => {
    const auth = req.auth;
    if (spec.access !== 'public' && !auth) throw Errors.unauthenticated();
    if (spec.access === 'admin' && auth?.user.role !== 'admin') throw Errors.forbidden();
    const body = spec.raw ? rawBodyOf(req, spec.raw) : bodySchema ? parseOrThrow(bodySchema, req.body ?? {}) : undefined;
    const query = parseOrThrow(querySchema, { ...req.query });
    const params = spec.params ? parseOrThrow(spec.params, { ...req.params }) : req.params;
    const result = await handler({ body, query, params, auth } as RouteInput<z.output<B>, z.output<Q>, z.output<P>>, req, res);
    if (!res.headersSent) {
      if (result === undefined) res.status(204).end();
      else res.json(result);
    }
  });
}

/** The raw body of a request, refused unless it is a non-empty body of one of the declared types. */
function rawBodyOf(req: Request, raw: RawBody): Buffer {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw Errors.validation([{ path: '', message: `Send the body as one of: ${raw.types.join(', ')}.` }]);
  }
  return req.body;
}

/** The largest body accepted for this request: a raw route's own limit for its types, else the JSON limit. */
export function bodyLimitFor(method: string, path: string, contentType: string | undefined, defaultLimit: number): number {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const m = method.toLowerCase();
  const r = routeRegistry.find((x) => x.raw && x.method === m && x.path === path && x.raw.types.includes(type));
  return r?.raw?.maxBytes ?? defaultLimit;
}
