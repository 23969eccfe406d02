/** A fetch client with a cookie jar and our Origin, as a browser on the site would send. */
export class TestClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly origin: string = new URL(baseUrl).origin,
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36',
  ) {}

  /** The Cookie header this client sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; rawBody?: string; origin?: string | null } = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...opts.headers };
    const origin = opts.origin === undefined ? this.origin : opts.origin;
    if (origin) headers.origin = origin;
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let payload: string | undefined = opts.rawBody;
    if (body !== undefined && payload === undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  patch(path: string, body?: unknown) {
    return this.request('PATCH', path, body ?? {});
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
}

let counter = 0;
/** A unique e-mail address for a test member. */
export function uniqueEmail(prefix = 'member'): string {
  return `${prefix}.${Date.now().toString(36)}.${++counter}.${Math.random().toString(36).slice(2, 6)}@example.org`;
}

export const goodPassword = 'Causse-Méjean 1987 brebis';

/** Signs a new member up through the API; returns their client (logged in) and id. */
export async function signUp(baseUrl: string, displayName = 'Test Member'): Promise<{ client: TestClient; id: string; email: string }> {
  const client = new TestClient(baseUrl);
  const email = uniqueEmail();
  const res = await client.post('/api/auth/signup', { email, displayName, password: goodPassword });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, id: res.body.user.id, email };
}
