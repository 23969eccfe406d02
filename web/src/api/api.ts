import type { ApiErrorBody, ErrorCode } from '../../../shared/errors.ts';

/** An API error as the page handles it; `network` when the server could not be reached at all. */
export interface ApiError {
  code: ErrorCode | 'network';
  message: string;
  details?: ApiErrorBody['error']['details'];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

/** When a response is not in the API's error shape (a proxy's page, say), its status decides. */
function errorFromStatus(status: number): ApiError {
  const code: ErrorCode =
    status === 401 ? 'unauthenticated'
    : status === 403 ? 'forbidden'
    : status === 404 ? 'not_found'
    : status === 413 ? 'payload_too_large'
    : status === 429 ? 'rate_limited'
    : status === 502 || status === 503 || status === 504 ? 'database_unavailable'
    : status >= 500 ? 'internal'
    : 'bad_request';
  return { code, message: `HTTP ${status}` };
}

/**
 * Calls the API with JSON in and out and the session cookie. Never throws for an HTTP
 * error or a network failure: the result says what happened.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    return { ok: false, error: { code: 'network', message: err instanceof Error ? err.message : String(err) } };
  }
  let payload: unknown;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (res.ok) return { ok: true, data: payload as T };
  if (isErrorBody(payload)) {
    const { code, message, details } = payload.error;
    return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
  }
  return { ok: false, error: errorFromStatus(res.status) };
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = undefined>(path: string) => api<T>('DELETE', path);
